// The IR verifier: every tensor is defined once and before it is read, every parameter's id is its
// index and every op's parameter ids exist with consistent shapes, every op has each attribute of
// its kind. Returns problems as sentences (none when sound); run after each pass in tests and under
// NNET_DEBUG, where a problem throws (a compiler bug, reported as NN9001).

import { ownOps } from '../catalogue/index.js';
import { presentParameters } from '../catalogue/own-op.js';
import type { CoreOpAttributes, CoreOpKind, IrModel, IrOp } from './ir.js';
import { opShapes } from './op-shapes.js';

/** Each core op kind's attributes: true for the ones every op of the kind must have. */
const coreAttributes: {
  [K in CoreOpKind]: { [A in keyof Required<CoreOpAttributes[K]>]: boolean };
} = {
  matmul: {},
  bias_add: {},
  activation: { activation: true },
  dense: { activation: false, hasBias: true },
  conv: { spatialRank: true, kernel: true, strides: true, dilation: true, padding: true },
  maxpool: { pool: true, strides: true, padding: true },
  avgpool: { pool: true, strides: true, padding: true },
  globalavgpool: {},
  recurrent: {
    gates: true,
    activation: true,
    recurrentActivation: false,
    returnSequences: true,
    resetAfter: true,
  },
  attention: {
    heads: true,
    keyDim: true,
    valueDim: true,
    dropout: true,
    causal: true,
    pad: true,
    hasBias: true,
  },
};

/** The attributes of an op kind: the core table's, or what the layer declaring the op lists. */
const requiredAttributes = (kind: string): Readonly<Record<string, boolean>> =>
  (coreAttributes as Record<string, Record<string, boolean>>)[kind] ??
  ownOps.get(kind)?.attributeNames ??
  {};

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** An own op's parameters against its layer file's `parameters`: as many, each of its shape. */
function ownParameterProblems(model: IrModel, op: IrOp, where: string): string[] {
  const own = ownOps.get(op.kind);
  if (!own?.parameters) return [];
  // The parameters present with the op's attributes (a `when` may leave some out).
  const declared = presentParameters(own, op.attrs).map(({ parameter }) => parameter);
  if (op.params.length !== declared.length)
    return [`${where} has ${op.params.length} parameters; its layer declares ${declared.length}`];
  const shapes = opShapes(model, op);
  return declared.flatMap((parameter, index) => {
    const found = model.params[op.params[index]]?.shape;
    const expected = parameter.shape(op.attrs, shapes);
    return found && found.join(',') !== expected.join(',')
      ? [`${where}: its ${parameter.name} is [${found.join(', ')}], not [${expected.join(', ')}]`]
      : [];
  });
}

export function verifyIr(model: IrModel): string[] {
  const problems: string[] = [];
  const defined = new Set<number>(model.inputs);
  if (new Set(model.params.map((p) => p.name)).size !== model.params.length)
    problems.push('two parameters share a name');
  model.tensors.forEach((tensor, index) => {
    if (tensor.id !== index) problems.push(`tensor %${index} has id ${tensor.id}`);
  });
  model.params.forEach((param, index) => {
    if (param.id !== index) problems.push(`parameter ${param.name} at ${index} has id ${param.id}`);
    if (param.shape.some((d) => !Number.isInteger(d) || d < 1))
      problems.push(`parameter ${param.name} has shape [${param.shape.join(', ')}]`);
    if (param.values && param.values.length !== size(param.shape))
      problems.push(
        `parameter ${param.name} holds ${param.values.length} values for ${size(param.shape)}`,
      );
  });
  model.ops.forEach((op, index) => {
    const where = `op ${index} (${op.kind}, layer ${op.source.layer})`;
    if (op.id !== index) problems.push(`${where} has id ${op.id}`);
    for (const input of op.inputs)
      if (!defined.has(input)) problems.push(`${where} reads %${input} before it is defined`);
    if (defined.has(op.output)) problems.push(`${where} defines %${op.output} a second time`);
    if (!model.tensors[op.output])
      problems.push(`${where} writes the unknown tensor %${op.output}`);
    defined.add(op.output);
    for (const id of op.params)
      if (!Number.isInteger(id) || !model.params[id])
        problems.push(`${where} uses the unknown parameter #${id}`);
    const required = requiredAttributes(op.kind);
    const attrs = op.attrs as Record<string, unknown>;
    for (const [key, needed] of Object.entries(required))
      if (needed && attrs[key] === undefined) problems.push(`${where} has no attribute ${key}`);
    for (const key of Object.keys(attrs))
      if (!(key in required)) problems.push(`${where} has the unknown attribute ${key}`);
    if (op.kind === 'dense' || op.kind === 'matmul') {
      const weights = model.params[op.params[0]];
      const x = model.tensors[op.inputs[0]].shape;
      const y = model.tensors[op.output].shape;
      if (weights && (weights.shape[0] !== x[x.length - 1] || weights.shape[1] !== y[y.length - 1]))
        problems.push(
          `${where}: its weights [${weights.shape.join(', ')}] do not map ${x[x.length - 1]} to ${y[y.length - 1]} features`,
        );
    }
    problems.push(...ownParameterProblems(model, op, where));
    if (op.kind === 'dense' && op.attrs.hasBias !== op.params.length > 1)
      problems.push(`${where}: hasBias disagrees with its ${op.params.length} parameters`);
  });
  for (const output of model.outputs)
    if (!defined.has(output)) problems.push(`the output %${output} is never defined`);
  if (model.training && !defined.has(model.training.loss.input))
    problems.push(`the loss reads %${model.training.loss.input}, never defined`);
  if (model.evaluationInput !== undefined && !defined.has(model.evaluationInput))
    problems.push(`evaluation reads %${model.evaluationInput}, never defined`);
  return problems;
}

/** Throws when the IR is unsound: a compiler bug, named with the pass that produced it. */
export function assertValidIr(model: IrModel): IrModel {
  const problems = verifyIr(model);
  if (problems.length)
    throw new Error(
      `invalid IR after ${model.passes[model.passes.length - 1]}:\n  ${problems.join('\n  ')}`,
    );
  return model;
}
