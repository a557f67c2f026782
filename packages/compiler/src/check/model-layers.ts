// Layers and activations inside model checking: binds a step's arguments to the catalogue's spec,
// resolves a merge's named inputs, checks input dtypes, infers the output shape and counts the
// weights, then adds the node. Works on a ModelBuilder's state.

import type { LayerSpec, Shape } from '../catalogue/types.js';
import { findActivation } from '../catalogue/index.js';
import { Messages } from '../diagnostics/messages.js';
import type { Step } from '../syntax/ast.js';
import { bindArguments } from './args.js';
import { checkValueSize } from './budgets.js';
import type { BodyEnv, ModelBuilder } from './model.js';
import { continuePipelineHelp } from './pipeline-help.js';
import { applyShapeRule } from './shapes.js';
import { takeValueArguments } from './value-arguments.js';
import { takeTiedArgument } from './model-tied.js';
import { checkDtype, resolveValueArgument } from './model-values.js';
export function applyLayer(
  b: ModelBuilder,
  spec: LayerSpec,
  step: Step,
  piped: number | undefined,
  isFirst: boolean,
  env: BodyEnv,
  nodeName: string | undefined,
): number | undefined {
  const bag = b.ctx.bag(env.file);
  const inputs: number[] = [];
  let taken = 0;
  // `attention(4, padding = ids)`: named values as more inputs, after the piped one.
  const valueArgs = takeValueArguments(b, spec, step, env);
  // `dense_transposed(enc)`: the shared layer whose kernel it reads.
  const tied = takeTiedArgument(b, spec, valueArgs.step, env);
  step = tied.step;
  if (spec.inputsAsArguments) {
    if (!isFirst && piped !== undefined) inputs.push(piped);
    // The leading positional names are the merged values: `add(x, h)`, `concat(a, b, axis = -1)`.
    for (const arg of step.args ?? []) {
      if (arg.name !== undefined || arg.value.kind !== 'Name') break;
      const id = resolveValueArgument(b, arg.value.name.name, arg.value.span, env);
      if (id === null) break;
      if (id === undefined) b.complete = false;
      inputs.push(id ?? -1);
      taken++;
    }
  }
  const rest = b.evaluateArgs(step, env, taken);
  if (spec.inputsAsArguments) {
    const count = inputs.length;
    if (count < spec.inputs.min || count > spec.inputs.max) {
      const expected =
        spec.inputs.max === Infinity
          ? `at least ${spec.inputs.min} named values`
          : `${spec.inputs.min} named values`;
      bag.report(
        Messages.InputCount,
        step.callee.span,
        { layer: spec.name, expected, found: count },
        continuePipelineHelp(
          spec,
          step,
          count,
          // Only after a line that computed a value (`-> …` cannot continue an `input`).
          isFirst && piped !== undefined && b.values[piped]?.producer !== undefined,
        ),
      );
      b.complete = false;
    }
  } else if (piped === undefined) {
    bag.report(Messages.NoInputValue, step.callee.span, { layer: spec.name });
    b.complete = false;
    return undefined;
  } else {
    inputs.push(piped);
  }
  const firstValueArg = inputs.length;
  inputs.push(...valueArgs.inputs);
  const bound = bindArguments(rest, {
    callee: spec.name,
    calleeSpan: step.callee.span,
    specs: spec.args,
    ...(spec.activationArg ? { activationArg: spec.activationArg } : {}),
    catalogue: b.ctx.catalogue,
    bag,
  });
  Object.assign(bound.args, tied.args);
  if (spec.tiedArg && !tied.tied) bound.ok = false;
  const inputValues = inputs.map((id) => (id >= 0 ? b.values[id] : undefined));
  const inputShapes = inputValues.map((v) => v?.shape);
  let shape: Shape | undefined;
  if (
    bound.ok &&
    inputShapes.every((s): s is Shape => s !== undefined) &&
    inputShapes.length >= spec.inputs.min
  ) {
    const dtypeOk = checkDtype(b, spec, inputValues.slice(0, firstValueArg), step.callee.span, env);
    if (dtypeOk) shape = applyShapeRule(spec, inputShapes, bound.args, step, bound.spans, bag);
  }
  if (shape && !checkValueSize(b.ctx, env.file, step.callee.span, spec.name, shape)) {
    shape = undefined;
  }
  if (!shape) b.complete = false;
  Object.assign(bound.args, valueArgs.names);
  let weights = shape ? spec.weights(inputShapes as Shape[], bound.args, shape) : [];
  if (!b.countParameters(weights, spec.name, step.callee.span, env)) weights = [];
  const output = b.addNode(
    spec.name,
    false,
    bound.args,
    inputs.filter((i) => i >= 0),
    shape,
    weights,
    step,
    env,
    nodeName,
  );
  const producer = output !== undefined ? b.values[output]?.producer : undefined;
  if (tied.tied && producer !== undefined) b.nodes[producer].tied = tied.tied;
  return output;
}

export function applyActivation(
  b: ModelBuilder,
  name: string,
  step: Step,
  piped: number | undefined,
  env: BodyEnv,
  nodeName: string | undefined,
): number | undefined {
  const bag = b.ctx.bag(env.file);
  const spec = findActivation(b.ctx.catalogue, name)!;
  if (piped === undefined) {
    bag.report(Messages.NoInputValue, step.callee.span, { layer: step.callee.name });
    b.complete = false;
    return undefined;
  }
  const bound = bindArguments(b.evaluateArgs(step, env), {
    callee: spec.name,
    calleeSpan: step.callee.span,
    specs: spec.args,
    catalogue: b.ctx.catalogue,
    bag,
  });
  const shape = b.values[piped].shape;
  let weights = shape && spec.weights ? spec.weights(shape, bound.args) : [];
  if (!b.countParameters(weights, spec.name, step.callee.span, env)) weights = [];
  warnDoubleActivation(b, spec.name, piped, step, env);
  return b.addNode(spec.name, true, bound.args, [piped], shape, weights, step, env, nodeName);
}

/** Warns when an activation layer repeats the activation its input already ends in (`dense(10, softmax) -> softmax`). */
export function warnDoubleActivation(
  b: ModelBuilder,
  name: string,
  inputId: number,
  step: Step,
  env: BodyEnv,
): void {
  if (name === 'identity') return;
  const producer = b.values[inputId]?.producer;
  if (producer === undefined) return;
  const previous = b.nodes[producer];
  const previousActivation = previous.isActivation
    ? previous.kind
    : (previous.args.activation as { activation?: string } | undefined)?.activation;
  if (previousActivation === name) {
    b.ctx.bag(env.file).report(Messages.DoubleActivation, step.callee.span, { activation: name });
  }
}
