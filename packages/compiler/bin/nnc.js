#!/usr/bin/env node
// The `nnc` command: runs the bundled build in ../dist/nnc/ (made by scripts/build.mjs at install,
// or `corepack pnpm build`); `nnc --version` alone answers from package.json without loading it.
// Relative paths on the command line resolve against the caller's folder (see cli/main.ts).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${manifest.version}\n`);
} else {
  // `nnc eval … | head`: a reader that closes the pipe early ends the output, not with a stack trace.
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const { main } = await import('../dist/nnc/main.js');
  process.exitCode = await main(args);
}
