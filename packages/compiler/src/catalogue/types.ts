// The shape of the language's vocabulary: every layer, activation, loss, optimizer, metric, data
// source and train setting is one plain object of these types, described once. The checker, the
// summary, the language server, the code generators and the docs all read these descriptions.

import type { Synonyms } from './synonyms.js';
import type { EnsembleMethodSpec } from './ensembles.js';
import type { AnyOwnOp } from './own-op.js';

/** A static shape WITHOUT the batch dimension; images are channels-last [H, W, C]. */
export type Shape = readonly number[];

/** Whose parameter-counting convention to follow. */
export type Convention = 'keras' | 'torch';

// ---------------------------------------------------------------------------------------------
// Arguments

/** The type of an argument, checked by the checker before a rule ever sees the value. */
export type ArgType =
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'number'; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }
  | { kind: 'bool' }
  | { kind: 'string' }
  /** One of a set of words, written as a string (`"same"`) or a bare name (`same`). */
  | { kind: 'enum'; values: readonly string[] }
  /** An activation: `relu`, `leaky_relu(0.2)`. */
  | { kind: 'activation' }
  /** A whole number or a list of `length` whole numbers: `kernel = 3` or `kernel = [3, 5]`. */
  | { kind: 'intTuple'; length: number; min?: number }
  /** A list of whole numbers: a shape (reshape allows one -1), `resize = [40, 40]`. */
  | { kind: 'ints'; allowInfer?: boolean; min?: number }
  /** A list of numbers: `split = [0.8, 0.1, 0.1]`. */
  | { kind: 'numbers' }
  /** A list of strings: `columns = ["Age", "Sex"]`. */
  | { kind: 'strings' }
  /** Anything; the rule checks it. */
  | { kind: 'any' };

/** An activation reference after evaluation: `relu` or `leaky_relu(0.2)`. */
export interface ActivationValue {
  activation: string;
  args: Record<string, ArgValue>;
}

/** The value of an argument after constant evaluation and type checking. */
export type ArgValue =
  | number
  | string
  | boolean
  | ActivationValue
  | readonly number[]
  | readonly ArgValue[]
  | { readonly [key: string]: ArgValue };

export interface ArgSpec {
  name: string;
  type: ArgType;
  /** Documentation: one sentence. */
  doc: string;
  /** The value used when the argument is left out; absent means no default. */
  default?: ArgValue;
  /** Required arguments must be given (positionally or by name). */
  required?: boolean;
  /** Only by name: never filled positionally. */
  namedOnly?: boolean;
  /** A data file's path, relative to the .nnet file: `nnc check` and the editor look for it. */
  file?: boolean;
}

/** The checked arguments of one call: every spec'd argument that was given or has a default. */
export type Args = Readonly<Record<string, ArgValue | undefined>>;

// ---------------------------------------------------------------------------------------------
// Shape rules

/**
 * What a shape rule reports when a layer cannot apply to its inputs. The checker turns it into a
 * diagnostic (code from the diagnostics catalogue) located at the call, or at `arg` when given.
 */
export type ShapeProblem =
  | { kind: 'rank'; expected: string; found: Shape; help?: string; suggestFlatten?: boolean }
  | { kind: 'merge'; shapes: readonly Shape[] }
  | { kind: 'concat'; detail: string }
  | { kind: 'reshape'; from: Shape; to: Shape }
  | { kind: 'window'; detail: string; arg?: string }
  | { kind: 'other'; detail: string; help?: string; arg?: string };

/** Either the output shape, or why there is none. */
export type ShapeResult = { shape: Shape } | { problem: ShapeProblem };

/**
 * What a weight is for, so the back end never guesses from its name: `kernel` multiplies the
 * input (dense, conv, the attention projections), `recurrent_kernel` the previous state, `bias`
 * and `shift` are added, `scale` multiplies a normalized value, `statistic` is a running mean or
 * variance (state, not a parameter), `embedding` is a lookup table, `slope` is prelu's alpha.
 */
