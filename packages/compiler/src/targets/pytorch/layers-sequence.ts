// The PyTorch form of position ops: `nl.PositionEmbedding` (a learned [steps, features] weight) and
// `nl.PositionalEncoding` (the sinusoidal table as a buffer), both added to a channels-last sequence.

import type { LayerEmitter } from './layers.js';

export const positions: LayerEmitter<'position_embedding' | 'positional_encoding'> = {
  doc: '`nl.PositionEmbedding` (a learned `[steps, features]` weight) or `nl.PositionalEncoding` (the sinusoidal buffer), added',
  emit(op, ctx) {
    const [x] = op.inputs;
    const [steps, features] = ctx.shape(x);
    const learned = op.kind === 'position_embedding';
    const module = ctx.submodule(
      op,
      `nl.${learned ? 'PositionEmbedding' : 'PositionalEncoding'}(${steps}, ${features})`,
    );
    if (learned) ctx.weight(op.params[0], `${module.replace(/^self\./, '')}.weight`, 'vector');
    return { expression: `${module}(${ctx.input(x, 'last', '')})`, layout: 'last' };
  },
};
