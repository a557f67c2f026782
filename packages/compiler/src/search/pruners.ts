// Pruners: take each running trial's metric after every epoch, decide whether it goes on. Median:
// stop a trial whose value is worse than the median of the other trials at the same epoch (after
// a warm-up, once 4 others have reached it). Successive halving (asynchronous, as ASHA): at the
// rungs min·η^k epochs a trial goes on only if it is in the best 1/η of those that reached the rung.

export interface Pruner {
  /** Records the value and answers whether the trial should stop here. */
  report(trial: number, epoch: number, value: number | null): 'continue' | 'prune';
  /** Records a finished trial's curve (a resumed search replays them), deciding nothing. */
  replay(trial: number, curve: readonly (number | null)[]): void;
}

/** The others needed at an epoch before the median pruner judges anyone. */
export const MEDIAN_MIN_TRIALS = 4;

export function createPruner(
  kind: 'none' | 'median' | 'asha',
  options: { maximize: boolean; warmup: number; reduction: number },
): Pruner {
  const better = (a: number, b: number) => (options.maximize ? a > b : a < b);
  // epoch → trial → value
  const seen = new Map<number, Map<number, number>>();
  const record = (trial: number, epoch: number, value: number | null) => {
    if (value === null) return;
    let atEpoch = seen.get(epoch);
    if (!atEpoch) seen.set(epoch, (atEpoch = new Map()));
    atEpoch.set(trial, value);
  };
  const replay = (trial: number, curve: readonly (number | null)[]) =>
    curve.forEach((value, i) => record(trial, i + 1, value));

  if (kind === 'median') {
    return {
      replay,
      report(trial, epoch, value) {
        record(trial, epoch, value);
        if (epoch < options.warmup) return 'continue';
        // A trial whose metric is not a number (NaN loss) cannot be ranked: it stops.
        if (value === null) return 'prune';
        const others = [...(seen.get(epoch) ?? new Map<number, number>())]
          .filter(([t]) => t !== trial)
          .map(([, v]) => v);
        if (others.length < MEDIAN_MIN_TRIALS) return 'continue';
        const median = medianOf(others);
        return better(median, value) ? 'prune' : 'continue';
      },
    };
  }
  if (kind === 'asha') {
    const isRung = (epoch: number) => {
      for (let r = options.warmup; r <= epoch; r *= options.reduction) if (r === epoch) return true;
      return false;
    };
    return {
      replay,
      report(trial, epoch, value) {
        record(trial, epoch, value);
        if (!isRung(epoch)) return 'continue';
        if (value === null) return 'prune';
        const values = [...(seen.get(epoch) ?? new Map<number, number>()).values()];
        // Too few at this rung to rank: the first trials go on (asynchronous halving never waits).
        if (values.length < options.reduction) return 'continue';
        const keep = Math.max(1, Math.floor(values.length / options.reduction));
        const sorted = [...values].sort((a, b) => (options.maximize ? b - a : a - b));
        return better(sorted[keep - 1], value) ? 'prune' : 'continue';
      },
    };
  }
  return { replay, report: () => 'continue' };
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
