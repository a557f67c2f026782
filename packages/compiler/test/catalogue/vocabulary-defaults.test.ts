// Defaults and descriptions of the non-layer tables: activations, losses, optimizers (Keras's
// defaults), data sources (what each yields before loading) and train settings.

import { describe, expect, it } from 'vitest';
import {
  activationValue,
  createCatalogue,
  withDefaults,
  type Args,
} from '../../src/catalogue/index.js';

const catalogue = createCatalogue();

const defaultsOf = (table: 'optimizers' | 'losses' | 'activations' | 'metrics', name: string) =>
  withDefaults(catalogue[table].get(name)!.args);

function describeData(name: string, given: Args = {}) {
  const source = catalogue.dataSources.get(name)!;
  return source.describe(withDefaults(source.args, given));
}

describe('defaults', () => {
  it('optimizers follow Keras', () => {
    expect(defaultsOf('optimizers', 'sgd')).toEqual({ lr: 0.01, momentum: 0, nesterov: false });
    expect(defaultsOf('optimizers', 'adam')).toEqual({
      lr: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
    expect(defaultsOf('optimizers', 'adamw')).toMatchObject({ lr: 0.001, weight_decay: 0.004 });
    expect(defaultsOf('optimizers', 'perceptron')).toEqual({ rate: 1 });
  });

  it('activations, losses and metrics', () => {
    expect(defaultsOf('activations', 'leaky_relu')).toEqual({ alpha: 0.01 });
    expect(defaultsOf('activations', 'elu')).toEqual({ alpha: 1 });
    expect(defaultsOf('activations', 'softmax')).toEqual({ axis: -1 });
    expect(defaultsOf('losses', 'mse')).toEqual({ half: true });
    expect(defaultsOf('metrics', 'top_k')).toEqual({ k: 5 });
    expect(catalogue.losses.get('cross_entropy')!.task).toBe('multiclass');
    expect(catalogue.losses.get('binary_cross_entropy')!.task).toBe('binary');
    expect(catalogue.losses.get('perceptron')!.task).toBe('perceptron');
  });

  it('recurrent activations default to tanh and sigmoid', () => {
    const lstm = withDefaults(catalogue.layers.get('lstm')!.args, { units: 8 });
    expect(lstm.activation).toEqual(activationValue('tanh'));
    expect(lstm.recurrent_activation).toEqual(activationValue('sigmoid'));
    expect(lstm.return_sequences).toBe(false);
    expect(withDefaults(catalogue.layers.get('gru')!.args, { units: 8 }).reset_after).toBe(true);
    expect(
      withDefaults(catalogue.layers.get('dense')!.args, { units: 8 }).activation,
    ).toBeUndefined();
  });
});

describe('data sources describe one sample', () => {
  it('truth tables are binary with input [2] and target [1]', () => {
    for (const name of ['xor', 'or', 'and']) {
      expect(describeData(name)).toEqual({ input: [2], target: [1], task: 'binary' });
    }
  });

  it('generated sets', () => {
    expect(describeData('spiral')).toEqual({ input: [2], classes: 3, task: 'classification' });
    expect(describeData('spiral', { points: 50, classes: 5 })).toMatchObject({ classes: 5 });
    expect(describeData('moons')).toMatchObject({ input: [2], target: [1], task: 'binary' });
    expect(describeData('circles')).toMatchObject({ input: [2], task: 'binary' });
    expect(describeData('blobs', { features: 4, centers: 6 })).toEqual({
      input: [4],
      classes: 6,
      task: 'classification',
    });
    expect(describeData('function', { expr: 'sin(3*x)' })).toEqual({
      input: [1],
      target: [1],
      task: 'regression',
    });
    expect(describeData('random', { inputs: 8, outputs: 2 })).toEqual({
      input: [8],
      target: [2],
      task: 'regression',
    });
  });

  it('mnist and fashion_mnist: [28, 28], resized, flattened or with a channel; 10 classes', () => {
    for (const name of ['mnist', 'fashion_mnist']) {
      expect(describeData(name)).toEqual({ input: [28, 28], classes: 10, task: 'classification' });
      expect(describeData(name, { resize: [40, 40] })).toMatchObject({ input: [40, 40] });
      expect(describeData(name, { resize: 32, flatten: true })).toMatchObject({ input: [1024] });
      expect(describeData(name, { add_channel: true })).toMatchObject({ input: [28, 28, 1] });
    }
  });

  it('files are described only when loaded', () => {
    expect(describeData('csv', { path: 'titanic.csv', target: 'Survived' })).toEqual({});
    expect(describeData('json', { path: 'data.json' })).toEqual({});
    expect(describeData('idx', { images: 'a', labels: 'b' })).toEqual({ task: 'classification' });
  });
});

describe('train settings', () => {
  it('data and loss are required; the rest have defaults or are optional', () => {
    const required = [...catalogue.trainSettings.values()]
      .filter((setting) => setting.required)
      .map((setting) => setting.name);
    expect(required.sort()).toEqual(['data', 'loss']);
    expect(catalogue.trainSettings.get('batch')).toMatchObject({
      value: { kind: 'typed', type: { kind: 'int', min: 1 } },
      default: 32,
    });
    expect(catalogue.trainSettings.get('optimizer')!.default).toBe('sgd');
    expect(catalogue.trainSettings.get('split')!.default).toBeUndefined();
  });

  it('knows every setting of the design example', () => {
    for (const name of [
      'data',
      'loss',
      'optimizer',
      'batch',
      'epochs',
      'split',
      'metrics',
      'l1',
      'l2',
      'early_stop',
      'seed',
      'shuffle',
      'validation',
    ]) {
      expect(catalogue.trainSettings.has(name), name).toBe(true);
    }
  });
});
