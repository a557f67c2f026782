// Naive float64 references for the recurrent and attention kernels, written straight from the
// Keras formulas (one sample, one step, one unit at a time; no state, no matmul kernels), for the
// kernel-check rows of kernel-rows/sequences.ts.

type Values = ArrayLike<number>;

/** Scalar forms of the activation-table entries the tests use. */
export const scalarActivations = {
  tanh: Math.tanh,
  sigmoid: (v: number) => 1 / (1 + Math.exp(-v)),
  relu: (v: number) => Math.max(v, 0),
  softsign: (v: number) => v / (1 + Math.abs(v)),
  swish: (v: number) => v / (1 + Math.exp(-v)),
};
export type ScalarActivationName = keyof typeof scalarActivations;

export interface SequenceCase {
  batch: number;
  timesteps: number;
  features: number;
  units: number;
  returnSequences: boolean;
  activation: ScalarActivationName;
  recurrentActivation: ScalarActivationName;
}

/** Σ_k x[k] · matrix[k, column] over a row vector x of length rows; matrix has `cols` columns. */
function rowTimesColumn(
  x: Values,
  xOffset: number,
  rows: number,
  matrix: Values,
  cols: number,
  column: number,
): number {
  let sum = 0;
  for (let k = 0; k < rows; k++) sum += x[xOffset + k] * matrix[k * cols + column];
  return sum;
}

/**
 * Runs step(xOffset, h) → next h for every sample and time step from h_0 = 0, and collects the
 * output: the last h [batch, u] or every h [batch, T, u].
 */
function runSequence(
  c: SequenceCase,
  step: (xOffset: number, state: Float64Array[]) => Float64Array[],
  stateCount: number,
): Float64Array {
  const { batch, timesteps: T, features, units: u } = c;
  const out = new Float64Array(batch * (c.returnSequences ? T : 1) * u);
  for (let b = 0; b < batch; b++) {
    let state: Float64Array[] = Array.from({ length: stateCount }, () => new Float64Array(u));
    for (let t = 0; t < T; t++) {
      state = step((b * T + t) * features, state);
      if (c.returnSequences) out.set(state[0], (b * T + t) * u);
    }
    if (!c.returnSequences) out.set(state[0], b * u);
  }
  return out;
}

/** h_t = f(x_t·W + h_{t−1}·U + b). */
export function rnnReference(
  c: SequenceCase,
  x: Values,
  kernel: Values,
  recurrentKernel: Values,
  bias: Values | null,
): Float64Array {
  const f = scalarActivations[c.activation];
  const u = c.units;
  return runSequence(
    c,
    (xOffset, [h]) => {
      const next = new Float64Array(u);
      for (let j = 0; j < u; j++) {
        const pre =
          rowTimesColumn(x, xOffset, c.features, kernel, u, j) +
          rowTimesColumn(h, 0, u, recurrentKernel, u, j) +
          (bias ? bias[j] : 0);
        next[j] = f(pre);
      }
      return [next];
    },
    1,
  );
}

/** Keras LSTM, gate columns i, f, c, o; state [h, c]. */
export function lstmReference(
  c: SequenceCase,
  x: Values,
  kernel: Values,
  recurrentKernel: Values,
  bias: Values | null,
): Float64Array {
  const g = scalarActivations[c.activation];
  const sigma = scalarActivations[c.recurrentActivation];
  const u = c.units;
  const pre = (xOffset: number, h: Float64Array, column: number) =>
    rowTimesColumn(x, xOffset, c.features, kernel, 4 * u, column) +
    rowTimesColumn(h, 0, u, recurrentKernel, 4 * u, column) +
    (bias ? bias[column] : 0);
  return runSequence(
    c,
    (xOffset, [h, cell]) => {
      const nextH = new Float64Array(u);
      const nextC = new Float64Array(u);
      for (let j = 0; j < u; j++) {
        const input = sigma(pre(xOffset, h, j));
        const forget = sigma(pre(xOffset, h, u + j));
        const candidate = g(pre(xOffset, h, 2 * u + j));
        const output = sigma(pre(xOffset, h, 3 * u + j));
        nextC[j] = forget * cell[j] + input * candidate;
        nextH[j] = output * g(nextC[j]);
      }
      return [nextH, nextC];
    },
    2,
  );
}

