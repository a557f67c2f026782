// Diagnostics as data: every stage returns `{ value, diagnostics }` and reports user errors here,
// never by throwing. A diagnostic is built from a catalogue entry (messages.ts), so codes stay unique.

import type { Span } from '../syntax/source.js';

export type Severity = 'error' | 'warning' | 'info';

/** One text edit of a quick fix. */
export interface TextEdit {
  /** The file the edit applies to; the diagnostic's own file when absent. */
  file?: string;
  span: Span;
  newText: string;
}

/** A fix the editor can apply (the LSP turns these into code actions one to one). */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedInformation {
  file: string;
  span: Span;
  message: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  /** One sentence naming the thing, what was expected and what was found. */
  message: string;
  /** How to fix it, when known. */
  help?: string;
  file: string;
  span: Span;
  related?: RelatedInformation[];
  fixes?: Fix[];
}

/** A catalogue entry: one code, one severity, one way of wording the message from its arguments. */
export interface MessageSpec<A> {
  code: string;
  severity: Severity;
  /** A short title for documentation and the list of codes. */
  title: string;
  message(args: A): string;
  help?(args: A): string | undefined;
}

export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export interface ReportOptions {
  help?: string;
  related?: RelatedInformation[];
  fixes?: Fix[];
}

/**
 * Collects the diagnostics of one stage for one file. With a limit, it keeps distinct diagnostics
 * up to the limit and only counts the rest (`omitted`), so hostile input cannot fill the memory.
 */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  /** Distinct diagnostics reported past the limit. */
  omitted = 0;
  private omittedErrors = false;
  private readonly seen = new Set<string>();

  constructor(
    readonly file: string,
    readonly limit = Infinity,
  ) {}

  /** True once the bag keeps no more diagnostics: costly suggestions can be skipped. */
  get full(): boolean {
    return this.items.length >= this.limit;
  }

  report<A>(spec: MessageSpec<A>, span: Span, args: A, options: ReportOptions = {}): Diagnostic {
    const help = options.help ?? spec.help?.(args);
    const diagnostic: Diagnostic = {
      code: spec.code,
      severity: spec.severity,
      message: spec.message(args),
      file: this.file,
      span,
      ...(help ? { help } : {}),
      ...(options.related?.length ? { related: options.related } : {}),
      ...(options.fixes?.length ? { fixes: options.fixes } : {}),
    };
    if (this.limit !== Infinity) {
      // Repeats and block instances report the same text many times: count each once.
      const key = `${span.start}:${span.end}:${diagnostic.code}:${diagnostic.message}`;
      if (this.seen.has(key)) return diagnostic;
      this.seen.add(key);
      // A budget's own diagnostic (NN50xx) is kept past the limit: it says why checking stopped.
      if (this.full && !isBudgetDiagnostic(diagnostic)) {
        this.omitted++;
        if (diagnostic.severity === 'error') this.omittedErrors = true;
        return diagnostic;
      }
    }
    this.items.push(diagnostic);
    return diagnostic;
  }

  get hasErrors(): boolean {
    return this.omittedErrors || this.items.some((d) => d.severity === 'error');
  }
}

/** The NN50xx diagnostics of docs/limits.md, which the diagnostics-per-file limit never hides. */
export function isBudgetDiagnostic(diagnostic: Diagnostic): boolean {
  return diagnostic.code.startsWith('NN50');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts diagnostics by file, then position, then code: the order every printer uses. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      a.code.localeCompare(b.code),
  );
}
