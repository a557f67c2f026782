// Model checking: walks a model's statements (expanding `repeat` and blocks), resolves each step
// to a named value, block, layer or activation, binds its arguments, infers shapes, and builds the
// ModelGraph. A shape error leaves the value's shape unknown so nothing downstream cascades.
// Blocks are instantiated by model-blocks.ts, layers and activations applied by model-layers.ts.

import type { Shape } from '../catalogue/types.js';
import { Messages } from '../diagnostics/messages.js';
import type { FlowStatement, ModelDecl, Statement, Step } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import { findActivation } from '../catalogue/index.js';
import { activationNames } from './args.js';
import type { CheckContext, Declared, FileScope, SymbolDefinition } from './context.js';
import { ExpansionCounter } from './expansion.js';
import { checkParameters, checkValueSize, reportExpansion, reportTimeBudget } from './budgets.js';
import type { GraphValue, LayerNode, Location, ModelGraph } from './graph.js';
import { reportForeignLayer, reportForeignName } from './foreign-names.js';
import { suggestName } from './suggest.js';
import { ConstScope, evaluate, type CallArgValue, type ScopeEntry, type Value } from './values.js';
import { instantiateBlock } from './model-blocks.js';
import { applyActivation, applyLayer } from './model-layers.js';
import { checkWithClause } from './with.js';
import {
  applySharedLayer,
  defineSharedLayer,
  findSharedLayer,
  reportUnusedSharedLayers,
  type SharedLayer,
} from './model-shared.js';

/** Upper bound on one `repeat`: larger counts are almost certainly a typo and would hang the editor. */
export const MAX_REPEAT = 10_000;

export interface NamedValue {
  valueId: number;
  definition: SymbolDefinition;
  used: boolean;
}

/** The environment of one model body or block instance. */
export interface BodyEnv {
  file: string;
  consts: ConstScope;
  values: Map<string, NamedValue>;
  /** The last value computed: what a layer without an explicit source consumes. */
  current: number | undefined;
  blockInput?: number;
  blockPath: string[];
  /** The block-call steps that led here, outermost first. */
  callSites: Location[];
  blockStack: string[];
  outputs?: number[];
  /** Layers defined with `shared NAME = …` in this body (model-shared.ts). */
  shared?: Map<string, SharedLayer>;
}

const expansionCounters = new WeakMap<CheckContext, ExpansionCounter>();

export class ModelBuilder {
  readonly nodes: LayerNode[] = [];
  readonly values: GraphValue[] = [];
  readonly nameCounts = new Map<string, number>();
  readonly usedNames = new Set<string>();
  complete = true;
  /** Every named value defined, with its use flag, for the unused-value warning. */
  readonly allNamed: NamedValue[] = [];
  /** Parameters of the nodes so far (float32 weights), against the parameter budget. */
  parameterCount = 0;
  modelName = '';

  constructor(
    readonly ctx: CheckContext,
    readonly scope: FileScope,
  ) {}

  /** `variant`: a learner's `Mlp(width = 4)`, the graph's own name and the parameters given. */
  build(
    model: Declared<ModelDecl>,
    variant?: { name: string; given: ReadonlyMap<string, Value> },
  ): ModelGraph {
    const { decl, file } = model;
    this.modelName = decl.name.name;
    const consts = new ConstScope(this.scope.consts);
    bindDefaultsOnly(decl.params, consts, file, this.ctx, variant?.given);
    const env: BodyEnv = {
      file,
      consts,
      values: new Map(),
      current: undefined,
      blockPath: [],
      callSites: [],
      blockStack: [],
    };
    const inputs: ModelGraph['inputs'] = [];
    this.checkBody(decl.body, env, inputs);
    if (inputs.length === 0) {
      this.ctx
        .bag(file)
        .report(Messages.ModelWithoutInput, decl.name.span, { model: decl.name.name });
      this.complete = false;
    }
    const outputs = env.outputs ?? (env.current !== undefined ? [env.current] : []);
    for (const id of outputs) this.markUsed(id, env);
    this.reportUnused();
    reportUnusedSharedLayers(this);
    return {
      name: variant?.name ?? decl.name.name,
      ...(decl.doc ? { doc: decl.doc } : {}),
      location: { file, span: decl.name.span },
      inputs,
      nodes: this.nodes,
      values: this.values,
      outputs,
      complete: this.complete && !this.ctx.bag(file).hasErrors,
    };
  }

