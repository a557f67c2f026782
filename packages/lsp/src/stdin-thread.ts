// The Node server's input read on a thread of its own: a worker thread splits stdin into LSP
// messages and passes each to the server's thread, bumping a shared counter first for every edit
// and request, so a check in progress sees that input is waiting (startServer's `pendingInput`),
// and a second one for every document edit (open, change, close: startServer's `receivedEdits`).

import { Worker } from 'node:worker_threads';
import {
  AbstractMessageReader,
  type DataCallback,
  type Disposable,
  type Message,
} from 'vscode-languageserver/node';

/**
 * The reader thread's code (CommonJS, run with `eval` so the bundled server needs no second file):
 * reads fd 0, splits `Content-Length` frames, parses each and posts it.
 */
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const counter = new Int32Array(workerData.counter);
let buffer = Buffer.alloc(0);
// A pipe or socket is read without blocking (epoll), so no thread waits in read() at exit; a file
// (stdin redirected from one) through the file system.
let input;
try {
  input = new (require('node:net').Socket)({ fd: 0, readable: true, writable: false });
} catch {
  input = fs.createReadStream('', { fd: 0, autoClose: false });
}
input.on('data', (chunk) => {
  buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\\r\\n\\r\\n');
    if (headerEnd < 0) return;
    const length = /content-length:\\s*(\\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'));
    if (!length) {
      parentPort.postMessage({ error: 'a message header without Content-Length' });
      buffer = buffer.subarray(headerEnd + 4);
      continue;
    }
    const end = headerEnd + 4 + Number(length[1]);
    if (buffer.length < end) return;
    const body = buffer.subarray(headerEnd + 4, end).toString('utf8');
    buffer = buffer.subarray(end);
    let message;
    try {
      message = JSON.parse(body);
    } catch (error) {
      parentPort.postMessage({ error: 'a message that is not JSON: ' + error.message });
      continue;
    }
    if (message && (message.method === 'textDocument/didChange' || (message.id !== undefined && message.method)))
      Atomics.add(counter, 0, 1);
    if (message && /^textDocument\\/did(Open|Change|Close)$/.test(message.method))
      Atomics.add(counter, 1, 1);
    parentPort.postMessage({ message });
  }
});
input.on('end', () => parentPort.postMessage({ end: true }));
input.on('error', (error) => parentPort.postMessage({ error: String(error), end: true }));
`;

type ThreadReport = { message?: Message; error?: string; end?: boolean };

/** Messages from the reader thread, in order; those that arrive before `listen` wait for it. */
class ThreadMessageReader extends AbstractMessageReader {
  private callback: DataCallback | undefined;
  private readonly waiting: Message[] = [];

  constructor(worker: Worker) {
    super();
    worker.on('message', (report: ThreadReport) => {
      if (report.message !== undefined) {
        if (this.callback) this.callback(report.message);
        else this.waiting.push(report.message);
      }
      if (report.error !== undefined) this.fireError(new Error(`nnet-lsp: stdin: ${report.error}`));
      if (report.end) this.fireClose();
    });
    worker.on('error', (error) => {
      this.fireError(error);
      this.fireClose();
    });
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    for (const message of this.waiting.splice(0)) callback(message);
    return { dispose: () => (this.callback = undefined) };
  }
}

/** Starts the reader thread: the server's message reader and its pending-input counter. */
export function readStdinOnThread(): {
  reader: AbstractMessageReader;
  pendingInput: () => number;
  receivedEdits: () => number;
} {
  // [0]: edits and requests received; [1]: document edits received.
  const shared = new SharedArrayBuffer(8);
  const counter = new Int32Array(shared);
  const worker = new Worker(READER_SOURCE, { eval: true, workerData: { counter: shared } });
  // The thread keeps the process alive while stdin is open, as process.stdin did; its end exits.
  return {
    reader: new ThreadMessageReader(worker),
    pendingInput: () => Atomics.load(counter, 0),
    receivedEdits: () => Atomics.load(counter, 1),
  };
}
