// Takes a command's arguments — (uri, model) from a code lens, a resource Uri from a menu, or
// nothing from the palette; produces the .nnet document and the model the command acts on: the
// given one, else the one under the cursor, else the user's pick among the file's models (both
// asked of the language server, `nnet/modelAt`).

import * as vscode from 'vscode';
import type { ServerRequests } from './server-requests.js';
import { convention } from './settings.js';

export interface ModelTarget {
  document: vscode.TextDocument;
  model: string;
}

export async function documentFromArg(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri =
    typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : undefined;
  if (uri) return vscode.workspace.openTextDocument(uri);
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'nnet' ? editor.document : undefined;
}

export async function resolveModel(
  server: ServerRequests,
  uriArg: unknown,
  modelArg: unknown,
  verb: string,
): Promise<ModelTarget | undefined> {
  const document = await documentFromArg(uriArg);
  if (!document) {
    void vscode.window.showWarningMessage(`nnet: open a .nnet file to ${verb}.`);
    return undefined;
  }
  if (typeof modelArg === 'string' && modelArg) return { document, model: modelArg };
  const editor = vscode.window.activeTextEditor;
  const offset = editor && editor.document === document ? editor.selection.active : undefined;
  const answer = await server.modelsAt(
    document.uri.toString(),
    offset ? document.offsetAt(offset) : -1,
    convention(),
  );
  if (!answer) {
    void vscode.window.showWarningMessage(
      `nnet: the language server did not answer for ${vscode.workspace.asRelativePath(document.uri)}; see the "nnet Language Server" output.`,
    );
    return undefined;
  }
  if (offset && answer.found) return { document, model: answer.found.model };
  const models = answer.models;
  if (models.length === 0) {
    void vscode.window.showWarningMessage(
      `nnet: ${vscode.workspace.asRelativePath(document.uri)} declares no model.`,
    );
    return undefined;
  }
  if (models.length === 1) return { document, model: models[0] };
  const model = await vscode.window.showQuickPick(models, {
    placeHolder: `Which model to ${verb}?`,
  });
  return model ? { document, model } : undefined;
}
