// Takes a .nnet document's text, a cursor offset and an overlay of open buffers; produces the
// parameter count of the model under the cursor (a `train` run counts its model), with the
// compiler's own checkFile + summarize. No `vscode` import here, so vitest can run it.

import {
  builtinCatalogue,
  checkFile,
  summarize,
  type CheckResult,
  type Convention,
} from '@nnet/compiler';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ParamCounts {
  total: number;
  trainable: number;
  nonTrainable: number;
}

export interface ModelAtCursor {
  model: string;
  totals: ParamCounts;
  convention: Convention;
  /** False when errors left the model incomplete: the totals count what is known so far. */
  complete: boolean;
  /** True when the cursor is in a `train` run of the model rather than in the model itself. */
  viaTrainRun: boolean;
}

/** Text of open buffers by absolute path; undefined falls back to the disk. */
export type BufferOverlay = (file: string) => string | undefined;

/** Checks `file` as it is in the editor: `text` for the file itself, open buffers for imports. */
export function checkBuffer(
  file: string,
  text: string,
  overlay: BufferOverlay = () => undefined,
): CheckResult {
  const entry = path.resolve(file);
  return checkFile(entry, {
    host: {
      readFile(target) {
        if (target === entry) return text;
        const open = overlay(target);
        if (open !== undefined) return open;
        try {
          return fs.readFileSync(target, 'utf8');
        } catch {
          return undefined;
        }
      },
    },
  });
}

/** The names of the models declared in the checked file itself, in source order. */
export function modelsIn(result: CheckResult): string[] {
  const entry = result.program?.entry;
  const ast = entry ? result.program?.files.get(entry)?.ast : undefined;
  return (ast?.declarations ?? []).flatMap((d) => (d.kind === 'Model' ? [d.name.name] : []));
}

/**
 * The model whose declaration (or `train` run) contains `offset`, with its parameter totals. Outside
 * every model and run, a file that declares exactly one model answers with that one.
 */
export function modelAt(
  result: CheckResult,
  offset: number,
  convention: Convention = 'keras',
): ModelAtCursor | undefined {
  const entry = result.program?.entry;
  const ast = entry ? result.program?.files.get(entry)?.ast : undefined;
  if (!entry || !ast || !result.checked) return undefined;
  const decl = ast.declarations.find(
    (d) =>
      d.span.start <= offset && offset <= d.span.end && (d.kind === 'Model' || d.kind === 'Train'),
  );
  const models = modelsIn(result);
  let name: string;
  if (decl?.kind === 'Model') name = decl.name.name;
  else if (decl?.kind === 'Train') name = decl.model.name;
  else if (models.length === 1) name = models[0];
  else return undefined;
  const graph =
    result.checked.models.find((g) => g.name === name && g.location.file === entry) ??
    result.checked.models.find((g) => g.name === name);
  if (!graph) return undefined;
  const { totals } = summarize(graph, builtinCatalogue(), convention);
  return {
    model: graph.name,
    totals,
    convention,
    complete: graph.complete,
    viaTrainRun: decl?.kind === 'Train',
  };
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