  checkBody(body: readonly Statement[], env: BodyEnv, inputs: ModelGraph['inputs']): void {
    for (const statement of body) {
      // The backstop of the counts made before expanding: every statement costs one per step.
      this.ctx.expansionBudget -=
        statement.kind === 'Flow' ? Math.max(1, statement.steps.length) : 1;
      if (this.ctx.expansionBudget < 0) {
        reportExpansion(this.ctx, env.file, statement.span, 'this program');
        this.complete = false;
        return;
      }
      if (this.ctx.timeIsUp()) {
        reportTimeBudget(this.ctx, env.file, statement.span);
        this.complete = false;
        return;
      }
      switch (statement.kind) {
        case 'Input':
          this.checkInput(statement, env, inputs);
          break;
        case 'Output':
          env.outputs = [];
          for (const name of statement.names) {
            const named = env.values.get(name.name);
            if (!named) {
              this.ctx.bag(env.file).report(Messages.UnknownOutput, name.span, { name: name.name });
              continue;
            }
            named.used = true;
            this.ctx.reference(env.file, name.span, named.definition);
            env.outputs.push(named.valueId);
          }
          break;
        case 'Repeat':
          this.checkRepeat(statement, env, inputs);
          break;
        case 'Flow':
          this.checkFlow(statement, env);
          break;
      }
    }
  }

  checkInput(
    statement: Extract<Statement, { kind: 'Input' }>,
    env: BodyEnv,
    inputs: ModelGraph['inputs'],
  ): void {
    const bag = this.ctx.bag(env.file);
    if (env.blockInput !== undefined) {
      bag.report(Messages.MisplacedDeclaration, statement.span, {
        what: '`input`',
        where: "inside a block (a block's input is `in`)",
      });
      return;
    }
    const shapeValue = evaluate(statement.shape, {
      scope: env.consts,
      bag,
      onReference: this.onConstReference(env.file),
    });
    let shape = shapeFromValue(shapeValue);
    const fits =
      !shape ||
      checkValueSize(this.ctx, env.file, statement.shape.span, statement.name.name, shape);
    if (!fits) shape = undefined;
    const unknownItem =
      shapeValue.kind === 'list' && shapeValue.items.some((item) => item.kind === 'error');
    if (!shape && fits && shapeValue.kind !== 'error' && !unknownItem) {
      bag.report(Messages.BadInputShape, statement.shape.span, {
        name: statement.name.name,
        found: describeShapeValue(shapeValue),
      });
    }
    if (!shape) this.complete = false;
    const valueId = this.addValue(shape, statement.dtype, undefined, statement.name.name);
    this.defineValue(statement.name.name, statement.name.span, valueId, env, 'input');
    inputs.push({
      name: statement.name.name,
      valueId,
      shape,
      dtype: statement.dtype,
      location: { file: env.file, span: statement.name.span },
    });
    env.current = valueId;
  }

