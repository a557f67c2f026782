// The evaluation pictures: what each SVG contains (one curve per split or class, the AUC with its
// interval in the legend, the KS probabilities, one cell per confusion entry), that they render to
// PNG, and the report's JSON (lists on one line, infinity as null). NNET_KEEP_PICTURES=dir keeps them.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/core/prng.js';
import {
  buildEvaluationReport,
  evaluationPictures,
  evaluationReportJson,
  formatAuc,
  formatNumber,
  writeEvaluationReport,
  type SplitOutputs,
} from '../../src/report/index.js';

const pictureDir = () =>
  process.env.NNET_KEEP_PICTURES ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-report-'));

function binarySplit(count: number, seed: number, separation: number): SplitOutputs {
  const random = new Prng(seed);
  const targets = Float32Array.from({ length: count }, () => (random.nextFloat() < 0.5 ? 1 : 0));
  const outputs = Float32Array.from(
    targets,
    (t) => 1 / (1 + Math.exp(-(separation * (t - 0.5) * 2 + random.normal()))),
  );
  return { outputs, targets, count };
}

function multiclassSplit(count: number, classes: number, seed: number): SplitOutputs {
  const random = new Prng(seed);
  const targets = Int32Array.from({ length: count }, () => random.nextInt(classes));
  const outputs = new Float32Array(count * classes);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const value = Math.exp(random.normal() + (k === targets[i] ? 1.8 : 0));
      outputs[i * classes + k] = value;
      sum += value;
    }
    for (let k = 0; k < classes; k++) outputs[i * classes + k] /= sum;
  }
  return { outputs, targets, count };
}

