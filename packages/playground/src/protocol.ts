// The messages between the page and its two Web Workers, typed once: the language server's extra
// requests (`playground/views`, `playground/compile`) and the trainer's commands and reports.

/** The one document of the playground, in the language server's in-memory folder. */
export const DOCUMENT_PATH = '/playground/model.nnet';
export const DOCUMENT_URI = 'file:///playground/model.nnet';

export interface ModelView {
  name: string;
  /** The network diagram (`nnc graph`'s SVG). */
  svg: string;
  /** The summary table (`nnc summary`'s text). */
  summary: string;
}

export interface ViewsResult {
  models: ModelView[];
  errors: number;
}

/** A dense layer of a plain multilayer perceptron, for drawing each neuron over the plane. */
export interface DenseLayerInfo {
  name: string;
  units: number;
  activation: string;
  weights: string;
  bias: string | undefined;
}

export interface CompiledForTraining {
  model: string;
  /** The generated ES module (imports `./nnet-runtime.js`). */
  js: string;
  data: { name: string; args: Record<string, unknown> } | undefined;
  settings: { batch?: number; epochs?: number; split?: number[]; seed?: number };
  learningRate: number | undefined;
  /** Set when the model is a chain of dense layers over a 2-D input (the neuron view). */
  denseChain: DenseLayerInfo[] | undefined;
}

export type CompileResult =
  { ok: true; value: CompiledForTraining } | { ok: false; message: string };

export type TrainerCommand =
  | { type: 'load'; compiled: CompiledForTraining }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'reset' }
  /** Forget the model (its text no longer compiles): nothing trains until the next load. */
  | { type: 'unload' }
  | { type: 'settings'; learningRate?: number; batch?: number };

export interface TrainerStatus {
  type: 'status';
  running: boolean;
  epoch: number;
  steps: number;
  trainLoss: number;
  testLoss: number | undefined;
  trainAccuracy: number | undefined;
  testAccuracy: number | undefined;
  kernels: string;
  /** Each step's batch loss (penalty included) since the last report, in at most 64 means:
   * the step each mean ends at, and the mean. The loss curve's training line. */
  stepLosses: { steps: number[]; values: number[] };
  /** Set when training stopped by itself at the train block's `epochs`. */
  finished?: string;
}

export interface NeuronLayer {
  layer: string;
  units: number;
  /** The first neurons' outputs over the grid (at most MAX_NEURONS). */
  values: Float32Array[];
  /** The layer's kernel [inputs, units], for the edges. */
  kernel: Float32Array;
  output: boolean;
}

export interface TrainerPlane {
  type: 'plane';
  /** Grid side; values are row-major from the top (y = +range) to the bottom. */
  size: number;
  range: number;
  classes: number;
  /** Per cell, per class probability (classes ≥ 2), or the single output (classes = 1). */
  output: Float32Array;
  /** The optimizer steps taken when the picture was made (the replay's label). */
  steps: number;
  /** Per layer of a dense chain: each shown neuron's output over the grid and the weights. */
  neurons: NeuronLayer[];
  points: { x: Float32Array; label: Int32Array; test: Uint8Array };
}

/** Image samples (28 × 28) with the model's guess and the truth, for MNIST. */
export interface TrainerDigits {
  type: 'digits';
  side: number;
  images: Float32Array;
  guesses: Int32Array;
  truths: Int32Array;
  /** Whether the samples are held out (else from the training part). */
  heldOut: boolean;
}

/** A model of one input and one output (regression): its curve over the data's range, the data. */
export interface TrainerCurve {
  type: 'curve';
  xs: Float32Array;
  ys: Float32Array;
  points: { x: Float32Array; y: Float32Array; test: Uint8Array };
}

export type TrainerReport =
  | TrainerStatus
  | TrainerCurve
  | TrainerPlane
  | TrainerDigits
  | {
      type: 'loaded';
      dataset: string;
      samples: number;
      inputSize: number;
      classes: number;
      /** The samples are square images (the guesses are drawn). */
      images: boolean;
      /** One input and one value to predict: the fitted curve is drawn. */
      curve: boolean;
    }
  /** Training started or stopped, said at once (the figures come when evaluated). */
  | { type: 'running'; running: boolean }
  /** `unloaded`: the model could not be loaded and the trainer has none. */
  | { type: 'error'; message: string; unloaded?: boolean };
