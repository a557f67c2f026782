// conv2d/conv1d: geometry against TensorFlow's padding formula, forward against a direct float64
// loop, and dx, dKernel, dBias against finite differences of that loop, over valid/same padding,
// strides, dilations, even and 1×1 kernels; bias and dx may be skipped.

import { describe, expect, it } from 'vitest';
import {
  conv1dGeometry,
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  createConvWorkspace,
  type Conv2dGeometry,
  type Conv2dSpec,
} from '../src/kernels/conv.js';
import { dot, expectClose, numericalGradient, Prng, randomArray } from './helpers.js';

/** TensorFlow's documented rule: out = ceil(in/stride) for same, pad_before = ⌊total/2⌋. */
function tensorflowAxis(
  inSize: number,
  k: number,
  stride: number,
  dilation: number,
  same: boolean,
) {
  const span = (k - 1) * dilation + 1;
  if (!same) return { out: Math.ceil((inSize - span + 1) / stride), before: 0 };
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + span - inSize, 0);
  return { out, before: Math.floor(total / 2) };
}

/** Direct convolution in float64 with zero padding. */
function convReference(
  x: ArrayLike<number>,
  kernel: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  batch: number,
  g: Conv2dGeometry,
): Float64Array {
  const out = new Float64Array(batch * g.outHeight * g.outWidth * g.outChannels);
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let co = 0; co < g.outChannels; co++) {
          let sum = bias ? bias[co] : 0;
          for (let kh = 0; kh < g.kernelHeight; kh++)
            for (let kw = 0; kw < g.kernelWidth; kw++)
              for (let ci = 0; ci < g.inChannels; ci++) {
                const ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop;
                const iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft;
                if (ih < 0 || iw < 0 || ih >= g.inHeight || iw >= g.inWidth) continue;
                const xValue = x[((b * g.inHeight + ih) * g.inWidth + iw) * g.inChannels + ci];
                sum +=
                  xValue *
                  kernel[((kh * g.kernelWidth + kw) * g.inChannels + ci) * g.outChannels + co];
              }
          out[((b * g.outHeight + oh) * g.outWidth + ow) * g.outChannels + co] = sum;
        }
  return out;
}

const CASES: [string, Conv2dSpec][] = [
  [
    'valid 3×3',
    { inHeight: 5, inWidth: 6, inChannels: 3, outChannels: 4, kernelHeight: 3, kernelWidth: 3 },
  ],
  [
    'same 3×3 stride 2 (extra pad bottom/right)',
    {
      inHeight: 6,
      inWidth: 7,
      inChannels: 2,
      outChannels: 3,
      kernelHeight: 3,
      kernelWidth: 3,
      strideHeight: 2,
      strideWidth: 2,
      padding: 'same',
    },
  ],
  [
    'same 3×2 dilation 2',
    {
      inHeight: 5,
      inWidth: 5,
      inChannels: 2,
      outChannels: 5,
      kernelHeight: 3,
      kernelWidth: 2,
      dilationHeight: 2,
      dilationWidth: 2,
      padding: 'same',
    },
  ],
  [
    'valid 2×3 stride (2, 1)',
    {
      inHeight: 7,
      inWidth: 6,
      inChannels: 3,
      outChannels: 2,
      kernelHeight: 2,
      kernelWidth: 3,
      strideHeight: 2,
      strideWidth: 1,
    },
  ],
  [
    'same even 4×4',
    {
      inHeight: 5,
      inWidth: 6,
      inChannels: 2,
      outChannels: 3,
      kernelHeight: 4,
      kernelWidth: 4,
      padding: 'same',
    },
  ],
  [
    'pointwise 1×1',
    {
      inHeight: 4,
      inWidth: 5,
      inChannels: 6,
      outChannels: 5,
      kernelHeight: 1,
      kernelWidth: 1,
      padding: 'same',
    },
  ],
  [
    'valid 3×3 dilation 2 stride 2',
    {
      inHeight: 9,
      inWidth: 8,
      inChannels: 2,
      outChannels: 3,
      kernelHeight: 3,
      kernelWidth: 3,
      dilationHeight: 2,
      dilationWidth: 2,
      strideHeight: 2,
      strideWidth: 2,
    },
  ],
];

