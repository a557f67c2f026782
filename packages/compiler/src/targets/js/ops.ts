// One emitter per IR op kind: the JavaScript of its forward (training or inference) and of its
// backward, as calls into @nnet/runtime kernels. `batch` is the generated code's batch variable;
// sizes are baked in as numbers. The backward of an op sits next to its forward.

import type { IrOp, IrOpOf, OpKind } from '../../ir/ir.js';
import { attentionParams, normalizationParams, recurrentParams } from '../../ir/param-slots.js';
import type { EmitContext } from './context.js';
import { gcn } from './ops-graph.js';
import { positions } from './ops-sequence.js';

export interface OpEmitter<K extends OpKind> {
  forward(op: IrOp<K>, ctx: EmitContext, training: boolean): string[];
  backward(op: IrOp<K>, ctx: EmitContext): string[];
}

const num = (n: number) => String(n);
const shapeOf = (op: IrOp, ctx: EmitContext, tensor = op.inputs[0]) =>
  ctx.train.tensors[tensor].shape;
const last = (shape: readonly number[]) => shape[shape.length - 1];

/** Rows seen by a kernel over the last axis: batch × every other axis. */
const rowsOf = (op: IrOp, ctx: EmitContext, tensor: number) => {
  const shape = ctx.train.tensors[tensor].shape;
  const perSample = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  return perSample === 1 ? 'batch' : `batch * ${perSample}`;
};

const dense: OpEmitter<'dense' | 'matmul'> = {
  forward(op, ctx) {
    const [x] = op.inputs;
    const [weights, bias] = op.params;
    const k = shapeOf(op, ctx)[shapeOf(op, ctx).length - 1];
    const n = last(ctx.train.tensors[op.output].shape);
    const act = op.kind === 'dense' ? ctx.activation(op.attrs.activation) : undefined;
    const rows = rowsOf(op, ctx, x);
    const b = op.kind === 'dense' && op.attrs.hasBias ? ctx.param(bias) : 'null';
    if (act && !act.usesOutput) {
      // The backward needs the values before the activation: keep them.
      const pre = preActivation(op, ctx);
      return [
        `rt.denseForward(${ctx.v(x)}, ${ctx.param(weights)}, ${b}, ${pre}, ${rows}, ${k}, ${n}, null);`,
        `${act.ref}.forward(${pre}, ${ctx.v(op.output)}, ${rows} * ${n}, ${act.alpha});`,
      ];
    }
    return [
      `rt.denseForward(${ctx.v(x)}, ${ctx.param(weights)}, ${b}, ${ctx.v(op.output)}, ${rows}, ${k}, ${n}, ${act ? act.ref : 'null'}${act ? `, ${act.alpha}` : ''});`,
    ];
  },
  backward(op, ctx) {
    const [x] = op.inputs;
    const [weights, bias] = op.params;
    const k = shapeOf(op, ctx)[shapeOf(op, ctx).length - 1];
    const n = last(ctx.train.tensors[op.output].shape);
    const rows = rowsOf(op, ctx, x);
    const act = op.kind === 'dense' ? ctx.activation(op.attrs.activation) : undefined;
    const value = act
      ? act.usesOutput
        ? ctx.v(op.output)
        : preActivation(op, ctx)
      : ctx.v(op.output);
    const dy = ctx.d(op.output);
    const gb = op.kind === 'dense' && op.attrs.hasBias ? ctx.grad(bias) : 'null';
    const lines = [
      // dz = dy ⊙ f'(·) in place, with the bias gradient in the same pass.
      `rt.denseBackwardPrologue(${value}, ${dy}, ${dy}, ${gb}, ${rows}, ${n}, ${act ? act.ref : 'null'}${act ? `, ${act.alpha}` : ''});`,
      `rt.matmulTransA(${ctx.v(x)}, ${dy}, ${ctx.grad(weights)}, ${k}, ${rows}, ${n});`,
    ];
    lines.push(
      ...ctx.writeGrad(
        x,
        `${rows} * ${k}`,
        (target, accumulate) => [
          `rt.matmulTransB(${dy}, ${ctx.param(weights)}, ${target}, ${rows}, ${n}, ${k}${accumulate ? ', true' : ''});`,
        ],
        true,
      ),
    );
    return lines;
  },
};

