// A status-bar item: `Σ 181,310 params` for the model under the cursor in a .nnet editor (a
// `train` run shows its model's count), computed with the compiler on the current text after a
// short debounce; hidden elsewhere. Clicking it opens that model's summary.

import * as vscode from 'vscode';
import { forgetAll, localCheck } from './local-check.js';
import { modelAt, statusText, statusTooltip } from './model-at.js';
import { convention, statusBarEnabled } from './settings.js';

export class ParamStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'nnet.params',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly debounceMs = 200) {
    this.item.name = 'nnet: parameters of the model under the cursor';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.updateSoon();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId !== 'nnet') return;
        forgetAll();
        this.updateSoon();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nnet')) this.update();
      }),
    ];
    this.update();
  }

  private updateSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), this.debounceMs);
  }

  update(): void {
    clearTimeout(this.timer);
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'nnet' || !statusBarEnabled()) {
      this.item.hide();
      return;
    }
    const document = editor.document;
    const found = modelAt(
      localCheck(document),
      document.offsetAt(editor.selection.active),
      convention(),
    );
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
