// `nnc eval` of a run that trains an ensemble: takes the checked ensemble, its learner's module and
// the checkpoint `nnc train` wrote (out/<run>/ensemble.safetensors, or --weights); prints H's class
// and the vote per class for --input samples or a split (with targets and H's accuracy).

import * as fs from 'node:fs';
import {
  ensembleVote,
  readSafetensors,
  restoreEnsemble,
  datasetLabels,
  type Dataset,
} from '@nnet/runtime/train';
import type { CheckResult } from '../compile.js';
import type { CheckedEnsemble } from '../check/ensemble.js';
import type { TrainRun } from '../check/train.js';
import type { ModelGraph } from '../check/graph.js';
import { readEvalInput } from './eval-inputs.js';
import type { CliContext } from './main.js';
import { reportRefusal } from './refusal.js';
import { ENSEMBLE_CHECKPOINT } from './train-ensemble.js';
import * as path from 'node:path';
import { builtinCatalogue } from '../compile.js';
import { compileModelToJs } from '../targets/js/index.js';
import { importGeneratedModule, runtimeFileUrl } from '../targets/js/load.js';

export interface EnsembleEvalOptions {
  input?: string;
  split?: string;
  weights?: string;
  format: 'table' | 'csv' | 'json';
  limit?: string;
}

type Column = { name: string; values: ArrayLike<number>; size: number };

export async function evalEnsemble(
  ensemble: CheckedEnsemble,
  graph: ModelGraph,
  run: TrainRun,
  result: CheckResult,
  options: EnsembleEvalOptions,
  cli: CliContext,
  helpers: {
    splitData: (seed: number) => Promise<Dataset | undefined>;
    render: (
      format: 'table' | 'csv' | 'json',
      shown: unknown[],
      columns: Column[],
      count: number,
      classic: boolean,
    ) => string;
  },
): Promise<void> {
  const weights = options.weights ?? path.join('out', run.name, ENSEMBLE_CHECKPOINT);
  const file = cli.resolve(weights);
  if (!fs.existsSync(file)) {
    cli.io.stderr(
      `nnc: ${weights}: no such file; expected the checkpoint of ensemble ${ensemble.name} (nnc train writes out/${run.name}/${ENSEMBLE_CHECKPOINT})\n`,
    );
    cli.setExit(1);
    return;
  }
  const content = readSafetensors(file);
  if (content.metadata.format !== 'nnet-ensemble' || content.metadata.ensemble !== ensemble.name) {
    cli.io.stderr(
      `nnc: ${weights} is not a checkpoint of ensemble ${ensemble.name}${content.metadata.ensemble ? ` (it holds ensemble ${content.metadata.ensemble})` : content.metadata.model ? ` (it holds the weights of model ${content.metadata.model})` : ''}; pass the ${ENSEMBLE_CHECKPOINT} that \`nnc train\` wrote for it\n`,
    );
    cli.setExit(1);
    return;
  }
  const seed = Number(content.metadata.seed ?? 0);
  // One compiled module; a fresh model of it per learner, filled from the checkpoint.
  const compiled = compileModelToJs(
    graph,
    undefined,
    result.checked!,
    result.sources,
    builtinCatalogue(),
    {
      runtimeImport: runtimeFileUrl(),
    },
  );
  if (!compiled.value) {
    reportRefusal(cli, compiled.diagnostics, result.sources);
    return;
  }
  const module = await importGeneratedModule(compiled.value.js);
  const restored = restoreEnsemble(() => module.create({ seed }), content.tensors, weights);
  const first = restored.learners[0] ?? module.create({ seed });
  const classes = ensemble.classes ?? 2;

  let data: Dataset;
  let shown: unknown[];
  let targets: Column | undefined;
  if (options.split !== undefined) {
    const split = await helpers.splitData(seed);
    if (!split) return;
    data = split;
    const inputSize = data.inputShape.reduce((a, b) => a * b, 1);
    shown = Array.from({ length: data.count }, (_, i) =>
      inputSize <= 8
        ? Array.from(data.inputs.subarray(i * inputSize, (i + 1) * inputSize))
        : `#${i + 1}`,
    );
    targets = { name: 'target', values: datasetLabels(data), size: 1 };
  } else {
    const targetColumn =
      run.data?.name === 'csv' && typeof run.data.args.target === 'string'
        ? run.data.args.target
        : undefined;
    const samples = readEvalInput(options.input!, first.inputShape, cli.resolve, targetColumn);
    shown = samples.shown;
    data = {
      inputs: Float32Array.from(samples.values),
      targets: new Float32Array(0),
      count: samples.count,
      inputShape: [...first.inputShape],
      targetShape: [],
      task: 'classification',
    };
  }
  const vote = ensembleVote(restored.learners, restored.alphas, classes, data);
  const limit =
    options.limit !== undefined ? Math.max(0, Math.floor(Number(options.limit))) : data.count;
  const shownCount = Math.min(limit, data.count);
  const columns: Column[] = [
    { name: 'H', values: vote.classes, size: 1 },
    { name: 'vote', values: vote.scores, size: classes },
    ...(targets ? [targets] : []),
  ];
  cli.io.stdout(
    helpers.render(options.format, shown.slice(0, shownCount), columns, shownCount, false),
  );
  if (targets && options.format === 'table') {
    let right = 0;
    for (let i = 0; i < data.count; i++) if (vote.classes[i] === targets.values[i]) right++;
    cli.io.stdout(
      `accuracy of H (${restored.alphas.length} learners) on ${options.split}: ${((100 * right) / Math.max(1, data.count)).toFixed(2)} % of ${data.count}\n`,
    );
  }
}
