// Hover (catalogue docs with formulas and arguments, a statement's shapes and parameters, a name's
// definition), inlay hints after layer statements, and the parameter code lens on each model.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeLens,
  Hover,
  InlayHint,
  MarkupContent,
  Position,
} from 'vscode-languageserver-protocol';
import { examplesDir, fileUri, TestClient } from './client.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.stop());

const virtual = (name: string) => fileUri(path.join('/nnet-lsp-test/hover', name));

async function hoverText(uri: string, position: Position): Promise<string | undefined> {
  const hover = await client.request<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position,
  });
  return hover ? (hover.contents as MarkupContent).value : undefined;
}

const source = `const hidden = 100

/// Two hidden layers.
block Pair(width) {
  h = dense(width, relu) -> dense(width)
  add(in, h) -> relu
}

/// The exercise.
model Exercise {
  input image: [40, 40]
  <|>flatten
  repeat 3 {
    <|>dense(<|>hidden, <|>relu)
  }
  <|>Pair(100)
  y = dense(10, use_<|>bias = false) <|>-> softmax
}

train Exercise {
  data = mnist(resize = [40, 40])
  <|>loss = <|>cross_entropy
  optimizer = <|>sgd(<|>lr = 0.1)
  metrics = [accuracy]
}
`;

describe('hover', () => {
  const uri = virtual('exercise.nnet');
  let at: Position[] = [];
  beforeAll(async () => {
    at = (await client.openMarked(uri, source)).positions;
  });

  it('on a layer: what it computes here, then its documentation with formula and arguments', async () => {
    const text = (await hoverText(uri, at[1]))!;
    expect(text).toContain('input [1600] → output [100] · 160,100 params');
    expect(text).toContain('input [100] → output [100] · 10,100 params');
    expect(text).toContain('`weights` [1600, 100], `bias` [100]');
    // Display math is shown in Unicode: editors' hovers do not render TeX.
    expect(text).toContain('`y = f(x · W + b)`');
    expect(text).not.toContain('$$');
    expect(text).not.toMatch(/\\[A-Za-z]/);
    expect(text).toContain('`units` (int ≥ 1, required)');
    expect(text).toContain('`use_bias` (bool, default `true`, by name only)');
  });

  it('on a zero-parameter layer: its shapes', async () => {
    expect(await hoverText(uri, at[0])).toContain('input [40, 40] → output [1600] · 0 params');
  });

  it('on an activation argument: the activation with its formula', async () => {
    const text = (await hoverText(uri, at[3]))!;
    expect(text).toContain('**relu**');
    expect(text).toContain('`f(x) = max(0, x)`');
    expect(text).toContain("`f'(x) = (1 if x > 0; 0 if x ≤ 0)`");
    expect(text).not.toMatch(/\\[A-Za-z]/);
  });

  it('on a const: its definition', async () => {
    expect(await hoverText(uri, at[2])).toContain('const hidden = 100');
  });

  it('on a block call: the block, its doc comment and the instance’s shapes and parameters', async () => {
    const text = (await hoverText(uri, at[4]))!;
    expect(text).toContain('block Pair(width)');
    expect(text).toContain('Two hidden layers.');
    expect(text).toContain('input [100] → output [100] · 20,200 params');
  });

  it('on a named argument: the parameter it sets', async () => {
    const text = (await hoverText(uri, at[5]))!;
    expect(text).toContain('**use_bias = true** of `dense`');
    expect(text).toContain('learned bias');
  });

  it('on a statement: its input and output shapes and parameters', async () => {
    const text = (await hoverText(uri, at[6]))!;
    expect(text).toContain('input [100] → output [10] · 1,000 params');
  });

  it('on train settings, losses and optimizers: their documentation', async () => {
    expect(await hoverText(uri, at[7])).toContain('*train setting* **loss**');
    expect(await hoverText(uri, at[8])).toContain('p - y');
    const sgd = (await hoverText(uri, at[9]))!;
    expect(sgd).toContain('*optimizer* **sgd**');
    expect(sgd).toContain('`momentum`');
    expect(await hoverText(uri, at[10])).toContain('Learning rate');
  });

  it('on a model name: its doc comment and totals', async () => {
    const text = (await hoverText(uri, { line: 9, character: 8 }))!;
    expect(text).toContain('The exercise.');
    expect(text).toContain('201,500 params (201,500 trainable, 0 non-trainable)');
    expect(text).toContain('outputs: [10]');
  });

  it('on whitespace or past the end: nothing, without error', async () => {
    expect(await hoverText(uri, { line: 1, character: 0 })).toBeUndefined();
    expect(await hoverText(uri, { line: 500, character: 80 })).toBeUndefined();
  });
});

