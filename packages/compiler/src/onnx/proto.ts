// The ONNX protobuf messages: reads the official onnx.proto beside this file (ONNX 1.12, IR
// version 8, Apache-2.0, unmodified) with protobufjs's reflection, and encodes and decodes
// ModelProto. The interfaces below type the subset of fields nnet writes and reads (camelCase).

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** TensorProto.DataType values nnet uses. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType values. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
} as const;

/** The IR version of onnx.proto 1.12, and the operator set nnet exports to (ONNX 1.12's newest). */
export const IR_VERSION = 8;
export const OPSET_VERSION = 17;

export interface TensorProto {
  name?: string;
  dims?: number[];
  dataType?: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  dataLocation?: number;
}

export interface AttributeProto {
  name: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
}

export interface NodeProto {
  name?: string;
  opType: string;
  domain?: string;
  input: string[];
  output: string[];
  attribute?: AttributeProto[];
  docString?: string;
}

export interface DimensionProto {
  dimValue?: number;
  dimParam?: string;
}

export interface ValueInfoProto {
  name: string;
  type?: { tensorType?: { elemType?: number; shape?: { dim?: DimensionProto[] } } };
  docString?: string;
}

export interface GraphProto {
  name?: string;
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  docString?: string;
}

export interface ModelProto {
  irVersion?: number;
  opsetImport?: { domain?: string; version?: number }[];
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  graph?: GraphProto;
  metadataProps?: { key: string; value: string }[];
}

let modelType: protobuf.Type | undefined;

/** The ModelProto message type, read from onnx.proto once. */
function modelProtoType(): protobuf.Type {
  if (!modelType) {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'onnx.proto');
    modelType = protobuf.loadSync(file).lookupType('onnx.ModelProto');
  }
  return modelType;
}

export function encodeModel(model: ModelProto): Uint8Array {
  const type = modelProtoType();
  return type.encode(type.fromObject(model as unknown as Record<string, unknown>)).finish();
}

/** Decodes ONNX bytes; throws (a protobufjs error) when they are not a ModelProto. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const type = modelProtoType();
  const message = type.decode(bytes);
  return type.toObject(message, { longs: Number, enums: Number, arrays: true }) as ModelProto;
}
