// The abstract syntax tree of a .nnet file: plain data, every node with its source span.
// The parser builds it (even from broken text: missing pieces become `Missing` nodes or are
// left out, and `recovered` marks nodes rebuilt after a syntax error); every later stage reads it.

import type { Span } from './source.js';

interface NodeBase {
  span: Span;
  /** Set on nodes the parser rebuilt after a syntax error (their text was incomplete). */
  recovered?: boolean;
}

/** A name as written, with its own span (for go-to-definition, rename and diagnostics). */
export interface Identifier extends NodeBase {
  kind: 'Identifier';
  name: string;
}

export interface Comment extends NodeBase {
  kind: 'Comment';
  /** `line` is `// …`, `doc` is `/// …`, `block` is `/* … *\/`. */
  style: 'line' | 'doc' | 'block';
  /** The raw text including its delimiters. */
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Expressions: constants, arguments, `with` values and `train` settings.

export type Expr =
  | NumberLiteral
  | StringLiteral
  | BoolLiteral
  | NameExpr
  | ListExpr
  | ObjectExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | MissingExpr;

export interface NumberLiteral extends NodeBase {
  kind: 'Number';
  value: number;
  /** The literal as written (`1e-4`, `0.10`): kept for the formatter. */
  raw: string;
}

export interface StringLiteral extends NodeBase {
  kind: 'String';
  /** The decoded value (escapes resolved). */
  value: string;
  raw: string;
}

export interface BoolLiteral extends NodeBase {
  kind: 'Bool';
  value: boolean;
}

/** A bare name: a const, a parameter, or a symbol such as `relu`, `he_normal`, `val_loss`. */
export interface NameExpr extends NodeBase {
  kind: 'Name';
  name: Identifier;
}

/** `[a, b, c]`: shapes, weight matrices, splits. */
export interface ListExpr extends NodeBase {
  kind: 'List';
  items: Expr[];
}

/** `{ monitor = val_loss, patience = 3 }` */
export interface ObjectExpr extends NodeBase {
  kind: 'Object';
  fields: Field[];
}

/** `leaky_relu(0.1)`, `sgd(lr = 0.1)`, `mnist(resize = [40, 40])`, `load("w.safetensors", "fc1")` */
export interface CallExpr extends NodeBase {
  kind: 'Call';
  callee: Identifier;
  args: Argument[];
}

export interface UnaryExpr extends NodeBase {
  kind: 'Unary';
  op: '-' | '+';
  operand: Expr;
}

export interface BinaryExpr extends NodeBase {
  kind: 'Binary';
  op: '+' | '-' | '*' | '/' | '%' | '^';
  left: Expr;
  right: Expr;
}

/** Stands where the parser expected an expression and found none (after a syntax error). */
export interface MissingExpr extends NodeBase {
  kind: 'Missing';
}

/** A positional (`name` absent) or named (`name = value`) argument. */
export interface Argument extends NodeBase {
  kind: 'Argument';
  name?: Identifier;
  /** `name in values`: the argument is searched (only inside a `search`). */
  searched?: boolean;
  value: Expr;
}

/** `name = value` inside `with { … }`, `{ … }` objects and `train` runs. */
export interface Field extends NodeBase {
  kind: 'Field';
  name: Identifier;
  value: Expr;
}

// ---------------------------------------------------------------------------------------------
// Statements inside models and blocks.

export type Statement = InputStatement | OutputStatement | RepeatStatement | FlowStatement;

/** `input image: [40, 40]` or `input tokens: int[100]` */
export interface InputStatement extends NodeBase {
  kind: 'Input';
  name: Identifier;
  dtype: 'float' | 'int';
  /** The shape expression, normally a ListExpr of constant expressions. */
  shape: Expr;
  doc?: string;
}

/** `output a, b` */
export interface OutputStatement extends NodeBase {
  kind: 'Output';
  names: Identifier[];
}

/** `repeat N { … }` */
export interface RepeatStatement extends NodeBase {
  kind: 'Repeat';
  count: Expr;
  body: Statement[];
}

/**
 * One data-flow line: an optional `name =`, then one or more steps joined by `->`.
 * `dense(64) -> relu`, `h = dense(64, relu)`, `h -> dense(10)`, `add(x, h) -> relu`.
 * Whether a step is a reference to a named value, a layer, an activation or a block is decided by
 * the checker (the parser knows no layer names).
 */
export interface FlowStatement extends NodeBase {
  kind: 'Flow';
  /** `shared NAME = layer(…)`: the span of the word `shared`; the statement names a layer instance. */
  shared?: { span: Span };
  target?: Identifier;
  steps: Step[];
}

/** One step of a flow: `dense(64, relu)`, `relu`, `h`, `ResidualDense(64) with { … }`. */
export interface Step extends NodeBase {
  kind: 'Step';
  callee: Identifier;
  /** `undefined` when written without parentheses (`relu`, `h`), `[]` for `relu()`. */
  args?: Argument[];
  with?: WithClause;
}

/** `with { weights = [[1, 1], [1, 1]], bias = [0, -1], trainable = false }` */
export interface WithClause extends NodeBase {
  kind: 'With';
  fields: Field[];
}

// ---------------------------------------------------------------------------------------------
// Top-level declarations.

export type Declaration =
  ImportDecl | ConstDecl | ModelDecl | BlockDecl | TrainDecl | EnsembleDecl | SearchDecl;

/** `import "blocks.nnet"` */
export interface ImportDecl extends NodeBase {
  kind: 'Import';
  path: StringLiteral;
}

/** `const hidden = 100` */
export interface ConstDecl extends NodeBase {
  kind: 'Const';
  name: Identifier;
  value: Expr;
  doc?: string;
}

/** A model or block parameter: `hidden = 100`, or `width` with no default. */
export interface Parameter extends NodeBase {
  kind: 'Parameter';
  name: Identifier;
  default?: Expr;
}

/** `model Name(params) { … }` */
export interface ModelDecl extends NodeBase {
  kind: 'Model';
  name: Identifier;
  params: Parameter[];
  body: Statement[];
  doc?: string;
}

/** `block Name(params) { … }`: a reusable sub-network whose input is the value `in`. */
export interface BlockDecl extends NodeBase {
  kind: 'Block';
  name: Identifier;
  params: Parameter[];
  body: Statement[];
  doc?: string;
}

/** `train Model [as name] { field = value … }` */
export interface TrainDecl extends NodeBase {
  kind: 'Train';
  model: Identifier;
  /** The run's name from `as name`; the model's name when absent. */
  runName?: Identifier;
  /** `extends run`: the run whose settings this one starts from (its own settings win). */
  base?: Identifier;
  fields: Field[];
  doc?: string;
}

/** `ensemble Boosted = adaboost(rounds = 20, on_weak = retry) of Perceptron` (or `of Mlp(width = 4)`) */
export interface EnsembleDecl extends NodeBase {
  kind: 'Ensemble';
  name: Identifier;
  /** The method and its arguments: a call `adaboost(…)` or a bare name `adaboost`. */
  method: Expr;
  /** The weak learner: a model of this file or an imported one. */
  learner: Identifier;
  /** `of Mlp(width = 4)`: the learner with model arguments, a call whose callee is `learner`. */
  learnerCall?: CallExpr;
  doc?: string;
}

/** `search Name over run { width in [32, 64], lr in loguniform(1e-4, 1e-1), method = grid }` */
export interface SearchDecl extends NodeBase {
  kind: 'Search';
  name: Identifier;
  /** The train run searched over (its name, or its model's name). */
  run: Identifier;
  entries: SearchEntry[];
  doc?: string;
}

/** `key in values` (a searched value) or `key = value` (a setting of the search). */
export interface SearchEntry extends NodeBase {
  kind: 'SearchEntry';
  name: Identifier;
  operator: 'in' | '=';
  value: Expr;
}

/** A parsed file. `comments` holds every comment in source order (the formatter re-attaches them). */
export interface SourceFile extends NodeBase {
  kind: 'File';
  path: string;
  declarations: Declaration[];
  comments: Comment[];
}

export type Node =
  | SourceFile
  | Declaration
  | Parameter
  | Statement
  | Step
  | WithClause
  | Field
  | SearchEntry
  | Argument
  | Expr
  | Identifier
  | Comment;
