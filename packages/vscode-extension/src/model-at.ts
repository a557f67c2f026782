// The status bar's words for the language server's `nnet/modelAt` answer (the model under the
// cursor and its parameter totals, counted by the server's own check): `Σ 181,310 params` and its
// tooltip. No `vscode` import here, so vitest can run it.

import type { Convention } from '@nnet/compiler';

export interface ParamCounts {
  total: number;
  trainable: number;
  nonTrainable: number;
}

/** One model as `nnet/modelAt` answers (packages/lsp/src/features/model-at.ts). */
export interface ModelAtCursor {
  model: string;
  totals: ParamCounts;
  convention: Convention;
  /** False when errors left the model incomplete: the totals count what is known so far. */
  complete: boolean;
  /** True when the cursor is in a `train` run of the model rather than in the model itself. */
  viaTrainRun: boolean;
}

/** The whole `nnet/modelAt` answer: the document's models, and the one under the cursor. */
export interface ModelsAt {
  models: string[];
  found: ModelAtCursor | null;
}

/** `181310` → `181,310`, the way the compiler's summary writes counts. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The status-bar text: `Σ 181,310 params`. */
export function statusText(found: ModelAtCursor): string {
  return `Σ ${formatCount(found.totals.total)} params${found.complete ? '' : ' (so far)'}`;
}

/** The status-bar tooltip: which model, trainable / non-trainable, whose convention. */
export function statusTooltip(found: ModelAtCursor): string {
  const { total, trainable, nonTrainable } = found.totals;
  const whose = found.convention === 'keras' ? 'Keras' : 'PyTorch';
  const lines = [
    `${found.model}: ${formatCount(total)} parameters (trainable ${formatCount(trainable)}, non-trainable ${formatCount(nonTrainable)}), counted as ${whose} does.`,
  ];
  if (!found.complete) lines.push('The model has errors: this counts the layers checked so far.');
  lines.push('Click for the model summary.');
  return lines.join('\n');
}
