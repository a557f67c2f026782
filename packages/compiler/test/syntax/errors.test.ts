// Parser tests on broken input: source text in, diagnostics (code, exact span, wording) and the
// partial AST out. Each NN1xxx code is produced here; recovery reports several errors in one pass.

import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/parse.js';
import { SourceText } from '../../src/syntax/source.js';
import type * as ast from '../../src/syntax/ast.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

function run(text: string): { file: ast.SourceFile; diagnostics: Diagnostic[] } {
  const { value, diagnostics } = parse(new SourceText('broken.nnet', text));
  return { file: value, diagnostics };
}

/** Each diagnostic as [code, the text its span covers, message]. */
function diagnose(text: string): [string, string, string][] {
  return run(text).diagnostics.map((d) => [
    d.code,
    text.slice(d.span.start, d.span.end),
    d.message,
  ]);
}

function names(file: ast.SourceFile): string[] {
  return file.declarations.map((d) =>
    d.kind === 'Train' ? `train ${d.model.name}` : d.kind === 'Import' ? 'import' : d.name.name,
  );
}

describe('NN1001 unexpected token', () => {
  it('names what was expected and what was found', () => {
    expect(diagnose('model M {\n  h = }')).toEqual([
      ['NN1001', '}', 'expected a layer or a named value, found "}"'],
    ]);
    expect(diagnose('model M {\n  input x: [2]\n  dense(64 relu)\n}')).toEqual([
      ['NN1001', 'relu', 'expected "," or ")" after the argument, found "relu"'],
    ]);
    // Missing at the end of a line: reported there (an empty span after `relu`), naming the next token.
    expect(diagnose('model M {\n  dense(1, relu\n}')).toEqual([
      ['NN1001', '', 'expected ")" to close the argument list, found "}"'],
    ]);
    expect(run('model M {\n  dense(1, relu\n}').diagnostics[0].span.start).toBe(
      'model M {\n  dense(1, relu'.length,
    );
    expect(diagnose('model M {\n  dense(8, relu) dense(1)\n}')).toEqual([
      ['NN1001', 'dense', 'expected a newline or ";" after the statement, found "dense"'],
    ]);
  });

  it('describes numbers, newlines and the end of the file', () => {
    expect(diagnose('model 3 {}')).toEqual([
      ['NN1001', '3', 'expected a name for the model, found a number'],
    ]);
    expect(diagnose('model M {\n  dense(1, relu\n  dense(2)\n}')).toEqual([
      ['NN1001', '\n', 'expected ")" to close the argument list, found a newline'],
    ]);
    const text = 'const x =';
    const [diagnostic] = run(text).diagnostics;
    expect(diagnostic).toMatchObject({
      code: 'NN1001',
      span: { start: 9, end: 9 },
      message: 'expected a value, found end of file',
    });
  });

  it('words the expectation after keywords and inside declarations', () => {
    expect(diagnose('model M {\n  input x [4]\n}')).toEqual([
      ['NN1001', '[', 'expected ":" and a shape after the input name, found "["'],
    ]);
    expect(diagnose('model M {\n  input x:\n}')).toEqual([
      ['NN1001', '', 'expected a shape such as [28, 28], found "}"'],
    ]);
    expect(diagnose('model M {\n  repeat 3 dense(8)\n}')).toEqual([
      ['NN1001', 'dense', 'expected "{" after the repeat count, found "dense"'],
    ]);
    expect(diagnose('model M {\n  repeat { relu }\n}')).toEqual([
      ['NN1001', '{', 'expected a repeat count, found "{"'],
    ]);
    expect(diagnose('train M {\n  loss mse\n}')).toEqual([
      ['NN1001', 'mse', 'expected "=" after the field name, found "mse"'],
    ]);
    expect(diagnose('train M as { loss = mse }')).toEqual([
      ['NN1001', '{', 'expected a name for the run after "as", found "{"'],
    ]);
    expect(diagnose('import blocks')).toEqual([
      ['NN1001', 'blocks', 'expected the path of the file to import, in quotes, found "blocks"'],
    ]);
    expect(diagnose('dense(3)\nmodel M {}')).toEqual([
      [
        'NN1001',
        'dense',
        'expected a declaration ("model", "block", "train", "const" or "import"), found "dense"',
      ],
    ]);
    expect(diagnose('model A {} model B {}')).toEqual([
      ['NN1001', 'model', 'expected a newline after the declaration, found "model"'],
    ]);
    expect(diagnose('train M { a = 1 b = 2 }')).toEqual([
      ['NN1001', 'b', 'expected "," or a newline after the field, found "b"'],
    ]);
  });

  it('keeps parser jargon out of every message', () => {
    const broken = [
      'model {',
      'model M { ) }',
      'train',
      'const = 1',
      'model M { input }',
      'block B(',
      'x',
      '{{{',
      ')))',
      'model M { h = -> }',
    ];
    for (const text of broken) {
      for (const d of run(text).diagnostics) {
        expect(d.message).not.toMatch(
          /MISMATCHED|NoViableAlt|EarlyExit|Token sequences|-->|<--|EOF|Separator|Identifier|LCurly/,
        );
      }
    }
  });
});

