// Blocks inside model checking: instantiates a block where a model (or another block) calls it —
// recursion, nesting and expansion budgets first, then its arguments bound to its parameters — and
// checks a block no model uses on an input of unknown shape. Works on a ModelBuilder's state.

import type { BlockDecl, Step } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import { Messages } from '../diagnostics/messages.js';
import type { Declared } from './context.js';
import { reportExpansion, reportNesting } from './budgets.js';
import type { BodyEnv, ModelBuilder } from './model.js';
import { suggestName } from './suggest.js';
import { ConstScope, evaluate, type CallArgValue, type Value } from './values.js';

/**
 * A block no model uses: its names and arguments are still checked, on an input of unknown shape
 * (so no shape errors), with parameters at their defaults or unknown.
 */
export function checkUnusedBlock(b: ModelBuilder, block: Declared<BlockDecl>): void {
  const consts = new ConstScope(b.ctx.scopes.get(block.file)?.consts ?? b.scope.consts);
  for (const param of block.decl.params) {
    const value: Value = param.default
      ? evaluate(param.default, {
          scope: consts,
          bag: b.ctx.bag(block.file),
          onReference: b.onConstReference(block.file),
        })
      : { kind: 'error', span: param.name.span };
    defineParameter(b, block, param, value, consts);
  }
  const input = b.addValue(undefined, 'float', undefined, 'in');
  const env: BodyEnv = {
    file: block.file,
    consts,
    values: new Map(),
    current: input,
    blockInput: input,
    blockPath: [block.decl.name.name],
    callSites: [],
    blockStack: [block.decl.name.name],
  };
  b.checkBody(block.decl.body, env, []);
  const result = env.outputs?.[0] ?? env.current;
  if (result !== undefined) b.markUsed(result, env);
  b.reportUnused();
}

export function instantiateBlock(
  b: ModelBuilder,
  block: Declared<BlockDecl>,
  step: Step,
  piped: number | undefined,
  env: BodyEnv,
  nodeName: string | undefined,
): number | undefined {
  const bag = b.ctx.bag(env.file);
  const name = block.decl.name.name;
  b.ctx.instantiatedBlocks.add(`${block.file}#${name}`);
  b.ctx.reference(
    env.file,
    step.callee.span,
    b.ctx.define({ kind: 'block', name, file: block.file, span: block.decl.name.span }),
  );
  if (env.blockStack.includes(name)) {
    bag.report(Messages.RecursiveBlock, step.callee.span, {
      cycle: [...env.blockStack, name].join(' → '),
    });
    b.complete = false;
    return undefined;
  }
  if (env.blockStack.length >= b.ctx.limits.maxNesting) {
    reportNesting(b.ctx, env.file, step.callee.span, [...env.blockStack, name]);
    b.complete = false;
    return undefined;
  }
  const size = b.expansion().blockSize(block);
  if (size > b.ctx.expansionBudget) {
    reportExpansion(b.ctx, env.file, step.callee.span, `block \`${name}\``, size);
    b.complete = false;
    return undefined;
  }
  if (piped === undefined) {
    bag.report(Messages.NoInputValue, step.callee.span, { layer: name });
    b.complete = false;
    return undefined;
  }
  if (step.with) {
    bag.report(Messages.NoWeights, step.with.span, { layer: name });
  }
  const consts = new ConstScope(b.ctx.scopes.get(block.file)?.consts ?? b.scope.consts);
  bindBlockArguments(b, block, b.evaluateArgs(step, env), step.callee.span, consts, env.file);
  const instance = b.uniqueName(env.blockPath, nodeName ?? name);
  const inner: BodyEnv = {
    file: block.file,
    consts,
    values: new Map(),
    current: piped,
    blockInput: piped,
    blockPath: [...env.blockPath, instance],
    callSites: [...env.callSites, { file: env.file, span: step.span }],
    blockStack: [...env.blockStack, name],
  };
  b.checkBody(block.decl.body, inner, []);
  const result = inner.outputs?.[0] ?? inner.current;
  if (result !== undefined) for (const id of inner.outputs ?? [result]) b.markUsed(id, inner);
  return result;
}

export function bindBlockArguments(
  b: ModelBuilder,
  block: Declared<BlockDecl>,
  args: CallArgValue[],
  calleeSpan: Span,
  consts: ConstScope,
  callerFile: string,
): void {
  const bag = b.ctx.bag(callerFile);
  const params = block.decl.params;
  const given = new Map<string, Value>();
  let position = 0;
  for (const arg of args) {
    if (arg.name !== undefined) {
      if (!params.some((p) => p.name.name === arg.name)) {
        bag.report(Messages.UnknownArgument, arg.nameSpan ?? arg.span, {
          callee: block.decl.name.name,
          name: arg.name,
          expected: params.length ? params.map((p) => `\`${p.name.name}\``).join(', ') : 'none',
          suggestion: suggestName(
            arg.name,
            params.map((p) => p.name.name),
          ),
        });
        continue;
      }
      given.set(arg.name, arg.value);
    } else if (position < params.length) {
      given.set(params[position++].name.name, arg.value);
    } else {
      const expected = `${params.length} argument${params.length === 1 ? '' : 's'}`;
      bag.report(Messages.BlockArity, arg.span, {
        block: block.decl.name.name,
        expected,
        found: args.length,
      });
      break;
    }
  }
  const missing = params.filter((p) => !given.has(p.name.name) && !p.default);
  if (missing.length > 0) {
    const required = params.filter((p) => !p.default).length;
    const expected =
      required === params.length
        ? `${params.length} argument${params.length === 1 ? '' : 's'} (${params.map((p) => p.name.name).join(', ')})`
        : `${required} to ${params.length} arguments (${params.map((p) => p.name.name).join(', ')})`;
    bag.report(
      Messages.BlockArity,
      calleeSpan,
      { block: block.decl.name.name, expected, found: args.length },
      {
        help: `give ${missing.map((p) => `\`${p.name.name}\``).join(' and ')}, e.g. \`${block.decl.name.name}(${missing.map((p) => `${p.name.name} = …`).join(', ')})\``,
      },
    );
  }
  for (const param of params) {
    let value = given.get(param.name.name);
    if (!value && param.default) {
      value = evaluate(param.default, {
        scope: consts,
        bag: b.ctx.bag(block.file),
        onReference: b.onConstReference(block.file),
      });
    }
    value ??= { kind: 'error', span: calleeSpan };
    defineParameter(b, block, param, value, consts);
  }
}

/** Binds a block parameter to its value in the instance's scope and records its definition. */
function defineParameter(
  b: ModelBuilder,
  block: Declared<BlockDecl>,
  param: BlockDecl['params'][number],
  value: Value,
  consts: ConstScope,
): void {
  consts.define(param.name.name, {
    name: param.name.name,
    value,
    file: block.file,
    span: param.name.span,
    kind: 'parameter',
    used: true,
  });
  b.ctx.define({
    kind: 'parameter',
    name: param.name.name,
    file: block.file,
    span: param.name.span,
  });
}
