// A layer's own IR op, declared in its catalogue file: the op kind and its meaning, its typed
// attributes (lowering calls `attributes`, the only place they are filled), the kernel-table row the
// JS target calls, and the ONNX and PyTorch mappings — or the stated reason a target has none.

import type { KernelTable } from '@nnet/runtime';
import type { Args, OnnxAttributeValue, PythonText, Shape, TargetMapping } from './types.js';

/** The per-sample shapes of the op's (first) input and of its output. */
export interface OpShapes {
  input: Shape;
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

/** How the JS target calls the op's kernel row (`rt.kernelTable[op]`): the spec of its geometry. */
export type JsOpMapping<K extends string, A> = K extends GeometryKernelKind
  ? {
      protocol: 'geometry';
      spec(attrs: A, shapes: OpShapes): Parameters<KernelTable[K]['geometry']>[0];
    }
  : never;

/** An ONNX attribute as a layer mapping writes it. */
export type OnnxLayerAttribute =
  OnnxAttributeValue | { string: string } | { ints: readonly number[] };

/** What an ONNX layer mapping may add to the graph (opset 17). */
export interface OnnxLayerBuilder {
  /** Adds a node of the layer and returns its output's name; `suffix` names later nodes. */
  node(
    opType: string,
    inputs: readonly string[],
    suffix: string,
    attributes?: Readonly<Record<string, OnnxLayerAttribute>>,
  ): string;
  /** A float32 constant named after the layer (a scalar unless dims are given). */
  floatConstant(suffix: string, values: readonly number[], dims?: readonly number[]): string;
  /** An int64 constant named after the layer. */
  int64Constant(suffix: string, values: readonly number[], dims?: readonly number[]): string;
}

/** The ONNX form of the op: nodes on its input, read in `layout`; the result is in that layout. */
export interface OnnxOpMapping<A> {
  /** One Markdown line for docs/onnx.md's layer table. */
  doc: string;
  /** `first`: channels-first ([batch, C, H, W]), as ONNX's image operators read; `last`: as is. */
  layout: 'first' | 'last';
  build(input: string, attrs: A, shapes: OpShapes, onnx: OnnxLayerBuilder): string;
}

/** The PyTorch form of the op: a submodule applied to its input in `layout`. */
export interface PytorchOpMapping<A> {
  /** One Markdown line for docs/pytorch.md's layer table. */
  doc: string;
  layout: 'first' | 'last';
  /** The submodule's constructor, `nn.ZeroPad2d((1, 1, 2, 0))`. */
  module(attrs: A, shapes: OpShapes, python: PythonText): string;
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
  js: TargetMapping<JsOpMapping<K, A>>;
  onnx: TargetMapping<OnnxOpMapping<A>>;
  pytorch: TargetMapping<PytorchOpMapping<A>>;
}

/** Any layer's own op, as the back end's dispatch reads it: its attributes are typed in its file. */
export interface AnyOwnOp extends Omit<OwnOpLowering<string, object>, 'js' | 'attributeNames'> {
  attributeNames: Readonly<Record<string, boolean>>;
  js: TargetMapping<{ protocol: 'geometry'; spec(attrs: object, shapes: OpShapes): object }>;
}

/** Declares a layer's own op with its attributes type: `ownOp<'pad', PadAttributes>({ … })`. */
export function ownOp<K extends string, A extends object>(
  declaration: OwnOpLowering<K, A>,
): OwnOpLowering<K, A> {
  return declaration;
}

/** Why `target` cannot express the op, when the layer's file says it cannot. */
export function refusalOf(
  declaration: AnyOwnOp,
  target: 'js' | 'onnx' | 'pytorch',
): string | undefined {
  const mapping = declaration[target];
  return 'unsupported' in mapping ? mapping.unsupported : undefined;
}

/** Whether a layer's lowering declares its own op (else it names one of ir/ir.ts's ops). */
export function isOwnOp(lowering: { op: string }): lowering is AnyOwnOp {
  return 'attributes' in lowering;
}
