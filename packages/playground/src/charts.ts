// Drawing on canvases: the loss curves (train and test, log scale), the decision boundary as a
// heat map under the data points (test points hollow), the network (each neuron's output over the
// plane, weights as edges), a one-input regression's curve over its samples, and images with the
// model's guess (green right, red wrong).

import type { TrainerCurve, TrainerDigits, TrainerPlane } from './protocol.js';

/** Class colours (class 0, 1, 2, …); binary outputs blend the first two through white. */
export const CLASS_COLOURS = [
  [245, 147, 34],
  [8, 119, 189],
  [22, 163, 74],
  [220, 38, 38],
  [147, 51, 234],
  [120, 113, 108],
  [219, 39, 119],
  [13, 148, 136],
  [202, 138, 4],
  [30, 64, 175],
];

function blend(colour: number[], weight: number): [number, number, number] {
  const w = Math.max(0, Math.min(1, weight));
  return [255 + (colour[0] - 255) * w, 255 + (colour[1] - 255) * w, 255 + (colour[2] - 255) * w];
}

/** Diverging colour for v in [−1, 1]: orange below zero, blue above, white at zero. */
function diverging(v: number): [number, number, number] {
  return v < 0 ? blend(CLASS_COLOURS[0], -v) : blend(CLASS_COLOURS[1], v);
}

let scratch:
  { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D; image: ImageData } | undefined;

/**
 * A size × size picture of the grid (row 0 at the top) on one reused scratch canvas, valid until
 * the next call: callers draw it at once (a canvas per picture costs more than the picture).
 */
function gridImage(
  size: number,
  colourOf: (cell: number) => [number, number, number],
): HTMLCanvasElement {
  if (!scratch || scratch.canvas.width !== size) {
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d')!;
    scratch = { canvas, context, image: context.createImageData(size, size) };
  }
  const pixels = scratch.image.data;
  for (let cell = 0; cell < size * size; cell++) {
    const [r, g, b] = colourOf(cell);
    pixels[cell * 4] = r;
    pixels[cell * 4 + 1] = g;
    pixels[cell * 4 + 2] = b;
    pixels[cell * 4 + 3] = 255;
  }
  scratch.context.putImageData(scratch.image, 0, 0);
  return scratch.canvas;
}

function paintGrid(
  canvas: HTMLCanvasElement,
  size: number,
  colourOf: (cell: number) => [number, number, number],
) {
  const target = canvas.getContext('2d')!;
  target.imageSmoothingEnabled = true;
  target.drawImage(gridImage(size, colourOf), 0, 0, canvas.width, canvas.height);
}

export function drawBoundary(canvas: HTMLCanvasElement, plane: TrainerPlane): void {
  const { size, classes, output } = plane;
  paintGrid(canvas, size, (cell) => {
    if (classes === 1) return diverging((output[cell] - 0.5) * 2 * 0.75);
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (output[cell * classes + c] > output[cell * classes + best]) best = c;
    const confidence = (output[cell * classes + best] - 1 / classes) / (1 - 1 / classes);
    return blend(CLASS_COLOURS[best % CLASS_COLOURS.length], 0.15 + 0.55 * confidence);
  });
  const context = canvas.getContext('2d')!;
  const scale = canvas.width / (2 * plane.range);
  const { x, label, test } = plane.points;
  for (let i = 0; i < label.length; i++) {
    const px = (x[i * 2] + plane.range) * scale;
    const py = (plane.range - x[i * 2 + 1]) * scale;
    const [r, g, b] = CLASS_COLOURS[label[i] % CLASS_COLOURS.length];
    context.beginPath();
    context.arc(px, py, 3.2, 0, 2 * Math.PI);
    context.lineWidth = 1.2;
    if (test[i]) {
      context.fillStyle = '#ffffff';
      context.fill();
      context.strokeStyle = `rgb(${r},${g},${b})`;
    } else {
      context.fillStyle = `rgb(${r},${g},${b})`;
      context.fill();
      context.strokeStyle = '#ffffff';
    }
    context.stroke();
  }
}

