// Takes a .nnet file's text; produces its `train` runs (run name, model, where it is) for the
// "Train This Run" quick pick, and the shell command that trains one. Parsing never fails: a file
// with syntax errors still lists the runs the parser recovered.

import { parse, SourceText } from '@nnet/compiler';

export interface RunInfo {
  /** `as name`, or the model's name: what `nnc train --run` takes. */
  name: string;
  model: string;
  /** 0-based line of the `train` keyword. */
  line: number;
  start: number;
  end: number;
}

export function trainRuns(file: string, text: string): RunInfo[] {
  const source = new SourceText(file, text);
  const ast = parse(source).value;
  return ast.declarations.flatMap((d) => {
    if (d.kind !== 'Train') return [];
    const line = source.position(d.span.start).line - 1;
    return [
      {
        name: d.runName?.name ?? d.model.name,
        model: d.model.name,
        line,
        start: d.span.start,
        end: d.span.end,
      },
    ];
  });
}

/** The runs with the one under the cursor (if any) first, the rest in file order. */
export function runsByCursor(runs: readonly RunInfo[], offset: number): RunInfo[] {
  const here = runs.find((r) => r.start <= offset && offset <= r.end);
  return here ? [here, ...runs.filter((r) => r !== here)] : [...runs];
}

/** Quotes one shell word for POSIX shells (and PowerShell, which also takes '…'). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `nnc train examples/xor-train.nnet --run adam_run`, after how nnc is started (train-command.ts). */
export function trainCommand(nnc: string, file: string, run: string): string {
  return `${nnc.trim()} train ${shellQuote(file)} --run ${shellQuote(run)}`;
}