describe('lexical errors', () => {
  it('NN1002: an unterminated string spans to the end of its line', () => {
    const text = 'import "blocks.nnet\nmodel M {}';
    expect(diagnose(text)).toEqual([
      ['NN1002', '"blocks.nnet', 'this string has no closing `"` before the end of the line'],
    ]);
    expect((run(text).file.declarations[0] as ast.ImportDecl).path.value).toBe('blocks.nnet');
  });

  it('NN1003: an unterminated block comment is reported at its `/*`', () => {
    const text = 'model M {}\n/* TODO\nmore';
    expect(diagnose(text)).toEqual([['NN1003', '/*', 'this block comment has no closing `*/`']]);
    expect(run(text).file.comments.map((c) => c.text)).toEqual(['/* TODO\nmore']);
  });

  it('NN1004: each invalid character is reported with its own span', () => {
    expect(diagnose('model M {\n  input x: [2]\n  dense(2) with { bias = [0, −1] }\n}')).toEqual([
      ['NN1004', '−', 'unexpected character "−"; it has no meaning in a .nnet file'],
    ]);
    expect(diagnose('const a = 1 @ 2\u0007')).toEqual([
      ['NN1004', '@', 'unexpected character "@"; it has no meaning in a .nnet file'],
      ['NN1001', '2', 'expected a newline after the declaration, found a number'],
      ['NN1004', '\u0007', 'unexpected character U+0007; it has no meaning in a .nnet file'],
    ]);
    expect(diagnose('const a = 1 😀')).toEqual([
      ['NN1004', '😀', 'unexpected character "😀"; it has no meaning in a .nnet file'],
    ]);
  });

  it('NN1006: each invalid escape is reported with its own span', () => {
    const text = 'train M { data = csv("data\\points.csv", x = "\\u{zz}") }';
    expect(diagnose(text)).toEqual([
      ['NN1006', '\\p', 'unknown escape sequence `\\p` in a string'],
      ['NN1006', '\\u{zz}', 'unknown escape sequence `\\u{zz}` in a string'],
    ]);
    expect(run('const s = "\\u{110000}"').diagnostics.map((d) => d.code)).toEqual(['NN1006']);
  });
});

describe('NN1005 unclosed brackets', () => {
  it('is reported at the opening bracket instead of an error at the end of the file', () => {
    const text = 'model M {\n  input x: [4]\n  dense(1)\n';
    const { file, diagnostics } = run(text);
    expect(
      diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end), d.message]),
    ).toEqual([
      ['NN1005', '{', 'this `{` is never closed: expected `}` before the end of the file'],
    ]);
    expect((file.declarations[0] as ast.ModelDecl).body).toHaveLength(2);
  });

  it('names the innermost bracket and relates the outer ones', () => {
    const text = 'model M {\n  dense(64,\n';
    const [diagnostic] = run(text).diagnostics;
    expect(diagnostic).toMatchObject({ code: 'NN1005', span: { start: 17, end: 18 } });
    expect(diagnostic.message).toBe(
      'this `(` is never closed: expected `)` before the end of the file',
    );
    expect(diagnostic.related).toEqual([
      { file: 'broken.nnet', span: { start: 8, end: 9 }, message: 'this `{` is not closed either' },
    ]);
  });

  it('cuts out brackets nested more than 100 deep instead of overflowing the stack', () => {
    const text = `const x = ${'('.repeat(5000)}1${')'.repeat(5000)}\nconst y = 2`;
    const { file, diagnostics } = run(text);
    expect(diagnostics.map((d) => [d.code, d.span.start, d.message])).toEqual([
      ['NN1001', 110, 'expected at most 100 levels of nested brackets, found "("'],
    ]);
    expect(names(file)).toEqual(['x', 'y']);
  });
});

