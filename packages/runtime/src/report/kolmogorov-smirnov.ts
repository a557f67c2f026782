// The two-sample Kolmogorov–Smirnov test (two-sided), as scipy.stats.ks_2samp: the statistic D is
// the largest gap between the two empirical distribution functions; its probability is exact
// (counting lattice paths, scipy's `method='exact'`) for small samples and Kolmogorov's limit beyond.

export interface KolmogorovSmirnovResult {
  statistic: number;
  /** The probability of a gap at least this large if both samples came from one distribution. */
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** Above this many lattice cells (n₁·n₂) the exact count gives way to the limiting distribution. */
export const EXACT_KOLMOGOROV_SMIRNOV_CELLS = 25_000_000;

const greatestCommonDivisor = (a: number, b: number): number =>
  b === 0 ? a : greatestCommonDivisor(b, a % b);

export function kolmogorovSmirnovStatistic(
  first: ArrayLike<number>,
  second: ArrayLike<number>,
): number {
  const a = Float64Array.from(first).sort();
  const b = Float64Array.from(second).sort();
  let i = 0;
  let j = 0;
  let statistic = 0;
  // Step through every distinct value of both samples; compare the CDFs just after it.
  while (i < a.length || j < b.length) {
    const value = Math.min(i < a.length ? a[i] : Infinity, j < b.length ? b[j] : Infinity);
    while (i < a.length && a[i] <= value) i++;
    while (j < b.length && b[j] <= value) j++;
    statistic = Math.max(statistic, Math.abs(i / a.length - j / b.length));
  }
  return statistic;
}

/**
 * P(D ≥ d) for samples of sizes m and n drawn from one continuous distribution: the share of the
 * C(m+n, m) equally likely orderings whose path from (0,0) to (m,n) touches |i/m − j/n| ≥ d. The
 * walk carries probability mass (each step picks the next sample from what is left), so nothing
 * overflows, and mass that leaves the band is summed directly, which keeps small values accurate.
 */
export function exactKolmogorovSmirnovProbability(m: number, n: number, d: number): number {
  const divisor = greatestCommonDivisor(m, n);
  const [stepFirst, stepSecond] = [n / divisor, m / divisor];
  // |i/m − j/n| ≥ d  ⇔  |i·(n/g) − j·(m/g)| ≥ d·lcm(m, n), an integer for the observed d.
  const bound = Math.round(d * ((m * n) / divisor));
  if (bound <= 0) return 1;
  let row = new Float64Array(n + 1);
  let next = new Float64Array(n + 1);
  row[0] = 1;
  let outside = 0;
  for (let i = 0; i <= m; i++) {
    next.fill(0);
    let fromLeft = 0;
    for (let j = 0; j <= n; j++) {
      const mass = row[j] + fromLeft;
      fromLeft = 0;
      if (mass === 0) continue;
      if (Math.abs(i * stepFirst - j * stepSecond) >= bound) {
        outside += mass;
        continue;
      }
      const [leftFirst, leftSecond] = [m - i, n - j];
      const total = leftFirst + leftSecond;
      if (total === 0) continue;
      if (leftFirst > 0) next[j] += (mass * leftFirst) / total;
      if (leftSecond > 0) fromLeft = (mass * leftSecond) / total;
    }
    [row, next] = [next, row];
  }
  return Math.min(1, Math.max(0, outside));
}

/** Kolmogorov's limiting distribution: P(K > λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²) (scipy's kstwobign.sf). */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    // The theta-function form converges fast for small λ: P(K ≤ λ) = √(2π)/λ Σ exp(−(2k−1)²π²/(8λ²)).
    let sum = 0;
    for (let k = 1; k <= 20; k++)
      sum += Math.exp((-((2 * k - 1) ** 2) * Math.PI ** 2) / (8 * lambda * lambda));
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-300) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export function kolmogorovSmirnovTest(
  first: ArrayLike<number>,
  second: ArrayLike<number>,
): KolmogorovSmirnovResult {
  const [m, n] = [first.length, second.length];
  if (m === 0 || n === 0) return { statistic: Number.NaN, pValue: Number.NaN, method: 'exact' };
  const statistic = kolmogorovSmirnovStatistic(first, second);
  if (m * n <= EXACT_KOLMOGOROV_SMIRNOV_CELLS)
    return {
      statistic,
      pValue: exactKolmogorovSmirnovProbability(m, n, statistic),
      method: 'exact',
    };
  const effective = (m * n) / (m + n);
  return {
    statistic,
    pValue: kolmogorovSurvival(Math.sqrt(effective) * statistic),
    method: 'asymptotic',
  };
}
