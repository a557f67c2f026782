// The weights view (`nnc graph --weights`): the neurons found in checked models, unit values
// checked against the generated model's own predict, the SVG's structure as a golden (data URLs
// elided) with colour and width following each weight, histograms for large layers, the animated
// page, the PNG encoder against zlib, browser-safety of the drawing code, and the CLI's errors.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeRecordingHeader, encodeSnapshot } from '@nnet/runtime/train';
import { builtinCatalogue, checkFile } from '../packages/compiler/src/compile.js';
import { compileAndLoad } from '../packages/compiler/src/targets/js/load.js';
import { describeNetwork } from '../packages/compiler/src/graph/weights/network.js';
import { unitValues } from '../packages/compiler/src/graph/weights/forward.js';
import { renderWeightsSvg } from '../packages/compiler/src/graph/weights/svg.js';
import {
  renderWeightsAnimation,
  pickFrames,
} from '../packages/compiler/src/graph/weights/animate.js';
import { encodePng } from '../packages/compiler/src/graph/weights/png.js';
import { signColor, weightWidth } from '../packages/compiler/src/graph/weights/paint.js';
import { expectGolden, repoRoot } from './golden.js';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

const nnc = (...args: string[]) => runNnc(repoRoot, ...args);
const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-weights-view-'));

function viewOf(example: string) {
  const file = path.join(repoRoot, 'examples', example);
  const result = checkFile(file);
  const graph = result.checked!.models[0];
  return { view: describeNetwork(graph, builtinCatalogue()), text: fs.readFileSync(file, 'utf8') };
}

const withoutDataUrls = (svg: string) =>
  svg.replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, 'data:…');

describe('the neurons of a model', () => {
  it('opens dense layers and folds their activations; passes through flatten and dropout', () => {
    const show = viewOf('show-net.nnet').view;
    expect(show.computable).toBe(true);
    expect(
      show.layers.map((l) =>
        l.kind === 'dense' ? [l.name, l.inputs, l.units, l.activations.map((a) => a.name)] : l.kind,
      ),
    ).toEqual([
      ['dense', 2, 6, ['tanh']],
      ['dense_1', 6, 1, ['sigmoid']],
    ]);
    const mnist = viewOf('mnist-mlp.nnet').view;
    expect(mnist.inputs).toBe(784);
    expect(mnist.layers.map((l) => l.kind)).toEqual(['dense', 'dense']);
    // softmax normalises across units: drawn, not computed per unit.
    expect(mnist.computable).toBe(false);
  });

  it("computes every unit's output as the generated model does (its predict is the reference)", async () => {
    const { view, text } = viewOf('show-net.nnet');
    const model = await compileAndLoad(text, { seed: 7 });
    const points = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7) * 2);
    const values = unitValues(view, model.params, points, 20);
    const predicted = model.predict(points, 20);
    for (let s = 0; s < 20; s++) expect(values[1].outputs[s]).toBeCloseTo(predicted[s], 5);
    // The hidden layer by hand: tanh(x · W + b) for the first sample.
    const w = model.params['dense/weights'];
    const b = model.params['dense/bias'];
    for (let u = 0; u < 6; u++)
      expect(values[0].outputs[u]).toBeCloseTo(
        Math.tanh(points[0] * w[u] + points[1] * w[6 + u] + b[u]),
        6,
      );
  });
});

