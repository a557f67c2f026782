// A search space as plain data: dimensions (a key and its values or range, with arguments searched
// only inside one choice), and what walks it: the grid in a fixed order, random samples from a
// seeded generator, the number of grid points. A configuration is key → expression text, ready to
// become overrides (overrides.ts); nothing here knows the AST.

/** How a key's values are drawn. Ranges are closed; `integers` are whole numbers low..high. */
export type Distribution =
  | { kind: 'choice'; values: ChoiceValue[] }
  | { kind: 'uniform' | 'loguniform' | 'integers'; low: number; high: number };

/** One value of a choice: its text, a number when it is one, and arguments searched inside it. */
export interface ChoiceValue {
  /** The value as written, without its searched arguments: `64`, `relu`, `sgd(lr = 0.1)`. */
  text: string;
  /** `sgd` for `sgd(momentum in [0, 0.9])`: the name tables and plots show. */
  label: string;
  number?: number;
  /** `momentum in [0, 0.9]` inside `sgd(…)`: used only when this value is chosen. */
  nested: Dimension[];
}

export interface Dimension {
  key: string;
  distribution: Distribution;
}

/** One point of the space: every key's value (nested keys included) as display text and number. */
export interface Configuration {
  /** key → the expression text written into the file for it (nested arguments folded into calls). */
  overrides: { key: string; value: string }[];
  /** key → what tables and plots show: `64`, `relu`, `sgd`, `0.0031`; nested keys flattened. */
  values: Record<string, string | number>;
  /** key → the value as a number for a sampler: a choice's index, or the number; nested flattened. */
  point: Record<string, number>;
}

/** How many points a grid over these dimensions has; Infinity when one is a continuous range. */
export function gridSize(dimensions: readonly Dimension[]): number {
  let total = 1;
  for (const dimension of dimensions) total *= valueCount(dimension.distribution);
  return total;
}

function valueCount(distribution: Distribution): number {
  if (distribution.kind === 'choice')
    return distribution.values.reduce((sum, v) => sum + gridSize(v.nested), 0);
  if (distribution.kind === 'integers')
    return Math.max(0, distribution.high - distribution.low + 1);
  return Infinity;
}

type Picked = {
  text: string;
  display: string | number;
  point: number;
  nested: Record<string, Picked>;
};

/** Every grid point, the first dimension varying slowest. Only for a finite grid. */
export function gridConfigurations(dimensions: readonly Dimension[]): Configuration[] {
  const points: Record<string, Picked>[] = [];
  const walk = (index: number, acc: Record<string, Picked>) => {
    if (index === dimensions.length) {
      points.push({ ...acc });
      return;
    }
    const { key, distribution } = dimensions[index];
    for (const picked of enumerate(distribution)) walk(index + 1, { ...acc, [key]: picked });
  };
  walk(0, {});
  return points.map(toConfiguration);
}

function enumerate(distribution: Distribution): Picked[] {
  if (distribution.kind === 'integers') {
    const out: Picked[] = [];
    for (let n = distribution.low; n <= distribution.high; n++)
      out.push({ text: String(n), display: n, point: n, nested: {} });
    return out;
  }
  if (distribution.kind !== 'choice') return [];
  return distribution.values.flatMap((value, index) =>
    gridConfigurationsRaw(value.nested).map((nested) => ({
      text: value.text,
      display: value.number ?? value.label,
      point: index,
      nested,
    })),
  );
}

