// The language server in a Web Worker: nnet's own server (packages/lsp) over the worker's message
// port, files in memory, and a shared counter the page bumps for every edit and request so a long
// check stops for them. Adds the page's requests: the models' views and the JS for training.

import { MemoryFileSystem, startServer } from '@nnet/lsp/browser';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
} from 'vscode-languageserver/browser';
import { compileForTraining, renderViews, setLibrary } from './compile-in-worker.js';
import { DOCUMENT_PATH } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
}
const scope = self as unknown as WorkerScope;

// The first message is the page's set-up (the shared counter, the files next to the model: the
// examples); LSP messages follow.
scope.onmessage = (event: MessageEvent) => {
  scope.onmessage = null;
  const setup = event.data as {
    pendingInput?: SharedArrayBuffer;
    library?: Record<string, string>;
  };
  const buffer = setup.pendingInput;
  const folder = DOCUMENT_PATH.slice(0, DOCUMENT_PATH.lastIndexOf('/') + 1);
  const library = Object.fromEntries(
    Object.entries(setup.library ?? {}).map(([name, text]) => [folder + name, text]),
  );
  setLibrary(library);
  const counter = buffer ? new Int32Array(buffer) : undefined;
  const connection = createConnection(
    new BrowserMessageReader(self as never),
    new BrowserMessageWriter(self as never),
  );
  connection.onRequest('playground/views', (params: { text: string }): unknown =>
    renderViews(params.text),
  );
  connection.onRequest(
    'playground/compile',
    (params: { text: string; runtimeUrl: string; model?: string }): unknown =>
      compileForTraining(params.text, params.runtimeUrl, params.model),
  );
  startServer(connection, {
    fileSystem: new MemoryFileSystem(library),
    debounceMs: 150,
    ...(counter
      ? {
          pendingInput: () => Atomics.load(counter, 0),
          receivedEdits: () => Atomics.load(counter, 1),
        }
      : {}),
  });
};