describe('the weights view as SVG', () => {
  it('draws every connection coloured by its sign and as wide as |w|, and every unit with its bias', async () => {
    const { view, text } = viewOf('show-net.nnet');
    const model = await compileAndLoad(text, { seed: 3 });
    const frame = { step: 25000, epoch: 1250, loss: 0.0014, weights: model.params };
    const svg = renderWeightsSvg(view, frame, {
      plane: { x: [-1.5, 2.5], y: [-1, 1.5] },
      points: [
        { x: 0, y: 1, label: 0 },
        { x: 1, y: -0.5, label: 1 },
      ],
    });
    expectGolden(
      path.join(repoRoot, 'tests/weights-view/show-net.step-25000.svg.txt'),
      withoutDataUrls(svg),
    );
    const edges = [
      ...svg.matchAll(
        /<path d="[^"]+" fill="none" stroke="(#[0-9a-f]{6})" stroke-width="([\d.]+)"[^>]*><title>([^<]+): w = ([^<]+)<\/title>/g,
      ),
    ];
    expect(edges).toHaveLength(2 * 6 + 6 * 1);
    const kernels: Record<string, { values: Float32Array; units: number }> = {
      dense: { values: model.params['dense/weights'], units: 6 },
      dense_1: { values: model.params['dense_1/weights'], units: 1 },
    };
    for (const [, color, width, title] of edges) {
      // `input 2 → dense 3`: input 2 to hidden unit 3, the kernel's row 2, column 3.
      const [, input, layer, unit] = /^\S+ (\d+) → (\S+) (\d+)$/.exec(title)!;
      const kernel = kernels[layer];
      const w = kernel.values[(Number(input) - 1) * kernel.units + Number(unit) - 1];
      expect(color, title).toBe(signColor(w));
      expect(Number(width), title).toBe(weightWidth(w));
    }
    expect(weightWidth(0)).toBeLessThan(weightWidth(0.5));
    expect(weightWidth(5)).toBe(weightWidth(50));
    expect(signColor(-1)).toBe('#f59322');
    expect(signColor(1)).toBe('#0877bd');
    // 2 inputs + 6 hidden + 1 output, each a heat map, and the large output map.
    expect(svg.match(/<image /g)).toHaveLength(10);
    expect(svg.match(/>b -?[\d.e-]+<\/text>/g)).toHaveLength(7);
    expect(svg).toContain('after 25,000 steps (epoch 1,250)');
    expect(svg.match(/<circle /g)).toHaveLength(2);
  });

  it('summarises layers too large to draw as histograms, with no connection drawn', async () => {
    const { view, text } = viewOf('mnist-mlp.nnet');
    const model = await compileAndLoad(text.replace(/train MnistMlp \{[^}]*\}/, ''), { seed: 1 });
    const svg = renderWeightsSvg(view, { epoch: 5, weights: model.params });
    expectGolden(path.join(repoRoot, 'tests/weights-view/mnist-mlp.svg.txt'), withoutDataUrls(svg));
    expect(svg).not.toContain('class="edge"');
    expect(svg).toContain('weights: 100,352');
    expect(svg).toContain('checkpoint after epoch 5');
    expect(svg.length).toBeLessThan(60_000);
  });

  it('animates a recording in one self-contained page, thinning long recordings evenly', async () => {
    const { view, text } = viewOf('show-net.nnet');
    const model = await compileAndLoad(text, { seed: 3 });
    const frames = [0, 500, 1000].map((step) => ({
      step,
      epoch: step / 20,
      weights: model.params,
    }));
    const html = renderWeightsAnimation(view, frames);
    expect(html.match(/<div class="frame"/g)).toHaveLength(3);
    expect(html).toContain('max="2"');
    expect(html).not.toMatch(/<link|<script src|https?:\/\/(?!www\.w3\.org)/);
    expect(pickFrames([...Array(500).keys()], 120)).toHaveLength(120);
    expect(pickFrames([...Array(500).keys()], 120).at(-1)).toBe(499);
    expect(pickFrames([...Array(500).keys()], 120)[0]).toBe(0);
  });

  it('encodes heat maps as PNGs that zlib and the PNG layout read back pixel for pixel', () => {
    const rgb = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const png = Buffer.from(encodePng(5, 3, rgb));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const idat = png.indexOf('IDAT');
    const length = png.readUInt32BE(idat - 4);
    const raw = zlib.inflateSync(png.subarray(idat + 4, idat + 4 + length));
    for (let row = 0; row < 3; row++) {
      expect(raw[row * 16]).toBe(0);
      expect([...raw.subarray(row * 16 + 1, row * 16 + 16)]).toEqual([
        ...rgb.subarray(row * 15, row * 15 + 15),
      ]);
    }
  });

  it('keeps node:* and host code out of the drawing modules (the playground reuses them)', () => {
    const folder = path.join(repoRoot, 'packages/compiler/src/graph/weights');
    for (const file of fs.readdirSync(folder)) {
      const source = fs.readFileSync(path.join(folder, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const name of imports)
        expect(name, `${file} imports ${name}`).toMatch(
          /^(\.\/|\.\.\/text\.js$|\.\.\/\.\.\/c(atalogue|heck)\/|@nnet\/runtime$)/,
        );
    }
  });
});

