// The typed kernel table: for each IR op kind, the runtime functions generated code calls for it,
// by role (forward, backward, createState, geometry, …). Their TypeScript signatures are the
// contract between the JS emitter and the runtime; tests/generated-typecheck.test.ts type-checks generated modules.

import { activationTable } from '../activations/table.js';
import { addBias, sumRows } from '../core/matmul.js';
import { matmulTransA, matmulTransB } from '../core/matmul-transposed.js';
import { attentionBackward, attentionForward, createAttentionState } from './attention.js';
import {
  batchNormBackward,
  batchNormForwardInference,
  batchNormForwardTraining,
  createBatchNormState,
} from './batchnorm.js';
import {
  conv1dGeometry,
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  createConvWorkspace,
} from './conv.js';
import { denseBackwardPrologue, denseForward } from './dense.js';
import { dropoutBackward, dropoutForward } from './dropout.js';
import { embeddingBackward, embeddingForward } from './embedding.js';
import { gcnBackward, gcnForward, gcnNormalize } from './gcn.js';
import { addPositions, addPositionsBackward, sinusoidalPositions } from './positions.js';
import { createLayerNormState, layerNormBackward, layerNormForward } from './layernorm.js';
import {
  accumulateInto,
  addBackward,
  addForward,
  concatBackward,
  concatForward,
  multiplyBackward,
  multiplyForward,
} from './merge.js';
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
import { createGruState, gruBackward, gruForward } from './recurrent/gru.js';
import { createLstmState, lstmBackward, lstmForward } from './recurrent/lstm.js';
import { createRnnState, rnnBackward, rnnForward } from './recurrent/rnn.js';

/** What a recurrent cell provides; the cells are keyed by the op's `cell` attribute. */
const recurrentCells = {
  rnn: { createState: createRnnState, forward: rnnForward, backward: rnnBackward },
  lstm: { createState: createLstmState, forward: lstmForward, backward: lstmBackward },
  gru: { createState: createGruState, forward: gruForward, backward: gruBackward },
};

export const kernelTable = {
  /** y = x·W (+ bias, activation): the fused forward, and the backward's pieces. */
  dense: {
    forward: denseForward,
    backwardPrologue: denseBackwardPrologue,
    weightGradient: matmulTransA,
    inputGradient: matmulTransB,
    biasGradient: sumRows,
  },
  matmul: {
    forward: denseForward,
    backwardPrologue: denseBackwardPrologue,
    weightGradient: matmulTransA,
    inputGradient: matmulTransB,
    biasGradient: sumRows,
  },
  bias_add: { forward: addBias, backward: sumRows },
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
  batchnorm: {
    createState: createBatchNormState,
    forwardTraining: batchNormForwardTraining,
    forwardInference: batchNormForwardInference,
    backward: batchNormBackward,
  },
  layernorm: {
    createState: createLayerNormState,
    forward: layerNormForward,
    backward: layerNormBackward,
  },
  dropout: { forward: dropoutForward, backward: dropoutBackward },
  /** A view with another shape: no kernel. */
  reshape: {},
  embedding: { forward: embeddingForward, backward: embeddingBackward },
  add: { forward: addForward, backward: addBackward },
  multiply: { forward: multiplyForward, backward: multiplyBackward },
  concat: { forward: concatForward, backward: concatBackward },
  recurrent: recurrentCells,
  attention: {
    createState: createAttentionState,
    forward: attentionForward,
    backward: attentionBackward,
  },
  /** Graph convolution: Â from the adjacency, then Â·H·W + b. */
  gcn: { normalize: gcnNormalize, forward: gcnForward, backward: gcnBackward },
  /** A learned [steps, features] table added to each sample. */
  position_embedding: { forward: addPositions, backward: addPositionsBackward },
  /** The fixed sinusoidal table, made once, added to each sample. */
  positional_encoding: {
    table: sinusoidalPositions,
    forward: addPositions,
    backward: addPositionsBackward,
  },
  /** Not an op: gradient accumulation for a tensor several ops read. */
  gradient: { accumulate: accumulateInto },
} as const;

export type KernelTable = typeof kernelTable;
export type KernelOpKind = keyof KernelTable;
