// `ensemble` declarations: takes an EnsembleDecl, its file's scope and the checked model graphs;
// gives a CheckedEnsemble (method, checked arguments, learner graph, classes) and reports an unknown
// method, bad arguments, a learner that is not a model or does not output classes, at their spans.
// A learner with arguments (`of Mlp(width = 4)`) gets a graph of its own, added to `graphs`.

import type { ArgValue } from '../catalogue/types.js';
import { Messages, formatShape } from '../diagnostics/messages.js';
import type { EnsembleDecl } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import { bindArguments } from './args.js';
import { checkLearnerVariant, learnerText } from './ensemble-learner.js';
import type { CheckContext, FileScope } from './context.js';
import type { ModelGraph } from './graph.js';
import { listNames, suggestName } from './suggest.js';
import { describeValue, evaluate } from './values.js';

export interface CheckedEnsemble {
  name: string;
  file: string;
  span: Span;
  nameSpan: Span;
  doc?: string;
  /** The method (`adaboost`) when known. */
  method?: string;
  /** The method's arguments with defaults filled: `rounds`, `on_weak`, `retries`. */
  args: Record<string, ArgValue>;
  /** The weak learner's model name as written. */
  learner: string;
  /** The learner with its model arguments as written, `Mlp(width = 4)`, when it has some. */
  learnerText?: string;
  /** The learner's checked graph, when it is a model. */
  graph?: ModelGraph;
  /** Classes the learners vote for: 2 for one output, else the number of outputs. */
  classes?: number;
  /** False when anything was reported: `nnc train` refuses it then. */
  complete: boolean;
}

export function checkEnsemble(
  decl: EnsembleDecl,
  scope: FileScope,
  graphs: Map<string, ModelGraph>,
  ctx: CheckContext,
): CheckedEnsemble {
  const file = scope.file;
  const bag = ctx.bag(file);
  const ensemble: CheckedEnsemble = {
    name: decl.name.name,
    file,
    span: decl.span,
    nameSpan: decl.name.span,
    ...(decl.doc !== undefined ? { doc: decl.doc } : {}),
    args: {},
    learner: decl.learner.name,
    complete: !decl.recovered,
  };
  let failed = false;

  const value = evaluate(decl.method, { scope: scope.consts, bag });
  const methods = ctx.catalogue.ensembleMethods;
  const name = value.kind === 'symbol' || value.kind === 'call' ? value.name : undefined;
  const nameSpan = value.kind === 'call' ? value.calleeSpan : value.span;
  const spec = name === undefined ? undefined : methods.get(name);
  if (value.kind === 'error') failed = true;
  else if (!spec) {
    failed = true;
    const suggestion = name !== undefined ? suggestName(name, methods.keys()) : undefined;
    bag.report(
      Messages.UnknownEnsembleMethod,
      nameSpan,
      {
        name: name ?? describeValue(value),
        expected: listNames([...methods.keys()]),
        ...(suggestion ? { suggestion } : {}),
      },
      suggestion
        ? {
            fixes: [
              { title: `use \`${suggestion}\``, edits: [{ span: nameSpan, newText: suggestion }] },
            ],
          }
        : {},
    );
  } else if (spec) {
    ensemble.method = spec.name;
    const bound = bindArguments(value.kind === 'call' ? value.args : [], {
      callee: spec.name,
      calleeSpan: nameSpan,
      specs: spec.args,
      catalogue: ctx.catalogue,
      bag,
    });
    if (!bound.ok) failed = true;
    for (const [key, arg] of Object.entries(bound.args))
      if (arg !== undefined) ensemble.args[key] = arg;
  }

  const learnerName = decl.learner.name;
  const model = scope.models.get(learnerName);
  if (learnerName === '') {
    // A syntax error already said the learner is missing.
  } else if (!model) {
    failed = true;
    const other = scope.blocks.has(learnerName)
      ? 'a block'
      : scope.ensembles?.has(learnerName)
        ? 'an ensemble, and ensembles of ensembles are not supported'
        : undefined;
    bag.report(
      Messages.LearnerNotModel,
      decl.learner.span,
      {
        name: learnerName,
        ensemble: ensemble.name,
        ...(other ? { what: other } : {}),
        ...(other ? {} : { suggestion: suggestName(learnerName, scope.models.keys()) }),
      },
      other
        ? {}
        : {
            fixes: [...scope.models.keys()]
              .filter((m) => m === suggestName(learnerName, scope.models.keys()))
              .map((m) => ({
                title: `use model \`${m}\``,
                edits: [{ span: decl.learner.span, newText: m }],
              })),
          },
    );
  } else {
    ctx.reference(
      file,
      decl.learner.span,
      ctx.define({
        kind: 'model',
        name: learnerName,
        file: model.file,
        span: model.decl.name.span,
      }),
    );
    const graph = decl.learnerCall
      ? checkLearnerVariant(decl.learnerCall, ensemble.name, model, scope, ctx)
      : graphs.get(`${model.file}#${learnerName}`);
    if (decl.learnerCall) {
      ensemble.learnerText = learnerText(decl.learnerCall);
      if (!graph) failed = true;
      else graphs.set(`${file}#${graph.name}`, graph);
    }
    if (graph) {
      ensemble.graph = graph;
      const output = graph.values[graph.outputs[0]]?.shape;
      if (output && (graph.outputs.length !== 1 || output.length !== 1)) {
        failed = true;
        bag.report(Messages.LearnerOutputNotClasses, decl.learner.span, {
          name: learnerName,
          ensemble: ensemble.name,
          shape:
            graph.outputs.length !== 1 ? `${graph.outputs.length} values` : formatShape(output),
        });
      } else if (output) ensemble.classes = output[0] === 1 ? 2 : output[0];
      if (!graph.complete) ensemble.complete = false;
    }
  }
  if (failed || !ensemble.method || !ensemble.graph) ensemble.complete = false;
  return ensemble;
}

/** Every file's ensembles, entry file first (as models are listed). */
export function checkEnsembles(
  order: readonly string[],
  scopes: ReadonlyMap<string, FileScope>,
  graphs: Map<string, ModelGraph>,
  ctx: CheckContext,
): CheckedEnsemble[] {
  const out: CheckedEnsemble[] = [];
  for (const file of [...order].reverse()) {
    const scope = scopes.get(file)!;
    for (const declared of scope.ensembles?.values() ?? []) {
      const ensemble = checkEnsemble(declared.decl, scope, graphs, ctx);
      ctx.define({ kind: 'model', name: ensemble.name, file, span: ensemble.nameSpan });
      out.push(ensemble);
    }
  }
  return out;
}
