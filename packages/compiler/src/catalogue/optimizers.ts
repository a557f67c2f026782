// Every optimizer of the language: name, arguments with Keras's defaults, the update rule for a
// weight w with gradient g, the runtime's option names and the torch.optim twin. `perceptron(rate)`
// is Rosenblatt's rule for `perceptron` layers.

import type { ArgSpec, Args, OptimizerSpec } from './types.js';

/** An argument the checker filled from its default when it was left out. */
const num = (args: Args, name: string) => args[name] as number;

const positive = { kind: 'number', min: 0, minExclusive: true } as const;
const fraction = { kind: 'number', min: 0, max: 1, maxExclusive: true } as const;

function learningRate(defaultValue: number): ArgSpec {
  return { name: 'lr', type: positive, doc: 'Learning rate η.', default: defaultValue };
}

const beta1: ArgSpec = {
  name: 'beta1',
  type: fraction,
  doc: 'Decay rate of the first-moment (mean) estimate.',
  default: 0.9,
  namedOnly: true,
};
const beta2: ArgSpec = {
  name: 'beta2',
  type: fraction,
  doc: 'Decay rate of the second-moment (squared) estimate.',
  default: 0.999,
  namedOnly: true,
};
const epsilon: ArgSpec = {
  name: 'epsilon',
  type: positive,
  doc: 'Small constant against division by zero.',
  default: 1e-7,
  namedOnly: true,
};

function doc(title: string, lines: string[], notes: string[]): string {
  return [
    `**${title}**`,
    '',
    '$$\\begin{aligned}',
    lines.join('\\\\\n'),
    '\\end{aligned}$$',
    '',
    ...notes,
  ].join('\n');
}

