// A layer's own IR op, declared in its catalogue file: the op kind and its meaning, its typed
// attributes (lowering calls `attributes`, the only place they are filled), its parameters (role,
// shape, initializer), the kernel-table row the JS target calls, and the ONNX and PyTorch mappings.

import type { KernelState, KernelTable, Prng } from '@nnet/runtime';
import type {
  Args,
  OnnxAttributeValue,
  PythonText,
  Convention,
  Shape,
  TargetMapping,
  WeightRole,
  WeightSpec,
} from './types.js';

/** The per-sample shapes of the op's inputs (`input` is the first) and of its output. */
export interface OpShapes {
  input: Shape;
  inputs: readonly Shape[];
  output: Shape;
}

/**
 * The geometry protocol of a one-input op without weights or state: `geometry(spec)` once per
 * module, then `forward(x, y, batch, g)` and `backward(dy, dx, batch, g)` (dx overwritten).
 */
export interface GeometryKernelRow {
  geometry(spec: never): unknown;
  forward(x: Float32Array, y: Float32Array, batch: number, geometry: never): void;
  backward(dy: Float32Array, dx: Float32Array, batch: number, geometry: never): void;
}

/** The op kinds whose kernel-table row follows the geometry protocol. */
export type GeometryKernelKind = {
  [K in keyof KernelTable]: KernelTable[K] extends GeometryKernelRow ? K : never;
}[keyof KernelTable];

/**
 * The layer protocol, for ops with weights, a training mode or randomness: `geometry(spec)` once per
 * module; `forward(x, y, batch, g, weights, training, random)`; `backward(dy, dx, x, batch, g,
 * weights, gradients)` overwrites dx (null when the input needs no gradient) and each gradient.
 * `weights` and `gradients` are the op's parameters in the order its `parameters` lists them.
 */
export interface LayerKernelRow {
  geometry(spec: never): unknown;
  forward(
    x: Float32Array | Int32Array,
    y: Float32Array,
    batch: number,
    geometry: never,
    weights: readonly Float32Array[],
    training: boolean,
    random: Prng,
  ): void;
  backward(
    dy: Float32Array,
    dx: Float32Array | null,
    x: Float32Array | Int32Array,
    batch: number,
    geometry: never,
    weights: readonly Float32Array[],
    gradients: readonly Float32Array[],
  ): void;
}

/** The op kinds whose kernel-table row follows the layer protocol. */
export type LayerKernelKind = {
  [K in keyof KernelTable]: KernelTable[K] extends LayerKernelRow ? K : never;
}[keyof KernelTable];

/**
 * The layer protocol with state (dropout's mask): `createState(spec)` once per op (core/state.ts's
 * one state protocol: the spec's facts and arrays the forward grows), passed where `layer` passes
 * the shared geometry; the backward reads what its forward kept there.
 */
export interface StateKernelRow extends Omit<LayerKernelRow, 'geometry'> {
  createState(spec: never, capacity?: number): KernelState;
}

/** The op kinds whose kernel-table row follows the layer protocol with state. */
export type StateKernelKind = {
  [K in keyof KernelTable]: KernelTable[K] extends StateKernelRow ? K : never;
}[keyof KernelTable];

/**
 * The merge protocol, for ops of several float inputs without weights (add, concat, maximum):
 * `geometry(spec)` once per module; `forward(xs, y, batch, g)` overwrites y; `backward(dy, dxs,
 * xs, batch, g)` ADDS into each input's gradient (the emitter zeroes one that only this op writes;
 * null when the input needs none; an input given twice gets both shares).
 */
export interface MergeKernelRow {
  geometry(spec: never): unknown;
  forward(xs: readonly Float32Array[], y: Float32Array, batch: number, geometry: never): void;
  backward(
    dy: Float32Array,
    dxs: readonly (Float32Array | null)[],
    xs: readonly Float32Array[],
    batch: number,
    geometry: never,
  ): void;
}

/** The op kinds whose kernel-table row follows the merge protocol. */
export type MergeKernelKind = {
  [K in keyof KernelTable]: KernelTable[K] extends MergeKernelRow ? K : never;
}[keyof KernelTable];

/**
 * The multi-input protocol, for ops of several inputs with weights (gcn: node features and an
 * adjacency): `createState(spec)` once per op (what the forward keeps for the backward);
 * `forward(xs, y, batch, state, weights, training, random)` overwrites y; `backward(dy, dxs, xs,
 * batch, state, weights, gradients)` overwrites each weight's gradient, as the layer protocol's,
 * and ADDS into each input's, as a merge's (the emitter zeroes one only this op writes; null when
 * the input needs none; an input given twice gets both shares; an input the op gives no gradient,
 * gcn's adjacency, gets nothing added). `xs`/`dxs` follow the IR's inputs, `weights`/`gradients`
 * the order `parameters` lists them (null in place of an absent one).
 */