/** One neuron's output over the plane: symmetric around zero, or a probability around ½. */
function neuronImage(size: number, values: Float32Array, probability: boolean): HTMLCanvasElement {
  let extent = 1e-6;
  for (const v of values) extent = Math.max(extent, Math.abs(v));
  return gridImage(size, (cell) =>
    diverging(probability ? (values[cell] - 0.5) * 2 : values[cell] / extent),
  );
}

/**
 * The network as in TensorFlow's playground: a column per layer, each neuron drawn as its output
 * over the plane, each weight an edge (blue positive, orange negative, width ∝ |weight| within
 * its layer). Layers wider than the drawing show their first neurons and say how many more.
 */
export function drawNetwork(canvas: HTMLCanvasElement, plane: TrainerPlane): void {
  const context = canvas.getContext('2d')!;
  const { width, height } = canvas;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  if (plane.neurons.length === 0) {
    context.fillStyle = '#6b7280';
    context.font = '12px system-ui, sans-serif';
    context.fillText('The network view draws chains of dense layers over a 2-D input.', 8, 20);
    return;
  }
  const { size, range } = plane;
  const coordinate = (index: number) => -range + ((index + 0.5) * 2 * range) / size;
  const inputs = [
    Float32Array.from({ length: size * size }, (_, cell) => coordinate(cell % size)),
    Float32Array.from({ length: size * size }, (_, cell) => -coordinate(Math.floor(cell / size))),
  ];
  const columns = [
    {
      label: 'input',
      units: 2,
      values: inputs,
      output: false,
      kernel: undefined as Float32Array | undefined,
    },
    ...plane.neurons.map((l) => ({
      label: l.layer,
      units: l.units,
      values: l.values,
      output: l.output,
      kernel: l.kernel as Float32Array | undefined,
    })),
  ];
  const tallest = Math.max(...columns.map((c) => c.values.length));
  const top = 22;
  const bottom = 16;
  const node = Math.max(12, Math.min(30, (height - top - bottom) / tallest - 4));
  const step = node + 4;
  const x = (column: number) =>
    6 + (column * (width - 12 - node)) / Math.max(1, columns.length - 1);
  const y = (column: number, row: number) =>
    top + (height - top - bottom - columns[column].values.length * step) / 2 + row * step;

  // Edges first, under the neurons.
  for (let c = 1; c < columns.length; c++) {
    const { kernel, units, values } = columns[c];
    const before = columns[c - 1].values.length;
    if (!kernel) continue;
    let extent = 1e-6;
    for (let i = 0; i < before; i++)
      for (let j = 0; j < values.length; j++)
        extent = Math.max(extent, Math.abs(kernel[i * units + j]));
    for (let i = 0; i < before; i++) {
      for (let j = 0; j < values.length; j++) {
        const weight = kernel[i * units + j] / extent;
        const [r, g, b] = CLASS_COLOURS[weight < 0 ? 0 : 1];
        context.strokeStyle = `rgba(${r},${g},${b},${(0.25 + 0.75 * Math.abs(weight)).toFixed(3)})`;
        context.lineWidth = 0.3 + 3.2 * Math.abs(weight);
        context.beginPath();
        context.moveTo(x(c - 1) + node, y(c - 1, i) + node / 2);
        context.lineTo(x(c), y(c, j) + node / 2);
        context.stroke();
      }
    }
  }
  context.font = '11px system-ui, sans-serif';
  context.textAlign = 'center';
  for (const [c, column] of columns.entries()) {
    context.fillStyle = '#374151';
    // Labels stay inside the canvas: the first column's starts at its left, the last ends at its right.
    context.textAlign = c === 0 ? 'left' : c === columns.length - 1 ? 'right' : 'center';
    const labelX = c === 0 ? x(c) : c === columns.length - 1 ? x(c) + node : x(c) + node / 2;
    context.fillText(column.label, labelX, 12, width / columns.length);
    context.textAlign = 'center';
    for (const [row, values] of column.values.entries()) {
      context.imageSmoothingEnabled = true;
      context.drawImage(neuronImage(size, values, column.output), x(c), y(c, row), node, node);
      context.strokeStyle = '#94a3b8';
      context.lineWidth = 1;
      context.strokeRect(x(c) + 0.5, y(c, row) + 0.5, node - 1, node - 1);
    }
    if (column.units > column.values.length) {
      context.fillStyle = '#6b7280';
      context.fillText(`+${column.units - column.values.length} more`, x(c) + node / 2, height - 4);
    }
  }
  context.textAlign = 'start';
}