export const optimizers: readonly OptimizerSpec[] = [
  {
    name: 'sgd',
    runtimeOptions: { lr: 'learningRate', momentum: 'momentum', nesterov: 'nesterov' },
    pytorch: {
      construct: (a, py) =>
        `torch.optim.SGD(parameters, lr=lr, momentum=${py.float(num(a, 'momentum'))}, nesterov=${py.bool(a.nesterov === true)})`,
    },
    args: [
      learningRate(0.01),
      {
        name: 'momentum',
        type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
        doc: 'Momentum factor μ; 0 is plain gradient descent.',
        default: 0,
      },
      { name: 'nesterov', type: { kind: 'bool' }, doc: 'Use Nesterov momentum.', default: false },
    ],
    summary: 'Stochastic gradient descent, optionally with (Nesterov) momentum.',
    formula: 'v <- momentum * v - lr * g;  w <- w + v   (nesterov: w <- w + momentum * v - lr * g)',
    doc: doc(
      'sgd(lr = 0.01, momentum = 0, nesterov = false)',
      ['v &\\leftarrow \\mu v - \\eta g', 'w &\\leftarrow w + v'],
      ['With μ = 0 this is w ← w − η g. Nesterov: w ← w + μ v − η g. Keras: `SGD`.'],
    ),
  },
  {
    name: 'adagrad',
    runtimeOptions: {
      lr: 'learningRate',
      initial_accumulator: 'initialAccumulatorValue',
      epsilon: 'epsilon',
    },
    pytorch: {
      construct: (a, py) =>
        `torch.optim.Adagrad(parameters, lr=lr, initial_accumulator_value=${py.float(num(a, 'initial_accumulator'))}, eps=${py.float(num(a, 'epsilon'))})`,
    },
    args: [
      learningRate(0.001),
      {
        name: 'initial_accumulator',
        type: { kind: 'number', min: 0 },
        doc: 'Starting value of the sum of squared gradients.',
        default: 0.1,
        namedOnly: true,
      },
      epsilon,
    ],
    summary: 'Per-weight learning rates shrinking with the sum of squared gradients.',
    formula: 'a <- a + g^2;  w <- w - lr * g / (sqrt(a) + epsilon)',
    doc: doc(
      'adagrad(lr = 0.001)',
      ['a &\\leftarrow a + g^2', 'w &\\leftarrow w - \\eta\\, g / (\\sqrt{a} + \\epsilon)'],
      ['Keras: `Adagrad`.'],
    ),
  },
  {
    name: 'adadelta',
    runtimeOptions: { lr: 'learningRate', rho: 'rho', epsilon: 'epsilon' },
    pytorch: {
      construct: (a, py) =>
        `torch.optim.Adadelta(parameters, lr=lr, rho=${py.float(num(a, 'rho'))}, eps=${py.float(num(a, 'epsilon'))})`,
    },
    args: [
      learningRate(0.001),
      {
        name: 'rho',
        type: fraction,
        doc: 'Decay rate of the running averages.',
        default: 0.95,
        namedOnly: true,
      },
      epsilon,
    ],
    summary: 'Adagrad variant with running averages of squared gradients and updates.',
    formula:
      'a <- rho*a + (1-rho)*g^2;  d = sqrt(s+eps)/sqrt(a+eps) * g;  s <- rho*s + (1-rho)*d^2;  w <- w - lr*d',
    doc: doc(
      'adadelta(lr = 0.001, rho = 0.95)',
      [
        'a &\\leftarrow \\rho a + (1 - \\rho) g^2',
        '\\Delta &= \\frac{\\sqrt{s + \\epsilon}}{\\sqrt{a + \\epsilon}}\\, g',
        's &\\leftarrow \\rho s + (1 - \\rho) \\Delta^2',
        'w &\\leftarrow w - \\eta \\Delta',
      ],
      ["Keras: `Adadelta` (PyTorch's default lr is 1.0)."],
    ),
  },
  {
    name: 'rmsprop',
    runtimeOptions: {
      lr: 'learningRate',
      rho: 'alpha',
      momentum: 'momentum',
      centered: 'centered',
      epsilon: 'epsilon',
    },
    pytorch: {
      // rmsprop's decay ρ is torch's `alpha`.
      construct: (a, py) =>
        `torch.optim.RMSprop(parameters, lr=lr, alpha=${py.float(num(a, 'rho'))}, eps=${py.float(num(a, 'epsilon'))}, momentum=${py.float(num(a, 'momentum'))}, centered=${py.bool(a.centered === true)})`,
    },
    args: [
      learningRate(0.001),
      {
        name: 'rho',
        type: fraction,
        doc: 'Decay rate of the average of squared gradients.',
        default: 0.9,
        namedOnly: true,
      },
      {
        name: 'momentum',
        type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
        doc: 'Momentum factor.',
        default: 0,
        namedOnly: true,
      },
      epsilon,
      {
        name: 'centered',
        type: { kind: 'bool' },
        doc: 'Divide by the variance instead of the second moment.',
        default: false,
        namedOnly: true,
      },
    ],
    summary: 'Divides the gradient by a running root-mean-square of recent gradients.',
    formula: 'a <- rho*a + (1-rho)*g^2;  w <- w - lr * g / (sqrt(a) + epsilon)',
    doc: doc(
      'rmsprop(lr = 0.001, rho = 0.9)',
      [
        'a &\\leftarrow \\rho a + (1 - \\rho) g^2',
        'w &\\leftarrow w - \\eta\\, g / (\\sqrt{a} + \\epsilon)',
      ],
      ['Keras: `RMSprop`.'],
    ),
  },
  {
    name: 'adam',
    runtimeOptions: { lr: 'learningRate', beta1: 'beta1', beta2: 'beta2', epsilon: 'epsilon' },
    pytorch: {
      construct: (a, py) =>
        `torch.optim.Adam(parameters, lr=lr, betas=(${py.float(num(a, 'beta1'))}, ${py.float(num(a, 'beta2'))}), eps=${py.float(num(a, 'epsilon'))})`,
    },
    args: [learningRate(0.001), beta1, beta2, epsilon],
    summary: 'Adaptive moment estimation: momentum plus per-weight scaling.',
    formula:
      'm <- b1*m + (1-b1)*g;  v <- b2*v + (1-b2)*g^2;  w <- w - lr * m_hat / (sqrt(v_hat) + epsilon)',
    doc: doc(
      'adam(lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7)',
      [
        'm &\\leftarrow \\beta_1 m + (1 - \\beta_1) g, \\quad v \\leftarrow \\beta_2 v + (1 - \\beta_2) g^2',
        '\\hat m &= m / (1 - \\beta_1^t), \\quad \\hat v = v / (1 - \\beta_2^t)',
        'w &\\leftarrow w - \\eta\\, \\hat m / (\\sqrt{\\hat v} + \\epsilon)',
      ],
      ['Keras: `Adam` (ε = 1e-7; PyTorch uses 1e-8).'],
    ),
  },
  {
    name: 'adamax',
    runtimeOptions: { lr: 'learningRate', beta1: 'beta1', beta2: 'beta2', epsilon: 'epsilon' },
    pytorch: {
      construct: (a, py) =>
        `torch.optim.Adamax(parameters, lr=lr, betas=(${py.float(num(a, 'beta1'))}, ${py.float(num(a, 'beta2'))}), eps=${py.float(num(a, 'epsilon'))})`,
    },
    args: [learningRate(0.001), beta1, beta2, epsilon],
    summary: 'Adam with the infinity norm in place of the second moment.',
    formula:
      'm <- b1*m + (1-b1)*g;  u <- max(b2*u, |g|);  w <- w - lr / (1-b1^t) * m / (u + epsilon)',
    doc: doc(
      'adamax(lr = 0.001)',
      [
        'm &\\leftarrow \\beta_1 m + (1 - \\beta_1) g, \\quad u \\leftarrow \\max(\\beta_2 u, |g|)',
        'w &\\leftarrow w - \\frac{\\eta}{1 - \\beta_1^t}\\, \\frac{m}{u + \\epsilon}',
      ],
      ['Keras: `Adamax`.'],
    ),
  },
  {
    name: 'nadam',
    runtimeOptions: { lr: 'learningRate', beta1: 'beta1', beta2: 'beta2', epsilon: 'epsilon' },
    pytorch: {
      // torch 1.13's NAdam is right only with foreach.
      construct: (a, py) =>
        `torch.optim.NAdam(parameters, lr=lr, betas=(${py.float(num(a, 'beta1'))}, ${py.float(num(a, 'beta2'))}), eps=${py.float(num(a, 'epsilon'))}, momentum_decay=0.004, foreach=True)`,
    },
    args: [learningRate(0.001), beta1, beta2, epsilon],
    summary: 'Adam with Nesterov momentum.',
    formula: 'as adam, with m_hat = b1*m/(1-b1^(t+1)) + (1-b1)*g/(1-b1^t)',
    doc: doc(
      'nadam(lr = 0.001)',
      [
        '\\hat m &= \\frac{\\beta_1 m}{1 - \\beta_1^{t+1}} + \\frac{(1 - \\beta_1) g}{1 - \\beta_1^t}',
        'w &\\leftarrow w - \\eta\\, \\hat m / (\\sqrt{\\hat v} + \\epsilon)',
      ],
      ['m and v̂ as in `adam`. Keras: `Nadam`.'],
    ),
  },
  {
    name: 'adamw',
    runtimeOptions: {
      lr: 'learningRate',
      beta1: 'beta1',
      beta2: 'beta2',
      epsilon: 'epsilon',
      weight_decay: 'weightDecay',
    },
    pytorch: {
      construct: (a, py) =>
        `torch.optim.AdamW(parameters, lr=lr, betas=(${py.float(num(a, 'beta1'))}, ${py.float(num(a, 'beta2'))}), eps=${py.float(num(a, 'epsilon'))}, weight_decay=${py.float(num(a, 'weight_decay'))})`,
    },
    args: [
      learningRate(0.001),
      {
        name: 'weight_decay',
        type: { kind: 'number', min: 0 },
        doc: 'Decoupled weight decay λ.',
        default: 0.004,
      },
      beta1,
      beta2,
      epsilon,
    ],
    summary: 'Adam with decoupled weight decay.',
    formula: 'w <- w - lr * (m_hat / (sqrt(v_hat) + epsilon) + weight_decay * w)',
    doc: doc(
      'adamw(lr = 0.001, weight_decay = 0.004)',
      ['w &\\leftarrow w - \\eta \\big(\\hat m / (\\sqrt{\\hat v} + \\epsilon) + \\lambda w\\big)'],
      ['m̂, v̂ as in `adam`. Keras: `AdamW` (weight_decay 0.004; PyTorch defaults to 0.01).'],
    ),
  },
  {
    name: 'perceptron',
    runtimeOptions: { rate: 'learningRate' },
    pytorch: {
      construct: () => 'torch.optim.SGD(parameters, lr=lr)',
    },
    args: [
      { name: 'rate', type: positive, doc: 'Learning rate of the perceptron rule.', default: 1 },
    ],
    summary: "Rosenblatt's perceptron learning rule.",
    formula: 'w <- w + rate * (y - u) * x;  b <- b + rate * (y - u)',
    doc: doc(
      'perceptron(rate = 1)',
      [
        'w &\\leftarrow w + \\text{rate}\\,(y - u)\\, x',
        'b &\\leftarrow b + \\text{rate}\\,(y - u)',
      ],
      [
        "u is the perceptron's 0/1 output and y the target: weights change only on mistakes.",
        'Equivalent to gradient descent on the `perceptron` loss; for models made of `perceptron` layers.',
      ],
    ),
  },
];
