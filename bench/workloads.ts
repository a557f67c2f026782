// The benchmark's workloads, described once as plain data (layers, loss, optimizer, batch, train
// or inference). Every side builds its model from these: nnet from the .nnet text made here,
// TensorFlow.js and PyTorch from the same layer list, so all run the same network.

export type LayerSpec =
  | { kind: 'dense'; units: number; activation: 'relu' | 'linear' }
  | { kind: 'conv2d'; filters: number; kernel: number; activation: 'relu' }
  | { kind: 'maxpool2d'; size: number }
  | { kind: 'flatten' }
  /** Returns its last hidden state; tanh and sigmoid gates, as in PyTorch. */
  | { kind: 'lstm'; units: number };

export interface Workload {
  /** Short name for the table, the options and file names: `B-adam`. */
  id: string;
  /** One line for the table: `784-128-10, softmax CE, SGD, batch 64`. */
  title: string;
  /** One sample's shape in nnet's layout (channels last; a sequence is [steps, features]). */
  inputShape: number[];
  /** Hidden layers then the last dense layer (linear: softmax is folded into the loss). */
  layers: LayerSpec[];
  /** `mse`: mean over outputs of (u − y)²; `cross_entropy`: softmax + NLL of a class index. */
  loss: 'mse' | 'cross_entropy';
  optimizer: { name: 'sgd' | 'adam'; learningRate: number };
  batch: number;
  /** `train`: forward, loss, backward, update; `infer`: forward only (softmax output). */
  mode: 'train' | 'infer';
}

const dense = (units: number, activation: 'relu' | 'linear' = 'relu'): LayerSpec => ({
  kind: 'dense',
  units,
  activation,
});
const sgd = { name: 'sgd', learningRate: 0.01 } as const;
const adam = { name: 'adam', learningRate: 0.001 } as const;
const mlpB = [dense(128), dense(10, 'linear')];

export const workloads: readonly Workload[] = [
  {
    id: 'A',
    title: '50-80-1, mse, SGD, batch 20',
    inputShape: [50],
    layers: [dense(80), dense(1, 'linear')],
    loss: 'mse',
    optimizer: sgd,
    batch: 20,
    mode: 'train',
  },
  {
    id: 'B',
    title: '784-128-10, softmax CE, SGD, batch 64',
    inputShape: [784],
    layers: mlpB,
    loss: 'cross_entropy',
    optimizer: sgd,
    batch: 64,
    mode: 'train',
  },
  {
    id: 'B-adam',
    title: 'B with Adam',
    inputShape: [784],
    layers: mlpB,
    loss: 'cross_entropy',
    optimizer: adam,
    batch: 64,
    mode: 'train',
  },
  {
    id: 'B-infer',
    title: 'B inference, batch 1000',
    inputShape: [784],
    layers: mlpB,
    loss: 'cross_entropy',
    optimizer: sgd,
    batch: 1000,
    mode: 'infer',
  },
  {
    id: 'C',
    title: '1600-100-100-100-10, softmax CE, SGD, batch 32',
    inputShape: [1600],
    layers: [dense(100), dense(100), dense(100), dense(10, 'linear')],
    loss: 'cross_entropy',
    optimizer: sgd,
    batch: 32,
    mode: 'train',
  },
  {
    id: 'CNN',
    title: 'conv 8 3×3, maxpool 2, dense 64, dense 10; Adam, batch 64',
    inputShape: [28, 28, 1],
    layers: [
      { kind: 'conv2d', filters: 8, kernel: 3, activation: 'relu' },
      { kind: 'maxpool2d', size: 2 },
      { kind: 'flatten' },
      dense(64),
      dense(10, 'linear'),
    ],
    loss: 'cross_entropy',
    optimizer: adam,
    batch: 64,
    mode: 'train',
  },
  {
    id: 'LSTM',
    title: 'LSTM 64 over 28 rows of 28 → dense 10; Adam, batch 64',
    inputShape: [28, 28],
    layers: [{ kind: 'lstm', units: 64 }, dense(10, 'linear')],
    loss: 'cross_entropy',
    optimizer: adam,
    batch: 64,
    mode: 'train',
  },
];

export function findWorkload(id: string): Workload {
  const workload = workloads.find((w) => w.id === id);
  if (!workload) {
    throw new Error(
      `no workload '${id}'; expected one of ${workloads.map((w) => w.id).join(', ')}`,
    );
  }
  return workload;
}

/** Numbers in one input sample. */
export function inputSize(workload: Workload): number {
  return workload.inputShape.reduce((product, size) => product * size, 1);
}

/** Units of the last layer: targets per sample for mse, classes for cross_entropy. */
export function outputSize(workload: Workload): number {
  const last = workload.layers[workload.layers.length - 1];
  if (last.kind !== 'dense') throw new Error(`workload ${workload.id} must end in a dense layer`);
  return last.units;
}

/** Numbers in one sample's target: the values for mse, one class index for cross_entropy. */
export function targetSize(workload: Workload): number {
  return workload.loss === 'cross_entropy' ? 1 : outputSize(workload);
}

function nnetLayer(layer: LayerSpec, isLast: boolean, loss: Workload['loss']): string {
  switch (layer.kind) {
    case 'dense':
      if (isLast && loss === 'cross_entropy') return `dense(${layer.units}, softmax)`;
      return layer.activation === 'relu' ? `dense(${layer.units}, relu)` : `dense(${layer.units})`;
    case 'conv2d':
      return `conv2d(${layer.filters}, kernel = ${layer.kernel}, ${layer.activation})`;
    case 'maxpool2d':
      return `maxpool2d(${layer.size})`;
    case 'flatten':
      return 'flatten';
    case 'lstm':
      return `lstm(${layer.units})`;
  }
}

/**
 * The run's data statement, only for the checker: the bench feeds its own batches to trainStep.
 * `random` gives vectors, so images and sequences name MNIST's shapes (nothing is read).
 */
function nnetDataSource(workload: Workload): string {
  const shape = workload.inputShape.join(',');
  if (shape === '28,28,1') return 'mnist(add_channel = true)';
  if (shape === '28,28') return 'mnist';
  if (workload.inputShape.length !== 1) {
    throw new Error(`workload ${workload.id}: no data source gives samples of [${shape}]`);
  }
  return `random(inputs = ${inputSize(workload)}, outputs = ${outputSize(workload)})`;
}

/**
 * The workload as .nnet text. The softmax + cross_entropy pair is fused by the compiler, as
 * PyTorch's CrossEntropyLoss on logits; `mse(half = false)` is PyTorch's MSELoss.
 */
export function nnetSource(workload: Workload): string {
  const { layers, optimizer } = workload;
  const loss = workload.loss === 'cross_entropy' ? 'cross_entropy' : 'mse(half = false)';
  return [
    `// Benchmark workload ${workload.id}: ${workload.title}.`,
    'model Bench {',
    `  input x: [${workload.inputShape.join(', ')}]`,
    ...layers.map((layer, i) => `  ${nnetLayer(layer, i === layers.length - 1, workload.loss)}`),
    '}',
    '',
    'train Bench {',
    `  data = ${nnetDataSource(workload)}`,
    `  loss = ${loss}`,
    `  optimizer = ${optimizer.name}(lr = ${optimizer.learningRate})`,
    `  batch = ${workload.batch}`,
    '  epochs = 1',
    '}',
    '',
  ].join('\n');
}
