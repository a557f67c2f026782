// Runs the `nnc` command in-process (the same `main` as the bin) in a given folder and captures
// what it prints: the one helper every CLI test uses.

import { main } from '../src/cli/main.js';

export interface NncRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runNnc(cwd: string, ...args: string[]): Promise<NncRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    color: false,
    cwd,
  });
  return { code, stdout, stderr };
}
