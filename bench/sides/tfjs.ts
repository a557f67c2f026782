// The TensorFlow.js side, on the pure-JS `cpu` or the `wasm` backend (SIMD, one thread in Node):
// the same layers as a tf.sequential model, trained either with `model.trainOnBatch` (Keras
// style) or with `optimizer.minimize` around a fused softmax cross-entropy on logits.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BenchData } from '../data.js';
import { inputSize, outputSize, type BenchNet } from '../nets.js';
import type { TrainStep } from '../timing.js';

export type TfjsBackend = 'cpu' | 'wasm';
/** `minimize`: optimizer.minimize(loss on logits); `trainOnBatch`: compiled Keras model. */
export type TfjsLoop = 'minimize' | 'trainOnBatch';

export async function useTfjsBackend(backend: TfjsBackend): Promise<void> {
  if (backend === 'wasm') {
    // The .wasm binaries sit next to the package's main file; load them from disk, never the network.
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    if (!fs.existsSync(path.join(dist, 'tfjs-backend-wasm-simd.wasm'))) {
      throw new Error(`no tfjs-backend-wasm-simd.wasm in ${dist}`);
    }
    setWasmPaths(dist + path.sep);
  }
  if (!(await tf.setBackend(backend)))
    throw new Error(`TensorFlow.js backend ${backend} did not start`);
  await tf.ready();
}

/** A description of the backend as it runs, e.g. `wasm (SIMD, 1 thread)`. */
export function tfjsBackendNote(): string {
  const backend = tf.getBackend();
  if (backend !== 'wasm') return `${backend}, tfjs ${tf.version.tfjs}`;
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threads' : '1 thread';
  return `wasm (${simd}, ${threads}), tfjs ${tf.version.tfjs}`;
}

function buildModel(net: BenchNet, softmaxOutput: boolean): tf.Sequential {
  const model = tf.sequential();
  for (let i = 1; i < net.sizes.length; i++) {
    const last = i === net.sizes.length - 1;
    model.add(
      tf.layers.dense({
        units: net.sizes[i],
        activation: last ? (softmaxOutput ? 'softmax' : 'linear') : 'relu',
        ...(i === 1 ? { inputShape: [net.sizes[0]] } : {}),
      }),
    );
  }
  return model;
}

/** The data as tensors, one pair per batch, made before timing; targets one-hot for cross_entropy. */
function batchTensors(net: BenchNet, data: BenchData): { xs: tf.Tensor2D[]; ys: tf.Tensor2D[] } {
  const batches = data.samples / net.batch;
  const xs: tf.Tensor2D[] = [];
  const ys: tf.Tensor2D[] = [];
  for (let b = 0; b < batches; b++) {
    const first = b * net.batch;
    const x = data.x.subarray(first * inputSize(net), (first + net.batch) * inputSize(net));
    xs.push(tf.tensor2d(x, [net.batch, inputSize(net)]));
    if (data.y instanceof Int32Array) {
      const labels = tf.tensor1d(data.y.subarray(first, first + net.batch), 'int32');
      ys.push(tf.oneHot(labels, outputSize(net)).toFloat() as tf.Tensor2D);
      labels.dispose();
    } else {
      const y = data.y.subarray(first * outputSize(net), (first + net.batch) * outputSize(net));
      ys.push(tf.tensor2d(y, [net.batch, outputSize(net)]));
    }
  }
  return { xs, ys };
}

export function tfjsTrainStep(net: BenchNet, data: BenchData, loop: TfjsLoop): TrainStep {
  const { xs, ys } = batchTensors(net, data);
  const batches = xs.length;
  const optimizer = tf.train.sgd(net.learningRate);
  if (loop === 'trainOnBatch') {
    const model = buildModel(net, net.loss === 'cross_entropy');
    const loss = net.loss === 'cross_entropy' ? 'categoricalCrossentropy' : 'meanSquaredError';
    model.compile({ optimizer, loss });
    // Resolves once the loss has been read back, as nnet's trainStep returns its loss.
    return (index) => model.trainOnBatch(xs[index % batches], ys[index % batches]);
  }
  const model = buildModel(net, false);
  const lossOf = (x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar => {
    const output = model.apply(x, { training: true }) as tf.Tensor2D;
    return net.loss === 'cross_entropy'
      ? tf.losses.softmaxCrossEntropy(y, output)
      : tf.losses.meanSquaredError(y, output);
  };
  return (index) => {
    const x = xs[index % batches];
    const y = ys[index % batches];
    const loss = optimizer.minimize(() => lossOf(x, y), true)!;
    const value = loss.dataSync()[0];
    loss.dispose();
    return value;
  };
}
