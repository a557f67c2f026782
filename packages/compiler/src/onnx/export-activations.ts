// Each weightless activation of the language as ONNX nodes (opset 17): one operator where ONNX has
// it, a small elementwise formula where it does not (gelu, swish, gaussian, step). prelu (a weight)
// and softmax (an axis) are emitted by the activation op itself. Works in any layout.

import { SELU_ALPHA, SELU_SCALE } from '@nnet/runtime';
import type { ArgValue } from '../catalogue/types.js';
import { attr } from './graph-builder.js';
import { DataType, type AttributeProto } from './proto.js';

/** How an activation adds nodes: the first node's suffix is the activation's name. */
export interface ActivationEmit {
  node(
    opType: string,
    inputs: readonly string[],
    suffix: string,
    attributes?: AttributeProto[],
  ): string;
  constant(suffix: string, value: number): string;
}

export type ActivationExporter = (
  x: string,
  args: Record<string, ArgValue>,
  emit: ActivationEmit,
  name: string,
) => string;

const single =
  (
    opType: string,
    attributes: (args: Record<string, ArgValue>) => AttributeProto[] = () => [],
  ): ActivationExporter =>
  (x, args, emit, name) =>
    emit.node(opType, [x], name, attributes(args));

const numberArg = (args: Record<string, ArgValue>, key: string, fallback: number) =>
  typeof args[key] === 'number' ? (args[key] as number) : fallback;

/** x·½(1 + erf(x/√2)), or with `approximate`, ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
const gelu: ActivationExporter = (x, args, emit, name) => {
  if (args.approximate === true) {
    const square = emit.node('Mul', [x, x], name);
    const cube = emit.node('Mul', [square, x], `${name}/cube`);
    const scaled = emit.node(
      'Mul',
      [cube, emit.constant(`${name}/c`, 0.044715)],
      `${name}/scale_cube`,
    );
    const inner = emit.node('Add', [x, scaled], `${name}/add_cube`);
    const argument = emit.node(
      'Mul',
      [inner, emit.constant(`${name}/sqrt_2_over_pi`, Math.sqrt(2 / Math.PI))],
      `${name}/scale`,
    );
    const tanh = emit.node('Tanh', [argument], `${name}/tanh`);
    const onePlus = emit.node('Add', [tanh, emit.constant(`${name}/one`, 1)], `${name}/add_one`);
    const product = emit.node('Mul', [x, onePlus], `${name}/mul_x`);
    return emit.node('Mul', [product, emit.constant(`${name}/half`, 0.5)], `${name}/half`);
  }
  const scaled = emit.node('Mul', [x, emit.constant(`${name}/inv_sqrt2`, Math.SQRT1_2)], name);
  const erf = emit.node('Erf', [scaled], `${name}/erf`);
  const onePlus = emit.node('Add', [erf, emit.constant(`${name}/one`, 1)], `${name}/add_one`);
  const product = emit.node('Mul', [x, onePlus], `${name}/mul_x`);
  return emit.node('Mul', [product, emit.constant(`${name}/half`, 0.5)], `${name}/half`);
};

export const activationExporters: Record<string, ActivationExporter> = {
  identity: single('Identity'),
  linear: single('Identity'),
  relu: single('Relu'),
  sigmoid: single('Sigmoid'),
  tanh: single('Tanh'),
  softplus: single('Softplus'),
  softsign: single('Softsign'),
  leaky_relu: single('LeakyRelu', (args) => [attr.float('alpha', numberArg(args, 'alpha', 0.01))]),
  elu: single('Elu', (args) => [attr.float('alpha', numberArg(args, 'alpha', 1))]),
  selu: single('Selu', () => [attr.float('alpha', SELU_ALPHA), attr.float('gamma', SELU_SCALE)]),
  // relu6(x + 3)/6 = clip(x/6 + ½, 0, 1).
  hard_sigmoid: single('HardSigmoid', () => [attr.float('alpha', 1 / 6), attr.float('beta', 0.5)]),
  step: (x, _args, emit, name) => {
    const positive = emit.node('Greater', [x, emit.constant(`${name}/zero`, 0)], name);
    return emit.node('Cast', [positive], `${name}/cast`, [attr.int('to', DataType.FLOAT)]);
  },
  swish: (x, _args, emit, name) =>
    emit.node('Mul', [x, emit.node('Sigmoid', [x], name)], `${name}/mul`),
  gaussian: (x, _args, emit, name) => {
    const square = emit.node('Mul', [x, x], name);
    return emit.node('Exp', [emit.node('Neg', [square], `${name}/neg`)], `${name}/exp`);
  },
  gelu,
};
