// Regression pictures and numbers: per split mse, mae and R²; for a 1-D input the data, the target
// function (for `function(…)` sources), the network's fit and — for one hidden layer feeding a
// linear output — each hidden unit's contribution w_j·h_j(x), which sum (with the bias) to the fit;
// residuals against the prediction for any regression model.

import {
  drawAxes,
  legendBox,
  linePath,
  palette,
  svgDocument,
  type LegendEntry,
} from './plot-axes.js';

export interface RegressionScores {
  count: number;
  mse: number;
  mae: number;
  /** 1 − Σ(y − ŷ)² / Σ(y − ȳ)², scikit-learn's r2_score (pooled over outputs). */
  r2: number;
}

export function regressionScores(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
): RegressionScores {
  const n = actual.length;
  let squared = 0;
  let absolute = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i] / n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const error = actual[i] - predicted[i];
    squared += error * error;
    absolute += Math.abs(error);
    total += (actual[i] - mean) ** 2;
  }
  return {
    count: n,
    mse: squared / Math.max(1, n),
    mae: absolute / Math.max(1, n),
    r2: total > 0 ? 1 - squared / total : Number.NaN,
  };
}

export interface FitPicture {
  title: string;
  /** The data of each split: x and y of every sample. */
  points: { split: string; x: number[]; y: number[] }[];
  grid: number[];
  fit: number[];
  /** The noise-free target on the grid, for `function(…)` data. */
  target?: { label: string; values: number[] };
  /** Per hidden unit, w_j·h_j on the grid; with the output bias they sum to the fit. */
  units?: { contributions: number[][]; bias: number };
}

const splitColors: Record<string, string> = {
  training: '#9bb7d4',
  validation: '#98df8a',
  test: '#ff7f0e',
};

function range(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  let [low, high] = [Math.min(...finite), Math.max(...finite)];
  if (low === high) [low, high] = [low - 0.5, high + 0.5];
  const pad = (high - low) * 0.05;
  return [low - pad, high + pad];
}

export function regressionFitSvg(picture: FitPicture): string {
  const panelWidth = 520;
  const height = 420;
  const [xLow, xHigh] = [Math.min(...picture.grid), Math.max(...picture.grid)];
  const allY = [
    ...picture.points.flatMap((p) => p.y),
    ...picture.fit,
    ...(picture.target?.values ?? []),
  ];
  const axes = drawAxes({
    x0: 0,
    y0: 30,
    width: panelWidth,
    height,
    title: 'Data and fit',
    xLabel: 'x (input)',
    yLabel: 'y (output)',
    xRange: [xLow, xHigh],
    yRange: range(allY),
  });
  const body = [...axes.svg];
  const legend: LegendEntry[] = [];
  for (const { split, x, y } of picture.points) {
    const color = splitColors[split] ?? palette[4];
    for (let i = 0; i < x.length; i++)
      body.push(
        `<circle cx="${axes.sx(x[i]).toFixed(1)}" cy="${axes.sy(y[i]).toFixed(1)}" r="${x.length > 400 ? 1.6 : 2.4}" fill="${color}"/>`,
      );
    legend.push({ label: `${split} data (${x.length})`, color, mark: 'point' });
  }
  if (picture.target) {
    body.push(
      linePath(
        axes,
        picture.grid.map((x, i) => [x, picture.target!.values[i]]),
        '#222',
        { dash: '6 4', width: 1.6 },
      ),
    );
    legend.push({ label: picture.target.label, color: '#222', mark: 'dash' });
  }
  body.push(
    linePath(
      axes,
      picture.grid.map((x, i) => [x, picture.fit[i]]),
      '#d62728',
      { className: 'series', width: 2.5 },
    ),
  );
  legend.push({ label: 'network', color: '#d62728' });
  body.push(legendBox(legend, axes.left + 8, axes.top + 6));
  let width = panelWidth;
  if (picture.units) {
    const { contributions, bias } = picture.units;
    const unitAxes = drawAxes({
      x0: panelWidth,
      y0: 30,
      width: panelWidth,
      height,
      title: `Each hidden unit's contribution w·h(x) (${contributions.length} units)`,
      xLabel: 'x (input)',
      xRange: [xLow, xHigh],
      yRange: range([...contributions.flat(), ...picture.fit]),
    });
    body.push(...unitAxes.svg);
    contributions.forEach((values, j) =>
      body.push(
        linePath(
          unitAxes,
          picture.grid.map((x, i) => [x, values[i]]),
          palette[j % palette.length],
          {
            className: 'unit',
            width: 1.2,
          },
        ),
      ),
    );
    body.push(
      linePath(
        unitAxes,
        picture.grid.map((x, i) => [x, picture.fit[i]]),
        '#d62728',
        { width: 2.5 },
      ),
    );
    body.push(
      legendBox(
        [
          { label: 'one hidden unit each', color: palette[0] },
          { label: `their sum + bias ${Number(bias.toPrecision(3))} = network`, color: '#d62728' },
        ],
        unitAxes.left + 8,
        unitAxes.top + 6,
      ),
    );
    width += panelWidth;
  }
  return svgDocument(width, height + 40, picture.title, body);
}

/** Residuals y − ŷ against the prediction ŷ, one colour per split, with the zero line. */
export function residualsSvg(
  splits: { split: string; predicted: number[]; actual: number[] }[],
  title: string,
): string {
  const residuals = splits.map((s) => s.actual.map((a, i) => a - s.predicted[i]));
  const axes = drawAxes({
    x0: 0,
    y0: 30,
    width: 560,
    height: 420,
    title: 'Residuals',
    xLabel: 'prediction ŷ',
    yLabel: 'residual y − ŷ',
    xRange: range(splits.flatMap((s) => s.predicted)),
    yRange: range([0, ...residuals.flat()]),
  });
  const body = [...axes.svg];
  body.push(
    `<line x1="${axes.left}" x2="${axes.right}" y1="${axes.sy(0).toFixed(1)}" y2="${axes.sy(0).toFixed(1)}" stroke="#555" stroke-dasharray="4 4"/>`,
  );
  const legend: LegendEntry[] = [];
  splits.forEach((s, k) => {
    const color = splitColors[s.split] ?? palette[k];
    s.predicted.forEach((p, i) =>
      body.push(
        `<circle class="residual" cx="${axes.sx(p).toFixed(1)}" cy="${axes.sy(residuals[k][i]).toFixed(1)}" r="2.2" fill="${color}"/>`,
      ),
    );
    legend.push({ label: `${s.split} (${s.predicted.length})`, color, mark: 'point' });
  });
  body.push(legendBox(legend, axes.right - 6, axes.top + 6, 'right'));
  return svgDocument(560, 460, title, body);
}
