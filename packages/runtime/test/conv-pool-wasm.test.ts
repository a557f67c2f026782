// The pooling, unfolding and direct convolution WebAssembly kernels: pooling, im2col and col2im give
// the JS loops' bits (ties, NaN, padding, overlap); the direct convolution gives im2col + the wasm
// product's bits and the naive sums (finite differences too), on 1 and 2 threads.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { allocateFloats } from '../src/core/wasm/arena.js';
import { sharedMemorySupported, wasmApi, wasmSimdSupported } from '../src/core/wasm/host-api.js';
import { getKernels, setKernels, type KernelChoice } from '../src/core/wasm/kernel-choice.js';
import { setThreads } from '../src/core/wasm/node-threads.js';
import {
  wasmArgmax,
  wasmAvgPoolBackward,
  wasmAvgPoolForward,
  wasmConvForward,
  setConvUnrolling,
  wasmCol2imAdd,
  wasmIm2col,
  wasmConvKernelGradient,
  windowModuleBytes,
} from '../src/core/wasm/window-kernels.js';
import {
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  createConvWorkspace,
  setConvGroupFloats,
  setConvStrategy,
  type Conv2dGeometry,
  type Conv2dSpec,
} from '../src/kernels/conv.js';
import {
  avgPool2dBackward,
  avgPool2dForward,
  maxPool2dBackward,
  maxPool2dForward,
  pool1dGeometry,
  pool2dGeometry,
  type Pool2dGeometry,
} from '../src/kernels/pool.js';
import { expectClose, Prng, randomArray } from './helpers.js';

const initial = { kernels: getKernels() as KernelChoice, floats: setConvGroupFloats(1 << 20) };
afterEach(() => {
  setKernels(initial.kernels);
  setConvGroupFloats(initial.floats);
  setConvStrategy('auto');
  setConvUnrolling(true);
});
afterAll(() => setThreads(1));

function inArena(values: Float32Array): Float32Array {
  const view = allocateFloats(values.length);
  view.set(values);
  return view;
}

/** The float32 bit patterns, so NaN, −0 and +0 are told apart. */
const bits = (values: Float32Array) =>
  Array.from(new Uint32Array(Float32Array.from(values).buffer));

const available = wasmSimdSupported() && sharedMemorySupported();

describe('the window kernels module', () => {
  it.skipIf(!wasmSimdSupported())('validates, shared and not', () => {
    expect(wasmApi()!.validate(windowModuleBytes(true))).toBe(true);
    expect(wasmApi()!.validate(windowModuleBytes(false))).toBe(true);
  });
});

