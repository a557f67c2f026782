// The evaluation report's pictures as SVG, drawn from the report alone (so they can be redrawn
// from its JSON): ROC curves with the AUC and its interval, precision–recall, the classifier
// output of each class (test filled, training as points with error bars) with the KS probability,
// and the confusion matrix as a heat map with per-class precision and recall.

import type { BinaryReport } from './binary.js';
import type { MulticlassSummary } from './classes.js';
import type { RocCurve } from './curves.js';
import type { EvaluationReport } from './build.js';
import {
  drawAxes,
  escapeXml,
  legendBox,
  linePath,
  palette,
  svgDocument,
  textWidth,
  type LegendEntry,
} from './plot-axes.js';

const signalColor = '#1f77b4';
const backgroundColor = '#d62728';
const splitStyle: Record<string, { color: string; dash?: string }> = {
  test: { color: '#1f77b4' },
  validation: { color: '#2ca02c', dash: '2 3' },
  training: { color: '#ff7f0e', dash: '6 4' },
};

/** 0.91234 → "0.912"; NaN → "n/a". */
export const formatNumber = (value: number, digits = 3): string =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
/** An AUC: 3 decimals, more where 3 would round a value below 1 up to "1.000" (0.9996 → "0.9996"). */
export const formatAuc = (value: number): string => {
  let digits = 3;
  while (digits < 6 && value < 1 && Number(value.toFixed(digits)) === 1) digits++;
  return formatNumber(value, digits);
};
export const formatPercent = (value: number, digits = 1): string =>
  Number.isFinite(value) ? `${(value * 100).toFixed(digits)} %` : 'n/a';
/** A threshold for people: +Infinity is "none" (nothing is called positive). */
const formatThreshold = (value: number) => (Number.isFinite(value) ? formatNumber(value) : 'none');

const rocPoints = (curve: RocCurve) =>
  curve.falsePositiveRate.map((x, i) => [x, curve.truePositiveRate[i]] as [number, number]);

function rocAxes(x0: number, y0: number, size: number) {
  const axes = drawAxes({
    x0,
    y0,
    width: size,
    height: size,
    title: 'ROC curve',
    xLabel: 'false positive rate (background efficiency)',
    yLabel: 'true positive rate (signal efficiency)',
    xRange: [0, 1],
    yRange: [0, 1],
  });
  axes.svg.push(
    linePath(
      axes,
      [
        [0, 0],
        [1, 1],
      ],
      '#999',
      { width: 1, dash: '4 4' },
    ),
  );
  return axes;
}

/**
 * The threshold behind each point of a ROC curve, for a viewer that shows SVG titles on hover:
 * invisible circles (nothing changes in the PNG), at most 1,000, spread along the curve.
 */
function thresholdMarks(axes: { sx(v: number): number; sy(v: number): number }, curve: RocCurve) {
  const count = curve.thresholds.length;
  const stride = Math.max(1, Math.ceil(count / 1000));
  const marks: string[] = [];
  for (let i = 0; i < count; i += stride) {
    const threshold = curve.thresholds[i];
    const rule = Number.isFinite(threshold)
      ? `score ≥ ${formatNumber(threshold)} called positive`
      : 'nothing called positive';
    marks.push(
      `<circle cx="${axes.sx(curve.falsePositiveRate[i]).toFixed(1)}" cy="${axes.sy(curve.truePositiveRate[i]).toFixed(1)}" r="4" fill-opacity="0" stroke="none"><title>${escapeXml(
        `${rule}: ε_S ${formatNumber(curve.truePositiveRate[i])}, ε_B ${formatNumber(curve.falsePositiveRate[i])}`,
      )}</title></circle>`,
    );
  }
  return `<g class="thresholds">${marks.join('')}</g>`;
}

