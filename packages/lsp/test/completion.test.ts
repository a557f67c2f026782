// Completion in context (layers with snippets, arguments and their values, activations, losses,
// optimizers, metrics, data sources, train settings, named values, consts, blocks and models) and
// signature help inside argument lists.

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList, SignatureHelp } from 'vscode-languageserver-protocol';
import { fileUri, TestClient } from './client.js';

let client: TestClient;
let count = 0;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.stop());

/** Opens `input` as a fresh document and completes at its `<|>`. */
async function complete(input: string): Promise<CompletionItem[]> {
  const uri = fileUri(path.join('/nnet-lsp-test/completion', `c${count++}.nnet`));
  const { position } = await client.openMarked(uri, input);
  const result = await client.request<CompletionItem[] | CompletionList>(
    'textDocument/completion',
    { textDocument: { uri }, position },
  );
  return Array.isArray(result) ? result : result.items;
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

async function signature(input: string): Promise<SignatureHelp | null> {
  const uri = fileUri(path.join('/nnet-lsp-test/completion', `s${count++}.nnet`));
  const { position } = await client.openMarked(uri, input);
  return client.request<SignatureHelp | null>('textDocument/signatureHelp', {
    textDocument: { uri },
    position,
  });
}

describe('completion', () => {
  it('at the top level: the declaration keywords', async () => {
    expect(labels(await complete('<|>'))).toEqual([
      'model',
      'model with parameters',
      'block',
      'conv block',
      'train',
      'train as',
      'const',
      'import',
    ]);
  });

  it('at a statement in a model: layers with argument snippets, activations, blocks, values, keywords', async () => {
    const items = await complete(
      'block Pair(width) {\n  dense(width)\n}\nmodel M {\n  input x: [4]\n  <|>\n}\n',
    );
    const names = labels(items);
    expect(names).toEqual(
      expect.arrayContaining([
        'dense',
        'conv2d',
        'lstm',
        'relu',
        'softmax',
        'linear',
        'Pair',
        'x',
        'input',
        'repeat',
      ]),
    );
    const dense = items.find((i) => i.label === 'dense')!;
    expect(dense.textEdit).toMatchObject({ newText: 'dense(${1:units})' });
    expect(dense.insertTextFormat).toBe(2);
    expect(dense.detail).toContain('Fully connected');
    expect(items.find((i) => i.label === 'Pair')?.textEdit).toMatchObject({
      newText: 'Pair(${1:width})',
    });
    expect(items.find((i) => i.label === 'add')?.textEdit).toMatchObject({
      newText: 'add(${1:a}, ${2:b})',
    });
  });

  it('after `->`: layers and activations, not values or keywords', async () => {
    const names = labels(
      await complete('model M {\n  input x: [4]\n  h = dense(3)\n  h -> <|>\n}\n'),
    );
    expect(names).toContain('dropout');
    expect(names).toContain('tanh');
    expect(names).not.toContain('h');
    expect(names).not.toContain('repeat');
  });

  it('in a block: the input `in`, the parameters in arguments', async () => {
    expect(labels(await complete('block B(width) {\n  <|>\n}\n'))).toContain('in');
    const inArgs = labels(await complete('const k = 3\nblock B(width) {\n  dense(<|>)\n}\n'));
    expect(inArgs).toEqual(expect.arrayContaining(['units =', 'width', 'k']));
    expect(inArgs).not.toContain('relu');
  });

  it('in an argument list: argument names not yet given, the activation shorthand, enum values', async () => {
    const names = labels(await complete('model M {\n  input x: [4]\n  dense(3, <|>)\n}\n'));
    expect(names).toEqual(
      expect.arrayContaining(['activation =', 'use_bias =', 'relu', 'sigmoid']),
    );
    expect(
      labels(await complete('model M {\n  input x: [4, 4, 1]\n  conv2d(8, 3, padding = <|>)\n}\n')),
    ).toEqual(['"valid"', '"same"']);
    expect(
      labels(
        await complete('model M {\n  input x: [4, 4, 1]\n  conv2d(8, 3, padding = "<|>")\n}\n'),
      ),
    ).toEqual(['valid', 'same']);
    expect(
      labels(await complete('model M {\n  input x: [4]\n  dense(3, use_bias = <|>)\n}\n')),
    ).toEqual(['true', 'false']);
  });

  it('in a merge: the named values', async () => {
    const names = labels(
      await complete(
        'model M {\n  input x: [4]\n  a = dense(2)\n  b = x -> dense(2)\n  add(a, <|>)\n}\n',
      ),
    );
    expect(names).toEqual(expect.arrayContaining(['x', 'a', 'b']));
  });

  it('in a train run: the settings not yet written, then what each setting takes', async () => {
    const settings = labels(
      await complete('model M {\n  input x: [2]\n}\ntrain M {\n  data = xor\n  <|>\n}\n'),
    );
    expect(settings).toEqual(expect.arrayContaining(['loss', 'optimizer', 'epochs', 'early_stop']));
    expect(settings).not.toContain('data');
    const train = (setting: string) =>
      complete(`model M {\n  input x: [2]\n}\ntrain M {\n  ${setting}\n}\n`);
    expect(labels(await train('loss = <|>'))).toEqual(
      expect.arrayContaining(['mse', 'cross_entropy', 'binary_cross_entropy']),
    );
    expect(labels(await train('optimizer = <|>'))).toEqual(
      expect.arrayContaining(['sgd', 'adam', 'rmsprop']),
    );
    expect(labels(await train('optimizer = sgd(<|>)'))).toEqual(
      expect.arrayContaining(['lr =', 'momentum =', 'nesterov =']),
    );
    expect(labels(await train('data = <|>'))).toEqual(
      expect.arrayContaining(['xor', 'spiral', 'mnist', 'csv']),
    );
    expect(labels(await train('metrics = [<|>]'))).toEqual(
      expect.arrayContaining(['accuracy', 'top_k', 'auc']),
    );
    expect(labels(await train('shuffle = <|>'))).toEqual(['true', 'false']);
    expect(labels(await train('metrics = [accuracy]\n  early_stop = { monitor = <|> }'))).toEqual(
      expect.arrayContaining(['val_loss', 'val_accuracy', 'loss']),
    );
  });

  it('right after a trigger character, inserts a space first', async () => {
    const items = await complete('model M {\n  input x: [2]\n}\ntrain M {\n  loss =<|>\n}\n');
    expect(items.find((i) => i.label === 'mse')?.textEdit).toMatchObject({ newText: ' mse' });
  });

  it('after `train`: the models', async () => {
    expect(labels(await complete('model Mlp {\n  input x: [2]\n}\ntrain <|>'))).toEqual(['Mlp']);
  });

  it('in `with { … }`: the layer’s weights, init and trainable; initializers after `init =`', async () => {
    expect(
      labels(await complete('model M {\n  input x: [2]\n  dense(2) with { <|> }\n}\n')),
    ).toEqual(['weights', 'bias', 'init', 'trainable']);
    expect(
      labels(await complete('model M {\n  input x: [2]\n  dense(2) with { init = <|> }\n}\n')),
    ).toEqual(expect.arrayContaining(['he_normal', 'glorot_uniform', 'zeros']));
  });

  it('in a repeat count and a const: the consts', async () => {
    expect(
      labels(await complete('const depth = 3\nmodel M {\n  input x: [2]\n  repeat <|>\n}\n')),
    ).toContain('depth');
  });

  it('nothing in a comment', async () => {
    expect(await complete('// dense<|>\n')).toEqual([]);
  });
});

describe('signature help', () => {
  it('shows a layer’s parameters with the active one', async () => {
    const help = (await signature('model M {\n  input x: [4, 4, 1]\n  conv2d(8, <|>\n}\n'))!;
    expect(help.signatures[0].label).toBe(
      'conv2d(filters, kernel, activation?, strides = 1, padding = "valid", dilation = 1, use_bias = true)',
    );
    expect(help.activeParameter).toBe(1);
    expect(help.signatures[0].parameters?.[1].documentation).toBeTruthy();
  });

  it('follows named arguments and the activation shorthand', async () => {
    expect(
      (await signature('model M {\n  input x: [4]\n  dense(3, use_bias = <|>)\n}\n'))
        ?.activeParameter,
    ).toBe(2);
    // `use_bias` is by name only: no parameter takes a third positional argument.
    const third = (await signature('model M {\n  input x: [4]\n  dense(3, relu, <|>)\n}\n'))!;
    expect(third.activeParameter).toBe(third.signatures[0].parameters!.length);
  });

  it('for blocks, optimizers and data sources too', async () => {
    expect(
      (
        await signature(
          'block B(width, depth = 2) {\n  dense(width)\n}\nmodel M {\n  input x: [4]\n  B(4, <|>)\n}\n',
        )
      )?.signatures[0].label,
    ).toBe('B(width, depth = 2)');
    expect(
      (
        await signature(
          'model M {\n  input x: [2]\n}\ntrain M {\n  optimizer = sgd(lr = 0.1, <|>)\n}\n',
        )
      )?.signatures[0].label,
    ).toContain('sgd(lr = 0.01, momentum');
  });

  it('nothing outside an argument list', async () => {
    expect(await signature('model M {\n  input x: [4]\n  dense(3) <|>\n}\n')).toBeNull();
  });
});
