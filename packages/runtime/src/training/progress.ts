// The terminal reporter of `nnc train`: a progress bar per epoch redrawn in place on a TTY (loss,
// time left), one line per epoch otherwise (CI logs), and the table of epochs at the end.

import type { EpochRecord, FitReporter } from './fit.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const clock = (seconds: number) => {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

const formatValue = (v: number) =>
  !Number.isFinite(v)
    ? Number.isNaN(v)
      ? 'not a number'
      : `${v < 0 ? '-' : ''}infinite`
    : Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 1e-3)
      ? v.toExponential(3)
      : v.toFixed(4);

/** `loss: 0.2134 - accuracy: 0.9412 - val_loss: …` */
export function epochSummary(record: EpochRecord): string {
  const parts = [`loss: ${formatValue(record.loss)}`];
  for (const [k, v] of Object.entries(record.metrics)) parts.push(`${k}: ${formatValue(v)}`);
  if (record.validation) {
    parts.push(`val_loss: ${formatValue(record.validation.loss)}`);
    for (const [k, v] of Object.entries(record.validation.metrics))
      parts.push(`val_${k}: ${formatValue(v)}`);
  }
  return parts.join(' - ');
}

export function createProgressReporter(
  stream: ProgressStream,
  options: { width?: number; quietEpochs?: boolean } = {},
): FitReporter {
  const width = options.width ?? 30;
  let lastDraw = 0;
  let steps = 0;
  let epochs = 0;
  const tty = !!stream.isTTY;
  return {
    onEpochStart(epoch, totalEpochs, totalSteps) {
      steps = totalSteps;
      epochs = totalEpochs;
      lastDraw = 0;
      if (tty) stream.write(`Epoch ${epoch}/${epochs}\n`);
    },
    onBatch(_epoch, step, _steps, meanLoss, elapsed) {
      if (!tty) return;
      const now = performance.now();
      if (step !== steps && now - lastDraw < 100) return;
      lastDraw = now;
      const done = Math.round((step / steps) * width);
      const bar =
        '='.repeat(Math.max(0, done - 1)) + (done < width ? '>' : '=') + ' '.repeat(width - done);
      const left = (elapsed / step) * (steps - step);
      stream.write(
        `\r[${bar}] ${step}/${steps} - loss: ${formatValue(meanLoss)} - ${step === steps ? `${clock(elapsed)}` : `ETA ${clock(left)}`}\u001b[K`,
      );
    },
    onEpochEnd(record) {
      if (options.quietEpochs || !shownEpoch(record.epoch, epochs)) return;
      const line = `${epochSummary(record)} - ${record.seconds.toFixed(1)}s`;
      stream.write(tty ? `\r${line}\u001b[K\n` : `Epoch ${record.epoch}/${epochs} - ${line}\n`);
    },
    onMessage(text) {
      stream.write(`${tty ? '\r\u001b[K' : ''}${text}\n`);
    },
  };
}

/** Long runs (the spiral's thousands of full-batch epochs) show about 20 epochs, evenly spaced. */
export function shownEpoch(epoch: number, epochs: number, rows = 20): boolean {
  if (epochs <= rows + 5) return true;
  return epoch === 1 || epoch === epochs || epoch % Math.ceil(epochs / rows) === 0;
}

/** The table of epochs printed at the end of training (about 20 rows for long runs). */
export function historyTable(allHistory: readonly EpochRecord[]): string {
  if (allHistory.length === 0) return '';
  const lastEpoch = allHistory[allHistory.length - 1].epoch;
  const history = allHistory.filter(
    (r) => r === allHistory[allHistory.length - 1] || shownEpoch(r.epoch, lastEpoch),
  );
  const metricNames = Object.keys(history[0].metrics);
  const validation = history.some((r) => r.validation);
  const headers = [
    'epoch',
    'loss',
    ...metricNames,
    ...(validation ? ['val_loss', ...metricNames.map((m) => `val_${m}`)] : []),
    'time',
  ];
  const rows = history.map((r) => [
    String(r.epoch),
    formatValue(r.loss),
    ...metricNames.map((m) => formatValue(r.metrics[m])),
    ...(validation
      ? [
          r.validation ? formatValue(r.validation.loss) : '',
          ...metricNames.map((m) => (r.validation ? formatValue(r.validation.metrics[m]) : '')),
        ]
      : []),
    `${r.seconds.toFixed(1)}s`,
  ]);
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ');
  return (
    [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') +
    '\n'
  );
}
