// Writes an evaluation report to a folder: `evaluation.json` and each picture as SVG and PNG
// (resvg). The only file in report/ that touches the disk; returns the paths it wrote.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { svgToPng } from '../training/curves.js';
import type { EvaluationReport } from './build.js';
import { evaluationPictures } from './plots.js';

/**
 * The report as JSON text, two-space indented with each list of numbers on one line; +Infinity
 * thresholds become null (JSON has no infinity).
 */
export function evaluationReportJson(report: EvaluationReport): string {
  return (
    JSON.stringify(report, null, 2).replace(
      /\[\s+([^[\]{}]*?)\s+\]/g,
      (_, items: string) => `[${items.replace(/\s*\n\s*/g, ' ')}]`,
    ) + '\n'
  );
}

function writeAtomically(file: string, content: string | Buffer): void {
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

export async function writeEvaluationReport(
  report: EvaluationReport,
  folder: string,
): Promise<string[]> {
  fs.mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  const json = path.join(folder, 'evaluation.json');
  writeAtomically(json, evaluationReportJson(report));
  written.push(json);
  for (const [stem, svg] of Object.entries(evaluationPictures(report))) {
    const base = path.join(folder, stem);
    writeAtomically(`${base}.svg`, svg);
    written.push(`${base}.svg`);
    // Without resvg (an optional native package; the extension's bundled nnc has none) the
    // pictures are SVG only, as the learning curves are.
    const png = await svgToPng(svg).catch(() => undefined);
    if (!png) continue;
    writeAtomically(`${base}.png`, png);
    written.push(`${base}.png`);
  }
  return written;
}
