// The grammar and the tokens pass Chevrotain's own validations (ambiguity, left recursion,
// unreachable patterns), which the parser and the lexer skip at every start of `nnc`.

import { describe, expect, it } from 'vitest';
import { validateLexer } from '../../src/syntax/lexer.js';
import { validateGrammar } from '../../src/syntax/parser.js';

describe('the grammar', () => {
  it('has no definition errors under Chevrotain validations', () => {
    expect(validateGrammar()).toEqual([]);
  });

  it('has no token definition errors under Chevrotain validations', () => {
    expect(validateLexer()).toEqual([]);
  });
});
