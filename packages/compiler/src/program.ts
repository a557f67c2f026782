// Loads a program: parses the entry file and, transitively, every file it imports (paths relative
// to the importing file), through a host so the CLI reads the disk and the editor its open buffers.
// Missing files and import cycles are diagnostics at the `import` that causes them.

import * as path from 'node:path';
import * as fs from 'node:fs';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { DiagnosticBag } from './diagnostics/diagnostic.js';
import { Messages } from './diagnostics/messages.js';
import type { ImportDecl, SourceFile } from './syntax/ast.js';
import { parse } from './syntax/parse.js';
import { SourceText } from './syntax/source.js';

export interface CompilerHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(file: string): string | undefined;
}

export const nodeHost: CompilerHost = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
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
}

export function resolveImport(fromFile: string, spec: string): string {
  return path.resolve(path.dirname(fromFile), spec);
}

export function loadProgram(entry: string, host: CompilerHost = nodeHost): Program {
  const files = new Map<string, ParsedFile>();
  const diagnostics: Diagnostic[] = [];
  const entryPath = path.resolve(entry);
  const text = host.readFile(entryPath);
  if (text === undefined) {
    return { entry: entryPath, files, diagnostics };
  }

  const visit = (file: string, fileText: string, stack: string[]): void => {
    const source = new SourceText(file, fileText);
    const parsed = parse(source);
    diagnostics.push(...parsed.diagnostics);
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
      const importedText = host.readFile(target);
      if (importedText === undefined) {
        reportMissing(bag, decl);
        continue;
      }
      record.imports.push(target);
      visit(target, importedText, [...stack, file]);
    }
    diagnostics.push(...bag.items);
  };
  visit(entryPath, text, []);
  return { entry: entryPath, files, diagnostics };
}

function reportMissing(bag: DiagnosticBag, decl: ImportDecl): void {
  bag.report(Messages.ImportNotFound, decl.path.span, { path: decl.path.value });
}
