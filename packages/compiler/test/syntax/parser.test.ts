// Parser tests on valid input: source text in, AST structure and exact spans out, for every
// construct of LANGUAGE.md; also doc comments, the comment list and newline handling.

import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/parse.js';
import { SourceText, type Span } from '../../src/syntax/source.js';
import type * as ast from '../../src/syntax/ast.js';
import { samples } from './samples.js';

function parseOk(text: string): ast.SourceFile {
  const { value, diagnostics } = parse(new SourceText('test.nnet', text));
  expect(diagnostics).toEqual([]);
  return value;
}

/** The text a span covers. */
function at(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

function firstModel(file: ast.SourceFile): ast.ModelDecl {
  const model = file.declarations.find((d): d is ast.ModelDecl => d.kind === 'Model');
  if (!model) throw new Error('no model');
  return model;
}

function constValue(text: string): ast.Expr {
  const decl = parseOk(text).declarations[0] as ast.ConstDecl;
  return decl.value;
}

/** An expression as a compact S-expression, for precedence tests. */
function show(expr: ast.Expr): string {
  switch (expr.kind) {
    case 'Number':
      return expr.raw;
    case 'Name':
      return expr.name.name;
    case 'Unary':
      return `(${expr.op}${show(expr.operand)})`;
    case 'Binary':
      return `(${show(expr.left)} ${expr.op} ${show(expr.right)})`;
    default:
      return expr.kind;
  }
}

describe('samples from LANGUAGE.md', () => {
  it.each(samples.map((text, index) => [index, text]))(
    'sample %i parses without diagnostics',
    (_, text) => {
      const file = parseOk(text as string);
      expect(file.declarations.length).toBeGreaterThan(0);
    },
  );
});

describe('declarations', () => {
  it('reads an import with its path and spans', () => {
    const text = 'import "blocks.nnet"';
    const decl = parseOk(text).declarations[0] as ast.ImportDecl;
    expect(decl).toMatchObject({
      kind: 'Import',
      path: { kind: 'String', value: 'blocks.nnet', raw: '"blocks.nnet"' },
    });
    expect(at(text, decl.span)).toBe(text);
    expect(at(text, decl.path.span)).toBe('"blocks.nnet"');
  });

  it('reads a const; the file spans the whole text', () => {
    const text = 'const hidden = 100\n';
    const file = parseOk(text);
    const decl = file.declarations[0] as ast.ConstDecl;
    expect(decl).toMatchObject({
      kind: 'Const',
      name: { name: 'hidden' },
      value: { kind: 'Number', value: 100 },
    });
    expect(at(text, decl.span)).toBe('const hidden = 100');
    expect(at(text, decl.name.span)).toBe('hidden');
    expect(file.span).toEqual({ start: 0, end: text.length });
    expect(file.path).toBe('test.nnet');
  });

  it('reads model and block parameters with and without defaults', () => {
    const text =
      'model Mlp(hidden = 100, depth = 3) {\n  input x: [1]\n}\nblock Res(width, ) {\n  dense(width)\n}';
    const [model, block] = parseOk(text).declarations as [ast.ModelDecl, ast.BlockDecl];
    expect(model.kind).toBe('Model');
    expect(model.params.map((p) => [p.name.name, p.default && show(p.default)])).toEqual([
      ['hidden', '100'],
      ['depth', '3'],
    ]);
    expect(at(text, model.params[0].span)).toBe('hidden = 100');
    expect(at(text, model.span)).toBe('model Mlp(hidden = 100, depth = 3) {\n  input x: [1]\n}');
    expect(block).toMatchObject({ kind: 'Block', name: { name: 'Res' } });
    expect(block.params).toHaveLength(1);
    expect(block.params[0].default).toBeUndefined();
    expect(at(text, block.params[0].span)).toBe('width');
  });

  it('reads a model without parameters and with an empty body', () => {
    const model = firstModel(parseOk('model Empty {}'));
    expect(model).toMatchObject({ name: { name: 'Empty' }, params: [], body: [] });
  });

  it('reads train runs with and without a run name', () => {
    const text =
      'train Exercise { loss = mse }\ntrain Exercise as adam_run {\n  optimizer = adam, batch = 32\n  epochs = 10,\n}';
    const [first, second] = parseOk(text).declarations as [ast.TrainDecl, ast.TrainDecl];
    expect(first.model.name).toBe('Exercise');
    expect(first.runName).toBeUndefined();
    expect(first.fields.map((f) => f.name.name)).toEqual(['loss']);
    expect(second.runName?.name).toBe('adam_run');
    expect(at(text, second.runName!.span)).toBe('adam_run');
    expect(second.fields.map((f) => f.name.name)).toEqual(['optimizer', 'batch', 'epochs']);
    expect(at(text, second.fields[1].span)).toBe('batch = 32');
    expect(at(text, second.span)).toBe(
      'train Exercise as adam_run {\n  optimizer = adam, batch = 32\n  epochs = 10,\n}',
    );
  });
});

describe('statements', () => {
  it('reads float and int inputs', () => {
    const text =
      'model M {\n  input image: [40, 40]\n  input tokens: int[100]\n  input y: float[3]\n}';
    const [image, tokens, y] = firstModel(parseOk(text)).body as ast.InputStatement[];
    expect(image).toMatchObject({
      kind: 'Input',
      name: { name: 'image' },
      dtype: 'float',
      shape: { kind: 'List' },
    });
    expect((image.shape as ast.ListExpr).items.map(show)).toEqual(['40', '40']);
    expect(at(text, image.span)).toBe('input image: [40, 40]');
    expect(at(text, image.shape.span)).toBe('[40, 40]');
    expect(tokens).toMatchObject({ dtype: 'int', name: { name: 'tokens' } });
    expect(at(text, tokens.span)).toBe('input tokens: int[100]');
    expect(y.dtype).toBe('float');
  });

  it('reads a named pipeline with positional and named arguments', () => {
    const text = 'model M {\n  h = a -> b(1, x = 2) -> c\n}';
    const flow = firstModel(parseOk(text)).body[0] as ast.FlowStatement;
    expect(flow.kind).toBe('Flow');
    expect(flow.target?.name).toBe('h');
    expect(at(text, flow.span)).toBe('h = a -> b(1, x = 2) -> c');
    expect(flow.steps.map((s) => s.callee.name)).toEqual(['a', 'b', 'c']);
    expect(flow.steps[0].args).toBeUndefined();
    const [positional, named] = flow.steps[1].args!;
    expect(positional.name).toBeUndefined();
    expect(show(positional.value)).toBe('1');
    expect(named.name?.name).toBe('x');
    expect(at(text, named.span)).toBe('x = 2');
    expect(at(text, flow.steps[1].span)).toBe('b(1, x = 2)');
    expect(at(text, flow.steps[2].span)).toBe('c');
  });

  it('tells `relu` (no parentheses) from `relu()` (no arguments)', () => {
    const body = firstModel(parseOk('model M {\n  relu\n  relu()\n}')).body as ast.FlowStatement[];
    expect(body[0].steps[0].args).toBeUndefined();
    expect(body[1].steps[0].args).toEqual([]);
  });

  it('reads flows that start from a named value and multi-input layers', () => {
    const text = 'model M {\n  h -> dense(10)\n  add(x, h) -> relu\n  concat(a, b, axis=-1)\n}';
    const [fromName, add, concat] = firstModel(parseOk(text)).body as ast.FlowStatement[];
    expect(fromName.target).toBeUndefined();
    expect(fromName.steps.map((s) => s.callee.name)).toEqual(['h', 'dense']);
    expect(add.steps[0].args!.map((a) => show(a.value))).toEqual(['x', 'h']);
    expect(concat.steps[0].args![2]).toMatchObject({
      name: { name: 'axis' },
      value: { kind: 'Unary', op: '-' },
    });
  });

  it('reads `with` clauses with fields separated by commas or newlines', () => {
    const text = [
      'model M {',
      '  dense(2, relu) with { weights = [[1, 1], [1, 1]], bias = [0, -1] }',
      '  dense(1) with {',
      '    init = he_normal',
      '    trainable = false,',
      '    weights = load("w.safetensors", "fc1")',
      '  }',
      '}',
    ].join('\n');
    const [first, second] = firstModel(parseOk(text)).body as ast.FlowStatement[];
    const withOne = first.steps[0].with!;
    expect(withOne.kind).toBe('With');
    expect(at(text, withOne.span)).toBe('with { weights = [[1, 1], [1, 1]], bias = [0, -1] }');
    expect(withOne.fields.map((f) => f.name.name)).toEqual(['weights', 'bias']);
    const weights = withOne.fields[0].value as ast.ListExpr;
    expect(weights.items.map((row) => (row as ast.ListExpr).items.map(show))).toEqual([
      ['1', '1'],
      ['1', '1'],
    ]);
    expect(at(text, first.steps[0].span)).toBe(
      'dense(2, relu) with { weights = [[1, 1], [1, 1]], bias = [0, -1] }',
    );
    const withTwo = second.steps[0].with!;
    expect(withTwo.fields.map((f) => f.name.name)).toEqual(['init', 'trainable', 'weights']);
    expect(withTwo.fields[1].value).toMatchObject({ kind: 'Bool', value: false });
    expect(withTwo.fields[2].value).toMatchObject({ kind: 'Call', callee: { name: 'load' } });
  });

  it('reads repeat with a constant expression and a nested body', () => {
    const text = 'model M {\n  repeat depth - 1 {\n    dense(64)\n    repeat 2 { relu }\n  }\n}';
    const repeat = firstModel(parseOk(text)).body[0] as ast.RepeatStatement;
    expect(repeat.kind).toBe('Repeat');
    expect(show(repeat.count)).toBe('(depth - 1)');
    expect(repeat.body.map((s) => s.kind)).toEqual(['Flow', 'Repeat']);
    expect(at(text, repeat.span)).toBe(
      'repeat depth - 1 {\n    dense(64)\n    repeat 2 { relu }\n  }',
    );
  });

  it('reads output with several names', () => {
    const text = 'model M {\n  output a, b\n}';
    const output = firstModel(parseOk(text)).body[0] as ast.OutputStatement;
    expect(output.names.map((n) => n.name)).toEqual(['a', 'b']);
    expect(output.names.map((n) => at(text, n.span))).toEqual(['a', 'b']);
    expect(at(text, output.span)).toBe('output a, b');
  });
});

describe('newlines', () => {
  it('joins lines inside brackets and after a trailing comma, `=` or `->`', () => {
    const text =
      'model M {\n  dense(64,\n        relu)\n  h =\n    dense(3) ->\n    relu\n  dense(\n    1\n  )\n}';
    const body = firstModel(parseOk(text)).body as ast.FlowStatement[];
    expect(body).toHaveLength(3);
    expect(body[0].steps[0].args).toHaveLength(2);
    expect(body[1].steps.map((s) => s.callee.name)).toEqual(['dense', 'relu']);
  });

  it('continues a pipeline on a line starting with `->` or `with`', () => {
    const text = 'model M {\n  h = dense(64)\n    -> relu\n  dense(1)\n    with { bias = [0] }\n}';
    const body = firstModel(parseOk(text)).body as ast.FlowStatement[];
    expect(body).toHaveLength(2);
    expect(body[0].steps.map((s) => s.callee.name)).toEqual(['dense', 'relu']);
    expect(body[1].steps[0].with?.fields[0].name.name).toBe('bias');
  });

  it('keeps two lines as two statements, and `;` separates statements on one line', () => {
    const body = firstModel(parseOk('model M {\n  flatten\n  relu\n  dense(1); relu;\n\n\n}')).body;
    expect(body.map((s) => (s as ast.FlowStatement).steps[0].callee.name)).toEqual([
      'flatten',
      'relu',
      'dense',
      'relu',
    ]);
  });

  it('accepts a body on one line and CRLF line ends', () => {
    const file = parseOk('model M { input x: [2]; dense(1) }\r\nconst a = 1\r\n');
    expect(firstModel(file).body).toHaveLength(2);
    expect(file.declarations).toHaveLength(2);
  });
});

describe('expressions', () => {
  it('applies precedence as mathematics and Python do: ^ (right-associative), unary -, * / %, + -', () => {
    expect(show(constValue('const a = 1 + 2 * 3'))).toBe('(1 + (2 * 3))');
    expect(show(constValue('const a = 10 - 3 - 2'))).toBe('((10 - 3) - 2)');
    expect(show(constValue('const a = 2 ^ 3 ^ 2'))).toBe('(2 ^ (3 ^ 2))');
    expect(show(constValue('const a = -2 ^ 2'))).toBe('(-(2 ^ 2))');
    expect(show(constValue('const a = -2 * 3'))).toBe('((-2) * 3)');
    expect(show(constValue('const a = 2 * -3 ^ 2'))).toBe('(2 * (-(3 ^ 2)))');
    expect(show(constValue('const a = 2 ^ -1'))).toBe('(2 ^ (-1))');
    expect(show(constValue('const a = 8 / 4 % 3 * 2'))).toBe('(((8 / 4) % 3) * 2)');
    expect(show(constValue('const a = (1 + 2) * hidden'))).toBe('((1 + 2) * hidden)');
    expect(show(constValue('const a = 2 * 3 ^ 2 + 1'))).toBe('((2 * (3 ^ 2)) + 1)');
    expect(show(constValue('const a = - -1'))).toBe('(-(-1))');
  });

  it('gives binary expressions spans that include parentheses around operands', () => {
    const text = 'const a = (1 + 2) * -(x)';
    const value = constValue(text) as ast.BinaryExpr;
    expect(at(text, value.span)).toBe('(1 + 2) * -(x)');
    expect(at(text, value.left.span)).toBe('1 + 2');
    expect(at(text, value.right.span)).toBe('-(x)');
  });

  it('reads numbers, keeping the raw text', () => {
    const values = ['100', '0.1', '1e-4', '.5', '2.5E+3'].map((raw) =>
      constValue(`const a = ${raw}`),
    );
    expect(
      values.map((v) => [v.kind, (v as ast.NumberLiteral).value, (v as ast.NumberLiteral).raw]),
    ).toEqual([
      ['Number', 100, '100'],
      ['Number', 0.1, '0.1'],
      ['Number', 1e-4, '1e-4'],
      ['Number', 0.5, '.5'],
      ['Number', 2500, '2.5E+3'],
    ]);
  });

  it('decodes string escapes', () => {
    const value = constValue(
      String.raw`const a = "a\\b\"c\nd\te\rf\u{1F600}g"`,
    ) as ast.StringLiteral;
    expect(value.kind).toBe('String');
    expect(value.value).toBe('a\\b"c\nd\te\rf\u{1F600}g');
    expect(value.raw).toBe(String.raw`"a\\b\"c\nd\te\rf\u{1F600}g"`);
  });

  it('reads booleans, names, nested lists with trailing commas, objects and calls', () => {
    const text =
      'train M {\n  a = true\n  b = val_loss\n  c = [[1, 2,], [3],]\n  d = { monitor = val_loss, patience = 3 }\n  e = sgd(0.1, momentum = 0.9)\n  f = []\n  g = {}\n}';
    const fields = (parseOk(text).declarations[0] as ast.TrainDecl).fields;
    const [a, b, c, d, e, f, g] = fields.map((field) => field.value);
    expect(a).toMatchObject({ kind: 'Bool', value: true });
    expect(b).toMatchObject({ kind: 'Name', name: { name: 'val_loss' } });
    expect(at(text, (b as ast.NameExpr).name.span)).toBe('val_loss');
    expect(c.kind).toBe('List');
    expect((c as ast.ListExpr).items.map((row) => (row as ast.ListExpr).items.length)).toEqual([
      2, 1,
    ]);
    expect(at(text, c.span)).toBe('[[1, 2,], [3],]');
    expect(d).toMatchObject({
      kind: 'Object',
      fields: [{ name: { name: 'monitor' } }, { name: { name: 'patience' } }],
    });
    expect(at(text, d.span)).toBe('{ monitor = val_loss, patience = 3 }');
    expect(e).toMatchObject({ kind: 'Call', callee: { name: 'sgd' } });
    expect((e as ast.CallExpr).args.map((arg) => arg.name?.name)).toEqual([undefined, 'momentum']);
    expect(at(text, e.span)).toBe('sgd(0.1, momentum = 0.9)');
    expect(f).toMatchObject({ kind: 'List', items: [] });
    expect(g).toMatchObject({ kind: 'Object', fields: [] });
  });

  it('reads objects with fields on separate lines', () => {
    const text = 'train M {\n  early_stop = {\n    monitor = val_loss\n    patience = 3\n  }\n}';
    const object = (parseOk(text).declarations[0] as ast.TrainDecl).fields[0]
      .value as ast.ObjectExpr;
    expect(object.fields.map((f) => f.name.name)).toEqual(['monitor', 'patience']);
  });
});

describe('doc comments and comments', () => {
  it('attaches /// lines directly above a model, block, const, train or input', () => {
    const text = [
      '/// The model.',
      '///   Indented second line.',
      'model M {',
      '  /// The input.',
      '  input x: [2]',
      '}',
      '/// A block.',
      'block B { relu }',
      '///A constant.',
      'const c = 1',
      '/// A run.',
      'train M { loss = mse }',
    ].join('\n');
    const [model, block, constant, train] = parseOk(text).declarations as [
      ast.ModelDecl,
      ast.BlockDecl,
      ast.ConstDecl,
      ast.TrainDecl,
    ];
    expect(model.doc).toBe('The model.\n  Indented second line.');
    expect((model.body[0] as ast.InputStatement).doc).toBe('The input.');
    expect(block.doc).toBe('A block.');
    expect(constant.doc).toBe('A constant.');
    expect(train.doc).toBe('A run.');
  });

  it('does not attach plain comments, separated doc comments or doc comments after code', () => {
    const text =
      '// plain\nmodel A {}\n/// separated\n\nmodel B {}\nconst x = 1 /// trailing\nmodel C {}\n//// four slashes\nmodel D {}';
    const docs = parseOk(text).declarations.map((d) => (d as ast.ModelDecl).doc);
    expect(docs).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('collects every comment in source order with its style, raw text and span', () => {
    const text = '// line\n/// doc\nmodel M { /* block\n  comment */ relu }\nconst a = 1 // end';
    const comments = parseOk(text).comments;
    expect(comments.map((c) => [c.kind, c.style, c.text])).toEqual([
      ['Comment', 'line', '// line'],
      ['Comment', 'doc', '/// doc'],
      ['Comment', 'block', '/* block\n  comment */'],
      ['Comment', 'line', '// end'],
    ]);
    for (const comment of comments) expect(at(text, comment.span)).toBe(comment.text);
  });

  it('ignores comments between tokens of a statement', () => {
    const text = 'model M {\n  dense(64, // units\n        relu) /* act */ -> dropout(0.2)\n}';
    const flow = firstModel(parseOk(text)).body[0] as ast.FlowStatement;
    expect(flow.steps.map((s) => s.callee.name)).toEqual(['dense', 'dropout']);
  });
});

describe('size', () => {
  it('parses a generated 10,000-line file with no diagnostics', () => {
    const lines: string[] = [];
    for (let i = 0; lines.length < 10_000; i++) {
      lines.push(
        `/// Model ${i}.`,
        `model M${i}(hidden = 100, depth = 3) {`,
        '  input x: [28, 28, 1]',
        '  h = conv2d(32, kernel = 3, padding = "same", relu) -> maxpool2d(2)',
        '  repeat depth {',
        '    dense(hidden * 2, relu) with { init = he_normal, trainable = false }',
        '  }',
        '  add(h, x) -> dense(10, softmax)',
        '}',
        `train M${i} as run${i} {`,
        '  optimizer = sgd(lr = 0.1, momentum = 0.9)',
        '  split = [0.8, 0.1, 0.1]',
        '}',
      );
    }
    const file = parseOk(lines.join('\n'));
    expect(file.declarations).toHaveLength((lines.length / 13) * 2);
    expect(firstModel(file).doc).toBe('Model 0.');
  });
});
