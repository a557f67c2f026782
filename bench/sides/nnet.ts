// The nnet side: compiles the net's .nnet text in this process and steps its generated
// `trainStep` over the data's batches (views made once, so the loop allocates nothing).

import { compileAndLoad } from '../../packages/compiler/src/codegen/load.js';
import type { BenchData } from '../data.js';
import { inputSize, nnetSource, outputSize, type BenchNet } from '../nets.js';
import type { TrainStep } from '../timing.js';

export async function nnetTrainStep(
  net: BenchNet,
  data: BenchData,
  seed: number,
): Promise<TrainStep> {
  const model = await compileAndLoad(nnetSource(net), { seed });
  const targetSize = net.loss === 'cross_entropy' ? 1 : outputSize(net);
  const batches = data.samples / net.batch;
  const xs: Float32Array[] = [];
  const ys: (Float32Array | Int32Array)[] = [];
  for (let b = 0; b < batches; b++) {
    const first = b * net.batch;
    xs.push(data.x.subarray(first * inputSize(net), (first + net.batch) * inputSize(net)));
    ys.push(data.y.subarray(first * targetSize, (first + net.batch) * targetSize));
  }
  return (index) => model.trainStep(xs[index % batches], ys[index % batches], net.batch);
}
