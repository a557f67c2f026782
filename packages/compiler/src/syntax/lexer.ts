// The lexer: takes source text, produces the parser's token stream (newlines kept only where they
// separate statements), every comment (kept, never skipped) and the lexical diagnostics. Lexing
// never fails: a character with no meaning is reported and left out of the stream.

import { Lexer, type IToken, type TokenType } from 'chevrotain';
import type { Comment } from './ast.js';
import type { Span } from './source.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import * as t from './tokens.js';

// Built once, on first use (commands that never lex don't pay for it): Chevrotain analyses the
// patterns when the lexer is constructed. Its validations run in the grammar test instead
// (`validateLexer`), not at every start of `nnc`.
let lexer: Lexer | undefined;

function createLexer(validate: boolean): Lexer {
  return new Lexer(t.lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: false,
    skipValidations: !validate,
    deferDefinitionErrorsHandling: validate,
  });
}

/** Chevrotain's complaints about the token definitions (unreachable patterns…): none when sound. */
export function validateLexer(): string[] {
  return createLexer(true).lexerDefinitionErrors.map((e) => e.message);
}

export interface LexResult {
  /** The parser's input: no whitespace or comments, newlines only where they separate statements. */
  tokens: IToken[];
  comments: Comment[];
  /** Opening brackets still open at the end of the file, innermost last. */
  unclosed: IToken[];
  /** Offsets where the stream resumes after brackets nested too deep were skipped. */
  resumeOffsets: number[];
}

/** The offset just past a token (Chevrotain's `endOffset` is inclusive and optional). */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

export function tokenSpan(token: IToken): Span {
  return { start: token.startOffset, end: tokenEnd(token) };
}

/** Lexes `text`, reporting lexical errors into `bag`. */
export function tokenize(text: string, bag: DiagnosticBag): LexResult {
  lexer ??= createLexer(false);
  const result = lexer.tokenize(text);
  // The InvalidCharacter token matches anything, so Chevrotain itself has nothing to report;
  // stay safe if it ever does.
  const prefixDots = removeModulePrefixes(result.tokens, text, bag);
  for (const error of result.errors) {
    if (prefixDots.has(error.offset)) continue;
    const span = { start: error.offset, end: error.offset + Math.max(1, error.length) };
    bag.report(Messages.InvalidCharacter, span, {
      character: describeCharacter(text.slice(span.start, span.end)),
    });
  }
  for (const token of result.groups.invalid ?? []) {
    if (prefixDots.has(token.startOffset)) continue;
    bag.report(Messages.InvalidCharacter, tokenSpan(token), {
      character: describeCharacter(token.image),
    });
  }
  const comments: Comment[] = [];
  for (const token of result.groups.comments ?? []) {
    const style =
      token.tokenType === t.DocComment
        ? 'doc'
        : token.tokenType === t.LineComment
          ? 'line'
          : 'block';
    comments.push({ kind: 'Comment', span: tokenSpan(token), style, text: token.image });
    if (token.tokenType === t.UnterminatedBlockComment) {
      bag.report(
        Messages.UnterminatedComment,
        { start: token.startOffset, end: token.startOffset + 2 },
        {},
      );
    }
  }
  for (const token of result.tokens) {
    // 'onlyOffset' tracking leaves `endOffset` unset; the parser's node locations need it.
    token.endOffset = token.startOffset + token.image.length - 1;
    if (token.tokenType === t.UnterminatedString) {
      bag.report(Messages.UnterminatedString, tokenSpan(token), {});
    }
    if (token.tokenType === t.SingleQuotedString) {
      const replacement = doubleQuoted(decodeString(token.image).value);
      const span = tokenSpan(token);
      bag.report(
        Messages.SingleQuotedString,
        span,
        { written: token.image, replacement },
        { fixes: [{ title: `Write ${replacement}`, edits: [{ span, newText: replacement }] }] },
      );
    }
    if (
      token.tokenType === t.ClosedString ||
      token.tokenType === t.UnterminatedString ||
      token.tokenType === t.SingleQuotedString
    ) {
      for (const bad of decodeString(token.image).invalidEscapes) {
        const start = token.startOffset + bad.offset;
        const span = { start, end: start + bad.text.length };
        bag.report(Messages.InvalidEscape, span, { escape: bad.text });
      }
    }
  }
  const { tokens, unclosed, tooDeep, resumeOffsets } = applyLayout(result.tokens, text.length);
  for (const opener of tooDeep) {
    // The parser recurses once per level; deeper brackets are skipped whole, reported here.
    const expected = `at most ${maxNesting} levels of nested brackets`;
    bag.report(Messages.UnexpectedToken, tokenSpan(opener), {
      expected,
      found: `"${opener.image}"`,
    });
  }
  return { tokens, comments, unclosed, resumeOffsets };
}