function preActivation(op: IrOp, ctx: EmitContext): string {
  return ctx.opBuffer(`pre:${op.output}`, ctx.size(op.output), 'Float32Array', 'z');
}

const biasAdd: OpEmitter<'bias_add'> = {
  forward(op, ctx) {
    const n = last(ctx.train.tensors[op.output].shape);
    const rows = rowsOf(op, ctx, op.output);
    return [
      `${ctx.v(op.output)}.set(${ctx.v(op.inputs[0])}.subarray(0, ${rows} * ${n}));`,
      `rt.addBias(${ctx.v(op.output)}, ${ctx.param(op.params[0])}, ${rows}, ${n});`,
    ];
  },
  backward(op, ctx) {
    const n = last(ctx.train.tensors[op.output].shape);
    const rows = rowsOf(op, ctx, op.output);
    const dy = ctx.d(op.output);
    return [
      `rt.sumRows(${dy}, ${ctx.grad(op.params[0])}, ${rows}, ${n});`,
      ...ctx.writeGrad(op.inputs[0], `${rows} * ${n}`, (target) => [
        `${target}.set(${dy}.subarray(0, ${rows} * ${n}));`,
      ]),
    ];
  },
};

const activation: OpEmitter<'activation'> = {
  forward(op, ctx) {
    const [x] = op.inputs;
    const act = ctx.activation(op.attrs.activation);
    if (!act) return [`${ctx.v(op.output)}.set(${ctx.v(x)}.subarray(0, batch * ${ctx.size(x)}));`];
    if (act.form === 'parametric') {
      return [
        `${act.ref}.forward(${ctx.v(x)}, ${ctx.param(op.params[0])}, ${ctx.v(op.output)}, batch, ${ctx.size(x)});`,
      ];
    }
    if (act.form === 'rows') {
      const cols = last(shapeOf(op, ctx));
      return [
        `${act.ref}.forward(${ctx.v(x)}, ${ctx.v(op.output)}, batch * ${ctx.size(x) / cols}, ${cols});`,
      ];
    }
    return [
      `${act.ref}.forward(${ctx.v(x)}, ${ctx.v(op.output)}, batch * ${ctx.size(x)}, ${act.alpha});`,
    ];
  },
  backward(op, ctx) {
    const [x] = op.inputs;
    const n = `batch * ${ctx.size(x)}`;
    const dy = ctx.d(op.output);
    const act = ctx.activation(op.attrs.activation);
    if (!act) return ctx.writeGrad(x, n, (target) => [`${target}.set(${dy}.subarray(0, ${n}));`]);
    if (act.form === 'parametric') {
      return ctx.writeGrad(x, n, (target) => [
        `${act.ref}.backward(${ctx.v(x)}, ${ctx.param(op.params[0])}, ${dy}, ${target}, ${ctx.grad(op.params[0])}, batch, ${ctx.size(x)});`,
      ]);
    }
    if (act.form === 'rows') {
      const cols = last(shapeOf(op, ctx));
      return ctx.writeGrad(x, n, (target) => [
        `${act.ref}.backward(${ctx.v(op.output)}, ${dy}, ${target}, batch * ${ctx.size(x) / cols}, ${cols});`,
      ]);
    }
    const read = act.usesOutput ? ctx.v(op.output) : ctx.v(x);
    return ctx.writeGrad(x, n, (target) => [
      `${act.ref}.backward(${read}, ${dy}, ${target}, ${n}, ${act.alpha});`,
    ]);
  },
};

function convGeometry(op: IrOpOf<'conv'>, ctx: EmitContext): string {
  const input = shapeOf(op, ctx);
  const filters = last(ctx.train.tensors[op.output].shape);
  const { kernel, strides, dilation } = op.attrs;
  const padding = JSON.stringify(op.attrs.padding);
  if (op.attrs.spatialRank === 1) {
    return ctx.constant(
      `rt.conv1dGeometry({ inWidth: ${input[0]}, inChannels: ${input[1]}, outChannels: ${filters}, kernelWidth: ${kernel[0]}, stride: ${strides[0]}, dilation: ${dilation[0]}, padding: ${padding} })`,
      'conv',
    );
  }
  return ctx.constant(
    `rt.conv2dGeometry({ inHeight: ${input[0]}, inWidth: ${input[1]}, inChannels: ${input[2]}, outChannels: ${filters}, kernelHeight: ${kernel[0]}, kernelWidth: ${kernel[1]}, strideHeight: ${strides[0]}, strideWidth: ${strides[1]}, dilationHeight: ${dilation[0]}, dilationWidth: ${dilation[1]}, padding: ${padding} })`,
    'conv',
  );
}