  checkRepeat(
    statement: Extract<Statement, { kind: 'Repeat' }>,
    env: BodyEnv,
    inputs: ModelGraph['inputs'],
  ): void {
    const bag = this.ctx.bag(env.file);
    const count = evaluate(statement.count, {
      scope: env.consts,
      bag,
      onReference: this.onConstReference(env.file),
    });
    if (count.kind === 'error') return;
    if (
      count.kind !== 'number' ||
      !Number.isInteger(count.value) ||
      count.value < 0 ||
      count.value > MAX_REPEAT
    ) {
      const found =
        count.kind === 'number'
          ? count.value > MAX_REPEAT
            ? `${count.value} (at most ${MAX_REPEAT.toLocaleString('en-US')} is allowed)`
            : String(count.value)
          : count.kind === 'symbol'
            ? `the unknown name \`${count.name}\``
            : 'a value that is not a number';
      bag.report(Messages.RepeatCount, statement.count.span, { found });
      this.complete = false;
      return;
    }
    const size =
      count.value * Math.max(1, this.expansion().bodySize(statement.body, env.consts, this.scope));
    if (size > this.ctx.expansionBudget) {
      reportExpansion(this.ctx, env.file, statement.count.span, `\`repeat ${count.value}\``, size);
      this.complete = false;
      return;
    }
    if (statement.body.length === 0) return;
    // Each round costs one step of the budget, so rounds of an empty body are bounded too.
    this.ctx.expansionBudget -= count.value;
    for (let i = 0; i < count.value; i++) {
      this.checkBody(statement.body, env, inputs);
      if (this.ctx.expansionBudget < 0) {
        this.complete = false;
        return;
      }
    }
  }

  checkFlow(statement: FlowStatement, env: BodyEnv): void {
    if (statement.shared) return defineSharedLayer(this, statement, env);
    let value: number | undefined;
    statement.steps.forEach((step, index) => {
      const piped = index === 0 ? env.current : value;
      const isLast = index === statement.steps.length - 1;
      const nodeName = isLast && statement.target ? statement.target.name : undefined;
      value = this.checkStep(step, piped, index === 0, env, nodeName);
    });
    if (statement.target) {
      if (value === undefined)
        value = this.addValue(undefined, 'float', undefined, statement.target.name);
      this.defineValue(statement.target.name, statement.target.span, value, env, 'value');
    }
    env.current = value;
  }

  /** Resolves and applies one step; returns the value it produces (undefined after an error). */
  checkStep(
    step: Step,
    piped: number | undefined,
    isFirst: boolean,
    env: BodyEnv,
    nodeName: string | undefined,
  ): number | undefined {
    const name = step.callee.name;
    const bag = this.ctx.bag(env.file);
    const plainReference = isFirst && step.args === undefined && step.with === undefined;
    if (plainReference && name === 'in') {
      if (env.blockInput === undefined) {
        bag.report(Messages.InOutsideBlock, step.callee.span, {});
        this.complete = false;
      }
      return env.blockInput;
    }
    if (plainReference) {
      const named = env.values.get(name);
      if (named) {
        named.used = true;
        this.ctx.reference(env.file, step.callee.span, named.definition);
        return named.valueId;
      }
    }
    const shared = findSharedLayer(env, name);
    if (shared) return applySharedLayer(this, shared, step, piped, env, nodeName);
    const block = this.scope.blocks.get(name);
    if (block) return instantiateBlock(this, block, step, piped, env, nodeName);
    const layer = this.ctx.catalogue.layers.get(name);
    if (layer) return applyLayer(this, layer, step, piped, isFirst, env, nodeName);
    const activation = findActivation(this.ctx.catalogue, name);
    if (activation) return applyActivation(this, activation.name, step, piped, env, nodeName);

    // Keras and PyTorch names (`Conv2d`, `Dense`, `ReLU`): NN2030 with the nnet name as the fix.
    // PyTorch's input sizes (`Linear(784, 10)`) are dropped by the fix: nnet infers them.
    const foreignSpan = { written: name, span: step.callee.span };
    const foreign =
      !env.values.has(name) &&
      (reportForeignLayer(this.ctx.catalogue, bag, step) ||
        reportForeignName(this.ctx.catalogue, bag, ['activations'], foreignSpan));
    if (foreign) {
      this.complete = false;
      return this.addValue(undefined, 'float', undefined, undefined);
    }
    const named = env.values.get(name);
    // The suggestion (an edit distance to every name) is computed once per place: a repeat or a
    // block instance visits the same text many times. A full bag only counts: none at all.
    const place = `${env.file}:${step.callee.span.start}:${isFirst}`;
    if (!named && !bag.full && !this.ctx.suggestions.has(place)) {
      const candidates = [
        ...this.ctx.catalogue.layers.keys(),
        ...activationNames(this.ctx.catalogue),
        ...this.scope.blocks.keys(),
        ...(isFirst ? env.values.keys() : []),
      ];
      this.ctx.suggestions.set(place, suggestName(name, candidates));
    }
    bag.report(
      Messages.UnknownLayer,
      step.callee.span,
      { name, suggestion: named || bag.full ? undefined : this.ctx.suggestions.get(place) },
      named
        ? {
            help: `\`${name}\` is a named value; to continue from it, start the line with it: \`${name} -> …\``,
          }
        : {},
    );
    this.complete = false;
    // A value of unknown shape stands in for the missing layer, so the layers after it are not
    // also reported as having no input.
    return this.addValue(undefined, 'float', undefined, undefined);
  }

