// The language server: takes an LSP connection, keeps the open documents, re-checks each open
// document (and every open document importing it) after a debounce, publishes diagnostics, and
// routes every request to its feature. Every handler catches its own errors: it logs and answers
// empty, so the server never stops answering. A background check stops when the host signals
// newer input (`pendingInput`), so the next edit or request never waits behind it; no check
// runs or publishes while an edit the host has counted (`receivedEdits`) is not handled yet.

import { checkFile } from '@nnet/compiler';
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { Analyzer, type DataFileCheck } from './analysis.js';
import { ServerContext } from './context.js';
import { DiagnosticsBoard, toLspDiagnostic } from './diagnostics.js';
import { EditCounter } from './edit-counter.js';
import type { ServerFileSystem } from './file-system.js';
import { FileStore } from './files.js';
import { nodeFileSystem } from './node-file-system.js';
import { WorkspaceIndex } from './workspace-index.js';
import { codeActions } from './features/code-actions.js';
import { trainRunsAt } from './features/train-runs.js';
import { modelsAt } from './features/model-at.js';
import { modelIr, type TargetsByName } from './features/ir-view.js';
import { codeLenses, modelGraph, modelSummary } from './features/code-lens.js';
import { completion } from './features/completion.js';
import { foldingRanges } from './features/folding.js';
import { formatDocument, formatRange, formatterAvailable } from './features/formatting.js';
import { hover } from './features/hover.js';
import { inlayHints } from './features/inlay-hints.js';
import {
  definition,
  documentHighlight,
  prepareRename,
  references,
  rename,
} from './features/navigation.js';
import { semanticTokens, semanticTokensLegend } from './features/semantic-tokens.js';
import { signatureHelp } from './features/signature-help.js';
import { documentSymbols, workspaceSymbols } from './features/symbols.js';

export interface ServerOptions {
  /** Quiet time after an edit before the document is re-checked (ms). */
  debounceMs?: number;
  /** Where files that are not open documents are read: the disk unless given (the browser's memory). */
  fileSystem?: ServerFileSystem;
  /**
   * A counter the host increases whenever new input for this server is waiting (an edit, a
   * request). A background check polls it and stops when it moves; the input is handled and the
   * check runs again. Hosts that only see input between checks (stdio) leave it out: their checks
   * end at the time budget instead.
   */
  pendingInput?: () => number;
  /**
   * How many document edits (didOpen, didChange, didClose) the host has received, counted as each
   * arrives, before the server handles it. While it is ahead of the edits the server has handled,
   * an edit is on its way and any check would read the text it replaces: checks wait for it, so
   * diagnostics are never published for a text already replaced (then the new ones).
   */
  receivedEdits?: () => number;
  /** Reads the train runs' data files (the Node server: the compiler's `checkDataFiles`). */
  dataFiles?: DataFileCheck;
  /**
   * The compiler's targets by name (`@nnet/compiler/targets`), for `nnet/ir`; left out where their
   * emitters would weigh on the bundle (the browser), which then answers null.
   */
  targets?: TargetsByName;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const files = new FileStore(options.fileSystem ?? nodeFileSystem);
  const analyzer = new Analyzer(files, options.dataFiles);
  const index = new WorkspaceIndex(files);
  const log = (message: string) => connection.console.error(message);
  const ctx = new ServerContext(files, analyzer, index, log);
  const board = new DiagnosticsBoard();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let debounceMs = options.debounceMs ?? 100;
  let refreshSupport = { inlayHints: false, codeLens: false, semanticTokens: false };