const conv: OpEmitter<'conv'> = {
  forward(op, ctx) {
    const geometry = convGeometry(op, ctx);
    const workspace = ctx.constant(`rt.createConvWorkspace(${geometry})`, 'ws');
    const bias = op.params[1] ? ctx.param(op.params[1]) : 'null';
    return [
      `rt.conv2dForward(${ctx.v(op.inputs[0])}, ${ctx.param(op.params[0])}, ${bias}, ${ctx.v(op.output)}, batch, ${geometry}, ${workspace});`,
    ];
  },
  backward(op, ctx) {
    const geometry = convGeometry(op, ctx);
    const workspace = ctx.constant(`rt.createConvWorkspace(${geometry})`, 'ws');
    const [x] = op.inputs;
    const gBias = op.params[1] ? ctx.grad(op.params[1]) : 'null';
    const call = (target: string) =>
      `rt.conv2dBackward(${ctx.v(x)}, ${ctx.param(op.params[0])}, ${ctx.d(op.output)}, ${target}, ${ctx.grad(op.params[0])}, ${gBias}, batch, ${geometry}, ${workspace});`;
    return ctx.needsGrad(x)
      ? ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [call(target)])
      : [call('null')];
  },
};

function poolGeometry(op: IrOp<'maxpool' | 'avgpool'>, ctx: EmitContext): string {
  const input = shapeOf(op, ctx);
  const { pool, strides } = op.attrs;
  const padding = JSON.stringify(op.attrs.padding);
  if (input.length === 2) {
    return ctx.constant(
      `rt.pool1dGeometry({ inWidth: ${input[0]}, channels: ${input[1]}, poolSize: ${pool[0]}, stride: ${strides[0]}, padding: ${padding} })`,
      'pool',
    );
  }
  return ctx.constant(
    `rt.pool2dGeometry({ inHeight: ${input[0]}, inWidth: ${input[1]}, channels: ${input[2]}, poolHeight: ${pool[0]}, poolWidth: ${pool[1]}, strideHeight: ${strides[0]}, strideWidth: ${strides[1]}, padding: ${padding} })`,
    'pool',
  );
}

const argmaxOf = (op: IrOp, ctx: EmitContext) =>
  ctx.opBuffer(`argmax:${op.output}`, ctx.size(op.output), 'Int32Array', 'arg');
const maxpool: OpEmitter<'maxpool'> = {
  forward(op, ctx) {
    const argmax = argmaxOf(op, ctx);
    return [
      `rt.maxPool2dForward(${ctx.v(op.inputs[0])}, ${ctx.v(op.output)}, ${argmax}, batch, ${poolGeometry(op, ctx)});`,
    ];
  },
  backward(op, ctx) {
    const argmax = argmaxOf(op, ctx);
    const x = op.inputs[0];
    return ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [
      `rt.maxPool2dBackward(${ctx.d(op.output)}, ${argmax}, ${target}, batch, ${poolGeometry(op, ctx)});`,
    ]);
  },
};

const avgpool: OpEmitter<'avgpool'> = {
  forward: (op, ctx) => [
    `rt.avgPool2dForward(${ctx.v(op.inputs[0])}, ${ctx.v(op.output)}, batch, ${poolGeometry(op, ctx)});`,
  ],
  backward(op, ctx) {
    const x = op.inputs[0];
    return ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [
      `rt.avgPool2dBackward(${ctx.d(op.output)}, ${target}, batch, ${poolGeometry(op, ctx)});`,
    ]);
  },
};

const globalavgpool: OpEmitter<'globalavgpool'> = {
  forward(op, ctx) {
    const channels = last(shapeOf(op, ctx));
    return [
      `rt.globalAvgPoolForward(${ctx.v(op.inputs[0])}, ${ctx.v(op.output)}, batch, ${ctx.size(op.inputs[0]) / channels}, ${channels});`,
    ];
  },
  backward(op, ctx) {
    const x = op.inputs[0];
    const channels = last(shapeOf(op, ctx));
    return ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [
      `rt.globalAvgPoolBackward(${ctx.d(op.output)}, ${target}, batch, ${ctx.size(x) / channels}, ${channels});`,
    ]);
  },
};

