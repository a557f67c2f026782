// Reading the user's data files: turns the file system's errors (missing file, a folder, no
// permission) into DataErrors that name the file, so the user never sees a raw stack trace. Only
// regular files are read (never a device or FIFO), and only up to NNET_MAX_DATA_BYTES.

import { statSync, type Stats } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from './dataset.js';

/** Bytes of one data file, gunzipped included (docs/limits.md). Text beyond ~512 MB cannot be a string. */
export const DEFAULT_MAX_DATA_BYTES = 512 * 1024 * 1024;

/** The data size limit: NNET_MAX_DATA_BYTES when it holds a positive integer, else the default. */
export function maxDataBytes(): number {
  const text = process.env.NNET_MAX_DATA_BYTES?.trim();
  const value = text && /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_MAX_DATA_BYTES;
}

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'expected a file, found nothing at this path',
  EISDIR: 'expected a file, found a folder',
  EACCES: 'expected a readable file, found one this user may not read',
};

/**
 * Why `path` may not be read (a device, a FIFO, a folder, or more than `limit` bytes), checked
 * before it is opened; undefined when it may be read or does not exist (the reader says so).
 */
export function regularFileProblem(path: string, limit = maxDataBytes()): string | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    return undefined;
  }
  if (!stats.isFile()) return `expected a regular file, found ${describeKind(stats)}`;
  if (stats.size > limit)
    return `the file is ${megabytes(stats.size)}, more than the ${megabytes(limit)} a data file may have (raise it with NNET_MAX_DATA_BYTES)`;
  return undefined;
}

/** Runs `read` (a readFileSync of `path`) and reports file-system errors as DataErrors. */
export function readDataFile<T>(path: string, read: () => T): T {
  try {
    // Checked before reading: /dev/zero never ends, and opening a FIFO blocks.
    const problem = regularFileProblem(path);
    if (problem !== undefined) throw new DataError(problem, { file: path });
    return read();
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const problem = FILE_PROBLEMS[code];
    if (problem === undefined && !code) throw error;
    throw new DataError(problem ?? `cannot read the file (${code})`, { file: path });
  }
}

/** The bytes of a file, gunzipped when they start with the gzip magic number 1f 8b. */
export function gunzipIfNeeded(bytes: Uint8Array, path: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    // A small gzip file can expand to gigabytes: the output is held to the same limit.
    return gunzipSync(bytes, { maxOutputLength: maxDataBytes() });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DataError(
        `the file unzips to more than the ${megabytes(maxDataBytes())} a data file may have (raise it with NNET_MAX_DATA_BYTES)`,
        { file: path },
      );
    }
    throw new DataError(
      `expected a complete gzip file, found a damaged one (${(error as Error).message})`,
      {
        file: path,
      },
    );
  }
}
