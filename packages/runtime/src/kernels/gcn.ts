// Graph convolution (Kipf & Welling): per sample, H [n, f] and an adjacency A [n, n] give
// Y [n, u] = Â · (H · W) + b with Â = D^(-1/2) (A + I) D^(-1/2), D the row sums of A + I. The backward
// writes dW and db (overwritten) and dH when asked; A gets no gradient. Naive loops: graphs are small.

/** D^(-1/2) of the sample being normalized, kept between calls so a training step allocates nothing. */
let degreeScale = new Float64Array(0);

/** Â of each sample into `normalized` [batch, n, n]; a node whose degree is not positive is an error. */
export function gcnNormalize(
  adjacency: Float32Array,
  normalized: Float32Array,
  batch: number,
  n: number,
): void {
  if (degreeScale.length < n) degreeScale = new Float64Array(n);
  const scale = degreeScale;
  for (let s = 0; s < batch; s++) {
    const offset = s * n * n;
    for (let i = 0; i < n; i++) {
      let degree = 1;
      for (let j = 0; j < n; j++) degree += adjacency[offset + i * n + j];
      if (!(degree > 0))
        throw new RangeError(`gcn: node ${i} of sample ${s} has degree ${degree} (A + I)`);
      scale[i] = 1 / Math.sqrt(degree);
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const a = adjacency[offset + i * n + j] + (i === j ? 1 : 0);
        normalized[offset + i * n + j] = scale[i] * a * scale[j];
      }
  }
}

/** out [batch, n, u] = Â · (H · W) + bias; `hw` [batch, n, u] keeps H · W. */
export function gcnForward(
  h: Float32Array,
  normalized: Float32Array,
  weights: Float32Array,
  bias: Float32Array | null,
  hw: Float32Array,
  out: Float32Array,
  batch: number,
  n: number,
  f: number,
  u: number,
): void {
  for (let row = 0; row < batch * n; row++)
    for (let k = 0; k < u; k++) {
      let sum = 0;
      for (let c = 0; c < f; c++) sum += h[row * f + c] * weights[c * u + k];
      hw[row * u + k] = sum;
    }
  for (let s = 0; s < batch; s++)
    for (let i = 0; i < n; i++)
      for (let k = 0; k < u; k++) {
        let sum = bias ? bias[k] : 0;
        for (let j = 0; j < n; j++)
          sum += normalized[(s * n + i) * n + j] * hw[(s * n + j) * u + k];
        out[(s * n + i) * u + k] = sum;
      }
}

/** dW, db (overwritten) and dH (when not null) from dY; `dhw` [batch, n, u] is scratch. */
export function gcnBackward(
  h: Float32Array,
  normalized: Float32Array,
  weights: Float32Array,
  dy: Float32Array,
  dh: Float32Array | null,
  dWeights: Float32Array,
  dBias: Float32Array | null,
  dhw: Float32Array,
  batch: number,
  n: number,
  f: number,
  u: number,
): void {
  // d(HW) = Âᵀ · dY per sample.
  for (let s = 0; s < batch; s++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < u; k++) {
        let sum = 0;
        for (let i = 0; i < n; i++)
          sum += normalized[(s * n + i) * n + j] * dy[(s * n + i) * u + k];
        dhw[(s * n + j) * u + k] = sum;
      }
  dWeights.fill(0);
  for (let row = 0; row < batch * n; row++)
    for (let c = 0; c < f; c++) {
      const x = h[row * f + c];
      for (let k = 0; k < u; k++) dWeights[c * u + k] += x * dhw[row * u + k];
    }
  if (dBias) {
    dBias.fill(0);
    for (let row = 0; row < batch * n; row++)
      for (let k = 0; k < u; k++) dBias[k] += dy[row * u + k];
  }
  if (dh)
    for (let row = 0; row < batch * n; row++)
      for (let c = 0; c < f; c++) {
        let sum = 0;
        for (let k = 0; k < u; k++) sum += dhw[row * u + k] * weights[c * u + k];
        dh[row * f + c] = sum;
      }
}
