// A status-bar item: `Σ 181,310 params` for the model under the cursor in a .nnet editor (a
// `train` run shows its model's count), asked of the language server (`nnet/modelAt`) after a short
// debounce; hidden elsewhere or while the server does not answer. Clicking it opens the summary.

import * as vscode from 'vscode';
import { statusText, statusTooltip } from './model-at.js';
import type { ServerRequests } from './server-requests.js';
import { convention, statusBarEnabled } from './settings.js';

export class ParamStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'nnet.params',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];
  /** Counts the requests, so an answer that arrives after a newer request is dropped. */
  private asked = 0;

  constructor(
    private readonly server: ServerRequests,
    private readonly debounceMs = 200,
  ) {
    this.item.name = 'nnet: parameters of the model under the cursor';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.updateSoon();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId === 'nnet') this.updateSoon();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nnet')) void this.update();
      }),
    ];
    void this.update();
  }

  private updateSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), this.debounceMs);
  }

  async update(): Promise<void> {
    clearTimeout(this.timer);
    const ask = ++this.asked;
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'nnet' || !statusBarEnabled()) {
      this.item.hide();
      return;
    }
    const document = editor.document;
    const answer = await this.server.modelsAt(
      document.uri.toString(),
      document.offsetAt(editor.selection.active),
      convention(),
    );
    if (ask !== this.asked) return;
    const found = answer?.found;
    if (!found) {
      this.item.hide();
      return;
    }
    this.item.text = statusText(found);
    this.item.tooltip = statusTooltip(found);
    this.item.command = {
      title: 'Show Model Summary',
      command: 'nnet.showSummary',
      arguments: [document.uri.toString(), found.model],
    };
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
