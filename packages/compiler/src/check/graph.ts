// The checked form of a model: a data-flow graph of layer nodes with static shapes and weights,
// blocks and `repeat` expanded, in topological order. Plain data; the summary, the lowering to IR
// and the editor all read it.

import type { Args, Convention, Shape, WeightSpec } from '../catalogue/types.js';
import type { Span } from '../syntax/source.js';

/** A location in some file of the program. */
export interface Location {
  file: string;
  span: Span;
}

/** A value flowing between layers: a model input or a node's output. */
export interface GraphValue {
  id: number;
  /** Unknown (undefined) after a shape error upstream; later checks skip it. */
  shape: Shape | undefined;
  dtype: 'float' | 'int';
  /** The node producing it; absent for model inputs. */
  producer?: number;
  /** The model input's or the user's name, when it has one. */
  name?: string;
}

export interface GraphInput {
  name: string;
  valueId: number;
  shape: Shape | undefined;
  dtype: 'float' | 'int';
  location: Location;
}

/** Initial values set with `with { … }`. */
export interface WeightOverride {
  /** Row-major values matching the weight's shape, from a literal. */
  values?: number[];
  /** `load("file.safetensors", "name")` */
  load?: { file: string; tensor: string };
  location: Location;
}

export interface LayerNode {
  id: number;
  /** Unique within the model: the user's name (`h`) or Keras-style `dense`, `dense_1`, … */
  name: string;
  /** The catalogue entry: a layer name, or an activation used as a layer. */
  kind: string;
  isActivation: boolean;
  args: Args;
  inputs: number[];
  output: number;
  outputShape: Shape | undefined;
  /** Every weight under every convention; filter with `weightsFor`. */
  weights: WeightSpec[];
  overrides: Record<string, WeightOverride>;
  /** `with { trainable = false }` */
  trainable: boolean;
  /** `with { init = … }` */
  init?: string;
  /** `init = normal(stddev = 0.01)`: the runtime initializer's options. */
  initOptions?: Readonly<Record<string, number>>;
  /** The block instances this node sits in, outermost first (`ResidualDense_1`). */
  blockPath: string[];
  /** The steps that called those blocks, outermost first: where each instance was written. */
  callSites: Location[];
  location: Location;
  /**
   * A use of a `shared NAME = …` layer: `owner` is the node holding the weights (the first use,
   * whose own id it is there); every later use has no weights of its own and reads the owner's.
   */
  shared?: { name: string; owner: number; definition: Location };
  /** `dense_transposed(enc)`: the node holding the shared kernel this one reads transposed. */
  tied?: { name: string; owner: number };
}

export interface ModelGraph {
  name: string;
  doc?: string;
  location: Location;
  inputs: GraphInput[];
  nodes: LayerNode[];
  values: GraphValue[];
  outputs: number[];
  /** False when errors made the graph incomplete: summaries still show what is known. */
  complete: boolean;
}

export function weightsFor(node: LayerNode, convention: Convention): WeightSpec[] {
  return node.weights.filter((w) => !w.conventions || w.conventions.includes(convention));
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
