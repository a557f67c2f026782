// What `nnc eval`, `nnc predict` and `nnc evaluate` share: check a file once, pick the model and
// run, compile and load it, and read its weights from a checkpoint (`--weights`, by default the
// run's `out/<run>/checkpoint.safetensors`), refusing a checkpoint written for another model.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  readSafetensors,
  restoreModel,
  SafetensorsError,
  type CompiledModel,
} from '@nnet/runtime/train';
import { builtinCatalogue, type CheckResult } from '../compile.js';
import type { ModelGraph } from '../check/graph.js';
import type { TrainRun } from '../check/train.js';
import { compileModelToJs } from '../targets/js/index.js';
import { importGeneratedModule, runtimeFileUrl } from '../targets/js/load.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { pickModel } from './pick-model.js';
import type { CliContext } from './main.js';
import { reportRefusal } from './refusal.js';
import { numberSetting } from '../run/fit-settings.js';

export interface TrainedModelOptions {
  model?: string;
  run?: string;
  weights?: string;
  seed?: string;
}

export interface TrainedModel {
  result: CheckResult;
  graph: ModelGraph;
  run?: TrainRun;
  model: CompiledModel;
  /** The checkpoint the weights came from, as the user would write it; absent: hand-set/seeded. */
  weights?: string;
  /** The seed that splits the run's data as `nnc train` did (the checkpoint's, else the run's). */
  seed: number;
}

/** The checkpoint `nnc train` writes for a run when `--out` is not given. */
export const defaultCheckpoint = (run: string): string =>
  path.join('out', run, 'checkpoint.safetensors');

/** Compiles one model of a checked file (with its run, or predict-only) and creates it. */
export async function compileAndCreate(
  graph: ModelGraph,
  run: TrainRun | undefined,
  result: CheckResult,
  cli: CliContext,
  seed: number,
): Promise<CompiledModel | undefined> {
  const compiled = compileModelToJs(
    graph,
    run,
    result.checked!,
    result.sources,
    builtinCatalogue(),
    { runtimeImport: runtimeFileUrl() },
  );
  if (!compiled.value) {
    reportRefusal(cli, compiled.diagnostics, result.sources);
    return undefined;
  }
  return (await importGeneratedModule(compiled.value.js)).create({ seed });
}

/** Reads `weights` into `model`; prints a clear error and returns false when it does not fit. */
export function loadCheckpoint(
  model: CompiledModel,
  weights: string,
  cli: CliContext,
): Record<string, string> | undefined {
  const file = cli.resolve(weights);
  if (!fs.existsSync(file)) {
    cli.io.stderr(
      `nnc: ${weights}: no such file; expected a checkpoint of ${model.name} (nnc train writes out/<run>/checkpoint.safetensors)\n`,
    );
    cli.setExit(1);
    return undefined;
  }
  try {
    // Read once: the metadata says whose weights these are before any is copied.
    const content = readSafetensors(file);
    const { metadata } = content;
    if (metadata.format === 'nnet' && metadata.model && metadata.model !== model.name) {
      cli.io.stderr(
        `nnc: ${weights} holds the weights of model ${metadata.model}${metadata.source ? ` (from ${metadata.source})` : ''}, not of ${model.name}; pass a checkpoint that \`nnc train\` wrote for ${model.name}\n`,
      );
      cli.setExit(1);
      return undefined;
    }
    restoreModel(model, content, file);
    return metadata;
  } catch (error) {
    const message = (error as Error).message.replace(file, weights);
    cli.io.stderr(
      `nnc: ${error instanceof SafetensorsError ? message : `${message.replace(/\?$/, '')} (expected the weights of ${model.name}: ${model.paramInfo.map((p) => `${p.name} [${p.shape.join(', ')}]`).join(', ')})`}\n`,
    );
    cli.setExit(1);
    return undefined;
  }
}

export async function loadTrainedModel(
  file: string,
  options: TrainedModelOptions,
  cli: CliContext,
): Promise<TrainedModel | undefined> {
  // The report reads the run's data, so its files are checked first (columns that no longer fit
  // the input are NN4152 at the data line, as `nnc check` says, not a bare size mismatch).
  const result = cli.check(file, true, true);
  if (!result?.checked || hasErrors(result.diagnostics)) return undefined;
  const picked = pickModel(result, options, cli);
  if (!picked) return undefined;
  const { graph, run } = picked;
  const runSeed = run ? numberSetting(run, 'seed', 0) : 0;
  const model = await compileAndCreate(graph, run, result, cli, runSeed);
  if (!model) return undefined;
  let weights = options.weights;
  if (!weights && run && fs.existsSync(cli.resolve(defaultCheckpoint(run.name))))
    weights = defaultCheckpoint(run.name);
  let seed = options.seed !== undefined ? Number(options.seed) : runSeed;
  if (weights) {
    const metadata = loadCheckpoint(model, weights, cli);
    if (!metadata) return undefined;
    if (options.seed === undefined && metadata.seed !== undefined) seed = Number(metadata.seed);
  }
  return { result, graph, ...(run ? { run } : {}), model, ...(weights ? { weights } : {}), seed };
}
