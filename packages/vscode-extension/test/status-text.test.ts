// The status bar's words for a `nnet/modelAt` answer: `Σ 181,310 params`, "(so far)" for a model
// with errors, and a tooltip naming the model, its trainable share and whose convention counted.

import { describe, expect, it } from 'vitest';
import { statusText, statusTooltip, type ModelAtCursor } from '../src/model-at.js';

const exercise: ModelAtCursor = {
  model: 'Exercise',
  totals: { total: 181_310, trainable: 181_310, nonTrainable: 0 },
  convention: 'keras',
  complete: true,
  viaTrainRun: false,
};

describe('status bar text', () => {
  it('writes the count the way the summary does', () => {
    expect(statusText(exercise)).toBe('Σ 181,310 params');
    expect(statusTooltip(exercise)).toContain(
      'Exercise: 181,310 parameters (trainable 181,310, non-trainable 0), counted as Keras does.',
    );
  });

  it('says when the model has errors and whose convention counted', () => {
    const broken = { ...exercise, totals: { total: 40, trainable: 40, nonTrainable: 0 } };
    expect(statusText({ ...broken, complete: false })).toBe('Σ 40 params (so far)');
    expect(statusTooltip({ ...broken, complete: false })).toContain('The model has errors');
    expect(statusTooltip({ ...exercise, convention: 'torch' })).toContain(
      'counted as PyTorch does',
    );
  });
});
