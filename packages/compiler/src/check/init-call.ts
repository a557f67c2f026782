// `with { init = … }`: an initializer by name (`he_normal`) or as a call with arguments
// (`normal(stddev = 0.01)`, `uniform(-0.1, 0.1)`), checked against the catalogue's argument specs
// like any call; produces the name and the runtime initializer's options, or reports and gives none.

import { Messages } from '../diagnostics/messages.js';
import type { CheckContext } from './context.js';
import { bindArguments } from './args.js';
import { listNames, suggestName } from './suggest.js';
import { describeValue, type Value } from './values.js';

export interface CheckedInit {
  name: string;
  options?: Record<string, number>;
}

export function checkInitValue(
  value: Value,
  ctx: CheckContext,
  file: string,
): CheckedInit | undefined {
  const bag = ctx.bag(file);
  const name =
    value.kind === 'symbol'
      ? value.name
      : value.kind === 'string'
        ? value.value
        : value.kind === 'call'
          ? value.name
          : undefined;
  const known = [...ctx.catalogue.initializers.keys()];
  if (name === undefined) {
    bag.report(Messages.ArgumentType, value.span, {
      name: 'init',
      expected: 'an initializer such as `he_normal` or `normal(stddev = 0.01)`',
      found: describeValue(value),
    });
    return undefined;
  }
  const spec = ctx.catalogue.initializers.get(name);
  const nameSpan = value.kind === 'call' ? value.calleeSpan : value.span;
  if (!spec) {
    const suggestion = suggestName(name, known);
    bag.report(
      Messages.ArgumentRange,
      nameSpan,
      { name: 'init', expected: `one of ${listNames(known)}`, found: `\`${name}\`` },
      { help: suggestion ? `did you mean \`${suggestion}\`?` : undefined },
    );
    return undefined;
  }
  const given = value.kind === 'call' ? value.args : [];
  const specs = spec.args ?? [];
  if (given.length > 0 && specs.length === 0) {
    bag.report(Messages.ArgumentType, value.span, {
      name: 'init',
      expected: `\`${name}\` without arguments (it takes none)`,
      found: describeValue(value),
    });
    return undefined;
  }
  const bound = bindArguments(given, {
    callee: name,
    calleeSpan: nameSpan,
    specs,
    catalogue: ctx.catalogue,
    bag,
  });
  if (!bound.ok) return undefined;
  const options: Record<string, number> = {};
  for (const [argument, runtimeName] of Object.entries(spec.runtimeOptions ?? {})) {
    const given = bound.args[argument];
    if (typeof given === 'number') options[runtimeName] = given;
  }
  const low = bound.args.low;
  const high = bound.args.high;
  if (typeof low === 'number' && typeof high === 'number' && !(low < high)) {
    bag.report(Messages.ArgumentRange, bound.spans.high ?? value.span, {
      name: 'high',
      expected: `a number more than \`low\` (${low})`,
      found: String(high),
    });
    return undefined;
  }
  return Object.keys(options).length > 0 ? { name, options } : { name };
}