export type WeightRole =
  'kernel' | 'recurrent_kernel' | 'bias' | 'scale' | 'shift' | 'statistic' | 'embedding' | 'slope';

/** One weight tensor of a layer. */
export interface WeightSpec {
  /** The name used in `with { … }` and in checkpoints: `weights`, `bias`, `gamma`, … */
  name: string;
  shape: Shape;
  trainable: boolean;
  role: WeightRole;
  /** Whether `l1` / `l2` penalize it: every kernel, never biases or normalization weights. */
  regularized: boolean;
  /** The default initializer (`glorot_uniform`, `zeros`, `ones`, `orthogonal`, …). */
  init: string;
  /** Present only under these conventions (e.g. PyTorch's second RNN bias, Keras's BN statistics). */
  conventions?: readonly Convention[];
}

export type LayerCategory =
  | 'core'
  | 'convolution'
  | 'pooling'
  | 'normalization'
  | 'regularization'
  | 'recurrent'
  | 'attention'
  | 'merge'
  | 'reshaping'
  | 'activation';

/** The IR operation that computes a layer (see ir/ir.ts for each one's meaning). */
export type LayerOp =
  /** An activation used as a layer. */
  | 'activation'
  | 'dense'
  | 'conv'
  | 'maxpool'
  | 'avgpool'
  | 'globalavgpool'
  | 'recurrent'
  | 'attention';

/**
 * How lowering turns a layer into IR: the back end reads these facts, never the layer's name. A
 * layer either names one of ir/ir.ts's ops (`CoreLowering`) or declares its own (own-op.ts).
 */
export type LayerLowering = CoreLowering | AnyOwnOp;

/** A layer computed by one of the ops ir/ir.ts lists, with their emitters in each target. */
export interface CoreLowering {
  op: LayerOp;
  /** An activation the layer always applies after its op (`perceptron`: step). */
  activation?: string;
  /** `recurrent`: gates per step — 1 simple, 3 gated (GRU), 4 long short-term (LSTM). */
  gates?: 1 | 3 | 4;
  /** `recurrent`: the torch module the PyTorch target writes for the cell (its facts). */
  torchCell?: TorchCell;
}

/**
 * A recurrent cell as torch has it: the `nn` module, the activations it can apply to its candidate
 * (the first its default, the others by `nonlinearity=`), the one its gates apply (fixed), and how
 * nnet_checkpoint.py lays out the cell's kernels and biases for it.
 */
export interface TorchCell {
  module: 'RNN' | 'GRU' | 'LSTM';
  candidates: readonly string[];
  gate?: string;
  kernelLayout: 'linear' | 'gru_kernel';
  biasLayout: 'rnn_bias' | 'gru_bias';
}

export interface LayerSpec {
  name: string;
  category: LayerCategory;
  lowering: LayerLowering;
  /** One line, for completion lists and the summary. */
  summary: string;
  /** Markdown documentation with the formula, for hover and docs. */
  doc: string;
  args: readonly ArgSpec[];
  /** How many input values: 1 for sequential layers; merges take named values as arguments. */
  inputs: { min: number; max: number };
  /**
   * For merges: the inputs are the leading positional arguments, written as value names
   * (`add(x, h)`), and `args` describes only the remaining ones.
   */
  inputsAsArguments?: boolean;
  /**
   * Named arguments that name a value of the model (`attention(4, padding = ids)`): each given one
   * is one more input after the piped value, and its argument holds the value's name.
   */
  valueArgs?: readonly string[];
  /**
   * The argument naming a `shared` layer whose kernel this layer reads, transposed
   * (`dense_transposed(enc)`): written first, positionally; the layer declares no kernel of its own.
   */
  tiedArg?: string;
  /** The argument that the trailing activation shorthand fills (`dense(10, relu)`). */
  activationArg?: string;
  /** `int` for embedding; `float` (the default) elsewhere; `any` for shape-only layers. */
  inputDtype?: 'int' | 'float' | 'any';
  outputShape(inputs: readonly Shape[], args: Args): ShapeResult;
  /** The weights this layer owns, under every convention (filter with `conventions`). */
  weights(inputs: readonly Shape[], args: Args, output: Shape): WeightSpec[];
  /** Forward multiply-adds ×2 (FLOPs) for one sample, an estimate for the summary. */
  flops(inputs: readonly Shape[], args: Args, output: Shape): number;
}

