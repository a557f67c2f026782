// Hostile inputs for the fuzz property test and `pnpm fuzz`: random catalogue programs with extreme
// arguments, nested repeats and blocks, token soups, and mutations of every example and test case.
// `runInput` puts one text through parse, check, summary and format and lists what went wrong.

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  builtinCatalogue,
  checkFile,
  formatText,
  renderDiagnostics,
  renderSummaryText,
  summarize,
  type CompilerHost,
} from '@nnet/compiler';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function nnetFilesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return nnetFilesUnder(full);
    return entry.name.endsWith('.nnet') ? [full] : [];
  });
}

/** Every example, test case and hostile regression file: the seeds of the mutations. */
export const corpus: string[] = [
  ...nnetFilesUnder(path.join(repoRoot, 'examples')),
  ...nnetFilesUnder(path.join(repoRoot, 'tests/cases')),
  ...nnetFilesUnder(path.join(repoRoot, 'tests/hostile/corpus')),
].map((file) => fs.readFileSync(file, 'utf8'));

const catalogue = builtinCatalogue();
const layerNames = [...catalogue.layers.keys()];
const activationNames = [...catalogue.activations.keys()];

/** Numbers that break careless arithmetic. */
const extremeNumber = fc.constantFrom(
  '0',
  '1',
  '-1',
  '2',
  '3',
  '0.5',
  '-0.5',
  '1e308',
  '1e-308',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '1e400',
  '100000',
  '65536',
);

const argument = fc.oneof(
  extremeNumber,
  fc.constantFrom(...activationNames),
  fc.constantFrom('"same"', '"valid"', 'true', 'false', '[2, 2]', '[]', '[0, -1]', 'x', 'in'),
  fc
    .tuple(fc.constantFrom('units', 'rate', 'axis', 'size', 'filters', 'kernel'), extremeNumber)
    .map(([name, value]) => `${name} = ${value}`),
);

const step = fc
  .tuple(
    fc.constantFrom(...layerNames, ...activationNames),
    fc.array(argument, { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([name, args, bare]) => (args.length === 0 && bare ? name : `${name}(${args.join(', ')})`));

const flow = fc
  .tuple(
    fc.option(fc.constantFrom('h', 'y', 'x'), { nil: undefined }),
    fc.array(step, { minLength: 1, maxLength: 3 }),
  )
  .map(([target, steps]) => `${target ? `${target} = ` : ''}${steps.join(' -> ')}`);

const statement: fc.Arbitrary<string> = fc.letrec<{ statement: string }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    flow,
    fc
      .tuple(
        fc.oneof(extremeNumber, fc.constantFrom('n', '10000')),
        fc.array(tie('statement'), { maxLength: 3 }),
      )
      .map(([count, body]) => `repeat ${count} {\n${body.join('\n')}\n}`),
    fc.constantFrom('B', 'B(3)', 'C -> C', 'output h'),
  ),
})).statement;

const inputShape = fc
  .array(extremeNumber, { minLength: 0, maxLength: 3 })
  .map((dims) => `[${dims.join(', ')}]`);

/** A whole program: constants, two blocks (which may call each other), a model, maybe a run. */
export const generatedProgram: fc.Arbitrary<string> = fc
  .tuple(
    extremeNumber,
    fc.array(statement, { maxLength: 3 }),
    fc.array(statement, { maxLength: 3 }),
    inputShape,
    fc.array(statement, { minLength: 1, maxLength: 6 }),
    fc.boolean(),
  )
  .map(
    ([n, blockB, blockC, shape, body, withRun]) =>
      `const n = ${n}\n` +
      `block B(k = 2) {\n${blockB.join('\n')}\n}\n` +
      `block C {\n${blockC.join('\n')}\n}\n` +
      `model M {\n  input x: ${shape}\n${body.join('\n')}\n}\n` +
      (withRun
        ? 'train M {\n  data = xor()\n  loss = cross_entropy\n  optimizer = adam(1e308)\n  epochs = n\n}\n'
        : ''),
  );

const tokens = [
  'model',
  'block',
  'train',
  'import',
  'const',
  'input',
  'output',
  'repeat',
  'with',
  'in',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '->',
  '=',
  ',',
  ':',
  '\n',
  '"',
  '///',
  '//',
  '/*',
  '*/',
  'M',
  'x',
  'dense',
  'conv2d',
  'relu',
  '1e308',
  '-1',
  '0',
  '2147483648',
  '"a.nnet"',
  '§',
  '\u0000',
];

/** Sequences of the language's tokens in random order. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...tokens), { maxLength: 80 })
  .map((parts) => parts.join(' '));

/** A corpus file with a slice replaced by random text or a duplicated slice of itself. */
export const mutatedCorpusFile: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.nat(),
    fc.nat(),
    fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...tokens), extremeNumber),
    fc.boolean(),
  )
  .map(([text, a, b, insert, duplicate]) => {
    const start = a % (text.length + 1);
    const end = Math.min(text.length, start + (b % 60));
    return duplicate
      ? text.slice(0, end) + text.slice(start, end) + text.slice(end)
      : text.slice(0, start) + insert + text.slice(end);
  });

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  generatedProgram,
  tokenSoup,
  mutatedCorpusFile,
);

/** Text a person reads must never show these: each is a bug in a message or a summary. */
export const FORBIDDEN = /\bundefined\b|\bNaN\b|\bInfinity\b|\[object Object\]/;

/** Runs one input through every stage; returns the problems found (empty when all is well). */
export function runInput(text: string): string[] {
  const problems: string[] = [];
  const host: CompilerHost = { readFile: (f) => (f.endsWith('main.nnet') ? text : undefined) };
  try {
    const result = checkFile('/fuzz/main.nnet', { host });
    for (const d of result.diagnostics) {
      if (d.code === 'NN9001') problems.push(`internal error: ${d.message}`);
      const words = `${d.message} ${d.help ?? ''}`;
      if (FORBIDDEN.test(words)) problems.push(`${d.code} message: ${words}`);
    }
    const rendered = renderDiagnostics(result.diagnostics, result.sources);
    if (rendered.length > 2_000_000)
      problems.push(`rendered diagnostics of ${rendered.length} chars`);
    for (const model of result.checked?.models ?? []) {
      const summary = renderSummaryText(summarize(model, catalogue, 'keras', result.checked!.runs));
      if (FORBIDDEN.test(summary))
        problems.push(`summary: ${summary.match(FORBIDDEN)![0]} in\n${summary}`);
    }
    const formatted = formatText('/fuzz/main.nnet', text);
    for (const d of formatted.diagnostics)
      if (d.code === 'NN9001') problems.push(`format internal error: ${d.message}`);
  } catch (error) {
    problems.push(`exception: ${error instanceof Error ? error.stack : String(error)}`);
  }
  return problems;
}
