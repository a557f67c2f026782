// Takes a command's arguments — (uri, model) from a code lens, a resource Uri from a menu, or
// nothing from the palette; produces the .nnet document and the model the command acts on: the
// given one, else the one under the cursor, else the user's pick among the file's models.

import * as vscode from 'vscode';
import { localCheck } from './local-check.js';
import { modelAt, modelsIn } from './model-at.js';
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
  const result = localCheck(document);
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document === document) {
    const found = modelAt(result, document.offsetAt(editor.selection.active), convention());
    if (found) return { document, model: found.model };
  }
  const models = modelsIn(result);
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
