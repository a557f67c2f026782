// The decision boundary of a model on 2-D data, as the TensorFlow playground draws it: the plane
// coloured by the predicted class (or the probability, for one output) on a grid, with the data
// points on top coloured by their label.

import type { CompiledModel } from '../core/compiled-model.js';
import type { Dataset } from '../data/dataset.js';
import { argmax } from '../metrics/metrics.js';
import { escapeXml } from './curves.js';

const palette = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export function decisionBoundarySvg(
  model: CompiledModel,
  data: Dataset,
  title: string,
  resolution = 120,
): string {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < data.count; i++) {
    xs.push(data.inputs[2 * i]);
    ys.push(data.inputs[2 * i + 1]);
  }
  const pad =
    0.1 * Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-6);
  const [x0, x1, y0, y1] = [
    Math.min(...xs) - pad,
    Math.max(...xs) + pad,
    Math.min(...ys) - pad,
    Math.max(...ys) + pad,
  ];
  const size = 480;
  const cell = size / resolution;
  const grid = new Float32Array(resolution * resolution * 2);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      grid[2 * (r * resolution + c)] = x0 + ((c + 0.5) / resolution) * (x1 - x0);
      grid[2 * (r * resolution + c) + 1] = y1 - ((r + 0.5) / resolution) * (y1 - y0);
    }
  }
  const outputs = model.predict(grid, resolution * resolution);
  const k = outputs.length / (resolution * resolution);
  const cells: string[] = [];
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      const index = r * resolution + c;
      const [color, opacity] =
        k === 1
          ? [
              outputs[index] > 0.5 ? palette[1] : palette[0],
              0.15 + 0.35 * Math.abs(outputs[index] - 0.5) * 2,
            ]
          : [palette[argmax(outputs, index * k, k) % palette.length], 0.35];
      cells.push(
        `<rect x="${(c * cell).toFixed(2)}" y="${(r * cell).toFixed(2)}" width="${(cell + 0.05).toFixed(2)}" height="${(cell + 0.05).toFixed(2)}" fill="${color}" fill-opacity="${opacity.toFixed(2)}"/>`,
      );
    }
  }
  const points: string[] = [];
  for (let i = 0; i < data.count; i++) {
    const label =
      data.targets instanceof Int32Array ? data.targets[i] : data.targets[i] > 0.5 ? 1 : 0;
    const px = ((xs[i] - x0) / (x1 - x0)) * size;
    const py = ((y1 - ys[i]) / (y1 - y0)) * size;
    points.push(
      `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="${data.count < 50 ? 7 : 3}" fill="${palette[label % palette.length]}" stroke="white" stroke-width="0.8"/>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + 30}" viewBox="0 -30 ${size} ${size + 30}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect x="0" y="-30" width="${size}" height="${size + 30}" fill="white"/>`,
    `<text x="${size / 2}" y="-10" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...cells,
    ...points,
    '</svg>',
  ].join('\n');
}
