// The .nnet files of the workspace folders, parsed on demand (open documents' text first): who
// imports whom, for rename and references across files that are not open, and the declarations
// for workspace symbols. The scan is bounded, so a huge folder cannot stall the server.

import * as path from 'node:path';
import { parse, SourceText, type SourceFile } from '@nnet/compiler';
import type { ServerFileSystem } from './file-system.js';
import type { FileStore } from './files.js';

const MAX_FILES = 2_000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

interface ParsedEntry {
  /** The open document's text, or the disk file's mtime and size: unchanged means still valid. */
  key: string;
  text: string;
  ast: SourceFile;
  source: SourceText;
}

export class WorkspaceIndex {
  private roots: string[] = [];
  private scanned: string[] | undefined;
  private readonly parsed = new Map<string, ParsedEntry>();

  constructor(private readonly files: FileStore) {}

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.scanned = undefined;
  }

  invalidate(): void {
    this.scanned = undefined;
  }

  /** Workspace files on disk and open documents, each once. */
  allFiles(): string[] {
    this.scanned ??= scan(this.files.fileSystem, this.roots);
    return [...new Set([...this.files.openFiles().map((f) => f.path), ...this.scanned])];
  }

  parse(file: string): ParsedEntry | undefined {
    const open = this.files.get(file);
    let key: string;
    if (open) key = `open:${open.document.version}`;
    else {
      const stamp = this.files.fileSystem.stamp(file);
      if (stamp === undefined) return undefined;
      key = stamp;
    }
    const cached = this.parsed.get(file);
    if (cached && cached.key === key) return cached;
    const text = this.files.readFile(file);
    if (text === undefined) return undefined;
    const source = new SourceText(file, text);
    const entry = { key, text, ast: parse(source).value, source };
    this.parsed.set(file, entry);
    return entry;
  }

  importsOf(file: string): string[] {
    const ast = this.parse(file)?.ast;
    if (!ast) return [];
    return ast.declarations.flatMap((d) =>
      d.kind === 'Import' ? [path.resolve(path.dirname(file), d.path.value)] : [],
    );
  }

  /** Files that import `file`, directly or through others. */
  importersOf(file: string): string[] {
    const all = this.allFiles();
    const importedBy = new Map<string, string[]>();
    for (const candidate of all) {
      for (const target of this.importsOf(candidate)) {
        importedBy.set(target, [...(importedBy.get(target) ?? []), candidate]);
      }
    }
    const found = new Set<string>();
    const queue = [file];
    while (queue.length > 0) {
      for (const importer of importedBy.get(queue.pop()!) ?? []) {
        if (importer === file || found.has(importer)) continue;
        found.add(importer);
        queue.push(importer);
      }
    }
    return [...found];
  }
}

function scan(fileSystem: ServerFileSystem, roots: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (folder: string, depth: number): void => {
    if (found.length >= MAX_FILES || depth > 12) return;
    const entries = fileSystem.listFolder(folder);
    if (!entries) return;
    for (const entry of entries) {
      if (found.length >= MAX_FILES) return;
      const full = path.join(folder, entry.name);
      if (
        entry.kind === 'folder' &&
        !SKIPPED_FOLDERS.has(entry.name) &&
        !entry.name.startsWith('.')
      )
        visit(full, depth + 1);
      else if (entry.kind === 'file' && entry.name.endsWith('.nnet'))
        found.push(path.resolve(full));
    }
  };
  for (const root of roots) visit(root, 0);
  return found;
}