/**
 * Python habit `nn.ReLU()`, `tf.keras.layers.Dense(…)`: names joined by dots lose their module
 * prefix (one NN1008 with a fix deleting it), so the checker sees `ReLU` and can say what nnet calls
 * it. Returns the offsets of the dots taken, which are not reported as invalid characters.
 */
function removeModulePrefixes(tokens: IToken[], text: string, bag: DiagnosticBag): Set<number> {
  const dots = new Set<number>();
  const joinsNext = (i: number) =>
    tokens[i].tokenType === t.Identifier &&
    i + 1 < tokens.length &&
    tokens[i + 1].tokenType === t.Identifier &&
    text[tokenEnd(tokens[i])] === '.' &&
    tokens[i + 1].startOffset === tokenEnd(tokens[i]) + 1;
  const kept: IToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!joinsNext(i)) {
      kept.push(tokens[i]);
      continue;
    }
    const first = i;
    while (joinsNext(i)) dots.add(tokenEnd(tokens[i++]));
    const span = { start: tokens[first].startOffset, end: tokens[i].startOffset };
    bag.report(
      Messages.ModulePrefix,
      span,
      { prefix: text.slice(span.start, span.end), name: tokens[i].image },
      {
        fixes: [
          {
            title: `Remove \`${text.slice(span.start, span.end)}\``,
            edits: [{ span, newText: '' }],
          },
        ],
      },
    );
    kept.push(tokens[i]);
  }
  // No spread into splice: a file of 300,000 tokens would overflow the stack with its arguments.
  if (kept.length !== tokens.length) {
    tokens.length = 0;
    for (const token of kept) tokens.push(token);
  }
  return dots;
}

/** A string value written as a nnet literal: `"a\"b"`. */
function doubleQuoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// A newline is dropped where the line cannot end: after a token that needs something after it, or
// before a token that cannot start a statement. So `dense(64,\n relu)` and a pipeline continued
// with a leading `->` are one statement, while two complete lines stay two statements.
const continuesAfter = new Set<TokenType>([
  t.LParen,
  t.LBracket,
  t.LCurly,
  t.Comma,
  t.Equals,
  t.Arrow,
  t.Colon,
  t.With,
  t.As,
  t.Extends,
  t.Plus,
  t.Minus,
  t.Star,
  t.Slash,
  t.Percent,
  t.Caret,
]);
const continuesBefore = new Set<TokenType>([
  t.RParen,
  t.RBracket,
  t.RCurly,
  t.Comma,
  t.Arrow,
  t.With,
  t.Plus,
  t.Minus,
  t.Star,
  t.Slash,
  t.Percent,
  t.Caret,
]);
const closerOf = new Map<TokenType, TokenType>([
  [t.LParen, t.RParen],
  [t.LBracket, t.RBracket],
  [t.LCurly, t.RCurly],
]);

/** Brackets nested deeper than this are skipped (and reported): the parser recurses per level. */
export const maxNesting = 100;

interface Layout {
  tokens: IToken[];
  unclosed: IToken[];
  /** Openers past `maxNesting`, each skipped with everything up to its closer. */
  tooDeep: IToken[];
  /** Where the stream resumes after each skipped region (the parser may stumble there). */
  resumeOffsets: number[];
}

