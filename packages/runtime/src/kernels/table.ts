// The typed kernel table: per IR op kind, the runtime functions generated code calls, by role — the
// rows kernel files declare (kernels/index.ts) and the ones listed below. Their signatures are the JS
// emitter's contract (targets/js/kernel-call.ts); tests/generated-typecheck.test.ts checks its output.

import { activationTable } from '../activations/table.js';
import { matmulTransA, matmulTransB } from '../core/matmul-transposed.js';
import {
  attentionBackward,
  attentionForward,
  attentionPadding,
  createAttentionState,
} from './attention.js';
import {
  conv1dGeometry,
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  createConvWorkspace,
} from './conv.js';
import { denseBackwardPrologue, denseForward } from './dense.js';
import { accumulateInto } from './merge.js';
import {
  avgPool2dBackward,
  avgPool2dForward,
  globalAvgPoolBackward,
  globalAvgPoolForward,
  maxPool2dBackward,
  maxPool2dForward,
  pool1dGeometry,
  pool2dGeometry,
} from './pool.js';
import type { KernelState } from '../core/state.js';
import { createGruState, gruBackward, gruForward } from './recurrent/gru.js';
import { createLstmState, lstmBackward, lstmForward } from './recurrent/lstm.js';
import { createRnnState, rnnBackward, rnnForward } from './recurrent/rnn.js';
import { initializerTable } from '../core/initializers.js';
import { requireTensorLoader } from '../core/compiled-model.js';
import { Prng } from '../core/prng.js';
import { allocateFloats } from '../core/wasm/arena.js';
import { lossTable } from '../losses/table.js';
import { addL1Gradient, addL2Gradient, l1Penalty, l2Penalty } from '../losses/regularizers.js';
import { createRowLoss } from '../losses/row-loss.js';
import { weightedLossGradient, weightedLossValue } from '../losses/weighted.js';
import { optimizerTable } from '../optimizers/table.js';
import * as kernelFiles from './index.js';
import { KernelRow } from './row.js';

/** What a recurrent cell provides, keyed by its gate count (the IR's `gates` attribute). */
const recurrentCells = {
  1: { createState: createRnnState, forward: rnnForward, backward: rnnBackward },
  3: { createState: createGruState, forward: gruForward, backward: gruBackward },
  4: { createState: createLstmState, forward: lstmForward, backward: lstmBackward },
};

/**
 * The one state protocol (core/state.ts): a stateful kernel's `createState(spec, capacity = 0)`
 * returns a KernelState; the forward grows it, the backward reads it. Checked below by `satisfies`.
 */
interface Stateful {
  createState(spec: never, capacity?: number): KernelState;
}

/** The rows kernel files declare themselves (kernels/index.ts), by op kind. */
type KernelFile = (typeof kernelFiles)[keyof typeof kernelFiles];
type DeclaredRow = Extract<KernelFile, KernelRow<string, object>>;
type DeclaredRows = { readonly [Row in DeclaredRow as Row['opKind']]: Row['roles'] };
const declaredRows = Object.fromEntries(
  Object.values(kernelFiles)
    .filter((value): value is DeclaredRow => value instanceof KernelRow)
    .map((row) => [row.opKind, row.roles]),
) as DeclaredRows;

export const kernelTable = {
  ...declaredRows,
  /** y = x·W (+ bias, activation): the fused forward, and the backward's pieces. */
  /** matmul and bias_add reach generated code merged into dense (pass merge-dense). */
  dense: {
    forward: denseForward,
    /** dz = dy ⊙ f'(·), and the bias gradient, in one pass. */
    backwardPrologue: denseBackwardPrologue,
    weightGradient: matmulTransA,
    inputGradient: matmulTransB,
  },
  /** Elementwise, row-wise (softmax) and parametric (prelu) activations, by name. */
  activation: activationTable,
  conv: {
    geometry2d: conv2dGeometry,
    geometry1d: conv1dGeometry,
    createWorkspace: createConvWorkspace,
    forward: conv2dForward,
    backward: conv2dBackward,
  },
  maxpool: {
    geometry2d: pool2dGeometry,
    geometry1d: pool1dGeometry,
    forward: maxPool2dForward,
    backward: maxPool2dBackward,
  },
  avgpool: {
    geometry2d: pool2dGeometry,
    geometry1d: pool1dGeometry,
    forward: avgPool2dForward,
    backward: avgPool2dBackward,
  },
  globalavgpool: { forward: globalAvgPoolForward, backward: globalAvgPoolBackward },
  recurrent: recurrentCells,
  attention: {
    createState: createAttentionState,
    forward: attentionForward,
    backward: attentionBackward,
    /** Padded keys (ids equal to the pad id) masked before the forward. */
    padding: attentionPadding,
  },
  /** Not an op: gradient accumulation for a tensor several ops read. */
  gradient: { accumulate: accumulateInto },
  /** Not ops: what a module needs around its kernels, so generated code calls nothing else. */
  random: { create: (seed: number): Prng => new Prng(seed) },
  memory: { allocate: allocateFloats },
  weights: { requireLoader: requireTensorLoader },
  /** l1 / l2 on the weights the catalogue marks `regularized`. */
  regularizer: { l1Penalty, l2Penalty, addL1Gradient, addL2Gradient },
  /** Per-sample weighted losses (AdaBoost's learners): the loss kernel's reduction. */
  weightedLoss: { value: weightedLossValue, gradient: weightedLossGradient },
  /** A loss over the labelled rows of a [rows, classes] output (node classification on a graph). */
  rowLoss: { create: createRowLoss },
  /** The vocabulary's runtime tables, by the language's names (one signature per table). */
  loss: lossTable,
  optimizer: optimizerTable,
  initializer: initializerTable,
} as const;

// Every stateful kernel follows the one state protocol (a new one that does not fails to compile).
void ([
  kernelTable.batch_normalization,
  kernelTable.graph_convolution,
  kernelTable.layer_normalization,
  kernelTable.attention,
  ...Object.values(kernelTable.recurrent),
] satisfies Stateful[]);

export type KernelTable = typeof kernelTable;
export type KernelOpKind = keyof KernelTable;