export interface MultiInputKernelRow {
  createState(spec: never, capacity?: number): KernelState;
  forward(
    xs: readonly (Float32Array | Int32Array)[],
    y: Float32Array,
    batch: number,
    state: never,
    weights: readonly Float32Array[],
    training: boolean,
    random: Prng,
  ): void;
  backward(
    dy: Float32Array,
    dxs: readonly (Float32Array | null)[],
    xs: readonly (Float32Array | Int32Array)[],
    batch: number,
    state: never,
    weights: readonly Float32Array[],
    gradients: readonly Float32Array[],
  ): void;
}

/** The op kinds whose kernel-table row follows the multi-input protocol. */
export type MultiInputKernelKind = {
  [K in keyof KernelTable]: KernelTable[K] extends MultiInputKernelRow ? K : never;
}[keyof KernelTable];

/** The spec the geometry (or state) function of op K's kernel row takes. */
type GeometrySpec<K> = K extends keyof KernelTable
  ? KernelTable[K] extends { geometry(spec: infer S): unknown }
    ? S
    : KernelTable[K] extends { createState(spec: infer S, capacity?: number): unknown }
      ? S
      : never
  : never;

/**
 * How the JS target calls the op's kernel row (`rt.kernelTable[op]`): `view` needs no kernel (the
 * output is the input's buffer with another shape); `geometry`, `layer`, `state`, `merge` and
 * `multi-input` name the row's protocol and give the spec of its geometry (or state).
 */
export type JsOpMapping<K extends string, A> =
  | { protocol: 'view' }
  | (K extends GeometryKernelKind
      ? { protocol: 'geometry'; spec(attrs: A, shapes: OpShapes): GeometrySpec<K> }
      : never)
  | (K extends LayerKernelKind
      ? { protocol: 'layer'; spec(attrs: A, shapes: OpShapes): GeometrySpec<K> }
      : never)
  | (K extends StateKernelKind
      ? { protocol: 'state'; spec(attrs: A, shapes: OpShapes): GeometrySpec<K> }
      : never)
  | (K extends MergeKernelKind
      ? { protocol: 'merge'; spec(attrs: A, shapes: OpShapes): GeometrySpec<K> }
      : never)
  | (K extends MultiInputKernelKind
      ? { protocol: 'multi-input'; spec(attrs: A, shapes: OpShapes): GeometrySpec<K> }
      : never);

/**
 * One parameter of an own op, in the order the kernel takes it: the facts lowering copies into the
 * IR (role, `regularized` for l1/l2), its shape from the op's attributes and shapes, its initializer
 * (a name of catalogue/initializers.ts), and its key in `with { … }` and checkpoints (`layer/name`).
 */
export interface OwnOpParameter<A> {
  name: string;
  role: WeightRole;
  /** Penalized by `l1` / `l2`: every kernel, never biases, scales or tables. */
  regularized: boolean;
  shape(attrs: A, shapes: OpShapes): Shape;
  /** The default initializer; `with { init = … }` replaces it unless it is `zeros` or `ones`. */
  init: string;
  /**
   * The parameter exists only when this holds (layernorm's `gamma` with `scale = true`); without
   * it, always. An absent parameter has no IR parameter: its kernel gets null in its place.
   */
  when?(attrs: A): boolean;
  /**
   * State kept with the weights (a moving statistic, role `statistic`): not trainable, so no
   * optimizer, penalty or gradient (its kernel gets null in `gradients`; the training forward
   * updates it in place); checkpoints keep it. `conventions`: the counts that include it.
   */
  state?: { conventions: readonly Convention[] };
  /**
   * The kernel of the layer this one is tied to (`dense_transposed(enc)`: enc's), not a weight of
   * this layer: not counted, initialized, penalized or checkpointed under it; lowering passes the
   * tied layer's kernel in its place (listed first), so its gradient sums both uses.
   */
  tied?: true;
}

/** The op's parameters present with these attributes, each with its index in `parameters`. */
export function presentParameters<A>(
  declaration: { parameters?: readonly OwnOpParameter<A>[] },
  attrs: A,
): { parameter: OwnOpParameter<A>; index: number }[] {
  return (declaration.parameters ?? [])
    .map((parameter, index) => ({ parameter, index }))
    .filter(({ parameter }) => !parameter.when || parameter.when(attrs));
}

