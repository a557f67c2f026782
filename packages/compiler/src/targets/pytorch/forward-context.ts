// What the PyTorch op emitters share while one IrModel becomes one nn.Module: the Python variable
// holding each IR tensor in each layout it exists in (a permute line is written the first time the
// other layout is asked for), submodule attributes named after layers, the forward's lines with
// shape comments, and the nnet_weights table. nnet values are channels-last; conv and pooling run
// channels-first ('first'). A value only the next op reads lives in `x`; named values keep a name.

import type { Catalogue, Shape } from '../../catalogue/types.js';
import type { IrModel, IrOp } from '../../ir/ir.js';
import { commentText, type IdentifierPool } from './python-text.js';

export type Layout = 'last' | 'first';

/** One row of the model's nnet_weights table: how an nnet weight maps onto a torch tensor. */
export interface WeightRow {
  /** The parameter's id (its name, `layer/weight`, is the checkpoint's key). */
  param: number;
  /** The torch state_dict entry, e.g. `conv2d.weight`. */
  key: string;
  /** How nnet_checkpoint converts between the Keras layout and torch's (see nnet_checkpoint.py). */
  layout: string;
}

/** [batch, spatial…, channels] → [batch, channels, spatial…] for a tensor of `rank` axes. */
const toChannelsFirst = (rank: number) => [
  0,
  rank - 1,
  ...Array.from({ length: rank - 2 }, (_, i) => i + 1),
];
const toChannelsLast = (rank: number) => [
  0,
  ...Array.from({ length: rank - 2 }, (_, i) => i + 2),
  1,
];

export class ForwardContext {
  readonly lines: string[] = [];
  /** `self.NAME = …` lines of __init__, in order. */
  readonly modules: string[] = [];
  readonly weightRows: WeightRow[] = [];
  private readonly variables = new Map<number, Map<Layout, string>>();
  private readonly attributes = new Map<string, string>();
  private readonly readers = new Map<number, number[]>();

  private readonly layerKinds: ReadonlyMap<string, string>;
  readonly catalogue: Catalogue;
  private readonly attributeNames: IdentifierPool;
  private readonly localNames: IdentifierPool;
  /** Tensors that keep their own variable: the values the user named. */
  private readonly named: ReadonlySet<number>;
  /** The variable of values read once, by the next op (`x`, unless the model uses that name). */
  readonly chain: string;

  constructor(
    readonly model: IrModel,
    readonly ops: readonly IrOp[],
    options: {
      /** The kind of each layer by name (`dense`, `perceptron`, `conv2d`), for comments. */
      layerKinds: ReadonlyMap<string, string>;
      /** Identifiers of submodule attributes. */
      attributeNames: IdentifierPool;
      /** Identifiers of the forward's local variables (the chain variable and inputs taken). */
      localNames: IdentifierPool;
      chain: string;
      named: ReadonlySet<number>;
      /** Tensors read after the ops (outputs, the logits): never kept in the chain variable. */
      kept: Iterable<number>;
      /** The vocabulary's facts an emitter may read (a recurrent layer's torch cell). */
      catalogue: Catalogue;
    },
  ) {
    this.catalogue = options.catalogue;
    this.layerKinds = options.layerKinds;
    this.attributeNames = options.attributeNames;
    this.localNames = options.localNames;
    this.named = options.named;
    this.chain = options.chain;
    ops.forEach((op, index) => {
      for (const input of op.inputs)
        this.readers.set(input, [...(this.readers.get(input) ?? []), index]);
    });
    for (const tensor of options.kept)
      this.readers.set(tensor, [...(this.readers.get(tensor) ?? []), -1]);
  }

  shape(tensor: number): Shape {
    return this.model.tensors[tensor].shape;
  }

  /** Whether a tensor has a channel axis to move (a spatial axis besides the features). */
  private hasLayouts(tensor: number): boolean {
    return this.shape(tensor).length >= 2;
  }

  /** The tensor's shape as torch holds it in `layout`, batch first: `[batch, 32, 26, 26]`. */
  torchShape(tensor: number, layout: Layout): string {
    const shape = [...this.shape(tensor)];
    const dims =
      layout === 'first' && shape.length >= 2
        ? [shape[shape.length - 1], ...shape.slice(0, -1)]
        : shape;
    return `[batch, ${dims.join(', ')}]`.replace(', ]', ']');
  }

  /** The torch dim of nnet axis `axis` (≥ 0, without the batch) of a tensor in `layout`. */
  torchDim(tensor: number, axis: number, layout: Layout): number {
    const rank = this.shape(tensor).length;
    if (layout === 'last' || !this.hasLayouts(tensor)) return axis + 1;
    return axis === rank - 1 ? 1 : axis + 2;
  }

