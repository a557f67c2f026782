// The state of one ONNX import: what each ONNX tensor is (a constant, or an nnet value held in some
// layout), the nnet layers made so far, and the ONNX graph's structure (consumers, outputs,
// constants). Handlers read nodes and add layers through it; it never throws for user input.
//
// Layouts: an nnet value is channels-last [batch, spatial…, channels]. The ONNX tensor holding it is
// 'last' (the same), 'first' (channels moved to axis 1, as Conv wants), 'flat' (a channels-first
// value flattened: ONNX feature i is nnet feature order[i]) or 'unit' (a [C] value as [C, 1, …]).

import type { AttributeProto, GraphProto, NodeProto } from '../../onnx/proto.js';
import { tensorValues } from '../../onnx/tensor.js';

export type ValueLayout =
  | { kind: 'last' }
  | { kind: 'first' }
  | { kind: 'flat'; order: Int32Array }
  | { kind: 'unit'; spatialRank: number };

export interface ValueTensor {
  kind: 'value';
  value: number;
  layout: ValueLayout;
  /** The ONNX tensor's shape without the batch axis. */
  onnxShape: number[];
}

export interface ConstantTensor {
  kind: 'constant';
  dims: number[];
  values: Float64Array;
  /**
   * An initializer (what exporters write weights as) or a `Constant` node's output (what nnc
   * writes in place of a weight a layer does not learn, such as a layernorm's missing β).
   */
  origin: 'initializer' | 'node';
  /** A `Transpose` of this matrix initializer made it (a tied layer reads a kernel so). */
  transposeOf?: { initializer: string; node: NodeProto };
}

export type TensorInfo = ValueTensor | ConstantTensor;

export interface ImportedWeight {
  shape: number[];
  values: ArrayLike<number>;
}

/** One nnet layer statement. */
export interface ImportedLayer {
  kind: string;
  positional: string[];
  named: Map<string, string>;
  /** The activation argument (`relu`, `leaky_relu(0.2)`), when one was folded in. */
  activation?: string;
  weights: Map<string, ImportedWeight>;
  /** The ONNX initializers its node reads (its weights' sources), when any. */
  initializers?: string[];
  /** A dense layer's kernel is this initializer as it is (not transposed, scaled or reordered). */
  kernelInitializer?: string;
  /** `dense_transposed`: the index of the dense layer whose kernel it reads (written `shared`). */
  tiedTo?: number;
  /** Value ids of its inputs. */
  inputs: number[];
  /** The value's shape without the batch axis (channels-last). */
  shape: number[];
  /** The ONNX node it came from: names its value, and decides which activations fold into it. */
  node: string;
  /** That node's doc string (nnc writes `nnet perceptron layer …` there). */
  nodeDoc?: string;
  /** dense and conv without an activation yet take a following activation as their argument. */
  takesActivation: boolean;
}

export interface ImportedInput {
  name: string;
  shape: number[];
  dtype: 'float' | 'int';
}

/** Values are numbered inputs first, then one per layer. */
export interface ImportedModel {
  name: string;
  inputs: ImportedInput[];
  layers: ImportedLayer[];
  outputs: number[];
  /** Kernels read transposed that could not be tied to their layer (NN4016 warnings). */
  untied: ImportContext['untied'];
}

export const last: ValueLayout = { kind: 'last' };
export const first: ValueLayout = { kind: 'first' };

export class ImportContext {
  readonly tensors = new Map<string, TensorInfo>();
  readonly inputs: ImportedInput[] = [];
  readonly layers: ImportedLayer[] = [];
  /** What the import did in another way than the graph says (NN4016), in graph order. */
  readonly untied: { what: string; matrix: string; reason: string }[] = [];
  /** Nodes a pattern has already consumed (composite activations). */
  readonly done = new Set<NodeProto>();
  private readonly consumerMap = new Map<string, NodeProto[]>();
  private readonly graphOutputs: Set<string>;

  constructor(
    readonly graph: GraphProto,
    readonly opset: number,
    /** Written by nnc: activations fold into a layer only when their node is named under it. */
    readonly fromNnc: boolean,
  ) {
    for (const node of graph.node) {
      for (const input of node.input) {
        if (!input) continue;
        const list = this.consumerMap.get(input) ?? [];
        list.push(node);
        this.consumerMap.set(input, list);
      }
    }
    this.graphOutputs = new Set(graph.output.map((o) => o.name));
  }

  consumers(tensor: string): NodeProto[] {
    return this.consumerMap.get(tensor) ?? [];
  }

  isGraphOutput(tensor: string): boolean {
    return this.graphOutputs.has(tensor);
  }

  /** Read by exactly one node and not a graph output: a pattern may absorb it. */
  isPrivate(tensor: string): boolean {
    return this.consumers(tensor).length === 1 && !this.isGraphOutput(tensor);
  }

