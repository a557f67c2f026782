// The language server's view of the file system, behind an interface: the Node server reads the
// disk (node-file-system.ts), the playground's Web Worker an in-memory folder (MemoryFileSystem).
// Every implementation reads only regular files, up to a size cap, and never throws.

import type { SourceRead } from '@nnet/compiler';

export interface FolderEntry {
  name: string;
  kind: 'file' | 'folder' | 'other';
}

export interface ServerFileSystem {
  /** A file's text, or why it cannot be read (missing, not a regular file, over `maxBytes`). */
  readSource(file: string, maxBytes: number): SourceRead;
  /** A key that changes whenever the file does (mtime and size on disk); undefined when missing. */
  stamp(file: string): string | undefined;
  /** The entries of a folder; undefined when it does not exist or cannot be read. */
  listFolder(folder: string): FolderEntry[] | undefined;
}

/** Files held in memory by absolute path (`/playground/model.nnet`); folders are implied by paths. */
export class MemoryFileSystem implements ServerFileSystem {
  private readonly files = new Map<string, { text: string; revision: number }>();
  private revision = 0;

  constructor(files: Record<string, string> = {}) {
    for (const [file, text] of Object.entries(files)) this.write(file, text);
  }

  write(file: string, text: string): void {
    this.files.set(file, { text, revision: ++this.revision });
  }

  remove(file: string): void {
    this.files.delete(file);
  }

  readSource(file: string, maxBytes: number): SourceRead {
    const found = this.files.get(file);
    if (!found)
      return this.isFolder(file)
        ? { problem: 'not-regular', kind: 'a folder' }
        : { problem: 'missing' };
    const size = new TextEncoder().encode(found.text).length;
    if (size > maxBytes) return { problem: 'too-large', size };
    return { text: found.text };
  }

  stamp(file: string): string | undefined {
    const found = this.files.get(file);
    return found ? `memory:${found.revision}` : undefined;
  }

  listFolder(folder: string): FolderEntry[] | undefined {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    const entries = new Map<string, FolderEntry['kind']>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) entries.set(rest, 'file');
      else entries.set(rest.slice(0, slash), 'folder');
    }
    if (entries.size === 0) return undefined;
    return [...entries].map(([name, kind]) => ({ name, kind }));
  }

  private isFolder(path: string): boolean {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }
}
