// The pictures: learning curves (one panel per quantity, a training and a validation line in each)
// and the decision boundary of a 2-D classifier, as SVG and as PNG rendered by resvg.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decisionBoundarySvg,
  fit,
  learningCurvesSvg,
  svgToPng,
  type EpochRecord,
} from '../../src/training/index.js';
import { createLinearModel, separableData } from './models.js';

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const svgSize = (svg: string) => {
  const match = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { width: Number(match[1]), height: Number(match[2]) };
};

/** Where the pictures go; NNET_KEEP_PICTURES=dir keeps them for a look. */
const pictureDir = () =>
  process.env.NNET_KEEP_PICTURES ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-pictures-'));

const history: EpochRecord[] = Array.from({ length: 12 }, (_, i) => ({
  epoch: i + 1,
  loss: 1.5 * Math.exp(-i / 3) + 0.05,
  metrics: { accuracy: 0.95 - 0.5 * Math.exp(-i / 2), auc: 0.99 - 0.4 * Math.exp(-i / 2) },
  validation: {
    loss: 1.6 * Math.exp(-i / 3) + 0.1 + 0.004 * i * i,
    metrics: { accuracy: 0.9 - 0.5 * Math.exp(-i / 2), auc: 0.97 - 0.4 * Math.exp(-i / 2) },
  },
  seconds: 0.5,
}));

describe('learning curves', () => {
  it('draw one panel per quantity with a training and a validation path each, a legend and a title', () => {
    const svg = learningCurvesSvg(history, 'Spiral <run a&b>');
    expect(svg.match(/<path class="series"/g)).toHaveLength(2 * 3);
    for (const title of ['>loss<', '>accuracy<', '>auc<', '>training<', '>validation<', '>epoch<'])
      expect(svg).toContain(title);
    expect(svg).toContain('Spiral &lt;run a&amp;b&gt;');
  });

  it('draw only the training path when there is no validation set', () => {
    const trainOnly = history.map(({ validation: _validation, ...record }) => record);
    expect(
      learningCurvesSvg(trainOnly, 'no validation').match(/<path class="series"/g),
    ).toHaveLength(3);
  });

  it('render to a PNG of the SVG size', async () => {
    const svg = learningCurvesSvg(history, 'Learning curves');
    const png = await svgToPng(svg);
    expect(pngSize(png)).toEqual(svgSize(svg));
    fs.writeFileSync(path.join(pictureDir(), 'curves.png'), png);
  });
});

describe('the decision boundary', () => {
  it('colours a grid by the predicted probability and draws every point by its label', async () => {
    const data = separableData(60);
    const model = createLinearModel({ inputs: 2, outputs: 1, learningRate: 1, logistic: true });
    await fit(model, { train: data }, { epochs: 30, batch: 10, seed: 1 });
    const resolution = 40;
    const svg = decisionBoundarySvg(model, data, 'x₀ + x₁ > 0', resolution);
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width/g)).toHaveLength(resolution * resolution);
    const points = svg.match(/<circle [^>]*fill="(#[0-9a-f]+)"/g)!;
    expect(points).toHaveLength(data.count);
    // Points take the colour of their label: as many of each as there are labels.
    const positives = Array.from(data.targets).filter((t) => t > 0.5).length;
    const colours = points.map((p) => /fill="(#[0-9a-f]+)"/.exec(p)![1]);
    expect(new Set(colours).size).toBe(2);
    expect(
      Math.min(...[...new Set(colours)].map((c) => colours.filter((x) => x === c).length)),
    ).toBe(Math.min(positives, data.count - positives));
    const png = await svgToPng(svg);
    expect(pngSize(png)).toEqual(svgSize(svg));
    fs.writeFileSync(path.join(pictureDir(), 'boundary.png'), png);
  });
});
