// An ONNX ModelProto → an ImportedModel (nnet layers with weights), node by node in graph order.
// Graph inputs of rank ≥ 3 that feed a Conv, pool or BatchNormalization are taken as channels-first
// (PyTorch's NCHW): the nnet input is the channels-last permutation of their shape. Stops at the
// first node, input or output nnet cannot express, with what it is and why.

import {
  attributes,
  describeNode,
  ImportContext,
  first,
  last,
  onnxShapeOf,
  type ValueLayout,
} from './import-context.js';
import type { ImportedModel } from './import-context.js';
import { importFormula } from './import-activations.js';
import { nodeImporters } from './import-ops.js';
import { DataType, type ModelProto, type NodeProto } from '../../onnx/proto.js';
import { dataTypeName } from '../../onnx/tensor.js';

export interface ImportProblem {
  what: string;
  reason: string;
}

/** The operators nnet imports, for messages. */
export const importedOperators = [...Object.keys(nodeImporters), 'Constant'].sort();

/** Operators that read channels-first images; those that pass a layout through unchanged. */
const channelsFirstOps = new Set([
  'Conv',
  'MaxPool',
  'AveragePool',
  'GlobalAveragePool',
  'BatchNormalization',
  'Resize',
]);
const elementwiseOps = new Set([
  'Relu',
  'Sigmoid',
  'Tanh',
  'LeakyRelu',
  'Elu',
  'Selu',
  'Softplus',
  'Softsign',
  'HardSigmoid',
  'PRelu',
  'Dropout',
  'Identity',
  'Add',
  'Sum',
  'Mul',
  'Div',
  'Erf',
  'Neg',
  'Exp',
  'Greater',
  'Cast',
]);

/** 'first' when the input reaches an image operator before anything that reads axes otherwise. */
function inputLayout(ctx: ImportContext, input: string): ValueLayout {
  const queue = [input];
  const seen = new Set(queue);
  while (queue.length) {
    for (const node of ctx.consumers(queue.shift()!)) {
      if (channelsFirstOps.has(node.opType)) return first;
      if (!elementwiseOps.has(node.opType)) return last;
      for (const output of node.output) {
        if (output && !seen.has(output)) {
          seen.add(output);
          queue.push(output);
        }
      }
    }
  }
  return last;
}

function constantNode(node: NodeProto, ctx: ImportContext): string | undefined {
  const a = attributes(node);
  const tensor = a.tensor('value');
  if (tensor) return ctx.addConstant(node.output[0], tensor, 'node');
  const scalar = a.has('value_float')
    ? [a.float('value_float', 0)]
    : a.has('value_int')
      ? [a.int('value_int', 0)]
      : undefined;
  const list = a.get('value_floats')?.floats ?? a.ints('value_ints');
  const values = scalar ?? list;
  if (!values) return 'it holds a kind of constant nnet does not read (sparse or string)';
  ctx.tensors.set(node.output[0], {
    kind: 'constant',
    dims: scalar ? [] : [values.length],
    values: Float64Array.from(values),
    origin: 'node',
  });
  return undefined;
}