function checkConvolution(label: string, g: Conv2dGeometry, seed: number): void {
  const prng = new Prng(seed);
  const batch = 2;
  const x = randomArray(prng, batch * g.inHeight * g.inWidth * g.inChannels);
  const kernel = randomArray(prng, g.patchLength * g.outChannels);
  const bias = randomArray(prng, g.outChannels);
  const workspace = createConvWorkspace(g);
  const outLength = batch * g.outHeight * g.outWidth * g.outChannels;
  const tolerance = { relative: 1e-4, absolute: 1e-5 };

  const out = new Float32Array(outLength).fill(Number.NaN);
  conv2dForward(x, kernel, bias, out, batch, g, workspace);
  expectClose(
    out,
    convReference(x, kernel, bias, batch, g),
    { relative: 1e-5, absolute: 1e-6 },
    `${label} forward`,
  );
  const noBias = new Float32Array(outLength);
  conv2dForward(x, kernel, null, noBias, batch, g, workspace);
  expectClose(
    noBias,
    convReference(x, kernel, null, batch, g),
    { relative: 1e-5, absolute: 1e-6 },
    `${label} forward without bias`,
  );

  const dy = randomArray(prng, outLength);
  const dx = new Float32Array(x.length).fill(Number.NaN);
  const dKernel = new Float32Array(kernel.length).fill(Number.NaN);
  const dBias = new Float32Array(bias.length).fill(Number.NaN);
  conv2dBackward(x, kernel, dy, dx, dKernel, dBias, batch, g, workspace);
  const loss = (xs: ArrayLike<number>, ks: ArrayLike<number>, bs: ArrayLike<number>) =>
    dot(dy, convReference(xs, ks, bs, batch, g));
  expectClose(
    dx,
    numericalGradient((p) => loss(p, kernel, bias), x),
    tolerance,
    `${label} dx`,
  );
  expectClose(
    dKernel,
    numericalGradient((p) => loss(x, p, bias), kernel),
    tolerance,
    `${label} dKernel`,
  );
  expectClose(
    dBias,
    numericalGradient((p) => loss(x, kernel, p), bias),
    tolerance,
    `${label} dBias`,
  );

  // Skipping dx and dBias leaves dKernel the same.
  const dKernelOnly = new Float32Array(kernel.length);
  conv2dBackward(x, kernel, dy, null, dKernelOnly, null, batch, g, workspace);
  expect(dKernelOnly).toEqual(dKernel);
}

describe('conv2d', () => {
  CASES.forEach(([label, spec], index) => {
    it(label, () => {
      const g = conv2dGeometry(spec);
      const vertical = tensorflowAxis(
        spec.inHeight,
        spec.kernelHeight,
        spec.strideHeight ?? 1,
        spec.dilationHeight ?? 1,
        spec.padding === 'same',
      );
      const horizontal = tensorflowAxis(
        spec.inWidth,
        spec.kernelWidth,
        spec.strideWidth ?? 1,
        spec.dilationWidth ?? 1,
        spec.padding === 'same',
      );
      expect([g.outHeight, g.padTop, g.outWidth, g.padLeft]).toEqual([
        vertical.out,
        vertical.before,
        horizontal.out,
        horizontal.before,
      ]);
      checkConvolution(label, g, 500 + index);
    });
  });

  it('splits odd same-padding with the extra row and column after (Keras/TensorFlow)', () => {
    const g = conv2dGeometry({
      inHeight: 6,
      inWidth: 5,
      inChannels: 1,
      outChannels: 1,
      kernelHeight: 4,
      kernelWidth: 2,
      padding: 'same',
    });
    expect([g.outHeight, g.outWidth, g.padTop, g.padLeft]).toEqual([6, 5, 1, 0]); // total 3 → 1 + 2, 1 → 0 + 1
    const strided = conv2dGeometry({
      inHeight: 6,
      inWidth: 6,
      inChannels: 1,
      outChannels: 1,
      kernelHeight: 3,
      kernelWidth: 3,
      strideHeight: 2,
      strideWidth: 2,
      padding: 'same',
    });
    expect([strided.outHeight, strided.padTop]).toEqual([3, 0]); // total 1 → 0 + 1
    expect(strided.workspaceLength).toBe(9 * 9);
  });

  it('rejects a valid window larger than the input', () => {
    expect(() =>
      conv2dGeometry({
        inHeight: 2,
        inWidth: 5,
        inChannels: 1,
        outChannels: 1,
        kernelHeight: 3,
        kernelWidth: 3,
      }),
    ).toThrow(RangeError);
  });
});

describe('conv1d', () => {
  it('same, stride 2 over [batch, W, cin] with kernel [kw, cin, cout]', () => {
    const g = conv1dGeometry({
      inWidth: 9,
      inChannels: 3,
      outChannels: 4,
      kernelWidth: 4,
      stride: 2,
      padding: 'same',
    });
    expect([g.outHeight, g.outWidth, g.padLeft]).toEqual([1, 5, 1]);
    checkConvolution('conv1d same stride 2', g, 601);
  });

  it('valid, dilation 2', () => {
    const g = conv1dGeometry({
      inWidth: 10,
      inChannels: 2,
      outChannels: 3,
      kernelWidth: 3,
      dilation: 2,
    });
    expect(g.outWidth).toBe(6);
    checkConvolution('conv1d valid dilation 2', g, 602);
  });
});
