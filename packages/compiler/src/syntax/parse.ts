// The entry point of the syntax stage: takes a source file, produces its AST and every lexical and
// syntax diagnostic found in one pass. Never throws: a bug inside becomes one NN9001 diagnostic
// and an empty file, so later stages and the editor always get a SourceFile.

import { EOF, type IToken } from 'chevrotain';
import type { SourceFile } from './ast.js';
import type { SourceText } from './source.js';
import { DiagnosticBag, sortDiagnostics, type Result } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import { tokenEnd, tokenize, tokenSpan } from './lexer.js';
import { parseTokens } from './parser.js';
import { AstBuilder } from './build-ast.js';
import { DocComments } from './doc-comments.js';
import { describeFound } from './syntax-errors.js';

const closers: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * `maxDiagnostics` bounds the diagnostics kept (a line of 200 000 invalid characters is 200 000
 * errors); `omitted` counts the rest.
 */
export function parse(
  source: SourceText,
  maxDiagnostics = Infinity,
): Result<SourceFile> & { omitted: number } {
  const bag = new DiagnosticBag(source.path, maxDiagnostics);
  try {
    const value = parseInto(source, bag);
    return { value, diagnostics: sortDiagnostics(bag.items), omitted: bag.omitted };
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const diagnostics = [
      ...bag.items,
      new DiagnosticBag(source.path).report(
        Messages.InternalError,
        { start: 0, end: 0 },
        { detail },
      ),
    ];
    const empty: SourceFile = {
      kind: 'File',
      span: { start: 0, end: source.text.length },
      path: source.path,
      declarations: [],
      comments: [],
    };
    return { value: empty, diagnostics: sortDiagnostics(diagnostics), omitted: bag.omitted };
  }
}

function parseInto(source: SourceText, bag: DiagnosticBag): SourceFile {
  const text = source.text;
  const { tokens, comments, unclosed, resumeOffsets } = tokenize(text, bag);
  const { cst, errors } = parseTokens(tokens);

  // One error per token: the first is the cause, the rest are the parser finding its feet.
  // Where over-deep brackets were cut out, the stumble that follows is already explained.
  const reported = new Set<number>(resumeOffsets);
  const isAtEnd = (token: IToken) => token.tokenType === EOF || !Number.isFinite(token.startOffset);
  // When the parser ran into the end of the file, the brackets left open are the real cause.
  const blameBrackets = unclosed.length > 0 && errors.some((error) => isAtEnd(error.token));
  if (blameBrackets) {
    // One diagnostic, on the innermost bracket (the one to close first); the others are related.
    const innermost = unclosed[unclosed.length - 1];
    const related = unclosed
      .slice(0, -1)
      .reverse()
      .map((opener) => ({
        file: source.path,
        span: tokenSpan(opener),
        message: `this \`${opener.image}\` is not closed either`,
      }));
    const args = { open: innermost.image, close: closers[innermost.image] };
    bag.report(Messages.UnclosedBracket, tokenSpan(innermost), args, { related });
  }
  for (const { token, expected } of errors) {
    const atEnd = isAtEnd(token);
    if (atEnd && blameBrackets) continue;
    const start = atEnd ? text.length : token.startOffset;
    if (reported.has(start)) continue;
    reported.add(start);
    const end = atEnd ? text.length : tokenEnd(token);
    // When what was expected is missing at the end of a line, point there (after `dense(1, relu`),
    // not at the next line's first token, and say where that token is.
    const previous = previousToken(tokens, start);
    if (previous && source.position(tokenEnd(previous)).line < source.position(start).line) {
      const at = tokenEnd(previous);
      if (reported.has(at)) continue;
      reported.add(at);
      const foundAt = source.position(start);
      bag.report(
        Messages.UnexpectedToken,
        { start: at, end: at },
        { expected, found: describeFound(token) },
        {
          related: [
            {
              file: source.path,
              span: { start, end },
              message: `the next token is on line ${foundAt.line}`,
            },
          ],
        },
      );
      continue;
    }
    bag.report(Messages.UnexpectedToken, { start, end }, { expected, found: describeFound(token) });
  }

  const builder = new AstBuilder(bag, new DocComments(text, comments));
  return builder.file(cst, source.path, text.length, comments);
}

/** The last real token (not a line break) that starts before `offset`. */
function previousToken(tokens: readonly IToken[], offset: number): IToken | undefined {
  let low = 0;
  let high = tokens.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (tokens[mid].startOffset < offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  for (let i = found; i >= 0; i--) if (!/^\s*$/.test(tokens[i].image)) return tokens[i];
  return undefined;
}
