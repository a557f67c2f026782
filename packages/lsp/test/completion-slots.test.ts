// Completion that knows the slot: activations at a positional activation slot or after
// `activation =`, no argument already given (by name or by position), one entry per layer, only
// settings inside `train { }`, and signature help opened after a layer is accepted.

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { fileUri, TestClient } from './client.js';

let client: TestClient;
let count = 0;
// Starting the server transpiles its sources: slow on a busy machine.
beforeAll(async () => {
  client = await TestClient.start();
}, 60_000);
afterAll(() => client.stop());

async function complete(input: string): Promise<CompletionItem[]> {
  const uri = fileUri(path.join('/nnet-lsp-test/completion-slots', `c${count++}.nnet`));
  const { position } = await client.openMarked(uri, input);
  const result = await client.request<CompletionItem[] | CompletionList>(
    'textDocument/completion',
    { textDocument: { uri }, position },
  );
  return Array.isArray(result) ? result : result.items;
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const inModel = (line: string, input = '[4]') => `model M {\n  input x: ${input}\n  ${line}\n}\n`;
/** Labels in the order an editor shows them (by sort text). */
const sorted = (items: CompletionItem[]) =>
  [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);

describe('completion in an argument slot', () => {
  it('at the activation slot of `dense(64, |)`: activations first, and not `units =` again', async () => {
    const items = await complete(inModel('dense(64, <|>)'));
    const names = labels(items);
    expect(names).toEqual(expect.arrayContaining(['relu', 'softmax', 'tanh']));
    expect(names).not.toContain('units =');
    expect(names).toContain('use_bias =');
    expect(sorted(items)[0]).not.toMatch(/ =$/);
  });

  it('while typing in the activation slot: still the activations', async () => {
    const names = labels(await complete(inModel('dense(64, re<|>)')));
    expect(names).toEqual(expect.arrayContaining(['relu', 'selu']));
    expect(names).not.toContain('units =');
  });

  it('after `activation =`: the activations only', async () => {
    const names = labels(await complete(inModel('dense(64, activation = <|>)')));
    expect(names).toEqual(expect.arrayContaining(['relu', 'sigmoid', 'gelu']));
    expect(names.filter((n) => n.endsWith(' ='))).toEqual([]);
  });

  it('omits arguments given by position and by name', async () => {
    const names = labels(
      await complete(inModel('conv2d(8, 3, padding = "same", <|>)', '[8, 8, 1]')),
    );
    expect(names).not.toContain('filters =');
    expect(names).not.toContain('kernel =');
    expect(names).not.toContain('padding =');
    expect(names).toEqual(expect.arrayContaining(['strides =', 'use_bias =', 'relu']));
  });
});

describe('completion entries', () => {
  it('one entry per layer at a statement', async () => {
    const names = labels(await complete(inModel('<|>')));
    for (const layer of ['dense', 'conv2d', 'lstm'])
      expect(names.filter((n) => n === layer || n.startsWith(`${layer} `))).toEqual([layer]);
  });

  it('in a train run: only its settings, no model or layer snippets', async () => {
    const names = labels(
      await complete(
        'model M {\n  input x: [2]\n  dense(1)\n}\ntrain M {\n  data = xor\n  <|>\n}\n',
      ),
    );
    expect(names).toEqual(expect.arrayContaining(['loss', 'optimizer', 'epochs']));
    for (const absent of ['model', 'block', 'train', 'dense', 'conv2d', 'input', 'repeat'])
      expect(names).not.toContain(absent);
  });

  it('a layer with arguments opens signature help once accepted', async () => {
    const items = await complete(inModel('<|>'));
    const dense = items.find((i) => i.label === 'dense')!;
    expect(dense.command?.command).toBe('editor.action.triggerParameterHints');
    const flatten = items.find((i) => i.label === 'flatten')!;
    expect(flatten.command).toBeUndefined();
  });
});
