// The Node language server's file system: the disk, read through the compiler's readSourceFile
// (regular files only, size-capped, never blocking on a device or FIFO).

import * as fs from 'node:fs';
import { readSourceFile } from '@nnet/compiler';
import type { FolderEntry, ServerFileSystem } from './file-system.js';

export const nodeFileSystem: ServerFileSystem = {
  readSource: readSourceFile,
  stamp(file) {
    try {
      const stat = fs.statSync(file);
      return `disk:${stat.mtimeMs}:${stat.size}`;
    } catch {
      return undefined;
    }
  },
  listFolder(folder) {
    try {
      return fs.readdirSync(folder, { withFileTypes: true }).map((entry): FolderEntry => ({
        name: entry.name,
        kind: entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other',
      }));
    } catch {
      return undefined;
    }
  },
};
