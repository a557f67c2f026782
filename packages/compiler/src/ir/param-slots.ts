// Which parameter of an op is which, from its attributes and the catalogue's declaration order (a
// layer's weights arrive in the order its `weights()` lists them, under the Keras convention), so
// no emitter finds a parameter by its name. Slots hold parameter ids (indices into IrModel.params).

import type { IrOpOf } from './ir.js';

export interface AttentionParams {
  queryKernel: number;
  queryBias?: number;
  keyKernel: number;
  keyBias?: number;
  valueKernel: number;
  valueBias?: number;
  outputKernel: number;
  outputBias?: number;
}

/** Each projection's kernel, followed by its bias when the layer has biases. */
export function attentionParams(op: IrOpOf<'attention'>): AttentionParams {
  const step = op.attrs.hasBias ? 2 : 1;
  const at = (projection: number) => ({
    kernel: op.params[projection * step],
    bias: op.attrs.hasBias ? op.params[projection * step + 1] : undefined,
  });
  const [query, key, value, output] = [0, 1, 2, 3].map(at);
  const withBias = (name: string, bias: number | undefined) =>
    bias !== undefined ? { [name]: bias } : {};
  return {
    queryKernel: query.kernel,
    ...withBias('queryBias', query.bias),
    keyKernel: key.kernel,
    ...withBias('keyBias', key.bias),
    valueKernel: value.kernel,
    ...withBias('valueBias', value.bias),
    outputKernel: output.kernel,
    ...withBias('outputBias', output.bias),
  };
}

/** A recurrent cell's input kernel, recurrent kernel and (when present) bias. */
export function recurrentParams(op: IrOpOf<'recurrent'>): {
  kernel: number;
  recurrentKernel: number;
  bias?: number;
} {
  const [kernel, recurrentKernel, bias] = op.params;
  return { kernel, recurrentKernel, ...(bias !== undefined ? { bias } : {}) };
}