/**
 * For each declared parameter (in `parameters`' order), the IR parameter id holding it, or
 * undefined when it is absent: an op's `params` lists the present ones only.
 */
export function parameterIds<A>(
  declaration: { parameters?: readonly OwnOpParameter<A>[] },
  attrs: A,
  params: readonly number[],
): (number | undefined)[] {
  let next = 0;
  return (declaration.parameters ?? []).map((parameter) =>
    !parameter.when || parameter.when(attrs) ? params[next++] : undefined,
  );
}

/** An ONNX attribute as a layer mapping writes it. */
export type OnnxLayerAttribute =
  OnnxAttributeValue | { string: string } | { ints: readonly number[] };

/** What an ONNX layer mapping may add to the graph (opset 17). */
export interface OnnxLayerBuilder {
  /**
   * The initializer holding the op's parameter `index` (in `parameters`' order), in nnet's layout;
   * throws for a parameter absent by its `when` (the layer's file builds a constant instead).
   */
  parameter(index: number): string;
  /** Adds a node of the layer and returns its output's name; `suffix` names later nodes. */
  node(
    opType: string,
    inputs: readonly string[],
    suffix: string,
    attributes?: Readonly<Record<string, OnnxLayerAttribute>>,
  ): string;
  /** ONNX's axis (counting the batch) of the language's axis `axis` (≥ 0) in the chosen layout. */
  axis(axis: number): number;
  /** A float32 constant named after the layer (a scalar unless dims are given). */
  floatConstant(suffix: string, values: readonly number[], dims?: readonly number[]): string;
  /**
   * A float32 constant as a `Constant` node rather than an initializer: what stands in for a weight
   * the layer does not learn (nnc import reads initializers as weights, Constant nodes as fixed).
   */
  constantNode(suffix: string, values: readonly number[], dims?: readonly number[]): string;
  /** An int64 constant named after the layer. */
  int64Constant(suffix: string, values: readonly number[], dims?: readonly number[]): string;
}

/**
 * The ONNX form of the op: nodes on its inputs (one name each, in the IR's order), read in `layout`;
 * the result is in that layout.
 */
export interface OnnxOpMapping<A> {
  /** One Markdown line for docs/onnx.md's layer table. */
  doc: string;
  /**
   * `first`: channels-first ([batch, C, H, W]), as ONNX's image operators read; `last`: as is;
   * `any`: the layout the inputs already have (an elementwise op; channels-last when they differ).
   */
  layout: 'first' | 'last' | 'any';
  /** Why these attributes have no ONNX form (reported as NN4009), when they have none. */
  refuse?(attrs: A, shapes: OpShapes): string | undefined;
  build(inputs: readonly string[], attrs: A, shapes: OpShapes, onnx: OnnxLayerBuilder): string;
}

/** What a PyTorch mapping's `call` may write besides numbers and dims (see PythonText). */
export interface PythonOpText extends PythonText {
  /**
   * The tensor holding the op's parameter `index` (in `parameters`' order): `self.NAME.key`; a
   * tied one is the tied layer's (`self.enc.weight`).
   */
  parameter(index: number): string;
}

/**
 * The PyTorch form of the op: a submodule applied to its input in `layout`. Each of the op's
 * parameters is one of the submodule's tensors: `parameters[i]` names it (`weight`) and says how
 * nnet_checkpoint.py converts nnet's layout to torch's (`vector`: the same values in the same order);
 * null for a tied parameter (the tied layer's tensor, loaded with that layer).
 */
export interface PytorchOpMapping<A> {
  /** One Markdown line for docs/pytorch.md's layer table. */
  doc: string;
  /** As the ONNX mapping's: `first`, `last`, or `any` (the input's current layout). */
  layout: 'first' | 'last' | 'any';
  /** Why these attributes have no PyTorch form (reported as NN4009), when they have none. */
  refuse?(attrs: A, shapes: OpShapes): string | undefined;
  /** The submodule's constructor, `nn.ZeroPad2d((1, 1, 2, 0))`; absent for a plain expression. */
  module?(attrs: A, shapes: OpShapes, python: PythonText): string;
  /** The submodule's tensor for each of the op's parameters, in `parameters`' order (absent: none). */
  parameters?: readonly ({ key: string; layout: 'vector' } | null)[];
  /**
   * The op on its inputs (one Python variable each, in the IR's order; default `module(x, …)`);
   * `module` is `self.NAME` when there is one; `python.dim` is an axis in the chosen layout.
   */
  call?(
    inputs: readonly string[],
    attrs: A,
    shapes: OpShapes,
    module: string | undefined,
    python: PythonOpText,
  ): string;
}

