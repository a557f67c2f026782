// The trainer's data: the train run's `data = …` source made in the worker — the runtime's generated
// sets (spiral, moons, circles, blobs, truth tables, function, random) from the checked arguments and
// the run's seed, or the MNIST subset shipped with the page (2,000 images, resized as asked).

import { Prng } from '@nnet/runtime';
// The runtime's generated toy sets are pure (a Prng in, arrays out) but live in its host-only data/
// folder, outside both of its entries: the playground takes that one file by path.
import {
  makeAnd,
  makeBlobs,
  makeCircles,
  makeMoons,
  makeOr,
  makeRandom,
  makeSpiral,
  makeXor,
} from '../../runtime/src/data/toy-sets.js';
import { makeFunctionData } from '../../runtime/src/data/function-source.js';
import { resizeImages } from '../../runtime/src/data/resize.js';

export interface PlaygroundData {
  name: string;
  inputs: Float32Array;
  /** Class indices (classification), 0/1 labels (binary) or values (regression). */
  targets: Float32Array;
  count: number;
  inputSize: number;
  targetSize: number;
  /** Number of classes (1 for a binary label or a regression value). */
  classes: number;
  /** Square grey images of this side (MNIST), drawn with the model's guesses. */
  imageSide?: number;
}

type Args = Record<string, unknown>;
const number = (args: Args, name: string, fallback: number) =>
  typeof args[name] === 'number' ? (args[name] as number) : fallback;

/** The MNIST subset: 2,000 images of 28 × 28 bytes, then their 2,000 labels (gzip); `resize` as
 * `mnist(resize = [h, w])` asks (bilinear, the runtime's). */
async function loadMnistSubset(resize: unknown): Promise<PlaygroundData> {
  const response = await fetch(new URL('./mnist-2000.bin.gz', import.meta.url));
  if (!response.ok || !response.body)
    throw new Error('the MNIST subset is missing from this build');
  const bytes = new Uint8Array(
    await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer(),
  );
  const count = bytes.length / (784 + 1);
  const [height, width] =
    Array.isArray(resize) && resize.length === 2 ? (resize as number[]) : [28, 28];
  const inputs = resizeImages(bytes.subarray(0, count * 784), count, 28, 28, height, width);
  const targets = Float32Array.from(bytes.subarray(count * 784));
  return {
    name: 'mnist (2,000 images)',
    inputs,
    targets,
    count,
    inputSize: height * width,
    targetSize: 1,
    classes: 10,
    ...(height === width ? { imageSide: height } : {}),
  };
}

export async function makeData(
  source: { name: string; args: Args } | undefined,
  seed: number,
): Promise<PlaygroundData> {
  if (!source) throw new Error('the train block has no `data = …`');
  const prng = new Prng(seed);
  const args = source.args;
  const noise = (fallback: number) => number(args, 'noise', fallback);
  let dataset;
  switch (source.name) {
    case 'spiral':
      dataset = makeSpiral(
        {
          points: number(args, 'points', 100),
          classes: number(args, 'classes', 3),
          noise: noise(0.2),
        },
        prng,
      );
      break;
    case 'moons':
      dataset = makeMoons({ samples: number(args, 'samples', 200), noise: noise(0.1) }, prng);
      break;
    case 'circles':
      dataset = makeCircles(
        {
          samples: number(args, 'samples', 200),
          noise: noise(0.05),
          factor: number(args, 'factor', 0.5),
        },
        prng,
      );
      break;
    case 'blobs':
      dataset = makeBlobs(
        {
          samples: number(args, 'samples', 300),
          centers: number(args, 'centers', 3),
          features: number(args, 'features', 2),
          std: number(args, 'std', 1),
        },
        prng,
      );
      break;
    case 'xor':
      dataset = makeXor();
      break;
    case 'or':
      dataset = makeOr();
      break;
    case 'and':
      dataset = makeAnd();
      break;
    case 'function':
      dataset = makeFunctionData(
        {
          expr: String(args.expr),
          noise: noise(0.1),
          samples: number(args, 'samples', 200),
          range: Array.isArray(args.range) ? (args.range as number[]) : [-1, 1],
        },
        prng,
      );
      break;
    case 'random':
      dataset = makeRandom(
        {
          inputs: number(args, 'inputs', 1),
          outputs: number(args, 'outputs', 1),
          samples: number(args, 'samples', 100),
        },
        prng,
      );
      break;
    case 'mnist':
      return loadMnistSubset(args.resize);
    default:
      throw new Error(
        `the page has spiral, moons, circles, blobs, xor, or, and, function, random and 2,000 MNIST images, not \`${source.name}\` (a web page reads no files): train this one with \`nnc train\``,
      );
  }
  const inputSize = dataset.inputShape.reduce((a, b) => a * b, 1);
  const targetSize = Math.max(
    1,
    dataset.targetShape.reduce((a, b) => a * b, 1),
  );
  return {
    name: source.name,
    inputs: Float32Array.from(dataset.inputs),
    targets: Float32Array.from(dataset.targets),
    count: dataset.count,
    inputSize,
    targetSize,
    classes: dataset.task === 'classification' ? (dataset.classes ?? 2) : 1,
  };
}

/** Shuffled indices cut at `trainFraction`: [train, test] (the run's `split`, or the page's ratio). */
export function splitIndices(
  count: number,
  trainFraction: number,
  seed: number,
): [Int32Array, Int32Array] {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  new Prng(seed + 1).shuffle(order);
  const cut = Math.max(1, Math.min(count, Math.round(count * trainFraction)));
  return [order.slice(0, cut), order.slice(cut)];
}
