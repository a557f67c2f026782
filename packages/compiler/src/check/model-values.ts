// Model values inside model checking: resolves a name written as a layer's input (a merge's
// argument, `padding = ids`) to its value id, and checks that a layer's inputs have the element type
// (float or integer ids) its catalogue entry takes. Works on a ModelBuilder's state.

import type { LayerSpec } from '../catalogue/types.js';
import { findActivation } from '../catalogue/index.js';
import { Messages } from '../diagnostics/messages.js';
import type { Span } from '../syntax/source.js';
import type { GraphValue } from './graph.js';
import type { BodyEnv, ModelBuilder } from './model.js';
import { suggestName } from './suggest.js';

/**
 * A merge argument naming a value: its id; undefined if it names nothing usable (reported);
 * null if it is not meant as a value (an activation name: the merge's own arguments start there).
 */
export function resolveValueArgument(
  b: ModelBuilder,
  name: string,
  span: Span,
  env: BodyEnv,
): number | undefined | null {
  const bag = b.ctx.bag(env.file);
  if (name === 'in') {
    if (env.blockInput === undefined) bag.report(Messages.InOutsideBlock, span, {});
    return env.blockInput;
  }
  const named = env.values.get(name);
  if (named) {
    named.used = true;
    b.ctx.reference(env.file, span, named.definition);
    return named.valueId;
  }
  const constant = env.consts.lookup(name);
  if (constant) {
    constant.used = true;
    bag.report(Messages.NotAValue, span, {
      name,
      what: constant.kind === 'const' ? 'a constant' : 'a parameter',
    });
    return undefined;
  }
  if (findActivation(b.ctx.catalogue, name)) return null;
  bag.report(Messages.UnknownName, span, {
    name,
    suggestion: suggestName(name, [...env.values.keys()]),
  });
  return undefined;
}

/** Whether every input has the element type the layer takes; reports NN3016 at the step if not. */
export function checkDtype(
  b: ModelBuilder,
  spec: LayerSpec,
  inputs: (GraphValue | undefined)[],
  span: Span,
  env: BodyEnv,
): boolean {
  const wanted = spec.inputDtype ?? 'float';
  if (wanted === 'any') return true;
  for (const input of inputs) {
    if (input && input.dtype !== wanted) {
      b.ctx.bag(env.file).report(Messages.InputDtype, span, {
        layer: spec.name,
        expected: wanted === 'int' ? 'integer (`int[…]`)' : 'floating-point',
        found:
          input.dtype === 'int'
            ? 'an integer input (`int[…]`); integer ids go through `embedding` first'
            : 'a floating-point input',
      });
      return false;
    }
  }
  return true;
}