/** Binary ROC: one curve per split, the efficiency points marked, and a table beside it. */
export function binaryRocSvg(report: BinaryReport, title: string): string {
  const size = 460;
  const axes = rocAxes(0, 30, size);
  const body = [...axes.svg];
  const legend: LegendEntry[] = [];
  const interval = report.aucInterval;
  for (const [name, split] of Object.entries(report.splits)) {
    const style = splitStyle[name] ?? { color: palette[4] };
    body.push(
      linePath(axes, rocPoints(split.roc), style.color, { className: 'series', dash: style.dash }),
    );
    legend.push({
      label:
        name === report.main
          ? `${name}: AUC ${formatAuc(split.auc)} (${Math.round(interval.level * 100)} % CI ${formatNumber(interval.low)}–${formatNumber(interval.high)})`
          : `${name}: AUC ${formatAuc(split.auc)}`,
      color: style.color,
      mark: style.dash ? 'dash' : 'line',
    });
  }
  legend.push({ label: 'chance: AUC 0.5', color: '#999', mark: 'dash' });
  const main = report.splits[report.main];
  body.push(thresholdMarks(axes, main.roc));
  for (const point of main.efficiencies) {
    if (!Number.isFinite(point.signal)) continue;
    const [cx, cy] = [axes.sx(point.background), axes.sy(point.signal)];
    body.push(
      `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="4" fill="none" stroke="black"/>`,
    );
    body.push(
      `<text x="${(cx + 6).toFixed(1)}" y="${(cy + 14).toFixed(1)}" font-size="10">${formatPercent(point.background, 0)}</text>`,
    );
  }
  body.push(legendBox(legend, axes.right - 6, axes.bottom - 12 - legend.length * 16, 'right'));

  // The table: signal efficiency at each background efficiency, other splits in parentheses.
  const tableX = size + 20;
  const others = Object.keys(report.splits).filter((n) => n !== report.main);
  const rows = [
    `<text x="${tableX}" y="${axes.top + 12}" font-weight="bold" font-size="12">Signal efficiency at background efficiency</text>`,
    `<text x="${tableX}" y="${axes.top + 30}" font-size="11" fill="#555">${escapeXml(`${report.main}${others.length ? ` (${others.join(', ')})` : ''}; score cut on ${report.main}`)}</text>`,
  ];
  main.efficiencies.forEach((point, i) => {
    const y = axes.top + 56 + i * 20;
    const otherValues = others.map((n) => formatNumber(report.splits[n].efficiencies[i].signal));
    rows.push(
      `<text x="${tableX}" y="${y}" font-size="12">${escapeXml(
        `ε_B ${formatPercent(point.background, 0).padStart(4)}:  ε_S ${formatNumber(point.signal)}${otherValues.length ? ` (${otherValues.join(', ')})` : ''},  cut ${formatThreshold(point.threshold)}`,
      )}</text>`,
    );
  });
  const at = main.atThreshold;
  const lines = [
    `At score > ${at.threshold} (${report.main}):`,
    `accuracy ${formatPercent(at.accuracy)}, precision ${formatNumber(at.precision)}, recall ${formatNumber(at.recall)}`,
    `true neg. ${at.confusion[0][0]}, false pos. ${at.confusion[0][1]}`,
    `false neg. ${at.confusion[1][0]}, true pos. ${at.confusion[1][1]}`,
    '',
    `${report.main}: ${main.positives} signal, ${main.negatives} background`,
  ];
  lines.forEach((line, i) =>
    rows.push(
      `<text x="${tableX}" y="${axes.top + 136 + i * 18}" font-size="12"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(line)}</text>`,
    ),
  );
  return svgDocument(size + 350, size + 40, title, [...body, ...rows]);
}

/** One-vs-rest (multiclass) or per-label (multilabel) ROC curves with each AUC in the legend. */
export function classRocSvg(
  curves: readonly RocCurve[],
  labels: readonly string[],
  title: string,
): string {
  const size = 460;
  const axes = rocAxes(0, 30, size);
  const body = [...axes.svg];
  const legend: LegendEntry[] = curves.map((curve, k) => {
    body.push(
      linePath(axes, rocPoints(curve), palette[k % palette.length], { className: 'series' }),
    );
    return {
      label: labels[k],
      color: palette[k % palette.length],
    };
  });
  body.push(legendBox(legend, axes.right - 6, axes.bottom - 12 - legend.length * 16, 'right'));
  return svgDocument(size, size + 40, title, body);
}