describe('nnc graph --weights', () => {
  async function recording(folder: string, count: number, modelName = 'ShowNet') {
    const { text } = viewOf('show-net.nnet');
    const model = await compileAndLoad(text, { seed: 3 });
    const header = {
      model: modelName,
      every: { count: 10, unit: 'steps' as const },
      params: model.paramInfo.map((p) => ({ name: p.name, shape: [...p.shape] })),
    };
    const parts = [encodeRecordingHeader(header)];
    for (let i = 0; i < count; i++)
      parts.push(
        encodeSnapshot(header, i, {
          step: i * 10,
          epoch: i,
          loss: 1 / (i + 1),
          params: model.params,
        }),
      );
    const file = path.join(folder, 'weights.nnwr');
    fs.writeFileSync(file, Buffer.concat(parts));
    return file;
  }

  it('draws a strip at chosen steps, the nearest snapshot when one is missing, and a killed run up to its last snapshot', async () => {
    const out = temporary();
    const file = await recording(out, 4);
    // A run killed while writing its fifth snapshot: 40 bytes of it reached the disk.
    fs.appendFileSync(file, Buffer.alloc(40, 7));
    const run = await nnc(
      'graph',
      'examples/show-net.nnet',
      '--weights',
      file,
      '--at',
      '0,20,25',
      '-o',
      path.join(out, 'net'),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('snapshot 5 is incomplete (40 of ');
    expect(run.stderr).toContain('drawing the 4 complete snapshots');
    expect(run.stderr).toContain('has no snapshot at step 25; drawing the nearest, step 20');
    for (const step of [0, 20, 25])
      expect(fs.existsSync(path.join(out, `net.step-${step}.png`))).toBe(true);
    const animate = await nnc(
      'graph',
      'examples/show-net.nnet',
      '--weights',
      file,
      '--animate',
      '-o',
      path.join(out, 'net'),
    );
    expect(animate.code).toBe(0);
    expect(
      fs.readFileSync(path.join(out, 'net.html'), 'utf8').match(/<div class="frame"/g),
    ).toHaveLength(4);
  });

  it('refuses bad flags and foreign weights with the file, the reason and the fix', async () => {
    const out = temporary();
    const file = await recording(out, 2);
    const at = await nnc('graph', 'examples/show-net.nnet', '--weights', file, '--at', '0,ten');
    expect([at.code, at.stderr]).toEqual([
      2,
      'nnc: --at expects optimizer steps separated by commas, e.g. --at 0,25000,45000; found "0,ten"\n',
    ]);
    const alone = await nnc('graph', 'examples/show-net.nnet', '--animate');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--animate draws a recording: add --weights');
    const missing = await nnc(
      'graph',
      'examples/show-net.nnet',
      '--weights',
      path.join(out, 'nothing.nnwr'),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'nothing.nnwr does not exist; train with nnc train FILE --record weights',
    );
    const other = await nnc('graph', 'examples/xor-train.nnet', '--weights', file);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(
      /weights.nnwr holds the weights of model ShowNet, not of XorTrain; pass a checkpoint or recording that nnc train wrote for XorTrain\n$/,
    );
    // A file that names the model but holds other tensors is refused tensor by tensor.
    const renamed = await recording(temporary(), 2, 'XorTrain');
    const mismatch = await nnc('graph', 'examples/xor-train.nnet', '--weights', renamed);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(
      /does not hold the weights of model XorTrain: "dense\/weights" has 12 values there, 8 in the model/,
    );
    const checkpoint = path.join(out, 'x.safetensors');
    fs.writeFileSync(checkpoint, Buffer.from('not a checkpoint at all'));
    const bad = await nnc('graph', 'examples/show-net.nnet', '--weights', checkpoint, '--animate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--animate needs a recording of many snapshots');
  });
  it("draws the model a checkpoint names, not the file's first one, unless -m picks another", async () => {
    const out = temporary();
    const example = 'examples/perceptron-and-not.nnet';
    const trained = await nnc('train', example, '-q', '--no-evaluation', '-o', out);
    expect(trained.code).toBe(0);
    const checkpoint = path.join(out, 'checkpoint.safetensors');
    // The file's first model is AndNot (fixed weights); its run trains AndNotLearned.
    const drawn = await nnc('graph', example, '--weights', checkpoint, '-o', path.join(out, 'net'));
    expect(drawn.stderr).toBe('');
    const svg = fs.readFileSync(path.join(out, 'net.svg'), 'utf8');
    expect(svg).toContain('>AndNotLearned</text>');
    // The plane and points are those of AndNotLearned's run: the four corners of the truth table.
    expect(svg).toContain('-0.1 … 1.1');
    const refused = await nnc('graph', example, '-m', 'AndNot', '--weights', checkpoint);
    expect([refused.code, refused.stderr]).toEqual([
      1,
      `nnc: ${path.relative(repoRoot, checkpoint)} holds the weights of model AndNotLearned, not of AndNot; draw them with -m AndNotLearned\n`,
    ]);
  });
});
