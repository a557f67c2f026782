// The neurons of a checked model, for the weights view and the perceptron trace: a chain of layers
// that lower to `dense` (their activation, kernel and bias by role, activation layers folded in)
// becomes units and connections; any other layer is kept whole, to be summarised. Facts, not names.

import { isOwnOp } from '../../catalogue/own-op.js';
import type { ActivationValue, Catalogue, LayerLowering } from '../../catalogue/types.js';
import { sizeOf, weightsFor, type ModelGraph } from '../../check/graph.js';

/** An activation with its parameter (leaky_relu's and elu's alpha). */
export interface UnitActivation {
  name: string;
  alpha: number;
  /** Applied to each value alone; only then can the view compute it (softmax is not). */
  elementwise: boolean;
}

/** A layer of units: out = activations(x · kernel + bias), kernel [inputs, units] row-major. */
export interface DenseLayerView {
  kind: 'dense';
  name: string;
  inputs: number;
  units: number;
  kernel: string;
  bias?: string;
  /** Applied in order after the affine map; empty for a linear layer. */
  activations: UnitActivation[];
}

/** A layer the view does not open up: its parameters are shown as histograms. */
export interface OpaqueLayerView {
  kind: 'opaque';
  name: string;
  /** The layer's catalogue name, for its label. */
  layer: string;
  outputs: number;
  params: string[];
}

export type LayerView = DenseLayerView | OpaqueLayerView;

export interface NetworkView {
  model: string;
  inputs: number;
  inputNames: string[];
  layers: LayerView[];
  /** True when every layer is dense, so each unit's output can be computed from the weights. */
  computable: boolean;
}

export function describeNetwork(graph: ModelGraph, catalogue: Catalogue): NetworkView {
  const input = graph.inputs[0];
  const inputs = input?.shape ? sizeOf(input.shape) : 0;
  const layers: LayerView[] = [];
  let computable = graph.inputs.length === 1;
  let previous = input?.valueId;
  /** Values flowing out of the last layer: a dense layer must read all of them, flat. */
  let width = inputs;
  for (const node of graph.nodes) {
    const sequential = node.inputs.length === 1 && node.inputs[0] === previous;
    previous = node.output;
    const spec = node.isActivation ? undefined : catalogue.layers.get(node.kind);
    const params = weightsFor(node, 'keras').map((w) => ({
      ...w,
      param: `${node.name}/${w.name}`,
    }));
    const last = layers.at(-1);
    const elementwise = (value: ActivationValue | undefined): UnitActivation | undefined => {
      if (!value) return undefined;
      const facts =
        catalogue.activations.get(value.activation) ??
        [...catalogue.activations.values()].find((a) => a.aliases?.includes(value.activation));
      if (!facts || facts.form === 'parametric') return undefined;
      const alpha = typeof value.args.alpha === 'number' ? value.args.alpha : 0;
      const elementwise = facts.form === 'elementwise';
      return { name: facts.identity ? 'identity' : facts.name, alpha, elementwise };
    };
    if (node.isActivation) {
      const activation = elementwise({ activation: node.kind, args: node.args as never });
      if (sequential && activation && last?.kind === 'dense' && params.length === 0) {
        if (!activation.elementwise) computable = false;
        last.activations.push(activation);
        continue;
      }
    } else if (spec && !isOwnOp(spec.lowering) && spec.lowering.op === 'dense' && sequential) {
      const kernel = params.find((p) => p.role === 'kernel');
      const bias = params.find((p) => p.role === 'bias');
      const trailing = spec.lowering.activation
        ? { activation: spec.lowering.activation, args: {} }
        : (node.args.activation as ActivationValue | undefined);
      const activation = elementwise(trailing);
      if (
        kernel &&
        kernel.shape.length === 2 &&
        kernel.shape[0] === width &&
        (activation || !trailing)
      ) {
        width = kernel.shape[1];
        if (activation && !activation.elementwise) computable = false;
        layers.push({
          kind: 'dense',
          name: node.name,
          inputs: kernel.shape[0],
          units: kernel.shape[1],
          kernel: kernel.param,
          ...(bias ? { bias: bias.param } : {}),
          activations: activation && activation.name !== 'identity' ? [activation] : [],
        });
        continue;
      }
    } else if (spec && passesValuesThrough(spec.lowering) && sequential && params.length === 0) {
      // Dropout and noise do nothing at inference, and a reshape keeps the values in their
      // row-major order: the view passes through them.
      continue;
    }
    computable = false;
    width = node.outputShape ? sizeOf(node.outputShape) : 0;
    layers.push({
      kind: 'opaque',
      name: node.name,
      layer: node.kind,
      outputs: node.outputShape ? sizeOf(node.outputShape) : 0,
      params: params.map((p) => p.param),
    });
  }
  return {
    model: graph.name,
    inputs,
    inputNames: Array.from({ length: inputs }, (_, i) => `x${subscript(i + 1)}`),
    layers,
    computable,
  };
}

const subscriptDigits = '₀₁₂₃₄₅₆₇₈₉';
export const subscript = (n: number) =>
  String(n)
    .split('')
    .map((d) => subscriptDigits[Number(d)])
    .join('');

/** An op acting only while training (dropout, noise) or a view: values pass through at inference. */
function passesValuesThrough(lowering: LayerLowering): boolean {
  if (!isOwnOp(lowering)) return false;
  return !!lowering.trainingOnly || ('protocol' in lowering.js && lowering.js.protocol === 'view');
}
