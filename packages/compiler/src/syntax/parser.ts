// The grammar of .nnet as a Chevrotain CstParser: takes the lexer's tokens, produces a concrete
// syntax tree (build-ast.ts turns it into the AST). It always produces a tree: with recovery on,
// a syntax error is recorded and the parser re-synchronises at the next statement or bracket.
//
// Why a CstParser and not an EmbeddedActionsParser: with recovery, embedded actions run on partial
// input and every action has to guard against missing pieces mid-rule; a CST is built by Chevrotain
// itself (marking partial nodes `recoveredNode`), so the AST builder sees one finished tree and
// handles missing children in one place. The price, a node per rule, is a few hundred ms for a
// 10,000-line file.

import {
  CstParser,
  EMPTY_ALT,
  EOF,
  tokenMatcher,
  type CstNode,
  type IOrAlt,
  type IToken,
  type TokenType,
} from 'chevrotain';
import * as t from './tokens.js';
import { syntaxErrorMessages } from './syntax-errors.js';

const structural = new Set<TokenType>([
  t.LParen,
  t.RParen,
  t.LBracket,
  t.RBracket,
  t.LCurly,
  t.RCurly,
  EOF,
]);

class NnetParser extends CstParser {
  /** The alternatives of each OR, built once: a fresh array of closures per call is most of the
   * parser's garbage (Chevrotain's documented caching idiom). */
  private readonly alts: Record<string, IOrAlt<unknown>[]> = {};