describe('inlay hints', () => {
  it('show the output shape and parameters after each layer statement, ×N for equal repeats', async () => {
    const uri = fileUri(path.join(examplesDir, 'residual.nnet'));
    await client.openMarked(uri, fs.readFileSync(path.join(examplesDir, 'residual.nnet'), 'utf8'));
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } },
    });
    const labels = hints.map((h) => `${h.position.line}: ${h.label as string}`);
    expect(labels).toContain('26: → [64] · 8,320 params ×4'); // repeat 4 { ResidualDense(64) }
    expect(labels).toContain('28: → [10] · 650 params');
    expect(labels).toContain('46: → [96]'); // concat: no parameters
    // Inside the block: what each instance computes (all four agree).
    expect(labels).toContain('18: → [64] · 8,320 params');
  });

  it('show a shared layer’s weights once, on its definition, and 0 on its uses', async () => {
    const uri = fileUri(path.join(examplesDir, 'siamese.nnet'));
    await client.openMarked(uri, fs.readFileSync(path.join(examplesDir, 'siamese.nnet'), 'utf8'));
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    const byLine = new Map(hints.map((h) => [h.position.line, h.label as string]));
    expect(byLine.get(15)).toBe('→ [32] · 544 params'); // shared encoder = dense(32, relu)
    expect(byLine.get(16)).toBe('→ [32] · 544 params'); // ea = a -> encoder: the owner
    expect(byLine.get(17)).toBe('→ [32]'); // eb = b -> encoder: the same weights
    expect(byLine.get(18)).toBe('→ [1] · 1,057 params');
  });

  it('show graph and position layers’ shapes and counts', async () => {
    const uri = fileUri(path.join(examplesDir, 'karate-gcn.nnet'));
    await client.openMarked(
      uri,
      fs.readFileSync(path.join(examplesDir, 'karate-gcn.nnet'), 'utf8'),
    );
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    const labels = hints.map((h) => h.label as string);
    expect(labels).toEqual(['→ [34, 16] · 560 params', '→ [34, 2] · 34 params']);
  });

  it('show attention with a padding mask, and the graph source’s doc on hover', async () => {
    const uri = virtual('padded.nnet');
    const { positions } = await client.openMarked(
      uri,
      [
        'model Padded {',
        '  input ids: int[5]',
        '  x = ids -> embedding(6, 4)',
        '  h = x -> attention(2, padding = ids)',
        '  h -> globalavgpool -> dense(2, softmax)',
        '}',
        'train Padded { data = kar<|>ate_club(); loss = cross_entropy }',
      ].join('\n'),
    );
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
    });
    const byLine = new Map(hints.map((h) => [h.position.line, h.label as string]));
    expect(byLine.get(3)).toBe('→ [5, 4] · 80 params'); // 4d² + 4d with d = 4, the ids add none
    expect(await hoverText(uri, positions[0])).toMatch(/Zachary's karate club/);
  });

  it('show tied weights: the decoder counts its bias, not the kernel it reads', async () => {
    const uri = fileUri(path.join(examplesDir, 'tied-autoencoder.nnet'));
    const text = fs.readFileSync(path.join(examplesDir, 'tied-autoencoder.nnet'), 'utf8');
    await client.openMarked(uri, text);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    const lines = text.split('\n');
    const byLine = new Map(hints.map((h) => [lines[h.position.line].trim(), h.label as string]));
    expect(byLine.get('decoder = code -> dense_transposed(second, relu)')).toBe(
      '→ [128] · 128 params',
    );
    expect(byLine.get('reconstruction = decoder -> dense_transposed(first, sigmoid)')).toBe(
      '→ [784] · 784 params',
    );
  });

  it('total the copies when a repeat’s copies differ', async () => {
    const uri = virtual('exercise.nnet');
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
    });
    const byLine = new Map(hints.map((h) => [h.position.line, h.label as string]));
    expect(byLine.get(11)).toBe('→ [1600]');
    expect(byLine.get(13)).toBe('→ [100] · 180,300 params in 3 copies');
    expect(byLine.get(15)).toBe('→ [100] · 20,200 params');
    expect(byLine.get(16)).toBe('→ [10] · 1,000 params');
    expect(hints.find((h) => h.position.line === 13)?.position.character).toBe(
      '    dense(hidden, relu)'.length,
    );
  });

  it('in a library file: what the blocks compute where an importer instantiates them', async () => {
    const importer = fileUri(path.join(examplesDir, 'imports.nnet'));
    await client.openMarked(
      importer,
      fs.readFileSync(path.join(examplesDir, 'imports.nnet'), 'utf8'),
    );
    const uri = fileUri(path.join(examplesDir, 'blocks.nnet'));
    await client.openMarked(uri, fs.readFileSync(path.join(examplesDir, 'blocks.nnet'), 'utf8'));
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
    });
    // Short enough not to be cut by the editor (VS Code shows 43 characters); the tooltip says
    // which copy computes what.
    const hint = hints.find((h) => h.label === '→ [14, 14, 32] … [7, 7, 64] (2 copies)');
    expect(hint).toBeDefined();
    expect((hint!.label as string).length).toBeLessThanOrEqual(43);
    const tooltip = (hint!.tooltip as { value: string }).value;
    expect(tooltip).toMatch(/1\. `DownBlock` \(imports\.nnet:\d+\) → \[14, 14, 32\] · 448 params/);
    expect(tooltip).toMatch(
      /2\. `DownBlock_1` \(imports\.nnet:\d+\) → \[7, 7, 64\] · 18,752 params/,
    );
  });
});

