// The catalogue as data: the names of the language design, unique names (aliases included), a
// non-empty doc everywhere, every default fitting its own type, and the cross-references between
// tables (activation arguments, fused activations, monitored quantities) resolving.

import { describe, expect, it } from 'vitest';
import {
  activations,
  createCatalogue,
  findActivation,
  layers,
  monitoredQuantities,
  namesOf,
  valueFitsType,
  type ArgSpec,
} from '../../src/catalogue/index.js';

const catalogue = createCatalogue();

// The names fixed by the language design (shared/LANGUAGE.md, plus gaussian_noise, upsample2d,
// zero_padding2d, rmsnorm and maximum from issue 8, and gcn, position_embedding and positional_encoding from issue 14), written out as
// the expected data.
const designNames = {
  layers:
    'dense dense_transposed flatten reshape dropout gaussian_noise batchnorm layernorm rmsnorm gcn conv1d conv2d maxpool1d maxpool2d avgpool2d globalavgpool upsample2d zero_padding2d embedding rnn lstm gru attention position_embedding positional_encoding add concat multiply maximum perceptron',
  activations:
    'identity linear step sigmoid tanh relu leaky_relu prelu elu selu softplus softsign hard_sigmoid gaussian swish gelu softmax',
  losses:
    'mse mae mape msle hinge squared_hinge categorical_hinge logcosh cross_entropy sparse_cross_entropy binary_cross_entropy kld poisson cosine perceptron',
  optimizers: 'sgd adagrad adadelta rmsprop adam adamax nadam adamw perceptron',
  metrics: 'accuracy binary_accuracy top_k auc mse mae',
  dataSources:
    'xor or and spiral moons circles blobs function random csv idx json mnist fashion_mnist graph karate_club',
};

const sorted = (words: string) => words.split(' ').sort();

function allArgLists(): [string, readonly ArgSpec[]][] {
  const lists: [string, readonly ArgSpec[]][] = [];
  for (const [kind, table] of [
    ['layer', catalogue.layers],
    ['activation', catalogue.activations],
    ['loss', catalogue.losses],
    ['optimizer', catalogue.optimizers],
    ['metric', catalogue.metrics],
    ['data source', catalogue.dataSources],
  ] as const) {
    for (const spec of table.values()) lists.push([`${kind} ${spec.name}`, spec.args]);
  }
  for (const setting of catalogue.trainSettings.values()) {
    if (setting.value.kind === 'object')
      lists.push([`train setting ${setting.name}`, setting.value.fields]);
  }
  return lists;
}

describe('names', () => {
  it('holds exactly the names of the language design', () => {
    expect([...catalogue.layers.keys()].sort()).toEqual(sorted(designNames.layers));
    expect(activations.flatMap(namesOf).sort()).toEqual(sorted(designNames.activations));
    expect([...catalogue.losses.keys()].sort()).toEqual(sorted(designNames.losses));
    expect([...catalogue.optimizers.keys()].sort()).toEqual(sorted(designNames.optimizers));
    expect([...catalogue.metrics.keys()].sort()).toEqual(sorted(designNames.metrics));
    expect([...catalogue.dataSources.keys()].sort()).toEqual(sorted(designNames.dataSources));
  });

  it('keeps every name unique within its table, aliases included, and layers apart from activations', () => {
    const activationNames = activations.flatMap(namesOf);
    expect(new Set(activationNames).size).toBe(activationNames.length);
    expect(new Set(layers.map((layer) => layer.name)).size).toBe(layers.length);
    expect(activationNames.filter((name) => catalogue.layers.has(name))).toEqual([]);
    expect(findActivation(catalogue, 'linear')?.name).toBe('identity');
    expect(catalogue.activations.has('linear')).toBe(false);
  });
});