  /** `validate` runs Chevrotain's grammar validations (ambiguities, left recursion): a test does;
   * every start of `nnc` skips them, a third of the parser's construction time. */
  constructor(validate = false) {
    super(t.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'onlyOffset',
      maxLookahead: 3,
      skipValidations: !validate,
      errorMessageProvider: syntaxErrorMessages,
    });
    this.performSelfAnalysis();
  }

  /** True when the next token ends a body (`}`) or the file: a line may end there without a newline. */
  private atClose(): boolean {
    const next = this.LA(1).tokenType;
    return next === t.RCurly || next === EOF;
  }

  private atArgumentListEnd(): boolean {
    const next = this.LA(1);
    return next.tokenType === t.RParen || this.atClose() || tokenMatcher(next, t.Separator);
  }

  /**
   * Single-token recovery, tuned: when the token after the unexpected one is the expected one, drop
   * the unexpected token (`dense(64 relu)` → skip `relu`) rather than invent the expected one in
   * front of it, which would leave `relu )` to cause a second error.
   */
  protected override canTokenTypeBeInsertedInRecovery(tokType: TokenType): boolean {
    // Never invent an opening bracket: everything after it would be nested one level too deep.
    if (tokType === t.LCurly || tokType === t.LParen || tokType === t.LBracket) return false;
    return !(this.isDeletable(this.LA(1)) && tokenMatcher(this.LA(2), tokType));
  }

  protected override canTokenTypeBeDeletedInRecovery(): boolean {
    return this.isDeletable(this.LA(1));
  }

  /** Brackets and line ends carry the file's structure: recovery never skips one on its own. */
  private isDeletable(token: IToken): boolean {
    const type = token.tokenType;
    return !(structural.has(type) || tokenMatcher(token, t.Separator));
  }

  /** A declaration or statement ends with a separator, or right before `}` or the end of the file. */
  private endOfLine(): void {
    this.OR9(
      (this.alts.endOfLine ??= [
        { ALT: () => this.CONSUME9(t.Separator) },
        { GATE: () => this.atClose(), ALT: EMPTY_ALT() },
      ]),
    );
  }

  // --- File and declarations -------------------------------------------------------------------

  file = this.RULE('file', () => {
    this.MANY(() =>
      this.OR(
        (this.alts.file ??= [
          { ALT: () => this.CONSUME(t.Separator) },
          { ALT: () => this.SUBRULE(this.declaration) },
        ]),
      ),
    );
  });

  /** A top-level declaration and the end of its line. */
  declaration = this.RULE('declaration', () => {
    this.OR(
      (this.alts.declaration ??= [
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.constDecl) },
        { ALT: () => this.SUBRULE(this.modelDecl) },
        { ALT: () => this.SUBRULE(this.blockDecl) },
        { ALT: () => this.SUBRULE(this.trainDecl) },
        { ALT: () => this.SUBRULE(this.ensembleDecl) },
        { ALT: () => this.SUBRULE(this.searchDecl) },
        // Not allowed here; parsed whole so the error is one diagnostic, not a cascade.
        { ALT: () => this.SUBRULE(this.inputStatement) },
        { ALT: () => this.SUBRULE(this.outputStatement) },
        { ALT: () => this.SUBRULE(this.repeatStatement) },
      ]),
    );
    this.endOfLine();
  });

  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(t.Import);
    this.CONSUME(t.StringLiteral);
  });

  constDecl = this.RULE('constDecl', () => {
    this.CONSUME(t.Const);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  modelDecl = this.RULE('modelDecl', () => {
    this.CONSUME(t.Model);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.SUBRULE(this.parameterList));
    this.CONSUME(t.LCurly);
    this.statements();
    this.CONSUME(t.RCurly);
  });

  blockDecl = this.RULE('blockDecl', () => {
    this.CONSUME(t.Block);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.SUBRULE(this.parameterList));
    this.CONSUME(t.LCurly);
    this.statements();
    this.CONSUME(t.RCurly);
  });

  parameterList = this.RULE('parameterList', () => {
    this.CONSUME(t.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.parameter);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.parameter);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RParen);
  });

  parameter = this.RULE('parameter', () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.Equals);
      this.SUBRULE(this.expression);
    });
  });

  trainDecl = this.RULE('trainDecl', () => {
    this.CONSUME(t.Train);
    this.CONSUME(t.Identifier, { LABEL: 'model' });
    this.OPTION(() => {
      this.CONSUME(t.As);
      this.CONSUME2(t.Identifier, { LABEL: 'runName' });
    });
    this.OPTION2(() => {
      this.CONSUME(t.Extends);
      this.CONSUME3(t.Identifier, { LABEL: 'base' });
    });
    this.CONSUME(t.LCurly);
    this.fields();
    this.CONSUME(t.RCurly);
  });

  /** `ensemble Name = adaboost(rounds = 20) of Learner(args)`: `of` is a word, not a reserved one. */
  ensembleDecl = this.RULE('ensembleDecl', () => {
    this.CONSUME(t.Ensemble);
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
    this.CONSUME2(t.Identifier, { LABEL: 'of' });
    // Optional in the grammar so `… adaboost() Perceptron` (no `of`) is one error with a fix.
    this.OPTION(() => {
      this.CONSUME3(t.Identifier, { LABEL: 'learner' });
      // `of Mlp(width = 4)`: the learner's model arguments (a variant of the model).
      this.OPTION2(() => this.SUBRULE(this.argumentList, { LABEL: 'learnerArguments' }));
    });
  });

  /** `search Name over run { key in values … }` (search.ts in check/ gives it meaning). */
  searchDecl = this.RULE('searchDecl', () => {
    this.CONSUME(t.Search);
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.CONSUME2(t.Identifier, { LABEL: 'over' });
    this.CONSUME3(t.Identifier, { LABEL: 'run' });
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR(
        (this.alts.searchEntries ??= [
          { ALT: () => this.CONSUME(t.Separator) },
          { ALT: () => this.SUBRULE(this.searchEntry) },
        ]),
      ),
    );
    this.CONSUME(t.RCurly);
  });

  /** `key in [a, b]`, `key in loguniform(lo, hi)` or `setting = value`. */
  searchEntry = this.RULE('searchEntry', () => {
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.OR(
      (this.alts.searchEntryOperator ??= [
        { ALT: () => this.CONSUME(t.Equals) },
        { ALT: () => this.CONSUME2(t.Identifier, { LABEL: 'in' }) },
      ]),
    );
    this.SUBRULE(this.expression);
    this.OR2(
      (this.alts.searchEntryEnd ??= [
        { ALT: () => this.CONSUME(t.Comma) },
        { ALT: () => this.CONSUME(t.Separator) },
        { GATE: () => this.atClose(), ALT: EMPTY_ALT() },
      ]),
    );
  });

  // --- Statements ------------------------------------------------------------------------------

  /** The inside of `{ … }` of a model, block or repeat: statements and separators. */
  private statements(): void {
    this.MANY(() =>
      this.OR(
        (this.alts.statements ??= [
          { ALT: () => this.CONSUME(t.Separator) },
          { ALT: () => this.SUBRULE(this.statement) },
        ]),
      ),
    );
  }

  statement = this.RULE('statement', () => {
    this.OR(
      (this.alts.statement ??= [
        { ALT: () => this.SUBRULE(this.inputStatement) },
        { ALT: () => this.SUBRULE(this.outputStatement) },
        { ALT: () => this.SUBRULE(this.repeatStatement) },
        { ALT: () => this.SUBRULE(this.flowStatement) },
        // Not allowed here; parsed whole so the error is one diagnostic, not a cascade.
        { ALT: () => this.SUBRULE(this.nestedDeclaration) },
      ]),
    );
    this.endOfLine();
  });

  nestedDeclaration = this.RULE('nestedDeclaration', () => {
    this.OR(
      (this.alts.nestedDeclaration ??= [
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.constDecl) },
        { ALT: () => this.SUBRULE(this.modelDecl) },
        { ALT: () => this.SUBRULE(this.blockDecl) },
        { ALT: () => this.SUBRULE(this.trainDecl) },
        { ALT: () => this.SUBRULE(this.ensembleDecl) },
      ]),
    );
  });

  inputStatement = this.RULE('inputStatement', () => {
    this.CONSUME(t.Input);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Colon);
    this.OPTION(() =>
      this.OR(
        (this.alts.dtype ??= [
          { ALT: () => this.CONSUME(t.Int) },
          { ALT: () => this.CONSUME(t.Float) },
        ]),
      ),
    );
    this.SUBRULE(this.expression);
  });

  outputStatement = this.RULE('outputStatement', () => {
    this.CONSUME(t.Output);
    this.CONSUME(t.Identifier);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.CONSUME2(t.Identifier);
    });
  });

  repeatStatement = this.RULE('repeatStatement', () => {
    this.CONSUME(t.Repeat);
    // `repeat { … }` lacks its count: do not read the body as an object (the AST builder reports it).
    this.OPTION({
      GATE: () => this.LA(1).tokenType !== t.LCurly,
      DEF: () => this.SUBRULE(this.expression),
    });
    this.CONSUME(t.LCurly);
    this.statements();
    this.CONSUME(t.RCurly);
  });

  /** `[shared] [target =] step (-> step)*` */
  flowStatement = this.RULE('flowStatement', () => {
    // `shared NAME = layer(…)`: a contextual word, so `shared` stays usable as a name elsewhere.
    this.OPTION2({
      GATE: () =>
        this.LA(1).image === 'shared' &&
        tokenMatcher(this.LA(2), t.Identifier) &&
        tokenMatcher(this.LA(3), t.Equals),
      DEF: () => this.CONSUME2(t.Identifier, { LABEL: 'shared' }),
    });
    this.OPTION(() => {
      this.CONSUME(t.Identifier, { LABEL: 'target' });
      this.CONSUME(t.Equals);
    });
    this.SUBRULE(this.step);
    this.MANY(() => {
      this.CONSUME(t.Arrow);
      this.SUBRULE2(this.step);
    });
  });

  step = this.RULE('step', () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.SUBRULE(this.argumentList));
    this.OPTION2(() => this.SUBRULE(this.withClause));
  });

  /** `( … )`: each argument ends with its own comma, so a missing one costs one error, not the list. */
  argumentList = this.RULE('argumentList', () => {
    this.CONSUME(t.LParen);
    this.MANY(() => this.SUBRULE(this.argument));
    this.CONSUME(t.RParen);
  });

  argument = this.RULE('argument', () => {
    this.OPTION(() => {
      this.CONSUME(t.Identifier, { LABEL: 'name' });
      // `momentum in [0, 0.9]` chooses values inside a search (the AST builder checks the word).
      this.OR2(
        (this.alts.argumentOperator ??= [
          { ALT: () => this.CONSUME(t.Equals) },
          { ALT: () => this.CONSUME2(t.Identifier, { LABEL: 'in' }) },
        ]),
      );
    });
    this.SUBRULE(this.expression);
    this.OR(
      (this.alts.argumentEnd ??= [
        { ALT: () => this.CONSUME(t.Comma) },
        // Before `)`, or where the list plainly ended: `)` is then the one reported missing.
        { GATE: () => this.atArgumentListEnd(), ALT: EMPTY_ALT() },
      ]),
    );
  });

  withClause = this.RULE('withClause', () => {
    this.CONSUME(t.With);
    this.CONSUME(t.LCurly);
    this.fields();
    this.CONSUME(t.RCurly);
  });

  /** The inside of `{ … }` of a train run, a `with` clause or an object: fields and separators. */
  private fields(): void {
    this.MANY(() =>
      this.OR(
        (this.alts.fields ??= [
          { ALT: () => this.CONSUME(t.Separator) },
          { ALT: () => this.SUBRULE(this.field) },
        ]),
      ),
    );
  }

  field = this.RULE('field', () => {
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
    this.OR(
      (this.alts.fieldEnd ??= [
        { ALT: () => this.CONSUME(t.Comma) },
        { ALT: () => this.CONSUME(t.Separator) },
        { GATE: () => this.atClose(), ALT: EMPTY_ALT() },
      ]),
    );
  });

  // --- Expressions ---------------------------------------------------------------------------
  // Operands and binary operators are read as a flat list and build-expr.ts applies precedence:
  // one rule level instead of one per precedence level keeps deep files fast and stacks shallow.

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(t.BinaryOp);
      this.SUBRULE2(this.operand);
    });
  });

  /** Prefix signs, then a number, string, boolean, name, call, list, object or parenthesis. */
  operand = this.RULE('operand', () => {
    this.MANY(() => this.CONSUME(t.AdditiveOp));
    this.OR(
      (this.alts.operand ??= [
        { ALT: () => this.CONSUME(t.NumberLiteral) },
        { ALT: () => this.CONSUME(t.StringLiteral) },
        { ALT: () => this.CONSUME(t.True) },
        { ALT: () => this.CONSUME(t.False) },
        {
          ALT: () => {
            this.CONSUME(t.Identifier);
            this.OPTION(() => this.SUBRULE(this.argumentList));
          },
        },
        { ALT: () => this.SUBRULE(this.listExpr) },
        { ALT: () => this.SUBRULE(this.objectExpr) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
      ]),
    );
  });

  listExpr = this.RULE('listExpr', () => {
    this.CONSUME(t.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.expression);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RBracket);
  });

  objectExpr = this.RULE('objectExpr', () => {
    this.CONSUME(t.LCurly);
    this.fields();
    this.CONSUME(t.RCurly);
  });

  parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });
}

/** Builds a parser with Chevrotain's grammar validations on and returns their complaints
 * (ambiguities, left recursion…): none for a sound grammar. The parser used for parsing skips them
 * to start faster, so a test calls this. */
export function validateGrammar(): string[] {
  try {
    new NnetParser(true); // performSelfAnalysis throws "Parser Definition Errors detected: …"
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

// Built once per process: Chevrotain's grammar self-analysis is the expensive part.
let instance: NnetParser | undefined;

export interface CstResult {
  cst: CstNode;
  errors: SyntaxErrorReport[];
}

/** A syntax error as Chevrotain saw it: the token it stopped at and what it expected there. */
export interface SyntaxErrorReport {
  token: IToken;
  expected: string;
}

/** Parses a token stream (from `tokenize`) into a CST. Never throws on bad input. */
export function parseTokens(tokens: IToken[]): CstResult {
  instance ??= new NnetParser();
  instance.input = tokens;
  const cst = instance.file();
  const errors = instance.errors.map((e) => ({ token: e.token, expected: e.message }));
  // Drop the token references held by the singleton.
  instance.input = [];
  return { cst, errors };
}
