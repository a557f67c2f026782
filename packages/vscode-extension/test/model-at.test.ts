// The status bar's numbers: the model under the cursor, counted by the compiler on unsaved text,
// with imports read from open buffers first — `Σ 181,310 params` for the course's exercise.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBuffer, modelAt, modelsIn, statusText, statusTooltip } from '../src/model-at.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');
const read = (name: string) => fs.readFileSync(path.join(examples, name), 'utf8');
const at = (text: string, marker: string) => text.indexOf(marker);

describe('modelAt', () => {
  const exercise = read('exercise.nnet');
  const file = path.join(examples, 'exercise.nnet');

  it('counts the exercise model: Σ 181,310 params', () => {
    const found = modelAt(checkBuffer(file, exercise), at(exercise, 'repeat 3'));
    expect(found).toMatchObject({
      model: 'Exercise',
      complete: true,
      viaTrainRun: false,
      totals: { total: 181_310, trainable: 181_310, nonTrainable: 0 },
    });
    expect(statusText(found!)).toBe('Σ 181,310 params');
    expect(statusTooltip(found!)).toContain(
      'Exercise: 181,310 parameters (trainable 181,310, non-trainable 0), counted as Keras does.',
    );
  });

  it('counts the model a train run trains', () => {
    const found = modelAt(checkBuffer(file, exercise), at(exercise, 'optimizer = sgd'));
    expect(found).toMatchObject({
      model: 'Exercise',
      viaTrainRun: true,
      totals: { total: 181_310 },
    });
  });

  it('reads the unsaved text, not the file on disk', () => {
    const edited = exercise.replace('const hidden = 100', 'const hidden = 10');
    const found = modelAt(checkBuffer(file, edited), at(edited, 'flatten'));
    // 1600·10+10 + 2·(10·10+10) + 10·10+10 = 16,010 + 220 + 110
    expect(found?.totals.total).toBe(16_340);
  });

  it('follows the convention: batchnorm statistics count under Keras, not under PyTorch', () => {
    const text = read('batchnorm-dropout.nnet');
    const result = checkBuffer(path.join(examples, 'batchnorm-dropout.nnet'), text);
    const offset = at(text, 'flatten');
    expect(modelAt(result, offset, 'keras')?.totals).toEqual({
      total: 236_682,
      trainable: 235_914,
      nonTrainable: 768,
    });
    expect(modelAt(result, offset, 'torch')?.totals.total).toBe(235_914);
    expect(statusTooltip(modelAt(result, offset, 'torch')!)).toContain('counted as PyTorch does');
  });

  it('picks the model around the cursor in a file with several, and none between them', () => {
    const text = read('residual.nnet');
    const result = checkBuffer(path.join(examples, 'residual.nnet'), text);
    expect(modelsIn(result)).toEqual(['Deep', 'TwoBranch']);
    expect(modelAt(result, at(text, 'merged = concat'))?.totals.total).toBe(4_235);
    expect(modelAt(result, at(text, 'repeat 4 {'))?.totals.total).toBe(33_930);
    expect(modelAt(result, at(text, '/// Two branches'))).toBeUndefined();
    expect(modelAt(result, at(text, 'add(in, h)'))).toBeUndefined(); // inside a block: no model of its own
  });

  it('answers with the only model when the cursor is outside it', () => {
    expect(modelAt(checkBuffer(file, exercise), 0)?.model).toBe('Exercise');
  });

  it('marks a model with errors as counted so far', () => {
    const text = 'model Broken {\n  input x: [4]\n  dense(8)\n  dense(oops)\n}\n';
    const found = modelAt(
      checkBuffer(path.join(examples, 'broken.nnet'), text),
      at(text, 'dense(8)'),
    );
    expect(found?.complete).toBe(false);
    expect(statusText(found!)).toBe('Σ 40 params (so far)');
    expect(statusTooltip(found!)).toContain('The model has errors');
  });

  it('reads an imported file from the open buffer when there is one', () => {
    const importer = read('imports.nnet');
    const importerFile = path.join(examples, 'imports.nnet');
    const blocksFile = path.join(examples, 'blocks.nnet');
    const fromDisk = checkBuffer(importerFile, importer);
    const narrower = read('blocks.nnet').replace(
      'block DenseBnRelu(units) {\n  dense(units)',
      'block DenseBnRelu(units) {\n  dense(1)',
    );
    const fromBuffer = checkBuffer(importerFile, importer, (f) =>
      f === blocksFile ? narrower : undefined,
    );
    const name = modelsIn(fromDisk)[0];
    const offset = at(importer, `model ${name}`);
    expect(modelAt(fromDisk, offset)?.totals.total).not.toBe(
      modelAt(fromBuffer, offset)?.totals.total,
    );
  });
});
