// The one place that knows the order of the stages: load (parse + imports) → check (names, args,
// shapes, params, train runs). Later stages (lowering, passes, code generation) join here.
// Never throws: an exception from a stage is a compiler bug, reported as NN9001 with the file.

import { createCatalogue } from './catalogue/index.js';
import type { Catalogue } from './catalogue/types.js';
import { checkProgram, type CheckedProgram } from './check/index.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { Messages } from './diagnostics/messages.js';
import { loadProgram, nodeHost, type CompilerHost, type Program } from './program.js';
import type { SourceText } from './syntax/source.js';

export interface CheckOptions {
  host?: CompilerHost;
  catalogue?: Catalogue;
}

export interface CheckResult {
  /** Undefined only when the entry file could not be read. */
  checked?: CheckedProgram;
  program?: Program;
  diagnostics: Diagnostic[];
  sources: Map<string, SourceText>;
}

let defaultCatalogue: Catalogue | undefined;

/** The catalogue of the built-in vocabulary, built once. */
export function builtinCatalogue(): Catalogue {
  defaultCatalogue ??= createCatalogue();
  return defaultCatalogue;
}

export function checkFile(file: string, options: CheckOptions = {}): CheckResult {
  const catalogue = options.catalogue ?? builtinCatalogue();
  const sources = new Map<string, SourceText>();
  let program: Program | undefined;
  try {
    program = loadProgram(file, options.host ?? nodeHost);
    for (const [path, parsed] of program.files) sources.set(path, parsed.source);
    const checked = checkProgram(program, catalogue);
    return { checked, program, diagnostics: sortDiagnostics(checked.diagnostics), sources };
  } catch (error) {
    const bag = new DiagnosticBag(program?.entry ?? file);
    const detail =
      error instanceof Error
        ? `${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 4).join('\n')}` : ''}`
        : String(error);
    bag.report(Messages.InternalError, { start: 0, end: 0 }, { detail });
    return {
      ...(program ? { program } : {}),
      diagnostics: [...(program?.diagnostics ?? []), ...bag.items],
      sources,
    };
  }
}
