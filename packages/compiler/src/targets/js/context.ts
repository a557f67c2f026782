// What every op emitter needs while generating JavaScript: names for value, gradient and parameter
// buffers (reshapes alias their input), per-sample sizes, how a gradient must be written (overwrite
// when one op reads the value, accumulate when several do), and module-level setup lines.
// No user text becomes an identifier: identifiers are made from ids only.

import { activationTable } from '@nnet/runtime';
import { ownOps } from '../../catalogue/index.js';
import { activationEntry } from './kernel-call.js';
import { isView } from './ops-own.js';
import { kernelCall, type JsActivation } from './kernel-call.js';
import type { IrActivation, IrModel, IrOp } from '../../ir/ir.js';

export const sanitizeComment = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ');

export class EmitContext {
  /** Lines run once in create(): kernel lookups, geometry, state. */
  readonly setup: string[] = [];
  /** Extra buffers sized per batch (masks, argmax, pre-activations): name → per-sample length, type. */
  readonly extraBuffers: {
    name: string;
    perSample: number;
    type: 'Float32Array' | 'Int32Array';
  }[] = [];
  private readonly alias = new Map<number, number>();
  /** Inference views whose training input differs (noise dropped before it): copied, not aliased. */
  private readonly copiedViews = new Set<number>();
  private readonly readerCount = new Map<number, number>();
  private readonly setupKeys = new Map<string, string>();
  private counter = 0;

  constructor(
    readonly train: IrModel,
    readonly infer: IrModel,
  ) {
    // A view's output is its input's buffer. When inference reads the view from another tensor
    // than training does (an op acting only while training was dropped before it), the training
    // alias stands and inference copies into it (see `isCopiedView`).
    for (const op of train.ops)
      if (this.isView(op)) this.alias.set(op.output, this.root(op.inputs[0]));
    for (const op of infer.ops) {
      if (!this.isView(op)) continue;
      if (!this.alias.has(op.output)) this.alias.set(op.output, this.root(op.inputs[0]));
      else if (this.root(op.output) !== this.root(op.inputs[0])) this.copiedViews.add(op.output);
    }
    for (const op of train.ops) {
      if (op.inferenceOnly || this.isView(op)) continue;
      for (const input of op.inputs) {
        const root = this.root(input);
        this.readerCount.set(root, (this.readerCount.get(root) ?? 0) + 1);
      }
    }
  }

  /** Whether the op only gives its input another shape (its layer's file says `view`). */
  isView(op: IrOp): boolean {
    return isView(ownOps.get(op.kind));
  }

  /** Whether this inference view copies its input into the training graph's buffer. */
  isCopiedView(op: IrOp): boolean {
    return this.isView(op) && this.copiedViews.has(op.output);
  }

  /** The tensor whose buffer holds this one (view outputs alias their input). */
  root(tensor: number): number {
    const target = this.alias.get(tensor);
    return target === undefined ? tensor : this.root(target);
  }

  isInput(tensor: number): boolean {
    return this.train.inputs.includes(this.root(tensor));
  }

  /** The value buffer of a tensor; with several inputs, each is unpacked from `x` into its own. */
  v(tensor: number): string {
    return this.isInput(tensor) && this.train.inputs.length === 1 ? 'x' : `v${this.root(tensor)}`;
  }

  /** The gradient buffer of a tensor. */
  d(tensor: number): string {
    return `d${this.root(tensor)}`;
  }

  /** Values per sample. */
  size(tensor: number): number {
    return this.train.tensors[tensor].shape.reduce((a, b) => a * b, 1);
  }

  /** Whether backward must produce this tensor's gradient. */
  needsGrad(tensor: number): boolean {
    return !this.isInput(tensor) && this.train.tensors[tensor].dtype === 'float';
  }

