// Takes the user's `nnet.*` settings; produces typed values with their defaults, and the
// initialization options the language server is started with. Unknown values fall back to defaults.

import * as vscode from 'vscode';
import type { Convention } from '@nnet/compiler';

export const section = 'nnet';

export function convention(): Convention {
  return vscode.workspace.getConfiguration(section).get<string>('parameterConvention') === 'torch'
    ? 'torch'
    : 'keras';
}

export function inlayHintsEnabled(): boolean {
  return (
    vscode.workspace.getConfiguration(section).get<boolean>('inlayHints.enabled', true) !== false
  );
}

export function statusBarEnabled(): boolean {
  return (
    vscode.workspace.getConfiguration(section).get<boolean>('statusBar.enabled', true) !== false
  );
}

/** `nnet.train.command`: '' (the default) lets train-command.ts find nnc. */
export function configuredTrainCommand(): string {
  return vscode.workspace.getConfiguration(section).get<string>('train.command', '');
}

/** What the server receives in `initialize` (and, as `settings.nnet`, in didChangeConfiguration). */
export function serverSettings() {
  return { parameterConvention: convention(), inlayHints: { enabled: inlayHintsEnabled() } };
}
