// A train run on a graph source (`karate_club`, `graph(path)`): the model declares the inputs the
// source packs in each sample (node features, then adjacency), in that order and shape, ends in a
// class per node ([nodes, classes]) and trains with a class-index loss. Reports NN4160, NN4002, NN4005.

import type { Shape } from '../catalogue/types.js';
import { Messages, formatShape } from '../diagnostics/messages.js';
import type { Span } from '../syntax/source.js';
import type { CheckContext } from './context.js';
import type { ModelGraph } from './graph.js';
import type { TrainRun } from './train.js';

const PART_NAMES = ['node features', 'adjacency'];

export function checkGraphRun(
  run: TrainRun,
  graph: ModelGraph,
  packs: readonly (Shape | undefined)[],
  spans: { at: Span; dataAt: Span; lossAt?: Span },
  ctx: CheckContext,
): void {
  const bag = ctx.bag(run.file);
  const source = run.data!.name;
  const description = ctx.catalogue.dataSources.get(source)!.describe(run.data!.args);
  const example = packs
    .map(
      (shape, i) =>
        `\`input ${i === 0 ? 'features' : 'adjacency'}: ${shape ? formatShape(shape) : '[N, …]'}\``,
    )
    .join(' and ');
  if (graph.inputs.length !== packs.length) {
    bag.report(Messages.GraphInputs, spans.dataAt, {
      source,
      detail: `\`${graph.name}\` declares ${graph.inputs.length} input(s), not ${packs.length}`,
      help: `declare ${example}, in that order, and give the adjacency to each \`gcn\``,
    });
    return;
  }
  graph.inputs.forEach((input, i) => {
    const expected = packs[i];
    if (!expected || !input.shape || formatShape(input.shape) === formatShape(expected)) return;
    bag.report(
      Messages.DataShapeMismatch,
      spans.dataAt,
      {
        source,
        what: `${PART_NAMES[i] ?? `input ${i + 1}`}`,
        expected: formatShape(input.shape),
        found: formatShape(expected),
      },
      {
        related: [
          {
            ...input.location,
            message: `the input \`${input.name}\` is declared ${formatShape(input.shape)} here`,
          },
        ],
        help: `declare ${example}, in that order`,
      },
    );
  });
  if (graph.outputs.length !== 1) {
    bag.report(Messages.UnsupportedRun, spans.at, {
      detail: `\`nnc train\` trains models with one output; \`${graph.name}\` has ${graph.outputs.length}`,
    });
    return;
  }
  const output = graph.values[graph.outputs[0]].shape;
  const nodes = packs[0]?.[0];
  if (output && (output.length !== 2 || (nodes !== undefined && output[0] !== nodes))) {
    bag.report(Messages.GraphInputs, spans.at, {
      source,
      detail: `its targets are a class per node, so the model must output [${nodes ?? 'nodes'}, classes]; \`${graph.name}\` outputs ${formatShape(output)}`,
      help: 'end the model in a layer that keeps the nodes, e.g. `gcn(adjacency, classes, softmax)`',
    });
  } else if (output && description.classes !== undefined && output[1] !== description.classes) {
    bag.report(Messages.ClassCountMismatch, spans.at, {
      source,
      classes: description.classes,
      units: output[1],
    });
  }
  const loss = run.loss && ctx.catalogue.losses.get(run.loss.name);
  if (loss && loss.task !== 'multiclass')
    bag.report(Messages.GraphInputs, spans.lossAt ?? spans.at, {
      source,
      detail: `its targets are a class index per node, which \`${loss.name}\` does not read`,
      help: 'use `loss = cross_entropy`',
    });
  if (run.settings.split !== undefined)
    bag.report(Messages.GraphInputs, spans.dataAt, {
      source,
      detail: 'the whole graph is one sample, so `split` cannot divide it',
      help: `leave out \`split\`: \`${source}(labelled = …, validation = …)\` chooses the training, validation and test nodes`,
    });
}
