// Weight initializers as Keras defines them, filling a Float32Array for a given shape from the
// seeded Prng (same seed → same weights). Fans follow keras compute_fans: a dense kernel is
// [inputs, units], a conv kernel [...window, cin, cout] with the window's size multiplied into both.

import type { Prng } from './prng.js';

export type Shape = readonly number[];

export interface InitializerOptions {
  /** constant: the value (default 0). */
  value?: number;
  /** uniform: the range [minimum, maximum) (default ±0.05). */
  minimum?: number;
  maximum?: number;
  /** normal, truncated_normal: default mean 0, standard deviation 0.05. */
  mean?: number;
  standardDeviation?: number;
  /** orthogonal: multiplies the orthogonal matrix (default 1). */
  gain?: number;
}

export type Initializer = (
  out: Float32Array,
  shape: Shape,
  prng: Prng,
  options?: InitializerOptions,
) => void;

/** fan_in and fan_out of a weight shape, as keras.initializers compute_fans. */
export function computeFans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  let receptiveField = 1;
  for (let i = 0; i < shape.length - 2; i++) receptiveField *= shape[i];
  return {
    fanIn: shape[shape.length - 2] * receptiveField,
    fanOut: shape[shape.length - 1] * receptiveField,
  };
}

function sizeOf(shape: Shape): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** Normals resampled until within two standard deviations of the mean (Keras TruncatedNormal). */
function fillTruncatedNormal(
  out: Float32Array,
  count: number,
  mean: number,
  deviation: number,
  prng: Prng,
): void {
  for (let i = 0; i < count; i++) {
    let z = prng.normal();
    while (z < -2 || z > 2) z = prng.normal();
    out[i] = mean + deviation * z;
  }
}

export const zeros: Initializer = (out, shape) => {
  out.fill(0, 0, sizeOf(shape));
};

export const ones: Initializer = (out, shape) => {
  out.fill(1, 0, sizeOf(shape));
};

export const constant: Initializer = (out, shape, _prng, options = {}) => {
  out.fill(options.value ?? 0, 0, sizeOf(shape));
};

export const uniform: Initializer = (out, shape, prng, options = {}) => {
  const minimum = options.minimum ?? -0.05;
  const maximum = options.maximum ?? 0.05;
  for (let i = 0; i < sizeOf(shape); i++) out[i] = prng.uniform(minimum, maximum);
};

export const normal: Initializer = (out, shape, prng, options = {}) => {
  const mean = options.mean ?? 0;
  const deviation = options.standardDeviation ?? 0.05;
  for (let i = 0; i < sizeOf(shape); i++) out[i] = prng.normal(mean, deviation);
};

export const truncatedNormal: Initializer = (out, shape, prng, options = {}) => {
  fillTruncatedNormal(
    out,
    sizeOf(shape),
    options.mean ?? 0,
    options.standardDeviation ?? 0.05,
    prng,
  );
};

/** The standard deviation of a unit normal truncated to [−2, 2]; Keras divides by it. */
const TRUNCATED_NORMAL_DEVIATION = 0.8796256610342398;

/**
 * Keras VarianceScaling: variance scale/n with n = fan_in, fan_out or their mean (at least 1);
 * "uniform" draws from ±√(3·scale/n), "normal" from a truncated normal rescaled to that variance.
 */
function varianceScaling(
  scale: number,
  mode: 'fanIn' | 'fanOut' | 'fanAverage',
  distribution: 'uniform' | 'normal',
): Initializer {
  return (out, shape, prng) => {
    const { fanIn, fanOut } = computeFans(shape);
    const n = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, n);
    if (distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      for (let i = 0; i < sizeOf(shape); i++) out[i] = prng.uniform(-limit, limit);
    } else {
      const deviation = Math.sqrt(variance) / TRUNCATED_NORMAL_DEVIATION;
      fillTruncatedNormal(out, sizeOf(shape), 0, deviation, prng);
    }
  };
}

export const glorotUniform = varianceScaling(1, 'fanAverage', 'uniform');
export const glorotNormal = varianceScaling(1, 'fanAverage', 'normal');
export const heUniform = varianceScaling(2, 'fanIn', 'uniform');
export const heNormal = varianceScaling(2, 'fanIn', 'normal');
export const lecunUniform = varianceScaling(1, 'fanIn', 'uniform');
export const lecunNormal = varianceScaling(1, 'fanIn', 'normal');

/**
 * Keras Orthogonal: the shape is flattened to [rows = Π shape[:-1], cols = shape[-1]]; a normal
 * matrix of the taller orientation is QR-factored (Gram–Schmidt twice, so R has a positive
 * diagonal as Keras's sign fix makes it), transposed back if rows < cols, and scaled by gain.
 */
export const orthogonal: Initializer = (out, shape, prng, options = {}) => {
  if (shape.length < 2)
    throw new RangeError(`orthogonal needs a shape of rank >= 2, got [${shape}]`);
  const cols = shape[shape.length - 1];
  const rows = sizeOf(shape) / cols;
  const tall = Math.max(rows, cols);
  const short = Math.min(rows, cols);
  const q = new Float64Array(tall * short); // q[i * short + j], column j is the j-th basis vector
  for (let i = 0; i < q.length; i++) q[i] = prng.normal();
  for (let j = 0; j < short; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let previous = 0; previous < j; previous++) {
        let dot = 0;
        for (let i = 0; i < tall; i++) dot += q[i * short + previous] * q[i * short + j];
        for (let i = 0; i < tall; i++) q[i * short + j] -= dot * q[i * short + previous];
      }
    }
    let norm = 0;
    for (let i = 0; i < tall; i++) norm += q[i * short + j] ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < tall; i++) q[i * short + j] /= norm;
  }
  const gain = options.gain ?? 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      out[r * cols + c] = gain * (rows >= cols ? q[r * short + c] : q[c * short + r]);
    }
  }
};

/** An LSTM bias [4u] (gates i, f, c, o): zeros with the forget gate's slice at 1, as Keras's unit_forget_bias. */
export const unitForgetBias: Initializer = (out, shape) => {
  const units = shape[shape.length - 1] / 4;
  out.fill(0);
  out.fill(1, units, 2 * units);
};

export const initializerTable = {
  zeros,
  ones,
  constant,
  uniform,
  normal,
  truncated_normal: truncatedNormal,
  glorot_uniform: glorotUniform,
  glorot_normal: glorotNormal,
  he_uniform: heUniform,
  he_normal: heNormal,
  lecun_uniform: lecunUniform,
  lecun_normal: lecunNormal,
  orthogonal,
  unit_forget_bias: unitForgetBias,
} satisfies Record<string, Initializer>;

export type InitializerName = keyof typeof initializerTable;

export const initializerNames = Object.keys(initializerTable) as InitializerName[];
