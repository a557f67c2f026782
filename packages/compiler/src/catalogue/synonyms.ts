// Keras and PyTorch spellings of nnet's vocabulary (`Conv2d`, `kernel_size`, `batch_size`,
// `categorical_crossentropy`, `False`): each maps to the one nnet name. They are never accepted as
// aliases; the checker reports them as errors with a did-you-mean and a quick fix.

/** Where a foreign spelling comes from, for the message ("the PyTorch name"). */
export type SynonymOrigin = 'Keras' | 'PyTorch' | 'Keras and PyTorch' | 'Python';

export interface Synonym {
  /** As a student writes it: `Conv2d`, `kernel_size`. */
  written: string;
  /** The nnet name it means: `conv2d`, `kernel`. */
  canonical: string;
  origin: SynonymOrigin;
}

/** The foreign spellings, one table per kind of name; arguments may mean different names per callee. */
export interface Synonyms {
  layers: ReadonlyMap<string, Synonym>;
  activations: ReadonlyMap<string, Synonym>;
  losses: ReadonlyMap<string, Synonym>;
  optimizers: ReadonlyMap<string, Synonym>;
  metrics: ReadonlyMap<string, Synonym>;
  dataSources: ReadonlyMap<string, Synonym>;
  trainSettings: ReadonlyMap<string, Synonym>;
  /** An argument name and the nnet names it may mean; the callee's own argument is chosen. */
  arguments: ReadonlyMap<string, readonly Synonym[]>;
  /** Values: `False` → `false`. */
  values: ReadonlyMap<string, Synonym>;
  /**
   * PyTorch layers whose constructor takes the input size first (`nn.Linear(784, 10)`): how many
   * leading positional arguments are input sizes, and from how many positional arguments on the
   * call is PyTorch's (Keras's `LSTM(64)` has one, PyTorch's `nn.LSTM(28, 64)` two).
   */
  inputSizes: ReadonlyMap<string, InputSizeArguments>;
  /** PyTorch's names of input-size arguments (`in_features`): nnet infers them, so none exists. */
  inputSizeArguments: ReadonlySet<string>;
}

export interface InputSizeArguments {
  leading: number;
  whenAtLeast: number;
}

type Row = readonly [written: string, canonical: string, origin: SynonymOrigin];

const K = 'Keras';
const P = 'PyTorch';
const KP = 'Keras and PyTorch';

const layerRows: Row[] = [
  ['Dense', 'dense', K],
  ['Linear', 'dense', P],
  ['Flatten', 'flatten', KP],
  ['Reshape', 'reshape', K],
  ['Dropout', 'dropout', KP],
  ['BatchNormalization', 'batchnorm', K],
  ['BatchNorm1d', 'batchnorm', P],
  ['BatchNorm2d', 'batchnorm', P],
  ['LayerNormalization', 'layernorm', K],
  ['LayerNorm', 'layernorm', P],
  ['RMSNormalization', 'rmsnorm', K],
  ['RMSNorm', 'rmsnorm', P],
  ['Conv1D', 'conv1d', K],
  ['Conv1d', 'conv1d', P],
  ['Conv2D', 'conv2d', K],
  ['Conv2d', 'conv2d', P],
  ['MaxPooling1D', 'maxpool1d', K],
  ['MaxPool1d', 'maxpool1d', P],
  ['MaxPooling2D', 'maxpool2d', K],
  ['MaxPool2d', 'maxpool2d', P],
  ['AveragePooling2D', 'avgpool2d', K],
  ['AvgPool2d', 'avgpool2d', P],
  ['GlobalAveragePooling2D', 'globalavgpool', K],
  ['Embedding', 'embedding', KP],
  ['SimpleRNN', 'rnn', K],
  ['RNN', 'rnn', P],
  ['LSTM', 'lstm', KP],
  ['GRU', 'gru', KP],
  ['MultiHeadAttention', 'attention', K],
  ['MultiheadAttention', 'attention', P],
  ['Add', 'add', K],
  ['Concatenate', 'concat', K],
  ['Multiply', 'multiply', K],
  ['Maximum', 'maximum', K],
];

