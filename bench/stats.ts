// Pure helpers of the benchmark: the order in which sides take turns, a side's spread over rounds
// (median, min, max), and which of several sides was strongest. No I/O, so a unit test covers them.

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * The order of the sides in round `round`: rotated by one place each round, so over `count`
 * rounds every side goes first once and no side always follows the same neighbour.
 */
export function roundOrder<T>(sides: readonly T[], round: number): T[] {
  const shift = sides.length === 0 ? 0 : round % sides.length;
  return [...sides.slice(shift), ...sides.slice(0, shift)];
}

/** The entry with the highest value (first on a tie), or undefined when none has a value. */
export function strongest<K extends string>(
  candidates: readonly K[],
  valueOf: (candidate: K) => number | undefined,
): { id: K; value: number } | undefined {
  let best: { id: K; value: number } | undefined;
  for (const id of candidates) {
    const value = valueOf(id);
    if (value !== undefined && (best === undefined || value > best.value)) best = { id, value };
  }
  return best;
}
