// The language's vocabulary as one explicit value: `createCatalogue()` builds the tables from the
// arrays below (no registration by import side effect). Every name is unique within its table,
// aliases included, and no name is both a layer and an activation.

import { activations } from './activations.js';
import { dataSources } from './data-sources.js';
import { ensembleMethods } from './ensembles.js';
import { initializers } from './initializers.js';
import { add } from './layers/add.js';
import { attention } from './layers/attention.js';
import { avgpool2d } from './layers/avgpool2d.js';
import { batchnorm } from './layers/batchnorm.js';
import { concat } from './layers/concat.js';
import { conv1d } from './layers/conv1d.js';
import { conv2d } from './layers/conv2d.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { gaussianNoise } from './layers/gaussian-noise.js';
import { gcn } from './layers/gcn.js';
import { denseTransposed } from './layers/dense-transposed.js';
import { positionEmbedding } from './layers/position-embedding.js';
import { positionalEncoding } from './layers/positional-encoding.js';
import { embedding } from './layers/embedding.js';
import { flatten } from './layers/flatten.js';
import { globalavgpool } from './layers/globalavgpool.js';
import { upsample2d } from './layers/upsample2d.js';
import { gru } from './layers/gru.js';
import { layernorm } from './layers/layernorm.js';
import { lstm } from './layers/lstm.js';
import { maxpool1d } from './layers/maxpool1d.js';
import { maxpool2d } from './layers/maxpool2d.js';
import { multiply } from './layers/multiply.js';
import { perceptron } from './layers/perceptron.js';
import { reshape } from './layers/reshape.js';
import { rnn } from './layers/rnn.js';
import { losses } from './losses.js';
import { metrics } from './metrics.js';
import { optimizers } from './optimizers.js';
import { createSynonyms, type Synonyms } from './synonyms.js';
import { trainSettings } from './train-settings.js';
import type { ActivationSpec, Catalogue } from './types.js';

export * from './types.js';
export { ensembleMethods, type EnsembleMethodSpec } from './ensembles.js';
export { activationValue, withDefaults } from './arg-values.js';
export { describeArgType, valueFitsType } from './arg-types.js';
export {
  activationLayer,
  countParams,
  countWeights,
  layerWeightsFor,
  weightExistsIn,
  type ParamCount,
} from './params.js';
export {
  normalizeAxis,
  product,
  sameShape,
  shapeText,
  windowOutputSize,
  type Padding,
} from './shape-utils.js';
export { monitoredQuantities } from './train-settings.js';
export { paddingWordFor, type Synonym, type SynonymOrigin, type Synonyms } from './synonyms.js';

/** Every layer, in the order of the language design. */
export const layers = [
  dense,
  flatten,
  reshape,
  dropout,
  gaussianNoise,
  batchnorm,
  layernorm,
  gcn,
  denseTransposed,
  conv1d,
  conv2d,
  maxpool1d,
  maxpool2d,
  avgpool2d,
  globalavgpool,
  upsample2d,
  embedding,
  rnn,
  lstm,
  gru,
  attention,
  positionEmbedding,
  positionalEncoding,
  add,
  concat,
  multiply,
  perceptron,
] as const;

export { activations, dataSources, initializers, losses, metrics, optimizers, trainSettings };

/** Every name a spec answers to: its own and its aliases. */
export function namesOf(spec: { name: string; aliases?: readonly string[] }): string[] {
  return [spec.name, ...(spec.aliases ?? [])];
}

/** Builds a table keyed by canonical name; a name or alias used twice is a catalogue bug. */
function table<T extends { name: string; aliases?: readonly string[] }>(
  kind: string,
  specs: readonly T[],
): Map<string, T> {
  const byName = new Map<string, T>();
  const taken = new Set<string>();
  for (const spec of specs) {
    for (const name of namesOf(spec)) {
      if (taken.has(name))
        throw new Error(`catalogue: the ${kind} name \`${name}\` is defined twice`);
      taken.add(name);
    }
    byName.set(spec.name, spec);
  }
  return byName;
}

/** The activation called `name`, by its own name or an alias (`linear` → identity). */
export function findActivation(catalogue: Catalogue, name: string): ActivationSpec | undefined {
  const direct = catalogue.activations.get(name);
  if (direct) return direct;
  for (const spec of catalogue.activations.values()) if (spec.aliases?.includes(name)) return spec;
  return undefined;
}

/**
 * The whole vocabulary. Tables are keyed by canonical name (`identity`, not its alias `linear`),
 * so iterating a table lists each entry once; look names up with `findActivation`.
 */
export function createCatalogue(): Catalogue {
  const layerTable = table('layer', layers);
  const activationTable = table('activation', activations);
  for (const name of activations.flatMap(namesOf)) {
    if (layerTable.has(name))
      throw new Error(`catalogue: \`${name}\` is both a layer and an activation`);
  }
  const catalogue: Catalogue = {
    layers: layerTable,
    activations: activationTable,
    losses: table('loss', losses),
    optimizers: table('optimizer', optimizers),
    metrics: table('metric', metrics),
    dataSources: table('data source', dataSources),
    trainSettings: table('train setting', trainSettings),
    initializers: table('initializer', initializers),
    ensembleMethods: table('ensemble method', ensembleMethods),
    synonyms: createSynonyms(),
  };
  checkSynonyms(catalogue, catalogue.synonyms);
  return catalogue;
}

/** Every synonym must name something that exists, and never be a real name itself. */
function checkSynonyms(catalogue: Catalogue, synonyms: Synonyms): void {
  const tables = [
    ['layers', catalogue.layers],
    ['activations', catalogue.activations],
    ['losses', catalogue.losses],
    ['optimizers', catalogue.optimizers],
    ['metrics', catalogue.metrics],
    ['dataSources', catalogue.dataSources],
    ['trainSettings', catalogue.trainSettings],
  ] as const;
  for (const [kind, entries] of tables) {
    for (const synonym of synonyms[kind].values()) {
      if (!entries.has(synonym.canonical) || entries.has(synonym.written))
        throw new Error(`catalogue: bad ${kind} synonym \`${synonym.written}\``);
    }
  }
  const argumentNames = new Set<string>();
  const specsWithArgs = [
    ...catalogue.layers.values(),
    ...catalogue.activations.values(),
    ...catalogue.losses.values(),
    ...catalogue.optimizers.values(),
    ...catalogue.metrics.values(),
    ...catalogue.dataSources.values(),
  ];
  for (const spec of specsWithArgs) for (const arg of spec.args) argumentNames.add(arg.name);
  for (const spec of catalogue.initializers.values())
    for (const arg of spec.args ?? []) argumentNames.add(arg.name);
  for (const list of synonyms.arguments.values()) {
    for (const synonym of list) {
      if (!argumentNames.has(synonym.canonical))
        throw new Error(`catalogue: argument synonym \`${synonym.written}\` names no argument`);
    }
  }
}
