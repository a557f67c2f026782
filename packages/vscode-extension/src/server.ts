// The entry of the bundled language server (dist/server.cjs): runs packages/lsp's `main` with the
// process arguments, so it serves LSP over the transport VS Code names (`--node-ipc`) or over
// stdio (`--stdio`, as `nnet-lsp --stdio` does). The bundle needs no node_modules at run time.

// `main` is not exported from @nnet/lsp's public entry (index.ts) yet; import its file directly.
import { main } from '../../lsp/src/main.js';

main(process.argv.slice(2));