describe.skipIf(!available)('pooling in WebAssembly = the JS loops, bit for bit', () => {
  const prng = new Prng(5);
  const cases: [string, Pool2dGeometry][] = [
    [
      '2×2 valid, 8 channels',
      pool2dGeometry({ inHeight: 6, inWidth: 7, channels: 8, poolHeight: 2, poolWidth: 2 }),
    ],
    [
      '3×3 same, stride 1 (overlapping), 5 channels',
      pool2dGeometry({
        inHeight: 5,
        inWidth: 6,
        channels: 5,
        poolHeight: 3,
        poolWidth: 3,
        strideHeight: 1,
        strideWidth: 1,
        padding: 'same',
      }),
    ],
    [
      '3×2 same, stride 2×1, 4 channels',
      pool2dGeometry({
        inHeight: 7,
        inWidth: 5,
        channels: 4,
        poolHeight: 3,
        poolWidth: 2,
        strideHeight: 2,
        strideWidth: 1,
        padding: 'same',
      }),
    ],
    [
      '1-D, 3 wide, 6 channels',
      pool1dGeometry({ inWidth: 11, channels: 6, poolSize: 3, stride: 2 }),
    ],
  ];
  const batch = 3;
  for (const [name, g] of cases) {
    const inputs = batch * g.inHeight * g.inWidth * g.channels;
    const outputs = batch * g.outHeight * g.outWidth * g.channels;
    // Few distinct values (ties), some NaN, −0 and +0.
    const x = new Float32Array(inputs);
    for (let i = 0; i < inputs; i++) {
      const r = prng.nextFloat();
      x[i] = r < 0.05 ? Number.NaN : r < 0.1 ? -0 : r < 0.15 ? 0 : Math.round(r * 6) - 3;
    }
    const dy = randomArray(prng, outputs);

    it(`max pooling, ${name}`, () => {
      setKernels('js');
      const [out, argmax, dx] = [
        new Float32Array(outputs),
        new Int32Array(outputs),
        new Float32Array(inputs),
      ];
      maxPool2dForward(x, out, argmax, batch, g);
      maxPool2dBackward(dy, argmax, dx, batch, g);

      setKernels('wasm');
      const [xA, dyA] = [inArena(x), inArena(dy)];
      const [outA, dxA] = [allocateFloats(outputs).fill(7), allocateFloats(inputs).fill(7)];
      const argmaxA = new Int32Array(outputs);
      maxPool2dForward(xA, outA, argmaxA, batch, g);
      const kept = wasmArgmax(argmaxA, outputs);
      expect(kept, 'the wasm forward ran').toBeDefined();
      expect(Array.from(kept!)).toEqual(Array.from(argmax));
      expect(bits(outA)).toEqual(bits(out));
      maxPool2dBackward(dyA, argmaxA, dxA, batch, g);
      expect(bits(dxA)).toEqual(bits(dx));
      // A backward that cannot run in wasm (plain dy) gets the wasm forward's argmax.
      const dxPlain = new Float32Array(inputs);
      maxPool2dBackward(dy, argmaxA, dxPlain, batch, g);
      expect(bits(dxPlain)).toEqual(bits(dx));
      // A later JS forward (plain x) makes the arena's argmax stale.
      maxPool2dForward(x, new Float32Array(outputs), argmaxA, batch, g);
      expect(wasmArgmax(argmaxA, outputs)).toBeUndefined();
    });

    it(`average pooling, ${name}`, () => {
      const finite = x.map((value) => (Number.isNaN(value) ? 0.5 : value + prng.nextFloat()));
      setKernels('js');
      const [out, dx] = [new Float32Array(outputs), new Float32Array(inputs)];
      avgPool2dForward(finite, out, batch, g);
      avgPool2dBackward(dy, dx, batch, g);

      setKernels('wasm');
      const [xA, dyA] = [inArena(finite), inArena(dy)];
      const [outA, dxA] = [allocateFloats(outputs).fill(7), allocateFloats(inputs).fill(7)];
      expect(wasmAvgPoolForward(xA, outA, batch, g), 'the wasm forward ran').toBe(true);
      expect(bits(outA)).toEqual(bits(out));
      expect(wasmAvgPoolBackward(dyA, dxA, batch, g), 'the wasm backward ran').toBe(true);
      expect(bits(dxA)).toEqual(bits(dx));
      // Through the kernel functions too.
      outA.fill(7);
      avgPool2dForward(xA, outA, batch, g);
      expect(bits(outA)).toEqual(bits(out));
    });
  }
});

/** Naive float64 convolution, its kernel gradient and bias gradient. */
function naiveConv(
  g: Conv2dGeometry,
  batch: number,
  x: Float32Array,
  kernel: Float32Array,
  bias: Float32Array,
  dy: Float32Array,
) {
  const [cin, cout] = [g.inChannels, g.outChannels];
  const out = new Float64Array(batch * g.positions * cout);
  const dKernel = new Float64Array(kernel.length);
  const dx = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++) out[i] = bias[i % cout];
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let kh = 0; kh < g.kernelHeight; kh++)
          for (let kw = 0; kw < g.kernelWidth; kw++) {
            const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
            const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
            if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) continue;
            for (let c = 0; c < cin; c++)
              for (let o = 0; o < cout; o++) {
                const xi = ((b * g.inHeight + ih) * g.inWidth + iw) * cin + c;
                const ki = ((kh * g.kernelWidth + kw) * cin + c) * cout + o;
                const yi = ((b * g.outHeight + oh) * g.outWidth + ow) * cout + o;
                out[yi] += x[xi] * kernel[ki];
                dKernel[ki] += x[xi] * dy[yi];
                dx[xi] += kernel[ki] * dy[yi];
              }
          }
  return { out, dKernel, dx };
}

