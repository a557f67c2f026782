// What every check of one program shares: the catalogue, the declarations visible from each file,
// one diagnostic bag per file, and the references recorded for the editor.

import type { Catalogue } from '../catalogue/types.js';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { defaultLimits, type Limits } from '../limits.js';
import type { BlockDecl, EnsembleDecl, ModelDecl, TrainDecl } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import type { ConstScope } from './values.js';

export type SymbolKind = 'const' | 'parameter' | 'value' | 'input' | 'model' | 'block' | 'run';

/** A definition the editor can jump to, rename and find references of. */
export interface SymbolDefinition {
  kind: SymbolKind;
  name: string;
  file: string;
  /** The span of the defining name. */
  span: Span;
}

export interface SymbolReference {
  file: string;
  span: Span;
  definition: SymbolDefinition;
}

export interface Declared<T> {
  decl: T;
  file: string;
}

/** Declarations visible from one file: its own and those of the files it imports. */
export interface FileScope {
  file: string;
  consts: ConstScope;
  models: Map<string, Declared<ModelDecl>>;
  blocks: Map<string, Declared<BlockDecl>>;
  runs: Declared<TrainDecl>[];
  /** `ensemble` declarations of this file (not imported: an ensemble is trained where declared). */
  ensembles?: Map<string, Declared<EnsembleDecl>>;
}

export class CheckContext {
  private readonly bags = new Map<string, DiagnosticBag>();
  readonly references: SymbolReference[] = [];
  readonly definitions: SymbolDefinition[] = [];
  private readonly seenReferences = new Set<string>();
  private readonly seenDefinitions = new Set<string>();
  /** Statement instances still allowed (`repeat` bodies and block calls, counted before expanding). */
  expansionBudget: number;
  /** `performance.now()` after which checking stops (the editor's time budget); none by default. */
  deadline = Infinity;
  /** The budget the deadline was set from, for the message. */
  timeBudgetMs = Infinity;
  /** The caller's interruption (the editor's next edit), polled with the clock. */
  shouldStop: (() => boolean) | undefined;
  private clockChecks = 0;
  private outOfTime = false;
  /** "Did you mean" for each misspelled place (`file:offset`), computed once. */
  readonly suggestions = new Map<string, string | undefined>();
  /** Which limits were already reported: each is reported once per program. */
  readonly limitsReported = new Set<string>();
  /** `file#name` of every block some model instantiated. */
  readonly instantiatedBlocks = new Set<string>();

  constructor(
    readonly catalogue: Catalogue,
    readonly scopes: Map<string, FileScope>,
    readonly limits: Limits = defaultLimits,
  ) {
    this.expansionBudget = limits.maxExpansion;
  }

  bag(file: string): DiagnosticBag {
    let bag = this.bags.get(file);
    if (!bag) {
      // Past the limit a bag only counts, so 100 000 bad lines cost no 100 000 messages.
      bag = new DiagnosticBag(file, this.limits.maxDiagnostics);
      this.bags.set(file, bag);
    }
    return bag;
  }

  define(definition: SymbolDefinition): SymbolDefinition {
    const key = `${definition.file}:${definition.span.start}:${definition.name}`;
    if (!this.seenDefinitions.has(key)) {
      this.seenDefinitions.add(key);
      this.definitions.push(definition);
    }
    return definition;
  }

  reference(file: string, span: Span, definition: SymbolDefinition): void {
    // Repeats and block instances visit the same text many times; record each place once.
    const key = `${file}:${span.start}:${span.end}`;
    if (this.seenReferences.has(key)) return;
    this.seenReferences.add(key);
    this.references.push({ file, span, definition });
  }

  /** True once the deadline has passed (the clock is read every 64 calls: it is cheap, not free). */
  timeIsUp(): boolean {
    if (this.outOfTime || (this.deadline === Infinity && !this.shouldStop)) return this.outOfTime;
    if (++this.clockChecks % 64 === 0)
      this.outOfTime = performance.now() > this.deadline || this.shouldStop?.() === true;
    return this.outOfTime;
  }

  /** Diagnostics each file's bag counted but did not keep (past the per-file limit). */
  omittedDiagnostics(): Map<string, number> {
    const omitted = new Map<string, number>();
    for (const [file, bag] of this.bags) if (bag.omitted > 0) omitted.set(file, bag.omitted);
    return omitted;
  }

  /** All diagnostics, each reported once even when a repeat or block visited its text many times. */
  diagnostics(): Diagnostic[] {
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const bag of this.bags.values()) {
      for (const d of bag.items) {
        const key = `${d.file}:${d.span.start}:${d.span.end}:${d.code}:${d.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(d);
      }
    }
    return out;
  }
}
