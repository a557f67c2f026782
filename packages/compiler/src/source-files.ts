// Reads a .nnet file from disk for the CLI and the language server: only regular files (never a
// device, FIFO or folder, which could block or never end), and only up to a size cap, checked
// before a byte is read. Returns the text or the reason it cannot be read; never throws.

import * as fs from 'node:fs';

export type SourceRead =
  | { text: string }
  | { problem: 'missing' }
  | { problem: 'not-regular'; kind: string }
  | { problem: 'too-large'; size: number };

/** What a non-regular path is, in words for a message. */
function describeKind(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function readSourceFile(file: string, maxBytes: number): SourceRead {
  let descriptor: number | undefined;
  try {
    const stats = fs.statSync(file);
    if (!stats.isFile()) return { problem: 'not-regular', kind: describeKind(stats) };
    if (stats.size > maxBytes) return { problem: 'too-large', size: stats.size };
    // Opened without blocking, and checked again on the descriptor: the path may have been
    // replaced by a FIFO between the stat and the open.
    descriptor = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const opened = fs.fstatSync(descriptor);
    if (!opened.isFile()) return { problem: 'not-regular', kind: describeKind(opened) };
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(0, opened.size) + 1));
    let length = 0;
    while (length < buffer.length) {
      const read = fs.readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    // A file that grew past the cap after the stat.
    if (length > maxBytes) return { problem: 'too-large', size: length };
    return { text: buffer.subarray(0, length).toString('utf8') };
  } catch {
    return { problem: 'missing' };
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}
