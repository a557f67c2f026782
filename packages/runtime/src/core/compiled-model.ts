// The contract between code that `nnc compile` generates and the runtime that drives it: a
// generated module's `create()` returns a CompiledModel; the trainer, evaluator and checkpoint
// code only ever talk to this interface. Buffers grow with the largest batch seen, never per step.

export type TensorData = Float32Array | Int32Array;

export interface ParamInfo {
  /** `dense/weights`, `ResidualDense_1/h/bias`: the layer's name, a slash, the weight's name. */
  name: string;
  shape: readonly number[];
  trainable: boolean;
}

/** What the model's loss expects of targets. */
export interface LossInfo {
  /** The catalogue name: `cross_entropy`, `mse`, … */
  name: string;
  task: 'multiclass' | 'binary' | 'regression' | 'distribution' | 'perceptron';
  /**
   * Per-sample target shape: [1] for class indices and binary labels, else the output shape; a
   * class per row ([rows] for an output [rows, classes], −1 where a row is unlabelled) when the
   * output has rows.
   */
  targetShape: readonly number[];
  /** Class indices (Int32Array) rather than values. */
  targetsAreIndices: boolean;
}

export interface CompiledModel {
  readonly name: string;
  /** The `.nnet` file it was compiled from, for messages. */
  readonly source: string;
  /** The values of one sample; with several inputs, all of them one after the other. */
  readonly inputShape: readonly number[];
  /** With several inputs: each one's name and shape, in the order they are packed in a sample. */
  readonly inputParts?: readonly { name: string; shape: readonly number[] }[];
  readonly inputDtype: 'float' | 'int';
  readonly outputShape: readonly number[];
  /** Present when the model was compiled with a `train` run. */
  readonly loss?: LossInfo;
  readonly paramInfo: readonly ParamInfo[];
  /** The weights, by ParamInfo name; writing into them changes the model. */
  readonly params: Readonly<Record<string, Float32Array>>;
  /** The optimizer's learning rate; schedules may change it between steps. */
  learningRate: number;

  /**
   * Inference-mode forward pass over `batch` samples (default: as many as `x` holds); the result
   * is a view valid until the next call.
   */
  predict(x: TensorData, batch?: number): Float32Array;
  /**
   * One training step on a batch: forward (training mode), loss, backward, optimizer update.
   * Returns the batch's mean loss before the update, penalties (L1/L2) included. With
   * `sampleWeights` (one per sample of the batch) the loss is (1/batch)·Σ s_i·ℓ_i (boosting).
   */
  trainStep(x: TensorData, y: TensorData, batch?: number, sampleWeights?: Float32Array): number;
  /** Inference-mode loss (mean over the batch, without penalties) and outputs, no update. */
  evaluateBatch(
    x: TensorData,
    y: TensorData,
    batch: number,
  ): { loss: number; outputs: Float32Array };
  /** Optimizer state (moments, step count, BatchNorm running statistics) for checkpoints. */
  state(): Record<string, Float32Array>;
  /** The training step in two halves, for data parallelism (present when compiled with a run). */
  readonly replica?: ModelReplica;
  loadState(state: Readonly<Record<string, Float32Array>>): void;
}

/**
 * A model's training step with its updates held (data parallelism over the batch): copies of the
 * model each run `trainGradients` on part of a batch, the caller combines their `gradients`
 * (weighted by their shares of the batch, in a fixed order), and every copy applies the same update.
 */
export interface ModelReplica {
  /**
   * Why the step must stay whole (batch statistics, random draws while training, a loss over
   * rows), from the compiler's facts; undefined when the loss is a mean over independent samples.
   */
  readonly blocker: string | undefined;
  /**
   * Whether some weight serves several positions of a sample (convolution, recurrence, attention):
   * only then do copies beat split products (the copies' costs grow with the weights).
   */
  readonly weightsReused: boolean;
  /** The gradient of every parameter the optimizer updates, in one fixed order. */
  readonly gradients: readonly Float32Array[];
  /** Forward, loss and backward without the update: `gradients` then hold this batch's. */
  trainGradients(x: TensorData, y: TensorData, batch?: number): number;
  /** The penalties' gradients added to `gradients` (same order), then each optimizer's step. */
  applyUpdates(gradients: readonly Float32Array[]): void;
}

/**
 * Copies one tensor of a weights file into `target` (`with { weights = load(file, tensor) }`),
 * `file` relative to `relativeTo` (the .nnet source). Reading files is the host's business:
 * `@nnet/runtime/train` exports `loadTensorInto`, which is one.
 */
export type TensorLoader = (
  target: Float32Array,
  file: string,
  tensor: string,
  relativeTo?: string,
) => void;

/** What a generated module's `create()` takes. */
export interface CreateOptions {
  /** Seed of the initializers for weights that are neither given nor loaded (default 0). */
  seed?: number;
  /** Needed only by a model that loads weights from a file (see TensorLoader). */
  loadTensor?: TensorLoader;
}

/** What a generated module exports. */
export interface CompiledModule {
  create(options?: CreateOptions): CompiledModel;
}

/**
 * The loader a generated `create()` uses for `load(…)` weights; without one, a clear error
 * naming the model, the file and the fix (generated modules never read files themselves).
 */
export function requireTensorLoader(options: CreateOptions, model: string): TensorLoader {
  if (options.loadTensor) return options.loadTensor;
  return (_target, file) => {
    throw new Error(
      `model ${model} loads weights from "${file}", and reading files needs the host: ` +
        "pass { loadTensor: loadTensorInto } from '@nnet/runtime/train' to create()",
    );
  };
}