/**
 * γ and β as the kernels need them: a layer without `scale` or `center` gets a constant 1 or 0
 * vector instead, made once (the kernels always read both).
 */
function normScaleShift(
  op: IrOp<'batchnorm' | 'layernorm'>,
  ctx: EmitContext,
): { gamma: string; beta: string; dGamma: string; dBeta: string } {
  const channels = last(shapeOf(op, ctx));
  const { scale, shift } = normalizationParams(op);
  return {
    gamma: scale ? ctx.param(scale) : ctx.constant(`new Float32Array(${channels}).fill(1)`, 'ones'),
    beta: shift ? ctx.param(shift) : ctx.constant(`new Float32Array(${channels})`, 'zeros'),
    // The kernels write both gradients; one without a parameter lands in a scratch vector.
    dGamma: scale ? ctx.grad(scale) : ctx.scratchVector(`gamma:${op.output}`, channels),
    dBeta: shift ? ctx.grad(shift) : ctx.scratchVector(`beta:${op.output}`, channels),
  };
}

function normState(op: IrOpOf<'batchnorm'>, ctx: EmitContext): string {
  const channels = last(shapeOf(op, ctx));
  const { mean, variance } = normalizationParams(op);
  return ctx.kernelState(
    `batchnorm:${op.output}`,
    `rt.createBatchNormState({ channels: ${channels}, momentum: ${num(op.attrs.momentum)}, epsilon: ${num(op.attrs.epsilon)}, runningMean: ${ctx.param(mean!)}, runningVariance: ${ctx.param(variance!)} })`,
  );
}

const batchnorm: OpEmitter<'batchnorm'> = {
  forward(op, ctx, training) {
    const state = normState(op, ctx);
    const { gamma, beta } = normScaleShift(op, ctx);
    const kernel = training ? 'batchNormForwardTraining' : 'batchNormForwardInference';
    return [
      `rt.${kernel}(${ctx.v(op.inputs[0])}, ${gamma}, ${beta}, ${ctx.v(op.output)}, ${rowsOf(op, ctx, op.inputs[0])}, ${state});`,
    ];
  },
  backward(op, ctx) {
    const state = normState(op, ctx);
    const { gamma, dGamma, dBeta } = normScaleShift(op, ctx);
    const x = op.inputs[0];
    const call = (target: string) =>
      `rt.batchNormBackward(${ctx.v(x)}, ${gamma}, ${ctx.d(op.output)}, ${target}, ${dGamma}, ${dBeta}, ${rowsOf(op, ctx, x)}, ${state});`;
    return ctx.needsGrad(x)
      ? ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [call(target)])
      : [call('scratch')];
  },
};

function layerNormState(op: IrOpOf<'layernorm'>, ctx: EmitContext): string {
  const features = last(shapeOf(op, ctx));
  return ctx.kernelState(
    `layernorm:${op.output}`,
    `rt.createLayerNormState({ features: ${features}, epsilon: ${num(op.attrs.epsilon)} })`,
  );
}

const layernorm: OpEmitter<'layernorm'> = {
  forward(op, ctx) {
    const { gamma, beta } = normScaleShift(op, ctx);
    return [
      `rt.layerNormForward(${ctx.v(op.inputs[0])}, ${gamma}, ${beta}, ${ctx.v(op.output)}, ${rowsOf(op, ctx, op.inputs[0])}, ${layerNormState(op, ctx)});`,
    ];
  },
  backward(op, ctx) {
    const { gamma, dGamma, dBeta } = normScaleShift(op, ctx);
    const x = op.inputs[0];
    const call = (target: string) =>
      `rt.layerNormBackward(${ctx.v(x)}, ${gamma}, ${ctx.d(op.output)}, ${target}, ${dGamma}, ${dBeta}, ${rowsOf(op, ctx, x)}, ${layerNormState(op, ctx)});`;
    return ctx.needsGrad(x)
      ? ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [call(target)])
      : [call('scratch')];
  },
};