export interface LossPoint {
  step: number;
  loss: number;
}

/**
 * The loss curves on a log scale against the step: training (each step's batch loss) solid,
 * held-out dashed; `marker` draws the step the replay shows as a vertical line.
 */
export function drawLossCurve(
  canvas: HTMLCanvasElement,
  train: readonly LossPoint[],
  test: readonly LossPoint[],
  marker?: number,
): void {
  const context = canvas.getContext('2d')!;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  const usable = (p: LossPoint) => Number.isFinite(p.loss) && p.loss > 0;
  const values = [...train, ...test].filter(usable).map((p) => p.loss);
  const steps = [...train, ...test].map((p) => p.step);
  const pad = { left: 44, right: 8, top: 8, bottom: 20 };
  context.font = '11px system-ui, sans-serif';
  context.fillStyle = '#6b7280';
  if (train.length < 2 || values.length === 0) {
    context.fillText(
      'loss (training — solid, held-out — dashed) appears here while training',
      pad.left,
      height / 2,
    );
    return;
  }
  let low = Math.log10(Math.min(...values));
  let high = Math.log10(Math.max(...values));
  if (high - low < 1e-3) [low, high] = [low - 0.05, high + 0.05];
  const first = Math.min(...steps);
  const last = Math.max(first + 1, ...steps);
  const px = (step: number) =>
    pad.left + ((step - first) / (last - first)) * (width - pad.left - pad.right);
  const py = (v: number) =>
    pad.top + ((high - Math.log10(v)) / (high - low)) * (height - pad.top - pad.bottom);
  context.strokeStyle = '#e5e7eb';
  context.beginPath();
  context.moveTo(pad.left, pad.top);
  context.lineTo(pad.left, height - pad.bottom);
  context.lineTo(width - pad.right, height - pad.bottom);
  context.stroke();
  const label = (v: number) => (v < 0.01 || v >= 1000 ? v.toExponential(1) : v.toFixed(3));
  context.fillText(label(10 ** high), 2, pad.top + 8);
  context.fillText(label(10 ** low), 2, height - pad.bottom);
  context.fillText(`step ${last}`, width - pad.right - 60, height - 5);
  context.fillStyle = '#1d4ed8';
  context.fillText('training', pad.left + 6, height - 5);
  if (test.length > 0) {
    context.fillStyle = '#f59322';
    context.fillText('held-out', pad.left + 60, height - 5);
  }
  const line = (points: readonly LossPoint[], colour: string, dashed: boolean) => {
    context.strokeStyle = colour;
    context.lineWidth = 1.6;
    context.setLineDash(dashed ? [4, 3] : []);
    context.beginPath();
    let started = false;
    for (const point of points) {
      if (!usable(point)) continue;
      if (started) context.lineTo(px(point.step), py(point.loss));
      else context.moveTo(px(point.step), py(point.loss));
      started = true;
    }
    context.stroke();
    context.setLineDash([]);
  };
  line(train, '#1d4ed8', false);
  line(test, '#f59322', true);
  if (marker !== undefined) {
    context.strokeStyle = '#111827';
    context.lineWidth = 1;
    context.setLineDash([2, 2]);
    context.beginPath();
    context.moveTo(px(marker), pad.top);
    context.lineTo(px(marker), height - pad.bottom);
    context.stroke();
    context.setLineDash([]);
  }
}