/** A layer's `lowering` when the layer brings its own op (see the file header). */
export interface OwnOpLowering<K extends string, A extends object> {
  op: K;
  /** What the op computes, in one line (as ir/ir.ts's `opMeanings`). */
  meaning: string;
  /** The op's attributes from the layer's checked arguments (defaults filled). */
  attributes(args: Args, shapes: OpShapes): A;
  /** Every attribute, true when each op must have it (ir/verify.ts checks). */
  attributeNames: { readonly [N in keyof Required<A>]: boolean };
  /** The op's weights, in the order its kernel takes them (none when absent). */
  parameters?: readonly OwnOpParameter<A>[];
  /** The op acts only while training (noise, dropout): inference drops it (pass dead-values). */
  trainingOnly?: boolean;
  /**
   * Why the op's training forward mixes the samples of a batch (batch statistics), when it does:
   * the step then cannot be split into copies over the batch (targets/js/data-parallel-fact.ts).
   */
  mixesSamplesWhileTraining?: string;
  /**
   * Each weight serves several positions of one sample (gcn's W multiplies every node's features),
   * so a sample costs many multiply-adds per weight: copies of the model over the batch can pay
   * for themselves (targets/js/data-parallel-fact.ts). Absent: one multiply-add per weight.
   */
  weightsServeSeveralPositions?: true;
  /** The output's element type: `input` keeps the input's (a view of ids stays ids); else float. */
  outputDtype?: 'input' | 'float';
  js: TargetMapping<JsOpMapping<K, A>>;
  onnx: TargetMapping<OnnxOpMapping<A>>;
  pytorch: TargetMapping<PytorchOpMapping<A>>;
}

/** Any layer's own op, as the back end's dispatch reads it: its attributes are typed in its file. */
export interface AnyOwnOp extends Omit<OwnOpLowering<string, object>, 'js' | 'attributeNames'> {
  attributeNames: Readonly<Record<string, boolean>>;
  js: TargetMapping<
    | { protocol: 'view' }
    | {
        protocol: 'geometry' | 'layer' | 'state' | 'merge' | 'multi-input';
        spec(attrs: object, shapes: OpShapes): object;
      }
  >;
}

/** Declares a layer's own op with its attributes type: `ownOp<'pad', PadAttributes>({ … })`. */
export function ownOp<K extends string, A extends object>(
  declaration: OwnOpLowering<K, A>,
): OwnOpLowering<K, A> {
  return declaration;
}

/**
 * Why `target` cannot express the op, when the layer's file says it cannot: not at all, or (ONNX,
 * PyTorch) not with these attributes and shapes (its mapping's `refuse`).
 */
export function refusalOf(
  declaration: AnyOwnOp,
  target: 'js' | 'onnx' | 'pytorch',
  op?: { attrs: object; shapes: OpShapes },
): string | undefined {
  const mapping = declaration[target];
  if ('unsupported' in mapping) return mapping.unsupported;
  return op && 'refuse' in mapping ? mapping.refuse?.(op.attrs, op.shapes) : undefined;
}

/** Whether a layer's lowering declares its own op (else it names one of ir/ir.ts's ops). */
export function isOwnOp(lowering: { op: string }): lowering is AnyOwnOp {
  return 'attributes' in lowering;
}

/**
 * A layer's `weights()` (the summary's counts under both conventions, `with { … }`, checkpoints),
 * read off its own op's `parameters`, so the layer file states each weight once.
 */
export function ownOpWeights<A extends object>(
  declaration: Pick<OwnOpLowering<string, A>, 'attributes' | 'parameters'>,
): (inputs: readonly Shape[], args: Args, output: Shape) => WeightSpec[] {
  return (inputs, args, output) => {
    const shapes = { input: inputs[0] ?? [], inputs, output };
    const attrs = declaration.attributes(args, shapes);
    const own = presentParameters(declaration, attrs).filter(({ parameter }) => !parameter.tied);
    return own.map(({ parameter }) => ({
      name: parameter.name,
      shape: parameter.shape(attrs, shapes),
      trainable: !parameter.state,
      role: parameter.role,
      regularized: parameter.regularized,
      init: parameter.init,
      ...(parameter.state ? { conventions: parameter.state.conventions } : {}),
    }));
  };
}