/** Drops newlines that do not end a statement and finds the brackets left open at the end. */
export function applyLayout(input: IToken[], textLength: number): Layout {
  const layout: Layout = { tokens: [], unclosed: [], tooDeep: [], resumeOffsets: [] };
  const { tokens, unclosed: open } = layout;
  for (let i = 0; i < input.length; i++) {
    const token = input[i];
    const type = token.tokenType;
    if (type === t.Newline) {
      const previous = tokens.length > 0 ? tokens[tokens.length - 1].tokenType : undefined;
      const next = i + 1 < input.length ? input[i + 1].tokenType : undefined;
      const insignificant =
        previous === undefined ||
        previous === t.Newline ||
        continuesAfter.has(previous) ||
        next === undefined ||
        next === t.Newline ||
        continuesBefore.has(next);
      if (!insignificant) tokens.push(token);
      continue;
    }
    if (closerOf.has(type) && open.length >= maxNesting) {
      layout.tooDeep.push(token);
      i = skipBracketed(input, i);
      layout.resumeOffsets.push(i + 1 < input.length ? input[i + 1].startOffset : textLength);
      continue;
    }
    tokens.push(token);
    if (closerOf.has(type)) {
      open.push(token);
    } else if (type === t.RParen || type === t.RBracket || type === t.RCurly) {
      // A closer pops up to its own opener; an opener skipped over stays the parser's to report.
      for (let j = open.length - 1; j >= 0; j--) {
        if (closerOf.get(open[j].tokenType) === type) {
          open.length = j;
          break;
        }
      }
    }
  }
  return layout;
}

/** The index of the closer that balances the opener at `start` (or the last token). */
function skipBracketed(input: IToken[], start: number): number {
  let depth = 0;
  for (let i = start; i < input.length; i++) {
    const type = input[i].tokenType;
    if (closerOf.has(type)) depth++;
    else if (type === t.RParen || type === t.RBracket || type === t.RCurly) depth--;
    if (depth === 0) return i;
  }
  return input.length - 1;
}

/** `"@"`, or `U+0007` for characters that do not print. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || /\s/u.test(character) || code === 0xfeff) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `"${character}"`;
}

export interface DecodedString {
  value: string;
  /** Offsets are relative to the start of the raw literal (its opening quote). */
  invalidEscapes: { offset: number; text: string }[];
}

const simpleEscapes: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', t: '\t', r: '\r' };

/** Decodes a string literal as written (`"a\n"`, closed or not) into its value. */
export function decodeString(raw: string): DecodedString {
  const quote = raw.startsWith("'") ? "'" : '"';
  const closed = raw.length >= 2 && raw.endsWith(quote) && !isEscapedAt(raw, raw.length - 1);
  const end = closed ? raw.length - 1 : raw.length;
  let value = '';
  const invalidEscapes: DecodedString['invalidEscapes'] = [];
  let i = 1;
  while (i < end) {
    const ch = raw[i];
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next !== undefined && i + 1 < end && (next in simpleEscapes || next === quote)) {
      value += simpleEscapes[next] ?? next;
      i += 2;
      continue;
    }
    if (next === 'u') {
      const match = /^\{([0-9a-fA-F]{1,6})\}/.exec(raw.slice(i + 2, end));
      const code = match ? parseInt(match[1], 16) : NaN;
      if (match && code <= 0x10ffff) {
        value += String.fromCodePoint(code);
        i += 2 + match[0].length;
        continue;
      }
      const braced = /^\{[^}"]{0,8}\}?/.exec(raw.slice(i + 2, end));
      const text = '\\u' + (braced ? braced[0] : '');
      invalidEscapes.push({ offset: i, text });
      value += text;
      i += text.length;
      continue;
    }
    // An unknown escape, or a backslash at the very end of an unclosed string.
    const text = i + 1 < end ? raw.slice(i, i + 2 + (isHighSurrogate(next) ? 1 : 0)) : '\\';
    invalidEscapes.push({ offset: i, text });
    value += text;
    i += text.length;
  }
  return { value, invalidEscapes };
}

function isEscapedAt(raw: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && raw[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function isHighSurrogate(ch: string | undefined): boolean {
  return ch !== undefined && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdbff;
}
