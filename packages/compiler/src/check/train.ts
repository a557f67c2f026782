// `train` runs: resolves the model, reads each setting through the catalogue's TrainSettingSpecs
// (loss, optimizer, data, metrics, typed values, objects), and checks that loss, data and model
// fit together (units vs classes, data shape vs input shape, split, early-stop monitor).

import { checkGraphRun } from './train-graph.js';
import type {
  ArgSpec,
  ArgValue,
  Args,
  DataSourceSpec,
  Shape,
  TrainSettingSpec,
} from '../catalogue/types.js';
import { Messages, formatShape } from '../diagnostics/messages.js';
import type { TrainDecl } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import { monitoredQuantities } from '../catalogue/index.js';
import { bindArguments, convertValue } from './args.js';
import type { CheckContext, FileScope } from './context.js';
import type { ModelGraph } from './graph.js';
import { reportForeignName } from './foreign-names.js';
import { optimizerArgumentHelp, optimizerOf } from './optimizer-hint.js';
import { checkMultilabelMetrics } from './metric-checks.js';
import { listNames, suggestName } from './suggest.js';
import { describeValue, evaluate, type Value } from './values.js';
import type { MessageSpec, RelatedInformation, ReportOptions } from '../diagnostics/diagnostic.js';
import { checkDataExpressions } from './data-expressions.js';
import { learnerVariantName } from './ensemble-learner.js';
import { checkTrainingMemory } from './budgets.js';

/** A named catalogue entry with its checked arguments: `sgd(lr = 0.1)`. */
export interface NamedCall {
  name: string;
  args: Args;
  /** False when an argument was missing or wrong (reported): rules must not read `args` then. */
  complete: boolean;
}

export interface TrainRun {
  /** `as name`, or the model's name. */
  name: string;
  /** The model trained: for a run of an ensemble, its weak learner. */
  model: string;
  /** Set when the run trains an ensemble (`train Boosted { … }`): its name. */
  ensemble?: string;
  file: string;
  span: Span;
  loss?: NamedCall;
  optimizer?: NamedCall;
  data?: NamedCall;
  /** A separate validation set (`validation = csv(…)`). */
  validation?: NamedCall;
  metrics: NamedCall[];
  /** Every other setting, checked: batch, epochs, split, l2, seed, early_stop, … */
  settings: Record<string, ArgValue>;
}

type Table = 'losses' | 'optimizers' | 'dataSources' | 'metrics';

const unknownMessage: Record<Table, MessageSpec<{ name: string; suggestion?: string }>> = {
  losses: Messages.UnknownLoss,
  optimizers: Messages.UnknownOptimizer,
  dataSources: Messages.UnknownDataSource,
  metrics: Messages.UnknownMetric,
};

