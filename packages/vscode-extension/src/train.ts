// "nnet: Train This Run": takes the .nnet file (saved first) and a run — given, the only one, or
// picked (the run under the cursor first); produces a terminal running `nnc train FILE --run NAME`
// from the file's workspace folder.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { runsByCursor, trainCommand, trainRuns } from './runs.js';
import { trainCommandPrefix } from './settings.js';
import { documentFromArg } from './target.js';

export async function trainThisRun(uriArg?: unknown, runArg?: unknown): Promise<void> {
  const document = await documentFromArg(uriArg);
  if (!document) {
    void vscode.window.showWarningMessage('nnet: open a .nnet file with a train run to train it.');
    return;
  }
  if (document.isUntitled) {
    void vscode.window.showWarningMessage('nnet: save the file first; nnc trains files on disk.');
    return;
  }
  const runs = trainRuns(document.uri.fsPath, document.getText());
  const display = vscode.workspace.asRelativePath(document.uri);
  if (runs.length === 0) {
    void vscode.window.showWarningMessage(
      `nnet: ${display} has no train run. Add one: train Model { data = …, loss = …, optimizer = … }`,
    );
    return;
  }
  let run = typeof runArg === 'string' ? runs.find((r) => r.name === runArg) : undefined;
  if (!run && runs.length === 1) run = runs[0];
  if (!run) {
    const editor = vscode.window.activeTextEditor;
    const offset = editor?.document === document ? document.offsetAt(editor.selection.active) : -1;
    const picked = await vscode.window.showQuickPick(
      runsByCursor(runs, offset).map((r) => ({
        label: r.name,
        description: r.name === r.model ? `trains ${r.model}` : `trains ${r.model} (as ${r.name})`,
        detail: `line ${r.line + 1}`,
        run: r,
      })),
      { placeHolder: `Which train run of ${display}?` },
    );
    run = picked?.run;
  }
  if (!run) return;
  if (document.isDirty && !(await document.save())) return;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const cwd = folder?.uri.fsPath ?? path.dirname(document.uri.fsPath);
  const file = path.relative(cwd, document.uri.fsPath) || path.basename(document.uri.fsPath);
  const terminal = vscode.window.createTerminal({ name: `nnet: train ${run.name}`, cwd });
  terminal.show();
  terminal.sendText(trainCommand(trainCommandPrefix(), file, run.name));
}
