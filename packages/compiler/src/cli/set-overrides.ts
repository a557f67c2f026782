// `--set key=value` on the command line: takes the flags and a file, checks the file with each
// override written into its text (search/overrides.ts), and returns that check, so the commands
// after it compile and train the overridden file. A key that names nothing, or a value the checker
// rejects, is an error that names the flag.

import { checkFile, builtinCatalogue, type CheckResult } from '../compile.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { countLine, renderDiagnostics } from '../diagnostics/render.js';
import { nodeHost } from '../program.js';
import {
  applyOverrides,
  findRunDecl,
  type EditedText,
  type Override,
} from '../search/overrides.js';
import type { CliContext } from './main.js';

/** Commander's collector for a repeatable option. */
export function collectSet(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `width=128` → { key: 'width', value: '128' }; undefined when there is no `=` or no key. */
export function parseSetFlag(flag: string): Override | undefined {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/s.exec(flag);
  if (!match || match[2].trim() === '') return undefined;
  return { key: match[1], value: match[2].trim() };
}

/**
 * The edited file's check, with diagnostics printed like `nnc check` prints them; undefined (and
 * the exit code raised) when a flag is malformed, names nothing, or the file cannot be read.
 */
export function checkWithSets(
  file: string,
  flags: readonly string[],
  runName: string | undefined,
  cli: CliContext,
): CheckResult | undefined {
  const original = cli.check(file, true);
  if (!original?.checked || hasErrors(original.diagnostics)) return original;
  const overrides: Override[] = [];
  for (const flag of flags) {
    const parsed = parseSetFlag(flag);
    if (!parsed) {
      cli.io.stderr(
        `nnc: --set ${flag}: expected KEY=VALUE, e.g. --set width=128 or --set "optimizer=adam(lr = 0.01)"\n`,
      );
      cli.setExit(2);
      return undefined;
    }
    overrides.push(parsed);
  }
  const entry = original.checked.program.entry;
  const parsed = original.checked.program.files.get(entry)!;
  const run = findRunDecl(parsed.ast, runName);
  if (!run) {
    cli.io.stderr(
      `nnc: --set needs a train run${runName ? ` named "${runName}"` : ''} in ${cli.display(entry)}\n`,
    );
    cli.setExit(2);
    return undefined;
  }
  const { edited, problems } = applyOverrides(
    parsed.source.text,
    parsed.ast,
    run,
    overrides,
    builtinCatalogue(),
  );
  if (!edited) {
    for (const problem of problems) {
      const flag = flags.find((f) => parseSetFlag(f)?.key === problem.key) ?? problem.key;
      const hint = problem.suggestion ? `; did you mean \`${problem.suggestion}\`?` : '';
      cli.io.stderr(`nnc: --set ${flag}: ${problem.message}${hint}\n`);
    }
    cli.setExit(2);
    return undefined;
  }
  return checkEdited(entry, edited, overrides, cli);
}

/** Checks the edited text; a diagnostic inside an override's text says which flag set it. */
function checkEdited(
  entry: string,
  edited: EditedText,
  overrides: readonly Override[],
  cli: CliContext,
): CheckResult {
  const result = checkFile(entry, {
    host: { readFile: (f) => (f === entry ? edited.text : nodeHost.readFile(f)) },
  });
  const flagOf = (d: Diagnostic) => {
    if (d.file !== entry) return undefined;
    const placed = edited.placed.find(
      (p) => d.span.start < p.span.end && p.span.start < d.span.end,
    );
    const set = placed && overrides.find((o) => o.key === placed.key);
    return set && `--set ${set.key}=${set.value}`;
  };
  // The file checked cleanly without the flags, so every error here comes from them.
  const all = overrides.map((o) => `--set ${o.key}=${o.value}`).join(' ');
  const diagnostics = result.diagnostics.map((d) => {
    const flag = flagOf(d);
    if (flag) return { ...d, message: `${d.message} (the value given by ${flag})` };
    return d.severity === 'error' ? { ...d, message: `${d.message} (with ${all})` } : d;
  });
  if (diagnostics.length > 0) {
    cli.io.stderr(
      renderDiagnostics(diagnostics, result.sources, {
        color: cli.io.color,
        displayPath: cli.display,
      }) + '\n',
    );
    cli.io.stderr(
      `${cli.display(entry)} with ${overrides.length} --set: ${countLine(diagnostics)}\n`,
    );
  }
  if (hasErrors(diagnostics)) cli.setExit(1);
  return { ...result, diagnostics };
}

/** The context with `check` answering with the overridden file (for commands built on `cli.check`). */
export function withSets(
  cli: CliContext,
  file: string,
  flags: readonly string[] | undefined,
  runName: string | undefined,
): CliContext | undefined {
  if (!flags || flags.length === 0) return cli;
  const result = checkWithSets(file, flags, runName, cli);
  if (!result?.checked || hasErrors(result.diagnostics)) return undefined;
  const target = cli.resolve(file);
  return {
    ...cli,
    check: (f, quiet) => (cli.resolve(f) === target ? result : cli.check(f, quiet)),
  };
}