export function checkTrainRun(
  decl: TrainDecl,
  scope: FileScope,
  models: Map<string, ModelGraph>,
  ctx: CheckContext,
): TrainRun {
  const file = scope.file;
  const bag = ctx.bag(file);
  const run: TrainRun = {
    name: decl.runName?.name ?? decl.model.name,
    model: decl.model.name,
    file,
    span: decl.span,
    metrics: [],
    settings: {},
  };
  const seen = new Set<string>();
  for (const field of decl.fields) {
    const name = field.name.name;
    const spec = ctx.catalogue.trainSettings.get(name);
    if (!spec) {
      const names = [...ctx.catalogue.trainSettings.keys()];
      const options = { written: name, span: field.name.span };
      if (reportForeignName(ctx.catalogue, bag, ['trainSettings'], options)) continue;
      const help = optimizerArgumentHelp(ctx.catalogue, name, optimizerOf(decl));
      bag.report(
        Messages.UnknownSetting,
        field.name.span,
        {
          name,
          expected: listNames(names),
          suggestion: help ? undefined : suggestName(name, names),
        },
        help ? { help } : {},
      );
      continue;
    }
    if (seen.has(name)) {
      bag.report(Messages.DuplicateSetting, field.name.span, { name });
      continue;
    }
    seen.add(name);
    readSetting(spec, evaluate(field.value, { scope: scope.consts, bag }), run, ctx, file);
  }
  for (const spec of ctx.catalogue.trainSettings.values()) {
    if (seen.has(spec.name)) continue;
    if (spec.required)
      bag.report(Messages.MissingSetting, decl.model.span, {
        run: run.name,
        name: spec.name,
        example: spec.example,
      });
    else if (spec.default !== undefined) run.settings[spec.name] = spec.default;
  }

  // `train Boosted { … }` of an ensemble trains its learners with these settings.
  const ensemble = scope.ensembles?.get(decl.model.name);
  if (ensemble) {
    run.ensemble = ensemble.decl.name.name;
    run.model = ensemble.decl.learner.name;
    ctx.reference(
      file,
      decl.model.span,
      ctx.define({ kind: 'model', name: run.ensemble, file, span: ensemble.decl.name.span }),
    );
    const learner = scope.models.get(run.model);
    // A learner with arguments is checked into a graph of its own name (ensemble-learner.ts).
    if (learner && ensemble.decl.learnerCall)
      run.model = learnerVariantName(run.ensemble, run.model);
    const graph =
      learner && models.get(`${ensemble.decl.learnerCall ? file : learner.file}#${run.model}`);
    if (graph) checkFit(run, graph, decl, ctx);
    return run;
  }
  const modelDecl = scope.models.get(decl.model.name);
  if (!modelDecl) {
    bag.report(Messages.UnknownModel, decl.model.span, {
      name: decl.model.name,
      suggestion: suggestName(decl.model.name, [...scope.models.keys()]),
    });
    return run;
  }
  ctx.reference(
    file,
    decl.model.span,
    ctx.define({
      kind: 'model',
      name: decl.model.name,
      file: modelDecl.file,
      span: modelDecl.decl.name.span,
    }),
  );
  const graph = models.get(`${modelDecl.file}#${decl.model.name}`);
  if (graph) checkFit(run, graph, decl, ctx);
  const batch = run.settings.batch;
  if (graph?.complete && typeof batch === 'number')
    checkTrainingMemory(ctx, file, settingSpan(decl, 'batch') ?? decl.model.span, {
      name: run.name,
      batch,
      graph,
    });
  return run;
}

function readSetting(
  spec: TrainSettingSpec,
  value: Value,
  run: TrainRun,
  ctx: CheckContext,
  file: string,
): void {
  const bag = ctx.bag(file);
  if (value.kind === 'error') return;
  switch (spec.value.kind) {
    case 'loss':
      run.loss = readCall(value, 'losses', spec.name, ctx, file);
      return;
    case 'optimizer':
      run.optimizer = readCall(value, 'optimizers', spec.name, ctx, file);
      return;
    case 'data': {
      // `data` is the training data; `validation` a separate validation set.
      const call = readCall(value, 'dataSources', spec.name, ctx, file);
      const source = call && ctx.catalogue.dataSources.get(call.name);
      if (source) checkDataExpressions(value, source, bag);
      if (spec.name === 'data') run.data = call;
      else if (call) run.validation = call;
      return;
    }
    case 'metrics': {
      const items = value.kind === 'list' ? value.items : [value];
      for (const item of items) {
        const metric = readCall(item, 'metrics', spec.name, ctx, file);
        if (metric) run.metrics.push(metric);
      }
      return;
    }
    case 'typed': {
      const converted = convertValue(value, spec.value.type, spec.name, ctx.catalogue, bag);
      if (converted !== undefined) run.settings[spec.name] = converted;
      if (spec.name === 'split' && Array.isArray(converted))
        checkSplit(converted as number[], value.span, ctx, file);
      return;
    }
    case 'object': {
      if (value.kind !== 'object') {
        bag.report(Messages.ArgumentType, value.span, {
          name: spec.name,
          expected: `an object \`{ ${spec.value.fields.map((f) => `${f.name} = …`).join(', ')} }\``,
          found: describeValue(value),
        });
        return;
      }
      const bound = bindArguments(
        value.fields.map((f) => ({
          name: f.name,
          nameSpan: f.nameSpan,
          value: f.value,
          span: f.value.span,
        })),
        {
          callee: spec.name,
          calleeSpan: value.span,
          specs: spec.value.fields,
          catalogue: ctx.catalogue,
          bag,
        },
      );
      if (bound.ok) run.settings[spec.name] = definedOnly(bound.args);
      return;
    }
  }
}

