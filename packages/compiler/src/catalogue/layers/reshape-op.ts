// The op `reshape` of the layers `reshape` and `flatten` (not a layer file, so not in index.ts): a
// view in JS (no data moves), ONNX `Reshape`/`Flatten` and torch `reshape`/`flatten` on channels-last
// values, so the values keep nnet's order.

import { ownOp } from '../own-op.js';

export interface ReshapeAttributes {
  /** The layer flattens everything after the batch (targets may say Flatten). */
  flatten: boolean;
}

/** The op of `reshape` (flatten = false) and of `flatten` (true): the values keep their order. */
export function reshapeOp(flatten: boolean) {
  return ownOp<'reshape', ReshapeAttributes>({
    op: 'reshape',
    meaning: 'y = x viewed with another shape (no data moves)',
    attributes: () => ({ flatten }),
    attributeNames: { flatten: true },
    outputDtype: 'input',
    js: { protocol: 'view' },
    onnx: {
      doc: '`Flatten(axis = 1)` on the channels-last value when the layer flattens, else `Reshape` to `[-1, …shape]`',
      // Channels-last values, so they flatten in nnet's order.
      layout: 'last',
      build: ([x], attrs, { output }, onnx) =>
        attrs.flatten
          ? onnx.node('Flatten', [x], 'flatten', { axis: { int: 1 } })
          : onnx.node(
              'Reshape',
              [x, onnx.int64Constant('shape', [-1, ...output], [output.length + 1])],
              'reshape',
            ),
    },
    pytorch: {
      doc: '`x.flatten(1)` when the layer flattens, else `x.reshape(-1, …)`, on channels-last values',
      layout: 'last',
      call: ([x], attrs, { output }) =>
        attrs.flatten ? `${x}.flatten(1)` : `${x}.reshape(-1, ${output.join(', ')})`,
    },
  });
}
