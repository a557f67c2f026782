// The one kernel-check table: every row is a kernel on seeded inputs, checked forward against a
// naive float64 reference and backward against finite differences by kernel-check.ts. The rows
// live in kernel-rows/ (activations, plain, layers, upsample, zero-padding, rms-norm, sequences,
// graph-tied) and loss-cases.ts.

import { describe, expect, it } from 'vitest';
import { addL1Gradient, addL2Gradient, l1Penalty, l2Penalty } from '../src/losses/regularizers.js';
import { randomArray, randomAwayFromZero } from './helpers.js';
import { checkKernel, describeKernelChecks, type KernelCheck } from './kernel-check.js';
import { ELEMENTWISE_ROWS, ROW_ACTIVATION_ROWS } from './kernel-rows/activations.js';
import { CONV_ROWS, DENSE_ROWS, NORMALIZATION_ROWS, POOL_ROWS } from './kernel-rows/layers.js';
import { PLAIN_ROWS } from './kernel-rows/plain.js';
import { ATTENTION_ROWS, RECURRENT_ROWS } from './kernel-rows/sequences.js';
import { UPSAMPLE_ROWS } from './kernel-rows/upsample.js';
import { ZERO_PADDING_ROWS } from './kernel-rows/zero-padding.js';
import { RMS_NORM_ROWS } from './kernel-rows/rms-norm.js';
import { GRAPH_TIED_ROWS } from './kernel-rows/graph-tied.js';
import { CLASSIFICATION_CASES, lossRow, REGRESSION_CASES } from './loss-cases.js';

/** l1/l2 penalties: the value, and the gradient added into an existing buffer. */
const REGULARIZER_ROWS: KernelCheck[] = [
  { name: 'l1', penalty: l1Penalty, addGradient: addL1Gradient, of: Math.abs },
  { name: 'l2', penalty: l2Penalty, addGradient: addL2Gradient, of: (v: number) => v * v },
].map(({ name, penalty, addGradient, of }) => ({
  name: `${name}: factor 0.3, gradient added to what the buffer holds`,
  seed: 77,
  inputs: (prng) => ({ w: randomAwayFromZero(prng, 9), start: randomArray(prng, 9) }),
  run: ({ w, start }) => ({
    output: [penalty(w, 9, 0.3)],
    backward: () => {
      const grad = start.slice();
      addGradient(w, grad, 9, 0.3);
      return { w: Float64Array.from(grad, (g, i) => g - start[i]) };
    },
  }),
  reference: ({ w }) => [0.3 * Array.from(w).reduce((total, v) => total + of(v), 0)],
  upstream: () => Float32Array.of(1),
  forwardTolerance: { relative: 1e-6, absolute: 1e-7 },
  gradientTolerance: { relative: 1e-4, absolute: 1e-5 },
}));

describeKernelChecks('elementwise activations', ELEMENTWISE_ROWS);
describeKernelChecks('softmax and prelu', ROW_ACTIVATION_ROWS);
describeKernelChecks('dense', DENSE_ROWS);
describeKernelChecks('bias_add, merges, embedding, dropout', PLAIN_ROWS);
describeKernelChecks('convolution', CONV_ROWS);
describeKernelChecks('pooling', POOL_ROWS);
describeKernelChecks('upsampling', UPSAMPLE_ROWS);
describeKernelChecks('zero padding', ZERO_PADDING_ROWS);
describeKernelChecks('normalization', NORMALIZATION_ROWS);
describeKernelChecks('rms normalization', RMS_NORM_ROWS);
describeKernelChecks('recurrent', RECURRENT_ROWS);
describeKernelChecks('attention', ATTENTION_ROWS);
describeKernelChecks('graph convolution and tied dense', GRAPH_TIED_ROWS);
describeKernelChecks('regression losses', REGRESSION_CASES.map(lossRow));
describeKernelChecks('classification losses', CLASSIFICATION_CASES.map(lossRow));
describeKernelChecks('regularizers', REGULARIZER_ROWS);

describe('the harness', () => {
  const square: KernelCheck = {
    name: 'x²',
    seed: 1,
    inputs: (prng) => ({ x: randomArray(prng, 4) }),
    run: ({ x }) => ({
      output: Float32Array.from(x, (v) => v * v),
      backward: (dy) => ({ x: Float32Array.from(x, (v, i) => 2 * v * dy[i]) }),
    }),
    reference: ({ x }) => Float64Array.from(x, (v) => v * v),
  };

  it('passes a right kernel and fails a wrong forward or a wrong gradient', () => {
    checkKernel(square);
    expect(() =>
      checkKernel({ ...square, reference: ({ x }) => Float64Array.from(x, (v) => v * v + 1e-3) }),
    ).toThrow('x² forward');
    expect(() =>
      checkKernel({
        ...square,
        run: (values) => ({
          ...square.run(values),
          backward: (dy) => ({ x: Float32Array.from(values.x, (v, i) => 2.01 * v * dy[i]) }),
        }),
      }),
    ).toThrow('x² ∂/∂x');
  });
});