function readCall(
  value: Value,
  table: Table,
  setting: string,
  ctx: CheckContext,
  file: string,
): NamedCall | undefined {
  const bag = ctx.bag(file);
  const name =
    value.kind === 'symbol'
      ? value.name
      : value.kind === 'call'
        ? value.name
        : value.kind === 'string'
          ? value.value
          : undefined;
  const entries = ctx.catalogue[table] as ReadonlyMap<
    string,
    { name: string; args: readonly ArgSpec[] }
  >;
  if (name === undefined) {
    bag.report(Messages.ArgumentType, value.span, {
      name: setting,
      expected: `a name such as ${listNames([...entries.keys()].slice(0, 3))}`,
      found: describeValue(value),
    });
    return undefined;
  }
  const nameSpan = value.kind === 'call' ? value.calleeSpan : value.span;
  const spec = entries.get(name);
  if (!spec) {
    const options = { written: name, span: nameSpan, quoted: value.kind === 'string' };
    if (reportForeignName(ctx.catalogue, bag, [table], options)) return undefined;
    bag.report(unknownMessage[table], nameSpan, {
      name,
      suggestion: suggestName(name, entries.keys()),
    });
    return undefined;
  }
  const bound = bindArguments(value.kind === 'call' ? value.args : [], {
    callee: name,
    calleeSpan: nameSpan,
    specs: spec.args,
    catalogue: ctx.catalogue,
    bag,
  });
  return { name, args: definedOnly(bound.args), complete: bound.ok };
}

function definedOnly(args: Args): Record<string, ArgValue> {
  const out: Record<string, ArgValue> = {};
  for (const [k, v] of Object.entries(args)) if (v !== undefined) out[k] = v;
  return out;
}

function checkSplit(split: number[], span: Span, ctx: CheckContext, file: string): void {
  const sum = split.reduce((a, b) => a + b, 0);
  if (
    split.length < 2 ||
    split.length > 3 ||
    split.some((f) => f < 0) ||
    Math.abs(sum - 1) > 1e-6
  ) {
    ctx.bag(file).report(Messages.BadSplit, span, {
      found: `[${split.join(', ')}]${split.length >= 2 && split.length <= 3 ? ` (sum ${Number(sum.toFixed(6))})` : ''}`,
    });
  }
}

/** The activation at the very end of the model (`softmax` in `dense(10, softmax)` or a `softmax` layer). */
export function finalActivation(graph: ModelGraph): string | undefined {
  const out = graph.values[graph.outputs[0]];
  if (out?.producer === undefined) return undefined;
  const node = graph.nodes[out.producer];
  if (node.isActivation) return node.kind;
  if (node.kind === 'perceptron') return 'step';
  const activation = node.args.activation as { activation?: string } | undefined;
  return activation?.activation;
}