export function precisionRecallSvg(report: BinaryReport, title: string): string {
  const size = 460;
  const axes = drawAxes({
    x0: 0,
    y0: 30,
    width: size,
    height: size,
    title: 'Precision–recall curve',
    xLabel: 'recall (signal efficiency)',
    yLabel: 'precision (signal purity)',
    xRange: [0, 1],
    yRange: [0, 1.02],
  });
  const body = [...axes.svg];
  const legend: LegendEntry[] = [];
  for (const [name, split] of Object.entries(report.splits)) {
    const style = splitStyle[name] ?? { color: palette[4] };
    const { recall, precision } = split.precisionRecall;
    // Average precision is the area under this staircase: draw it as steps.
    const points: [number, number][] = [];
    for (let i = recall.length - 1; i >= 0; i--) {
      if (points.length) points.push([recall[i], points[points.length - 1][1]]);
      points.push([recall[i], precision[i]]);
    }
    body.push(
      linePath(axes, points, style.color, { className: 'series', dash: style.dash, width: 1.6 }),
    );
    legend.push({
      label: `${name}: average precision ${formatNumber(split.averagePrecision)}`,
      color: style.color,
      mark: style.dash ? 'dash' : 'line',
    });
  }
  const main = report.splits[report.main];
  const base = main.positives / Math.max(1, main.count);
  body.push(
    linePath(
      axes,
      [
        [0, base],
        [1, base],
      ],
      '#999',
      { width: 1, dash: '4 4' },
    ),
  );
  legend.push({ label: `chance: precision ${formatNumber(base)}`, color: '#999', mark: 'dash' });
  body.push(legendBox(legend, axes.left + 8, axes.bottom - 12 - legend.length * 16));
  return svgDocument(size, size + 40, title, body);
}

/**
 * The classifier output of each class, normalized to unit area: test as filled histograms,
 * training as points with √n error bars, as TMVA's overtraining check draws it.
 */