describe.skipIf(!available)('the direct convolution in WebAssembly', () => {
  const prng = new Prng(9);
  const specs: [string, Conv2dSpec][] = [
    [
      'MNIST-like 3×3, 1 → 8',
      { inHeight: 9, inWidth: 8, inChannels: 1, outChannels: 8, kernelHeight: 3, kernelWidth: 3 },
    ],
    [
      'same padding, stride 2, dilation 2, 3 → 12',
      {
        inHeight: 7,
        inWidth: 9,
        inChannels: 3,
        outChannels: 12,
        kernelHeight: 3,
        kernelWidth: 2,
        strideHeight: 2,
        dilationWidth: 2,
        padding: 'same',
      },
    ],
    [
      '1×1, 2 → 4',
      { inHeight: 4, inWidth: 5, inChannels: 2, outChannels: 4, kernelHeight: 1, kernelWidth: 1 },
    ],
    [
      '5×5 same, 4 → 20 (blocks of 16 and 4)',
      {
        inHeight: 6,
        inWidth: 6,
        inChannels: 4,
        outChannels: 20,
        kernelHeight: 5,
        kernelWidth: 5,
        padding: 'same',
      },
    ],
    [
      'conv1d-shaped, 6 → 32',
      {
        inHeight: 1,
        inWidth: 13,
        inChannels: 6,
        outChannels: 32,
        kernelHeight: 1,
        kernelWidth: 3,
        strideWidth: 2,
      },
    ],
  ];
  const batch = 5;
  for (const threads of [1, 2]) {
    for (const [name, spec] of specs) {
      const g = conv2dGeometry(spec);
      const x = randomArray(prng, batch * g.inHeight * g.inWidth * g.inChannels);
      const kernel = randomArray(prng, g.patchLength * g.outChannels);
      const bias = randomArray(prng, g.outChannels);
      const dy = randomArray(prng, batch * g.positions * g.outChannels);
      const reference = naiveConv(g, batch, x, kernel, bias, dy);
      const run = (strategy: 'direct' | 'unfold', plainX: boolean) => {
        setConvStrategy(strategy);
        const xIn = plainX ? Float32Array.from(x) : inArena(x);
        const [kernelA, biasA, dyA] = [inArena(kernel), inArena(bias), inArena(dy)];
        const out = allocateFloats(dy.length).fill(Number.NaN);
        const [dKernel, dBias, dx] = [kernel.length, bias.length, x.length].map((n) =>
          allocateFloats(n).fill(Number.NaN),
        );
        const workspace = createConvWorkspace(g);
        conv2dForward(xIn, kernelA, biasA, out, batch, g, workspace);
        conv2dBackward(xIn, kernelA, dyA, dx, dKernel, dBias, batch, g, workspace);
        return { out, dKernel, dBias, dx };
      };

      it(`${name}, ${threads} thread(s), groups of 2: direct = unfolded bit for bit, = naive`, () => {
        setThreads(threads);
        setKernels('wasm');
        setConvGroupFloats(2 * Math.max(1, g.workspaceLength));
        const unfolded = run('unfold', false);
        // Unrolled for the shape and generic, x in the arena and copied in.
        for (const [unrolled, plainX] of [
          [true, false],
          [true, true],
          [false, false],
        ]) {
          setConvUnrolling(unrolled);
          const direct = run('direct', plainX);
          const label = `${unrolled ? 'unrolled' : 'generic'}${plainX ? ', x copied' : ''}`;
          expect(bits(direct.out), `forward, ${label}`).toEqual(bits(unfolded.out));
          expect(bits(direct.dKernel), `dKernel, ${label}`).toEqual(bits(unfolded.dKernel));
          expect(bits(direct.dBias), `dBias, ${label}`).toEqual(bits(unfolded.dBias));
          expect(bits(direct.dx), `dx, ${label}`).toEqual(bits(unfolded.dx));
        }
        const tolerance = { relative: 1e-5, absolute: 1e-5 };
        expectClose(unfolded.out, reference.out, tolerance, 'forward');
        expectClose(unfolded.dKernel, reference.dKernel, tolerance, 'dKernel');
        expectClose(unfolded.dx, reference.dx, tolerance, 'dx');
        // The JS path agrees at float32 tolerance.
        setKernels('js');
        const js = run('unfold', true);
        expectClose(js.out, reference.out, tolerance, 'JS forward');
        expectClose(js.dKernel, reference.dKernel, tolerance, 'JS dKernel');
      });
    }
  }

  for (const [name, spec] of specs) {
    it(`im2col and col2im in WebAssembly = the JS loops, bit for bit: ${name}`, () => {
      setKernels('wasm');
      setConvStrategy('unfold');
      const g = conv2dGeometry(spec);
      const x = randomArray(prng, batch * g.inHeight * g.inWidth * g.inChannels);
      const kernel = randomArray(prng, g.patchLength * g.outChannels);
      const dy = randomArray(prng, batch * g.positions * g.outChannels);
      // The unfolding itself against a naive one (a copy: exact), and col2im against ordered adds.
      const columns = allocateFloats(batch * g.positions * g.patchLength).fill(Number.NaN);
      const xA = inArena(x);
      expect(wasmIm2col(xA, 1, batch - 1, columns, 0, g), 'wasm im2col ran').toBe(true);
      const expected = new Float32Array((batch - 1) * g.positions * g.patchLength);
      const folded = new Float32Array(x.length);
      const values = randomArray(prng, expected.length);
      let o = 0;
      for (let b = 1; b < batch; b++)
        for (let oh = 0; oh < g.outHeight; oh++)
          for (let ow = 0; ow < g.outWidth; ow++)
            for (let kh = 0; kh < g.kernelHeight; kh++)
              for (let kw = 0; kw < g.kernelWidth; kw++)
                for (let c = 0; c < g.inChannels; c++, o++) {
                  const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
                  const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
                  if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) continue;
                  const at = ((b * g.inHeight + ih) * g.inWidth + iw) * g.inChannels + c;
                  expected[o] = x[at];
                  folded[at] = Math.fround(folded[at] + values[o]);
                }
      expect(bits(columns.subarray(0, expected.length))).toEqual(bits(expected));
      const dxA = allocateFloats(x.length);
      expect(wasmCol2imAdd(inArena(values), 0, dxA, 1, batch - 1, g), 'wasm col2im ran').toBe(true);
      expect(bits(dxA)).toEqual(bits(folded));
      // Through conv2dForward/Backward: plain arrays (JS loops) and arena arrays (wasm).
      const results = [false, true].map((arena) => {
        const place = (values: Float32Array) =>
          arena ? inArena(values) : Float32Array.from(values);
        const [xIn, kernelIn, dyIn] = [place(x), place(kernel), place(dy)];
        const out = place(new Float32Array(dy.length));
        const [dKernel, dx] = [
          place(new Float32Array(kernel.length)),
          place(new Float32Array(x.length)),
        ];
        const workspace = createConvWorkspace(g);
        conv2dForward(xIn, kernelIn, null, out, batch, g, workspace);
        conv2dBackward(xIn, kernelIn, dyIn, dx, dKernel, null, batch, g, workspace);
        return { out, dKernel, dx };
      });
      expect(bits(results[1].out), 'forward').toEqual(bits(results[0].out));
      expect(bits(results[1].dKernel), 'dKernel').toEqual(bits(results[0].dKernel));
      expect(bits(results[1].dx), 'dx').toEqual(bits(results[0].dx));
    });
  }

  it('the kernels run (not the fallback), and dKernel matches finite differences of the forward', () => {
    setKernels('wasm');
    const g = conv2dGeometry({
      inHeight: 6,
      inWidth: 5,
      inChannels: 2,
      outChannels: 8,
      kernelHeight: 3,
      kernelWidth: 3,
      padding: 'same',
    });
    const samples = 2;
    const x = inArena(randomArray(prng, samples * g.inHeight * g.inWidth * g.inChannels));
    const kernel = inArena(randomArray(prng, g.patchLength * g.outChannels));
    const weights = inArena(randomArray(prng, samples * g.positions * g.outChannels));
    const out = allocateFloats(weights.length);
    const dKernel = allocateFloats(kernel.length);
    expect(wasmConvKernelGradient(x, 0, weights, 0, dKernel, null, samples, g, false)).toEqual({
      bias: false,
    });
    // loss(kernel) = Σ weights · conv(x, kernel), in float64 over the float32 outputs.
    const loss = () => {
      expect(wasmConvForward(x, kernel, null, out, samples, g)).toBe(true);
      let sum = 0;
      for (let i = 0; i < out.length; i++) sum += weights[i] * out[i];
      return sum;
    };
    const step = 1e-2;
    for (const index of [0, 5, 17, 40, kernel.length - 1]) {
      const saved = kernel[index];
      kernel[index] = saved + step;
      const plus = loss();
      kernel[index] = saved - step;
      const minus = loss();
      kernel[index] = saved;
      expect((plus - minus) / (2 * step)).toBeCloseTo(dKernel[index], 2);
    }
  });
});
