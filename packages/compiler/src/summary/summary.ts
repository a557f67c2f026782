// Model summaries: from a checked ModelGraph to one row per layer (name, kind, inputs, output
// shape, parameters under both conventions) and totals, the numbers `nnc summary` prints and the
// editor shows inline. Pure data; rendering lives in render.ts.

import type { Catalogue, Convention, Shape } from '../catalogue/types.js';
import { weightsFor, sizeOf, type ModelGraph } from '../check/graph.js';
import { finalActivation, type TrainRun } from '../check/train.js';

export interface ParamCounts {
  total: number;
  trainable: number;
  nonTrainable: number;
}

export interface SummaryRow {
  name: string;
  kind: string;
  /** Names of the layers (or model inputs) feeding this one. */
  inputs: string[];
  outputShape: Shape | undefined;
  /** Under the chosen convention. */
  params: ParamCounts;
  /** Under the other convention, when it differs. */
  otherParams?: ParamCounts;
  flops: number;
  /** A use of a `shared` layer: its name, the row holding its weights, and every row using them. */
  shared?: { name: string; owner: string; uses: string[]; transposed?: boolean };
}

export interface ModelSummary {
  model: string;
  convention: Convention;
  inputs: { name: string; shape: Shape | undefined; dtype: 'float' | 'int' }[];
  outputs: string[];
  rows: SummaryRow[];
  totals: ParamCounts;
  otherConvention: Convention;
  otherTotals: ParamCounts;
  /** Bytes of all parameters (trainable and not) stored as float32. */
  parameterBytes: number;
  flops: number;
  /** True when every layer has one input that is the previous row's output. */
  sequential: boolean;
  /** How each train run of this model computes its loss (the fused softmax / sigmoid case). */
  lossNotes: string[];
  /** False when errors left the model incomplete: the totals count only the layers checked so far. */
  complete: boolean;
}

export function countNodeParams(
  graph: ModelGraph,
  nodeIndex: number,
  convention: Convention,
): ParamCounts {
  const node = graph.nodes[nodeIndex];
  let trainable = 0;
  let nonTrainable = 0;
  for (const weight of weightsFor(node, convention)) {
    const size = sizeOf(weight.shape);
    if (weight.trainable && node.trainable) trainable += size;
    else nonTrainable += size;
  }
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}

function add(a: ParamCounts, b: ParamCounts): ParamCounts {
  return {
    total: a.total + b.total,
    trainable: a.trainable + b.trainable,
    nonTrainable: a.nonTrainable + b.nonTrainable,
  };
}

const zero: ParamCounts = { total: 0, trainable: 0, nonTrainable: 0 };

export function summarize(
  graph: ModelGraph,
  catalogue: Catalogue,
  convention: Convention = 'keras',
  runs: readonly TrainRun[] = [],
): ModelSummary {
  const other: Convention = convention === 'keras' ? 'torch' : 'keras';
  const valueName = (id: number): string => {
    const value = graph.values[id];
    if (value.producer !== undefined) return graph.nodes[value.producer].name;
    return graph.inputs.find((i) => i.valueId === id)?.name ?? `value ${id}`;
  };
  let totals = zero;
  let otherTotals = zero;
  let flops = 0;
  let sequential = graph.inputs.length === 1 && graph.outputs.length === 1;
  let previous = graph.inputs[0]?.valueId;
  const rows: SummaryRow[] = graph.nodes.map((node, index) => {
    const params = countNodeParams(graph, index, convention);
    const otherParams = countNodeParams(graph, index, other);
    totals = add(totals, params);
    otherTotals = add(otherTotals, otherParams);
    const inputShapes = node.inputs.map((id) => graph.values[id].shape);
    const nodeFlops =
      node.outputShape && inputShapes.every((s) => s !== undefined)
        ? layerFlops(
            node.kind,
            node.isActivation,
            inputShapes as Shape[],
            node.args,
            node.outputShape,
            catalogue,
          )
        : 0;
    flops += nodeFlops;
    if (node.inputs.length !== 1 || node.inputs[0] !== previous) sequential = false;
    previous = node.output;
    return {
      name: node.name,
      kind: node.kind,
      inputs: node.inputs.map(valueName),
      outputShape: node.outputShape,
      params,
      ...(otherParams.total !== params.total || otherParams.trainable !== params.trainable
        ? { otherParams }
        : {}),
      flops: nodeFlops,
      ...(node.shared
        ? {
            shared: {
              name: node.shared.name,
              owner: graph.nodes[node.shared.owner].name,
              uses: graph.nodes
                .filter((other) => other.shared?.owner === node.shared!.owner)
                .map((other) => other.name),
            },
          }
        : {}),
      // `dense_transposed(enc)`: reads the kernel of enc's first use, transposed.
      ...(node.tied
        ? {
            shared: {
              name: node.tied.name,
              owner: graph.nodes[node.tied.owner].name,
              uses: [node.name],
              transposed: true,
            },
          }
        : {}),
    };
  });
  return {
    model: graph.name,
    convention,
    inputs: graph.inputs.map((i) => ({ name: i.name, shape: i.shape, dtype: i.dtype })),
    outputs: graph.outputs.map(valueName),
    rows,
    totals,
    otherConvention: other,
    otherTotals,
    parameterBytes: totals.total * 4,
    flops,
    sequential,
    complete: graph.complete,
    lossNotes: runs
      .filter((r) => r.model === graph.name && r.loss)
      .map((r) => lossNote(r, graph, catalogue)),
  };
}

function layerFlops(
  kind: string,
  isActivation: boolean,
  inputs: Shape[],
  args: ModelGraph['nodes'][number]['args'],
  output: Shape,
  catalogue: Catalogue,
): number {
  if (isActivation) return sizeOf(output);
  const spec = catalogue.layers.get(kind);
  return spec ? spec.flops(inputs, args, output) : 0;
}

/** Says which of the loss's cases holds: fused with the model's final activation, or applying it itself. */
export function lossNote(run: TrainRun, graph: ModelGraph, catalogue: Catalogue): string {
  const loss = run.loss ? catalogue.losses.get(run.loss.name) : undefined;
  const runName =
    run.name === run.model ? `train ${run.model}` : `train ${run.model} as ${run.name}`;
  if (!loss) return `${runName}: no loss`;
  const last = finalActivation(graph);
  if (loss.fusesWith) {
    return last === loss.fusesWith
      ? `${loss.name} (${runName}) is fused with the final ${last}: computed from the values before it, stably, with gradient p − y`
      : `${loss.name} (${runName}) applies ${loss.fusesWith} itself: the model ends in raw scores`;
  }
  return `${loss.name} (${runName})`;
}
