// Reading the user's data files: turns the file system's errors (missing file, a folder, no
// permission) into DataErrors that name the file, so the user never sees a raw stack trace.

import { gunzipSync } from 'node:zlib';
import { DataError } from './dataset.js';

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'expected a file, found nothing at this path',
  EISDIR: 'expected a file, found a folder',
  EACCES: 'expected a readable file, found one this user may not read',
};

/** Runs `read` (a readFileSync of `path`) and reports file-system errors as DataErrors. */
export function readDataFile<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
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
    return gunzipSync(bytes);
  } catch (error) {
    throw new DataError(
      `expected a complete gzip file, found a damaged one (${(error as Error).message})`,
      {
        file: path,
      },
    );
  }
}
