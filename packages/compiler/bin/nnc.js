#!/usr/bin/env node
// The `nnc` command: loads the TypeScript sources through tsx, so it runs straight after install.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
