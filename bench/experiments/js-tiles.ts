// Variants of the forward product out[m, n] = a[m, k] · b[k, n] and of dW = aᵀ · b (a stored
// [k, m]) in plain JS, to see which register tile V8 compiles best. Overwrite only, no offsets.

/** 2×4 tile: 8 float64 sums + 4 b values + 1 a value fit x64's 16 vector registers. */
export function matmul2x4(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  if (m % 2 || n % 4) throw new Error('experiment: m % 2 and n % 4 only');
  for (let i = 0; i < m; i += 2) {
    const row0 = i * k;
    const row1 = row0 + k;
    for (let j = 0; j < n; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0; // prettier-ignore
      let bIndex = j;
      for (let p = 0; p < k; p++) {
        const b0 = b[bIndex], b1 = b[bIndex + 1], b2 = b[bIndex + 2], b3 = b[bIndex + 3]; // prettier-ignore
        bIndex += n;
        const a0 = a[row0 + p];
        const a1 = a[row1 + p];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3; // prettier-ignore
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3; // prettier-ignore
      }
      const o = i * n + j;
      out[o] = c00;
      out[o + 1] = c01;
      out[o + 2] = c02;
      out[o + 3] = c03; // prettier-ignore
      out[o + n] = c10;
      out[o + n + 1] = c11;
      out[o + n + 2] = c12;
      out[o + n + 3] = c13; // prettier-ignore
    }
  }
}

/** 1×8 tile. */
export function matmul1x8(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  if (n % 8) throw new Error('experiment: n % 8 only');
  for (let i = 0; i < m; i++) {
    const row = i * k;
    for (let j = 0; j < n; j += 8) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0; // prettier-ignore
      let bIndex = j;
      for (let p = 0; p < k; p++) {
        const av = a[row + p];
        c0 += av * b[bIndex];
        c1 += av * b[bIndex + 1];
        c2 += av * b[bIndex + 2];
        c3 += av * b[bIndex + 3]; // prettier-ignore
        c4 += av * b[bIndex + 4];
        c5 += av * b[bIndex + 5];
        c6 += av * b[bIndex + 6];
        c7 += av * b[bIndex + 7]; // prettier-ignore
        bIndex += n;
      }
      const o = i * n + j;
      out[o] = c0;
      out[o + 1] = c1;
      out[o + 2] = c2;
      out[o + 3] = c3; // prettier-ignore
      out[o + 4] = c4;
      out[o + 5] = c5;
      out[o + 6] = c6;
      out[o + 7] = c7; // prettier-ignore
    }
  }
}

/** Row-times-row (axpy) form: out[i, :] += a[i, p] · b[p, :], the inner loop over contiguous j. */
export function matmulAxpy(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const o = i * n;
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      if (av === 0) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) out[o + j] += av * b[bRow + j];
    }
  }
}

/** dW = aᵀ · b with a stored [k, m], 2×4 tile. */
export function matmulTransA2x4(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  if (m % 2 || n % 4) throw new Error('experiment: m % 2 and n % 4 only');
  for (let i = 0; i < m; i += 2) {
    for (let j = 0; j < n; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0; // prettier-ignore
      let aIndex = i;
      let bIndex = j;
      for (let p = 0; p < k; p++) {
        const a0 = a[aIndex], a1 = a[aIndex + 1]; // prettier-ignore
        const b0 = b[bIndex], b1 = b[bIndex + 1], b2 = b[bIndex + 2], b3 = b[bIndex + 3]; // prettier-ignore
        aIndex += m;
        bIndex += n;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3; // prettier-ignore
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3; // prettier-ignore
      }
      const o = i * n + j;
      out[o] = c00;
      out[o + 1] = c01;
      out[o + 2] = c02;
      out[o + 3] = c03; // prettier-ignore
      out[o + n] = c10;
      out[o + n + 1] = c11;
      out[o + n + 2] = c12;
      out[o + n + 3] = c13; // prettier-ignore
    }
  }
}

/** dW = aᵀ · b by transposing a [k, m] into a scratch [m, k] first, then the row-major 2×4 product. */
export function matmulTransAByTranspose(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  const transposed = scratch(m * k);
  for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) transposed[i * k + p] = a[p * m + i];
  matmul2x4(transposed, b, out, m, k, n);
}

let scratchBuffer = new Float32Array(0);
function scratch(size: number): Float32Array {
  if (scratchBuffer.length < size) scratchBuffer = new Float32Array(size);
  return scratchBuffer;
}
