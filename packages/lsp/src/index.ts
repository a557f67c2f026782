// The language server as a library: `startServer(connection)` serves any LSP connection, and
// `main(argv)` is the `nnet-lsp` process (stdio, or the transport the arguments name) that the
// VS Code extension bundles.

export { startServer, type ServerOptions } from './server.js';
export { main } from './main.js';