describe('code lens', () => {
  it('shows total and trainable parameters on each model, with the summary and diagram commands', async () => {
    const uri = fileUri(path.join(examplesDir, 'imports.nnet'));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    expect(lenses.map((l) => l.command?.title)).toEqual([
      '220,874 params · 220,554 trainable',
      'Show diagram',
    ]);
    expect(lenses[0].command).toMatchObject({
      command: 'nnet.showSummary',
      arguments: [uri, 'SmallCnn'],
    });
    expect(lenses[1].command).toMatchObject({
      command: 'nnet.showDiagram',
      arguments: [uri, 'SmallCnn'],
    });
    expect(lenses[0].range.start.line).toBe(20);
  });

  it('answers nnet/summary and nnet/graph for the extension’s commands', async () => {
    const uri = fileUri(path.join(examplesDir, 'imports.nnet'));
    const summary = await client.request<{ text: string; markdown: string }>('nnet/summary', {
      uri,
      model: 'SmallCnn',
    });
    expect(summary.text).toContain('220,874');
    const torch = await client.request<{ text: string; json: { convention: string } }>(
      'nnet/summary',
      { uri, model: 'SmallCnn', convention: 'torch' },
    );
    expect(torch.json.convention).toBe('torch');
    expect(torch.text).not.toEqual(summary.text);
    const graph = await client.request<{ nodes: { name: string; kind: string }[]; svg: string }>(
      'nnet/graph',
      { uri, model: 'SmallCnn' },
    );
    expect(graph.nodes[0]).toMatchObject({ kind: 'conv2d' });
    // The same diagram `nnc graph` draws, with a clickable box per layer.
    expect(graph.svg.startsWith('<svg')).toBe(true);
    expect(graph.svg.match(/data-node="\d+"/g)).toHaveLength(graph.nodes.length);
    expect(await client.request('nnet/summary', { uri, model: 'Missing' })).toBeNull();
  });
});

describe('hover on an ensemble', () => {
  it('on its name in a train run: the declaration, its doc and rounds × learner + α', async () => {
    const uri = virtual('ensemble.nnet');
    const text = [
      'model Weak {',
      '  input x: [2]',
      '  perceptron(1)',
      '}',
      '/// Boosted perceptrons.',
      'ensemble Boosted = adaboost(rounds = 12) of <|>Weak',
      'train <|>Boosted { data = moons; loss = perceptron; optimizer = perceptron(rate = 1) }',
      '',
    ].join('\n');
    const at = (await client.openMarked(uri, text)).positions;
    const onRun = await hoverText(uri, at[1]);
    expect(onRun).toContain('ensemble Boosted = adaboost(rounds = 12) of Weak');
    expect(onRun).toContain('Boosted perceptrons.');
    expect(onRun).toContain('48 params at most: 12 × 3 (`Weak`) + 12 α');
    expect(onRun).toContain('Voting for 2 classes');
    // The learner's name goes to the model.
    expect(await hoverText(uri, at[0])).toContain('3 params');
  });

  it('counts a learner with model arguments as given, not with the model defaults', async () => {
    const uri = virtual('ensemble-arguments.nnet');
    const text = [
      'model Mlp(width = 16) {',
      '  input x: [2]',
      '  dense(width, relu)',
      '  dense(1, sigmoid)',
      '}',
      'ensemble Boosted = adaboost(rounds = 4) of Mlp(width = 2)',
      'train <|>Boosted { data = moons; loss = binary_cross_entropy; optimizer = adam }',
      '',
    ].join('\n');
    const at = (await client.openMarked(uri, text)).positions;
    // Mlp(width = 2): 2 × 2 + 2 + 2 + 1 = 9 parameters a learner.
    expect(await hoverText(uri, at[0])).toContain(
      '40 params at most: 4 × 9 (`Mlp(width = 2)`) + 4 α',
    );
  });
});