describe('binary evaluation pictures', () => {
  const report = buildEvaluationReport(
    { model: 'Higgs', run: 'long', source: 'examples/higgs.nnet' },
    'binary',
    1,
    { training: binarySplit(800, 1, 1.3), test: binarySplit(400, 2, 1.2) },
    { resamples: 200 },
  );
  const pictures = evaluationPictures(report);

  it('draw ROC, precision–recall and score distributions', () => {
    expect(Object.keys(pictures)).toEqual(['roc', 'precision-recall', 'scores']);
  });

  it('put each split in the ROC with its AUC, the test one with its interval', () => {
    const roc = pictures.roc;
    expect(roc.match(/<path class="series"/g)).toHaveLength(2);
    const test = report.binary!.splits.test;
    const interval = report.binary!.aucInterval;
    expect(roc).toContain(
      `test: AUC ${formatAuc(test.auc)} (95 % CI ${formatNumber(interval.low)}–${formatNumber(interval.high)})`,
    );
    expect(roc).toContain(`training: AUC ${formatAuc(report.binary!.splits.training.auc)}`);
    expect(roc).toContain('Signal efficiency at background efficiency');
    expect(roc).toContain('ε_B 10 %');
  });

  it('give each point of the test ROC its threshold as a hover title', () => {
    const curve = report.binary!.splits.test.roc;
    const titles = [...pictures.roc.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(titles).toHaveLength(curve.thresholds.length);
    expect(titles[0]).toBe('nothing called positive: ε_S 0.000, ε_B 0.000');
    const i = Math.floor(curve.thresholds.length / 2);
    expect(titles[i]).toBe(
      `score ≥ ${formatNumber(curve.thresholds[i])} called positive: ε_S ${formatNumber(curve.truePositiveRate[i])}, ε_B ${formatNumber(curve.falsePositiveRate[i])}`,
    );
  });

  it('show test as filled histograms and training as points with error bars, with KS probabilities', () => {
    const scores = pictures.scores;
    expect(scores.match(/<path class="histogram"/g)).toHaveLength(2);
    const nonEmptyTrainingBins = Object.values(report.binary!.histograms.counts.training)
      .flat()
      .filter((c) => c > 0).length;
    expect(scores.match(/class="error-bar"/g)).toHaveLength(nonEmptyTrainingBins);
    const { signal, background } = report.binary!.overtraining!;
    expect(scores).toContain(
      `signal probability ${formatNumber(signal.pValue)} (background ${formatNumber(background.pValue)})`,
    );
  });

  it('keep the score legend off every bin and error bar, on the side where the data is lower', () => {
    // Signal piles up at high scores and background is spread out: the right corner is taken.
    const skewed = buildEvaluationReport(
      { model: 'Skewed', run: 'r', source: 'skewed.nnet' },
      'binary',
      1,
      { training: binarySplit(800, 5, 3), test: binarySplit(400, 6, 3) },
      { resamples: 20 },
    );
    for (const svg of [pictures.scores, evaluationPictures(skewed).scores]) {
      const box =
        /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="white"/.exec(
          svg,
        )!;
      const [left, top, width, height] = box.slice(1).map(Number);
      const under = (x: number) => x >= left && x <= left + width;
      const marks: [number, number][] = [
        ...[...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="2.8"/g)].map(
          (m) => [Number(m[1]), Number(m[2])] as [number, number],
        ),
        ...[
          ...svg.matchAll(
            /class="error-bar" x1="([\d.]+)" x2="[\d.]+" y1="[\d.-]+" y2="([\d.-]+)"/g,
          ),
        ].map((m) => [Number(m[1]), Number(m[2])] as [number, number]),
        ...[...svg.matchAll(/<path class="histogram"[^>]* d="([^"]*)"/g)].flatMap((m) =>
          [...m[1].matchAll(/L([\d.]+),([\d.]+)/g)].map(
            (p) => [Number(p[1]), Number(p[2])] as [number, number],
          ),
        ),
      ];
      expect(marks.length).toBeGreaterThan(50);
      for (const [x, y] of marks)
        if (under(x)) expect(y, `mark at x ${x}`).toBeGreaterThan(top + height);
    }
  });

  it('write JSON with lists on one line and the first ROC threshold as null, and PNGs', async () => {
    const json = evaluationReportJson(report);
    const parsed = JSON.parse(json);
    expect(parsed.binary.splits.test.roc.thresholds[0]).toBeNull();
    expect(parsed.binary.splits.test.auc).toBe(report.binary!.splits.test.auc);
    expect(json).toMatch(/"falsePositiveRate": \[0, [^\n]*\]/);
    const dir = path.join(pictureDir(), 'binary');
    const written = await writeEvaluationReport(report, dir);
    expect(written.map((f) => path.basename(f))).toEqual([
      'evaluation.json',
      'roc.svg',
      'roc.png',
      'precision-recall.svg',
      'precision-recall.png',
      'scores.svg',
      'scores.png',
    ]);
    const png = fs.readFileSync(path.join(dir, 'roc.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});

describe('multiclass and multilabel pictures', () => {
  it('draw a confusion matrix cell per entry and a one-vs-rest curve per class', async () => {
    const report = buildEvaluationReport(
      {
        model: 'Iris',
        source: 'iris.nnet',
        classNames: ['setosa', 'versicolor', 'virginica', 'other <4>'],
      },
      'multiclass',
      4,
      { test: multiclassSplit(300, 4, 3) },
    );
    const pictures = evaluationPictures(report);
    expect(pictures.confusion.match(/<rect class="cell"/g)).toHaveLength(16);
    const confusion = report.multiclass!.splits.test.confusion;
    expect(pictures.confusion).toContain(`>${confusion[2][2]}</text>`);
    expect(pictures.confusion).toContain('other &lt;4&gt;');
    expect(pictures.roc.match(/<path class="series"/g)).toHaveLength(4);
    await writeEvaluationReport(report, path.join(pictureDir(), 'multiclass'));
  });

  it('draw a curve per label with its AUC and accuracy', async () => {
    const random = new Prng(9);
    const count = 200;
    const targets = Float32Array.from({ length: count * 3 }, () =>
      random.nextFloat() < 0.4 ? 1 : 0,
    );
    const outputs = Float32Array.from(
      targets,
      (t) => 1 / (1 + Math.exp(-(2 * t - 1 + random.normal()))),
    );
    const report = buildEvaluationReport({ model: 'Tags', source: 'tags.nnet' }, 'multilabel', 3, {
      test: { outputs, targets, count },
    });
    const pictures = evaluationPictures(report);
    expect(pictures.roc.match(/<path class="series"/g)).toHaveLength(3);
    expect(pictures.roc).toContain(
      `label 0: AUC ${formatNumber(report.multilabel!.splits.test.perLabel[0].auc)}`,
    );
    await writeEvaluationReport(report, path.join(pictureDir(), 'multilabel'));
  });
});

describe('formatAuc', () => {
  it('never rounds an AUC below 1 up to 1.000', () => {
    expect(formatAuc(0.91234)).toBe('0.912');
    expect(formatAuc(0.9996)).toBe('0.9996');
    expect(formatAuc(0.999_99)).toBe('0.99999');
    expect(formatAuc(1)).toBe('1.000');
    expect(formatAuc(Number.NaN)).toBe('n/a');
  });
});
