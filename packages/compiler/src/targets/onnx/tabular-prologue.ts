// A model trained on a CSV learns from filled and scaled columns; its ONNX graph, exported with that
// checkpoint, starts with the same steps (missing numbers → the training fill, then (x − center) /
// divisor), so a consumer feeds raw column values (NaN for missing) and gets training's numbers.

import type { TabularEncoding } from '@nnet/runtime/train';
import { columnInputNames, numericPositions } from '@nnet/runtime/train';
import type { ModelProto, NodeProto } from '../../onnx/proto.js';
import { floatTensor } from '../../onnx/tensor.js';

/**
 * Puts IsNaN → Where → Sub → Div in front of the graph's single input. Returns why it cannot (the
 * encoding has no statistics, or the input is not the encoding's row), leaving the graph as it was.
 */
export function prependTabularPreprocessing(
  proto: ModelProto,
  encoding: TabularEncoding,
): string | undefined {
  const graph = proto.graph;
  const statistics = encoding.statistics;
  if (!graph || !statistics) return 'the checkpoint has no fitted statistics';
  const names = encoding.columns.flatMap(columnInputNames);
  if (graph.input.length !== 1) return `the model has ${graph.input.length} inputs, the CSV one`;
  const input = graph.input[0];
  const dims = input.type?.tensorType?.shape?.dim ?? [];
  if (dims.length !== 2 || dims[1].dimValue !== names.length)
    return `input \`${input.name}\` is not a row of the CSV's ${names.length} inputs`;

  // Per input position: one-hot positions pass through (fill NaN keeps a NaN a NaN, as training).
  const fill = new Float32Array(names.length).fill(Number.NaN);
  const center = new Float32Array(names.length);
  const divisor = new Float32Array(names.length).fill(1);
  numericPositions(encoding).forEach((position, k) => {
    fill[position] = statistics.fill[k];
    center[position] = statistics.center[k];
    divisor[position] = statistics.divisor[k];
  });

  const raw = input.name;
  const prefix = `${raw}/csv_`;
  const scaled = `${prefix}scaled`;
  for (const node of graph.node)
    node.input = node.input.map((name) => (name === raw ? scaled : name));
  for (const output of graph.output) if (output.name === raw) return 'the input is also an output';
  const prologue: NodeProto[] = [
    { name: `${prefix}missing`, opType: 'IsNaN', input: [raw], output: [`${prefix}missing`] },
    {
      name: `${prefix}filled`,
      opType: 'Where',
      input: [`${prefix}missing`, `${prefix}fill`, raw],
      output: [`${prefix}filled`],
    },
    {
      name: `${prefix}centered`,
      opType: 'Sub',
      input: [`${prefix}filled`, `${prefix}center`],
      output: [`${prefix}centered`],
    },
    {
      name: scaled,
      opType: 'Div',
      input: [`${prefix}centered`, `${prefix}divisor`],
      output: [scaled],
    },
  ];
  graph.node.unshift(...prologue);
  graph.initializer.push(
    floatTensor(`${prefix}fill`, [names.length], fill),
    floatTensor(`${prefix}center`, [names.length], center),
    floatTensor(`${prefix}divisor`, [names.length], divisor),
  );
  input.docString =
    `One row of the CSV's inputs, in this order: ${names.join(', ')}. Numbers as they are in ` +
    `the file (NaN where missing; the graph fills and scales them as training did, scale = ` +
    `${encoding.scale}, missing = ${encoding.missing}); text columns one-hot.`;
  proto.metadataProps = [
    ...(proto.metadataProps ?? []),
    { key: 'nnet.inputs', value: JSON.stringify(names) },
    { key: 'nnet.target', value: encoding.target },
  ];
  return undefined;
}
