// The TensorFlow.js side, on the `wasm` backend (SIMD, one thread in Node) or the pure-JS `cpu`
// backend: the workload's layers as a tf.sequential model, trained with `model.trainOnBatch`
// (Keras style; resolves once the loss is read back) or run with `model.predict` for inference.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { TrainStep } from '../timing.js';
import { batchViews, type WorkloadData } from '../workload-data.js';
import { outputSize, type LayerSpec, type Workload } from '../workloads.js';

export type TfjsBackend = 'cpu' | 'wasm';

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

/** A description of the backend as it runs, e.g. `wasm (SIMD, 1 thread), tfjs 4.22.0`. */
export function tfjsBackendNote(): string {
  const backend = tf.getBackend();
  if (backend !== 'wasm') return `${backend}, tfjs ${tf.version.tfjs}`;
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threads' : '1 thread';
  return `wasm (${simd}, ${threads}), tfjs ${tf.version.tfjs}, trainOnBatch / predict`;
}

function tfjsLayer(
  layer: LayerSpec,
  isLast: boolean,
  workload: Workload,
  inputShape?: number[],
): tf.layers.Layer {
  const first = inputShape ? { inputShape } : {};
  switch (layer.kind) {
    case 'dense': {
      const softmax = isLast && workload.loss === 'cross_entropy';
      const activation = softmax ? 'softmax' : layer.activation;
      return tf.layers.dense({ units: layer.units, activation, ...first });
    }
    case 'conv2d':
      return tf.layers.conv2d({
        filters: layer.filters,
        kernelSize: layer.kernel,
        activation: layer.activation,
        ...first,
      });
    case 'maxpool2d':
      return tf.layers.maxPooling2d({ poolSize: layer.size, ...first });
    case 'flatten':
      return tf.layers.flatten(first);
    case 'lstm':
      // Keras' default recurrent activation is hard_sigmoid; PyTorch and nnet use the sigmoid.
      return tf.layers.lstm({ units: layer.units, recurrentActivation: 'sigmoid', ...first });
  }
}

function buildModel(workload: Workload): tf.Sequential {
  const model = tf.sequential();
  workload.layers.forEach((layer, i) =>
    model.add(
      tfjsLayer(
        layer,
        i === workload.layers.length - 1,
        workload,
        i === 0 ? workload.inputShape : undefined,
      ),
    ),
  );
  return model;
}

export function tfjsStep(workload: Workload, data: WorkloadData): TrainStep {
  const views = batchViews(workload, data);
  const batches = views.xs.length;
  const xs = views.xs.map((x) => tf.tensor(x, [workload.batch, ...workload.inputShape]));
  const model = buildModel(workload);
  if (workload.mode === 'infer') {
    return (index) => {
      const output = model.predict(xs[index % batches]) as tf.Tensor;
      const values = output.dataSync();
      output.dispose();
      return values;
    };
  }
  const ys = views.ys.map((y) =>
    y instanceof Int32Array
      ? tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), outputSize(workload)).toFloat())
      : tf.tensor2d(y, [workload.batch, outputSize(workload)]),
  );
  const { name, learningRate } = workload.optimizer;
  const optimizer =
    name === 'adam' ? tf.train.adam(learningRate, 0.9, 0.999, 1e-7) : tf.train.sgd(learningRate);
  const loss = workload.loss === 'cross_entropy' ? 'categoricalCrossentropy' : 'meanSquaredError';
  model.compile({ optimizer, loss });
  return (index) => model.trainOnBatch(xs[index % batches], ys[index % batches]);
}
