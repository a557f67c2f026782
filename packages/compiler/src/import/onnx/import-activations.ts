// ONNX activations → nnet activations: single operators (Relu, LeakyRelu, Softmax, PRelu, …) and
// the small formulas nnc writes for those opset 17 lacks (gelu, swish, gaussian, step), matched as
// chains of nodes. An activation right after a dense or conv folds into it as its argument: for
// graphs nnc wrote, only when its node is named under that layer's node (`dense_1/relu`).

import type { NodeProto } from '../../onnx/proto.js';
import { DataType } from '../../onnx/proto.js';
import { attributes, type ImportContext, type ValueTensor } from './import-context.js';
import { formatFloat32, renderActivation } from './write-nnet.js';
import { permuteAxes } from '../../onnx/tensor.js';

export type NodeImporter = (node: NodeProto, ctx: ImportContext) => string | undefined;

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/**
 * Applies an activation to value `x` (tensor `xName`) for `node`, defining `output`: folded into
 * the layer that made `x` when it can take it and nothing but the activation's `nodes` read `x`,
 * else as a layer of its own.
 */
export function addActivation(
  ctx: ImportContext,
  node: NodeProto,
  xName: string,
  x: ValueTensor,
  output: string,
  kind: string,
  args: string[] = [],
  alpha?: number[],
  nodes: NodeProto[] = [node],
): void {
  const producer = ctx.layerOf(x.value);
  const underProducer =
    !ctx.fromNnc || (!!producer && !!node.name && node.name.startsWith(`${producer.node}/`));
  const onlyReadHere =
    !ctx.isGraphOutput(xName) && ctx.consumers(xName).every((reader) => nodes.includes(reader));
  if (producer?.takesActivation && !alpha && onlyReadHere && underProducer) {
    // dense followed by step is the language's perceptron (nnc says which one it wrote).
    const perceptron = !ctx.fromNnc || producer.nodeDoc?.startsWith('nnet perceptron ');
    if (producer.kind === 'dense' && kind === 'step' && perceptron) producer.kind = 'perceptron';
    else producer.activation = renderActivation(kind, args);
    producer.takesActivation = false;
    ctx.setValue(output, x.value, x.layout, x.onnxShape);
    return;
  }
  const shape = ctx.valueShape(x.value);
  const value = ctx.addLayer({
    kind,
    positional: args,
    inputs: [x.value],
    shape,
    node: node.name ?? kind,
    ...(alpha ? { weights: new Map([['alpha', { shape, values: alpha }]]) } : {}),
  });
  ctx.setValue(output, value, x.layout, x.onnxShape);
}

/** The value input of an elementwise node, or a reason. */
function valueInput(node: NodeProto, ctx: ImportContext, index = 0): ValueTensor | string {
  const x = ctx.value(node.input[index]);
  return (
    x ??
    `its input \`${node.input[index]}\` is not a layer's output (a constant or an unsupported value)`
  );
}

function simple(
  kind: string,
  args: (node: NodeProto) => string[] | string = () => [],
): NodeImporter {
  return (node, ctx) => {
    const x = valueInput(node, ctx);
    if (typeof x === 'string') return x;
    const rendered = args(node);
    if (typeof rendered === 'string') return rendered;
    addActivation(ctx, node, node.input[0], x, node.output[0], kind, rendered);
    return undefined;
  };
}

const softmax: NodeImporter = (node, ctx) => {
  const x = valueInput(node, ctx);
  if (typeof x === 'string') return x;
  const rank = x.onnxShape.length + 1;
  const raw = attributes(node).int('axis', ctx.opset >= 13 ? -1 : 1);
  const axis = raw < 0 ? raw + rank : raw;
  // Over the channels of a channels-first value, or over all features of a flat one.
  const lastAxis = x.layout.kind === 'first' || x.layout.kind === 'unit' ? 1 : rank - 1;
  if (axis !== lastAxis || (ctx.opset < 13 && rank > 2 && x.layout.kind !== 'first')) {
    return `it normalizes axis ${raw} of a ${rank}-axis tensor; nnet's softmax normalizes the channel (last) axis`;
  }
  if (x.layout.kind === 'unit' && x.onnxShape.length > 1)
    return 'it normalizes a pooled value that still has its unit axes';
  addActivation(ctx, node, node.input[0], x, node.output[0], 'softmax');
  return undefined;
};