/**
 * How an activation applies, in the spirit of tinygrad's op groups: `elementwise` to each value on
 * its own (a kernel can fuse it), `rows` over the values of one axis together (softmax), and
 * `parametric` with learned weights of its own (prelu).
 */
export type ActivationForm = 'elementwise' | 'rows' | 'parametric';

/** A target's form of a vocabulary entry, or the stated reason it has none. */
export type TargetMapping<T> = T | { unsupported: string };

/** An ONNX attribute value as an activation mapping writes it. */
export type OnnxAttributeValue = { float: number } | { int: number };

/** What an ONNX mapping may add to the graph while it expresses one activation. */
export interface OnnxActivationBuilder {
  /** Adds a node and returns its output's name; the first node's suffix is the activation's name. */
  node(
    opType: string,
    inputs: readonly string[],
    suffix: string,
    attributes?: Readonly<Record<string, OnnxAttributeValue>>,
  ): string;
  /** A scalar float constant that broadcasts against any value. */
  constant(suffix: string, value: number): string;
  /** The activation's own weights (prelu's alpha), in the order `weights()` declares them. */
  weights: readonly string[];
  /** An axis of the language (per sample, channels-last) as an axis of the ONNX value. */
  axis(axis: number): number;
}

/** The ONNX form of an activation (opset 17): nodes applied to the value `x`. */
export interface OnnxActivationMapping {
  build(x: string, args: Args, onnx: OnnxActivationBuilder, name: string): string;
}

/** What a PyTorch mapping may ask of the generated text. */
export interface PythonText {
  /** A float literal (`0.01`, `1.0`). */
  float(value: number): string;
  /** An axis of the language (per sample, channels-last) as torch's `dim` for this value. */
  dim(axis: number): string;
  /** `True` / `False`. */
  bool(value: boolean): string;
}

/** The PyTorch form of an activation: an expression of one value `x`. */
export interface PytorchActivationMapping {
  expression(x: string, args: Args, python: PythonText): string;
}

export interface ActivationSpec {
  name: string;
  form: ActivationForm;
  /** f(x) = x: targets skip it. */
  identity?: boolean;
  onnx: TargetMapping<OnnxActivationMapping>;
  pytorch: TargetMapping<PytorchActivationMapping>;
  /** Other names for the same function (`linear` for `identity`). */
  aliases?: readonly string[];
  args: readonly ArgSpec[];
  summary: string;
  /** Markdown with the formula f(x) and its derivative f'(x). */
  doc: string;
  /** The formula in one line, plain text: `f(x) = max(0, x)`. */
  formula: string;
  /** Weights when used as a layer (only `prelu`). */
  weights?(input: Shape, args: Args): WeightSpec[];
}

/** What a loss expects of the model output and targets. */
export type LossTask = 'multiclass' | 'binary' | 'regression' | 'distribution' | 'perceptron';

export interface LossSpec {
  name: string;
  args: readonly ArgSpec[];
  summary: string;
  doc: string;
  formula: string;
  task: LossTask;
  /** The output activation this loss fuses with when the model ends in it (softmax / sigmoid). */
  fusesWith?: string;
  /**
   * PyTorch's form: a one-line formula for the docstring and the body of `loss_fn(s, target)`,
   * where `s` is the model output (the logits when the loss fuses with the final activation).
   */
  pytorch: TargetMapping<{ formula: string; body(args: Args): string[] }>;
}

