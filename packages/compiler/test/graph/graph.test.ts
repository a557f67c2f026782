// The network diagram: well-formed, self-contained SVG with one box per layer and input, one edge
// per data-flow connection, one cluster per block instance, every text escaped, a layout without
// overlaps; golden SVGs for two examples; and `nnc graph` end to end.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile } from '../../src/compile.js';
import type { ModelGraph } from '../../src/check/graph.js';
import { buildDiagram, type Diagram } from '../../src/graph/diagram.js';
import { layoutDiagram } from '../../src/graph/layout.js';
import { renderDiagramSvg, renderModelSvg } from '../../src/graph/svg.js';
import { escapeXml, formatCount } from '../../src/graph/text.js';
import { summarize } from '../../src/summary/summary.js';
import { allText, checkXml, type XmlElement } from './xml.js';
import { runNnc } from '../run-nnc.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const goldenDir = path.join(repoRoot, 'tests/examples/graphs');

function modelsOf(file: string, host?: { readFile(f: string): string | undefined }): ModelGraph[] {
  const result = checkFile(path.resolve(repoRoot, file), host ? { host } : {});
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const checked = result.checked!;
  return checked.models.filter((m) => m.location.file === checked.program.entry);
}

function svgOf(graph: ModelGraph): string {
  return renderModelSvg(graph, summarize(graph, builtinCatalogue()));
}

function parse(svg: string): XmlElement[] {
  const check = checkXml(svg);
  expect(check.problems).toEqual([]);
  expect(check.root?.name).toBe('svg');
  return check.elements;
}

/** The text a box shows: without its tooltip. */
const shownText = (element: XmlElement): string =>
  element.text.replace(/\n/g, '') +
  element.children
    .filter((e) => e.name !== 'title')
    .map(shownText)
    .join('');

const withClass = (elements: XmlElement[], name: string, className: string) =>
  elements.filter(
    (e) => e.name === name && (e.attributes.class ?? '').split(' ').includes(className),
  );

/** Golden files: written when missing or with UPDATE_GOLDEN=1; a reviewer reads the diff. */
function expectGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI)
      throw new Error(`golden file ${path.relative(repoRoot, file)} is missing`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  expect(
    actual,
    `golden ${path.relative(repoRoot, file)} differs (UPDATE_GOLDEN=1 rewrites it)`,
  ).toBe(fs.readFileSync(file, 'utf8'));
}

const drawn = [
  'examples/residual.nnet',
  'examples/mnist-cnn.nnet',
  'examples/imports.nnet',
  'examples/lstm-text.nnet',
  'examples/autoencoder.nnet',
  'tests/architectures/vgg16.nnet',
  'tests/architectures/pytorch-cifar-net.nnet',
];

