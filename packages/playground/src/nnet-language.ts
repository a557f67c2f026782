// Syntax colouring of .nnet text in the editor by syntax only (as the VS Code grammar): keywords,
// numbers, strings, comments, calls `name(` and settings `name =`. Layer and activation names are
// never listed here: the compiler's catalogue is the one list (hover and completion read it).

import { HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

/** The grammar's keywords (packages/compiler/src/syntax/tokens.ts). */
const KEYWORDS = new Set([
  'import',
  'const',
  'model',
  'block',
  'train',
  'as',
  'extends',
  'input',
  'output',
  'repeat',
  'with',
  'int',
  'float',
  'true',
  'false',
  'ensemble',
  'search',
]);

interface State {
  inBlockComment: boolean;
}

const nnet = StreamLanguage.define<State>({
  name: 'nnet',
  startState: () => ({ inBlockComment: false }),
  token(stream, state) {
    if (state.inBlockComment) {
      if (stream.skipTo('*/')) {
        stream.next();
        stream.next();
        state.inBlockComment = false;
      } else stream.skipToEnd();
      return 'comment';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('///')) {
      stream.skipToEnd();
      return 'docComment';
    }
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('/*')) {
      state.inBlockComment = true;
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
    if (stream.match(/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/)) return 'number';
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null;
    if (word) {
      if (KEYWORDS.has(word[0])) return 'keyword';
      if (stream.match(/^\s*\(/, false)) return 'function';
      if (stream.match(/^\s*=(?!=)/, false)) return 'propertyName';
      if (/^[A-Z]/.test(word[0])) return 'typeName';
      return 'variableName';
    }
    stream.next();
    return /[{}()[\],]/.test(stream.current()) ? 'punctuation' : 'operator';
  },
  languageData: { commentTokens: { line: '//' } },
  tokenTable: { docComment: tags.docComment, function: tags.function(tags.variableName) },
});

const style = HighlightStyle.define([
  { tag: tags.keyword, color: '#7c3aed', fontWeight: '600' },
  { tag: [tags.comment], color: '#6b7280', fontStyle: 'italic' },
  { tag: tags.docComment, color: '#047857', fontStyle: 'italic' },
  { tag: tags.string, color: '#b45309' },
  { tag: tags.number, color: '#0369a1' },
  { tag: tags.function(tags.variableName), color: '#1d4ed8' },
  { tag: tags.propertyName, color: '#9d174d' },
  { tag: tags.typeName, color: '#0f766e', fontWeight: '600' },
]);

export const nnetLanguage = [nnet, syntaxHighlighting(style)];
