// Tensor data between nnet and ONNX: builds TensorProtos (float32 as little-endian raw_data, int64
// as int64_data), reads any float or integer TensorProto back to numbers, and permutes the axes of
// row-major data (Keras kernels [kh, kw, cin, cout] ↔ ONNX [cout, cin, kh, kw]).

import { DataType, type TensorProto } from './proto.js';

export function floatTensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
): TensorProto {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return { name, dims: [...dims], dataType: DataType.FLOAT, rawData: bytes };
}

export function int64Tensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): TensorProto {
  return { name, dims: [...dims], dataType: DataType.INT64, int64Data: [...values] };
}

export const elementCount = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Elements of one imported tensor (as the checker's NNET_MAX_ELEMENTS default, 2^28). */
const MAX_TENSOR_ELEMENTS = 2 ** 28;

/**
 * The values of a tensor as numbers (float32 values exactly, integers as numbers), or a reason
 * when nnet cannot read them (external data, an unsupported element type).
 */
export function tensorValues(tensor: TensorProto): { values: Float64Array } | { problem: string } {
  if (tensor.dataLocation === 1) return { problem: 'its data is stored in an external file' };
  // Dims are validated before anything is allocated: -1 or 2^40 must not reach `new Float64Array`.
  const dims = (tensor.dims ?? []).map(Number);
  const badDim = dims.find((d) => !Number.isSafeInteger(d) || d < 0);
  if (badDim !== undefined)
    return { problem: `its dimension ${String(badDim)} is not a size (a whole number ≥ 0)` };
  const count = elementCount(dims);
  if (count > MAX_TENSOR_ELEMENTS)
    return {
      problem: `its dims [${dims.join(', ')}] make ${count.toExponential(2)} elements, more than the ${MAX_TENSOR_ELEMENTS.toLocaleString('en-US')} a tensor may have`,
    };
  const type = tensor.dataType ?? 0;
  const raw = tensor.rawData && tensor.rawData.length > 0 ? tensor.rawData : undefined;
  let out = new Float64Array(0);
  // Allocated only once the data is known to hold `count` elements.
  const fill = (get: (i: number) => number) => {
    out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = get(i);
  };
  const field = (list: readonly number[] | undefined) => {
    if (!list || list.length !== count) return false;
    fill((i) => list[i]);
    return true;
  };
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const sizes: Record<number, number> = {
      [DataType.FLOAT]: 4,
      [DataType.INT32]: 4,
      [DataType.INT64]: 8,
      [DataType.DOUBLE]: 8,
      [DataType.BOOL]: 1,
    };
    const size = sizes[type];
    if (!size) return { problem: `its element type (${dataTypeName(type)}) is not supported` };
    if (raw.byteLength !== count * size)
      return { problem: `its data has ${raw.byteLength} bytes, expected ${count * size}` };
    if (type === DataType.FLOAT) fill((i) => view.getFloat32(i * 4, true));
    else if (type === DataType.INT32) fill((i) => view.getInt32(i * 4, true));
    else if (type === DataType.INT64) fill((i) => Number(view.getBigInt64(i * 8, true)));
    else if (type === DataType.DOUBLE) fill((i) => view.getFloat64(i * 8, true));
    else fill((i) => view.getUint8(i));
    return { values: out };
  }
  const ok =
    type === DataType.FLOAT
      ? field(tensor.floatData)
      : type === DataType.INT32 || type === DataType.BOOL
        ? field(tensor.int32Data)
        : type === DataType.INT64
          ? field(tensor.int64Data)
          : type === DataType.DOUBLE
            ? field(tensor.doubleData)
            : undefined;
  if (ok === undefined)
    return { problem: `its element type (${dataTypeName(type)}) is not supported` };
  if (!ok) return { problem: `it holds no data for its ${count} elements` };
  return { values: out };
}

export function dataTypeName(type: number): string {
  const names: Record<number, string> = {
    1: 'float',
    2: 'uint8',
    3: 'int8',
    4: 'uint16',
    5: 'int16',
    6: 'int32',
    7: 'int64',
    8: 'string',
    9: 'bool',
    10: 'float16',
    11: 'double',
    12: 'uint32',
    13: 'uint64',
    16: 'bfloat16',
  };
  return names[type] ?? `type ${type}`;
}

/** Row-major `values` of `shape` with its axes reordered: result axis i is input axis perm[i]. */
export function permuteAxes<T extends Float32Array | Float64Array>(
  values: T,
  shape: readonly number[],
  perm: readonly number[],
): T {
  const rank = shape.length;
  const outShape = perm.map((axis) => shape[axis]);
  const inStrides = new Array<number>(rank);
  let stride = 1;
  for (let axis = rank - 1; axis >= 0; axis--) {
    inStrides[axis] = stride;
    stride *= shape[axis];
  }
  const strideOfOut = perm.map((axis) => inStrides[axis]);
  const out = new (values.constructor as new (n: number) => T)(values.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < values.length; o++) {
    let offset = 0;
    for (let axis = 0; axis < rank; axis++) offset += index[axis] * strideOfOut[axis];
    out[o] = values[offset];
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < outShape[axis]) break;
      index[axis] = 0;
    }
  }
  return out;
}
