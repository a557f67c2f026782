// Prints a ModelSummary as a Keras-style text table, a Markdown table, or the JSON that
// `nnc summary --format json` documents. Numbers use thousands separators in text, never in JSON.

import { formatShape } from '../diagnostics/messages.js';
import type { ModelSummary, SummaryRow } from './summary.js';

const conventionLabel = { keras: 'Keras', torch: 'PyTorch' } as const;

/** Past what a model may have (docs/limits.md) a figure is shown as a magnitude, never Infinity. */
const unreadable = (n: number) =>
  !Number.isFinite(n) ? 'more than 10^308' : Math.abs(n) >= 1e21 ? n.toExponential(2) : undefined;

export function formatCount(n: number): string {
  return unreadable(n) ?? n.toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  const huge = unreadable(bytes);
  if (huge) return `${huge} B`;
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(2)} ${units[unit]}`;
}

export function formatFlops(flops: number): string {
  const huge = unreadable(flops);
  if (huge) return huge;
  if (flops < 1e3) return String(flops);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  const [scale, suffix] = units.find(([s]) => flops >= s)!;
  return `${(flops / scale).toFixed(2)} ${suffix}`;
}

const shapeText = (row: { outputShape: readonly number[] | undefined }) =>
  row.outputShape ? formatShape(row.outputShape) : '?';

function paramsText(row: SummaryRow, summary: ModelSummary): string {
  const main = formatCount(row.params.total);
  if (!row.otherParams) return main;
  return `${main} (${conventionLabel[summary.otherConvention]}: ${formatCount(row.otherParams.total)})`;
}

/** A model with errors: its totals are partial, and every table says so next to the total. */
const incompleteNote =
  'Incomplete: the model has errors; layers shown with ? are not counted, so the totals are a lower bound.';

const soFar = (summary: ModelSummary) => (summary.complete ? '' : ' so far');

export function renderSummaryText(summary: ModelSummary): string {
  const hasShared = summary.rows.some((row) => row.shared);
  const headers = [
    'Layer (type)',
    'Output Shape',
    'Param #',
    ...(summary.sequential ? [] : ['Connected to']),
    ...(hasShared ? ['Shared'] : []),
  ];
  const inputRows = summary.inputs.map((input) => [
    `${input.name} (input${input.dtype === 'int' ? ', int' : ''})`,
    input.shape ? formatShape(input.shape) : '?',
    '0',
    ...(summary.sequential ? [] : ['']),
    ...(hasShared ? [''] : []),
  ]);
  const layerRows = summary.rows.map((row) => [
    `${row.name} (${row.kind})`,
    shapeText(row),
    paramsText(row, summary),
    ...(summary.sequential ? [] : [row.inputs.join(', ')]),
    ...(hasShared ? [sharedText(row)] : []),
  ]);
  const all = [headers, ...inputRows, ...layerRows];
  // A loop, not Math.max(...rows): 130,000 arguments overflow the stack.
  const widths = headers.map((_, c) => all.reduce((w, r) => Math.max(w, r[c].length), 0));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('   ')
      .trimEnd();
  const width = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  const out: string[] = [
    `Model: "${summary.model}"`,
    '─'.repeat(width),
    line(headers),
    '═'.repeat(width),
  ];
  for (const row of [...inputRows, ...layerRows]) out.push(line(row));
  out.push('─'.repeat(width));
  const t = summary.totals;
  out.push(
    `Total params${soFar(summary)}: ${formatCount(t.total)} (trainable ${formatCount(t.trainable)}, non-trainable ${formatCount(t.nonTrainable)})`,
  );
  if (!summary.complete) out.push(incompleteNote);
  const o = summary.otherTotals;
  if (o.total !== t.total || o.trainable !== t.trainable) {
    out.push(
      `${conventionLabel[summary.otherConvention]} counts ${formatCount(o.total)} (trainable ${formatCount(o.trainable)}, non-trainable ${formatCount(o.nonTrainable)}); ` +
        `the rows above show both (--convention ${summary.otherConvention} counts that way)`,
    );
  }
  out.push(`Parameter memory: ${formatBytes(summary.parameterBytes)} (float32)`);
  out.push(
    `Forward FLOPs per sample: ${formatFlops(summary.flops)} (${formatCount(summary.flops)})`,
  );
  for (const note of sharedNotes(summary)) out.push(note);
  for (const note of summary.lossNotes) out.push(`Loss: ${note}`);
  return out.join('\n') + '\n';
}

/** The Shared column: where the weights are, and who else uses them. */
function sharedText(row: SummaryRow): string {
  if (!row.shared) return '';
  const others = row.shared.uses.filter((use) => use !== row.name);
  if (row.shared.transposed) return `${row.shared.name}: kernel of ${row.shared.owner}, transposed`;
  return row.shared.owner === row.name
    ? `${row.shared.name}: weights here${others.length ? `, shared by ${others.join(', ')}` : ''}`
    : `${row.shared.name}: weights of ${row.shared.owner}`;
}

/** One line per shared layer: its uses and that its weights are counted once. */
function sharedNotes(summary: ModelSummary): string[] {
  return summary.rows
    .filter((row) => row.shared && row.shared.owner === row.name)
    .map((row) => {
      // `dense_transposed(…)` rows reading this layer's kernel, transposed.
      const transposed = summary.rows
        .filter((other) => other.shared?.transposed && other.shared.owner === row.name)
        .map((other) => other.name);
      return `Shared layer ${row.shared!.name} (${row.kind}): ${formatCount(row.params.total)} params counted once, used by ${row.shared!.uses.join(', ')}${transposed.length ? `; its kernel, transposed, by ${transposed.join(', ')}` : ''}`;
    });
}

export function renderSummaryMarkdown(summary: ModelSummary): string {
  const out = [
    `### Model \`${summary.model}\``,
    '',
    '| Layer | Kind | Output shape | Params | Inputs |',
    '|---|---|---|---:|---|',
  ];
  for (const input of summary.inputs)
    out.push(`| ${input.name} | input | ${input.shape ? formatShape(input.shape) : '?'} | 0 | |`);
  for (const row of summary.rows) {
    out.push(
      `| ${row.name} | ${row.kind} | ${shapeText(row)} | ${paramsText(row, summary)} | ${row.inputs.join(', ')}${row.shared ? ` (${sharedText(row)})` : ''} |`,
    );
  }
  const t = summary.totals;
  if (!summary.complete) out.push('', `**${incompleteNote}**`);
  out.push(
    '',
    `**Total params${soFar(summary)}: ${formatCount(t.total)}** (trainable ${formatCount(t.trainable)}, non-trainable ${formatCount(t.nonTrainable)}); ` +
      `${formatBytes(summary.parameterBytes)} as float32; ${formatFlops(summary.flops)} forward FLOPs per sample.`,
  );
  return out.join('\n') + '\n';
}

/** The documented JSON shape: {model, inputs, outputs, layers[], total, trainable, nonTrainable, flops}. */
export function summaryJson(summary: ModelSummary) {
  return {
    model: summary.model,
    convention: summary.convention,
    inputs: summary.inputs.map((i) => ({ name: i.name, shape: i.shape ?? null, dtype: i.dtype })),
    outputs: summary.outputs,
    layers: summary.rows.map((row) => ({
      name: row.name,
      kind: row.kind,
      inputs: row.inputs,
      outputShape: row.outputShape ?? null,
      params: row.params.total,
      trainable: row.params.trainable,
      flops: row.flops,
      ...(row.otherParams ? { [`${summary.otherConvention}Params`]: row.otherParams.total } : {}),
      ...(row.shared ? { shared: { name: row.shared.name, owner: row.shared.owner } } : {}),
    })),
    total: summary.totals.total,
    trainable: summary.totals.trainable,
    nonTrainable: summary.totals.nonTrainable,
    [`${summary.otherConvention}Total`]: summary.otherTotals.total,
    parameterBytes: summary.parameterBytes,
    flops: summary.flops,
    complete: summary.complete,
  };
}
