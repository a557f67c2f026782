// What every feature handler is given: the document store, the analyzer, the workspace index and
// the catalogue, and `document(uri)`: the current text, AST and analysis of one document. Features
// read; only server.ts changes documents.

import type { Catalogue, Convention, SourceFile, SourceText } from '@nnet/compiler';
import { fileOf, type Analysis, type Analyzer } from './analysis.js';
import type { FileStore } from './files.js';
import type { WorkspaceIndex } from './workspace-index.js';

export interface DocumentState {
  uri: string;
  path: string;
  source: SourceText;
  ast: SourceFile;
  analysis: Analysis;
}

export interface ClientSupport {
  snippets: boolean;
}

/** The user's settings (`nnet.parameterConvention`, `nnet.inlayHints.enabled`). */
export interface ServerSettings {
  convention: Convention;
  inlayHints: boolean;
}

export class ServerContext {
  readonly catalogue: Catalogue;
  support: ClientSupport = { snippets: true };
  settings: ServerSettings = { convention: 'keras', inlayHints: true };

  constructor(
    readonly files: FileStore,
    readonly analyzer: Analyzer,
    readonly index: WorkspaceIndex,
    readonly log: (message: string) => void,
  ) {
    this.catalogue = analyzer.catalogue;
  }

  /** The document as it is now, checked with everything it imports; undefined if unreadable. */
  document(uri: string): DocumentState | undefined {
    const path = this.files.pathOf(uri);
    const analysis = this.analyzer.analyze(path);
    const file = fileOf(analysis, path);
    if (!file) return undefined;
    return { uri, path, source: file.source, ast: file.ast, analysis };
  }

  /**
   * Fresh analyses that include `path`: its own, then each open document's that reads it, then
   * (with `workspace`) every workspace file importing it — where its blocks are instantiated.
   */
  analysesIncluding(path: string, workspace = false): Analysis[] {
    const entries = new Set<string>([path]);
    for (const open of this.files.openFiles()) {
      if (open.path !== path && this.analyzer.analyze(open.path).versions.has(path))
        entries.add(open.path);
    }
    if (workspace) for (const importer of this.index.importersOf(path)) entries.add(importer);
    return [...entries]
      .map((entry) => this.analyzer.analyze(entry))
      .filter((a) => a.versions.has(path));
  }
}