export interface OptimizerSpec {
  name: string;
  args: readonly ArgSpec[];
  summary: string;
  doc: string;
  /** The update rule in one or two plain-text lines. */
  formula: string;
  /**
   * The runtime's OptimizerOptions field each argument sets (`lr` → `learningRate`; rmsprop's
   * decay `rho` is the runtime's `alpha`); the one mapped to `learningRate` is the learning rate.
   */
  runtimeOptions: Readonly<Record<string, string>>;
  /**
   * The torch.optim twin: its constructor over `parameters`, with the variable `lr` as the learning
   * rate and every other hyperparameter written out (nnet's defaults are Keras's, not torch's).
   */
  pytorch: TargetMapping<{ construct(args: Args, python: PythonText): string }>;
}

export interface MetricSpec {
  name: string;
  args: readonly ArgSpec[];
  summary: string;
  doc: string;
  task: 'classification' | 'binary' | 'regression';
}

/** What a data source is known to yield, when it is known before loading. */
export interface DataDescription {
  /** Shape of one sample's input. */
  input?: Shape;
  /**
   * Several inputs in each sample, in the order the model must declare them (a graph: node
   * features, then adjacency); an entry is undefined when its shape is known only from the file.
   */
  inputs?: readonly (Shape | undefined)[];
  /** Shape of one sample's target (e.g. [1] for a regression target). */
  target?: Shape;
  /** Number of classes for classification data (targets are class indices). */
  classes?: number;
  task?: 'classification' | 'binary' | 'regression';
}

export interface DataSourceSpec {
  name: string;
  args: readonly ArgSpec[];
  summary: string;
  doc: string;
  /** What it yields, given its arguments, when known statically. */
  describe(args: Args): DataDescription;
  /**
   * String arguments that are expressions of x (`function("sin(3*x)")`): `nnc check` parses them
   * with the runtime's own parser (`@nnet/runtime/expression`), so a typo is found before training.
   */
  expressionArgs?: readonly string[];
}

/** One setting of a `train` run: `loss = …`, `batch = 32`. */
export interface TrainSettingSpec {
  name: string;
  /** How the value is read: a name from one of the tables, a typed value, or a structured object. */
  value:
    | { kind: 'loss' }
    | { kind: 'optimizer' }
    | { kind: 'data' }
    | { kind: 'metrics' }
    | { kind: 'typed'; type: ArgType }
    | { kind: 'object'; fields: readonly ArgSpec[] };
  doc: string;
  required?: boolean;
  /** An example value for hints and completion snippets. */
  example: string;
  default?: ArgValue;
}

/** A weight initializer usable as `with { init = he_normal }`. */
export interface InitializerSpec {
  name: string;
  summary: string;
  /** Markdown: the distribution and its scale, with fan_in / fan_out. */
  doc: string;
  /** Arguments of the call form, `normal(stddev = 0.01)`; none when absent. */
  args?: readonly ArgSpec[];
  /** Argument name → the runtime initializer's option name (`stddev` → `standardDeviation`). */
  runtimeOptions?: Readonly<Record<string, string>>;
}

/** The whole vocabulary, passed explicitly to every stage that needs it. */
export interface Catalogue {
  layers: ReadonlyMap<string, LayerSpec>;
  activations: ReadonlyMap<string, ActivationSpec>;
  losses: ReadonlyMap<string, LossSpec>;
  optimizers: ReadonlyMap<string, OptimizerSpec>;
  metrics: ReadonlyMap<string, MetricSpec>;
  dataSources: ReadonlyMap<string, DataSourceSpec>;
  trainSettings: ReadonlyMap<string, TrainSettingSpec>;
  initializers: ReadonlyMap<string, InitializerSpec>;
  /** `ensemble … = adaboost(…) of …` */
  ensembleMethods: ReadonlyMap<string, EnsembleMethodSpec>;
  /** Keras and PyTorch spellings, for did-you-mean errors (never accepted as aliases). */
  synonyms: Synonyms;
}