/** PRelu's slope broadcast to the value's shape, in nnet (channels-last) order. */
const prelu: NodeImporter = (node, ctx) => {
  const x = valueInput(node, ctx);
  if (typeof x === 'string') return x;
  const slope = ctx.constant(node.input[1]);
  if (!slope) return 'its slope is not a constant tensor';
  const onnx = x.onnxShape;
  const dims =
    slope.dims.length > onnx.length
      ? slope.dims.slice(slope.dims.length - onnx.length)
      : slope.dims;
  if (slope.dims.slice(0, slope.dims.length - dims.length).some((d) => d !== 1))
    return 'its slope has more axes than its input';
  const offset = onnx.length - dims.length;
  if (dims.some((d, i) => d !== 1 && d !== onnx[offset + i]))
    return `its slope of shape [${slope.dims.join(', ')}] does not broadcast to [${onnx.join(', ')}]`;
  const total = onnx.reduce((a, b) => a * b, 1);
  const full = new Float64Array(total);
  const index = new Array<number>(onnx.length).fill(0);
  for (let i = 0; i < total; i++) {
    let source = 0;
    for (let axis = 0; axis < dims.length; axis++)
      source = source * dims[axis] + (dims[axis] === 1 ? 0 : index[offset + axis]);
    full[i] = slope.values[source];
    for (let axis = onnx.length - 1; axis >= 0; axis--) {
      if (++index[axis] < onnx[axis]) break;
      index[axis] = 0;
    }
  }
  let alpha: Float64Array = full;
  if (x.layout.kind === 'first')
    alpha = permuteAxes(full, onnx, [...onnx.slice(1).map((_, i) => i + 1), 0]);
  else if (x.layout.kind === 'flat') {
    const order = x.layout.order;
    alpha = new Float64Array(total);
    order.forEach((target, i) => (alpha[target] = full[i]));
  }
  addActivation(ctx, node, node.input[0], x, node.output[0], 'prelu', [], Array.from(alpha));
  return undefined;
};

const selu = simple('selu', (node) => {
  const a = attributes(node);
  return close(a.float('alpha', 1.67326319217681884765625), 1.6732632423543772) &&
    close(a.float('gamma', 1.05070102214813232421875), 1.0507009873554805)
    ? []
    : "its alpha and gamma differ from selu's constants";
});

const hardSigmoid = simple('hard_sigmoid', (node) => {
  const a = attributes(node);
  const alpha = a.float('alpha', 0.2);
  const beta = a.float('beta', 0.5);
  return close(alpha, 1 / 6) && close(beta, 0.5)
    ? []
    : `it computes clip(${formatFloat32(alpha)}·x + ${formatFloat32(beta)}, 0, 1); nnet's hard_sigmoid is clip(x/6 + 1/2, 0, 1)`;
});

export const activationImporters: Record<string, NodeImporter> = {
  Relu: simple('relu'),
  Sigmoid: simple('sigmoid'),
  Tanh: simple('tanh'),
  Softplus: simple('softplus'),
  Softsign: simple('softsign'),
  LeakyRelu: simple('leaky_relu', (node) => {
    const alpha = attributes(node).float('alpha', 0.01);
    return alpha < 0
      ? `its slope ${alpha} is negative`
      : close(alpha, 0.01)
        ? []
        : [formatFloat32(alpha)];
  }),
  Elu: simple('elu', (node) => {
    const alpha = attributes(node).float('alpha', 1);
    return alpha < 0
      ? `its alpha ${alpha} is negative`
      : close(alpha, 1)
        ? []
        : [formatFloat32(alpha)];
  }),
  Selu: selu,
  HardSigmoid: hardSigmoid,
  Softmax: softmax,
  PRelu: prelu,
};

// --- Activations written as small formulas ------------------------------------------------------

/** An operand of a step: the activation's input, the previous step's output, or a constant. */
type Operand = 'x' | 'prev' | number;

interface Step {
  op: string;
  inputs: Operand[];
  check?: (node: NodeProto) => boolean;
}

interface FormulaPattern {
  kind: string;
  args?: string[];
  steps: Step[];
}