function checkFit(run: TrainRun, graph: ModelGraph, decl: TrainDecl, ctx: CheckContext): void {
  const bag = ctx.bag(run.file);
  const at = decl.model.span;
  const source = run.data && ctx.catalogue.dataSources.get(run.data.name);
  const packs = source && run.data?.complete ? source.describe(run.data.args).inputs : undefined;
  // A graph source gives each sample as several inputs (features, adjacency): checked there.
  if (packs) {
    const dataAt = settingSpan(decl, 'data') ?? at;
    checkGraphRun(run, graph, packs, { at, dataAt, lossAt: settingSpan(decl, 'loss') }, ctx);
    return checkTrainable(run, graph, at, ctx);
  }
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    bag.report(Messages.UnsupportedRun, at, {
      detail: `\`nnc train\` trains models with one input and one output; \`${graph.name}\` has ${graph.inputs.length} input(s) and ${graph.outputs.length} output(s)`,
    });
    return;
  }
  const outputShape = graph.values[graph.outputs[0]].shape;
  const units = outputShape && outputShape.length === 1 ? outputShape[0] : undefined;
  const last = finalActivation(graph);
  const loss = run.loss && ctx.catalogue.losses.get(run.loss.name);
  // Reported where the fix goes (the `loss =` / `data =` value), with the model's side attached.
  const lossAt = settingSpan(decl, 'loss') ?? at;
  const outputLayer = outputRelated(graph);
  if (loss && units !== undefined) {
    if (loss.task === 'multiclass' && units < 2) {
      bag.report(
        Messages.LossMismatch,
        lossAt,
        {
          loss: loss.name,
          detail: `needs one output per class (at least 2), but \`${graph.name}\` outputs ${formatShape(outputShape!)}`,
          help: 'for two classes use `dense(1, sigmoid)` with `binary_cross_entropy`, or `dense(2)` with `cross_entropy`',
        },
        { related: outputLayer },
      );
    } else if (loss.task === 'multiclass' && last === 'sigmoid') {
      bag.report(
        Messages.SuspiciousLoss,
        lossAt,
        {
          detail: `\`${loss.name}\` applies softmax, but \`${graph.name}\` already ends in \`sigmoid\``,
          help: 'end the model in `softmax` or in raw scores, or use `binary_cross_entropy` for independent labels',
        },
        { related: outputLayer },
      );
    } else if (loss.task === 'perceptron' && last !== 'step') {
      bag.report(
        Messages.LossMismatch,
        lossAt,
        {
          loss: loss.name,
          detail: `needs a step output (a \`perceptron\` layer), but \`${graph.name}\` ends in ${last ? `\`${last}\`` : 'raw scores'}`,
          help: 'end the model in `perceptron(1)`, or use a differentiable loss such as `binary_cross_entropy`',
        },
        { related: outputLayer },
      );
    } else if (loss.task === 'binary' && (last === 'relu' || last === 'softplus')) {
      bag.report(
        Messages.SuspiciousLoss,
        lossAt,
        {
          detail: `\`${loss.name}\` reads the output as a score, but \`${graph.name}\` ends in \`${last}\`, which is never negative: every probability would be ≥ 0.5`,
          help: 'end the model in raw scores (`dense(1)`) or in `sigmoid`',
        },
        { related: outputLayer },
      );
    } else if (loss.task === 'binary' && last === 'softmax') {
      bag.report(
        Messages.SuspiciousLoss,
        lossAt,
        {
          detail: `\`${loss.name}\` expects independent probabilities, but \`${graph.name}\` ends in \`softmax\``,
          help: 'use `cross_entropy` for one class per sample, or end the model in `sigmoid`',
        },
        { related: outputLayer },
      );
    }
  }
  checkMultilabelMetrics(decl, units, last, loss?.task, bag);
  const data = run.data && ctx.catalogue.dataSources.get(run.data.name);
  if (data && run.data?.complete) {
    const description = data.describe(run.data.args);
    const inputShape = graph.inputs[0].shape;
    if (description.input && inputShape && !sameUpToChannel(description.input, inputShape)) {
      const dataAt = settingSpan(decl, 'data') ?? at;
      const input = graph.inputs[0];
      bag.report(
        Messages.DataShapeMismatch,
        dataAt,
        {
          source: run.data.name,
          what: 'inputs',
          expected: formatShape(inputShape),
          found: formatShape(description.input),
        },
        {
          related: [
            {
              ...input.location,
              message: `the input \`${input.name}\` is declared ${formatShape(inputShape)} here`,
            },
          ],
          ...dataShapeHelp(data, run.data, description.input, inputShape, input.name, decl),
        },
      );
    }
    if (
      description.target &&
      outputShape &&
      description.classes === undefined &&
      !sameShape(description.target, outputShape)
    ) {
      // A class-index loss on a source without classes (function, random): say that, not only shapes.
      const continuous =
        loss?.task === 'multiclass'
          ? {
              help: `\`${run.data.name}\` gives continuous values, not class labels: \`${loss.name}\` needs a source with classes (\`spiral\`, \`moons\`, a CSV label column); for a regression use \`mse\` and one linear output`,
            }
          : {};
      bag.report(
        Messages.DataShapeMismatch,
        at,
        {
          source: run.data.name,
          what: 'targets',
          expected: formatShape(outputShape),
          found: formatShape(description.target),
        },
        continuous,
      );
    }
    if (
      description.classes !== undefined &&
      units !== undefined &&
      loss?.task === 'multiclass' &&
      description.classes !== units
    ) {
      bag.report(
        Messages.ClassCountMismatch,
        settingSpan(decl, 'data') ?? at,
        { source: run.data.name, classes: description.classes, units },
        { related: outputLayer },
      );
    }
  }
  checkTrainable(run, graph, at, ctx);
  const earlyStop = run.settings.early_stop as Record<string, ArgValue> | undefined;
  if (earlyStop && typeof earlyStop.monitor === 'string') {
    const allowed = monitoredQuantities(run.metrics.map((m) => m.name));
    if (!allowed.includes(earlyStop.monitor)) {
      const field = decl.fields.find((f) => f.name.name === 'early_stop');
      bag.report(Messages.BadMonitor, field?.value.span ?? at, {
        found: earlyStop.monitor,
        expected: listNames(allowed),
      });
    }
  }
}