/** Keras GRU, gate columns z, r, h; bias [2, 3u] (input, recurrent) with resetAfter, else [3u]. */
export function gruReference(
  c: SequenceCase,
  resetAfter: boolean,
  x: Values,
  kernel: Values,
  recurrentKernel: Values,
  bias: Values | null,
): Float64Array {
  const g = scalarActivations[c.activation];
  const sigma = scalarActivations[c.recurrentActivation];
  const u = c.units;
  const inputBias = (column: number) => (bias ? bias[column] : 0);
  const recurrentBias = (column: number) => (bias && resetAfter ? bias[3 * u + column] : 0);
  return runSequence(
    c,
    (xOffset, [h]) => {
      const fromInput = (column: number) =>
        rowTimesColumn(x, xOffset, c.features, kernel, 3 * u, column) + inputBias(column);
      const fromState = (state: Values, column: number) =>
        rowTimesColumn(state, 0, u, recurrentKernel, 3 * u, column) + recurrentBias(column);
      const z = new Float64Array(u);
      const r = new Float64Array(u);
      for (let j = 0; j < u; j++) {
        z[j] = sigma(fromInput(j) + fromState(h, j));
        r[j] = sigma(fromInput(u + j) + fromState(h, u + j));
      }
      const resetH = h.map((v, p) => r[p] * v);
      const next = new Float64Array(u);
      for (let j = 0; j < u; j++) {
        const candidate = resetAfter
          ? g(fromInput(2 * u + j) + r[j] * fromState(h, 2 * u + j))
          : g(fromInput(2 * u + j) + fromState(resetH, 2 * u + j));
        next[j] = z[j] * h[j] + (1 - z[j]) * candidate;
      }
      return [next];
    },
    1,
  );
}

export interface AttentionCase {
  batch: number;
  timesteps: number;
  modelDim: number;
  heads: number;
  keyDim: number;
  valueDim: number;
  causal: boolean;
  /** Token ids [batch, T] and the pad id: keys whose id is the pad are masked (attentionPadding). */
  padding?: { ids: readonly number[]; pad: number };
}

export interface AttentionValues {
  queryKernel: Values;
  queryBias: Values | null;
  keyKernel: Values;
  keyBias: Values | null;
  valueKernel: Values;
  valueBias: Values | null;
  outputKernel: Values;
  outputBias: Values | null;
}

/** Keras MultiHeadAttention mha(x, x) on x[batch, T, d], one head and one query at a time. */
export function attentionReference(c: AttentionCase, x: Values, p: AttentionValues): Float64Array {
  const { batch, timesteps: T, modelDim: d, heads, keyDim, valueDim } = c;
  // [d, heads, dim] kernel and [heads, dim] bias → the projection of row t of sample b, head i.
  const project = (
    kernel: Values,
    bias: Values | null,
    dim: number,
    b: number,
    t: number,
    i: number,
  ) =>
    Array.from({ length: dim }, (_, e) => {
      let sum = bias ? bias[i * dim + e] : 0;
      for (let k = 0; k < d; k++) sum += x[(b * T + t) * d + k] * kernel[(k * heads + i) * dim + e];
      return sum;
    });
  const out = new Float64Array(batch * T * d);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < T; t++) {
      const row = Array.from({ length: d }, (_, k) => (p.outputBias ? p.outputBias[k] : 0));
      for (let i = 0; i < heads; i++) {
        const query = project(p.queryKernel, p.queryBias, keyDim, b, t, i);
        const visible = c.causal ? t + 1 : T;
        // A padded key takes no weight; a row whose every key is padded attends to nothing.
        const padded = (s: number) => !!c.padding && c.padding.ids[b * T + s] === c.padding.pad;
        const scores = Array.from({ length: visible }, (_, s) => {
          const key = project(p.keyKernel, p.keyBias, keyDim, b, s, i);
          return query.reduce((sum, q, e) => sum + q * key[e], 0) / Math.sqrt(keyDim);
        });
        const open = scores.filter((_, s) => !padded(s));
        const maximum = Math.max(...open);
        const weights = scores.map((s, index) => (padded(index) ? 0 : Math.exp(s - maximum)));
        const total = weights.reduce((a, w) => a + w, 0);
        const context = new Float64Array(valueDim);
        for (let s = 0; s < visible && total > 0; s++) {
          const value = project(p.valueKernel, p.valueBias, valueDim, b, s, i);
          for (let e = 0; e < valueDim; e++) context[e] += (weights[s] / total) * value[e];
        }
        for (let k = 0; k < d; k++)
          for (let e = 0; e < valueDim; e++)
            row[k] += context[e] * p.outputKernel[(i * valueDim + e) * d + k];
      }
      out.set(row, (b * T + t) * d);
    }
  }
  return out;
}
