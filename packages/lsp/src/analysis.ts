// Checked programs per entry file, cached until a file they read changes. Takes the document store;
// produces `Analysis` values (the compiler's CheckResult plus the versions it read). A request always
// gets an analysis of the text as it is now: a stale one is re-checked on the spot.

import {
  builtinCatalogue,
  checkFile,
  sortDiagnostics,
  type Catalogue,
  type CheckResult,
  type Diagnostic,
  type SourceFile,
  type SourceText,
} from '@nnet/compiler';
import type { DataFileHost } from '@nnet/compiler/data-files';
import type { FileStore, FileVersion } from './files.js';

/**
 * Reads a checked program's data files (a missing CSV, its columns against the model's input). The
 * Node server passes the compiler's `checkDataFiles`; the browser's playground has no data files.
 */
export type DataFileCheck = (result: CheckResult, host: DataFileHost) => Diagnostic[];

export interface Analysis {
  entry: string;
  result: CheckResult;
  /** Every file the check read, with the version it read (`missing` when it did not exist). */
  versions: Map<string, FileVersion>;
  /** Those of `result.diagnostics` about the runs' data files (what `nnc check` reads too). */
  dataDiagnostics: readonly Diagnostic[];
}

export class Analyzer {
  readonly catalogue: Catalogue = builtinCatalogue();
  private readonly cache = new Map<string, Analysis>();

  constructor(
    private readonly files: FileStore,
    private readonly dataFiles?: DataFileCheck,
  ) {}

  /** The analysis of `entry` for the current text of every file it reads. */
  analyze(entry: string): Analysis {
    return this.analyzeUnlessInterrupted(entry)!;
  }

  /**
   * Like analyze, but a check that `interrupted` stops (newer input is waiting: the next edit, a
   * request) is dropped, not cached: undefined, and the caller checks again later.
   */
  analyzeUnlessInterrupted(entry: string, interrupted?: () => boolean): Analysis | undefined {
    const cached = this.cache.get(entry);
    if (cached && this.isFresh(cached)) return cached;
    let stopped = false;
    const shouldStop = interrupted && (() => (stopped ||= interrupted()));
    const versions = new Map<string, FileVersion>();
    const host = {
      readFile: (file: string) => {
        const text = this.files.readFile(file);
        versions.set(file, text === undefined ? 'missing' : this.files.version(file));
        return text;
      },
      // Says why a file cannot be read (a device, a FIFO, too large), never blocking on it.
      readSource: (file: string, maxBytes: number) => {
        const read = this.files.readSource(file, maxBytes);
        versions.set(file, 'text' in read ? this.files.version(file) : 'missing');
        return read;
      },
    };
    const result = checkFile(entry, {
      host,
      catalogue: this.catalogue,
      timeBudgetMs: checkTimeBudgetMs(),
      ...(shouldStop ? { shouldStop } : {}),
    });
    if (stopped) return undefined;
    const dataDiagnostics =
      this.dataFiles && result.checked?.runs.length
        ? this.addDataDiagnostics(result, versions)
        : [];
    const analysis: Analysis = { entry, result, versions, dataDiagnostics };
    this.cache.set(entry, analysis);
    return analysis;
  }

  /** The data files' diagnostics, with each file read recorded so that a change re-checks. */
  private addDataDiagnostics(
    result: CheckResult,
    versions: Map<string, FileVersion>,
  ): Diagnostic[] {
    const files = this.files;
    const seen = (file: string, exists: boolean) => {
      if (!versions.has(file)) versions.set(file, exists ? files.version(file) : 'missing');
    };
    const host: DataFileHost = {
      exists: (file) => {
        const exists = files.get(file) !== undefined || files.fileSystem.stamp(file) !== undefined;
        seen(file, exists);
        return exists;
      },
      listFolder: (folder) => files.fileSystem.listFolder(folder)?.map((entry) => entry.name),
      readText: (file, maxBytes) => {
        const read = files.readSource(file, maxBytes);
        seen(file, 'text' in read);
        return read;
      },
      stamp: (file) => {
        const open = files.get(file);
        return open ? `open:${open.document.version}` : files.fileSystem.stamp(file);
      },
    };
    const found = this.dataFiles!(result, host);
    if (found.length > 0) result.diagnostics = sortDiagnostics([...result.diagnostics, ...found]);
    return found;
  }

  isFresh(analysis: Analysis): boolean {
    for (const [file, version] of analysis.versions) {
      const now = this.files.version(file);
      if (version === 'missing' ? this.files.get(file) !== undefined : version !== now)
        return false;
    }
    return true;
  }

  /** Cached analyses (fresh or not) whose program read `file`: the entries a change to it affects. */
  entriesReading(file: string): string[] {
    return [...this.cache.values()].filter((a) => a.versions.has(file)).map((a) => a.entry);
  }

  forget(entry: string): void {
    this.cache.delete(entry);
  }

  /** Drops every analysis that read a file from disk (after the disk changed under us). */
  forgetDiskReaders(): void {
    for (const [entry, analysis] of this.cache) {
      if ([...analysis.versions.values()].some((v) => v === 'disk' || v === 'missing'))
        this.cache.delete(entry);
    }
  }
}

/** The parsed AST and source of one file of an analysis. */
export function fileOf(
  analysis: Analysis,
  file: string,
): { ast: SourceFile; source: SourceText } | undefined {
  const parsed = analysis.result.program?.files.get(file);
  return parsed ? { ast: parsed.ast, source: parsed.source } : undefined;
}

/**
 * The editor's time budget for one check (docs/limits.md): `NNET_LSP_CHECK_SECONDS`, 2 s by
 * default. Past it the check stops with NN5009, so hover and completion keep answering.
 */
export function checkTimeBudgetMs(): number {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } })
    .process?.env;
  const seconds = Number(environment?.NNET_LSP_CHECK_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 2000;
}