  /** `write` when one op reads the tensor (its backward overwrites), `accumulate` when several do. */
  gradMode(tensor: number): 'write' | 'accumulate' {
    return (this.readerCount.get(this.root(tensor)) ?? 0) > 1 ? 'accumulate' : 'write';
  }

  /** Tensors whose gradients are sums: zeroed at the start of every backward. */
  accumulatedTensors(): number[] {
    return [...this.readerCount.entries()]
      .filter(([t, n]) => n > 1 && this.needsGrad(t))
      .map(([t]) => t);
  }

  /** The variable holding a parameter, by its id. */
  param(id: number): string {
    return `p${id}`;
  }

  /** The variable holding a parameter's gradient, by its id. */
  grad(id: number): string {
    return `g${id}`;
  }

  /** A parameter's shape, by its id. */
  paramShape(id: number): readonly number[] {
    return this.train.params[id].shape;
  }

  /** A module-level constant, emitted once per distinct expression; returns its name. */
  constant(expression: string, prefix = 'k'): string {
    const existing = this.setupKeys.get(expression);
    if (existing) return existing;
    const name = `${prefix}${this.counter++}`;
    this.setup.push(`const ${name} = ${expression};`);
    this.setupKeys.set(expression, name);
    return name;
  }

  /** A fixed-size vector of its own, made once (per key), for results nobody reads. */
  scratchVector(key: string, length: number): string {
    const existing = this.setupKeys.get(key);
    if (existing) return existing;
    const name = `unused${this.counter++}`;
    this.setup.push(`const ${name} = new Float32Array(${length});`);
    this.setupKeys.set(key, name);
    return name;
  }

  /**
   * A stateful kernel's state (the runtime's `createXState`, which grows with the batch itself),
   * made once per key, so one op's training and inference forms share it.
   */
  kernelState(key: string, create: string): string {
    const existing = this.setupKeys.get(key);
    if (existing) return existing;
    const name = `state${this.counter++}`;
    this.setup.push(`const ${name} = ${create};`);
    this.setupKeys.set(key, name);
    return name;
  }

  /** A per-batch buffer owned by one op (mask, argmax, pre-activation), the same in both graphs. */
  opBuffer(
    key: string,
    perSample: number,
    type: 'Float32Array' | 'Int32Array',
    prefix: string,
  ): string {
    const existing = this.setupKeys.get(key);
    if (existing) return existing;
    const name = `${prefix}${this.counter++}`;
    this.extraBuffers.push({ name, perSample, type });
    this.setupKeys.set(key, name);
    return name;
  }

  /**
   * The runtime activation for an attribute, with its alpha, its form, and whether its backward
   * reads the output; undefined for the identity.
   */
  activation(value: IrActivation | undefined): JsActivation | undefined {
    if (!value || value.identity) return undefined;
    const entry = activationTable[value.activation as keyof typeof activationTable];
    if (!entry) throw new Error(`no runtime kernel for activation ${value.activation}`);
    const alpha = typeof value.args.alpha === 'number' ? String(value.args.alpha) : '0';
    return {
      ref: this.constant(activationEntry(value.activation), 'act'),
      alpha,
      usesOutput: entry.usesOutput,
      form: value.form,
    } as JsActivation;
  }

  /** Emits code that writes a gradient computed by `compute(target)` into the tensor's gradient. */
  writeGrad(
    tensor: number,
    n: string,
    compute: (target: string, accumulate: boolean) => string[],
    canAccumulate = false,
  ): string[] {
    if (!this.needsGrad(tensor)) return [];
    if (this.gradMode(tensor) === 'write') return compute(this.d(tensor), false);
    if (canAccumulate) return compute(this.d(tensor), true);
    return [
      ...compute('scratch', false),
      `${kernelCall('gradient', 'accumulate', this.d(tensor), 'scratch', n)};`,
    ];
  }

  sourceComment(op: IrOp): string {
    return sanitizeComment(`${op.source.layer} (${op.kind}), line ${op.source.line}`);
  }
}
