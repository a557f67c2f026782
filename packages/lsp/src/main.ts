// The `nnet-lsp` process: serves the language server over stdio (`--stdio`, the default) or the
// transport the client names (`--node-ipc`, `--socket=N`). Uncaught errors are logged, never fatal.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

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
  const connection = otherTransport
    ? createConnection(ProposedFeatures.all)
    : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  process.on('uncaughtException', (error) =>
    connection.console.error(`nnet-lsp: uncaught ${error.stack ?? error.message}`),
  );
  process.on('unhandledRejection', (reason) =>
    connection.console.error(`nnet-lsp: unhandled rejection ${String(reason)}`),
  );
  startServer(connection);
}
