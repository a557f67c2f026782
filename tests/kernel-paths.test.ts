// Generated training code on the kernel paths: a model whose products are large enough for the
// worker pool trains to bit-identical losses and weights on 1 and 2 threads, and to the same
// values within float32 rounding on the JS and the WebAssembly kernels.

import { afterAll, describe, expect, it } from 'vitest';
import {
  getKernels,
  getThreads,
  setKernels,
  setThreads,
  type CompiledModel,
} from '@nnet/runtime/train';
import { compileAndLoad } from '../packages/compiler/src/targets/js/load.js';
import { wasmSimdSupported } from '../packages/runtime/src/core/wasm/host-api.js';

const SOURCE = `
model Wide {
  input x: [300]
  dense(96, relu)
  dense(64, tanh)
  dense(10, softmax)
}
train Wide {
  data = random(inputs = 300, outputs = 10)
  loss = cross_entropy
  optimizer = adam
  batch = 48
}
`;
const BATCH = 48;
const STEPS = 4;

const initial = { kernels: getKernels(), threads: getThreads() };
afterAll(() => {
  setThreads(initial.threads);
  setKernels(initial.kernels);
});

/** Losses of STEPS train steps from seed 5 on fixed data, and the weights after them. */
async function train(): Promise<{ losses: number[]; params: Record<string, Float32Array> }> {
  const model: CompiledModel = await compileAndLoad(SOURCE, { seed: 5 });
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const x = Float32Array.from({ length: 300 * BATCH }, next);
  const y = Int32Array.from({ length: BATCH }, (_, i) => (i * 7) % 10);
  const losses = Array.from({ length: STEPS }, () => model.trainStep(x, y, BATCH));
  return { losses, params: model.params };
}

describe.skipIf(!wasmSimdSupported())('kernel paths in generated training code', () => {
  it('1 and 2 threads train to identical losses and weights; js and wasm agree', async () => {
    setKernels('wasm');
    setThreads(1);
    const one = await train();
    setThreads(2);
    const two = await train();
    expect(two.losses).toEqual(one.losses);
    for (const [name, values] of Object.entries(one.params))
      expect(two.params[name]).toEqual(values);

    setThreads(1);
    setKernels('js');
    const js = await train();
    one.losses.forEach((loss, step) => expect(Math.abs(loss - js.losses[step])).toBeLessThan(1e-4));
    for (const [name, values] of Object.entries(js.params)) {
      const wasmValues = one.params[name];
      for (let i = 0; i < values.length; i++)
        expect(Math.abs(wasmValues[i] - values[i])).toBeLessThan(1e-4);
    }
    // The loss moved: the steps trained something.
    expect(js.losses[STEPS - 1]).toBeLessThan(js.losses[0]);
  });
});
