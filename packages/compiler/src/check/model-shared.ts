// Shared layers inside model checking: `shared enc = dense(64, relu)` names one layer instance;
// each `… -> enc` applies it. The first use owns the weights (counted once); every later use is a
// node with no weights of its own that reads the owner's (LayerNode.shared), on an input of the same shape.

import { findActivation } from '../catalogue/index.js';
import type { Args, LayerSpec, Shape } from '../catalogue/types.js';
import { formatShape, Messages } from '../diagnostics/messages.js';
import type { FlowStatement, Step } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import { bindArguments } from './args.js';
import { checkValueSize } from './budgets.js';
import type { SymbolDefinition } from './context.js';
import type { LayerNode } from './graph.js';
import type { BodyEnv, ModelBuilder } from './model.js';
import { checkDtype } from './model-values.js';
import { applyShapeRule } from './shapes.js';
import { checkWithClause } from './with.js';

/** One `shared NAME = layer(…)` of a body, with its checked arguments and its first use. */
export interface SharedLayer {
  name: string;
  spec: LayerSpec;
  args: Args;
  argSpans: Record<string, Span>;
  /** The defining step (its `with { … }` sets the owner's weights). */
  step: Step;
  definition: SymbolDefinition;
  /** The node holding the weights, once the layer has been applied. */
  owner?: { node: number; inputs: readonly Shape[]; span: Span };
  used: boolean;
  /** False when its arguments did not bind (reported): its shape rule must not read them. */
  argumentsBound: boolean;
}

const sharedOf = new WeakMap<ModelBuilder, SharedLayer[]>();

/** Checks a `shared NAME = layer(…)` statement and makes NAME a layer of this body. */
export function defineSharedLayer(b: ModelBuilder, statement: FlowStatement, env: BodyEnv): void {
  const bag = b.ctx.bag(env.file);
  const misuse = (span: Span, detail: string, help: string) => {
    bag.report(Messages.SharedLayerMisuse, span, { detail, help });
    b.complete = false;
  };
  const example = '`shared enc = dense(64, relu)`';
  const target = statement.target;
  if (!target) {
    return misuse(
      statement.shared!.span,
      '`shared` needs a name for the layer',
      `write ${example}`,
    );
  }
  const [step] = statement.steps;
  if (!step || statement.steps.length !== 1) {
    return misuse(
      target.span,
      `the shared layer \`${target.name}\` must be one layer, found ${statement.steps.length} steps`,
      `share each layer on its own (${example}), or write a block`,
    );
  }
  const name = target.name;
  const taken = b.scope.blocks.has(name)
    ? 'a block'
    : b.ctx.catalogue.layers.has(name)
      ? 'a layer of the language'
      : findActivation(b.ctx.catalogue, name)
        ? 'an activation'
        : env.values.has(name) || isOtherSharedLayer(env, name, target.span)
          ? 'a value or shared layer of this scope'
          : undefined;
  if (taken) {
    return misuse(
      target.span,
      `\`${name}\` is already ${taken}`,
      'give the shared layer a name of its own',
    );
  }
  const spec = b.ctx.catalogue.layers.get(step.callee.name);
  if (!spec || spec.inputsAsArguments) {
    const found = spec
      ? `\`${spec.name}\`, which merges named values`
      : `\`${step.callee.name}\`, which is not a layer`;
    return misuse(
      step.callee.span,
      `a shared layer is one layer that takes one input; found ${found}`,
      `write ${example}`,
    );
  }
  const bound = bindArguments(b.evaluateArgs(step, env), {
    callee: spec.name,
    calleeSpan: step.callee.span,
    specs: spec.args,
    ...(spec.activationArg ? { activationArg: spec.activationArg } : {}),
    catalogue: b.ctx.catalogue,
    bag,
  });
  if (!bound.ok) b.complete = false;
  const definition = b.ctx.define({ kind: 'value', name, file: env.file, span: target.span });
  const layer: SharedLayer = {
    name,
    spec,
    args: bound.args,
    argSpans: bound.spans,
    step,
    definition,
    used: false,
    argumentsBound: bound.ok,
  };
  (env.shared ??= new Map()).set(name, layer);
  if (!sharedOf.has(b)) sharedOf.set(b, []);
  sharedOf.get(b)!.push(layer);
}