const maskOf = (op: IrOp, ctx: EmitContext) =>
  ctx.opBuffer(`mask:${op.output}`, ctx.size(op.output), 'Float32Array', 'mask');
const dropout: OpEmitter<'dropout'> = {
  forward(op, ctx, training) {
    const n = `batch * ${ctx.size(op.output)}`;
    if (!training) return [`${ctx.v(op.output)}.set(${ctx.v(op.inputs[0])}.subarray(0, ${n}));`];
    return [
      `rt.dropoutForward(${ctx.v(op.inputs[0])}, ${ctx.v(op.output)}, ${maskOf(op, ctx)}, ${n}, ${num(op.attrs.rate)}, prng);`,
    ];
  },
  backward(op, ctx) {
    const x = op.inputs[0];
    const n = `batch * ${ctx.size(x)}`;
    return ctx.writeGrad(x, n, (target) => [
      `rt.dropoutBackward(${ctx.d(op.output)}, ${maskOf(op, ctx)}, ${target}, ${n});`,
    ]);
  },
};

const gaussianNoise: OpEmitter<'gaussian_noise'> = {
  forward(op, ctx, training) {
    const n = `batch * ${ctx.size(op.output)}`;
    if (!training) return [`${ctx.v(op.output)}.set(${ctx.v(op.inputs[0])}.subarray(0, ${n}));`];
    return [
      `rt.gaussianNoiseForward(${ctx.v(op.inputs[0])}, ${ctx.v(op.output)}, ${n}, ${num(op.attrs.stddev)}, prng);`,
    ];
  },
  backward(op, ctx) {
    const x = op.inputs[0];
    const n = `batch * ${ctx.size(x)}`;
    return ctx.writeGrad(x, n, (target) => [
      `rt.gaussianNoiseBackward(${ctx.d(op.output)}, ${target}, ${n});`,
    ]);
  },
};

const reshape: OpEmitter<'reshape'> = { forward: () => [], backward: () => [] };

const embedding: OpEmitter<'embedding'> = {
  forward(op, ctx) {
    const [vocab, dim] = ctx.train.params.find((p) => p.name === op.params[0])!.shape;
    return [
      `rt.embeddingForward(${ctx.v(op.inputs[0])}, ${ctx.param(op.params[0])}, ${ctx.v(op.output)}, batch * ${ctx.size(op.inputs[0])}, ${vocab}, ${dim});`,
    ];
  },
  backward(op, ctx) {
    const [, dim] = ctx.train.params.find((p) => p.name === op.params[0])!.shape;
    return [
      `rt.embeddingBackward(${ctx.v(op.inputs[0])}, ${ctx.d(op.output)}, ${ctx.grad(op.params[0])}, batch * ${ctx.size(op.inputs[0])}, ${dim});`,
    ];
  },
};

/** Merges add into their input gradients; a gradient written only here is zeroed first. */
function mergeTargets(op: IrOp, ctx: EmitContext): { lines: string[]; targets: string } {
  const lines: string[] = [];
  const targets = op.inputs.map((input) => {
    if (!ctx.needsGrad(input)) return 'scratch';
    if (ctx.gradMode(input) === 'write')
      lines.push(`${ctx.d(input)}.fill(0, 0, batch * ${ctx.size(input)});`);
    return ctx.d(input);
  });
  if (targets.includes('scratch'))
    lines.push(`scratch.fill(0, 0, batch * ${Math.max(...op.inputs.map((i) => ctx.size(i)))});`);
  return { lines, targets: `[${targets.join(', ')}]` };
}

const add: OpEmitter<'add'> = {
  forward: (op, ctx) => [
    `rt.addForward([${op.inputs.map((i) => ctx.v(i)).join(', ')}], ${ctx.v(op.output)}, batch * ${ctx.size(op.output)});`,
  ],
  backward(op, ctx) {
    const { lines, targets } = mergeTargets(op, ctx);
    return [
      ...lines,
      `rt.addBackward(${ctx.d(op.output)}, ${targets}, batch * ${ctx.size(op.output)});`,
    ];
  },
};

