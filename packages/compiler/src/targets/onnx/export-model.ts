// An IrModel (lowered, dropout kept) → an ONNX ModelProto at opset 17: named inputs and outputs
// with a symbolic batch dimension, weights as initializers, channels-last values as in nnet (conv
// and pooling regions are transposed to channels-first and back, once per value).

import * as path from 'node:path';
import type { Catalogue } from '../../catalogue/types.js';
import type { IrModel, IrOp } from '../../ir/ir.js';
import { ExportContext } from './export-context.js';
import { ownOpOf, refusalOf } from '../../catalogue/index.js';
import { exporterFor } from './export-ops.js';
import { opShapes } from '../../ir/op-shapes.js';
import {
  DataType,
  IR_VERSION,
  OPSET_VERSION,
  type ModelProto,
  type ValueInfoProto,
} from '../../onnx/proto.js';

export interface OnnxExportProblem {
  op: IrOp;
  reason: string;
}

const unsupportedKinds: Record<string, string> = {
  recurrent: 'nnet does not export recurrent layers (rnn, lstm, gru) to ONNX yet',
  attention: 'nnet does not export attention layers to ONNX yet',
};

/** Why ops of the model cannot be exported, one entry per op. */
export function exportProblems(model: IrModel, catalogue: Catalogue): OnnxExportProblem[] {
  const problems: OnnxExportProblem[] = [];
  for (const op of model.ops) {
    const exporter = exporterFor(op);
    const own = ownOpOf(catalogue, op.kind);
    const reason = own
      ? refusalOf(own, 'onnx', { attrs: op.attrs, shapes: opShapes(model, op) })
      : exporter
        ? exporter.check?.(op, model, catalogue)
        : (unsupportedKinds[op.kind] ?? `nnet cannot export \`${op.kind}\` ops to ONNX`);
    if (reason) problems.push({ op, reason });
  }
  return problems;
}

export interface OnnxModelInfo {
  producerVersion: string;
  /** The kind of each layer by name (`dense`, `perceptron`), for the nodes' doc strings. */
  layerKinds: ReadonlyMap<string, string>;
  catalogue: Catalogue;
}

/** Builds the ModelProto; expects a model without export problems and a value for every weight. */
export function buildOnnxModel(
  model: IrModel,
  weights: (param: string) => Float32Array,
  info: OnnxModelInfo,
): ModelProto {
  const ctx = new ExportContext(model, weights, info.layerKinds, info.catalogue);
  const valueInfo = (name: string, tensor: number): ValueInfoProto => ({
    name,
    type: {
      tensorType: {
        elemType: model.tensors[tensor].dtype === 'int' ? DataType.INT64 : DataType.FLOAT,
        shape: {
          dim: [
            { dimParam: 'batch' },
            ...model.tensors[tensor].shape.map((size) => ({ dimValue: size })),
          ],
        },
      },
    },
  });
  for (const input of model.inputs) {
    const name = model.tensors[input].name;
    ctx.graph.reserve(name);
    ctx.define(input, 'last', name);
  }
  for (const op of model.ops) exporterFor(op)!.emit(op, ctx);
  const outputs = model.outputs.map((tensor) => {
    const produced = ctx.value(tensor, 'last', model.tensors[tensor].name);
    const name = ctx.graph.unique(model.tensors[tensor].name);
    ctx.graph.renameTensor(produced, name);
    return valueInfo(name, tensor);
  });
  return {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: 'nnc',
    producerVersion: info.producerVersion,
    docString: `nnet model ${model.name} from ${path.basename(model.source)}`,
    graph: {
      name: model.name,
      node: ctx.graph.nodes,
      initializer: ctx.graph.initializers,
      input: model.inputs.map((tensor) => valueInfo(model.tensors[tensor].name, tensor)),
      output: outputs,
    },
  };
}
