// Generates the reference docs from the catalogues: docs/diagnostics.md from the message catalogue
// and docs/vocabulary.md from the vocabulary. A test keeps the committed files equal to this output,
// so the docs can never drift from what the compiler knows.

import type { ArgSpec, Catalogue } from '../catalogue/types.js';
import { describeArgType as describeType } from '../catalogue/index.js';
import { Messages } from '../diagnostics/messages.js';

const groups: [string, string][] = [
  ['NN1', 'Syntax'],
  ['NN2', 'Names'],
  ['NN3', 'Arguments and shapes'],
  ['NN4', 'Training and data'],
  ['NN5', 'Limits'],
  ['NN9', 'Internal'],
];

export function diagnosticsMarkdown(): string {
  const out = [
    '# Diagnostics',
    '',
    '<!-- Generated from packages/compiler/src/diagnostics/messages.ts by `pnpm docs`; do not edit. -->',
    '',
    'Every diagnostic has a code, a severity, a source range, one sentence saying what was expected',
    'and what was found, and a `help:` line when the fix is known. `tests/cases/errors/` holds a',
    'small file provoking each one, with its expected output.',
  ];
  const all = Object.values(Messages);
  for (const [prefix, title] of groups) {
    out.push('', `## ${title} (${prefix}xxx)`, '', '| code | severity | title |', '|---|---|---|');
    for (const m of all.filter((m) => m.code.startsWith(prefix)))
      out.push(`| ${m.code} | ${m.severity} | ${m.title} |`);
  }
  return out.join('\n') + '\n';
}

function argsTable(args: readonly ArgSpec[]): string[] {
  if (args.length === 0) return ['No arguments.'];
  const rows = ['| argument | type | default | meaning |', '|---|---|---|---|'];
  for (const a of args) {
    const def =
      a.default !== undefined
        ? `\`${JSON.stringify(a.default)}\``
        : a.required
          ? '*required*'
          : '—';
    rows.push(
      `| \`${a.name}\` | ${describeType(a.type)} | ${def} | ${a.doc.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
    );
  }
  return rows;
}

export function vocabularyMarkdown(catalogue: Catalogue): string {
  const out = [
    '# Vocabulary',
    '',
    '<!-- Generated from packages/compiler/src/catalogue/ by `pnpm docs`; do not edit. -->',
    '',
    'Every layer, activation, loss, optimizer, metric, data source, train setting and initializer the',
    'language knows, with its arguments. The editor shows the same text on hover.',
    '',
    '## Layers',
  ];
  for (const layer of catalogue.layers.values()) {
    out.push(
      '',
      `### \`${layer.name}\` — ${layer.summary}`,
      '',
      layer.doc.trim(),
      '',
      ...argsTable(layer.args),
    );
  }
  out.push('', '## Activations');
  for (const a of catalogue.activations.values()) {
    const aliases = a.aliases?.length ? ` (also \`${a.aliases.join('`, `')}\`)` : '';
    out.push(
      '',
      `### \`${a.name}\`${aliases} — ${a.summary}`,
      '',
      `\`${a.formula}\``,
      '',
      a.doc.trim(),
      '',
      ...argsTable(a.args),
    );
  }
  out.push('', '## Losses');
  for (const l of catalogue.losses.values())
    out.push(
      '',
      `### \`${l.name}\` — ${l.summary}`,
      '',
      `\`${l.formula}\``,
      '',
      l.doc.trim(),
      '',
      ...argsTable(l.args),
    );
  out.push('', '## Optimizers');
  for (const o of catalogue.optimizers.values())
    out.push(
      '',
      `### \`${o.name}\` — ${o.summary}`,
      '',
      `\`${o.formula}\``,
      '',
      o.doc.trim(),
      '',
      ...argsTable(o.args),
    );
  out.push('', '## Metrics');
  for (const m of catalogue.metrics.values())
    out.push('', `### \`${m.name}\` — ${m.summary}`, '', m.doc.trim(), '', ...argsTable(m.args));
  out.push('', '## Data sources');
  for (const d of catalogue.dataSources.values())
    out.push('', `### \`${d.name}\` — ${d.summary}`, '', d.doc.trim(), '', ...argsTable(d.args));
  out.push('', '## Train settings', '', '| setting | meaning | example |', '|---|---|---|');
  for (const s of catalogue.trainSettings.values()) {
    out.push(
      `| \`${s.name}\`${s.required ? ' (required)' : ''} | ${s.doc.replace(/\|/g, '\\|').replace(/\n/g, ' ')} | \`${s.example}\` |`,
    );
  }
  out.push(
    '',
    '## Initializers',
    '',
    '`with { init = he_normal }`, or with arguments: `init = normal(stddev = 0.01)`.',
    '',
    '| name | arguments | distribution |',
    '|---|---|---|',
  );
  for (const i of catalogue.initializers.values()) {
    const args = (i.args ?? [])
      .map((a) => `\`${a.name}\`${a.default !== undefined ? ` = ${a.default}` : ''}`)
      .join(', ');
    out.push(`| \`${i.name}\` | ${args || '—'} | ${i.summary} |`);
  }
  out.push(...synonymsMarkdown(catalogue));
  return out.join('\n') + '\n';
}

/** The Keras and PyTorch spellings the checker recognizes (each an error NN2030 with a fix). */
function synonymsMarkdown(catalogue: Catalogue): string[] {
  const out = [
    '',
    '## Keras and PyTorch names',
    '',
    'nnet has one name for each thing. These spellings from Keras and PyTorch are errors (`NN2030`)',
    'whose quick fix writes the nnet name; `padding = 1` on a 3×3 kernel suggests `"same"`,',
    "`nn.ReLU` suggests removing `nn.` (`NN1008`) and `'relu'` double quotes (`NN1009`).",
    '',
    `PyTorch constructors that take the input size first lose it in the fix, since nnet infers it from`,
    `the value before (\`Linear(784, 10)\` → \`dense(10)\`): ${[...catalogue.synonyms.inputSizes.keys()].map((name) => `\`${name}\``).join(', ')},`,
    `and the arguments ${[...catalogue.synonyms.inputSizeArguments].map((name) => `\`${name}\``).join(', ')}.`,
    'A train setting named like an optimizer argument (`lr`, `learning_rate`, `momentum`) is `NN2014`',
    'with a help line that moves it into the optimizer: `optimizer = sgd(lr = …)`.',
    '',
    '| kind | written | nnet |',
    '|---|---|---|',
  ];
  const kinds = [
    ['layer', catalogue.synonyms.layers],
    ['activation', catalogue.synonyms.activations],
    ['loss', catalogue.synonyms.losses],
    ['optimizer', catalogue.synonyms.optimizers],
    ['metric', catalogue.synonyms.metrics],
    ['data source', catalogue.synonyms.dataSources],
    ['train setting', catalogue.synonyms.trainSettings],
    ['value', catalogue.synonyms.values],
  ] as const;
  for (const [kind, table] of kinds)
    for (const s of table.values()) out.push(`| ${kind} | \`${s.written}\` | \`${s.canonical}\` |`);
  for (const list of catalogue.synonyms.arguments.values())
    for (const s of list) out.push(`| argument | \`${s.written}\` | \`${s.canonical}\` |`);
  return out;
}
