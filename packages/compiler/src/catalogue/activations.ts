// Every activation of the language: name, arguments, f(x) and f'(x), its form (elementwise, rows,
// parametric) and its ONNX and PyTorch mappings. Used as a layer (`relu`) or as a layer's trailing
// activation argument (`dense(10, relu)`); shape-preserving, weightless except `prelu`.

import type { ActivationSpec, ArgSpec, Args, OnnxActivationMapping } from './types.js';

/** ONNX's TensorProto.DataType.FLOAT, for Cast. */
const ONNX_FLOAT = 1;

/** An argument the checker filled (every activation argument has a default). */
const numberArg = (args: Args, name: string) => args[name] as number;

/** One ONNX operator with attributes computed from the arguments. */
const single = (
  opType: string,
  attributes: (args: Args) => Record<string, { float: number }> = () => ({}),
): OnnxActivationMapping => ({
  build: (x, args, onnx, name) => onnx.node(opType, [x], name, attributes(args)),
});

/** x·½(1 + erf(x/√2)), or with `approximate`, ½x(1 + tanh(√(2/π)(x + 0.044715x³))): opset 17 has no Gelu. */
const geluOnnx: OnnxActivationMapping['build'] = (x, args, onnx, name) => {
  const half = (value: string) =>
    onnx.node('Mul', [value, onnx.constant(`${name}/half`, 0.5)], `${name}/half`);
  if (args.approximate === true) {
    const square = onnx.node('Mul', [x, x], name);
    const cube = onnx.node('Mul', [square, x], `${name}/cube`);
    const scaled = onnx.node(
      'Mul',
      [cube, onnx.constant(`${name}/c`, 0.044715)],
      `${name}/scale_cube`,
    );
    const inner = onnx.node('Add', [x, scaled], `${name}/add_cube`);
    const argument = onnx.node(
      'Mul',
      [inner, onnx.constant(`${name}/sqrt_2_over_pi`, Math.sqrt(2 / Math.PI))],
      `${name}/scale`,
    );
    const tanh = onnx.node('Tanh', [argument], `${name}/tanh`);
    const onePlus = onnx.node('Add', [tanh, onnx.constant(`${name}/one`, 1)], `${name}/add_one`);
    return half(onnx.node('Mul', [x, onePlus], `${name}/mul_x`));
  }
  const scaled = onnx.node('Mul', [x, onnx.constant(`${name}/inv_sqrt2`, Math.SQRT1_2)], name);
  const erf = onnx.node('Erf', [scaled], `${name}/erf`);
  const onePlus = onnx.node('Add', [erf, onnx.constant(`${name}/one`, 1)], `${name}/add_one`);
  return half(onnx.node('Mul', [x, onePlus], `${name}/mul_x`));
};

