// A weak learner with model arguments (`of Mlp(width = 4)`): takes the learner call and the model's
// declaration, binds the arguments to the model's parameters (positionally, then by name) and checks
// the model again with them into a graph of its own name, `Boosted.Mlp`, so runs find it by name.

import { Messages } from '../diagnostics/messages.js';
import type { CallExpr, ModelDecl } from '../syntax/ast.js';
import type { CheckContext, Declared, FileScope } from './context.js';
import type { ModelGraph } from './graph.js';
import { ModelBuilder } from './model.js';
import { suggestName } from './suggest.js';
import { evaluate, type Value } from './values.js';

/** The graph name of ensemble `ensemble`'s learner variant: a dot, so no declared name can clash. */
export function learnerVariantName(ensemble: string, learner: string): string {
  return `${ensemble}.${learner}`;
}

/**
 * Checks the learner `call` of ensemble `ensemble` (declared in `scope`) with its arguments.
 * Gives the variant's graph, or undefined when an argument was wrong (reported at the call).
 */
export function checkLearnerVariant(
  call: CallExpr,
  ensemble: string,
  model: Declared<ModelDecl>,
  scope: FileScope,
  ctx: CheckContext,
): ModelGraph | undefined {
  const bag = ctx.bag(scope.file);
  const params = model.decl.params;
  const given = new Map<string, Value>();
  const describeParams = () =>
    params.length ? params.map((p) => `\`${p.name.name}\``).join(', ') : 'none';
  let failed = false;
  let position = 0;
  for (const argument of call.args) {
    const value = evaluate(argument.value, { scope: scope.consts, bag });
    if (value.kind === 'error') failed = true;
    const name = argument.name?.name;
    if (name !== undefined) {
      if (!params.some((p) => p.name.name === name)) {
        failed = true;
        const suggestion = suggestName(
          name,
          params.map((p) => p.name.name),
        );
        bag.report(
          Messages.UnknownArgument,
          argument.name!.span,
          { callee: model.decl.name.name, name, expected: describeParams(), suggestion },
          suggestion
            ? {
                fixes: [
                  {
                    title: `use \`${suggestion}\``,
                    edits: [{ span: argument.name!.span, newText: suggestion }],
                  },
                ],
              }
            : {},
        );
        continue;
      }
      if (given.has(name)) {
        failed = true;
        bag.report(Messages.LearnerArgumentTwice, argument.span, {
          model: model.decl.name.name,
          name,
        });
        continue;
      }
      given.set(name, value);
    } else if (position < params.length) {
      given.set(params[position++].name.name, value);
    } else {
      failed = true;
      bag.report(Messages.LearnerArity, argument.span, {
        model: model.decl.name.name,
        ensemble,
        expected: params.length,
        params: describeParams(),
        found: call.args.length,
      });
      break;
    }
  }
  if (failed) return undefined;

  // The model's own check already reported what is wrong with its defaults; what this check adds
  // is what the arguments break, said again at the learner so the cause is in sight.
  const modelBag = ctx.bag(model.file);
  const errorsBefore = countErrors(modelBag.items) + countErrors(bag.items);
  const builder = new ModelBuilder(ctx, ctx.scopes.get(model.file) ?? scope);
  const graph = builder.build(model, {
    name: learnerVariantName(ensemble, model.decl.name.name),
    given,
  });
  const errorsAfter = countErrors(modelBag.items) + countErrors(bag.items);
  if (errorsAfter > errorsBefore || !builder.complete) {
    bag.report(Messages.LearnerVariantInvalid, call.span, {
      learner: learnerText(call),
      ensemble,
      model: model.decl.name.name,
    });
    return { ...graph, complete: false };
  }
  return graph;
}

/** The learner as written, `Mlp(width = 4)`, for messages and the summary. */
export function learnerText(call: CallExpr): string {
  const args = call.args.map((a) => {
    const value = expressionText(a.value);
    return a.name ? `${a.name.name} = ${value}` : value;
  });
  return `${call.callee.name}(${args.join(', ')})`;
}

function expressionText(expr: CallExpr['args'][number]['value']): string {
  switch (expr.kind) {
    case 'Number':
      return expr.raw ?? String(expr.value);
    case 'String':
      return expr.raw;
    case 'Bool':
      return String(expr.value);
    case 'Name':
      return expr.name.name;
    case 'List':
      return `[${expr.items.map(expressionText).join(', ')}]`;
    case 'Unary':
      return `${expr.op}${expressionText(expr.operand)}`;
    case 'Binary':
      return `${expressionText(expr.left)} ${expr.op} ${expressionText(expr.right)}`;
    case 'Call':
      return `${expr.callee.name}(${expr.args.map((a) => (a.name ? `${a.name.name} = ` : '') + expressionText(a.value)).join(', ')})`;
    default:
      return '…';
  }
}

function countErrors(items: readonly { severity: string }[]): number {
  return items.filter((d) => d.severity === 'error').length;
}

/** The model graph named `name`: a declared model, else an ensemble's learner variant. */
export function findModelGraph(
  checked: {
    models: readonly ModelGraph[];
    ensembles: readonly { graph?: ModelGraph }[];
  },
  name: string,
): ModelGraph | undefined {
  return (
    checked.models.find((m) => m.name === name) ??
    checked.ensembles.find((e) => e.graph?.name === name)?.graph
  );
}