  define(tensor: number, layout: Layout, variable: string): void {
    const layouts = this.variables.get(tensor) ?? new Map<Layout, string>();
    this.variables.set(tensor, layouts);
    if (!this.hasLayouts(tensor)) {
      layouts.set('last', variable);
      layouts.set('first', variable);
    } else layouts.set(layout, variable);
  }

  has(tensor: number, layout: Layout): boolean {
    return this.variables.get(tensor)?.has(layout) ?? false;
  }

  /** The layout a layout-indifferent op reads: channels-last unless only channels-first exists. */
  current(tensor: number): Layout {
    return this.has(tensor, 'last') || !this.variables.has(tensor) ? 'last' : 'first';
  }

  /** The layout every input of a merge already has (preferring the first input's), else 'last'. */
  sharedLayout(op: IrOp): Layout {
    const preferred = this.current(op.inputs[0]);
    return op.inputs.every((t) => this.has(t, preferred)) ? preferred : 'last';
  }

  /** The variable holding `tensor` in `layout`, writing a permute line first when needed. */
  input(tensor: number, layout: Layout, why: string): string {
    const existing = this.variables.get(tensor)?.get(layout);
    if (existing) return existing;
    const from = this.variables.get(tensor)?.get(layout === 'first' ? 'last' : 'first');
    if (!from) throw new Error(`tensor %${tensor} is read before it is computed`);
    const rank = this.shape(tensor).length + 1;
    const perm = layout === 'first' ? toChannelsFirst(rank) : toChannelsLast(rank);
    const target =
      from === this.chain
        ? from
        : this.localNames.take(`${from}_${layout === 'first' ? 'cf' : 'cl'}`);
    if (from === this.chain) this.variables.get(tensor)!.clear();
    const words =
      layout === 'first' ? 'channels-last → channels-first' : 'channels-first → channels-last';
    this.line(
      `${target} = ${from}.permute(${perm.join(', ')})`,
      `${this.torchShape(tensor, layout)}, ${words}${why ? ` ${why}` : ''}`,
    );
    this.define(tensor, layout, target);
    return target;
  }

  /**
   * The variable an op's output goes to: the chain variable when only the next op reads it and the
   * user did not name it, else the layer's name (`dense_1.bias`, a part of `dense_1`, is `dense_1`).
   */
  outputVariable(op: IrOp): string {
    if (this.readOnlyByNext(op) && !this.named.has(op.output)) return this.chain;
    return this.localNames.take(this.model.tensors[op.output].name.split('.')[0]);
  }

  /** Whether the op's output is read exactly once, by the op right after it. */
  readOnlyByNext(op: IrOp): boolean {
    const readers = this.readers.get(op.output) ?? [];
    return readers.length === 1 && readers[0] === this.ops.indexOf(op) + 1;
  }

  /** `NAME = expression  # comment`. */
  line(code: string, comment?: string): void {
    this.lines.push(comment ? `${code}  # ${commentText(comment)}` : code);
  }

  /** Writes `var = expression` for the op's output in `layout`, with its torch shape. */
  assign(op: IrOp, expression: string, layout: Layout, note?: string): void {
    const output = op.output;
    const variable = this.outputVariable(op);
    if (expression !== variable)
      this.line(
        `${variable} = ${expression}`,
        `${this.torchShape(output, layout)}${note ? `, ${note}` : ''}`,
      );
    this.define(output, layout, variable);
  }

  /** The attribute of a layer's submodule, declared once: `self.conv2d = nn.Conv2d(…)`. */
  submodule(op: IrOp, constructor: string): string {
    // A later use of a shared layer calls the module of its first use: one module, one parameter.
    const layer = op.source.weightsOf ?? op.source.layer;
    const existing = this.attributes.get(layer);
    if (existing) return `self.${existing}`;
    const name = this.attributeNames.take(layer);
    this.attributes.set(layer, name);
    const file = op.source.file.split(/[\\/]/).pop() ?? op.source.file;
    const kind = this.layerKinds.get(layer) ?? op.kind;
    this.modules.push(
      `self.${name} = ${constructor}  # ${commentText(`${kind} \`${layer}\`, ${file}:${op.source.line}`)}`,
    );
    return `self.${name}`;
  }

  /** The submodule attribute of a layer, when it has one. */
  attributeOf(layer: string): string | undefined {
    return this.attributes.get(layer);
  }

  /** `self.KEY`, the tensor a parameter was loaded into (by the op that declared it), if any. */
  tensorOf(param: number): string | undefined {
    const row = this.weightRows.find((candidate) => candidate.param === param);
    return row && `self.${row.key}`;
  }

  weight(param: number, key: string, layout: string): void {
    // A shared layer's later uses name the same parameter: one row.
    if (this.weightRows.some((row) => row.param === param && row.key === key)) return;
    this.weightRows.push({ param, key, layout });
  }
}
