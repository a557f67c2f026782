// "nnet: Show Model Summary": a webview beside the editor with the compiler's Markdown summary of
// one model (asked of the language server, counted in the chosen convention), rendered by the
// editor's Markdown engine; one panel per (file, model), refreshed as the file or settings change.

import * as vscode from 'vscode';
import type { ServerRequests } from './server-requests.js';
import { convention } from './settings.js';
import { resolveModel } from './target.js';
import { makeNonce, messagePage, summaryPage, textAsHtml } from './webview-html.js';

interface Summary {
  markdown: string;
  text: string;
  /** Where it came from, said under the title when it is not the server. */
  note: string;
}

export class SummaryPanels implements vscode.Disposable {
  private readonly panels = new Map<
    string,
    { panel: vscode.WebviewPanel; document: vscode.TextDocument; model: string }
  >();
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly server: ServerRequests) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId === 'nnet') this.refreshSoon();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nnet.parameterConvention')) this.refreshSoon();
      }),
    ];
  }

  async show(uriArg?: unknown, modelArg?: unknown): Promise<void> {
    const target = await resolveModel(this.server, uriArg, modelArg, 'summarize');
    if (!target) return;
    const key = `${target.document.uri.toString()}#${target.model}`;
    let entry = this.panels.get(key);
    if (entry) {
      entry.panel.reveal(undefined, true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        'nnet.summary',
        `Summary: ${target.model}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false },
      );
      entry = { panel, document: target.document, model: target.model };
      this.panels.set(key, entry);
      panel.onDidDispose(() => this.panels.delete(key));
    }
    await this.render(entry);
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    // Longer than the server's re-check debounce, so the server answers for the new text.
    this.timer = setTimeout(
      () => void Promise.all([...this.panels.values()].map((e) => this.render(e))),
      400,
    );
  }

  private async render(entry: {
    panel: vscode.WebviewPanel;
    document: vscode.TextDocument;
    model: string;
  }): Promise<void> {
    const nonce = makeNonce();
    const summary = await this.summaryOf(entry.document, entry.model);
    if (!summary) {
      entry.panel.webview.html = messagePage(
        `Summary: ${entry.model}`,
        `The language server gave no summary of ${entry.model} in ${vscode.workspace.asRelativePath(entry.document.uri)}: ` +
          'it is not running yet, or the file no longer declares that model. See the "nnet Language Server" output.',
        nonce,
      );
      return;
    }
    let html: string;
    try {
      html = await vscode.commands.executeCommand<string>('markdown.api.render', summary.markdown);
    } catch {
      html = textAsHtml(summary.text);
    }
    entry.panel.webview.html = summaryPage(
      entry.model,
      html || textAsHtml(summary.text),
      nonce,
      summary.note,
    );
  }

  /** The server's summary, counted with the chosen convention; undefined when it does not answer. */
  private async summaryOf(
    document: vscode.TextDocument,
    model: string,
  ): Promise<Summary | undefined> {
    const answer = await this.server.summary(document.uri.toString(), model, convention());
    return answer && { markdown: answer.markdown, text: answer.text, note: '' };
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const { panel } of this.panels.values()) panel.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
