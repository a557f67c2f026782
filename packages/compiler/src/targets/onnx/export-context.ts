// What the ONNX op emitters share while one IrModel becomes one graph: the ONNX name of each IR
// tensor in each layout it exists in (a Transpose is inserted the first time another layout is
// asked for, and reused), node names taken from the layer names, and initializers for weights.
// nnet values are channels-last; conv and pooling work channels-first ('first').

import * as path from 'node:path';
import type { Catalogue, Shape } from '../../catalogue/types.js';
import type { IrModel, IrOp } from '../../ir/ir.js';
import { GraphBuilder, attr } from './graph-builder.js';
import type { AttributeProto } from '../../onnx/proto.js';

/** How an ONNX tensor holds an nnet value: as is, or with the channel (last) axis moved to axis 1. */
export type Layout = 'last' | 'first';

/** [batch, spatial…, channels] → [batch, channels, spatial…] for a tensor of `rank` axes. */
export function toChannelsFirst(rank: number): number[] {
  return [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
}

/** [batch, channels, spatial…] → [batch, spatial…, channels]. */
export function toChannelsLast(rank: number): number[] {
  return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
}

export class ExportContext {
  readonly graph = new GraphBuilder();
  private readonly names = new Map<number, Map<Layout, string>>();
  private readonly params = new Map<number, string>();
  private readonly namedLayers = new Set<string>();

  constructor(
    readonly model: IrModel,
    /** A weight's values by its checkpoint name (`dense/weights`). */
    private readonly weights: (param: string) => Float32Array,
    /** The kind of each layer (`dense`, `perceptron`), for the doc string of its first node. */
    private readonly layerKinds: ReadonlyMap<string, string>,
    /** The vocabulary, for each activation's ONNX mapping. */
    readonly catalogue: Catalogue,
  ) {}

  shape(tensor: number): Shape {
    return this.model.tensors[tensor].shape;
  }

  /** Axes of the ONNX tensor, the batch included. */
  rank(tensor: number): number {
    return this.shape(tensor).length + 1;
  }

  /** Records that `name` holds `tensor` in `layout` (both layouts when they coincide). */
  define(tensor: number, layout: Layout, name: string): void {
    const layouts = this.names.get(tensor) ?? new Map<Layout, string>();
    this.names.set(tensor, layouts);
    if (this.rank(tensor) < 3) {
      layouts.set('last', name);
      layouts.set('first', name);
    } else layouts.set(layout, name);
  }

  has(tensor: number, layout: Layout): boolean {
    return this.names.get(tensor)?.has(layout) ?? false;
  }

  /** The layout a layout-indifferent op should read: channels-last unless only channels-first exists. */
  current(tensor: number): Layout {
    return this.has(tensor, 'last') ? 'last' : 'first';
  }

  /** The layout every input of the op already has (the first input's preferred), else 'last'. */
  sharedLayout(op: IrOp): Layout {
    const preferred = this.current(op.inputs[0]);
    return op.inputs.every((t) => this.has(t, preferred)) ? preferred : 'last';
  }

  /** The ONNX name of `tensor` in `layout`, transposing (once, named after `layer`) when needed. */
  value(tensor: number, layout: Layout, layer: string): string {
    const existing = this.names.get(tensor)?.get(layout);
    if (existing) return existing;
    const from = this.names.get(tensor)?.get(layout === 'first' ? 'last' : 'first');
    if (!from) throw new Error(`tensor %${tensor} is read before it is computed`);
    const rank = this.rank(tensor);
    const perm = layout === 'first' ? toChannelsFirst(rank) : toChannelsLast(rank);
    const name = this.graph.node('Transpose', [from], `${layer}/to_channels_${layout}`, [
      attr.ints('perm', perm),
    ]);
    this.define(tensor, layout, name);
    return name;
  }

  /**
   * Adds a node of `op`'s layer. The layer's first such node takes the layer's name, and says in
   * its doc string which layer it comes from; later ones are `layer/suffix`: an importer can tell
   * a layer's own activation from a separate layer.
   */
  node(
    op: IrOp,
    opType: string,
    inputs: readonly string[],
    suffix: string,
    attributes: AttributeProto[] = [],
  ): string {
    const layer = op.source.layer;
    if (this.namedLayers.has(layer))
      return this.graph.node(opType, inputs, `${layer}/${suffix}`, attributes);
    this.namedLayers.add(layer);
    const kind = this.layerKinds.get(layer) ?? op.kind;
    return this.graph.node(
      opType,
      inputs,
      layer,
      attributes,
      `nnet ${kind} layer \`${layer}\` (${path.basename(op.source.file)}:${op.source.line})`,
    );
  }

  /** The initializer of a parameter (by id), added on first use; `convert` gives its ONNX dims and data. */
  param(
    id: number,
    convert?: (values: Float32Array, shape: Shape) => { dims: number[]; values: ArrayLike<number> },
  ): string {
    const existing = this.params.get(id);
    if (existing) return existing;
    const { name, shape } = this.model.params[id];
    const { dims, values } = convert
      ? convert(this.weights(name), shape)
      : { dims: [...shape], values: this.weights(name) };
    const initializer = this.graph.floatInitializer(name, dims, values);
    this.params.set(id, initializer);
    return initializer;
  }

  /** A float32 constant (a scalar unless dims are given). */
  constant(name: string, values: readonly number[], dims: number[] = []): string {
    return this.graph.floatInitializer(name, dims, values);
  }
}
