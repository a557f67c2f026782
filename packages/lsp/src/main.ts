// The `nnet-lsp` process: serves the language server over stdio (`--stdio`, the default) or the
// transport the client names (`--node-ipc`, `--socket=N`). Over stdio a thread reads the input, so
// an edit or request interrupts a check in progress. Uncaught errors are logged, never fatal.

import { inspect } from 'node:util';
import {
  createConnection,
  ProposedFeatures,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { checkDataFiles } from '@nnet/compiler/data-files';
import { targets } from '@nnet/compiler/targets';
import { startServer } from './server.js';
import { readStdinOnThread } from './stdin-thread.js';

export function main(argv: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      'usage: nnet-lsp --stdio\n  The nnet language server, speaking LSP over stdin/stdout.\n',
    );
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write('nnet-lsp 0.1.0\n');
    return;
  }
  // vscode-languageserver reads other transports (--node-ipc, --socket, --pipe) from process.argv.
  const otherTransport = argv.some((a) => /^--(node-ipc|socket|pipe)/.test(a));
  // Over stdio the input is read on a thread of its own, so the next edit interrupts a check.
  const stdin = otherTransport ? undefined : readStdinOnThread();
  const connection = stdin
    ? createConnection(ProposedFeatures.all, stdin.reader, new StreamMessageWriter(process.stdout))
    : createConnection(ProposedFeatures.all);
  if (stdin) {
    // As with a stream: when stdin ends the server ends (0 after a shutdown request, else 1).
    let shutdownReceived = false;
    connection.onShutdown(() => {
      shutdownReceived = true;
    });
    stdin.reader.onClose(() => process.exit(shutdownReceived ? 0 : 1));
    // stdout carries the protocol: anything a library prints goes to the client's log instead.
    const toLog = (...args: unknown[]) =>
      connection.console.log(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
    console.log = console.info = console.debug = toLog;
  }
  process.on('uncaughtException', (error) =>
    connection.console.error(`nnet-lsp: uncaught ${error.stack ?? error.message}`),
  );
  process.on('unhandledRejection', (reason) =>
    connection.console.error(`nnet-lsp: unhandled rejection ${String(reason)}`),
  );
  startServer(connection, {
    dataFiles: checkDataFiles,
    targets,
    ...(stdin ? { pendingInput: stdin.pendingInput, receivedEdits: stdin.receivedEdits } : {}),
  });
}
