// Takes open documents; produces their compiler check results, computed in the extension host and
// cached per document version, so cursor moves never re-check. Imports are read from open buffers
// first, then from disk.

import * as vscode from 'vscode';
import type { CheckResult } from '@nnet/compiler';
import { checkBuffer } from './model-at.js';

const cache = new Map<string, { version: number; result: CheckResult }>();

export function openBufferText(file: string): string | undefined {
  return vscode.workspace.textDocuments
    .find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)
    ?.getText();
}

export function localCheck(document: vscode.TextDocument): CheckResult {
  const key = document.uri.toString();
  const cached = cache.get(key);
  if (cached && cached.version === document.version) return cached.result;
  const result = checkBuffer(document.uri.fsPath, document.getText(), openBufferText);
  cache.set(key, { version: document.version, result });
  return result;
}

export function forget(document: vscode.TextDocument): void {
  cache.delete(document.uri.toString());
}

/** Any edit may change a file that others import: drop every cached result. */
export function forgetAll(): void {
  cache.clear();
}
