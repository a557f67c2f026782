// A safe evaluator for the one-variable expressions of `function("sin(3*x)")`: a tokenizer and a
// recursive-descent parser that build a closure of x — never eval. Bad input throws ExpressionError
// with the position (1-based in the message) of the offending character.

import { DataError } from './dataset.js';

/** A malformed expression; `position` is the 0-based index of the offending character. */
export class ExpressionError extends DataError {
  override readonly name: string = 'ExpressionError';
  constructor(
    readonly expression: string,
    readonly position: number,
    /** What is wrong, without the expression and the position. */
    readonly detail: string,
  ) {
    super(`function expression "${expression}": ${detail} at position ${position + 1}`);
  }
}

const FUNCTIONS: Readonly<Record<string, (value: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  tanh: Math.tanh,
  sigmoid: (value) => 1 / (1 + Math.exp(-value)),
  relu: (value) => (value > 0 ? value : 0),
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** Every name an expression may use: x, the constants and the functions (for suggestions). */
export const expressionNames: readonly string[] = [
  'x',
  ...Object.keys(CONSTANTS),
  ...Object.keys(FUNCTIONS),
];

const NAMES_HELP = `x, pi, e or a function (${Object.keys(FUNCTIONS).join(', ')})`;

/** Deep enough for any expression a person writes; keeps hostile input off the call stack limit. */
const MAX_NESTING = 100;

interface Token {
  kind: 'number' | 'name' | 'operator' | 'end';
  text: string;
  position: number;
  value: number;
}

const NUMBER = /\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATORS = '+-*/^()';

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const char = expression[i];
    if (char === ' ' || char === '\t') {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    NAME.lastIndex = i;
    const number = NUMBER.exec(expression);
    const name = number ? null : NAME.exec(expression);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], position: i, value: Number(number[0]) });
      i += number[0].length;
    } else if (name) {
      tokens.push({ kind: 'name', text: name[0], position: i, value: 0 });
      i += name[0].length;
    } else if (OPERATORS.includes(char)) {
      tokens.push({ kind: 'operator', text: char, position: i, value: 0 });
      i++;
    } else {
      throw new ExpressionError(expression, i, `unexpected character ${JSON.stringify(char)}`);
    }
  }
  tokens.push({ kind: 'end', text: '', position: expression.length, value: 0 });
  return tokens;
}

type Instruction =
  | { kind: 'constant'; value: number }
  | { kind: 'x' }
  | { kind: 'negate' }
  | { kind: 'binary'; operator: string }
  | { kind: 'call'; apply: (value: number) => number };

/** Grammar: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary)*;
 *  unary := ('-'|'+') unary | power; power := primary ('^' unary)?  (right-associative, -x^2 = -(x^2));
 *  primary := number | x | pi | e | function '(' sum ')' | '(' sum ')'.
 *  Emits a postfix program, so evaluating a long expression never recurses. */
class ExpressionParser {
  readonly program: Instruction[] = [];
  private index = 0;
  private depth = 0;

  constructor(
    private readonly expression: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Instruction[] {
    this.sum();
    const token = this.peek();
    if (token.kind !== 'end') this.fail(token, 'expected an operator or the end of the expression');
    return this.program;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private isOperator(text: string): boolean {
    const token = this.peek();
    return token.kind === 'operator' && token.text === text;
  }

  private fail(token: Token, expected: string): never {
    const found = token.kind === 'end' ? 'the end' : JSON.stringify(token.text);
    const previous = this.tokens[this.index - 1];
    const help = token.text === '*' && previous?.text === '*' ? ' (write ^ for a power)' : '';
    throw new ExpressionError(
      this.expression,
      token.position,
      `${expected}, found ${found}${help}`,
    );
  }

  private sum(): void {
    this.product();
    while (this.isOperator('+') || this.isOperator('-')) {
      const operator = this.tokens[this.index++].text;
      this.product();
      this.program.push({ kind: 'binary', operator });
    }
  }

  private product(): void {
    this.unary();
    while (this.isOperator('*') || this.isOperator('/')) {
      const operator = this.tokens[this.index++].text;
      this.unary();
      this.program.push({ kind: 'binary', operator });
    }
  }

  private unary(): void {
    if (this.isOperator('-') || this.isOperator('+')) {
      const operator = this.tokens[this.index++].text;
      this.nested(() => this.unary());
      if (operator === '-') this.program.push({ kind: 'negate' });
      return;
    }
    this.power();
  }

  private power(): void {
    this.primary();
    if (!this.isOperator('^')) return;
    this.index++;
    this.nested(() => this.unary());
    this.program.push({ kind: 'binary', operator: '^' });
  }

  private primary(): void {
    const token = this.peek();
    if (token.kind === 'number') {
      this.index++;
      this.program.push({ kind: 'constant', value: token.value });
    } else if (token.kind === 'name') {
      this.named(token);
    } else if (this.isOperator('(')) {
      this.index++;
      this.nested(() => this.sum());
      this.expectClosing();
    } else {
      this.fail(token, 'expected a number, x, a name or "("');
    }
  }

  private named(token: Token): void {
    this.index++;
    if (token.text === 'x') {
      this.program.push({ kind: 'x' });
      return;
    }
    if (Object.hasOwn(CONSTANTS, token.text)) {
      this.program.push({ kind: 'constant', value: CONSTANTS[token.text] });
      return;
    }
    if (!Object.hasOwn(FUNCTIONS, token.text)) {
      throw new ExpressionError(
        this.expression,
        token.position,
        `unknown name ${JSON.stringify(token.text)}; expected ${NAMES_HELP}`,
      );
    }
    if (!this.isOperator('(')) this.fail(this.peek(), `expected "(" after ${token.text}`);
    this.index++;
    this.nested(() => this.sum());
    this.expectClosing();
    this.program.push({ kind: 'call', apply: FUNCTIONS[token.text] });
  }

  private expectClosing(): void {
    if (!this.isOperator(')')) this.fail(this.peek(), 'expected ")"');
    this.index++;
  }

  private nested(parse: () => void): void {
    if (++this.depth > MAX_NESTING) {
      throw new ExpressionError(
        this.expression,
        this.peek().position,
        `nested more than ${MAX_NESTING} deep`,
      );
    }
    parse();
    this.depth--;
  }
}

function applyBinary(operator: string, a: number, b: number): number {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return Math.pow(a, b);
  }
}

/** The function of x that `expression` describes; throws ExpressionError when it is malformed. */
export function compileExpression(expression: string): (x: number) => number {
  const program = new ExpressionParser(expression, tokenize(expression)).parse();
  const stack = new Float64Array(program.length);
  return (x) => {
    let top = 0;
    for (const instruction of program) {
      switch (instruction.kind) {
        case 'constant':
          stack[top++] = instruction.value;
          break;
        case 'x':
          stack[top++] = x;
          break;
        case 'negate':
          stack[top - 1] = -stack[top - 1];
          break;
        case 'call':
          stack[top - 1] = instruction.apply(stack[top - 1]);
          break;
        case 'binary':
          top--;
          stack[top - 1] = applyBinary(instruction.operator, stack[top - 1], stack[top]);
          break;
      }
    }
    return stack[0];
  };
}
