// Hostile ONNX files (issue 16): a Concat axis of 2^31 (which aborted Node), negative and huge
// initializer dims (internal errors), a huge input shape. Each is NN4010 naming the node or tensor
// and what was expected, found before anything is allocated.

import { describe, expect, it } from 'vitest';
import { GraphBuilder, attr } from '../../src/targets/onnx/graph-builder.js';
import { importOnnx } from '../../src/import/onnx/import.js';
import { DataType, encodeModel, type ValueInfoProto } from '../../src/onnx/proto.js';

function model(build: (g: GraphBuilder) => string, inputDims: number[], outputDims: number[]) {
  const g = new GraphBuilder();
  const output = build(g);
  const info = (name: string, dims: number[]): ValueInfoProto => ({
    name,
    type: {
      tensorType: {
        elemType: DataType.FLOAT,
        shape: { dim: [{ dimParam: 'N' }, ...dims.map((d) => ({ dimValue: d }))] },
      },
    },
  });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'hostile',
    graph: {
      name: 'hostile',
      node: g.nodes,
      initializer: g.initializers,
      input: [info('x', inputDims)],
      output: [info(output, outputDims)],
    },
  });
}

const messages = (bytes: Uint8Array) =>
  importOnnx(bytes, { file: '/tmp/hostile.onnx', weights: 'inline' }).diagnostics.map((d) => [
    d.code,
    d.message,
  ]);

describe('ONNX import validates before it allocates', () => {
  it('a Concat axis of 2^31 names the node and the axes it may use', () => {
    const bytes = model(
      (g) => g.node('Concat', ['x', 'x'], 'joined', [attr.int('axis', 2 ** 31)]),
      [3, 4],
      [3, 8],
    );
    expect(messages(bytes)).toEqual([
      [
        'NN4010',
        'the ONNX operator `Concat` (node `joined`) cannot be imported from ONNX: its axis 2147483648 is outside the 3 axes of its inputs (expected -3 to 2)',
      ],
    ]);
  });

  it('a negative initializer dimension names the initializer', () => {
    const bytes = model(
      (g) => {
        g.initializers.push({
          name: 'W',
          dims: [-3, 2],
          dataType: DataType.FLOAT,
          rawData: new Uint8Array(0),
        });
        return g.node('MatMul', ['x', 'W'], 'matmul');
      },
      [3],
      [2],
    );
    expect(messages(bytes)).toEqual([
      [
        'NN4010',
        'the initializer `W` cannot be imported from ONNX: its dimension -3 is not a size (a whole number ≥ 0)',
      ],
    ]);
  });

  it('huge initializer dims are refused without allocating them', () => {
    const bytes = model(
      (g) => {
        g.initializers.push({
          name: 'W',
          dims: [1 << 20, 1 << 20],
          dataType: DataType.FLOAT,
          rawData: new Uint8Array(8),
        });
        return g.node('MatMul', ['x', 'W'], 'matmul');
      },
      [1 << 20],
      [1 << 20],
    );
    expect(messages(bytes)).toEqual([
      [
        'NN4010',
        'the initializer `W` cannot be imported from ONNX: its dims [1048576, 1048576] make 1.10e+12 elements, more than the 268,435,456 a tensor may have',
      ],
    ]);
  });

  it('a pooling stride of 0 (which threw inside the window arithmetic) names the node', () => {
    const bytes = model(
      (g) =>
        g.node('MaxPool', ['x'], 'pool', [
          attr.ints('kernel_shape', [2, 2]),
          attr.ints('strides', [0, 0]),
        ]),
      [1, 4, 4],
      [1, 2, 2],
    );
    expect(messages(bytes)).toEqual([
      [
        'NN4010',
        'the ONNX operator `MaxPool` (node `pool`) cannot be imported from ONNX: its strides [0, 0] must be 2 whole numbers ≥ 1',
      ],
    ]);
  });

  it('an input shape past the element budget names the input', () => {
    const bytes = model((g) => g.node('Relu', ['x'], 'relu'), [100000, 100000], [100000, 100000]);
    expect(messages(bytes)).toEqual([
      [
        'NN4010',
        'the input `x` cannot be imported from ONNX: its shape [100000, 100000] has 1.00e+10 elements per sample, more than the 268,435,456 a value may have',
      ],
    ]);
  });
});
