// `nnc eval --split` of a model with a class per output row (graph nodes): each labelled row of the
// split becomes a line (`node 3`), with each requested value's row, the predicted class and the target.

export interface RowColumn {
  name: string;
  values: ArrayLike<number>;
  size: number;
}

/** Undefined unless the targets are a class per row (−1 for rows outside the split). */
export function labelledRowLines(
  columns: RowColumn[],
  targets: RowColumn,
  count: number,
): { shown: string[]; columns: RowColumn[]; count: number } | undefined {
  const rows = targets.size;
  if (rows <= 1 || !(targets.values instanceof Int32Array)) return undefined;
  if (!columns.every((c) => c.size % rows === 0)) return undefined;
  const kept: { sample: number; row: number }[] = [];
  for (let sample = 0; sample < count; sample++)
    for (let row = 0; row < rows; row++)
      if (targets.values[sample * rows + row] !== -1) kept.push({ sample, row });
  const slice = (column: RowColumn): RowColumn => {
    const width = column.size / rows;
    const values = new Float64Array(kept.length * width);
    kept.forEach(({ sample, row }, i) => {
      for (let k = 0; k < width; k++)
        values[i * width + k] = column.values[(sample * rows + row) * width + k];
    });
    return { name: column.name, values, size: width };
  };
  const outputs = columns.map(slice);
  const scores = outputs[0];
  const predicted = Float64Array.from(kept, (_, i) => {
    let best = 0;
    for (let k = 1; k < scores.size; k++)
      if (scores.values[i * scores.size + k] > scores.values[i * scores.size + best]) best = k;
    return best;
  });
  const target = Float64Array.from(kept, ({ sample, row }) => targets.values[sample * rows + row]);
  return {
    shown: kept.map(({ sample, row }) =>
      count > 1 ? `graph ${sample + 1} node ${row}` : `node ${row}`,
    ),
    columns: [
      ...outputs,
      { name: 'class', values: predicted, size: 1 },
      { name: 'target', values: target, size: 1 },
    ],
    count: kept.length,
  };
}
