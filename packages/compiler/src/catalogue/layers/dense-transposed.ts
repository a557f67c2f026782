// `dense_transposed(enc, activation)`: tied weights. Reads the kernel W [n, k] of the shared dense
// layer `enc` (n its inputs, k its units) transposed: takes [k], produces [n] = f(x · Wᵀ + b), with
// a bias of its own. The checker passes enc's sizes as `tied_inputs` (n) and `tied_units` (k).
// Declares its own op `transposed_dense` (the layer protocol), its kernel a tied parameter.

import { boolArg, numberArg } from '../arg-values.js';
import { ownOp, ownOpWeights } from '../own-op.js';
import type { LayerSpec } from '../types.js';
import { outputActivationArg, useBiasArg } from './common-args.js';

export interface TransposedDenseAttributes {
  /** Whether the op adds its own bias b (its second parameter). */
  hasBias: boolean;
}

const transposedDenseOp = ownOp<'transposed_dense', TransposedDenseAttributes>({
  op: 'transposed_dense',
  meaning: 'y[b, n] = x[b, k] · W[n, k]ᵀ + bias: another dense layer’s kernel, transposed',
  attributes: (args) => ({ hasBias: boolArg(args, 'use_bias') }),
  attributeNames: { hasBias: true },
  parameters: [
    {
      name: 'weights',
      role: 'kernel',
      regularized: true,
      // The tied layer's kernel [n, k]: its inputs (this output), its units (this input).
      shape: (_attrs, { input, output }) => [output[0], input[0]],
      init: 'glorot_uniform',
      tied: true,
    },
    {
      name: 'bias',
      role: 'bias',
      regularized: false,
      shape: (_attrs, { output }) => [output[0]],
      init: 'zeros',
      when: ({ hasBias }) => hasBias,
    },
  ],
  js: {
    protocol: 'layer',
    spec: (_attrs, { input, output }) => ({ inputs: input[0], units: output[0] }),
  },
  onnx: {
    doc: "`Transpose` of the tied layer's kernel initializer (one initializer for both), `MatMul`, the bias `Add`",
    layout: 'last',
    build: ([x], { hasBias }, _shapes, onnx) => {
      const transposed = onnx.node('Transpose', [onnx.parameter(0)], 'kernel_transposed', {
        perm: { ints: [1, 0] },
      });
      const y = onnx.node('MatMul', [x, transposed], 'matmul');
      return hasBias ? onnx.node('Add', [y, onnx.parameter(1)], 'bias') : y;
    },
  },
  pytorch: {
    doc: "`nl.DenseTransposed` (nnet_layers.py: `F.linear(x, weight.t(), bias)`) called with the tied layer's `nn.Linear` weight",
    layout: 'last',
    module: ({ hasBias }, { output }) =>
      `nl.DenseTransposed(${output[0]}${hasBias ? '' : ', bias=False'})`,
    parameters: [null, { key: 'bias', layout: 'vector' }],
    call: ([x], _attrs, _shapes, module, python) => `${module}(${x}, ${python.parameter(0)})`,
  },
});

export const denseTransposed = {
  name: 'dense_transposed',
  lowering: transposedDenseOp,
  category: 'core',
  summary: 'Tied weights: y = f(x · Wᵀ + b) with W the kernel of a shared dense layer.',
  doc: [
    '**dense_transposed(layer, activation)** — a dense layer that reads the kernel of the `shared` dense',
    'layer `layer`, transposed (tied weights: an autoencoder whose decoder is its encoder transposed).',
    '',
    '$$y = f(x \\cdot W^\\top + b)$$',
    '',
    '- `layer`: a `shared` dense layer of the same model, applied before this line; W is its kernel `[n, k]`',
    '- input `x`: `[k]` (the shared layer’s units); output: `[n]` (its inputs)',
    '- `b` (`bias`): `[n]`, this layer’s own; W is not counted again (and its gradient sums both uses)',
    '',
    'Example: `shared enc = dense(32, relu)`, then `code = x -> enc` and',
    '`code -> dense_transposed(enc, sigmoid)`. Parameters: `n` (the bias). PyTorch:',
    '`F.linear(code, enc.weight.t(), bias)`; Keras has no built-in (a custom `DenseTranspose` layer).',
  ].join('\n'),
  args: [
    {
      name: 'layer',
      type: { kind: 'any' },
      doc: 'The `shared` dense layer whose kernel is used, transposed (written first).',
    },
    outputActivationArg(),
    useBiasArg,
  ],
  inputs: { min: 1, max: 1 },
  tiedArg: 'layer',
  activationArg: 'activation',
  outputShape([input], args) {
    const units = numberArg(args, 'tied_units');
    if (input.length !== 1)
      return {
        problem: {
          kind: 'rank',
          expected: `a 1-D input [${units}]`,
          found: input,
          help: 'flatten first, as for dense',
        },
      };
    if (input[0] !== units)
      return {
        problem: {
          kind: 'other',
          detail: `the tied layer has ${units} units, so its transpose takes [${units}]; found [${input[0]}]`,
          help: 'apply it to the shared layer’s output (its code), or to a value of that size',
        },
      };
    return { shape: [numberArg(args, 'tied_inputs')] };
  },
  weights: ownOpWeights(transposedDenseOp),
  flops(_inputs, args) {
    return 2 * numberArg(args, 'tied_inputs') * numberArg(args, 'tied_units');
  },
} satisfies LayerSpec;
