#!/usr/bin/env node
// The `nnet-lsp` command (`nnet-lsp --stdio`): runs the built JavaScript in ../dist (built by
// `tsc -b` at install, or by `corepack pnpm build`) and serves the language server over stdio.
import { main } from '../dist/main.js';

main(process.argv.slice(2));
