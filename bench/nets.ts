// Three fully connected nets (A, B and C of bench/workloads.ts as layer sizes) for the kernel
// experiments in bench/experiments/; `pnpm bench` itself runs the workloads of workloads.ts.
// ReLU hidden layers, a linear last layer (softmax folded into the loss), plain SGD.

export interface BenchNet {
  /** Short name for the table and file names: `50-80-1`. */
  id: string;
  /** Layer widths, input first: [50, 80, 1]. */
  sizes: number[];
  batch: number;
  /** `mse`: mean over outputs of (u − y)²; `cross_entropy`: softmax + negative log-likelihood of a class index. */
  loss: 'mse' | 'cross_entropy';
  learningRate: number;
}

export const benchNets: readonly BenchNet[] = [
  { id: '50-80-1', sizes: [50, 80, 1], batch: 20, loss: 'mse', learningRate: 0.01 },
  { id: '784-128-10', sizes: [784, 128, 10], batch: 64, loss: 'cross_entropy', learningRate: 0.01 },
  {
    id: '1600-100-100-100-10',
    sizes: [1600, 100, 100, 100, 10],
    batch: 32,
    loss: 'cross_entropy',
    learningRate: 0.01,
  },
];

export function inputSize(net: BenchNet): number {
  return net.sizes[0];
}

export function outputSize(net: BenchNet): number {
  return net.sizes[net.sizes.length - 1];
}

/** The net as .nnet text: `mse(half = false)` is Keras' and PyTorch's mean squared error. */
export function nnetSource(net: BenchNet): string {
  const hidden = net.sizes.slice(1, -1).map((units) => `  dense(${units}, relu)`);
  const last =
    net.loss === 'cross_entropy'
      ? `dense(${outputSize(net)}, softmax)`
      : `dense(${outputSize(net)})`;
  const loss = net.loss === 'cross_entropy' ? 'cross_entropy' : 'mse(half = false)';
  return [
    'model Bench {',
    `  input x: [${inputSize(net)}]`,
    ...hidden,
    `  ${last}`,
    '}',
    '',
    'train Bench {',
    `  data = random(inputs = ${inputSize(net)}, outputs = ${outputSize(net)})`,
    `  loss = ${loss}`,
    `  optimizer = sgd(lr = ${net.learningRate})`,
    `  batch = ${net.batch}`,
    '  epochs = 1',
    '}',
    '',
  ].join('\n');
}
