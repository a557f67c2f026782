// The "Train This Run" quick pick's words for the language server's `nnet/trainRuns` answer (the
// runs a file declares, the one under the cursor first), and the shell command that trains one. No
// `vscode` import here, so vitest can run it.

/** One run as `nnet/trainRuns` answers (packages/lsp/src/features/train-runs.ts). */
export interface RunInfo {
  /** `as name`, or the model's name: what `nnc train --run` takes. */
  name: string;
  model: string;
  /** 0-based line of the `train` keyword. */
  line: number;
  start: number;
  end: number;
}

/** A quick-pick item per run, in the server's order (the run under the cursor first). */
export function runChoices(runs: readonly RunInfo[]) {
  return runs.map((run) => ({
    label: run.name,
    description:
      run.name === run.model ? `trains ${run.model}` : `trains ${run.model} (as ${run.name})`,
    detail: `line ${run.line + 1}`,
    run,
  }));
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
