#!/usr/bin/env node
// The `nnet-lsp` command (`nnet-lsp --stdio`): loads the TypeScript sources through tsx, so it runs
// straight after install, and serves the language server over stdin/stdout.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
main(process.argv.slice(2));
