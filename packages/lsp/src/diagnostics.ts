// Compiler diagnostics → LSP diagnostics, one to one (code, severity, range, help, related places).
// Each open document's check contributes diagnostics to every file its program read; a file shows
// the union of the contributions, so an error in an imported block shows in the block's file too.

import { Messages, type Diagnostic as CompilerDiagnostic, type SourceText } from '@nnet/compiler';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import type { FileStore, FileVersion } from './files.js';
import { rangeOf } from './positions.js';

const unnecessary = new Set([Messages.UnusedConst.code, Messages.UnusedValue.code]);

const severities = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

export function toLspDiagnostic(
  d: CompilerDiagnostic,
  source: SourceText,
  files: FileStore,
  sourceOf: (file: string) => SourceText | undefined,
): Diagnostic {
  const related = (d.related ?? []).flatMap((r) => {
    const relatedSource = r.file === d.file ? source : sourceOf(r.file);
    return relatedSource
      ? [
          {
            location: { uri: files.uriOf(r.file), range: rangeOf(relatedSource, r.span) },
            message: r.message,
          },
        ]
      : [];
  });
  return {
    range: rangeOf(source, d.span),
    severity: severities[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'nnet',
    message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
    ...(related.length ? { relatedInformation: related } : {}),
    ...(unnecessary.has(d.code) ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}

/** One entry's check: its diagnostics by file, and the version of each file it read. */
interface Contribution {
  byFile: Map<string, CompilerDiagnostic[]>;
  versions: ReadonlyMap<string, FileVersion>;
}

/** Which entry contributed which diagnostics to which file, and what each file was last shown. */
export class DiagnosticsBoard {
  private readonly contributions = new Map<string, Contribution>();
  private readonly published = new Set<string>();

  /** Records an entry's analysis; returns the files whose diagnostics may have changed. */
  record(analysis: Analysis): string[] {
    const byFile = new Map<string, CompilerDiagnostic[]>();
    for (const file of analysis.result.program?.files.keys() ?? [analysis.entry])
      byFile.set(file, []);
    byFile.set(analysis.entry, byFile.get(analysis.entry) ?? []);
    for (const d of analysis.result.diagnostics) {
      const list = byFile.get(d.file);
      if (list) list.push(d);
      else byFile.set(d.file, [d]);
    }
    const previous = this.contributions.get(analysis.entry)?.byFile;
    this.contributions.set(analysis.entry, { byFile, versions: analysis.versions });
    return [...new Set([...byFile.keys(), ...(previous?.keys() ?? [])])];
  }

  /** Forgets a closed entry; returns the files it contributed to. */
  remove(entry: string): string[] {
    const previous = this.contributions.get(entry)?.byFile;
    this.contributions.delete(entry);
    return [...(previous?.keys() ?? [])];
  }

  /**
   * The union of every entry's diagnostics for `file` at `version`, each once. An entry that read
   * another version of the file (it is checked again: the edit scheduled it) adds nothing yet: its
   * places would be in a text no longer shown.
   */
  diagnosticsFor(file: string, version: FileVersion): CompilerDiagnostic[] | undefined {
    const seen = new Set<string>();
    const out: CompilerDiagnostic[] = [];
    let any = false;
    for (const { byFile, versions } of this.contributions.values()) {
      const list = byFile.get(file);
      if (!list) continue;
      const read = versions.get(file);
      if (read !== undefined && read !== 'missing' && read !== version) continue;
      any = true;
      for (const d of list) {
        const key = `${d.code}:${d.span.start}:${d.span.end}:${d.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(d);
      }
    }
    if (!any) return this.published.has(file) ? [] : undefined;
    return out;
  }

  markPublished(file: string, nonEmpty: boolean): void {
    if (nonEmpty) this.published.add(file);
    else this.published.delete(file);
  }
}
