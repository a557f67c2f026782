// The diagram drawn from an `nnet/graph` answer: one box per input and layer, one edge per
// connection, skip connections dashed and bowed aside, outputs marked, names escaped; and the
// webview page around it allows only its own nonce'd script.

import { describe, expect, it } from 'vitest';
import { renderDiagramSvg, type GraphData } from '../src/diagram-svg.js';
import { diagramPage, fitScale, summaryPage } from '../src/webview-html.js';

const node = (name: string, kind: string, shape: string, inputs: string[], block = '') => ({
  name,
  kind,
  shape,
  inputs,
  block,
});

// The `ResidualDense` block of examples/residual.nnet, once: x → dense → h → add(x, h) → relu → dense.
const residual: GraphData = {
  model: 'Deep',
  complete: true,
  inputs: [{ name: 'x', shape: '[64]', dtype: 'float' }],
  nodes: [
    node('dense', 'dense', '[64]', ['x'], 'ResidualDense'),
    node('h', 'dense', '[64]', ['dense'], 'ResidualDense'),
    node('add', 'add', '[64]', ['x', 'h'], 'ResidualDense'),
    node('relu', 'relu', '[64]', ['add'], 'ResidualDense'),
    node('dense_1', 'dense', '[10]', ['relu']),
  ],
  outputs: ['dense_1'],
};

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('renderDiagramSvg', () => {
  it('draws a box per input and layer and an edge per connection', () => {
    const { svg, width, height } = renderDiagramSvg(residual);
    expect(count(svg, /<g class="node /g)).toBe(6);
    expect(count(svg, /<path class="edge/g)).toBe(6);
    expect(svg).toContain('>h · dense</text>');
    expect(svg).toContain('>x · input</text>');
    expect(width).toBeGreaterThan(100);
    expect(height).toBeGreaterThan(6 * 44); // six rows: the graph is a chain with one skip
  });

  it('dashes the skip connection x → add, and only it', () => {
    const { svg } = renderDiagramSvg(residual);
    expect(count(svg, /class="edge skip"/g)).toBe(1);
  });

  it('marks the output and tints the block layers', () => {
    const { svg } = renderDiagramSvg(residual);
    expect(svg).toMatch(/<g class="node layer output" data-node="4"/);
    expect(count(svg, /<rect [^>]*fill="hsla\(\d+, 55%, 50%, 0\.16\)"/g)).toBe(4);
    expect(svg).not.toContain('style='); // the webview's CSP would drop inline styles
  });

  it('puts parallel branches side by side', () => {
    const branches: GraphData = {
      model: 'TwoBranch',
      complete: true,
      inputs: [{ name: 'x', shape: '[32]', dtype: 'float' }],
      nodes: [
        node('a', 'dense', '[64]', ['x']),
        node('b', 'dense', '[32]', ['x']),
        node('merged', 'concat', '[96]', ['a', 'b']),
      ],
      outputs: ['merged'],
    };
    const { svg } = renderDiagramSvg(branches);
    const a = svg.match(/data-node="0" transform="translate\(([\d.]+),([\d.]+)\)"/)!;
    const b = svg.match(/data-node="1" transform="translate\(([\d.]+),([\d.]+)\)"/)!;
    expect(a[2]).toBe(b[2]);
    expect(Number(b[1])).toBeGreaterThan(Number(a[1]));
  });

  it('shows parameter counts when the server sends them', () => {
    const withParams: GraphData = {
      ...residual,
      nodes: residual.nodes.map((n) => (n.kind === 'dense' ? { ...n, params: 4160 } : n)),
    };
    const { svg } = renderDiagramSvg(withParams);
    expect(count(svg, />\[64\] · 4,160 params</g)).toBe(2);
    expect(svg).toContain('>[64]</text>'); // add and relu have none
  });

  it('escapes names and says when the model is incomplete', () => {
    const { svg } = renderDiagramSvg({ ...residual, model: 'A<b>&"c"', complete: false });
    expect(svg).toContain(
      '<title>A&lt;b&gt;&amp;&quot;c&quot; (incomplete: the model has errors)</title>',
    );
    expect(svg).not.toContain('A<b>');
  });
});

describe('webview pages', () => {
  it('allow only the nonce’d style and script', () => {
    const html = diagramPage('Deep', renderDiagramSvg(residual), 'NONCE123', true);
    expect(html).toContain(`script-src 'nonce-NONCE123'`);
    expect(html).toContain('<script nonce="NONCE123">');
    expect(html).not.toMatch(/<script(?! nonce="NONCE123")/);
    expect(html).toContain("postMessage({ type: 'reveal'");
  });

  it('fits a tall diagram by its height and a wide one by its width, never enlarging', () => {
    expect(fitScale(200, 3000, 800, 600)).toBeCloseTo(0.2);
    expect(fitScale(3000, 200, 800, 600)).toBeCloseTo(800 / 3000);
    expect(fitScale(100, 100, 800, 600)).toBe(1);
    expect(fitScale(0, 0, 800, 600)).toBe(1);
    // The page's Fit button uses this very function.
    const html = diagramPage('Deep', renderDiagramSvg(residual), 'n', true);
    expect(html).toContain('const fitScale = function fitScale(');
    expect(html).toContain('window.innerHeight');
  });

  it('warns on an incomplete model, and a summary page has no script at all', () => {
    expect(diagramPage('M', renderDiagramSvg(residual), 'n', false)).toContain(
      'The model has errors',
    );
    const summary = summaryPage('Exercise', '<table></table>', 'n', 'Computed in the editor.');
    expect(summary).not.toContain('<script');
    expect(summary).toContain('Computed in the editor.');
  });
});
