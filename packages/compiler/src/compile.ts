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
    // One sentence for the user; `NNET_DEBUG=1` adds where it happened, for whoever fixes it.
    const where =
      process.env.NNET_DEBUG && error instanceof Error && error.stack
        ? ` (${error.stack.split('\n')[1]?.trim()})`
        : '';
    const detail = `${error instanceof Error ? error.message : String(error)}${where}`;
    bag.report(Messages.InternalError, { start: 0, end: 0 }, { detail });
    return {
      ...(program ? { program } : {}),
      diagnostics: [...(program?.diagnostics ?? []), ...bag.items],
      sources,
    };
  }
}
