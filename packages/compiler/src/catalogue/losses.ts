// Every loss of the language: name, arguments, formula per sample (u = model output, y = target),
// the task it expects and the output activation it fuses with. Batch losses are the mean of the
// per-sample losses; `mse` follows the course's ½ Σ (u − y)² unless `mse(half = false)`.

import type { Args, LossSpec } from './types.js';

function doc(title: string, formula: string, notes: string[]): string {
  return [`**${title}**`, '', `$$${formula}$$`, '', ...notes].join('\n');
}

const perSample =
  'Per sample, with u the model output and y the target; the batch loss is the mean over samples.';

export const losses: readonly LossSpec[] = [
  {
    name: 'mse',
    pytorch: {
      formula:
        '½·Σ (s − y)² per sample (half = false: the mean of (s − y)²), the mean over the batch',
      body: (a: Args) =>
        a.half === false
          ? ['return F.mse_loss(s, target)']
          : ['return 0.5 * (s - target).pow(2).flatten(1).sum(1).mean()'],
    },
    args: [
      {
        name: 'half',
        type: { kind: 'bool' },
        doc: "true: the course's E = ½ Σ (u − y)²; false: the Keras / PyTorch mean (1/K) Σ (u − y)².",
        default: true,
      },
    ],
    summary: 'Squared error: ½ Σ (u − y)² (course), or the mean over outputs with half = false.',
    formula: 'E = 1/2 * sum_k (u_k - y_k)^2   (half = false: E = mean_k (u_k - y_k)^2)',
    task: 'regression',
    doc: doc(
      'mse(half = true)',
      'E = \\tfrac12 \\sum_k (u_k - y_k)^2, \\qquad \\frac{\\partial E}{\\partial u_k} = u_k - y_k',
      [
        perSample,
        '',
        'With `half = false`: E = (1/K) Σ_k (u_k − y_k)² over the K outputs, as Keras `mean_squared_error` and',
        'PyTorch `MSELoss` compute it; gradient (2/K)(u − y). For one output the two differ by a factor 2.',
      ],
    ),
  },
  {
    name: 'mae',
    pytorch: { formula: 'the mean of |s − y|', body: () => ['return (s - target).abs().mean()'] },
    args: [],
    summary: 'Mean absolute error over the outputs.',
    formula: 'E = mean_k |u_k - y_k|',
    task: 'regression',
    doc: doc('mae', 'E = \\frac1K \\sum_k |u_k - y_k|', [
      perSample,
      'Gradient sign(u − y) / K. Less sensitive to outliers than `mse`.',
    ]),
  },
  {
    name: 'mape',
    pytorch: {
      formula: '100 · the mean of |s − y| / max(|y|, ε)',
      body: () => ['return 100 * ((s - target).abs() / target.abs().clamp(min=EPSILON)).mean()'],
    },
    args: [],
    summary: 'Mean absolute percentage error.',
    formula: 'E = 100 * mean_k |(y_k - u_k) / y_k|',
    task: 'regression',
    doc: doc(
      'mape',
      'E = \\frac{100}{K} \\sum_k \\left|\\frac{y_k - u_k}{\\max(|y_k|, \\epsilon)}\\right|',
      [perSample],
    ),
  },
  {
    name: 'msle',
    pytorch: {
      formula: 'the mean of (ln(1 + max(s, ε)) − ln(1 + max(y, ε)))²',
      body: () => [
        'return (torch.log1p(s.clamp(min=EPSILON)) - torch.log1p(target.clamp(min=EPSILON))).pow(2).mean()',
      ],
    },
    args: [],
    summary: 'Mean squared logarithmic error (for positive targets).',
    formula: 'E = mean_k (ln(1 + u_k) - ln(1 + y_k))^2',
    task: 'regression',
    doc: doc('msle', 'E = \\frac1K \\sum_k \\big(\\ln(1 + u_k) - \\ln(1 + y_k)\\big)^2', [
      perSample,
      'Outputs and targets below 0 are clipped to 0 (as Keras).',
    ]),
  },
  {
    name: 'hinge',
    pytorch: {
      formula: 'the mean of max(0, 1 − t·s), t = ±1 (0 counts as −1)',
      body: () => ['t = torch.where(target > 0, 1.0, -1.0)', 'return F.relu(1 - t * s).mean()'],
    },
    args: [],
    summary: 'Hinge loss for labels ±1 (0/1 labels are mapped to ±1).',
    formula: 'E = mean_k max(0, 1 - y_k * u_k)',
    task: 'binary',
    doc: doc('hinge', 'E = \\frac1K \\sum_k \\max(0,\\ 1 - y_k u_k)', [
      perSample,
      'Labels 0/1 are turned into −1/+1 first (as Keras). Use raw scores (no sigmoid) as the output.',
    ]),
  },
  {
    name: 'squared_hinge',
    pytorch: {
      formula: 'the mean of max(0, 1 − t·s)², t = ±1',
      body: () => [
        't = torch.where(target > 0, 1.0, -1.0)',
        'return F.relu(1 - t * s).pow(2).mean()',
      ],
    },
    args: [],
    summary: 'Squared hinge loss for labels ±1.',
    formula: 'E = mean_k max(0, 1 - y_k * u_k)^2',
    task: 'binary',
    doc: doc('squared_hinge', 'E = \\frac1K \\sum_k \\max(0,\\ 1 - y_k u_k)^2', [
      perSample,
      'Labels 0/1 are turned into −1/+1 first.',
    ]),
  },
  {
    name: 'categorical_hinge',
    pytorch: {
      formula: 'max(0, max_j (1 − y_j)·s_j − Σ y·s + 1) per sample, the mean over the batch',
      body: () => [
        'y = F.one_hot(target, s.shape[1]).to(s.dtype) if target.dtype == torch.long else target',
        'return F.relu(((1 - y) * s).max(1).values - (y * s).sum(1) + 1).mean()',
      ],
    },
    args: [],
    summary: 'Multi-class hinge: max(0, 1 + best wrong score − right score).',
    formula: 'E = max(0, 1 + max_{k != c} u_k - u_c)',
    task: 'multiclass',
    doc: doc('categorical_hinge', 'E = \\max\\big(0,\\ 1 + \\max_{k \\ne c} u_k - u_c\\big)', [
      perSample,
      'c is the true class (index or one-hot).',
    ]),
  },
  {
    name: 'logcosh',
    pytorch: {
      formula: 'the mean of log(cosh(s − y))',
      body: () => [
        'd = (s - target).abs()',
        'return (d + torch.log1p(torch.exp(-2 * d)) - math.log(2)).mean()',
      ],
    },
    args: [],
    summary: 'Log of the hyperbolic cosine of the error: like mse near 0, like mae far away.',
    formula: 'E = mean_k ln(cosh(u_k - y_k))',
    task: 'regression',
    doc: doc('logcosh', 'E = \\frac1K \\sum_k \\ln\\cosh(u_k - y_k)', [
      perSample,
      'Gradient tanh(u − y) / K.',
    ]),
  },
  {
    name: 'cross_entropy',
    pytorch: {
      formula: '−Σ y·log softmax(s) per sample, the mean over the batch',
      body: () => ['return F.cross_entropy(s, target)'],
    },
    args: [],
    summary: 'Categorical cross-entropy, fused with a final softmax.',
    formula: 'E = -sum_k y_k * ln(p_k),  p = softmax(z)',
    task: 'multiclass',
    fusesWith: 'softmax',
    doc: doc(
      'cross_entropy',
      'E = -\\sum_k y_k \\ln p_k, \\qquad p = \\operatorname{softmax}(z), \\qquad \\frac{\\partial E}{\\partial z} = p - y',
      [
        perSample,
        '',
        'If the model ends in `softmax`, the loss is computed from the values z before it (log-sum-exp, stable);',
        'if it ends in raw scores, the loss applies softmax itself. Softmax is never applied twice.',
        'Labels may be class indices or one-hot vectors.',
      ],
    ),
  },
  {
    name: 'sparse_cross_entropy',
    pytorch: {
      formula: '−log softmax(s)[class] per sample, the mean over the batch',
      body: () => ['return F.cross_entropy(s, target)'],
    },
    args: [],
    summary: 'Cross-entropy with class-index labels, fused with a final softmax.',
    formula: 'E = -ln(p_c),  p = softmax(z), c the class index',
    task: 'multiclass',
    fusesWith: 'softmax',
    doc: doc(
      'sparse_cross_entropy',
      'E = -\\ln p_c, \\qquad p = \\operatorname{softmax}(z), \\qquad \\frac{\\partial E}{\\partial z} = p - \\operatorname{onehot}(c)',
      [
        perSample,
        '',
        'The same as `cross_entropy` with labels given as class indices c; fused with a final `softmax` the same way.',
      ],
    ),
  },
  {
    name: 'binary_cross_entropy',
    pytorch: {
      formula: 'the mean of −y·log σ(s) − (1 − y)·log(1 − σ(s)), stably',
      body: () => ['return F.binary_cross_entropy_with_logits(s, target)'],
    },
    args: [],
    summary: 'Binary cross-entropy, fused with a final sigmoid.',
    formula: 'E = -mean_k (y_k * ln(p_k) + (1 - y_k) * ln(1 - p_k)),  p = sigmoid(z)',
    task: 'binary',
    fusesWith: 'sigmoid',
    doc: doc(
      'binary_cross_entropy',
      'E = -\\frac1K \\sum_k \\big(y_k \\ln p_k + (1 - y_k) \\ln(1 - p_k)\\big), \\qquad p = \\sigma(z), \\qquad \\frac{\\partial E}{\\partial z} = \\frac{p - y}{K}',
      [
        perSample,
        '',
        'If the model ends in `sigmoid`, the loss is computed from the logits z before it (stable);',
        'otherwise it applies the sigmoid itself. Targets are 0 or 1 (or probabilities).',
      ],
    ),
  },
  {
    name: 'kld',
    pytorch: {
      formula: 'Σ y·log(y/s) per sample (both clamped to [ε, 1]), the mean over the batch',
      body: () => [
        'y, p = target.clamp(EPSILON, 1), s.clamp(EPSILON, 1)',
        'return (y * (y / p).log()).flatten(1).sum(1).mean()',
      ],
    },
    args: [],
    summary: 'Kullback–Leibler divergence of the output distribution from the target.',
    formula: 'E = sum_k y_k * ln(y_k / u_k)',
    task: 'distribution',
    doc: doc('kld', 'E = \\sum_k y_k \\ln\\frac{y_k}{u_k}', [
      perSample,
      'Both are probability distributions (e.g. after softmax); values are clipped to [ε, 1].',
    ]),
  },
  {
    name: 'poisson',
    pytorch: {
      formula: 'the mean of s − y·log(s + ε)',
      body: () => ['return (s - target * torch.log(s + EPSILON)).mean()'],
    },
    args: [],
    summary: 'Poisson negative log-likelihood for count targets.',
    formula: 'E = mean_k (u_k - y_k * ln(u_k))',
    task: 'regression',
    doc: doc('poisson', 'E = \\frac1K \\sum_k \\big(u_k - y_k \\ln(u_k + \\epsilon)\\big)', [
      perSample,
      'The output u is the predicted rate (> 0), e.g. after `softplus`.',
    ]),
  },
  {
    name: 'cosine',
    pytorch: {
      formula: '−cos(s, y) per sample (norms floored at 1e-6), the mean over the batch',
      body: () => [
        'return -(F.normalize(s.flatten(1), dim=1, eps=1e-6) * F.normalize(target.flatten(1), dim=1, eps=1e-6)).sum(1).mean()',
      ],
    },
    args: [],
    summary: 'Negative cosine similarity between output and target.',
    formula: 'E = -(u . y) / (|u| * |y|)',
    task: 'regression',
    doc: doc('cosine', 'E = -\\frac{u \\cdot y}{\\lVert u \\rVert\\, \\lVert y \\rVert}', [
      perSample,
      'Ranges from −1 (same direction, best) to 1 (opposite), as Keras `CosineSimilarity`.',
    ]),
  },
  {
    name: 'perceptron',
    pytorch: {
      formula:
        'Σ max(0, −t·s) per sample (t = ±1), gradient (step(s) − [y > 0]): the perceptron rule',
      body: () => [
        'errors = ((s > 0).to(s.dtype) - (target > 0).to(s.dtype)).detach()',
        'return (errors * s).flatten(1).sum(1).mean()',
      ],
    },
    args: [],
    summary: 'The perceptron criterion, for `perceptron` layers and optimizer.',
    formula: 'E = sum_k max(0, -(2 y_k - 1) * z_k)',
    task: 'perceptron',
    fusesWith: 'step',
    doc: doc('perceptron', 'E = \\sum_k \\max\\big(0,\\ -(2y_k - 1)\\, z_k\\big)', [
      perSample,
      '',
      'z is the value before the step, y ∈ {0, 1}. Zero for correctly classified samples; together with',
      "`optimizer = perceptron(rate)` it gives Rosenblatt's rule w ← w + rate · (y − u) · x.",
    ]),
  },
];