/** A regression on one input: the samples (held-out hollow) and the model's curve over them. */
export function drawCurve(canvas: HTMLCanvasElement, curve: TrainerCurve): void {
  const context = canvas.getContext('2d')!;
  const { width, height } = canvas;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  const { xs, ys, points } = curve;
  const finite = (v: number) => Number.isFinite(v);
  const allY = [...points.y, ...ys].filter(finite);
  const lowX = xs[0];
  const highX = xs[xs.length - 1];
  let lowY = Math.min(...allY);
  let highY = Math.max(...allY);
  if (!(highY > lowY)) [lowY, highY] = [lowY - 1, highY + 1];
  const pad = { left: 40, right: 10, top: 10, bottom: 22 };
  const px = (x: number) =>
    pad.left + ((x - lowX) / (highX - lowX)) * (width - pad.left - pad.right);
  const py = (y: number) =>
    pad.top + ((highY - y) / (highY - lowY)) * (height - pad.top - pad.bottom);
  context.strokeStyle = '#e5e7eb';
  context.beginPath();
  context.moveTo(pad.left, pad.top);
  context.lineTo(pad.left, height - pad.bottom);
  context.lineTo(width - pad.right, height - pad.bottom);
  context.stroke();
  context.font = '11px system-ui, sans-serif';
  context.fillStyle = '#6b7280';
  context.fillText(highY.toPrecision(3), 2, pad.top + 8);
  context.fillText(lowY.toPrecision(3), 2, height - pad.bottom);
  context.fillText(lowX.toPrecision(3), pad.left, height - 6);
  context.textAlign = 'right';
  context.fillText(highX.toPrecision(3), width - pad.right, height - 6);
  context.textAlign = 'center';
  context.fillText('x (input) → y: samples, and the model', width / 2, height - 6);
  context.textAlign = 'start';
  const [r, g, b] = CLASS_COLOURS[1];
  for (let i = 0; i < points.x.length; i++) {
    context.beginPath();
    context.arc(px(points.x[i]), py(points.y[i]), 2.2, 0, 2 * Math.PI);
    if (points.test[i]) {
      context.strokeStyle = `rgb(${r},${g},${b})`;
      context.lineWidth = 1;
      context.stroke();
    } else {
      context.fillStyle = `rgba(${r},${g},${b},0.7)`;
      context.fill();
    }
  }
  context.strokeStyle = 'rgb(245,147,34)';
  context.lineWidth = 2.5;
  context.beginPath();
  let started = false;
  for (let i = 0; i < xs.length; i++) {
    if (!finite(ys[i])) continue;
    if (started) context.lineTo(px(xs[i]), py(ys[i]));
    else context.moveTo(px(xs[i]), py(ys[i]));
    started = true;
  }
  context.stroke();
}

export function drawDigits(container: HTMLElement, digits: TrainerDigits): void {
  const { side, images, guesses, truths } = digits;
  const title = document.createElement('div');
  title.className = 'neuron-title';
  title.textContent = `The model's guess on ${digits.heldOut ? 'held-out' : 'training'} images`;
  const cells = Array.from(guesses, (guess, i) => {
    const cell = document.createElement('div');
    cell.className = guess === truths[i] ? 'digit right' : 'digit wrong';
    cell.title = `truth ${truths[i]}, guess ${guess}`;
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const context = canvas.getContext('2d')!;
    const image = context.createImageData(side, side);
    for (let p = 0; p < side * side; p++) {
      const ink = 255 - Math.round(255 * Math.max(0, Math.min(1, images[i * side * side + p])));
      image.data.set([ink, ink, ink, 255], p * 4);
    }
    context.putImageData(image, 0, 0);
    const label = document.createElement('span');
    label.textContent = guess === truths[i] ? String(guess) : `${guess} (${truths[i]})`;
    cell.append(canvas, label);
    return cell;
  });
  container.replaceChildren(title, ...cells);
}
