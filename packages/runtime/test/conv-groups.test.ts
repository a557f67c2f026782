// The convolution kernels unfold samples in groups (one product per group): against a naive direct
// convolution and its adjoints, forward, dKernel, dBias and dx agree for groups of 1, 2 and all
// samples, with padding, stride and dilation, on the JS and the WebAssembly kernels.

import { afterEach, describe, it } from 'vitest';
import { wasmSimdSupported } from '../src/core/wasm/host-api.js';
import { getKernels, setKernels, type KernelChoice } from '../src/core/wasm/kernel-choice.js';
import {
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  createConvWorkspace,
  setConvGroupFloats,
  type Conv2dGeometry,
} from '../src/kernels/conv.js';
import { expectClose, Prng, randomArray } from './helpers.js';

const initial: { kernels: KernelChoice; floats: number } = {
  kernels: getKernels(),
  floats: setConvGroupFloats(1 << 20),
};
afterEach(() => {
  setKernels(initial.kernels);
  setConvGroupFloats(initial.floats);
});

/** Calls visit(b, oh, ow, kh, kw, ih, iw) for every tap that lands inside the input. */
function eachTap(
  g: Conv2dGeometry,
  batch: number,
  visit: (
    b: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    ih: number,
    iw: number,
  ) => void,
): void {
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let kh = 0; kh < g.kernelHeight; kh++)
          for (let kw = 0; kw < g.kernelWidth; kw++) {
            const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
            const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
            if (ih >= 0 && ih < g.inHeight && iw >= 0 && iw < g.inWidth)
              visit(b, oh, ow, kh, kw, ih, iw);
          }
}

describe('conv2d in groups of samples', () => {
  const prng = new Prng(31);
  const g = conv2dGeometry({
    inHeight: 7,
    inWidth: 6,
    inChannels: 3,
    outChannels: 5,
    kernelHeight: 3,
    kernelWidth: 2,
    strideHeight: 2,
    dilationWidth: 2,
    padding: 'same',
  });
  const batch = 5;
  const [cin, cout] = [g.inChannels, g.outChannels];
  const x = randomArray(prng, batch * g.inHeight * g.inWidth * cin);
  const kernel = randomArray(prng, g.kernelHeight * g.kernelWidth * cin * cout);
  const bias = randomArray(prng, cout);
  const dy = randomArray(prng, batch * g.positions * cout);
  const xAt = (b: number, ih: number, iw: number, c: number) =>
    ((b * g.inHeight + ih) * g.inWidth + iw) * cin + c;
  const kAt = (kh: number, kw: number, c: number, o: number) =>
    ((kh * g.kernelWidth + kw) * cin + c) * cout + o;
  const yAt = (b: number, oh: number, ow: number, o: number) =>
    ((b * g.outHeight + oh) * g.outWidth + ow) * cout + o;

  const out = new Float64Array(batch * g.positions * cout);
  const dKernel = new Float64Array(kernel.length);
  const dx = new Float64Array(x.length);
  const dBias = new Float64Array(cout);
  for (let i = 0; i < out.length; i++) out[i] = bias[i % cout];
  for (let i = 0; i < dy.length; i++) dBias[i % cout] += dy[i];
  eachTap(g, batch, (b, oh, ow, kh, kw, ih, iw) => {
    for (let c = 0; c < cin; c++)
      for (let o = 0; o < cout; o++) {
        out[yAt(b, oh, ow, o)] += x[xAt(b, ih, iw, c)] * kernel[kAt(kh, kw, c, o)];
        dKernel[kAt(kh, kw, c, o)] += x[xAt(b, ih, iw, c)] * dy[yAt(b, oh, ow, o)];
        dx[xAt(b, ih, iw, c)] += kernel[kAt(kh, kw, c, o)] * dy[yAt(b, oh, ow, o)];
      }
  });

  const choices: KernelChoice[] = wasmSimdSupported() ? ['js', 'wasm'] : ['js'];
  for (const choice of choices) {
    for (const samples of [1, 2, batch]) {
      it(`${choice} kernels, groups of ${samples}: = the naive convolution and its adjoints`, () => {
        setKernels(choice);
        setConvGroupFloats(samples * g.workspaceLength);
        const workspace = createConvWorkspace(g);
        const got = new Float32Array(out.length).fill(Number.NaN);
        conv2dForward(x, kernel, bias, got, batch, g, workspace);
        const tolerance = { relative: 1e-5, absolute: 1e-5 };
        expectClose(got, out, tolerance, 'forward');
        const [gotKernel, gotBias, gotX] = [kernel.length, cout, x.length].map((length) =>
          new Float32Array(length).fill(Number.NaN),
        );
        conv2dBackward(x, kernel, dy, gotX, gotKernel, gotBias, batch, g, workspace);
        expectClose(gotKernel, dKernel, tolerance, 'dKernel');
        expectClose(gotBias, dBias, tolerance, 'dBias');
        expectClose(gotX, dx, tolerance, 'dx');
      });
    }
  }
});
