// The regression pictures of `nnc train` and `nnc evaluate`: residuals for any regression model,
// and for a 1-D input the data, the target function of a `function(…)` source, the fit, and each
// unit of the last hidden layer's contribution when a linear dense(1) reads it (read by compiling
// the model cut at that layer and copying the trained weights into it).

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  compileExpression,
  regressionFitSvg,
  residualsSvg,
  svgToPng,
  type CompiledModel,
  type Dataset,
} from '@nnet/runtime/train';
import type { CheckResult } from '../compile.js';
import type { ModelGraph } from '../check/graph.js';
import type { TrainRun } from '../check/train.js';
import type { CliContext } from './main.js';
import { compileAndCreate } from './trained-model.js';

export interface RegressionContext {
  graph: ModelGraph;
  run: TrainRun;
  result: CheckResult;
}

type Splits = Record<string, { data: Dataset; outputs: Float32Array }>;

const sampleGrid = (low: number, high: number, count = 300) =>
  Array.from({ length: count }, (_, i) => low + ((high - low) * i) / (count - 1));

function predictGrid(model: CompiledModel, grid: number[]): Float32Array {
  return model.predict(Float32Array.from(grid), grid.length).slice();
}

/** Each unit's w_j·h_j(x) on the grid, when the model ends in a linear dense(1) after a layer. */
async function unitContributions(
  model: CompiledModel,
  context: RegressionContext,
  grid: number[],
  fit: Float32Array,
  cli: CliContext,
): Promise<{ contributions: number[][]; bias: number } | undefined> {
  const last = context.graph.nodes.at(-1);
  const activation = last?.args.activation;
  if (!last || last.kind !== 'dense' || last.args.units !== 1) return undefined;
  if (activation !== undefined && activation !== 'linear' && activation !== null) return undefined;
  const weights = model.params[`${last.name}/weights`];
  const bias = model.params[`${last.name}/bias`]?.[0] ?? 0;
  if (!weights || weights.length > 64) return undefined;
  const cut = await compileAndCreate(
    { ...context.graph, outputs: [last.inputs[0]] },
    undefined,
    context.result,
    cli,
    0,
  );
  if (!cut) return undefined;
  for (const [name, values] of Object.entries(cut.params)) {
    const trained = model.params[name];
    if (!trained || trained.length !== values.length) return undefined;
    values.set(trained);
  }
  const hidden = predictGrid(cut, grid);
  const units = weights.length;
  if (hidden.length !== grid.length * units) return undefined;
  const contributions = Array.from({ length: units }, (_, j) =>
    grid.map((_, i) => weights[j] * hidden[i * units + j]),
  );
  // The decomposition must add up to what the network computes; if not, draw nothing.
  const agrees = grid.every((_, i) => {
    const sum = bias + contributions.reduce((s, c) => s + c[i], 0);
    return Math.abs(sum - fit[i]) <= 1e-3 * (1 + Math.abs(fit[i]));
  });
  return agrees ? { contributions, bias } : undefined;
}

export async function writeRegressionPictures(
  model: CompiledModel,
  splits: Splits,
  context: RegressionContext | undefined,
  title: string,
  folder: string,
  cli: CliContext,
): Promise<string[]> {
  const written: string[] = [];
  const write = async (stem: string, svg: string) => {
    const base = path.join(folder, stem);
    fs.writeFileSync(`${base}.svg`, svg);
    fs.writeFileSync(`${base}.png`, await svgToPng(svg));
    written.push(`${base}.svg`, `${base}.png`);
  };
  await write(
    'residuals',
    residualsSvg(
      Object.entries(splits).map(([split, { data, outputs }]) => ({
        split,
        predicted: Array.from(outputs),
        actual: Array.from(data.targets),
      })),
      `${title}: residuals`,
    ),
  );
  const oneDimensional =
    model.inputShape.length === 1 &&
    model.inputShape[0] === 1 &&
    model.outputShape.reduce((a, b) => a * b, 1) === 1;
  if (!oneDimensional) return written;
  const xs = Object.values(splits).flatMap(({ data }) => Array.from(data.inputs));
  const grid = sampleGrid(Math.min(...xs), Math.max(...xs));
  const fit = predictGrid(model, grid);
  const data = context?.run.data;
  let target: { label: string; values: number[] } | undefined;
  if (data?.name === 'function' && typeof data.args.expr === 'string') {
    const f = compileExpression(data.args.expr);
    target = { label: `target ${data.args.expr}`, values: grid.map((x) => f(x)) };
  }
  const units = context ? await unitContributions(model, context, grid, fit, cli) : undefined;
  await write(
    'fit',
    regressionFitSvg({
      title: `${title}: fit`,
      points: Object.entries(splits).map(([split, { data: d }]) => ({
        split,
        x: Array.from(d.inputs),
        y: Array.from(d.targets),
      })),
      grid,
      fit: Array.from(fit),
      ...(target ? { target } : {}),
      ...(units ? { units } : {}),
    }),
  );
  return written;
}