const activationRows: Row[] = [
  ['ReLU', 'relu', KP],
  ['LeakyReLU', 'leaky_relu', KP],
  ['PReLU', 'prelu', KP],
  ['ELU', 'elu', KP],
  ['SELU', 'selu', P],
  ['GELU', 'gelu', P],
  ['SiLU', 'swish', P],
  ['silu', 'swish', KP],
  ['Sigmoid', 'sigmoid', P],
  ['Tanh', 'tanh', P],
  ['Softmax', 'softmax', KP],
  ['Softplus', 'softplus', P],
  ['Softsign', 'softsign', P],
  ['Hardsigmoid', 'hard_sigmoid', P],
  ['Identity', 'identity', P],
];

const lossRows: Row[] = [
  ['categorical_crossentropy', 'cross_entropy', K],
  ['CategoricalCrossentropy', 'cross_entropy', K],
  ['sparse_categorical_crossentropy', 'sparse_cross_entropy', K],
  ['SparseCategoricalCrossentropy', 'sparse_cross_entropy', K],
  ['CrossEntropyLoss', 'sparse_cross_entropy', P],
  ['NLLLoss', 'sparse_cross_entropy', P],
  ['binary_crossentropy', 'binary_cross_entropy', K],
  ['BinaryCrossentropy', 'binary_cross_entropy', K],
  ['BCELoss', 'binary_cross_entropy', P],
  ['BCEWithLogitsLoss', 'binary_cross_entropy', P],
  ['mean_squared_error', 'mse', K],
  ['MeanSquaredError', 'mse', K],
  ['MSELoss', 'mse', P],
  ['mean_absolute_error', 'mae', K],
  ['MeanAbsoluteError', 'mae', K],
  ['L1Loss', 'mae', P],
  ['mean_absolute_percentage_error', 'mape', K],
  ['mean_squared_logarithmic_error', 'msle', K],
  ['kl_divergence', 'kld', K],
  ['kullback_leibler_divergence', 'kld', K],
  ['KLDivLoss', 'kld', P],
  ['log_cosh', 'logcosh', K],
  ['cosine_similarity', 'cosine', K],
  ['HingeEmbeddingLoss', 'hinge', P],
];

const optimizerRows: Row[] = [
  ['SGD', 'sgd', KP],
  ['Adam', 'adam', KP],
  ['AdamW', 'adamw', KP],
  ['RMSprop', 'rmsprop', KP],
  ['Adagrad', 'adagrad', KP],
  ['Adadelta', 'adadelta', KP],
  ['Adamax', 'adamax', KP],
  ['Nadam', 'nadam', K],
  ['NAdam', 'nadam', P],
];

const metricRows: Row[] = [
  ['acc', 'accuracy', K],
  ['categorical_accuracy', 'accuracy', K],
  ['sparse_categorical_accuracy', 'accuracy', K],
  ['top_k_categorical_accuracy', 'top_k', K],
  ['sparse_top_k_categorical_accuracy', 'top_k', K],
  ['AUC', 'auc', K],
  ['mean_squared_error', 'mse', K],
  ['mean_absolute_error', 'mae', K],
];

const dataSourceRows: Row[] = [
  ['MNIST', 'mnist', P],
  ['FashionMNIST', 'fashion_mnist', P],
];

const trainSettingRows: Row[] = [
  ['batch_size', 'batch', KP],
  ['nb_epoch', 'epochs', K],
  ['num_epochs', 'epochs', KP],
  ['epoch', 'epochs', KP],
  ['validation_split', 'split', K],
  ['validation_data', 'validation', K],
  ['early_stopping', 'early_stop', K],
  ['EarlyStopping', 'early_stop', K],
  ['random_state', 'seed', K],
  ['random_seed', 'seed', K],
];