describe('documentation', () => {
  it('every entry has a summary and a doc; activations and losses a formula', () => {
    const entries = [
      ...catalogue.layers.values(),
      ...catalogue.activations.values(),
      ...catalogue.losses.values(),
      ...catalogue.optimizers.values(),
      ...catalogue.metrics.values(),
      ...catalogue.dataSources.values(),
    ];
    for (const entry of entries) {
      expect(entry.summary.trim(), entry.name).not.toBe('');
      expect(entry.doc.trim(), entry.name).not.toBe('');
    }
    for (const entry of [
      ...catalogue.activations.values(),
      ...catalogue.losses.values(),
      ...catalogue.optimizers.values(),
    ]) {
      expect(entry.formula.trim(), entry.name).not.toBe('');
    }
    for (const setting of catalogue.trainSettings.values()) {
      expect(setting.doc.trim(), setting.name).not.toBe('');
      expect(setting.example.trim(), setting.name).not.toBe('');
    }
  });

  it('every argument has a doc', () => {
    for (const [owner, args] of allArgLists()) {
      for (const arg of args) expect(arg.doc.trim(), `${owner}: ${arg.name}`).not.toBe('');
    }
  });

  it("layer docs carry their formula; activation docs give f and f'", () => {
    expect(catalogue.layers.get('dense')!.doc).toContain('y = f(x \\cdot W + b)');
    for (const layer of catalogue.layers.values()) expect(layer.doc, layer.name).toContain('$$');
    for (const activation of catalogue.activations.values()) {
      expect(activation.doc, activation.name).toContain('f(x)');
      expect(activation.doc, activation.name).toMatch(/f'\(x\)|\\partial f/);
    }
  });
});

describe('arguments', () => {
  it('every default fits its own type, and required arguments have none', () => {
    for (const [owner, args] of allArgLists()) {
      for (const arg of args) {
        if (arg.default !== undefined)
          expect(valueFitsType(arg.type, arg.default), `${owner}: ${arg.name}`).toBe(true);
        if (arg.required) expect(arg.default, `${owner}: ${arg.name}`).toBeUndefined();
      }
      const names = args.map((arg) => arg.name);
      expect(new Set(names).size, owner).toBe(names.length);
    }
    for (const setting of catalogue.trainSettings.values()) {
      if (setting.value.kind === 'typed' && setting.default !== undefined) {
        expect(valueFitsType(setting.value.type, setting.default), setting.name).toBe(true);
      }
    }
  });

  it('activation defaults name real activations', () => {
    for (const [owner, args] of allArgLists()) {
      for (const arg of args) {
        if (arg.type.kind === 'activation' && arg.default !== undefined) {
          const name = (arg.default as { activation: string }).activation;
          expect(findActivation(catalogue, name), `${owner}: ${arg.name}`).toBeDefined();
        }
      }
    }
  });

  it('activationArg names an activation argument; merges take their inputs as arguments', () => {
    for (const layer of catalogue.layers.values()) {
      if (layer.activationArg) {
        expect(
          layer.args.find((arg) => arg.name === layer.activationArg)?.type.kind,
          layer.name,
        ).toBe('activation');
      }
      // Merges take any number of values; gcn exactly two (the features and the adjacency).
      if (layer.inputsAsArguments)
        expect(layer.inputs, layer.name).toEqual({
          min: 2,
          max: layer.category === 'merge' ? Infinity : 2,
        });
      // A value argument (`attention(4, padding = ids)`) is one more, optional input.
      else
        expect(layer.inputs, layer.name).toEqual({
          min: 1,
          max: 1 + (layer.valueArgs?.length ?? 0),
        });
    }
    const withActivation = [...catalogue.layers.values()]
      .filter((layer) => layer.activationArg)
      .map((layer) => layer.name);
    expect(withActivation.sort()).toEqual([
      'conv1d',
      'conv2d',
      'dense',
      'dense_transposed',
      'gcn',
      'gru',
      'lstm',
      'rnn',
    ]);
    expect(catalogue.layers.get('concat')!.args.map((arg) => arg.name)).toEqual(['axis']);
    expect(catalogue.layers.get('add')!.args).toEqual([]);
  });

  it('valueFitsType follows the ArgType rules', () => {
    expect(valueFitsType({ kind: 'int', min: 1 }, 0)).toBe(false);
    expect(valueFitsType({ kind: 'int', min: 1 }, 2.5)).toBe(false);
    expect(valueFitsType({ kind: 'number', min: 0, max: 1, maxExclusive: true }, 1)).toBe(false);
    expect(valueFitsType({ kind: 'number', min: 0, max: 1, maxExclusive: true }, 0)).toBe(true);
    expect(valueFitsType({ kind: 'intTuple', length: 2, min: 1 }, 3)).toBe(true);
    expect(valueFitsType({ kind: 'intTuple', length: 2, min: 1 }, [3, 5])).toBe(true);
    expect(valueFitsType({ kind: 'intTuple', length: 2, min: 1 }, [3])).toBe(false);
    expect(valueFitsType({ kind: 'ints', allowInfer: true, min: 1 }, [28, -1])).toBe(true);
    expect(valueFitsType({ kind: 'ints', allowInfer: true, min: 1 }, [-1, -1])).toBe(false);
    expect(valueFitsType({ kind: 'ints', min: 1 }, [-1])).toBe(false);
    expect(valueFitsType({ kind: 'enum', values: ['valid', 'same'] }, 'full')).toBe(false);
  });
});

describe('cross references', () => {
  it('cross_entropy fuses with softmax, binary_cross_entropy with sigmoid', () => {
    expect(catalogue.losses.get('cross_entropy')!.fusesWith).toBe('softmax');
    expect(catalogue.losses.get('sparse_cross_entropy')!.fusesWith).toBe('softmax');
    expect(catalogue.losses.get('binary_cross_entropy')!.fusesWith).toBe('sigmoid');
    for (const loss of catalogue.losses.values()) {
      if (loss.fusesWith) expect(catalogue.activations.has(loss.fusesWith), loss.name).toBe(true);
    }
  });

  it('early_stop can monitor the loss and each metric of the run, on training or validation data', () => {
    expect(monitoredQuantities(['accuracy', 'top_k'])).toEqual([
      'loss',
      'accuracy',
      'top_k',
      'val_loss',
      'val_accuracy',
      'val_top_k',
    ]);
    const earlyStop = catalogue.trainSettings.get('early_stop')!;
    const fields = earlyStop.value.kind === 'object' ? earlyStop.value.fields : [];
    expect(fields.map((field) => [field.name, field.default])).toEqual([
      ['monitor', 'val_loss'],
      ['patience', 5],
      ['min_delta', 0],
    ]);
  });
});