describe('NN1007 misplaced declarations', () => {
  it('reports train and model inside a model, and keeps them at the top level', () => {
    const text =
      'model M {\n  input x: [2]\n  train M { loss = mse }\n  model Inner { relu }\n  dense(1)\n}';
    const { file, diagnostics } = run(text);
    expect(
      diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end), d.message, d.help]),
    ).toEqual([
      [
        'NN1007',
        'train M',
        'a `train` run cannot appear inside a model',
        'move it to the top level of the file, outside any model or block',
      ],
      [
        'NN1007',
        'model Inner',
        'a `model` declaration cannot appear inside a model',
        'move it to the top level of the file, outside any model or block',
      ],
    ]);
    expect(names(file)).toEqual(['M', 'train M', 'Inner']);
    expect((file.declarations[0] as ast.ModelDecl).body.map((s) => s.kind)).toEqual([
      'Input',
      'Flow',
    ]);
    expect(file.declarations[1].recovered).toBe(true);
  });

  it('reports const inside a block and input outside any model', () => {
    expect(diagnose('block B {\n  const k = 3\n  relu\n}')).toEqual([
      ['NN1007', 'const k', 'a `const` declaration cannot appear inside a block'],
    ]);
    expect(diagnose('input x: [4]\nmodel M { input x: [4] }')).toEqual([
      ['NN1007', 'input x', 'an `input` cannot appear outside a model or block'],
    ]);
  });
});

describe('recovery', () => {
  it('reports every error in one pass and keeps the valid declarations after broken ones', () => {
    const text = [
      'model A {',
      '  input x: [2]',
      '  dense(64 relu',
      '  dense(2)',
      '}',
      'model B {',
      '  input x: [4]',
      '  h = dense(3) -> -> relu',
      '  dense(1)',
      '}',
      'model C {',
      '  input x [3]',
      '  dense(3)',
      '}',
      'const k = * 2',
      'model D {',
      '  input y: [5]',
      '  dense(5)',
      '}',
    ].join('\n');
    const { file, diagnostics } = run(text);
    expect(diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)])).toEqual([
      ['NN1001', 'relu'],
      ['NN1001', '\n'],
      ['NN1001', '->'],
      ['NN1001', '['],
      ['NN1001', '*'],
    ]);
    expect(names(file)).toEqual(['A', 'B', 'C', 'k', 'D']);
    const [a, b, , k, d] = file.declarations as ast.ModelDecl[];
    expect(a.body.map((s) => s.kind)).toEqual(['Input', 'Flow', 'Flow']);
    expect(b.body.map((s) => s.kind)).toEqual(['Input', 'Flow', 'Flow']);
    expect(((b.body[1] as ast.FlowStatement).target as ast.Identifier).name).toBe('h');
    expect((k as unknown as ast.ConstDecl).value).toMatchObject({
      kind: 'Binary',
      left: { kind: 'Missing' },
    });
    expect(d.body).toHaveLength(2);
    expect(d.recovered).toBeUndefined();
  });

  it('reports at most one error per token position', () => {
    const inputs = [
      'model M { dense(((( }',
      'train { , = = }',
      'model M { -> -> -> }',
      'const = = = =',
      ']]]] model',
    ];
    for (const text of inputs) {
      const starts = run(text)
        .diagnostics.filter((d) => d.code === 'NN1001')
        .map((d) => d.span.start);
      expect(new Set(starts).size).toBe(starts.length);
    }
  });

  it('stands in Missing expressions and empty names where something was missing', () => {
    const text = 'const a =\nmodel {\n  input : [2]\n}';
    const { file } = run(text);
    const [a, model] = file.declarations as [ast.ConstDecl, ast.ModelDecl];
    expect(a.value).toMatchObject({ kind: 'Missing', recovered: true });
    expect(a.value.span.start).toBe(a.value.span.end);
    expect(model.name).toMatchObject({ kind: 'Identifier', name: '', recovered: true });
    expect((model.body[0] as ast.InputStatement).name.name).toBe('');
  });

  it('never reports an internal error on broken input', () => {
    const inputs = [
      '',
      '\n\n',
      '{',
      '}',
      'model',
      'model M(',
      'model M(a = ',
      'train M as',
      '"',
      '/*',
      'with { }',
      'repeat',
      'output',
      'const x = [1, {a = ',
      'model M { h = a -> b( -> c }',
    ];
    for (const text of inputs) {
      const { diagnostics } = run(text);
      expect(diagnostics.filter((d) => d.code === 'NN9001')).toEqual([]);
      for (const d of diagnostics) {
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(text.length);
      }
    }
  });
});
