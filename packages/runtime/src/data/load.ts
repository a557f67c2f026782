// loadDataSource: the one entry point generated code calls, from a source name and its checked
// arguments (the names and defaults of the compiler's catalogue, repeated here because the runtime
// knows nothing of the compiler) to a Dataset. Generated sources draw from Prng(seed) only.

import { isAbsolute, resolve } from 'node:path';
import { Prng } from '../core/prng.js';
import {
  readBool,
  readInt,
  readNumber,
  readNumbers,
  readOptionalString,
  readOptionalStrings,
  readOptionalTuple,
  readString,
  withDataDefaults,
  type ArgDefaults,
  type DataArgs,
} from './args.js';
import { loadCsv, type CsvOptions } from './csv-source.js';
import type { Dataset } from './dataset.js';
import { makeFunctionData } from './function-source.js';
import { loadIdx } from './idx.js';
import { loadJson } from './json-source.js';
import { checkGraph, graphDataset, loadGraph, type GraphSplitOptions } from './graph-source.js';
import { karateClub } from './karate-club.js';
import { loadFashionMnist, loadMnist, type MnistOptions } from './mnist.js';
import {
  makeAnd,
  makeBlobs,
  makeCircles,
  makeMoons,
  makeOr,
  makeRandom,
  makeSpiral,
  makeXor,
} from './toy-sets.js';

export interface LoadOptions {
  /** Folder that file paths are relative to (the .nnet file's); the working directory by default. */
  baseDir?: string;
  /** Seed of the generated sources; 0 by default. */
  seed?: number;
}

interface LoadContext {
  prng: Prng;
  file(name: string): string;
}

interface SourceLoader {
  required?: readonly string[];
  defaults: ArgDefaults;
  load(args: DataArgs, ctx: LoadContext): Dataset;
}

const mnistArgs: ArgDefaults = { resize: undefined, flatten: false, add_channel: false };
const mnistOptions = (args: DataArgs): MnistOptions => ({
  resize: readOptionalTuple(args, 'resize', 2),
  flatten: readBool(args, 'flatten'),
  addChannel: readBool(args, 'add_channel'),
});

const graphArgs: ArgDefaults = { labelled: 2, pick: 'degree', validation: 0 };
const graphOptions = (args: DataArgs): GraphSplitOptions => ({
  labelled: readInt(args, 'labelled', 1),
  pick: readString(args, 'pick') === 'random' ? 'random' : 'degree',
  validation: readInt(args, 'validation', 0),
});