export function scoreDistributionSvg(report: BinaryReport, title: string): string {
  const { edges, counts } = report.histograms;
  const bins = edges.length - 1;
  const width = edges[1] - edges[0];
  const density = (values: number[]) => {
    const total = values.reduce((a, b) => a + b, 0);
    return values.map((v) => (total ? v / (total * width) : 0));
  };
  const errors = (values: number[]) => {
    const total = values.reduce((a, b) => a + b, 0);
    return values.map((v) => (total ? Math.sqrt(v) / (total * width) : 0));
  };
  const test = counts[report.main];
  const training = report.main !== 'training' ? counts.training : undefined;
  const series = [density(test.signal), density(test.background)];
  // The highest thing drawn in each bin: a histogram step or a training point's error bar.
  const binTop = edges.slice(1).map((_, i) => Math.max(series[0][i], series[1][i]));
  if (training)
    for (const values of [training.signal, training.background]) {
      const d = density(values);
      const e = errors(values);
      d.forEach((v, i) => (binTop[i] = Math.max(binTop[i], v + e[i])));
    }
  const yMax = Math.max(...binTop);
  const legend: LegendEntry[] = [
    { label: `signal (${report.main})`, color: signalColor, mark: 'box' },
    { label: `background (${report.main})`, color: backgroundColor, mark: 'box' },
    ...(training
      ? [
          { label: 'signal (training)', color: signalColor, mark: 'point' as const },
          { label: 'background (training)', color: backgroundColor, mark: 'point' as const },
        ]
      : []),
  ];
  const [plotWidth, plotHeight] = [640, 420];
  // The legend goes in the top corner over the lower data, and the y range leaves room above
  // that data for it, so it never hides a bin or an error bar.
  const legendWidth = 34 + Math.max(...legend.map((e) => textWidth(e.label))) + 6;
  const legendHeight = 8 + legend.length * 16 + 6;
  // The plot area inside drawAxes's margins (70 px left for the y label, 24 px right; 28 px
  // above for the title, 36 px below for the x label).
  const [innerWidth, innerHeight] = [plotWidth - 70 - 24, plotHeight - 28 - 36];
  const coveredBins = Math.min(bins, Math.ceil((legendWidth / innerWidth) * bins) + 1);
  const leftTop = Math.max(...binTop.slice(0, coveredBins));
  const rightTop = Math.max(...binTop.slice(bins - coveredBins));
  const legendRight = rightTop <= leftTop;
  const underLegend = Math.min(leftTop, rightTop);
  const yTop = Math.max(yMax * 1.1, underLegend / (1 - (legendHeight + 8) / innerHeight)) || 1;
  const axes = drawAxes({
    x0: 0,
    y0: 50,
    width: plotWidth,
    height: plotHeight,
    title: 'Classifier output distributions',
    xLabel: 'classifier output',
    yLabel: '(1/N) dN/dx',
    xRange: [edges[0], edges[bins]],
    yRange: [0, yTop],
  });
  const body = [...axes.svg];
  const filled = (values: number[], color: string, label: string) => {
    let d = `M${axes.sx(edges[0]).toFixed(1)},${axes.sy(0).toFixed(1)}`;
    values.forEach((v, i) => {
      d += ` L${axes.sx(edges[i]).toFixed(1)},${axes.sy(v).toFixed(1)} L${axes.sx(edges[i + 1]).toFixed(1)},${axes.sy(v).toFixed(1)}`;
    });
    d += ` L${axes.sx(edges[bins]).toFixed(1)},${axes.sy(0).toFixed(1)} Z`;
    body.push(
      `<path class="histogram" data-label="${escapeXml(label)}" d="${d}" fill="${color}" fill-opacity="0.3" stroke="${color}" stroke-width="1.5"/>`,
    );
  };
  filled(series[0], signalColor, `signal (${report.main})`);
  filled(series[1], backgroundColor, `background (${report.main})`);
  if (training) {
    for (const [values, color] of [
      [training.signal, signalColor],
      [training.background, backgroundColor],
    ] as const) {
      const d = density(values);
      const e = errors(values);
      d.forEach((v, i) => {
        if (values[i] === 0) return;
        const x = axes.sx((edges[i] + edges[i + 1]) / 2).toFixed(1);
        body.push(
          `<line class="error-bar" x1="${x}" x2="${x}" y1="${axes.sy(v - e[i]).toFixed(1)}" y2="${axes.sy(v + e[i]).toFixed(1)}" stroke="${color}" stroke-width="1.2"/>`,
        );
        body.push(`<circle cx="${x}" cy="${axes.sy(v).toFixed(1)}" r="2.8" fill="${color}"/>`);
      });
    }
  }
  body.push(
    legendRight
      ? legendBox(legend, axes.right - 6, axes.top + 6, 'right')
      : legendBox(legend, axes.left + 6, axes.top + 6, 'left'),
  );
  if (report.overtraining) {
    const { signal, background } = report.overtraining;
    body.push(
      `<text x="${plotWidth / 2}" y="40" text-anchor="middle" font-size="12">${escapeXml(
        `Kolmogorov–Smirnov test, training vs ${report.main}: signal probability ${formatNumber(signal.pValue)} (background ${formatNumber(background.pValue)})`,
      )}</text>`,
    );
  }
  return svgDocument(plotWidth, 520, title, body);
}