  value(tensor: string): ValueTensor | undefined {
    const info = this.tensors.get(tensor);
    return info?.kind === 'value' ? info : undefined;
  }

  constant(tensor: string): ConstantTensor | undefined {
    const info = this.tensors.get(tensor);
    return info?.kind === 'constant' ? info : undefined;
  }

  /** Records an initializer or Constant output; a reason when its data cannot be read. */
  addConstant(
    name: string,
    tensor: Parameters<typeof tensorValues>[0],
    origin: ConstantTensor['origin'],
  ): string | undefined {
    const read = tensorValues(tensor);
    if ('problem' in read) return read.problem;
    this.tensors.set(name, {
      kind: 'constant',
      dims: tensor.dims ?? [],
      values: read.values,
      origin,
    });
    return undefined;
  }

  valueShape(value: number): number[] {
    return value < this.inputs.length
      ? this.inputs[value].shape
      : this.layers[value - this.inputs.length].shape;
  }

  layerOf(value: number): ImportedLayer | undefined {
    return value < this.inputs.length ? undefined : this.layers[value - this.inputs.length];
  }

  addLayer(
    layer: Omit<ImportedLayer, 'named' | 'weights' | 'positional' | 'takesActivation'> &
      Partial<ImportedLayer>,
  ): number {
    this.layers.push({
      positional: [],
      named: new Map(),
      weights: new Map(),
      takesActivation: false,
      ...layer,
    });
    return this.inputs.length + this.layers.length - 1;
  }

  setValue(tensor: string, value: number, layout: ValueLayout, onnxShape: number[]): void {
    this.tensors.set(tensor, { kind: 'value', value, layout, onnxShape });
  }
}

/** Attribute readers with ONNX defaults. */
export function attributes(node: NodeProto) {
  const byName = new Map<string, AttributeProto>((node.attribute ?? []).map((a) => [a.name, a]));
  return {
    has: (name: string) => byName.has(name),
    int: (name: string, fallback: number) => byName.get(name)?.i ?? fallback,
    float: (name: string, fallback: number) => byName.get(name)?.f ?? fallback,
    ints: (name: string): number[] | undefined => byName.get(name)?.ints?.map(Number),
    string: (name: string, fallback: string) => {
      const bytes = byName.get(name)?.s;
      return bytes ? new TextDecoder().decode(bytes) : fallback;
    },
    tensor: (name: string) => byName.get(name)?.t,
    get: (name: string) => byName.get(name),
  };
}

/** "the ONNX operator `Conv` (node `conv1`)" */
export function describeNode(node: NodeProto): string {
  const op =
    node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
  return `the ONNX operator \`${op}\`${node.name ? ` (node \`${node.name}\`)` : ''}`;
}

export const sameLayout = (a: ValueLayout, b: ValueLayout): boolean =>
  a.kind === b.kind &&
  (a.kind !== 'flat' ||
    (b.kind === 'flat' &&
      a.order.length === b.order.length &&
      a.order.every((v, i) => v === b.order[i]))) &&
  (a.kind !== 'unit' || (b.kind === 'unit' && a.spatialRank === b.spatialRank));

/** ONNX per-sample shape of an nnet shape held in a layout. */
export function onnxShapeOf(shape: readonly number[], layout: ValueLayout): number[] {
  if (layout.kind === 'first') return [shape[shape.length - 1], ...shape.slice(0, -1)];
  if (layout.kind === 'flat') return [layout.order.length];
  if (layout.kind === 'unit') return [shape[0], ...new Array<number>(layout.spatialRank).fill(1)];
  return [...shape];
}

// --- helpers the operator importers share ------------------------------------------------------

/** Why an input that should be an nnet value is not one. */
export const notAValue = (node: NodeProto, index = 0) =>
  `its input \`${node.input[index]}\` is not a layer's output (a constant or an unsupported value)`;
/** A window argument as nnet writes it: `3` for [3, 3], `[3, 5]` otherwise. */
export const tuple = (values: readonly number[]) =>
  values.every((v) => v === values[0]) ? String(values[0]) : `[${values.join(', ')}]`;
export const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Values indexed by ONNX feature, reordered to nnet's features (a 'flat' layout's order). */
export function toNnetOrder(values: ArrayLike<number>, layout: ValueLayout): ArrayLike<number> {
  if (layout.kind !== 'flat') return values;
  const out = new Float64Array(values.length);
  layout.order.forEach((target, i) => (out[target] = values[i]));
  return out;
}

/** A constant with `count` values, broadcast from one value or from a [1, …, count] shape. */
export function vector(
  constant: ConstantTensor | undefined,
  count: number,
): Float64Array | undefined {
  if (!constant) return undefined;
  if (constant.values.length === count) return constant.values;
  if (constant.values.length === 1) return new Float64Array(count).fill(constant.values[0]);
  return undefined;
}
