// The extension's entry (bundled to dist/extension.cjs): on the first .nnet file it starts the
// language server and registers the commands, the summary and diagram panels, the IR view and the
// status-bar item. Highlighting and training work without the server; the rest asks it.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { createClient, refreshInlayHints } from './client.js';
import { DiagramPanels } from './diagram-panel.js';
import { IR_SCHEME, IrDocuments } from './ir-view.js';
import { serverRequests } from './server-requests.js';
import { ParamStatusBar } from './status-bar.js';
import { SummaryPanels } from './summary-panel.js';
import { trainThisRun } from './train.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('nnet Language Server');
  const log = (message: string) => output.appendLine(`[extension] ${message}`);
  const requests = serverRequests(() => client, log);
  const summaries = new SummaryPanels(requests);
  const diagrams = new DiagramPanels(requests);
  const irDocuments = new IrDocuments(requests);
  const showIr = (uri?: unknown, model?: unknown, target?: unknown) =>
    irDocuments.show(uri, model, target);

  context.subscriptions.push(
    output,
    summaries,
    diagrams,
    irDocuments,
    vscode.workspace.registerTextDocumentContentProvider(IR_SCHEME, irDocuments),
    new ParamStatusBar(requests),
    vscode.commands.registerCommand('nnet.showSummary', (uri?: unknown, model?: unknown) =>
      summaries.show(uri, model),
    ),
    vscode.commands.registerCommand('nnet.showDiagram', (uri?: unknown, model?: unknown) =>
      diagrams.show(uri, model),
    ),
    vscode.commands.registerCommand('nnet.showIr', showIr),
    vscode.commands.registerCommand('nnet.trainRun', (uri?: unknown, run?: unknown) =>
      trainThisRun(context.extensionPath, requests, uri, run),
    ),
    vscode.commands.registerCommand('nnet.restartServer', async () => {
      if (client) await client.restart();
      else await startClient(context, output);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (client && e.affectsConfiguration('nnet.inlayHints.enabled')) refreshInlayHints(client);
    }),
  );
  await startClient(context, output);
}

async function startClient(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
): Promise<void> {
  client = createClient(context, output);
  try {
    await client.start();
  } catch (error) {
    output.appendLine(
      `[extension] the language server did not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    void vscode.window.showErrorMessage(
      'nnet: the language server did not start; highlighting and training still work, the status bar, summaries and diagrams need it. See the "nnet Language Server" output.',
    );
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}