const loaders: Readonly<Record<string, SourceLoader>> = {
  xor: { defaults: {}, load: makeXor },
  or: { defaults: {}, load: makeOr },
  and: { defaults: {}, load: makeAnd },
  spiral: {
    defaults: { points: 100, classes: 3, noise: 0.2 },
    load: (args, ctx) =>
      makeSpiral(
        {
          points: readInt(args, 'points', 1),
          classes: readInt(args, 'classes', 1),
          noise: readNumber(args, 'noise'),
        },
        ctx.prng,
      ),
  },
  moons: {
    defaults: { samples: 200, noise: 0.1 },
    load: (args, ctx) =>
      makeMoons(
        { samples: readInt(args, 'samples', 1), noise: readNumber(args, 'noise') },
        ctx.prng,
      ),
  },
  circles: {
    defaults: { samples: 200, noise: 0.05, factor: 0.5 },
    load: (args, ctx) =>
      makeCircles(
        {
          samples: readInt(args, 'samples', 1),
          noise: readNumber(args, 'noise'),
          factor: readNumber(args, 'factor'),
        },
        ctx.prng,
      ),
  },
  blobs: {
    defaults: { samples: 300, centers: 3, features: 2, std: 1 },
    load: (args, ctx) =>
      makeBlobs(
        {
          samples: readInt(args, 'samples', 1),
          centers: readInt(args, 'centers', 1),
          features: readInt(args, 'features', 1),
          std: readNumber(args, 'std'),
        },
        ctx.prng,
      ),
  },
  function: {
    required: ['expr'],
    defaults: { noise: 0.1, samples: 200, range: [-1, 1] },
    load: (args, ctx) =>
      makeFunctionData(
        {
          expr: readString(args, 'expr'),
          noise: readNumber(args, 'noise'),
          samples: readInt(args, 'samples', 1),
          range: readNumbers(args, 'range'),
        },
        ctx.prng,
      ),
  },
  random: {
    required: ['inputs'],
    defaults: { outputs: 1, samples: 100 },
    load: (args, ctx) =>
      makeRandom(
        {
          inputs: readInt(args, 'inputs', 1),
          outputs: readInt(args, 'outputs', 1),
          samples: readInt(args, 'samples', 1),
        },
        ctx.prng,
      ),
  },
  csv: {
    required: ['path'],
    defaults: {
      target: undefined,
      columns: undefined,
      drop: undefined,
      scale: 'none',
      missing: 'mean',
      delimiter: ',',
      header: true,
    },
    load: (args, ctx) => loadCsv(ctx.file(readString(args, 'path')), csvOptions(args)),
  },
  idx: {
    required: ['images', 'labels'],
    defaults: {},
    load: (args, ctx) =>
      loadIdx(ctx.file(readString(args, 'images')), ctx.file(readString(args, 'labels'))),
  },
  json: {
    required: ['path'],
    defaults: {},
    load: (args, ctx) => loadJson(ctx.file(readString(args, 'path'))),
  },
  graph: {
    required: ['path'],
    defaults: graphArgs,
    load: (args, ctx) =>
      loadGraph(ctx.file(readString(args, 'path')), graphOptions(args), ctx.prng),
  },
  karate_club: {
    defaults: graphArgs,
    load: (args, ctx) => graphDataset(checkGraph(karateClub), graphOptions(args), ctx.prng),
  },
  mnist: { defaults: mnistArgs, load: (args) => loadMnist(mnistOptions(args)) },
  fashion_mnist: { defaults: mnistArgs, load: (args) => loadFashionMnist(mnistOptions(args)) },
};

/** The `csv(…)` arguments as loadCsv's options (also for `nnc data` and `nnc check`). */
export function csvOptions(given: DataArgs): CsvOptions {
  const csv = loaders.csv;
  const args = withDataDefaults('csv', csv.defaults, csv.required ?? [], given);
  const columns = readOptionalStrings(args, 'columns');
  const drop = readOptionalStrings(args, 'drop');
  const scale = readString(args, 'scale');
  const missing = readString(args, 'missing');
  if (scale !== 'none' && scale !== 'standardize' && scale !== 'minmax')
    throw new TypeError(
      `data argument \`scale\` should be none, standardize or minmax, found ${scale}`,
    );
  if (missing !== 'mean' && missing !== 'median')
    throw new TypeError(`data argument \`missing\` should be mean or median, found ${missing}`);
  return {
    target: readOptionalString(args, 'target'),
    delimiter: readString(args, 'delimiter'),
    header: readBool(args, 'header'),
    scale,
    missing,
    ...(columns ? { columns } : {}),
    ...(drop ? { drop } : {}),
  };
}

export const dataSourceNames: readonly string[] = Object.keys(loaders);

/** The arguments source `name` takes: required names and defaults (for a check against the catalogue). */
export function dataSourceArguments(name: string): {
  required: readonly string[];
  defaults: ArgDefaults;
} {
  const loader = loaders[name];
  return { required: loader.required ?? [], defaults: loader.defaults };
}

/**
 * The data set of source `name` with the checked `args` (defaults filled in where left out). User
 * mistakes in the data throw DataError; an unknown source or argument is a caller bug (TypeError).
 */
export function loadDataSource(
  name: string,
  args: DataArgs = {},
  options: LoadOptions = {},
): Dataset {
  const loader = Object.hasOwn(loaders, name) ? loaders[name] : undefined;
  if (!loader) {
    throw new TypeError(
      `unknown data source ${name}; the sources are ${dataSourceNames.join(', ')}`,
    );
  }
  const baseDir = options.baseDir ?? process.cwd();
  const ctx: LoadContext = {
    prng: new Prng(options.seed ?? 0),
    file: (path) => (isAbsolute(path) ? path : resolve(baseDir, path)),
  };
  return loader.load(withDataDefaults(name, loader.defaults, loader.required ?? [], args), ctx);
}
