// "nnet: Show Network Diagram": a webview beside the editor with an SVG of one model's layers and
// edges, drawn from the language server's `nnet/graph` answer; clicking a layer reveals the
// statement that made it. One panel per (file, model), redrawn as the file changes.

import * as vscode from 'vscode';
import type { GraphData, ServerRequests } from './server-requests.js';
import { resolveModel } from './target.js';
import { diagramPage, makeNonce, messagePage } from './webview-html.js';

interface Entry {
  panel: vscode.WebviewPanel;
  document: vscode.TextDocument;
  model: string;
  graph?: GraphData;
}

export class DiagramPanels implements vscode.Disposable {
  private readonly panels = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly server: ServerRequests) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId === 'nnet') this.refreshSoon();
      }),
    ];
  }

  async show(uriArg?: unknown, modelArg?: unknown): Promise<void> {
    const target = await resolveModel(this.server, uriArg, modelArg, 'draw');
    if (!target) return;
    const key = `${target.document.uri.toString()}#${target.model}`;
    let entry = this.panels.get(key);
    if (entry) {
      entry.panel.reveal(undefined, true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        'nnet.diagram',
        `Diagram: ${target.model}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true },
      );
      const created: Entry = { panel, document: target.document, model: target.model };
      entry = created;
      this.panels.set(key, created);
      panel.onDidDispose(() => this.panels.delete(key));
      panel.webview.onDidReceiveMessage((message: { type?: string; node?: number }) => {
        if (message.type === 'reveal' && typeof message.node === 'number')
          void this.reveal(created, message.node);
      });
    }
    await this.render(entry);
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => void Promise.all([...this.panels.values()].map((e) => this.render(e))),
      400,
    );
  }

  private async render(entry: Entry): Promise<void> {
    const nonce = makeNonce();
    const graph = await this.server.graph(entry.document.uri.toString(), entry.model);
    entry.graph = graph;
    if (!graph) {
      const why =
        `The language server could not give the graph of ${entry.model} in ${vscode.workspace.asRelativePath(entry.document.uri)}: ` +
        'it is not running yet, or the file no longer declares that model. See the "nnet Language Server" output.';
      entry.panel.webview.html = messagePage(`Diagram: ${entry.model}`, why, nonce);
      return;
    }
    // The server sends the compiler's own diagram (what `nnc graph` draws): one renderer.
    entry.panel.webview.html = diagramPage(graph.model, graph.svg, nonce, graph.complete);
  }

  private async reveal(entry: Entry, nodeIndex: number): Promise<void> {
    const location = entry.graph?.nodes[nodeIndex]?.location;
    if (!location) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.uri));
    const range = new vscode.Range(
      document.positionAt(location.start),
      document.positionAt(location.end),
    );
    const column =
      vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn ??
      vscode.ViewColumn.One;
    await vscode.window.showTextDocument(document, { viewColumn: column, selection: range });
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const { panel } of this.panels.values()) panel.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
