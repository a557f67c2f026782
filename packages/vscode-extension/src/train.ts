// "nnet: Train This Run": takes the .nnet file (saved first) and a run — given, the only one, or
// picked among the runs the language server lists (`nnet/trainRuns`, the run under the cursor
// first); runs `nnc train FILE --run NAME` from the file's
// workspace folder in a terminal, one per folder and run: a second try reuses it (after a failure
// too) instead of opening another. How nnc starts: train-command.ts.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runChoices, trainCommand } from './runs.js';
import type { ServerRequests } from './server-requests.js';
import { configuredTrainCommand } from './settings.js';
import { resolveNnc } from './train-command.js';
import { documentFromArg } from './target.js';

/** The terminal of each folder and run, while it is open. */
const terminals = new Map<string, vscode.Terminal>();

function terminalFor(cwd: string, run: string, env: Record<string, string>): vscode.Terminal {
  const key = `${cwd}\0${run}`;
  const existing = terminals.get(key);
  if (existing && existing.exitStatus === undefined && vscode.window.terminals.includes(existing)) {
    return existing;
  }
  const terminal = vscode.window.createTerminal({ name: `nnet: train ${run}`, cwd, env });
  terminals.set(key, terminal);
  return terminal;
}

export async function trainThisRun(
  extensionPath: string,
  requests: ServerRequests,
  uriArg?: unknown,
  runArg?: unknown,
): Promise<void> {
  const document = await documentFromArg(uriArg);
  if (!document) {
    void vscode.window.showWarningMessage('nnet: open a .nnet file with a train run to train it.');
    return;
  }
  if (document.isUntitled) {
    void vscode.window.showWarningMessage('nnet: save the file first; nnc trains files on disk.');
    return;
  }
  const display = vscode.workspace.asRelativePath(document.uri);
  // A run named by the caller (the server's code lens) needs no list; otherwise ask the server.
  let run = typeof runArg === 'string' ? runArg : undefined;
  if (!run) {
    const editor = vscode.window.activeTextEditor;
    const offset = editor?.document === document ? document.offsetAt(editor.selection.active) : -1;
    const answer = await requests.trainRuns(document.uri.toString(), offset);
    if (!answer) {
      void vscode.window.showWarningMessage(
        `nnet: the language server is not running, so the train runs of ${display} are unknown. ` +
          'See the "nnet" output, or run `nnc train FILE --run NAME` in a terminal.',
      );
      return;
    }
    if (answer.runs.length === 0) {
      void vscode.window.showWarningMessage(
        `nnet: ${display} has no train run. Add one: train Model { data = …, loss = …, optimizer = … }`,
      );
      return;
    }
    if (answer.runs.length === 1) run = answer.runs[0].name;
    else
      run = (
        await vscode.window.showQuickPick(runChoices(answer.runs), {
          placeHolder: `Which train run of ${display}?`,
        })
      )?.run.name;
  }
  if (!run) return;
  if (document.isDirty && !(await document.save())) return;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const cwd = folder?.uri.fsPath ?? path.dirname(document.uri.fsPath);
  const file = path.relative(cwd, document.uri.fsPath) || path.basename(document.uri.fsPath);
  const nnc = resolveNnc({
    configured: configuredTrainCommand(),
    fileFolder: path.dirname(document.uri.fsPath),
    workspaceFolder: folder?.uri.fsPath,
    bundledNnc: path.join(extensionPath, 'dist', 'nnc', 'nnc.mjs'),
    nodeExecutable: process.execPath,
    platform: process.platform,
    isFile: (candidate) => fs.statSync(candidate, { throwIfNoEntry: false })?.isFile() ?? false,
  });
  const terminal = terminalFor(cwd, run, nnc.env);
  terminal.show();
  terminal.sendText(trainCommand(nnc.command, file, run));
}