/** Where a setting's value is written (`cross_entropy` in `loss = cross_entropy`). */
function settingSpan(decl: TrainDecl, name: string): Span | undefined {
  return decl.fields.find((f) => f.name.name === name)?.value.span;
}

/** The layer that produces the model's output, as related information for a loss diagnostic. */
function outputRelated(graph: ModelGraph): RelatedInformation[] {
  const producer = graph.values[graph.outputs[0]]?.producer;
  if (producer === undefined) return [];
  const node = graph.nodes[producer];
  const shape = node.outputShape ? ` ${formatShape(node.outputShape)}` : '';
  return [{ ...node.location, message: `the output layer \`${node.name}\`${shape}` }];
}

/**
 * How to make a data source's samples fit the model input: load them flat when the source can
 * (`mnist(flatten = true)`, with a fix when the value is a bare name), or flatten in the model.
 */
function dataShapeHelp(
  data: DataSourceSpec,
  call: NamedCall,
  found: Shape,
  expected: Shape,
  inputName: string,
  decl: TrainDecl,
): ReportOptions {
  const canFlatten = data.args.some((a) => a.name === 'flatten' && a.type.kind === 'bool');
  const flat = canFlatten ? data.describe({ ...call.args, flatten: true }).input : undefined;
  const inModel = `declare \`input ${inputName}: ${formatShape(found)}\` and start the model with \`flatten\``;
  if (!flat || !sameShape(flat, expected)) {
    return expected.length === 1 && found.length > 1 ? { help: inModel } : {};
  }
  const field = decl.fields.find((f) => f.name.name === 'data');
  const written = `${call.name}(flatten = true)`;
  const fixes =
    field && field.value.kind === 'Name'
      ? [
          {
            title: `Load it flat: \`${written}\``,
            edits: [{ span: field.value.span, newText: written }],
          },
        ]
      : [];
  return { help: `load it flat with \`${written}\`, or ${inModel}`, fixes };
}

/** The perceptron rule needs one perceptron layer; any optimizer needs something trainable. */
function checkTrainable(run: TrainRun, graph: ModelGraph, at: Span, ctx: CheckContext): void {
  const bag = ctx.bag(run.file);
  const withWeights = graph.nodes.filter((n) => n.weights.length > 0);
  if (
    run.optimizer?.name === 'perceptron' &&
    (withWeights.length !== 1 || withWeights[0].kind !== 'perceptron')
  ) {
    bag.report(Messages.UnsupportedRun, at, {
      detail: `the perceptron rule trains a single \`perceptron\` layer, but \`${graph.name}\` has ${withWeights.length} layer${withWeights.length === 1 ? '' : 's'} with weights (${withWeights.map((n) => n.kind).join(', ') || 'none'})`,
    });
    return;
  }
  const trainable = graph.nodes.some((n) => n.trainable && n.weights.some((w) => w.trainable));
  if (graph.complete && !trainable) {
    bag.report(Messages.UnsupportedRun, at, {
      detail: `\`${graph.name}\` has nothing to train: every weight is frozen (\`trainable = false\`) or there are no weights`,
    });
  }
}

/** Equal shapes, or equal but for a trailing channel axis of size 1 ([28, 28] and [28, 28, 1]). */
function sameUpToChannel(a: readonly number[], b: readonly number[]): boolean {
  return sameShape(a, b) || sameShape([...a, 1], b) || sameShape(a, [...b, 1]);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
