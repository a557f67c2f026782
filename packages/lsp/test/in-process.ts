// The language server started in this process over a pair of in-memory streams, with a JSON-RPC
// client on the other end: initialized, every published diagnostic and log line recorded in order,
// and stopped by `stopInProcessServers` (call it after each test).

import { PassThrough } from 'node:stream';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer, type ServerOptions } from '../src/browser.js';

let running: (() => void)[] = [];

export function stopInProcessServers(): void {
  for (const stop of running) stop();
  running = [];
}

export async function startInProcess(
  options: ServerOptions,
  rootUri: string | null = null,
): Promise<{
  client: MessageConnection;
  published: PublishDiagnosticsParams[];
  /** Everything the client received, in order: `diagnostics` or the log message. */
  events: string[];
}> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(
    new StreamMessageReader(toServer),
    new StreamMessageWriter(toClient),
  );
  startServer(serverConnection, options);
  const client = createMessageConnection(
    new StreamMessageReader(toClient),
    new StreamMessageWriter(toServer),
  );
  const published: PublishDiagnosticsParams[] = [];
  const events: string[] = [];
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    events.push('diagnostics');
  });
  client.onNotification('window/logMessage', (p: { message: string }) => {
    events.push(p.message);
  });
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri, capabilities: {} });
  client.sendNotification('initialized', {});
  running.push(() => {
    client.dispose();
    serverConnection.dispose();
  });
  return { client, published, events };
}