function doc(title: string, formula: string, derivative: string, notes: string[] = []): string {
  return [
    `**${title}**`,
    '',
    `$$f(x) = ${formula}$$`,
    '',
    `$$f'(x) = ${derivative}$$`,
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}

const alphaArg = (defaultValue: number, text: string): ArgSpec => ({
  name: 'alpha',
  type: { kind: 'number', min: 0 },
  doc: text,
  default: defaultValue,
});

export const activations: readonly ActivationSpec[] = [
  {
    name: 'identity',
    form: 'elementwise',
    identity: true,
    onnx: { build: (x, _args, onnx, name) => onnx.node('Identity', [x], name) },
    pytorch: { expression: (x) => x },
    aliases: ['linear'],
    args: [],
    summary: 'No activation: f(x) = x.',
    formula: 'f(x) = x',
    doc: doc('identity (linear)', 'x', '1', [
      'Leaves the values unchanged; `linear` is the same function.',
    ]),
  },
  {
    name: 'step',
    form: 'elementwise',
    onnx: {
      build(x, _args, onnx, name) {
        const positive = onnx.node('Greater', [x, onnx.constant(`${name}/zero`, 0)], name);
        return onnx.node('Cast', [positive], `${name}/cast`, { to: { int: ONNX_FLOAT } });
      },
    },
    pytorch: { expression: (x) => `nl.step(${x})` },
    args: [],
    summary: 'Heaviside step: 1 for x > 0, else 0 (the perceptron).',
    formula: 'f(x) = 1 if x > 0 else 0',
    doc: doc(
      'step',
      '\\begin{cases}1 & x > 0\\\\0 & x \\le 0\\end{cases}',
      '0 \\quad (x \\ne 0;\\ \\text{undefined at } 0)',
      [
        'The threshold of the perceptron. Its gradient is zero almost everywhere, so gradient descent cannot',
        'train through it; use the `perceptron` loss and optimizer.',
      ],
    ),
  },
  {
    name: 'sigmoid',
    form: 'elementwise',
    onnx: single('Sigmoid'),
    pytorch: { expression: (x) => `torch.sigmoid(${x})` },
    args: [],
    summary: 'Logistic function: squashes to (0, 1).',
    formula: 'f(x) = 1 / (1 + exp(-x))',
    doc: doc('sigmoid', '\\frac{1}{1 + e^{-x}}', 'f(x)\\,(1 - f(x))', [
      'Before `binary_cross_entropy` the loss is computed from the logits, fused and stable.',
    ]),
  },
  {
    name: 'tanh',
    form: 'elementwise',
    onnx: single('Tanh'),
    pytorch: { expression: (x) => `torch.tanh(${x})` },
    args: [],
    summary: 'Hyperbolic tangent: squashes to (−1, 1).',
    formula: 'f(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))',
    doc: doc('tanh', '\\tanh x = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}', '1 - f(x)^2'),
  },
  {
    name: 'relu',
    form: 'elementwise',
    onnx: single('Relu'),
    pytorch: { expression: (x) => `torch.relu(${x})` },
    args: [],
    summary: 'Rectified linear unit: max(0, x).',
    formula: 'f(x) = max(0, x)',
    doc: doc('relu', '\\max(0, x)', '\\begin{cases}1 & x > 0\\\\0 & x \\le 0\\end{cases}', [
      'The derivative at 0 is taken as 0 (as Keras and PyTorch do).',
    ]),
  },
  {
    name: 'leaky_relu',
    form: 'elementwise',
    onnx: single('LeakyRelu', (args) => ({ alpha: { float: numberArg(args, 'alpha') } })),
    pytorch: {
      expression: (x, args, python) =>
        `F.leaky_relu(${x}, ${python.float(numberArg(args, 'alpha'))})`,
    },
    args: [alphaArg(0.01, 'Slope for x < 0.')],
    summary: 'Leaky ReLU: x for x ≥ 0, alpha · x below (alpha = 0.01).',
    formula: 'f(x) = x if x >= 0 else alpha * x',
    doc: doc(
      'leaky_relu(alpha = 0.01)',
      '\\begin{cases}x & x \\ge 0\\\\ \\alpha x & x < 0\\end{cases}',
      '\\begin{cases}1 & x \\ge 0\\\\ \\alpha & x < 0\\end{cases}',
      [
        "The default 0.01 is the classic one (and PyTorch's); Keras 3 defaults differ (0.2 for",
        '`activations.leaky_relu`, 0.3 for the `LeakyReLU` layer), so generated Keras code passes alpha explicitly.',
      ],
    ),
  },
  {
    name: 'prelu',
    form: 'parametric',
    // alpha has the value's (channels-last) shape and broadcasts over the batch.
    onnx: { build: (x, _args, onnx, name) => onnx.node('PRelu', [x, onnx.weights[0]], name) },
    pytorch: {
      unsupported:
        "nnet's prelu learns one alpha per value (as Keras's PReLU), PyTorch's nn.PReLU one shared alpha, so the parameters and the outputs would differ",
    },
    args: [],
    summary: 'Parametric ReLU: leaky ReLU with a learned slope alpha.',
    formula: 'f(x) = x if x >= 0 else alpha * x  (alpha learned)',
    doc: doc(
      'prelu',
      '\\begin{cases}x & x \\ge 0\\\\ \\alpha x & x < 0\\end{cases}',
      '\\begin{cases}1 & x \\ge 0\\\\ \\alpha & x < 0\\end{cases},\\quad \\frac{\\partial f}{\\partial \\alpha} = \\min(0, x)',
      [
        'The weight `alpha` is learned. Keras (`PReLU`) keeps one alpha per input value (shape = input shape),',
        'starting at 0; PyTorch (`nn.PReLU()`) keeps a single shared alpha starting at 0.25.',
      ],
    ),
    weights(input) {
      return [
        {
          name: 'alpha',
          shape: input,
          trainable: true,
          role: 'slope',
          regularized: false,
          init: 'zeros',
          conventions: ['keras'],
        },
        {
          name: 'alpha',
          shape: [1],
          trainable: true,
          role: 'slope',
          regularized: false,
          init: 'constant(0.25)',
          conventions: ['torch'],
        },
      ];
    },
  },
  {
    name: 'elu',
    form: 'elementwise',
    onnx: single('Elu', (args) => ({ alpha: { float: numberArg(args, 'alpha') } })),
    pytorch: {
      expression: (x, args, python) => `F.elu(${x}, ${python.float(numberArg(args, 'alpha'))})`,
    },
    args: [alphaArg(1, 'Value approached for large negative x is −alpha.')],
    summary: 'Exponential linear unit: x for x > 0, alpha · (eˣ − 1) below.',
    formula: 'f(x) = x if x > 0 else alpha * (exp(x) - 1)',
    doc: doc(
      'elu(alpha = 1)',
      '\\begin{cases}x & x > 0\\\\ \\alpha (e^{x} - 1) & x \\le 0\\end{cases}',
      '\\begin{cases}1 & x > 0\\\\ f(x) + \\alpha & x \\le 0\\end{cases}',
    ),
  },
  {
    name: 'selu',
    form: 'elementwise',
    // ONNX Selu's default alpha and gamma are these constants (as float32), so none are written.
    onnx: single('Selu'),
    pytorch: { expression: (x) => `F.selu(${x})` },
    args: [],
    summary: 'Scaled ELU with the self-normalising constants λ ≈ 1.0507, α ≈ 1.6733.',
    formula: 'f(x) = lambda * (x if x > 0 else alpha * (exp(x) - 1))',
    doc: doc(
      'selu',
      '\\lambda \\begin{cases}x & x > 0\\\\ \\alpha (e^{x} - 1) & x \\le 0\\end{cases}',
      '\\lambda \\begin{cases}1 & x > 0\\\\ \\alpha e^{x} & x \\le 0\\end{cases}',
      ['λ = 1.0507009873554805, α = 1.6732632423543772 (Klambauer et al., 2017).'],
    ),
  },
  {
    name: 'softplus',
    form: 'elementwise',
    onnx: single('Softplus'),
    pytorch: { expression: (x) => `F.softplus(${x})` },
    args: [],
    summary: 'Smooth ReLU: ln(1 + eˣ).',
    formula: 'f(x) = ln(1 + exp(x))',
    doc: doc('softplus', '\\ln(1 + e^{x})', '\\frac{1}{1 + e^{-x}} = \\sigma(x)'),
  },
  {
    name: 'softsign',
    form: 'elementwise',
    onnx: single('Softsign'),
    pytorch: { expression: (x) => `F.softsign(${x})` },
    args: [],
    summary: 'x / (1 + |x|), squashes to (−1, 1).',
    formula: 'f(x) = x / (1 + |x|)',
    doc: doc('softsign', '\\frac{x}{1 + |x|}', '\\frac{1}{(1 + |x|)^2}'),
  },
  {
    name: 'hard_sigmoid',
    form: 'elementwise',
    // relu6(x + 3)/6 = clip(x/6 + ½, 0, 1).
    onnx: single('HardSigmoid', () => ({ alpha: { float: 1 / 6 }, beta: { float: 0.5 } })),
    pytorch: { expression: (x) => `F.hardsigmoid(${x})` },
    args: [],
    summary: 'Piecewise-linear sigmoid: clip(x / 6 + 1/2, 0, 1).',
    formula: 'f(x) = max(0, min(1, x / 6 + 0.5))',
    doc: doc(
      'hard_sigmoid',
      '\\max\\big(0, \\min(1, \\tfrac{x}{6} + \\tfrac12)\\big)',
      '\\begin{cases}\\tfrac16 & -3 < x < 3\\\\ 0 & \\text{otherwise}\\end{cases}',
      ['The definition of Keras 3 and PyTorch (`Hardsigmoid`); Keras 2 used 0.2 · x + 0.5.'],
    ),
  },
  {
    name: 'gaussian',
    form: 'elementwise',
    onnx: {
      build(x, _args, onnx, name) {
        const square = onnx.node('Mul', [x, x], name);
        return onnx.node('Exp', [onnx.node('Neg', [square], `${name}/neg`)], `${name}/exp`);
      },
    },
    pytorch: { expression: (x) => `nl.gaussian(${x})` },
    args: [],
    summary: 'Gaussian bump: exp(−x²).',
    formula: 'f(x) = exp(-x^2)',
    doc: doc('gaussian', 'e^{-x^2}', '-2x\\, e^{-x^2}', [
      'Used by radial-basis networks in the course; not built into Keras or PyTorch.',
    ]),
  },
  {
    name: 'swish',
    form: 'elementwise',
    onnx: {
      build: (x, _args, onnx, name) =>
        onnx.node('Mul', [x, onnx.node('Sigmoid', [x], name)], `${name}/mul`),
    },
    pytorch: { expression: (x) => `F.silu(${x})` },
    args: [],
    summary: 'x · sigmoid(x) (also called SiLU).',
    formula: 'f(x) = x / (1 + exp(-x))',
    doc: doc(
      'swish',
      'x\\, \\sigma(x)',
      '\\sigma(x) + x\\, \\sigma(x)(1 - \\sigma(x)) = f(x) + \\sigma(x)(1 - f(x))',
      ['Keras: `swish` / `silu`; PyTorch: `nn.SiLU`.'],
    ),
  },
  {
    name: 'gelu',
    form: 'elementwise',
    onnx: { build: geluOnnx },
    pytorch: {
      expression: (x, args) =>
        args.approximate === true ? `F.gelu(${x}, approximate="tanh")` : `F.gelu(${x})`,
    },
    args: [
      {
        name: 'approximate',
        type: { kind: 'bool' },
        doc: 'Use the tanh approximation instead of the exact erf form.',
        default: false,
        namedOnly: true,
      },
    ],
    summary: 'Gaussian error linear unit: x · Φ(x).',
    formula: 'f(x) = x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))',
    doc: doc(
      'gelu',
      'x\\, \\Phi(x) = \\tfrac{x}{2}\\big(1 + \\operatorname{erf}(x / \\sqrt2)\\big)',
      '\\Phi(x) + x\\, \\varphi(x), \\quad \\varphi(x) = \\tfrac{1}{\\sqrt{2\\pi}} e^{-x^2/2}',
      ['With `approximate = true`: f(x) = ½ x (1 + tanh(√(2/π) (x + 0.044715 x³))).'],
    ),
  },
  {
    name: 'softmax',
    form: 'rows',
    // The axis counts the batch in ONNX; the value stays channels-last.
    onnx: {
      build: (x, args, onnx, name) =>
        onnx.node('Softmax', [x], name, { axis: { int: onnx.axis(numberArg(args, 'axis')) } }),
    },
    pytorch: {
      expression: (x, args, python) =>
        `torch.softmax(${x}, dim=${python.dim(numberArg(args, 'axis'))})`,
    },
    args: [
      {
        name: 'axis',
        type: { kind: 'int' },
        doc: 'The axis whose values sum to 1; -1 is the last.',
        default: -1,
        namedOnly: true,
      },
    ],
    summary: 'Normalised exponentials: probabilities that sum to 1.',
    formula: 'f(x)_i = exp(x_i) / sum_j exp(x_j)',
    doc: [
      '**softmax(axis = -1)**',
      '',
      '$$f(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$$',
      '',
      '$$\\frac{\\partial f_i}{\\partial x_j} = f_i\\,(\\delta_{ij} - f_j)$$',
      '',
      'Computed as e^{x_i − max x} for stability. Before `cross_entropy` the loss is computed from the',
      'values before softmax, fused (log-sum-exp), with gradient p − y; softmax is never applied twice.',
    ].join('\n'),
  },
];
