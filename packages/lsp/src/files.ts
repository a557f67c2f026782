// The document store: the text of every open document (kept in sync with incremental changes) and
// the mapping between LSP URIs and the file paths the compiler uses. Reading a file gives the open
// document's text first, then the file system's (the disk, or memory in the browser), so the
// compiler always sees what the user sees.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  limitsFromEnvironment,
  SourceText,
  type CompilerHost,
  type SourceRead,
} from '@nnet/compiler';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { ServerFileSystem } from './file-system.js';

export interface OpenFile {
  uri: string;
  path: string;
  document: TextDocument;
  source: SourceText;
}

/** The version a file was read at: an open document's version, or `disk`. */
export type FileVersion = string;

export class FileStore implements CompilerHost {
  private readonly byPath = new Map<string, OpenFile>();
  private readonly pathByUri = new Map<string, string>();

  constructor(readonly fileSystem: ServerFileSystem) {}

  pathOf(uri: string): string {
    const known = this.pathByUri.get(uri);
    if (known) return known;
    if (uri.startsWith('file:')) {
      try {
        return path.resolve(fileURLToPath(uri));
      } catch {
        // fall through to a virtual path
      }
    }
    // Untitled and other non-file documents live in a virtual folder no import can reach.
    return path.resolve('/', '__nnet_virtual__', encodeURIComponent(uri));
  }

  uriOf(file: string): string {
    return this.byPath.get(file)?.uri ?? pathToFileURL(file).href;
  }

  open(uri: string, version: number, text: string): OpenFile {
    const file = this.pathOf(uri);
    const document = TextDocument.create(uri, 'nnet', version, text);
    const open: OpenFile = { uri, path: file, document, source: new SourceText(file, text) };
    this.byPath.set(file, open);
    this.pathByUri.set(uri, file);
    return open;
  }

  change(
    uri: string,
    version: number,
    changes: TextDocumentContentChangeEvent[],
  ): OpenFile | undefined {
    const open = this.byUri(uri);
    if (!open) return undefined;
    open.document = TextDocument.update(open.document, changes, version);
    open.source = new SourceText(open.path, open.document.getText());
    return open;
  }

  close(uri: string): OpenFile | undefined {
    const open = this.byUri(uri);
    if (!open) return undefined;
    this.byPath.delete(open.path);
    this.pathByUri.delete(uri);
    return open;
  }

  byUri(uri: string): OpenFile | undefined {
    const file = this.pathByUri.get(uri);
    return file === undefined ? undefined : this.byPath.get(file);
  }

  get(file: string): OpenFile | undefined {
    return this.byPath.get(file);
  }

  openFiles(): OpenFile[] {
    return [...this.byPath.values()];
  }

  readFile(file: string): string | undefined {
    const read = this.readSource(file, limitsFromEnvironment().maxSourceBytes);
    return 'text' in read ? read.text : undefined;
  }

  /** An open document's text, else the file system's: only a regular file, only up to `maxBytes`. */
  readSource(file: string, maxBytes: number): SourceRead {
    const open = this.byPath.get(file);
    if (open) return { text: open.source.text };
    return this.fileSystem.readSource(file, maxBytes);
  }

  version(file: string): FileVersion {
    const open = this.byPath.get(file);
    return open ? `v${open.document.version}` : 'disk';
  }

  /** The text of a file as a SourceText (open document or disk), for position conversions. */
  source(file: string): SourceText | undefined {
    const open = this.byPath.get(file);
    if (open) return open.source;
    const text = this.readFile(file);
    return text === undefined ? undefined : new SourceText(file, text);
  }
}
