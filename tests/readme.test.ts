// The README says what the tools do: where `corepack pnpm package` writes the .vsix (the path the
// package script really writes to), and that `nnc fmt` rewrites files in place, as its --help says.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../packages/compiler/test/run-nnc.js';
import { repoRoot } from './golden.js';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

describe('README', () => {
  it('gives the .vsix at the path `corepack pnpm package` writes it to', () => {
    const extension = path.join(repoRoot, 'packages/vscode-extension');
    const manifest = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8')) as {
      scripts: { package: string };
    };
    const output = /\s-o\s+(\S+)/.exec(manifest.scripts.package)?.[1];
    expect(output).toBeDefined();
    const written = path.relative(repoRoot, path.join(extension, output!));
    const mentions = [...readme.matchAll(/`([^`\s]*nnet\.vsix)`/g)].map((m) => m[1]);
    expect(mentions.length).toBeGreaterThan(0);
    for (const mention of mentions) expect(mention).toMatch(new RegExp(`(^|\\s)${written}$`));
  });

  it('describes `nnc fmt` as rewriting in place, like `nnc fmt --help`', async () => {
    const help = await runNnc(repoRoot, 'fmt', '--help');
    expect(help.stdout).toMatch(/in place/);
    const paragraph = readme.split('\n\n').find((p) => p.includes('`nnc fmt'));
    expect(paragraph?.replace(/\s+/g, ' ')).toMatch(/`nnc fmt FILE…` rewrites files in place/);
    expect(paragraph).not.toMatch(/prints files/);
  });
});
