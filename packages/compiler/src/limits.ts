// The budgets every stage keeps so hostile input gets an answer in bounded time and memory: source
// file size, expansion of `repeat` and blocks (which bounds the layers), block nesting, elements of one value,
// parameters of one model, diagnostics per file. Defaults below; each can be raised by an env var.

export interface Limits {
  /** Bytes of one .nnet file (the entry or an import). `NNET_MAX_SOURCE_BYTES` */
  maxSourceBytes: number;
  /** Steps (layers, block calls, other statements) one program may expand to, `repeat`s and blocks unrolled. `NNET_MAX_EXPANSION` */
  maxExpansion: number;
  /** Blocks calling blocks, deepest chain. `NNET_MAX_NESTING` */
  maxNesting: number;
  /** Elements of one value (one layer's output or input) for one sample. `NNET_MAX_ELEMENTS` */
  maxElements: number;
  /** Parameters (weights) of one model. `NNET_MAX_PARAMETERS` */
  maxParameters: number;
  /**
   * Bytes one training step needs at least: weights and gradients, plus every layer's output and
   * its gradient for a whole batch. `NNET_MAX_TRAINING_BYTES`
   */
  maxTrainingBytes: number;
  /** Diagnostics shown per file; the rest are counted in one "… and N more". `NNET_MAX_DIAGNOSTICS` */
  maxDiagnostics: number;
}

export const defaultLimits: Readonly<Limits> = {
  maxSourceBytes: 8 * 1024 * 1024,
  maxExpansion: 50_000,
  maxNesting: 100,
  maxElements: 2 ** 28,
  maxParameters: 500_000_000,
  maxTrainingBytes: 4 * 1024 ** 3,
  maxDiagnostics: 1000,
};

/** The env var that raises each limit, for messages and docs. */
export const limitVariables: Readonly<Record<keyof Limits, string>> = {
  maxSourceBytes: 'NNET_MAX_SOURCE_BYTES',
  maxExpansion: 'NNET_MAX_EXPANSION',
  maxNesting: 'NNET_MAX_NESTING',
  maxElements: 'NNET_MAX_ELEMENTS',
  maxParameters: 'NNET_MAX_PARAMETERS',
  maxTrainingBytes: 'NNET_MAX_TRAINING_BYTES',
  maxDiagnostics: 'NNET_MAX_DIAGNOSTICS',
};

/**
 * The defaults, with each limit replaced by its env var when that holds a positive integer
 * (`NNET_MAX_EXPANSION=500000`). Anything else in the variable is ignored.
 */
export function limitsFromEnvironment(
  env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env,
): Limits {
  const limits: Limits = { ...defaultLimits };
  for (const key of Object.keys(limitVariables) as (keyof Limits)[]) {
    const text = env[limitVariables[key]]?.trim();
    if (!text || !/^\d+$/.test(text)) continue;
    const value = Number(text);
    if (Number.isSafeInteger(value) && value > 0) limits[key] = value;
  }
  return limits;
}

/** `1,234,567`; beyond what a person reads digit by digit, `about 1.2e+21`; never NaN or Infinity. */
export function formatCount(n: number): string {
  if (Number.isNaN(n)) return 'an unknown number';
  if (!Number.isFinite(n)) return n > 0 ? 'more than 10^308' : 'less than -10^308';
  if (Math.abs(n) < 1e15) return Math.round(n).toLocaleString('en-US');
  return `about ${n.toExponential(1)}`;
}

/** `3.7 GB` for a byte count (base 1024, as memory is bought); never NaN or Infinity. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'more than 10^308 bytes';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} bytes`;
  if (Math.abs(value) >= 1e6) return `about ${bytes.toExponential(1)} bytes`;
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