  evaluateArgs(step: Step, env: BodyEnv, from = 0): CallArgValue[] {
    const bag = this.ctx.bag(env.file);
    return (step.args ?? []).slice(from).map((arg) => ({
      ...(arg.name ? { name: arg.name.name, nameSpan: arg.name.span } : {}),
      value: evaluate(arg.value, {
        scope: env.consts,
        bag,
        onReference: this.onConstReference(env.file),
      }),
      span: arg.span,
    }));
  }

  addNode(
    kind: string,
    isActivation: boolean,
    args: LayerNode['args'],
    inputs: number[],
    shape: Shape | undefined,
    weights: LayerNode['weights'],
    step: Step,
    env: BodyEnv,
    nodeName: string | undefined,
  ): number {
    const id = this.nodes.length;
    const output = this.addValue(
      shape,
      inputs.length && this.values[inputs[0]]?.dtype === 'int' && kind !== 'embedding'
        ? 'int'
        : 'float',
      id,
      nodeName,
    );
    const name = [...env.blockPath, this.uniqueName(env.blockPath, nodeName ?? kind)].join('/');
    const node: LayerNode = {
      id,
      name,
      kind,
      isActivation,
      args,
      inputs,
      output,
      outputShape: shape,
      weights,
      overrides: {},
      trainable: true,
      blockPath: env.blockPath,
      callSites: env.callSites,
      location: { file: env.file, span: step.span },
    };
    if (step.with) checkWithClause(step.with, node, env.consts, this.ctx, env.file);
    this.nodes.push(node);
    return output;
  }

  /** The counter of statement instances, shared by every model of the program. */
  expansion(): ExpansionCounter {
    let counter = expansionCounters.get(this.ctx);
    if (!counter) {
      counter = new ExpansionCounter(this.ctx);
      expansionCounters.set(this.ctx, counter);
    }
    return counter;
  }

  /** Adds a node's weights to the model's parameter count; false (reported) past the budget. */
  countParameters(weights: LayerNode['weights'], layer: string, span: Span, env: BodyEnv): boolean {
    const total = checkParameters(this.ctx, env.file, span, {
      model: this.modelName,
      layer,
      before: this.parameterCount,
      weights,
    });
    if (total === undefined) {
      this.complete = false;
      return false;
    }
    this.parameterCount = total;
    return true;
  }

  addValue(
    shape: Shape | undefined,
    dtype: 'float' | 'int',
    producer: number | undefined,
    name: string | undefined,
  ): number {
    const id = this.values.length;
    this.values.push({
      id,
      shape,
      dtype,
      ...(producer !== undefined ? { producer } : {}),
      ...(name ? { name } : {}),
    });
    return id;
  }

  /**
   * Keras-style unique names within one block instance (`dense`, `dense_1`, …); the full name is
   * the instance path plus this one (`ResidualDense_1/dense`). Returns the last segment.
   */
  uniqueName(path: readonly string[], base: string): string {
    const prefix = path.length ? `${path.join('/')}/` : '';
    const key = prefix + base;
    let count = this.nameCounts.get(key) ?? 0;
    let name = count === 0 ? base : `${base}_${count}`;
    while (this.usedNames.has(prefix + name)) name = `${base}_${++count}`;
    this.nameCounts.set(key, count + 1);
    this.usedNames.add(prefix + name);
    return name;
  }

