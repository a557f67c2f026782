// The PyTorch package reads a CSV as `nnc train` does: the same input columns (`drop`, `columns`),
// the same one-hot layout and encoding (written into its checkpoints, so `nnc eval` reads them),
// and the same fill and scaling fitted on the training rows only, for every `scale` and `missing`.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyTabular,
  csvToDataset,
  fitTabular,
  type Dataset,
  type TabularEncoding,
} from '@nnet/runtime/train';
import { PYTHON, compileText, tempDir, torchAvailable } from './helpers.js';

const dir = tempDir('nnet-pytorch-tabular-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// An id to drop, numbers with gaps, a text column with a gap, a text target.
const csv = [
  'id,age,fare,port,size,label',
  '1,22,7.25,S,3,no',
  '2,38,,C,1,yes',
  '3,,8.05,S,2,no',
  '4,35,53.1,,4,yes',
  '5,54,51.86,Q,1,no',
  '6,2,21.07,S,5,yes',
  '7,27,11.13,C,,no',
  '8,14,30.07,Q,2,yes',
].join('\n');
const TRAINING_ROWS = 5;

const cases: [string, string][] = [
  ['standardize, mean', 'scale = "standardize", missing = "mean"'],
  ['minmax, median', 'scale = "minmax", missing = "median"'],
  ['no scaling, chosen columns', 'columns = ["fare", "port", "age"], missing = "median"'],
];

describe.skipIf(!torchAvailable)('the PyTorch package reads a CSV as nnc train does', () => {
  it.each(cases)('%s', (name, args) => {
    const folder = path.join(dir, name.replace(/\W+/g, '-'));
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'people.csv'), csv);
    const source =
      `model M {\n  input x: [4]\n  dense(2, softmax)\n}\n\n` +
      `train M {\n  data = csv("people.csv", target = "label", drop = ["id"], ${args})\n` +
      `  loss = cross_entropy\n  optimizer = sgd\n}\n`;
    const { folder: pkg, output } = compileText(source, folder, {
      file: path.join(folder, 'model.nnet'),
    });
    const call = /nnet_data\.read_csv\((.*)\)$/m.exec(output.files['train.py'])![1];
    const script = [
      'import json, sys, math',
      `sys.path.insert(0, ${JSON.stringify(pkg)})`,
      'import nnet_data',
      `base = ${JSON.stringify(folder)}`,
      `data = nnet_data.read_csv(${call})`,
      `fitted = nnet_data.fit_tabular(data.inputs[:${TRAINING_ROWS}], data.tabular)`,
      'scaled = nnet_data.apply_tabular(data.inputs, fitted)',
      'clean = lambda rows: [[None if math.isnan(v) else float(v) for v in row] for row in rows]',
      'print(json.dumps({"fitted": fitted, "inputs": clean(data.inputs), "scaled": clean(scaled), "targets": data.targets.tolist()}))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const python = JSON.parse(run.stdout) as {
      fitted: TabularEncoding;
      inputs: (number | null)[][];
      scaled: (number | null)[][];
      targets: number[];
    };

    const options = Object.fromEntries(
      [...args.matchAll(/(\w+) = ("[^"]*"|\[[^\]]*\])/g)].map(([, key, value]) => [
        key,
        JSON.parse(value),
      ]),
    );
    const nnet = csvToDataset(csv, { target: 'label', drop: ['id'], ...options });
    const width = nnet.inputShape[0];
    const training: Dataset = {
      ...nnet,
      count: TRAINING_ROWS,
      inputs: nnet.inputs.slice(0, TRAINING_ROWS * width),
    };
    const statistics = fitTabular(nnet.tabular!, training);
    const scaled = applyTabular(nnet.tabular!, statistics, nnet);

    // The same encoding (what checkpoints carry), statistics and numbers.
    const { statistics: pythonStatistics, ...pythonEncoding } = python.fitted;
    expect(pythonEncoding).toEqual(nnet.tabular);
    expect(pythonStatistics!.rows).toBe(TRAINING_ROWS);
    for (const key of ['fill', 'center', 'divisor'] as const)
      pythonStatistics![key].forEach((v, k) => expect(v).toBeCloseTo(statistics[key][k], 9));
    const flat = (rows: (number | null)[][]) => rows.flat().map((v) => (v === null ? NaN : v));
    expect(flat(python.inputs)).toEqual(Array.from(nnet.inputs));
    flat(python.scaled).forEach((v, i) => expect(v).toBeCloseTo(scaled.inputs[i], 5));
    expect(python.targets).toEqual(Array.from(nnet.targets));
  });
});
