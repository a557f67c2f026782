// The tokens of the .nnet language, as Chevrotain token types: takes nothing, produces the token
// vocabulary shared by the lexer and the parser. Keywords are reserved; layer and activation names
// are plain identifiers (the syntax knows no layer names).

import { createToken, Lexer, type TokenType } from 'chevrotain';

// --- Categories: the parser consumes these, the lexer produces their members. -------------------

/** A statement separator: a newline or `;`. */
export const Separator = createToken({ name: 'Separator', pattern: Lexer.NA });
/** A string literal, closed or not (an unclosed one is reported but still parsed as a string). */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: Lexer.NA });
/** `+` and `-`, the prefix signs. */
export const AdditiveOp = createToken({ name: 'AdditiveOp', pattern: Lexer.NA });
/** Every binary operator: `+ - * / % ^` (precedence is applied when the AST is built). */
export const BinaryOp = createToken({ name: 'BinaryOp', pattern: Lexer.NA });

// --- Trivia and comments. ---------------------------------------------------------------------

export const Whitespace = createToken({
  name: 'Whitespace',
  pattern: /[ \t\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
});
export const Newline = createToken({
  name: 'Newline',
  pattern: /\r\n|\r|\n/,
  categories: [Separator],
  label: 'a newline',
  line_breaks: true,
});
export const Semicolon = createToken({
  name: 'Semicolon',
  pattern: /;/,
  categories: [Separator],
  label: '";"',
});
export const DocComment = createToken({
  name: 'DocComment',
  pattern: /\/\/\/(?!\/)[^\r\n]*/,
  group: 'comments',
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\r\n]*/,
  group: 'comments',
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
  line_breaks: true,
});
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
  line_breaks: true,
});

// --- Literals and names. ----------------------------------------------------------------------

export const ClosedString = createToken({
  name: 'ClosedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  categories: [StringLiteral],
  label: 'a string',
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n]?)*/,
  categories: [StringLiteral],
  label: 'a string',
});
/** Keras habit `'relu'`: lexed as a string so it is one error (NN1009) with a fix, not two. */
export const SingleQuotedString = createToken({
  name: 'SingleQuotedString',
  pattern: /'(?:[^'\\\r\n]|\\[^\r\n])*'/,
  categories: [StringLiteral],
  label: 'a string',
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a name',
});

function keyword(word: string, contextual = false): TokenType {
  const name = word[0].toUpperCase() + word.slice(1);
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `"${word}"`,
    // A contextual keyword is also a name: wherever the grammar takes a name, it is one.
    ...(contextual ? { categories: [Identifier] } : {}),
  });
}

export const Import = keyword('import');
export const Const = keyword('const');
export const Model = keyword('model');
export const Block = keyword('block');
export const Train = keyword('train');
export const Ensemble = keyword('ensemble');
export const As = keyword('as');
export const Extends = keyword('extends');
/** Contextual: a keyword only at the start of a declaration, so `const search = 3` still works. */
export const Search = keyword('search', true);
export const Input = keyword('input');
export const Output = keyword('output');
export const Repeat = keyword('repeat');
export const With = keyword('with');
export const Int = keyword('int');
export const Float = keyword('float');
export const True = keyword('true');
export const False = keyword('false');

// --- Punctuation and operators. ----------------------------------------------------------------

function punctuation(name: string, text: string, categories: TokenType[] = []): TokenType {
  const pattern = new RegExp(text.replace(/[-[\]{}()*+?.\\^$|/]/g, '\\$&'));
  return createToken({ name, pattern, categories, label: `"${text}"` });
}

export const Arrow = punctuation('Arrow', '->');
export const Equals = punctuation('Equals', '=');
export const Colon = punctuation('Colon', ':');
export const Comma = punctuation('Comma', ',');
export const LParen = punctuation('LParen', '(');
export const RParen = punctuation('RParen', ')');
export const LBracket = punctuation('LBracket', '[');
export const RBracket = punctuation('RBracket', ']');
export const LCurly = punctuation('LCurly', '{');
export const RCurly = punctuation('RCurly', '}');
export const Plus = punctuation('Plus', '+', [AdditiveOp, BinaryOp]);
export const Minus = punctuation('Minus', '-', [AdditiveOp, BinaryOp]);
export const Star = punctuation('Star', '*', [BinaryOp]);
export const Slash = punctuation('Slash', '/', [BinaryOp]);
export const Percent = punctuation('Percent', '%', [BinaryOp]);
export const Caret = punctuation('Caret', '^', [BinaryOp]);

/** Anything else: one code point, kept out of the parser's stream and reported. */
export const InvalidCharacter = createToken({
  name: 'InvalidCharacter',
  pattern: /[\ud800-\udbff][\udc00-\udfff]|[\s\S]/,
  group: 'invalid',
  line_breaks: true,
});

/** The keywords; all reserved but `search`, which stays a name outside a declaration's start. */
const keywords = [
  Import,
  Const,
  Model,
  Block,
  Train,
  Ensemble,
  As,
  Extends,
  Search,
  Input,
  Output,
  Repeat,
  With,
  Int,
  Float,
  True,
  False,
];

/** The reserved words, as written (`import`, `model`, …): names that cannot name a value. */
export const keywordWords: readonly string[] = keywords
  .filter((token) => token !== Search)
  .map((token) => (token.LABEL ?? '').replace(/"/g, ''));

/** Every token type the parser knows, categories included; the lexer's order is `lexerTokens`. */
export const lexerTokens: TokenType[] = [
  Whitespace,
  Newline,
  Semicolon,
  DocComment,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  ClosedString,
  UnterminatedString,
  SingleQuotedString,
  NumberLiteral,
  Arrow,
  ...keywords,
  Identifier,
  Equals,
  Colon,
  Comma,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Caret,
  InvalidCharacter,
];
export const allTokens: TokenType[] = [
  Separator,
  StringLiteral,
  AdditiveOp,
  BinaryOp,
  ...lexerTokens,
];