/** The confusion matrix (rows: true class, columns: predicted), shaded by the row's share. */
export function confusionMatrixSvg(
  summary: MulticlassSummary,
  names: readonly string[],
  title: string,
): string {
  const classes = summary.confusion.length;
  const cell = Math.max(28, Math.min(64, Math.floor(520 / classes)));
  const nameWidth = Math.min(140, 14 + Math.max(...names.map((n) => n.length)) * 7);
  const left = 40 + nameWidth;
  const top = 90;
  const body: string[] = [];
  const fontSize = cell >= 48 ? 12 : 10;
  summary.confusion.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      const share = total ? count / total : 0;
      const x = left + p * cell;
      const y = top + t * cell;
      // White to dark blue; numbers turn white on dark cells.
      const shade = Math.round(255 - share * 200);
      body.push(
        `<rect class="cell" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(${shade},${Math.round(255 - share * 140)},255)" stroke="white"/>`,
      );
      body.push(
        `<text x="${x + cell / 2}" y="${y + cell / 2 + (cell >= 40 ? -1 : 4)}" text-anchor="middle" font-size="${fontSize}" fill="${share > 0.55 ? 'white' : 'black'}">${count}</text>`,
      );
      if (cell >= 40)
        body.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 12}" text-anchor="middle" font-size="9" fill="${share > 0.55 ? 'white' : '#444'}">${Math.round(share * 100)} %</text>`,
        );
    });
    body.push(
      `<text x="${left - 6}" y="${top + t * cell + cell / 2 + 4}" text-anchor="end" font-size="11">${escapeXml(names[t])}</text>`,
    );
  });
  names.forEach((name, p) => {
    const x = left + p * cell + cell / 2;
    body.push(
      `<text x="${x}" y="${top - 8}" text-anchor="start" font-size="11" transform="rotate(-40 ${x} ${top - 8})">${escapeXml(name)}</text>`,
    );
  });
  const gridSize = classes * cell;
  body.push(
    `<text x="${left + gridSize / 2}" y="${top + gridSize + 22}" text-anchor="middle" font-size="12">predicted class</text>`,
    `<text x="16" y="${top + gridSize / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${top + gridSize / 2})">true class</text>`,
  );
  // Per-class scores beside the matrix.
  const tableX = left + gridSize + 30;
  const header = ['class', 'precision', 'recall', 'F1', 'support'];
  const columns = [0, Math.max(60, nameWidth), 0, 0, 0];
  for (let i = 2; i < columns.length; i++) columns[i] = columns[i - 1] + 70;
  const tableRows = [
    header,
    ...summary.perClass.map((c, k) => [
      names[k],
      formatNumber(c.precision),
      formatNumber(c.recall),
      formatNumber(c.f1),
      String(c.support),
    ]),
    [
      'macro',
      formatNumber(summary.macro.precision),
      formatNumber(summary.macro.recall),
      formatNumber(summary.macro.f1),
      '',
    ],
  ];
  tableRows.forEach((row, r) =>
    row.forEach((text, c) =>
      body.push(
        `<text x="${tableX + columns[c]}" y="${top + 12 + r * 18}" font-size="11"${r === 0 ? ' font-weight="bold"' : ''}>${escapeXml(text)}</text>`,
      ),
    ),
  );
  body.push(
    `<text x="${tableX}" y="${top + 12 + (tableRows.length + 1) * 18}" font-size="12" font-weight="bold">accuracy ${formatPercent(summary.accuracy, 2)}, macro AUC ${formatAuc(summary.macroAuc)}</text>`,
  );
  const width = tableX + columns[4] + 70;
  const height = Math.max(top + gridSize + 40, top + (tableRows.length + 3) * 18);
  return svgDocument(width, height, title, body);
}

/** The class (or label) names a report shows: its classNames, else `class 0`, `class 1`, … */
export function classNamesOf(report: EvaluationReport, prefix = 'class'): string[] {
  return Array.from(
    { length: report.outputSize },
    (_, k) => report.classNames?.[k] ?? `${prefix} ${k}`,
  );
}

/** Every picture of a report, by file stem: `roc`, `precision-recall`, `scores`, `confusion`. */
export function evaluationPictures(report: EvaluationReport): Record<string, string> {
  const who =
    report.run && report.run !== report.model ? `${report.model} — ${report.run}` : report.model;
  if (report.binary)
    return {
      roc: binaryRocSvg(report.binary, `${who}: ROC`),
      'precision-recall': precisionRecallSvg(report.binary, `${who}: precision–recall`),
      scores: scoreDistributionSvg(report.binary, `${who}: classifier output`),
    };
  if (report.multiclass) {
    const names = classNamesOf(report);
    const main = report.multiclass.splits[report.multiclass.main];
    return {
      confusion: confusionMatrixSvg(
        main,
        names,
        `${who}: confusion matrix (${report.multiclass.main})`,
      ),
      roc: classRocSvg(
        report.multiclass.oneVsRestRoc,
        names.map((n, k) => `${n}: AUC ${formatAuc(main.oneVsRestAuc[k])}`),
        `${who}: one-vs-rest ROC (${report.multiclass.main})`,
      ),
    };
  }
  if (report.multilabel) {
    const names = classNamesOf(report, 'label');
    const main = report.multilabel.splits[report.multilabel.main];
    return {
      roc: classRocSvg(
        report.multilabel.roc,
        names.map(
          (n, k) =>
            `${n}: AUC ${formatAuc(main.perLabel[k].auc)}, accuracy ${formatPercent(main.perLabel[k].accuracy)}`,
        ),
        `${who}: per-label ROC (${report.multilabel.main}), subset accuracy ${formatPercent(main.subsetAccuracy)}`,
      ),
    };
  }
  return {};
}
