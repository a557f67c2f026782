// The language server as a library: `startServer(connection)` serves any LSP connection (the
// VS Code extension bundles it; `nnet-lsp --stdio` runs it as a process).

export { startServer, type ServerOptions } from './server.js';