const multiply: OpEmitter<'multiply'> = {
  forward: (op, ctx) => [
    `rt.multiplyForward([${op.inputs.map((i) => ctx.v(i)).join(', ')}], ${ctx.v(op.output)}, batch * ${ctx.size(op.output)});`,
  ],
  backward(op, ctx) {
    const { lines, targets } = mergeTargets(op, ctx);
    return [
      ...lines,
      `rt.multiplyBackward([${op.inputs.map((i) => ctx.v(i)).join(', ')}], ${ctx.d(op.output)}, ${targets}, batch * ${ctx.size(op.output)});`,
    ];
  },
};

function concatLayout(op: IrOpOf<'concat'>, ctx: EmitContext): { widths: number[]; outer: number } {
  const shape = ctx.train.tensors[op.output].shape;
  const outer = shape.slice(0, op.attrs.axis).reduce((a, b) => a * b, 1);
  return { widths: op.inputs.map((i) => ctx.size(i) / outer), outer };
}

const concat: OpEmitter<'concat'> = {
  forward(op, ctx) {
    const { widths, outer } = concatLayout(op, ctx);
    return [
      `rt.concatForward([${op.inputs.map((i) => ctx.v(i)).join(', ')}], [${widths.join(', ')}], ${ctx.v(op.output)}, batch * ${outer});`,
    ];
  },
  backward(op, ctx) {
    const { widths, outer } = concatLayout(op, ctx);
    const { lines, targets } = mergeTargets(op, ctx);
    return [
      ...lines,
      `rt.concatBackward(${ctx.d(op.output)}, [${widths.join(', ')}], ${targets}, batch * ${outer});`,
    ];
  },
};

/** The shape of a parameter by name. */
const paramShape = (ctx: EmitContext, name: string) =>
  ctx.train.params.find((p) => p.name === name)!.shape;

/** The runtime's kernels for a recurrent cell with this many gates. */
const cellKernels = {
  1: { forward: 'rnnForward', backward: 'rnnBackward', createState: 'createRnnState' },
  3: { forward: 'gruForward', backward: 'gruBackward', createState: 'createGruState' },
  4: { forward: 'lstmForward', backward: 'lstmBackward', createState: 'createLstmState' },
} as const;

/** Options of a recurrent kernel: sequences or last step, activations, GRU's reset_after. */
function recurrentOptions(op: IrOpOf<'recurrent'>, ctx: EmitContext): string {
  const activation = ctx.activation(op.attrs.activation);
  const parts = [`returnSequences: ${op.attrs.returnSequences}`];
  parts.push(`activation: ${activation ? activation.ref : 'rt.activationTable.identity'}`);
  if (activation) parts.push(`activationAlpha: ${activation.alpha}`);
  if (op.attrs.recurrentActivation) {
    const recurrent = ctx.activation(op.attrs.recurrentActivation);
    parts.push(`recurrentActivation: ${recurrent ? recurrent.ref : 'rt.activationTable.identity'}`);
    if (recurrent) parts.push(`recurrentActivationAlpha: ${recurrent.alpha}`);
  }
  if (op.attrs.gates === 3) parts.push(`resetAfter: ${op.attrs.resetAfter}`);
  return ctx.constant(`{ ${parts.join(', ')} }`, 'rnnOptions');
}

const recurrent: OpEmitter<'recurrent'> = {
  forward(op, ctx) {
    const { kernel, recurrentKernel, bias } = recurrentParams(op);
    return [
      `rt.${cellKernels[op.attrs.gates].forward}(${ctx.v(op.inputs[0])}, ${ctx.param(kernel)}, ${ctx.param(recurrentKernel)}, ${bias ? ctx.param(bias) : 'null'}, ${ctx.v(op.output)}, batch, ${recurrentOptions(op, ctx)}, ${recurrentState(op, ctx)});`,
    ];
  },
  backward(op, ctx) {
    const { kernel, recurrentKernel, bias } = recurrentParams(op);
    const x = op.inputs[0];
    const call = (target: string) =>
      `rt.${cellKernels[op.attrs.gates].backward}(${ctx.param(kernel)}, ${ctx.param(recurrentKernel)}, ${ctx.d(op.output)}, ${target}, ${ctx.grad(kernel)}, ${ctx.grad(recurrentKernel)}, ${bias ? ctx.grad(bias) : 'null'}, batch, ${recurrentOptions(op, ctx)}, ${recurrentState(op, ctx)});`;
    return ctx.needsGrad(x)
      ? ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [call(target)])
      : [call('null')];
  },
};

