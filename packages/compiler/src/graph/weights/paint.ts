// The weights view's encodings, as TensorFlow Playground draws them: one diverging colour scale
// (orange negative, grey zero, blue positive) for weights, biases and unit outputs, and a line
// width growing with |w|. Also the histogram a summarised layer is drawn as. Pure, browser-safe.

/** One decimal: short coordinates, same bytes on every machine. */
export const round = (n: number) => Math.round(n * 10) / 10;

const negative = [0xf5, 0x93, 0x22];
const zero = [0xe8, 0xea, 0xeb];
const positive = [0x08, 0x77, 0xbd];

/** The Playground's scale as bytes: −1 orange, 0 light grey, +1 blue; clamped beyond; red for NaN. */
export function signRgb(value: number): [number, number, number] {
  if (!Number.isFinite(value)) return [0xdc, 0x26, 0x26];
  const t = Math.max(-1, Math.min(1, value));
  const end = t < 0 ? negative : positive;
  const a = Math.abs(t);
  return zero.map((z, i) => Math.round(z + (end[i] - z) * a)) as [number, number, number];
}

export function signColor(value: number): string {
  return `#${signRgb(value)
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')}`;
}

/** Connection width for a weight: 1 px at 0 growing to 10 px at |w| ≥ 5 (the Playground's). */
export function weightWidth(value: number): number {
  const magnitude = Number.isFinite(value) ? Math.min(Math.abs(value), 5) : 5;
  return round(0.6 + (9.4 * magnitude) / 5);
}

/** A connection's colour: the scale at ±1 for |w| ≥ 1, so weak weights fade toward grey. */
export const weightColor = (value: number) => signColor(value);

export interface Histogram {
  /** Bin edges span [−limit, limit] (limit 0: every value is 0); counts per bin. */
  limit: number;
  counts: number[];
  count: number;
  mean: number;
  std: number;
}

export function histogram(values: ArrayLike<number>, bins = 24): Histogram {
  let limit = 0;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    limit = Math.max(limit, Math.abs(values[i]));
    sum += values[i];
    count++;
  }
  // All zeros (a fresh bias): one bin in the middle.
  const spread = limit || 1;
  const mean = count ? sum / count : 0;
  let squares = 0;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    squares += (v - mean) ** 2;
    counts[Math.min(bins - 1, Math.floor(((v + spread) / (2 * spread)) * bins))]++;
  }
  return { limit, counts, count, mean, std: count ? Math.sqrt(squares / count) : 0 };
}

/** Bars coloured by their bin's sign, in a box at (x, y) of the given size; heights scale to √count. */
export function histogramBars(
  h: Histogram,
  x: number,
  y: number,
  width: number,
  height: number,
): string {
  const tallest = Math.sqrt(Math.max(1, ...h.counts));
  const bar = width / h.counts.length;
  const parts: string[] = [];
  h.counts.forEach((count, i) => {
    if (count === 0) return;
    const center = -h.limit + (2 * h.limit * (i + 0.5)) / h.counts.length;
    const shade = h.limit ? center / h.limit : 0;
    const barHeight = Math.max(1, (Math.sqrt(count) / tallest) * height);
    parts.push(
      `<rect x="${round(x + i * bar)}" y="${round(y + height - barHeight)}" width="${round(bar - 0.5)}" height="${round(barHeight)}" fill="${signColor(shade)}"/>`,
    );
  });
  parts.push(
    `<line x1="${round(x + width / 2)}" y1="${round(y)}" x2="${round(x + width / 2)}" y2="${round(y + height)}" stroke="#475569" stroke-width="0.6" stroke-dasharray="2 2"/>`,
  );
  return parts.join('');
}

/** `0.53`, `-1.2e-3`: short enough for a label under a node. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(magnitude >= 100 ? 4 : 2)));
}