export function importGraph(
  model: ModelProto,
  name: string,
): { value: ImportedModel } | { problem: ImportProblem } {
  const graph = model.graph;
  if (!graph) return { problem: { what: 'the file', reason: 'it holds no graph' } };
  const opset = model.opsetImport?.find((o) => !o.domain || o.domain === 'ai.onnx')?.version ?? 1;
  const ctx = new ImportContext(graph, opset, model.producerName === 'nnc');

  for (const tensor of graph.initializer) {
    const problem = ctx.addConstant(tensor.name ?? '', tensor, 'initializer');
    if (problem)
      return { problem: { what: `the initializer \`${tensor.name}\``, reason: problem } };
  }
  for (const input of graph.input) {
    if (ctx.constant(input.name)) continue;
    const what = `the input \`${input.name}\``;
    const type = input.type?.tensorType;
    if (!type) return { problem: { what, reason: 'it is not a tensor' } };
    const elemType = type.elemType ?? 0;
    const dtype =
      elemType === DataType.FLOAT
        ? 'float'
        : elemType === DataType.INT64 || elemType === DataType.INT32
          ? 'int'
          : undefined;
    if (!dtype)
      return {
        problem: {
          what,
          reason: `its element type ${dataTypeName(elemType)} is not float32 or an integer`,
        },
      };
    const dims = type.shape?.dim ?? [];
    if (dims.length < 2)
      return {
        problem: {
          what,
          reason: `it has ${dims.length} axes; nnet inputs have a batch axis and at least one more`,
        },
      };
    const unknown = dims.slice(1).find((d) => !(d.dimValue && d.dimValue > 0));
    if (unknown)
      return {
        problem: {
          what,
          reason: `its size \`${unknown.dimParam ?? '?'}\` is not fixed; nnet shapes are fixed except for the batch axis`,
        },
      };
    const onnxShape = dims.slice(1).map((d) => Number(d.dimValue!));
    const elements = onnxShape.reduce((a, b) => a * b, 1);
    if (!(elements <= 2 ** 28))
      return {
        problem: {
          what,
          reason: `its shape [${onnxShape.join(', ')}] has ${elements.toExponential(2)} elements per sample, more than the 268,435,456 a value may have`,
        },
      };
    const layout = dtype === 'float' && onnxShape.length >= 2 ? inputLayout(ctx, input.name) : last;
    const shape = layout.kind === 'first' ? [...onnxShape.slice(1), onnxShape[0]] : onnxShape;
    ctx.inputs.push({ name: input.name, shape, dtype });
    ctx.setValue(input.name, ctx.inputs.length - 1, layout, onnxShapeOf(shape, layout));
  }

  // Constants first: a formula may read one that the graph lists after the formula starts.
  for (const node of graph.node) {
    if (node.opType !== 'Constant' || (node.domain && node.domain !== 'ai.onnx')) continue;
    const problem = constantNode(node, ctx);
    if (problem) return { problem: { what: describeNode(node), reason: problem } };
  }
  const initializerNames = new Set(graph.initializer.map((tensor) => tensor.name));
  for (const node of graph.node) {
    if (ctx.done.has(node) || node.opType === 'Constant') continue;
    const what = describeNode(node);
    if (node.domain && node.domain !== 'ai.onnx')
      return {
        problem: {
          what,
          reason: `it belongs to the operator set \`${node.domain}\`, not standard ONNX`,
        },
      };
    if (importFormula(node, ctx)) continue;
    const importer = nodeImporters[node.opType];
    if (!importer) return { problem: { what, reason: 'nnet has no layer for it' } };
    const layersBefore = ctx.layers.length;
    const reason = importer(node, ctx);
    if (reason) return { problem: { what, reason } };
    // Which initializers the node's layers read: nodes reading the same ones are one shared layer.
    for (const layer of ctx.layers.slice(layersBefore))
      layer.initializers = node.input.filter((name) => initializerNames.has(name));
    const extra = node.output
      .slice(1)
      .find((output) => output && (ctx.consumers(output).length > 0 || ctx.isGraphOutput(output)));
    if (extra)
      return {
        problem: {
          what,
          reason: `its extra output \`${extra}\` is used; nnet computes only the first`,
        },
      };
  }

  const outputs: number[] = [];
  for (const output of graph.output) {
    const value = ctx.value(output.name);
    const what = `the output \`${output.name}\``;
    if (!value)
      return {
        problem: { what, reason: 'it is not computed by a layer (a constant or an input)' },
      };
    if (value.value < ctx.inputs.length)
      return { problem: { what, reason: 'it is a model input passed through unchanged' } };
    if (value.layout.kind !== 'last') {
      return {
        problem: {
          what,
          reason:
            'it is a channels-first image (or its flattened form); nnet values are channels-last, so the imported model would order them differently',
        },
      };
    }
    outputs.push(value.value);
  }
  return { value: { name, inputs: ctx.inputs, layers: ctx.layers, outputs, untied: ctx.untied } };
}
