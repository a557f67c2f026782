// The extension's declarations agree with its code: contributed and registered commands match, the
// commands the language server puts in code lenses exist, menus name real commands, the files
// package.json points at exist and parse; snippets are the language server's (tested there).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const manifest = readJson('package.json');
const contributed: string[] = manifest.contributes.commands.map(
  (c: { command: string }) => c.command,
);

function sourcesUnder(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

describe('package.json', () => {
  it('contributes exactly the commands extension.ts registers', () => {
    const registered = [
      ...fs
        .readFileSync(path.join(root, 'src', 'extension.ts'), 'utf8')
        .matchAll(/registerCommand\('([^']+)'/g),
    ].map((m) => m[1]);
    expect(registered.sort()).toEqual([...contributed].sort());
    expect(contributed).toEqual(
      expect.arrayContaining(['nnet.showSummary', 'nnet.showDiagram', 'nnet.trainRun']),
    );
  });

  it('contributes every command the language server references', () => {
    const lspSources = sourcesUnder(path.join(root, '..', 'lsp', 'src'));
    const referenced = [
      ...new Set([...lspSources.matchAll(/command: '(nnet\.[A-Za-z]+)'/g)].map((m) => m[1])),
    ];
    expect(referenced).toContain('nnet.showSummary');
    expect(contributed).toEqual(expect.arrayContaining(referenced));
  });

  it('names only contributed commands in its menus', () => {
    const inMenus = Object.values(
      manifest.contributes.menus as Record<string, { command: string }[]>,
    )
      .flat()
      .map((m) => m.command);
    expect(inMenus.length).toBeGreaterThan(0);
    for (const command of inMenus) expect(contributed).toContain(command);
  });

  it('points at files that exist and parse', () => {
    const language = manifest.contributes.languages[0];
    expect(language).toMatchObject({ id: 'nnet', extensions: ['.nnet'] });
    const config = readJson(language.configuration);
    expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    for (const rule of config.onEnterRules) new RegExp(rule.beforeText);
    expect(readJson(manifest.contributes.grammars[0].path).scopeName).toBe(
      manifest.contributes.grammars[0].scopeName,
    );
    // Snippets come from the language server's completion, where they fit the position.
    expect(manifest.contributes.snippets).toBeUndefined();
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(manifest.activationEvents).toEqual(['onLanguage:nnet']);
  });

  it('declares the settings the extension reads', () => {
    const properties = manifest.contributes.configuration.properties;
    expect(properties['nnet.parameterConvention']).toMatchObject({
      enum: ['keras', 'torch'],
      default: 'keras',
    });
    expect(properties['nnet.inlayHints.enabled']).toMatchObject({ type: 'boolean', default: true });
    expect(properties['nnet.trace.server'].enum).toEqual(['off', 'messages', 'verbose']);
    const read = [...sourcesUnder(path.join(root, 'src')).matchAll(/get<\w+>\('([^']+)'/g)].map(
      (m) => `nnet.${m[1]}`,
    );
    for (const key of read) expect(Object.keys(properties)).toContain(key);
    // Empty: the workspace's nnc, else the bundled one (train-command.ts); never `npx` of a name.
    expect(properties['nnet.train.command'].default).toBe('');
  });

  it('targets a VS Code no older than the @types/vscode it compiles against', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '');
    const types = manifest.devDependencies['@types/vscode'].replace(/^[~^]/, '');
    const [eMajor, eMinor] = engine.split('.').map(Number);
    const [tMajor, tMinor] = types.split('.').map(Number);
    expect(tMajor * 1000 + tMinor).toBeLessThanOrEqual(eMajor * 1000 + eMinor);
  });
});
