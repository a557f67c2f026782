// Loads a program: parses the entry file and, transitively, every file it imports (paths relative
// to the importing file), through a host so the CLI reads the disk and the editor its open buffers.
// Missing, special (device, FIFO, folder) and oversized files and import cycles are diagnostics at
// the `import` that causes them (at the start of the entry file for the entry itself).

import * as path from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { DiagnosticBag } from './diagnostics/diagnostic.js';
import { Messages } from './diagnostics/messages.js';
import { formatBytes, limitsFromEnvironment, limitVariables, type Limits } from './limits.js';
import { readSourceFile, type SourceRead } from './source-files.js';
import type { Span } from './syntax/source.js';
import type { ImportDecl, SourceFile } from './syntax/ast.js';
import { parse } from './syntax/parse.js';
import { SourceText } from './syntax/source.js';

export interface CompilerHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(file: string): string | undefined;
  /** The file's text or why it cannot be read (a device, a FIFO, too large); preferred when given. */
  readSource?(file: string, maxBytes: number): SourceRead;
}

export const nodeHost: CompilerHost = {
  readFile(file) {
    const read = readSourceFile(file, limitsFromEnvironment().maxSourceBytes);
    return 'text' in read ? read.text : undefined;
  },
  readSource: readSourceFile,
};

export interface ParsedFile {
  source: SourceText;
  ast: SourceFile;
  /** Resolved paths of the files this one imports (those that exist). */
  imports: string[];
}

export interface Program {
  entry: string;
  files: Map<string, ParsedFile>;
  diagnostics: Diagnostic[];
  /** Per file, the syntax diagnostics counted past the limit and not kept. */
  omittedDiagnostics?: Map<string, number>;
}

export function resolveImport(fromFile: string, spec: string): string {
  return path.resolve(path.dirname(fromFile), spec);
}

/** Reads through the host, holding every file to the source size limit. */
function readThroughHost(host: CompilerHost, file: string, maxBytes: number): SourceRead {
  const read = host.readSource?.(file, maxBytes);
  if (read) return read;
  const text = host.readFile(file);
  if (text === undefined) return { problem: 'missing' };
  // An editor's buffer: its length in UTF-16 units is at most its size in UTF-8 bytes.
  if (text.length > maxBytes) return { problem: 'too-large', size: Buffer.byteLength(text) };
  return { text };
}

/** Reports why a file could not be read; false when it was merely missing. */
function reportUnreadable(
  bag: DiagnosticBag,
  read: SourceRead,
  shownPath: string,
  span: Span,
  maxBytes: number,
): boolean {
  if (!('problem' in read) || read.problem === 'missing') return false;
  if (read.problem === 'not-regular') {
    bag.report(Messages.NotARegularFile, span, { path: shownPath, kind: read.kind });
  } else {
    bag.report(Messages.SourceTooLarge, span, {
      path: shownPath,
      size: formatBytes(read.size),
      limit: formatBytes(maxBytes),
      variable: limitVariables.maxSourceBytes,
    });
  }
  return true;
}

export function loadProgram(
  entry: string,
  host: CompilerHost = nodeHost,
  limits: Pick<Limits, 'maxSourceBytes' | 'maxDiagnostics'> = limitsFromEnvironment(),
): Program {
  const { maxSourceBytes, maxDiagnostics } = limits;
  const files = new Map<string, ParsedFile>();
  const diagnostics: Diagnostic[] = [];
  const omittedDiagnostics = new Map<string, number>();
  const entryPath = path.resolve(entry);
  const entryRead = readThroughHost(host, entryPath, maxSourceBytes);
  if (!('text' in entryRead)) {
    // Nothing to parse: the CLI prints this diagnostic (or "no such file" when there is none).
    const bag = new DiagnosticBag(entryPath);
    reportUnreadable(bag, entryRead, entry, { start: 0, end: 0 }, maxSourceBytes);
    return { entry: entryPath, files, diagnostics: bag.items };
  }
  const text = entryRead.text;

  const visit = (file: string, fileText: string, stack: string[]): void => {
    const source = new SourceText(file, fileText);
    const parsed = parse(source, maxDiagnostics);
    // Not `push(...list)`: 200 000 arguments overflow the stack.
    for (const d of parsed.diagnostics) diagnostics.push(d);
    if (parsed.omitted > 0) omittedDiagnostics.set(file, parsed.omitted);
    const record: ParsedFile = { source, ast: parsed.value, imports: [] };
    files.set(file, record);
    const bag = new DiagnosticBag(file);
    for (const decl of parsed.value.declarations) {
      if (decl.kind !== 'Import') continue;
      const target = resolveImport(file, decl.path.value);
      if (stack.includes(target) || target === file) {
        const cycle = [...stack.slice(stack.indexOf(target)), file, target].map((f) =>
          path.basename(f),
        );
        bag.report(Messages.CyclicImport, decl.path.span, { cycle: cycle.join(' → ') });
        continue;
      }
      if (files.has(target)) {
        record.imports.push(target);
        continue;
      }
      const imported = readThroughHost(host, target, maxSourceBytes);
      if (!('text' in imported)) {
        if (!reportUnreadable(bag, imported, decl.path.value, decl.path.span, maxSourceBytes))
          reportMissing(bag, decl);
        continue;
      }
      record.imports.push(target);
      visit(target, imported.text, [...stack, file]);
    }
    for (const d of bag.items) diagnostics.push(d);
  };
  visit(entryPath, text, []);
  return { entry: entryPath, files, diagnostics, omittedDiagnostics };
}

function reportMissing(bag: DiagnosticBag, decl: ImportDecl): void {
  bag.report(Messages.ImportNotFound, decl.path.span, { path: decl.path.value });
}
