// Takes the extension's context; produces the language client for `dist/server.cjs` (the bundled
// language server, over stdio: it reads its input on a thread, so an edit interrupts a long check),
// with the settings as initialization options and a middleware honouring `nnet.inlayHints.enabled`.

import * as vscode from 'vscode';
import {
  InlayHintRequest,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node.js';
import { inlayHintsEnabled, section, serverSettings } from './settings.js';

export function createClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.OutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: {
      module,
      transport: TransportKind.stdio,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'nnet' },
      { scheme: 'untitled', language: 'nnet' },
    ],
    outputChannel,
    initializationOptions: serverSettings(),
    synchronize: {
      configurationSection: section,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{nnet,safetensors,csv,json}'),
    },
    middleware: {
      provideInlayHints: (document, range, token, next) =>
        inlayHintsEnabled() ? next(document, range, token) : [],
    },
  };
  return new LanguageClient('nnet', 'nnet Language Server', serverOptions, clientOptions);
}

/** Asks VS Code to re-query inlay hints (after `nnet.inlayHints.enabled` changed). */
export function refreshInlayHints(client: LanguageClient): void {
  const feature = client.getFeature(InlayHintRequest.method);
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document.languageId === 'nnet')
      feature.getProvider(editor.document)?.onDidChangeInlayHints.fire();
  }
}