/** The state of a recurrent op (it grows with the batch itself). */
function recurrentState(op: IrOpOf<'recurrent'>, ctx: EmitContext): string {
  const [timesteps, features] = shapeOf(op, ctx);
  const units = paramShape(ctx, recurrentParams(op).recurrentKernel)[0];
  return ctx.kernelState(
    `recurrent:${op.output}`,
    `rt.${cellKernels[op.attrs.gates].createState}({ timesteps: ${timesteps}, features: ${features}, units: ${units} })`,
  );
}

/** The state of an attention op (it grows with the batch itself). */
function attentionState(op: IrOpOf<'attention'>, ctx: EmitContext): string {
  const [timesteps, features] = shapeOf(op, ctx);
  const { heads, keyDim, valueDim, causal } = op.attrs;
  const spec = `{ timesteps: ${timesteps}, modelDim: ${features}, heads: ${heads}, keyDim: ${keyDim}, valueDim: ${valueDim}, causal: ${causal} }`;
  return ctx.kernelState(`attention:${op.output}`, `rt.createAttentionState(${spec})`);
}

/** The eight attention weights (or their gradients) as the runtime's AttentionParameters. */
function attentionArgument(op: IrOpOf<'attention'>, of: (name: string) => string): string {
  const slots = attentionParams(op);
  const keys = [
    'queryKernel',
    'queryBias',
    'keyKernel',
    'keyBias',
    'valueKernel',
    'valueBias',
    'outputKernel',
    'outputBias',
  ] as const;
  return `{ ${keys.map((key) => `${key}: ${slots[key] ? of(slots[key]) : 'null'}`).join(', ')} }`;
}

const attention: OpEmitter<'attention'> = {
  forward(op, ctx) {
    const params = ctx.constant(
      attentionArgument(op, (name) => ctx.param(name)),
      'attention',
    );
    return [
      `rt.attentionForward(${ctx.v(op.inputs[0])}, ${params}, ${ctx.v(op.output)}, batch, ${attentionState(op, ctx)});`,
    ];
  },
  backward(op, ctx) {
    const params = ctx.constant(
      attentionArgument(op, (name) => ctx.param(name)),
      'attention',
    );
    const grads = ctx.constant(
      attentionArgument(op, (name) => ctx.grad(name)),
      'attentionGrads',
    );
    const x = op.inputs[0];
    const call = (target: string) =>
      `rt.attentionBackward(${ctx.v(x)}, ${params}, ${ctx.d(op.output)}, ${target}, ${grads}, batch, ${attentionState(op, ctx)});`;
    return ctx.needsGrad(x)
      ? ctx.writeGrad(x, `batch * ${ctx.size(x)}`, (target) => [call(target)])
      : [call('null')];
  },
};

/** The ops this generator can emit; anything else is reported at compile time (NN4009). */
export const opEmitters: { [K in OpKind]?: OpEmitter<K> } = {
  dense,
  matmul: dense,
  bias_add: biasAdd,
  activation,
  conv,
  maxpool,
  avgpool,
  globalavgpool,
  batchnorm,
  layernorm,
  dropout,
  gaussian_noise: gaussianNoise,
  reshape,
  embedding,
  add,
  multiply,
  concat,
  recurrent,
  attention,
  gcn,
  position_embedding: positions,
  positional_encoding: positions,
};

/** The emitter of an op, typed by its kind (the one place the kind and its emitter are joined). */
export function emitterFor(op: IrOp): OpEmitter<OpKind> | undefined {
  return opEmitters[op.kind] as OpEmitter<OpKind> | undefined;
}

/** Why an op the generator knows cannot be emitted with these attributes, if it cannot. */
export function unsupportedReason(op: IrOp): string | undefined {
  if (op.kind === 'attention' && op.attrs.dropout > 0) {
    return 'the attention kernel has no dropout on its weights yet; use `dropout = 0` and a `dropout` layer after it';
  }
  if (op.kind === 'recurrent') {
    for (const [key, value] of [
      ['activation', op.attrs.activation],
      ['recurrent_activation', op.attrs.recurrentActivation],
    ] as const) {
      if (value && value.form !== 'elementwise')
        return `a recurrent cell applies its \`${key}\` to each value on its own; \`${value.activation}\` is not elementwise`;
    }
  }
  return undefined;
}
