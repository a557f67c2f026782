// Named arguments that name a model value (`attention(4, padding = ids)`, the catalogue's
// `valueArgs`): each becomes one more input of the layer after the piped value, and the step's other
// arguments are bound as usual. The argument keeps the value's name for the summary and lowering.

import type { LayerSpec } from '../catalogue/types.js';
import { Messages } from '../diagnostics/messages.js';
import type { Step } from '../syntax/ast.js';
import type { BodyEnv, ModelBuilder } from './model.js';
import { resolveValueArgument } from './model-values.js';

export interface ValueArguments {
  /** The step without the value arguments. */
  step: Step;
  /** Their value ids, in the order written (-1 where the name was not usable: reported). */
  inputs: number[];
  /** Argument name → the value's name. */
  names: Record<string, string>;
}

export function takeValueArguments(
  b: ModelBuilder,
  spec: LayerSpec,
  step: Step,
  env: BodyEnv,
): ValueArguments {
  const wanted = spec.valueArgs ?? [];
  const result: ValueArguments = { step, inputs: [], names: {} };
  if (wanted.length === 0 || !step.args) return result;
  const kept = step.args.filter((arg) => {
    if (!arg.name || !wanted.includes(arg.name.name)) return true;
    if (arg.value.kind !== 'Name') {
      b.ctx.bag(env.file).report(Messages.ValueArgument, arg.value.span, {
        layer: spec.name,
        name: arg.name.name,
      });
      b.complete = false;
      return false;
    }
    const id = resolveValueArgument(b, arg.value.name.name, arg.value.span, env);
    if (id === undefined || id === null) b.complete = false;
    result.inputs.push(id ?? -1);
    result.names[arg.name.name] = arg.value.name.name;
    return false;
  });
  result.step = { ...step, args: kept };
  return result;
}