describe('the SVG of a model', () => {
  for (const file of drawn) {
    for (const graph of modelsOf(file)) {
      it(`${file} ${graph.name}: one box per layer and input, one edge per connection, one cluster per block`, () => {
        const svg = svgOf(graph);
        const elements = parse(svg);
        expect(withClass(elements, 'g', 'layer')).toHaveLength(graph.nodes.length);
        expect(withClass(elements, 'g', 'input')).toHaveLength(graph.inputs.length);
        const connections = graph.nodes.reduce((n, node) => n + node.inputs.length, 0);
        expect(withClass(elements, 'path', 'edge')).toHaveLength(connections);
        expect(withClass(elements, 'path', 'arrowhead')).toHaveLength(connections);
        const instances = new Set(
          graph.nodes.flatMap((n) =>
            n.blockPath.map((_, depth) => n.blockPath.slice(0, depth + 1).join('/')),
          ),
        );
        expect(withClass(elements, 'g', 'cluster')).toHaveLength(instances.size);
        expect(withClass(elements, 'rect', 'output-tag')).toHaveLength(graph.outputs.length);
        // Self-contained: no links, images, scripts or external references.
        expect(svg).not.toMatch(/href|<image|<script|url\(|@import/);
      });
    }
  }

  it('shows kind, fused activation, user name, output shape and parameters in each box', () => {
    const [deep, twoBranch] = modelsOf('examples/residual.nnet');
    const boxes = withClass(parse(svgOf(twoBranch)), 'g', 'box').map(shownText);
    expect(boxes).toContain('inputx[32]');
    expect(boxes.some((t) => t.startsWith('dense\u00a0· relua[64] · 2,112 params'))).toBe(true);
    expect(boxes.some((t) => t.startsWith('concatmerged[96]') && !t.includes('params'))).toBe(true);
    const deepSvg = svgOf(deep);
    expect(deepSvg).toContain('>ResidualDense_3</text>');
    expect(allText(parse(deepSvg)[0])).toContain('33,930 params');
    // Made-up names (`dense_1`, `ResidualDense_1/relu`) are left out; the user's `h` is shown.
    const deepBoxes = withClass(parse(deepSvg), 'g', 'layer').map(shownText);
    expect(deepBoxes.filter((t) => t.includes('h['))).toHaveLength(4);
    expect(deepBoxes.some((t) => t.includes('relu[64]') && t.startsWith('relu'))).toBe(true);
  });

  it("shows an activation argument only when it is not the default, and not the layer's own default", () => {
    const source =
      'model Acts {\n  input x: [10, 4]\n  rnn(8)\n  dense(4, leaky_relu(0.2))\n  dense(4, softmax)\n}\n';
    const file = path.join(os.tmpdir(), 'acts.nnet');
    const [graph] = modelsOf(file, { readFile: (f) => (f === file ? source : undefined) });
    const diagram = buildDiagram(graph, summarize(graph, builtinCatalogue()), builtinCatalogue());
    expect(diagram.boxes.map((b) => [b.kind, b.activation])).toEqual([
      ['input', undefined],
      ['rnn', undefined],
      ['dense', 'leaky_relu(0.2)'],
      ['dense', 'softmax'],
    ]);
  });

  it('colours boxes by the catalogue category and lists only the categories present', () => {
    const [cnn] = modelsOf('examples/mnist-cnn.nnet');
    const diagram = buildDiagram(cnn, summarize(cnn, builtinCatalogue()), builtinCatalogue());
    expect(diagram.boxes.map((b) => b.category)).toEqual([
      'input',
      'convolution',
      'convolution',
      'pooling',
      'regularization',
      'reshaping',
      'core',
      'regularization',
      'core',
    ]);
    expect(diagram.categories).toEqual([
      'input',
      'core',
      'convolution',
      'pooling',
      'regularization',
      'reshaping',
    ]);
    const legend = withClass(parse(svgOf(cnn)), 'g', 'legend')[0];
    expect(legend.children.filter((e) => e.name === 'text').map((e) => e.text)).toEqual(
      diagram.categories,
    );
  });

  it('escapes <&>"\' in every text it prints, from the model doc to a layer name', () => {
    const source =
      '/// Scores for <b> & "c" \'d\' > e\nmodel Odd {\n  input x: [4]\n  dense(2)\n}\n';
    const file = path.join(os.tmpdir(), 'odd.nnet');
    const [graph] = modelsOf(file, { readFile: (f) => (f === file ? source : undefined) });
    const svg = svgOf(graph);
    const elements = parse(svg);
    expect(svg).toContain('Scores for &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &gt; e');
    expect(withClass(elements, 'text', 'doc')[0].text).toBe('Scores for <b> & "c" \'d\' > e');

    // Names and kinds cannot hold these characters in the language, but the renderer does not rely on it.
    const odd = 'a<b>&"c\'';
    const diagram: Diagram = {
      model: odd,
      doc: odd,
      params: odd,
      boxes: [
        {
          id: 'input:x',
          role: 'input',
          category: 'input',
          kind: odd,
          name: odd,
          detail: odd,
          isOutput: false,
          tooltip: odd,
        },
        {
          id: 'layer:0',
          role: 'layer',
          category: 'core',
          kind: odd,
          activation: odd,
          name: odd,
          detail: odd,
          isOutput: true,
          cluster: 'block:b',
          tooltip: odd,
        },
      ],
      clusters: [{ id: 'block:b', label: odd }],
      edges: [{ id: 'edge:0.0', from: 'input:x', to: 'layer:0' }],
      categories: ['input', 'core'],
    };
    const rendered = renderDiagramSvg(diagram);
    const texts = parse(rendered).filter(
      (e) => e.name === 'text' || e.name === 'title' || e.name === 'tspan',
    );
    expect(texts.filter((e) => e.text.includes(odd)).length).toBeGreaterThanOrEqual(10);
    expect(rendered).not.toContain(odd);
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('is deterministic: the same model gives the same bytes', () => {
    const [deep] = modelsOf('examples/residual.nnet');
    expect(svgOf(deep)).toBe(svgOf(deep));
    expect(svgOf(deep)).not.toMatch(/\d{4}-\d\d-\d\d|NaN|undefined/);
  });

  it('formats counts with thousands separators, independent of the locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(12544)).toBe('12,544');
    expect(formatCount(138357544)).toBe('138,357,544');
  });
});

describe('the layout', () => {
  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  for (const file of [
    'tests/architectures/vgg16.nnet',
    'examples/residual.nnet',
    'examples/imports.nnet',
  ]) {
    it(`${file}: boxes never overlap, edges run from box to box, downward, and clusters hold their boxes`, () => {
      for (const graph of modelsOf(file)) {
        const diagram = buildDiagram(
          graph,
          summarize(graph, builtinCatalogue()),
          builtinCatalogue(),
        );
        const laid = layoutDiagram(
          diagram.boxes.map((b) => ({
            id: b.id,
            width: 160,
            height: 50,
            ...(b.cluster ? { cluster: b.cluster } : {}),
          })),
          diagram.clusters.map((c) => ({
            id: c.id,
            labelHeight: 16,
            ...(c.parent ? { parent: c.parent } : {}),
          })),
          diagram.edges,
        );
        const rects = [...laid.boxes.values()];
        for (let i = 0; i < rects.length; i++)
          for (let j = i + 1; j < rects.length; j++)
            expect(overlaps(rects[i], rects[j])).toBe(false);
        for (const edge of diagram.edges) {
          const points = laid.edges.get(edge.id)!;
          const from = laid.boxes.get(edge.from)!;
          const to = laid.boxes.get(edge.to)!;
          expect(points.length).toBeGreaterThanOrEqual(2);
          expect(points[0].y).toBeCloseTo(from.y + from.height, 0);
          expect(points[points.length - 1].y).toBeCloseTo(to.y, 0);
          expect(to.y).toBeGreaterThan(from.y + from.height);
        }
        for (const box of diagram.boxes.filter((b) => b.cluster)) {
          const r = laid.boxes.get(box.id)!;
          const c = laid.clusters.get(box.cluster!)!;
          expect(
            r.x >= c.x &&
              r.y >= c.y &&
              r.x + r.width <= c.x + c.width &&
              r.y + r.height <= c.y + c.height,
          ).toBe(true);
        }
      }
    });
  }
});

describe('golden diagrams', () => {
  for (const file of ['examples/residual.nnet', 'examples/mnist-cnn.nnet']) {
    for (const graph of modelsOf(file)) {
      it(`${file} ${graph.name}`, () => {
        expectGolden(
          path.join(goldenDir, `${path.basename(file, '.nnet')}.${graph.name}.svg`),
          svgOf(graph),
        );
      });
    }
  }
});

describe('nnc graph', () => {
  const nnc = runNnc;
  const temporaryDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-graph-'));
  const residual = path.join(repoRoot, 'examples/residual.nnet');

  it('writes <Model>.svg in the current folder and prints the path', async () => {
    const dir = temporaryDir();
    const { code, stdout } = await nnc(dir, 'graph', residual);
    expect(code).toBe(0);
    expect(stdout).toBe('wrote Deep.svg\n');
    expect(checkXml(fs.readFileSync(path.join(dir, 'Deep.svg'), 'utf8')).problems).toEqual([]);
  });

  it('draws the model named with --model to the file named with -o', async () => {
    const dir = temporaryDir();
    const { code, stdout } = await nnc(
      dir,
      'graph',
      residual,
      '--model',
      'TwoBranch',
      '-o',
      'out/two.svg',
    );
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote ${path.join('out', 'two.svg')}\n`);
    expect(fs.readFileSync(path.join(dir, 'out/two.svg'), 'utf8')).toContain('TwoBranch');
  });

  it('--png also writes a PNG', async () => {
    const dir = temporaryDir();
    const { code, stdout } = await nnc(
      dir,
      'graph',
      path.join(repoRoot, 'examples/mnist-cnn.nnet'),
      '-o',
      'cnn.svg',
      '--png',
    );
    expect(code).toBe(0);
    expect(stdout).toBe('wrote cnn.svg and cnn.png\n');
    expect(fs.readFileSync(path.join(dir, 'cnn.png')).subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it('exits 2 and names the models when --model names none of them', async () => {
    const dir = temporaryDir();
    const { code, stdout, stderr } = await nnc(dir, 'graph', residual, '--model', 'Nope');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('no model named "Nope"; the models are: Deep, TwoBranch');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('exits 1 without drawing when the file has errors', async () => {
    const dir = temporaryDir();
    const file = path.join(dir, 'bad.nnet');
    fs.writeFileSync(file, 'model Bad {\n  input x: [4, 4]\n  dense(2)\n}\n');
    const { code } = await nnc(dir, 'graph', file);
    expect(code).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['bad.nnet']);
  });
});
