// The one catalogue of diagnostic messages. Codes: NN1xxx syntax, NN2xxx names, NN3xxx arguments and
// shapes, NN4xxx training and data, NN5xxx limits (docs/limits.md), NN9xxx internal. Each code appears
// here or in limit-messages.ts (NN5xxx), data-messages.ts (NN410x), messages-ensemble.ts (NN204x,
// NN304x) or search-messages.ts exactly once (a test checks it), each with a golden case
// under tests/cases or a test.

import { formatCount } from '../limits.js';
import { limitMessages } from './limit-messages.js';
import { define } from './message-define.js';
import { DataMessages } from './data-messages.js';
import { EnsembleMessages } from './messages-ensemble.js';
import { SearchMessages } from './search-messages.js';
import { sharedLayerMessages } from './messages-shared.js';
import { graphMessages } from './messages-graph.js';

const didYouMean = (a: { suggestion?: string }) =>
  a.suggestion ? `did you mean \`${a.suggestion}\`?` : undefined;
/** `[28, 28]`; a dimension that is not a finite number shows as `?`, never NaN or Infinity. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.map((d) => (Number.isFinite(d) ? String(d) : '?')).join(', ')}]`;
}
/** A count in a message: as written when it is a safe integer, else never NaN or Infinity. */
const count = (n: number) => (Number.isSafeInteger(n) ? String(n) : formatCount(n));