const argumentRows: Row[] = [
  ['kernel_size', 'kernel', KP],
  ['stride', 'strides', P],
  ['bias', 'use_bias', P],
  ['learning_rate', 'lr', K],
  ['pool_size', 'pool', K],
  ['dilation_rate', 'dilation', K],
  ['out_features', 'units', P],
  ['hidden_size', 'units', P],
  ['out_channels', 'filters', P],
  ['p', 'rate', P],
  ['eps', 'epsilon', P],
  ['num_embeddings', 'vocab', P],
  ['input_dim', 'vocab', K],
  ['embedding_dim', 'dim', P],
  ['output_dim', 'dim', K],
  ['target_shape', 'shape', K],
  ['beta_1', 'beta1', K],
  ['beta_2', 'beta2', K],
  ['negative_slope', 'alpha', P],
  ['initial_accumulator_value', 'initial_accumulator', KP],
  ['dropout_rate', 'dropout', K],
  ['minval', 'low', K],
  ['maxval', 'high', K],
  ['std', 'stddev', P],
];

const inputSizeRows: [written: string, leading: number, whenAtLeast: number][] = [
  ['Linear', 1, 2],
  ['Conv1d', 1, 3],
  ['Conv2d', 1, 3],
  ['RNN', 1, 2],
  ['LSTM', 1, 2],
  ['GRU', 1, 2],
  ['BatchNorm1d', 1, 1],
  ['BatchNorm2d', 1, 1],
  ['LayerNorm', 1, 1],
  ['RMSNorm', 1, 1],
];

const inputSizeArgumentNames = [
  'in_features',
  'in_channels',
  'input_size',
  'num_features',
  'normalized_shape',
];

const valueRows: Row[] = [
  ['False', 'false', 'Python'],
  ['True', 'true', 'Python'],
];

function synonymTable(rows: readonly Row[]): Map<string, Synonym> {
  const byWritten = new Map<string, Synonym>();
  for (const [written, canonical, origin] of rows) {
    if (byWritten.has(written)) throw new Error(`catalogue: synonym \`${written}\` listed twice`);
    byWritten.set(written, { written, canonical, origin });
  }
  return byWritten;
}

function argumentTable(rows: readonly Row[]): Map<string, Synonym[]> {
  const byWritten = new Map<string, Synonym[]>();
  for (const [written, canonical, origin] of rows) {
    const list = byWritten.get(written) ?? [];
    list.push({ written, canonical, origin });
    byWritten.set(written, list);
  }
  return byWritten;
}

/** The synonym tables; `createCatalogue` checks that every canonical name exists. */
export function createSynonyms(): Synonyms {
  return {
    layers: synonymTable(layerRows),
    activations: synonymTable(activationRows),
    losses: synonymTable(lossRows),
    optimizers: synonymTable(optimizerRows),
    metrics: synonymTable(metricRows),
    dataSources: synonymTable(dataSourceRows),
    trainSettings: synonymTable(trainSettingRows),
    arguments: argumentTable(argumentRows),
    values: synonymTable(valueRows),
    inputSizes: new Map(
      inputSizeRows.map(([written, leading, whenAtLeast]) => [written, { leading, whenAtLeast }]),
    ),
    inputSizeArguments: new Set(inputSizeArgumentNames),
  };
}

/**
 * The `padding` word that a PyTorch number of padded pixels means: 0 is `valid`, and (k − 1) / 2 on
 * an odd kernel k (1 on 3×3) is `same`; any other number has no nnet spelling.
 */
export function paddingWordFor(pixels: number, kernel: readonly number[]): string | undefined {
  if (pixels === 0) return 'valid';
  if (kernel.length > 0 && kernel.every((k) => k % 2 === 1 && (k - 1) / 2 === pixels))
    return 'same';
  return undefined;
}