  defineValue(
    name: string,
    span: Span,
    valueId: number,
    env: BodyEnv,
    kind: 'value' | 'input',
  ): void {
    const previous = env.values.get(name);
    if (previous && previous.definition.span.start !== span.start) {
      this.ctx.bag(env.file).report(
        Messages.DuplicateName,
        span,
        { name, what: kind === 'input' ? 'the input' : 'the value' },
        {
          related: [
            {
              file: previous.definition.file,
              span: previous.definition.span,
              message: `\`${name}\` is first defined here`,
            },
          ],
        },
      );
    }
    if (previous && previous.definition.span.start === span.start) {
      // The same statement again (a repeat): the name moves to the new value; keep one use flag.
      previous.valueId = valueId;
      return;
    }
    const definition = this.ctx.define({ kind, name, file: env.file, span });
    const named: NamedValue = { valueId, definition, used: kind === 'input' };
    env.values.set(name, named);
    this.allNamed.push(named);
  }

  markUsed(valueId: number, env: BodyEnv): void {
    for (const named of env.values.values()) if (named.valueId === valueId) named.used = true;
  }

  reportUnused(): void {
    for (const named of this.allNamed) {
      if (!named.used)
        this.ctx
          .bag(named.definition.file)
          .report(Messages.UnusedValue, named.definition.span, { name: named.definition.name });
    }
  }

  onConstReference(file: string) {
    return (span: Span, entry: ScopeEntry) => {
      this.ctx.reference(
        file,
        span,
        this.ctx.define({ kind: entry.kind, name: entry.name, file: entry.file, span: entry.span }),
      );
    };
  }
}

/** Model parameters are checked with their defaults (or a variant's values); none is an error. */
function bindDefaultsOnly(
  params: ModelDecl['params'],
  consts: ConstScope,
  file: string,
  ctx: CheckContext,
  given?: ReadonlyMap<string, Value>,
): void {
  for (const param of params) {
    let value: Value;
    const givenValue = given?.get(param.name.name);
    if (givenValue) value = givenValue;
    else if (param.default) {
      value = evaluate(param.default, {
        scope: consts,
        bag: ctx.bag(file),
        onReference: (span, entry) =>
          ctx.reference(
            file,
            span,
            ctx.define({ kind: entry.kind, name: entry.name, file: entry.file, span: entry.span }),
          ),
      });
    } else {
      ctx.bag(file).report(Messages.MissingArgument, param.name.span, {
        callee: 'model',
        name: param.name.name,
        type: 'a default value',
      });
      value = { kind: 'error', span: param.name.span };
    }
    consts.define(param.name.name, {
      name: param.name.name,
      value,
      file,
      span: param.name.span,
      kind: 'parameter',
      used: true,
    });
    ctx.define({ kind: 'parameter', name: param.name.name, file, span: param.name.span });
  }
}

function shapeFromValue(value: Value): Shape | undefined {
  if (value.kind !== 'list' || value.items.length === 0) return undefined;
  const dims: number[] = [];
  for (const item of value.items) {
    if (item.kind !== 'number' || !Number.isInteger(item.value) || item.value < 1) return undefined;
    dims.push(item.value);
  }
  return dims;
}

function describeShapeValue(value: Value): string {
  if (value.kind === 'list') {
    if (value.items.length === 0) return '`[]`';
    const parts = value.items.map((i) =>
      i.kind === 'number' ? String(i.value) : i.kind === 'symbol' ? i.name : '?',
    );
    return `\`[${parts.join(', ')}]\``;
  }
  if (value.kind === 'number')
    return `the number ${value.value} (write it as a list: \`[${value.value}]\`)`;
  return 'a value that is not a list';
}
