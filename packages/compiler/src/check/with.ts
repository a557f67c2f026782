// `with { … }` on a layer: hand-set weights (nested lists checked against the layer's weight
// shapes, written [inputs][units]), `load("file", "tensor")`, `init = …` (init-call.ts) and `trainable = …`.
// Valid settings are recorded on the LayerNode; each mistake is one diagnostic.

import type { Shape } from '../catalogue/types.js';
import { Messages, formatShape } from '../diagnostics/messages.js';
import type { WithClause } from '../syntax/ast.js';
import type { CheckContext } from './context.js';
import type { LayerNode } from './graph.js';
import { checkInitValue } from './init-call.js';
import { listNames, suggestName } from './suggest.js';
import { describeValue, evaluate, type ConstScope, type Value } from './values.js';

export function checkWithClause(
  clause: WithClause,
  node: LayerNode,
  consts: ConstScope,
  ctx: CheckContext,
  file: string,
): void {
  const bag = ctx.bag(file);
  const weightNames = node.weights.map((w) => w.name);
  const settable = [...new Set(weightNames), 'init', 'trainable'];
  const seen = new Set<string>();
  for (const field of clause.fields) {
    const name = field.name.name;
    if (seen.has(name)) {
      bag.report(Messages.DuplicateSetting, field.name.span, { name });
      continue;
    }
    seen.add(name);
    const value = evaluate(field.value, { scope: consts, bag });
    if (value.kind === 'error') continue;
    if (name === 'trainable') {
      if (value.kind !== 'bool') {
        bag.report(Messages.ArgumentType, value.span, {
          name,
          expected: '`true` or `false`',
          found: describeValue(value),
        });
      } else node.trainable = value.value;
      continue;
    }
    if (name === 'init') {
      const init = checkInitValue(value, ctx, file);
      if (init) {
        node.init = init.name;
        if (init.options) node.initOptions = init.options;
      }
      continue;
    }
    const weight =
      node.weights.find(
        (w) => w.name === name && (!w.conventions || w.conventions.includes('keras')),
      ) ?? node.weights.find((w) => w.name === name);
    if (!weight) {
      if (node.weights.length === 0 && (name === 'weights' || name === 'bias')) {
        bag.report(Messages.NoWeights, field.name.span, { layer: node.kind });
      } else if (node.outputShape !== undefined || node.weights.length > 0) {
        bag.report(Messages.UnknownWithField, field.name.span, {
          layer: node.kind,
          name,
          expected: listNames(settable),
          suggestion: suggestName(name, settable),
        });
      }
      continue;
    }
    if (value.kind === 'call' && value.name === 'load') {
      const [fileArg, tensorArg] = value.args;
      if (fileArg?.value.kind !== 'string' || (tensorArg && tensorArg.value.kind !== 'string')) {
        bag.report(Messages.ArgumentType, value.span, {
          name: 'load',
          expected: 'a file and a tensor name: `load("weights.safetensors", "dense/weights")`',
          found: describeValue(value),
        });
        continue;
      }
      node.overrides[name] = {
        load: {
          file: fileArg.value.value,
          tensor:
            tensorArg?.value.kind === 'string' ? tensorArg.value.value : `${node.name}/${name}`,
        },
        location: { file, span: field.span },
      };
      continue;
    }
    const literal = flattenLiteral(value);
    if (!literal) {
      bag.report(Messages.ArgumentType, value.span, {
        name,
        expected: `a nested list of numbers of shape ${formatShape(weight.shape)}, or \`load("file.safetensors", "name")\``,
        found: describeValue(value),
      });
      continue;
    }
    if (!sameShape(literal.shape, weight.shape)) {
      bag.report(
        Messages.WeightShapeMismatch,
        value.span,
        {
          layer: node.kind,
          field: name,
          expected: formatShape(weight.shape),
          found: literal.shape ? formatShape(literal.shape) : 'a ragged list',
        },
        isTransposed(literal.shape, weight.shape)
          ? {
              help: `this looks transposed: weight matrices are written [inputs][units] (${formatShape(weight.shape)} here), as in x · W + b`,
            }
          : {},
      );
      continue;
    }
    node.overrides[name] = { values: literal.values, location: { file, span: field.span } };
  }
}

/** A nested list of numbers as row-major values and its shape; `shape` undefined when ragged. */
function flattenLiteral(value: Value): { values: number[]; shape: Shape | undefined } | undefined {
  if (value.kind === 'number') return { values: [value.value], shape: [] };
  if (value.kind !== 'list') return undefined;
  const values: number[] = [];
  let itemShape: Shape | undefined | null = null;
  for (const item of value.items) {
    const inner = flattenLiteral(item);
    if (!inner) return undefined;
    // A loop, not `push(...row)`: a row of 200,000 literal weights would overflow the stack.
    for (const v of inner.values) values.push(v);
    if (itemShape === null) itemShape = inner.shape;
    else if (!itemShape || !inner.shape || !sameShape(itemShape, inner.shape))
      itemShape = undefined;
  }
  const shape = itemShape === undefined ? undefined : [value.items.length, ...(itemShape ?? [])];
  return { values, shape };
}

function isTransposed(found: Shape | undefined, expected: Shape): boolean {
  return (
    !!found &&
    found.length === 2 &&
    expected.length === 2 &&
    expected[0] !== expected[1] &&
    found[0] === expected[1] &&
    found[1] === expected[0]
  );
}

function sameShape(a: Shape | undefined, b: Shape): boolean {
  return !!a && a.length === b.length && a.every((d, i) => d === b[i]);
}
