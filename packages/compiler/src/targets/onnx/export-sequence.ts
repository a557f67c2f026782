// The ONNX form of position ops (opset 17): an Add of the [steps, features] table, broadcast over
// the batch: the learned `position_embedding` table as its initializer, the sinusoidal one of
// `positional_encoding` as a constant computed by the runtime's own function.

import { sinusoidalPositions } from '@nnet/runtime';
import type { OpExporter } from './export-ops.js';

export const positions: OpExporter<'position_embedding' | 'positional_encoding'> = {
  doc: '`Add` of the `[steps, features]` table (an initializer: learned, or the sinusoidal constant)',
  emit(op, ctx) {
    const [x] = op.inputs;
    const [steps, features] = ctx.shape(x);
    const table =
      op.kind === 'position_embedding'
        ? ctx.param(op.params[0])
        : ctx.constant(
            `${op.source.layer}/positions`,
            Array.from(sinusoidalPositions(steps, features)),
            [steps, features],
          );
    const y = ctx.node(op, 'Add', [ctx.value(x, 'last', op.source.layer), table], 'add');
    ctx.define(op.output, 'last', y);
  },
};