function gridConfigurationsRaw(dimensions: readonly Dimension[]): Record<string, Picked>[] {
  let points: Record<string, Picked>[] = [{}];
  for (const { key, distribution } of dimensions) {
    const values = enumerate(distribution);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return points;
}

/** A sample of the space from `random` (values in [0, 1)). */
export function sampleConfiguration(
  dimensions: readonly Dimension[],
  random: () => number,
): Configuration {
  const sampleAll = (dims: readonly Dimension[]) =>
    Object.fromEntries(dims.map((d) => [d.key, sample(d.distribution, random)]));
  const sample = (distribution: Distribution, next: () => number): Picked => {
    const u = next();
    switch (distribution.kind) {
      case 'choice':
        return choicePick(distribution, Math.floor(u * distribution.values.length), sampleAll);
      case 'integers': {
        const n = distribution.low + Math.floor(u * (distribution.high - distribution.low + 1));
        return { text: String(n), display: n, point: n, nested: {} };
      }
      case 'uniform':
        return numberPick(
          distribution.low + u * (distribution.high - distribution.low),
          distribution,
        );
      case 'loguniform': {
        const [a, b] = [Math.log(distribution.low), Math.log(distribution.high)];
        return numberPick(Math.exp(a + u * (b - a)), distribution);
      }
    }
  };
  return toConfiguration(sampleAll(dimensions));
}

/**
 * A configuration built key by key by `pick`, which gives each dimension's value as a number (a
 * choice's index, a whole number, a real number); the keys nested in the chosen values included.
 * How a sampler such as TPE (tpe.ts) turns its draws into a trial.
 */
export function configurationFrom(
  dimensions: readonly Dimension[],
  pick: (dimension: Dimension) => number,
): Configuration {
  const pickAll = (dims: readonly Dimension[]): Record<string, Picked> =>
    Object.fromEntries(dims.map((d) => [d.key, pickOne(d)]));
  const pickOne = (dimension: Dimension): Picked => {
    const { distribution } = dimension;
    const value = pick(dimension);
    switch (distribution.kind) {
      case 'choice':
        return choicePick(distribution, value, pickAll);
      case 'integers': {
        const n = Math.min(distribution.high, Math.max(distribution.low, Math.round(value)));
        return { text: String(n), display: n, point: n, nested: {} };
      }
      default:
        return numberPick(value, distribution);
    }
  };
  return toConfiguration(pickAll(dimensions));
}

function choicePick(
  distribution: Extract<Distribution, { kind: 'choice' }>,
  index: number,
  nestedOf: (dims: readonly Dimension[]) => Record<string, Picked>,
): Picked {
  const value = distribution.values[index];
  return {
    text: value.text,
    display: value.number ?? value.label,
    point: index,
    nested: nestedOf(value.nested),
  };
}

/** A sampled number, rounded to 4 significant digits so the file written for it reads well. */
function numberPick(value: number, range: { low: number; high: number }): Picked {
  const rounded = Math.min(range.high, Math.max(range.low, Number(value.toPrecision(4))));
  return { text: formatNumber(rounded), display: rounded, point: rounded, nested: {} };
}

/** A number as .nnet text: `0.0031`, `1e-05` becomes `1e-5`. */
export function formatNumber(value: number): string {
  return String(value).replace(/e([+-])0*(\d)/, (_m, sign: string, digit: string) =>
    sign === '+' ? `e${digit}` : `e-${digit}`,
  );
}

function toConfiguration(point: Record<string, Picked>): Configuration {
  const overrides: Configuration['overrides'] = [];
  const values: Configuration['values'] = {};
  const numbers: Configuration['point'] = {};
  const flatten = (key: string, picked: Picked) => {
    values[key] = picked.display;
    numbers[key] = picked.point;
    for (const [nestedKey, nested] of Object.entries(picked.nested)) flatten(nestedKey, nested);
  };
  for (const [key, picked] of Object.entries(point)) {
    overrides.push({ key, value: foldNested(picked) });
    flatten(key, picked);
  }
  return { overrides, values, point: numbers };
}

/** `sgd` with momentum 0.9 chosen → `sgd(momentum = 0.9)`; `sgd(lr = 0.1)` keeps its own arguments. */
function foldNested(picked: Picked): string {
  const nested = Object.entries(picked.nested);
  if (nested.length === 0) return picked.text;
  const args = nested.map(([key, value]) => `${key} = ${foldNested(value)}`);
  const open = picked.text.indexOf('(');
  if (open < 0) return `${picked.text}(${args.join(', ')})`;
  const inner = picked.text.slice(open + 1, picked.text.lastIndexOf(')')).trim();
  return `${picked.text.slice(0, open)}(${[inner, ...args].filter(Boolean).join(', ')})`;
}

/** Mulberry32: a small seeded generator, so a search's samples are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What hover shows for a dimension: `one of 32, 64, 128`, `log-uniform on [0.0001, 0.1]`. */
export function describeDistribution(distribution: Distribution): string {
  switch (distribution.kind) {
    case 'choice': {
      const labels = distribution.values.map((v) =>
        v.nested.length
          ? `${v.label} (with ${v.nested.map((n) => `${n.key} ${describeDistribution(n.distribution)}`).join(', ')})`
          : v.label,
      );
      return `one of ${labels.join(', ')}, each with probability 1/${distribution.values.length} when sampled`;
    }
    case 'uniform':
      return `uniform on [${distribution.low}, ${distribution.high}]`;
    case 'loguniform':
      return `log-uniform on [${distribution.low}, ${distribution.high}] (uniform in log space: each factor of 10 equally likely)`;
    case 'integers':
      return `a whole number from ${distribution.low} to ${distribution.high}, each equally likely`;
  }
}

/**
 * Trial n's own seed: ⌊2³¹·u⌋, u the first number of Mulberry32 seeded with
 * `searchSeed + 1000003·n` (mod 2³²). The same search seed gives every trial the same seed on every
 * run, and different trials different seeds.
 */
export function trialSeed(searchSeed: number, trial: number): number {
  return Math.floor(seededRandom((searchSeed + Math.imul(1000003, trial)) >>> 0)() * 2 ** 31);
}

/**
 * With `seeds = N`, the seeds of trial n's further trainings r = 1 … N − 1: trialSeed(searchSeed + r,
 * n). Its first training keeps trialSeed(searchSeed, n), so `seeds = 1` changes nothing.
 */
export function repeatSeeds(searchSeed: number, trial: number, seeds: number): number[] {
  return Array.from({ length: Math.max(0, seeds - 1) }, (_, r) =>
    trialSeed(searchSeed + r + 1, trial),
  );
}
