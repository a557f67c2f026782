// "nnet: Show Compiler IR": the IR of the model (under the cursor, or picked) for a target the user
// picks, asked of the language server (`nnet/ir`), in a read-only editor beside the file; it is
// asked again for the current text each time the command runs.

import * as vscode from 'vscode';
import { irTargets, irText } from './ir-text.js';
import type { ServerRequests } from './server-requests.js';
import { resolveModel } from './target.js';

export const IR_SCHEME = 'nnet-ir';

export class IrDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly requests: ServerRequests) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async show(uriArg?: unknown, modelArg?: unknown, targetArg?: unknown): Promise<void> {
    const found = await resolveModel(this.requests, uriArg, modelArg, 'show the IR of');
    if (!found) return;
    const target =
      typeof targetArg === 'string'
        ? targetArg
        : (
            await vscode.window.showQuickPick(
              irTargets.map((t) => ({ ...t })),
              { placeHolder: `Show the IR of ${found.model} for which target?` },
            )
          )?.target;
    if (!target) return;
    const answer = await this.requests.ir(found.document.uri.toString(), found.model, target);
    if (!answer) {
      void vscode.window.showWarningMessage(
        `nnet: the language server gave no IR for ${found.model}; see the "nnet Language Server" output.`,
      );
      return;
    }
    const uri = vscode.Uri.from({
      scheme: IR_SCHEME,
      path: `/${found.model}.${target}.ir`,
      query: found.document.uri.toString(),
    });
    this.texts.set(uri.toString(), irText(answer));
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