  /** Wraps a handler: exceptions are logged and answered with `fallback`. */
  const safe =
    <P, R>(name: string, fallback: R, handler: (params: P) => R) =>
    (params: P): R => {
      try {
        return handler(params);
      } catch (error) {
        log(
          `nnet-lsp: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        return fallback;
      }
    };

  /**
   * Publishes what every check says of `file`'s current text (with the document's version): a
   * check of another version is left out until it runs again, so a published version never goes back.
   */
  const publish = (file: string) => {
    const version = files.version(file);
    const diagnostics = board.diagnosticsFor(file, version);
    if (!diagnostics) return;
    const source = files.source(file);
    const converted = source
      ? diagnostics.map((d) => toLspDiagnostic(d, source, files, (f) => files.source(f)))
      : [];
    board.markPublished(file, converted.length > 0);
    const open = files.get(file);
    void connection.sendDiagnostics({
      uri: files.uriOf(file),
      ...(open ? { version: open.document.version } : {}),
      diagnostics: converted,
    });
  };

  const edits = new EditCounter(
    options.receivedEdits,
    (entries) => {
      for (const entry of entries) schedule(entry);
    },
    log,
  );

  const check = safe('check', undefined, (entry: string) => {
    if (!files.get(entry)) return;
    // An edit is on its way: its handler re-checks what it changes, and releases this entry.
    if (edits.waiting()) return edits.hold(entry);
    const pendingInput = options.pendingInput;
    const startedAt = pendingInput?.();
    const interrupted =
      pendingInput || options.receivedEdits
        ? () => (pendingInput !== undefined && pendingInput() !== startedAt) || edits.waiting()
        : undefined;
    const analysis = analyzer.analyzeUnlessInterrupted(entry, interrupted);
    // Newer input arrived mid-check (or after its last look): it is handled first.
    if (edits.waiting()) return edits.hold(entry);
    if (!analysis) return schedule(entry);
    for (const file of board.record(analysis)) publish(file);
  });

  const schedule = (entry: string, delay = debounceMs) => {
    clearTimeout(timers.get(entry));
    timers.set(
      entry,
      setTimeout(() => {
        timers.delete(entry);
        check(entry);
      }, delay),
    );
  };

  /** Re-checks the file if open, and every open document whose program read it. */
  const fileChanged = (file: string, delay = debounceMs) => {
    const entries = new Set(analyzer.entriesReading(file).filter((e) => files.get(e)));
    if (files.get(file)) entries.add(file);
    for (const entry of entries) schedule(entry, delay);
    if ([...entries].some((e) => e !== file)) setTimeout(refreshViews, delay + 10);
  };

  const refreshViews = () => {
    if (refreshSupport.inlayHints)
      void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (refreshSupport.codeLens)
      void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (refreshSupport.semanticTokens)
      void connection.languages.semanticTokens.refresh().catch(() => undefined);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const roots = (params.workspaceFolders ?? []).map((f) => files.pathOf(f.uri));
    if (roots.length === 0 && params.rootUri) roots.push(files.pathOf(params.rootUri));
    index.setRoots(roots);
    const init = params.initializationOptions as
      ({ debounceMs?: unknown } & SettingsInput) | undefined;
    if (typeof init?.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    applySettings(ctx, init);
    const caps = params.capabilities ?? {};
    ctx.support = {
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport ?? false,
    };
    refreshSupport = {
      inlayHints: caps.workspace?.inlayHint?.refreshSupport ?? false,
      codeLens: caps.workspace?.codeLens?.refreshSupport ?? false,
      semanticTokens: caps.workspace?.semanticTokens?.refreshSupport ?? false,
    };
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['(', ',', '=', '>', '"', '[', '{'] },
      signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: ['=', ' '] },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentHighlightProvider: true,
      documentSymbolProvider: { label: 'nnet' },
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      semanticTokensProvider: { legend: semanticTokensLegend, full: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: true,
      ...(formatterAvailable()
        ? { documentFormattingProvider: true, documentRangeFormattingProvider: true }
        : {}),
    };
    return { capabilities, serverInfo: { name: 'nnet-lsp', version: '0.1.0' } };
  });

  // Builds the parser and warms the checker before the first document arrives.
  connection.onInitialized(
    safe('initialized', undefined, () => {
      setTimeout(() => {
        const warmUp = '/__nnet_warm_up__/a.nnet';
        checkFile(warmUp, {
          host: {
            readFile: (f) =>
              f === warmUp ? 'model M {\n  input x: [2]\n  dense(2, relu)\n}\n' : undefined,
          },
        });
      }, 0);
    }),
  );

  // `settings.nnet` from the client: the convention and inlay hints change what views show.
  connection.onDidChangeConfiguration(
    safe('didChangeConfiguration', undefined, (params) => {
      const settings = (params.settings as { nnet?: SettingsInput } | undefined)?.nnet;
      if (settings) {
        applySettings(ctx, settings);
        refreshViews();
      }
    }),
  );

  connection.onDidOpenTextDocument(
    safe('didOpen', undefined, (params) => {
      edits.handled();
      const { uri, version, text } = params.textDocument;
      const open = files.open(uri, version, text);
      // A file that was missing (or read from disk) is now an open buffer: importers re-read it.
      for (const entry of analyzer.entriesReading(open.path))
        if (entry !== open.path) schedule(entry);
      schedule(open.path, 0);
    }),
  );

  connection.onDidChangeTextDocument(
    safe('didChange', undefined, (params) => {
      edits.handled();
      const open = files.change(
        params.textDocument.uri,
        params.textDocument.version,
        params.contentChanges,
      );
      if (open) fileChanged(open.path);
    }),
  );

  connection.onDidCloseTextDocument(
    safe('didClose', undefined, (params) => {
      edits.handled();
      const open = files.close(params.textDocument.uri);
      if (!open) return;
      clearTimeout(timers.get(open.path));
      timers.delete(open.path);
      analyzer.forget(open.path);
      for (const file of board.remove(open.path)) publish(file);
      fileChanged(open.path);
    }),
  );

  connection.onDidChangeWatchedFiles(
    safe('didChangeWatchedFiles', undefined, () => {
      analyzer.forgetDiskReaders();
      index.invalidate();
      for (const open of files.openFiles()) schedule(open.path);
    }),
  );

  connection.onHover(safe('hover', null, (p) => hover(ctx, p)));
  connection.onCompletion(safe('completion', [], (p) => completion(ctx, p)));
  connection.onSignatureHelp(safe('signatureHelp', null, (p) => signatureHelp(ctx, p)));
  connection.onDefinition(safe('definition', null, (p) => definition(ctx, p)));
  connection.onReferences(safe('references', [], (p) => references(ctx, p)));
  connection.onPrepareRename(safe('prepareRename', null, (p) => prepareRename(ctx, p)));
  connection.onRenameRequest(safe('rename', null, (p) => rename(ctx, p)));
  connection.onDocumentHighlight(safe('documentHighlight', [], (p) => documentHighlight(ctx, p)));
  connection.onDocumentSymbol(safe('documentSymbol', [], (p) => documentSymbols(ctx, p)));
  connection.onWorkspaceSymbol(safe('workspaceSymbol', [], (p) => workspaceSymbols(ctx, p)));
  connection.onFoldingRanges(safe('foldingRange', [], (p) => foldingRanges(ctx, p)));
  connection.languages.semanticTokens.on(
    safe('semanticTokens', { data: [] }, (p) => semanticTokens(ctx, p)),
  );
  connection.onCodeAction(safe('codeAction', [], (p) => codeActions(ctx, p)));
  connection.onCodeLens(safe('codeLens', [], (p) => codeLenses(ctx, p)));
  connection.languages.inlayHint.on(safe('inlayHint', [], (p) => inlayHints(ctx, p)));
  connection.onDocumentFormatting(safe('formatting', [], (p) => formatDocument(ctx, p)));
  connection.onDocumentRangeFormatting(safe('rangeFormatting', [], (p) => formatRange(ctx, p)));
  connection.onRequest(
    'nnet/summary',
    safe('nnet/summary', null, (p: { uri: string; model: string; convention?: string }) =>
      modelSummary(ctx, p),
    ),
  );
  connection.onRequest(
    'nnet/graph',
    safe('nnet/graph', null, (p: { uri: string; model: string }) => modelGraph(ctx, p)),
  );
  connection.onRequest(
    'nnet/ir',
    safe('nnet/ir', null, (p: { uri: string; model: string; target: string }) =>
      options.targets ? modelIr(ctx, options.targets, p) : null,
    ),
  );
  connection.onRequest(
    'nnet/trainRuns',
    safe('nnet/trainRuns', null, (p: { uri: string; offset?: number }) => trainRunsAt(ctx, p)),
  );
  connection.onRequest(
    'nnet/modelAt',
    safe('nnet/modelAt', null, (p: { uri: string; offset: number; convention?: string }) =>
      modelsAt(ctx, p),
    ),
  );

  connection.listen();
}

/** Settings as the client sends them (initializationOptions, or `settings.nnet`). */
interface SettingsInput {
  parameterConvention?: unknown;
  inlayHints?: { enabled?: unknown };
}

function applySettings(ctx: ServerContext, input: SettingsInput | undefined): void {
  if (input?.parameterConvention === 'keras' || input?.parameterConvention === 'torch')
    ctx.settings.convention = input.parameterConvention;
  if (typeof input?.inlayHints?.enabled === 'boolean')
    ctx.settings.inlayHints = input.inlayHints.enabled;
}