const gelu: Step[] = [
  { op: 'Erf', inputs: ['prev'] },
  { op: 'Add', inputs: ['prev', 1] },
  { op: 'Mul', inputs: ['x', 'prev'] },
  { op: 'Mul', inputs: ['prev', 0.5] },
];

/** Longest first, so gelu's tanh form is tried before gaussian (both start with x·x). */
const formulas: FormulaPattern[] = [
  {
    kind: 'gelu',
    args: ['approximate = true'],
    steps: [
      { op: 'Mul', inputs: ['x', 'x'] },
      { op: 'Mul', inputs: ['prev', 'x'] },
      { op: 'Mul', inputs: ['prev', 0.044715] },
      { op: 'Add', inputs: ['x', 'prev'] },
      { op: 'Mul', inputs: ['prev', Math.sqrt(2 / Math.PI)] },
      { op: 'Tanh', inputs: ['prev'] },
      { op: 'Add', inputs: ['prev', 1] },
      { op: 'Mul', inputs: ['x', 'prev'] },
      { op: 'Mul', inputs: ['prev', 0.5] },
    ],
  },
  { kind: 'gelu', steps: [{ op: 'Mul', inputs: ['x', Math.SQRT1_2] }, ...gelu] },
  // PyTorch's exact gelu before opset 20: x / √2.
  { kind: 'gelu', steps: [{ op: 'Div', inputs: ['x', Math.SQRT2] }, ...gelu] },
  {
    kind: 'gaussian',
    steps: [
      { op: 'Mul', inputs: ['x', 'x'] },
      { op: 'Neg', inputs: ['prev'] },
      { op: 'Exp', inputs: ['prev'] },
    ],
  },
  {
    kind: 'swish',
    steps: [
      { op: 'Sigmoid', inputs: ['x'] },
      { op: 'Mul', inputs: ['x', 'prev'] },
    ],
  },
  {
    kind: 'step',
    steps: [
      { op: 'Greater', inputs: ['x', 0] },
      {
        op: 'Cast',
        inputs: ['prev'],
        check: (node) => attributes(node).int('to', 0) === DataType.FLOAT,
      },
    ],
  },
];

const commutative = new Set(['Add', 'Mul']);

/** The nodes of `pattern` starting at `start` on input `x`, or undefined. */
function matchFormula(
  start: NodeProto,
  x: string,
  pattern: FormulaPattern,
  ctx: ImportContext,
): NodeProto[] | undefined {
  const nodes: NodeProto[] = [];
  let node: NodeProto | undefined = start;
  let previous = '';
  for (const [index, step] of pattern.steps.entries()) {
    if (!node || node.opType !== step.op || ctx.done.has(node)) return undefined;
    const inputs = node.input.filter((name) => name !== '');
    const fits = (name: string, operand: Operand) => {
      if (operand === 'x') return name === x;
      if (operand === 'prev') return name === previous;
      const constant = ctx.constant(name);
      return !!constant && constant.values.length === 1 && close(constant.values[0], operand);
    };
    const inOrder =
      inputs.length === step.inputs.length &&
      step.inputs.every((operand, i) => fits(inputs[i], operand));
    const swapped =
      commutative.has(step.op) &&
      inputs.length === 2 &&
      fits(inputs[0], step.inputs[1]) &&
      fits(inputs[1], step.inputs[0]);
    if (!(inOrder || swapped) || (step.check && !step.check(node))) return undefined;
    nodes.push(node);
    if (index === pattern.steps.length - 1) return nodes;
    previous = node.output[0];
    if (!ctx.isPrivate(previous)) return undefined;
    node = ctx.consumers(previous)[0];
  }
  return undefined;
}

/** Imports a formula activation starting at `node`; false when none matches there. */
export function importFormula(node: NodeProto, ctx: ImportContext): boolean {
  for (const pattern of formulas) {
    if (pattern.steps[0].op !== node.opType) continue;
    for (const candidate of node.input) {
      const x = ctx.value(candidate);
      if (!x) continue;
      const nodes = matchFormula(node, candidate, pattern, ctx);
      if (!nodes) continue;
      for (const matched of nodes) ctx.done.add(matched);
      addActivation(
        ctx,
        node,
        candidate,
        x,
        nodes[nodes.length - 1].output[0],
        pattern.kind,
        pattern.args ?? [],
        undefined,
        nodes,
      );
      return true;
    }
  }
  return false;
}
