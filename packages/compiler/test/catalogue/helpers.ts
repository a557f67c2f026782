// Test helpers: apply one catalogue layer (or a chain of them) to shapes with arguments given as
// data, filling defaults the way the checker does, and count parameters under a convention.

import {
  activationLayer,
  countParams,
  createCatalogue,
  findActivation,
  withDefaults,
  type Args,
  type Convention,
  type LayerSpec,
  type ParamCount,
  type Shape,
  type ShapeResult,
} from '../../src/catalogue/index.js';

export const catalogue = createCatalogue();

/** A layer by name, or an activation wrapped as a layer (`prelu`). */
export function layerNamed(name: string): LayerSpec {
  const layer = catalogue.layers.get(name);
  if (layer) return layer;
  const activation = findActivation(catalogue, name);
  if (activation) return activationLayer(activation);
  throw new Error(`no layer or activation named ${name}`);
}

export function outputOf(name: string, inputs: readonly Shape[], given: Args = {}): ShapeResult {
  const spec = layerNamed(name);
  return spec.outputShape(inputs, withDefaults(spec.args, given));
}

/** The output shape, failing the test if the rule reports a problem. */
export function shapeOf(name: string, inputs: readonly Shape[], given: Args = {}): Shape {
  const result = outputOf(name, inputs, given);
  if ('problem' in result) throw new Error(`${name} reported ${JSON.stringify(result.problem)}`);
  return result.shape;
}

export function paramsOf(
  name: string,
  inputs: readonly Shape[],
  given: Args = {},
  convention: Convention = 'keras',
): ParamCount {
  const spec = layerNamed(name);
  const args = withDefaults(spec.args, given);
  return countParams(spec, inputs, args, shapeOf(name, inputs, given), convention);
}

export function flopsOf(name: string, inputs: readonly Shape[], given: Args = {}): number {
  const spec = layerNamed(name);
  return spec.flops(inputs, withDefaults(spec.args, given), shapeOf(name, inputs, given));
}

export interface ChainRow {
  layer: string;
  output: Shape;
  params: number;
  nonTrainable: number;
}

/** Runs a sequential model: each step takes the previous output. */
export function chain(
  input: Shape,
  steps: readonly [string, Args?][],
  convention: Convention = 'keras',
): ChainRow[] {
  const rows: ChainRow[] = [];
  let current = input;
  for (const [layer, given = {}] of steps) {
    const count = paramsOf(layer, [current], given, convention);
    current = shapeOf(layer, [current], given);
    rows.push({ layer, output: current, params: count.total, nonTrainable: count.nonTrainable });
  }
  return rows;
}

export const totalParams = (rows: readonly ChainRow[]) =>
  rows.reduce((sum, row) => sum + row.params, 0);