export const Messages = {
  ...sharedLayerMessages,
  ...graphMessages,
  // --- NN1xxx: syntax --------------------------------------------------------------------------
  UnexpectedToken: define<{ expected: string; found: string }>(
    'NN1001',
    'error',
    'Unexpected token',
    (a) => `expected ${a.expected}, found ${a.found}`,
  ),
  UnterminatedString: define(
    'NN1002',
    'error',
    'Unterminated string',
    () => 'this string has no closing `"` before the end of the line',
    () => 'add a `"` where the string should end',
  ),
  UnterminatedComment: define(
    'NN1003',
    'error',
    'Unterminated block comment',
    () => 'this block comment has no closing `*/`',
    () => 'add `*/` where the comment should end',
  ),
  InvalidCharacter: define<{ character: string }>(
    'NN1004',
    'error',
    'Invalid character',
    (a) => `unexpected character ${a.character}; it has no meaning in a .nnet file`,
    () => 'remove it',
  ),
  UnclosedBracket: define<{ open: string; close: string }>(
    'NN1005',
    'error',
    'Unclosed bracket',
    (a) => `this \`${a.open}\` is never closed: expected \`${a.close}\` before the end of the file`,
    (a) => `add \`${a.close}\``,
  ),
  InvalidEscape: define<{ escape: string }>(
    'NN1006',
    'error',
    'Invalid escape sequence',
    (a) => `unknown escape sequence \`${a.escape}\` in a string`,
    () => 'use one of \\\\, \\", \\n, \\t, \\r, \\u{…}',
  ),
  MisplacedDeclaration: define<{ what: string; where: string }>(
    'NN1007',
    'error',
    'Declaration in the wrong place',
    (a) => `${a.what} cannot appear ${a.where}`,
  ),
  ModulePrefix: define<{ prefix: string; name: string }>(
    'NN1008',
    'error',
    'Python module prefix',
    (a) =>
      `\`${a.prefix}${a.name}\` names a Python module path; nnet names stand alone, without \`${a.prefix}\``,
    (a) => `remove \`${a.prefix}\``,
  ),
  SingleQuotedString: define<{ written: string; replacement: string }>(
    'NN1009',
    'error',
    'Single-quoted string',
    (a) => `strings are written in double quotes, found ${a.written}`,
    (a) => `write ${a.replacement}`,
  ),

  // --- NN2xxx: names ---------------------------------------------------------------------------
  UnknownName: define<{ name: string; suggestion?: string }>(
    'NN2001',
    'error',
    'Unknown name',
    (a) => `\`${a.name}\` is not defined: expected a named value, a constant or a parameter`,
    didYouMean,
  ),
  UnknownLayer: define<{ name: string; suggestion?: string }>(
    'NN2002',
    'error',
    'Unknown layer',
    (a) => `unknown layer \`${a.name}\`: expected a layer, an activation, a block or a named value`,
    didYouMean,
  ),
  DuplicateName: define<{ name: string; what: string }>(
    'NN2003',
    'error',
    'Duplicate name',
    (a) => `${a.what} \`${a.name}\` is already defined in this scope`,
    () => 'rename one of them',
  ),
  UnusedValue: define<{ name: string }>(
    'NN2004',
    'warning',
    'Unused named value',
    (a) => `the value \`${a.name}\` is never used`,
    () => 'use it, list it in `output`, or remove the name',
  ),
  ImportNotFound: define<{ path: string }>(
    'NN2005',
    'error',
    'Imported file not found',
    (a) => `cannot find the imported file "${a.path}"`,
    () => 'import paths are relative to the importing file',
  ),
  CyclicImport: define<{ cycle: string }>(
    'NN2006',
    'error',
    'Cyclic import',
    (a) => `this import makes a cycle: ${a.cycle}`,
    () => 'move the shared models and blocks into a file that both import',
  ),
  UnknownModel: define<{ name: string; suggestion?: string }>(
    'NN2007',
    'error',
    'Unknown model',
    (a) => `unknown model \`${a.name}\``,
    didYouMean,
  ),
  UnknownActivation: define<{ name: string; suggestion?: string }>(
    'NN2008',
    'error',
    'Unknown activation',
    (a) => `unknown activation \`${a.name}\``,
    didYouMean,
  ),
  UnknownLoss: define<{ name: string; suggestion?: string }>(
    'NN2009',
    'error',
    'Unknown loss',
    (a) => `unknown loss \`${a.name}\``,
    didYouMean,
  ),
  UnknownOptimizer: define<{ name: string; suggestion?: string }>(
    'NN2010',
    'error',
    'Unknown optimizer',
    (a) => `unknown optimizer \`${a.name}\``,
    didYouMean,
  ),
  UnknownMetric: define<{ name: string; suggestion?: string }>(
    'NN2011',
    'error',
    'Unknown metric',
    (a) => `unknown metric \`${a.name}\``,
    didYouMean,
  ),
  UnknownDataSource: define<{ name: string; suggestion?: string }>(
    'NN2012',
    'error',
    'Unknown data source',
    (a) => `unknown data source \`${a.name}\``,
    didYouMean,
  ),
  UnknownArgument: define<{ callee: string; name: string; expected: string; suggestion?: string }>(
    'NN2013',
    'error',
    'Unknown argument',
    (a) => `\`${a.callee}\` has no argument \`${a.name}\`; its arguments are ${a.expected}`,
    didYouMean,
  ),
  UnknownSetting: define<{ name: string; expected: string; suggestion?: string }>(
    'NN2014',
    'error',
    'Unknown train setting',
    (a) => `unknown train setting \`${a.name}\`; the settings are ${a.expected}`,
    didYouMean,
  ),
  ForeignName: define<{ written: string; canonical: string; what: string; origin: string }>(
    'NN2030',
    'error',
    'Keras or PyTorch name',
    (a) =>
      `\`${a.written}\` is the ${a.origin} name of ${a.what}; nnet has one name for it: \`${a.canonical}\``,
    (a) => `did you mean \`${a.canonical}\`?`,
  ),
  DuplicateRun: define<{ name: string }>(
    'NN2015',
    'error',
    'Duplicate train run',
    (a) => `a train run named \`${a.name}\` already exists`,
    () => 'give each run its own name with `train Model as name { … }`',
  ),
  InOutsideBlock: define(
    'NN2016',
    'error',
    '`in` outside a block',
    () => '`in` is the input of a block and is only defined inside `block … { }`',
    () => "name the value you mean, e.g. `x = …`, or use the model's input name",
  ),
  RecursiveBlock: define<{ cycle: string }>(
    'NN2017',
    'error',
    'Recursive block',
    (a) => `blocks cannot use themselves: ${a.cycle}`,
  ),
  DuplicateArgument: define<{ callee: string; name: string }>(
    'NN2018',
    'error',
    'Duplicate argument',
    (a) => `\`${a.callee}\` gets the argument \`${a.name}\` twice`,
    () => 'remove one of them',
  ),
  UnknownWithField: define<{ layer: string; name: string; expected: string; suggestion?: string }>(
    'NN2019',
    'error',
    'Unknown `with` field',
    (a) => `\`${a.name}\` cannot be set on \`${a.layer}\`; expected one of ${a.expected}`,
    didYouMean,
  ),
  UnusedConst: define<{ name: string }>(
    'NN2020',
    'warning',
    'Unused constant',
    (a) => `the constant \`${a.name}\` is never used`,
    () => 'remove it, or prefix its name with `_`',
  ),
  DuplicateSetting: define<{ name: string }>(
    'NN2021',
    'error',
    'Duplicate setting',
    (a) => `\`${a.name}\` is set twice`,
    () => 'remove one of them',
  ),
  NotAValue: define<{ name: string; what: string }>(
    'NN2022',
    'error',
    'Not a value',
    (a) =>
      `\`${a.name}\` is ${a.what}, not a named value: expected the name of a value computed earlier in this model`,
  ),
  UnknownBaseRun: define<{ name: string; expected: string; cycle?: boolean; suggestion?: string }>(
    'NN2023',
    'error',
    'Unknown base run',
    (a) =>
      a.cycle
        ? `train run \`${a.name}\` cannot be extended here: the runs extend each other in a circle`
        : `no train run named \`${a.name}\` to extend in this file; its runs are ${a.expected}`,
    didYouMean,
  ),

  // --- NN3xxx: arguments and shapes ------------------------------------------------------------
  MissingArgument: define<{ callee: string; name: string; type: string }>(
    'NN3001',
    'error',
    'Missing argument',
    (a) => `\`${a.callee}\` needs the argument \`${a.name}\` (${a.type})`,
    (a) => `add it, e.g. \`${a.callee}(${a.name} = …)\``,
  ),
  InputRankMismatch: define<{ layer: string; expected: string; found: string; help?: string }>(
    'NN3002',
    'error',
    'Wrong input shape',
    (a) => `\`${a.layer}\` expects ${a.expected}, got ${a.found}`,
    (a) => a.help,
  ),
  ArgumentType: define<{ name: string; expected: string; found: string }>(
    'NN3003',
    'error',
    'Wrong argument type',
    (a) => `\`${a.name}\` expects ${a.expected}, found ${a.found}`,
  ),
  ArgumentRange: define<{ name: string; expected: string; found: string }>(
    'NN3004',
    'error',
    'Argument out of range',
    (a) => `\`${a.name}\` must be ${a.expected}, found ${a.found}`,
  ),
  TooManyArguments: define<{ callee: string; max: number; found: number }>(
    'NN3005',
    'error',
    'Too many arguments',
    (a) =>
      `\`${a.callee}\` takes at most ${count(a.max)} positional argument${a.max === 1 ? '' : 's'}, found ${count(a.found)}`,
    () => 'name the extra arguments, or remove them',
  ),
  MergeShapeMismatch: define<{ layer: string; shapes: string }>(
    'NN3006',
    'error',
    'Merged shapes differ',
    (a) => `\`${a.layer}\` needs inputs of the same shape, got ${a.shapes}`,
    () => "project one branch to the other's shape, e.g. with `dense(n)`",
  ),
  ConcatMismatch: define<{ detail: string }>(
    'NN3007',
    'error',
    'Cannot concatenate',
    (a) => `\`concat\`: ${a.detail}`,
  ),
  ReshapeCount: define<{ from: string; fromCount: number; to: string; toCount: number }>(
    'NN3008',
    'error',
    'Reshape changes the element count',
    (a) =>
      `\`reshape\` cannot turn ${a.from} (${count(a.fromCount)} values) into ${a.to} (${count(a.toCount)} values)`,
    () => 'the product of the dimensions must stay the same; use -1 for one dimension to infer it',
  ),
  KernelTooLarge: define<{ layer: string; detail: string }>(
    'NN3009',
    'error',
    'Window larger than its input',
    (a) => `\`${a.layer}\`: ${a.detail}`,
    () => 'use `padding = "same"`, a smaller kernel, or fewer pooling layers before it',
  ),
  WeightShapeMismatch: define<{ layer: string; field: string; expected: string; found: string }>(
    'NN3010',
    'error',
    'Weights of the wrong shape',
    (a) => `\`${a.field}\` of \`${a.layer}\` must have shape ${a.expected}, found ${a.found}`,
    () => 'weight matrices are written [inputs][units], as in x · W + b',
  ),
  InputCount: define<{ layer: string; expected: string; found: number }>(
    'NN3011',
    'error',
    'Wrong number of inputs',
    (a) => `\`${a.layer}\` takes ${a.expected}, found ${count(a.found)}`,
  ),
  NoInputValue: define<{ layer: string }>(
    'NN3012',
    'error',
    'Layer without an input',
    (a) => `\`${a.layer}\` has no input: there is no value before it`,
    () =>
      'declare an input first, e.g. `input x: [784]`, or start the line from a named value: `x -> …`',
  ),
  NotConstant: define<{ detail: string }>(
    'NN3013',
    'error',
    'Not a constant expression',
    (a) => `expected a constant number, ${a.detail}`,
  ),
  RepeatCount: define<{ found: string }>(
    'NN3014',
    'error',
    'Bad repeat count',
    (a) => `\`repeat\` needs a whole number ≥ 0, found ${a.found}`,
  ),
  BadInputShape: define<{ name: string; found: string }>(
    'NN3015',
    'error',
    'Bad input shape',
    (a) => `the shape of input \`${a.name}\` must be a list of whole numbers ≥ 1, found ${a.found}`,
    () => 'write it without the batch dimension, e.g. `input image: [28, 28, 1]`',
  ),
  InputDtype: define<{ layer: string; expected: string; found: string }>(
    'NN3016',
    'error',
    'Wrong input type',
    (a) => `\`${a.layer}\` expects ${a.expected} input, found ${a.found}`,
  ),
  PositionalAfterNamed: define<{ callee: string }>(
    'NN3017',
    'error',
    'Positional argument after a named one',
    (a) =>
      `\`${a.callee}\`: positional arguments come before named ones (only a trailing activation may follow them)`,
  ),
  ModelWithoutInput: define<{ model: string }>(
    'NN3018',
    'error',
    'Model without input',
    (a) => `model \`${a.model}\` declares no input`,
    () => 'add one, e.g. `input x: [784]`',
  ),
  NoWeights: define<{ layer: string }>(
    'NN3019',
    'error',
    'Layer without weights',
    (a) => `\`${a.layer}\` has no weights to set`,
    () => 'remove `weights`/`bias` from its `with` clause',
  ),
  DivisionByZero: define(
    'NN3020',
    'error',
    'Division by zero',
    () => 'this constant expression divides by zero',
  ),
  NonIntegerDim: define<{ what: string; found: string }>(
    'NN3021',
    'error',
    'Whole number expected',
    (a) => `${a.what} must be a whole number, found ${a.found}`,
  ),
  DoubleActivation: define<{ activation: string }>(
    'NN3022',
    'warning',
    'Activation applied twice',
    (a) => `\`${a.activation}\` is applied twice in a row`,
    () => 'remove one of them',
  ),
  LayerShapeError: define<{ layer: string; detail: string; help?: string }>(
    'NN3023',
    'error',
    'Invalid layer configuration',
    (a) => `\`${a.layer}\`: ${a.detail}`,
    (a) => a.help,
  ),
  BlockArity: define<{ block: string; expected: string; found: number }>(
    'NN3024',
    'error',
    'Wrong number of block arguments',
    (a) => `block \`${a.block}\` takes ${a.expected}, found ${count(a.found)}`,
  ),
  UnknownOutput: define<{ name: string }>(
    'NN3025',
    'error',
    'Output is not a value',
    (a) => `\`output\` names \`${a.name}\`, which is not a value of this model`,
  ),

  // --- NN4xxx: training and data ---------------------------------------------------------------
  LossMismatch: define<{ loss: string; detail: string; help?: string }>(
    'NN4001',
    'error',
    'Loss does not fit the output',
    (a) => `\`${a.loss}\` ${a.detail}`,
    (a) => a.help,
  ),
  DataShapeMismatch: define<{ source: string; what: string; expected: string; found: string }>(
    'NN4002',
    'error',
    'Data does not fit the model',
    (a) =>
      `\`${a.source}\` gives ${a.what} of shape ${a.found}, but the model expects ${a.expected}`,
  ),
  MissingSetting: define<{ run: string; name: string; example: string }>(
    'NN4003',
    'error',
    'Missing train setting',
    (a) => `train run \`${a.run}\` needs \`${a.name}\``,
    (a) => `add e.g. \`${a.name} = ${a.example}\``,
  ),
  BadSplit: define<{ found: string }>(
    'NN4004',
    'error',
    'Bad split',
    (a) => `\`split\` must be 2 or 3 fractions ≥ 0 that add up to 1, found ${a.found}`,
    () => 'e.g. `split = [0.8, 0.1, 0.1]` for train / validation / test',
  ),
  ClassCountMismatch: define<{ source: string; classes: number; units: number }>(
    'NN4005',
    'error',
    'Class count does not fit the output',
    (a) =>
      `\`${a.source}\` has ${count(a.classes)} classes, but the model outputs ${count(a.units)} values`,
    (a) => `make the last layer \`dense(${count(a.classes)})\``,
  ),
  UnsupportedRun: define<{ detail: string }>(
    'NN4006',
    'error',
    'Unsupported train run',
    (a) => a.detail,
  ),
  BadMonitor: define<{ found: string; expected: string }>(
    'NN4007',
    'error',
    'Unknown monitored quantity',
    (a) => `\`early_stop\` cannot monitor \`${a.found}\`; expected one of ${a.expected}`,
  ),
  SuspiciousLoss: define<{ detail: string; help?: string }>(
    'NN4008',
    'warning',
    'Suspicious loss and output pairing',
    (a) => a.detail,
    (a) => a.help,
  ),
  ...DataMessages,
  CannotCompile: define<{ what: string; target: string; reason: string; help?: string }>(
    'NN4009',
    'error',
    'Cannot compile',
    (a) => `${a.what} cannot be compiled to ${a.target}: ${a.reason}`,
    (a) => a.help,
  ),
  CannotImport: define<{ what: string; from: string; reason: string; help?: string }>(
    'NN4010',
    'error',
    'Cannot import',
    (a) => `${a.what} cannot be imported from ${a.from}: ${a.reason}`,
    (a) => a.help,
  ),
  ImportedUntied: define<{ what: string; matrix: string; reason: string }>(
    'NN4016',
    'warning',
    'Tied weights imported untied',
    (a) =>
      `${a.what} multiplies by the transpose of \`${a.matrix}\`, which the graph also reads elsewhere; it is imported as a \`dense\` layer with its own copy of those weights, not tied (\`dense_transposed\`): ${a.reason}`,
    () =>
      'training the imported model updates the copies apart; to tie them, make the layer that reads them as its kernel `shared` and write `dense_transposed(that_layer)` in its place',
  ),

  BadExpression: define<{ source: string; character: string; detail: string; names: string }>(
    'NN4015',
    'error',
    'Malformed function expression',
    (a) =>
      `the expression of \`${a.source}\` is malformed at character ${a.character}: ${a.detail}`,
    (a) => `write a function of x with numbers, + - * / ^ and ( ), and the names ${a.names}`,
  ),

  ...EnsembleMessages,
  ...SearchMessages,
  // --- NN9xxx: internal ------------------------------------------------------------------------
  InternalError: define<{ detail: string }>(
    'NN9001',
    'error',
    'Internal compiler error',
    (a) => `internal compiler error: ${a.detail}`,
    () => 'this is a bug in nnet, not in your file; please report it with the file that caused it',
  ),

  ...limitMessages,
} as const;
export type MessageName = keyof typeof Messages;