/**
 * A shared layer of this name defined by another statement. The same statement again (a `repeat`
 * round) defines the round's own layer: `repeat 2 { shared h = dense(8); … }` makes two layers.
 */
function isOtherSharedLayer(env: BodyEnv, name: string, span: Span): boolean {
  const existing = env.shared?.get(name);
  return existing !== undefined && existing.definition.span.start !== span.start;
}

/** The shared layer a step names in this body, if any. */
export function findSharedLayer(env: BodyEnv, name: string): SharedLayer | undefined {
  return env.shared?.get(name);
}

/** Applies a shared layer to the piped value; returns the use's output value. */
export function applySharedLayer(
  b: ModelBuilder,
  layer: SharedLayer,
  step: Step,
  piped: number | undefined,
  env: BodyEnv,
  nodeName: string | undefined,
): number | undefined {
  const bag = b.ctx.bag(env.file);
  layer.used = true;
  b.ctx.reference(env.file, step.callee.span, layer.definition);
  if (step.args !== undefined || step.with !== undefined) {
    bag.report(Messages.SharedLayerMisuse, step.callee.span, {
      detail: `the shared layer \`${layer.name}\` is applied as it is: its arguments and weights are set where it is defined`,
      help: `write \`-> ${layer.name}\` and change its definition instead`,
    });
    b.complete = false;
  }
  if (piped === undefined) {
    bag.report(Messages.NoInputValue, step.callee.span, { layer: layer.name });
    b.complete = false;
    return undefined;
  }
  const input = b.values[piped];
  let shape: Shape | undefined;
  if (
    layer.argumentsBound &&
    input?.shape &&
    checkDtype(b, layer.spec, [input], step.callee.span, env)
  ) {
    shape = applyShapeRule(layer.spec, [input.shape], layer.args, step, layer.argSpans, bag);
  }
  if (shape && !checkValueSize(b.ctx, env.file, step.callee.span, layer.name, shape)) {
    shape = undefined;
  }
  let weights = shape ? layer.spec.weights([input.shape!], layer.args, shape) : [];
  const owner = layer.owner;
  if (owner && shape) {
    const ownerWeights = b.nodes[owner.node].weights;
    const same =
      ownerWeights.length === weights.length &&
      ownerWeights.every((w, i) => formatShape(w.shape) === formatShape(weights[i].shape));
    if (!same) {
      bag.report(
        Messages.SharedLayerInput,
        step.callee.span,
        { name: layer.name, first: formatShape(owner.inputs[0]), found: formatShape(input.shape!) },
        {
          related: [
            {
              file: env.file,
              span: owner.span,
              message: `\`${layer.name}\` is first applied here`,
            },
          ],
        },
      );
      shape = undefined;
    }
  }
  if (!shape) b.complete = false;
  if (owner) weights = [];
  else if (!b.countParameters(weights, layer.spec.name, step.callee.span, env)) weights = [];
  const output = b.addNode(
    layer.spec.name,
    false,
    layer.args,
    [piped],
    shape,
    weights,
    withoutWith(step),
    env,
    nodeName ?? layer.name,
  );
  const node: LayerNode = b.nodes[b.nodes.length - 1];
  const definition = { file: env.file, span: layer.step.span };
  if (owner) {
    node.shared = { name: layer.name, owner: owner.node, definition };
    return output;
  }
  if (!shape) return output;
  node.shared = { name: layer.name, owner: node.id, definition };
  if (layer.step.with) checkWithClause(layer.step.with, node, env.consts, b.ctx, env.file);
  layer.owner = { node: node.id, inputs: [input.shape!], span: step.callee.span };
  return output;
}

/** Warns about shared layers defined and never applied. */
export function reportUnusedSharedLayers(b: ModelBuilder): void {
  for (const layer of sharedOf.get(b) ?? []) {
    if (!layer.used)
      b.ctx
        .bag(layer.definition.file)
        .report(Messages.UnusedSharedLayer, layer.definition.span, { name: layer.name });
  }
}

/** The use's step without a `with` clause (reported above): the definition's sets the weights. */
function withoutWith(step: Step): Step {
  const { with: _ignored, ...plain } = step;
  void _ignored;
  return plain;
}
