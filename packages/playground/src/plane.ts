// The model over the plane, for 2-D inputs: its output on a grid covering the data (the decision
// boundary), and each neuron's output on the same grid when the model is a chain of matrix layers
// (recomputed from the weights with the runtime's activation kernels), with a copy of its weights.

import { activationTable, matmul, type CompiledModel } from '@nnet/runtime';
import type { PlaygroundData } from './datasets.js';
import type { DenseLayerInfo, TrainerPlane } from './protocol.js';

export const GRID = 50;
/** At most this many neurons per layer are drawn (the first ones). */
export const MAX_NEURONS = 8;

export function planeReport(
  model: CompiledModel,
  data: PlaygroundData,
  test: Int32Array,
  chain: DenseLayerInfo[] | undefined,
  steps: number,
): TrainerPlane {
  let extent = 0;
  for (let i = 0; i < data.count * 2; i++) extent = Math.max(extent, Math.abs(data.inputs[i]));
  const range = Math.max(1, extent * 1.15);
  const cells = GRID * GRID;
  const grid = new Float32Array(cells * 2);
  for (let row = 0; row < GRID; row++) {
    for (let col = 0; col < GRID; col++) {
      const cell = row * GRID + col;
      grid[cell * 2] = -range + ((col + 0.5) * 2 * range) / GRID;
      grid[cell * 2 + 1] = range - ((row + 0.5) * 2 * range) / GRID;
    }
  }
  const output = Float32Array.from(model.predict(grid, cells));
  const classes = output.length / cells;
  const label = new Int32Array(data.count);
  for (let i = 0; i < data.count; i++) label[i] = Math.round(data.targets[i * data.targetSize]);
  const isTest = new Uint8Array(data.count);
  for (const i of test) isTest[i] = 1;
  return {
    type: 'plane',
    size: GRID,
    range,
    classes,
    steps,
    output,
    neurons: chain ? neuronMaps(model, chain, grid, cells) : [],
    points: { x: data.inputs.slice(0, data.count * 2), label, test: isTest },
  };
}

/** Every layer's neurons over the grid (the last is the output layer), with its kernel. */
function neuronMaps(
  model: CompiledModel,
  chain: DenseLayerInfo[],
  grid: Float32Array,
  cells: number,
): TrainerPlane['neurons'] {
  const maps: TrainerPlane['neurons'] = [];
  let x = grid;
  let width = 2;
  for (const [index, layer] of chain.entries()) {
    const weights = model.params[layer.weights];
    if (!weights || weights.length !== width * layer.units) return maps;
    const out = new Float32Array(cells * layer.units);
    matmul(x, weights, out, cells, width, layer.units);
    const bias = layer.bias ? model.params[layer.bias] : undefined;
    if (bias) for (let i = 0; i < out.length; i++) out[i] += bias[i % layer.units];
    const activation = activationTable[layer.activation as keyof typeof activationTable];
    if (activation?.kind === 'elementwise') activation.forward(out, out, out.length, 0.01);
    else if (activation?.kind === 'rows') activation.forward(out, out, cells, layer.units);
    const shown = Math.min(layer.units, MAX_NEURONS);
    const values = Array.from({ length: shown }, (_, j) => {
      const map = new Float32Array(cells);
      for (let c = 0; c < cells; c++) map[c] = out[c * layer.units + j];
      return map;
    });
    maps.push({
      layer: layer.name,
      units: layer.units,
      values,
      kernel: Float32Array.from(weights),
      output: index === chain.length - 1,
    });
    x = out;
    width = layer.units;
  }
  return maps;
}
