// The canonical printer: takes a parsed file (with no syntax errors) and its text, produces the
// formatted text one top-level declaration at a time ("chunks", so an editor can format a range).
// It keeps every comment and never changes what the file means; index.ts checks both.

import type * as ast from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import { SourceLayout } from './comments.js';
import { group, hardline, indent, line, printDoc, type Doc } from './doc.js';
import { ExprPrinter, extent } from './print-expr.js';
import {
  afterOpen,
  joinLines,
  trailing,
  verticalLines,
  withLeading,
  type OutputLine,
} from './print-comments.js';

/** Lines longer than this are broken where the grammar allows. */
export const printWidth = 100;

/** One top-level declaration as printed, with the comments above and after it. */
export interface Chunk {
  /** The source range it replaces: from its first comment to its last character or comment. */
  span: Span;
  text: string;
  /** What goes between the previous chunk and this one: '' (first), '\n' or '\n\n'. */
  separator: string;
}

/** Prints a file as chunks; joined with their separators and a final newline, they are the file. */
export function printChunks(
  file: ast.SourceFile,
  text: string,
): { chunks: Chunk[]; unclaimed: ast.Comment[] } {
  const layout = new SourceLayout(text, file.comments);
  const printer = new Printer(layout);
  const declarations = file.declarations;
  const dist = layout.distribute(
    { start: 0, end: text.length },
    declarations.map(declarationExtent),
  );
  const lines = verticalLines(
    layout,
    dist,
    declarations.map((d) => ({ span: declarationExtent(d), doc: printer.declaration(d) })),
  );
  const chunks: Chunk[] = [];
  let start = 0;
  while (start < lines.length) {
    let end = start + 1;
    while (end < lines.length && lines[end].owner === lines[start].owner) end++;
    const own = lines.slice(start, end);
    const previous = lines[start - 1];
    const blank =
      previous !== undefined &&
      (layout.hasBlankLine(previous.end, own[0].start) ||
        needsBlankLine(declarations, previous, own[0]));
    chunks.push({
      span: { start: own[0].start, end: own[own.length - 1].end },
      text: printDoc(joinLines(layout, own), printWidth),
      separator: previous === undefined ? '' : blank ? '\n\n' : '\n',
    });
    start = end;
  }
  return { chunks, unclaimed: layout.unclaimed() };
}

/** Models, blocks and runs stand apart; imports and consts may stay together as written. */
function needsBlankLine(
  declarations: readonly ast.Declaration[],
  before: OutputLine,
  after: OutputLine,
): boolean {
  const a = declarations[before.owner];
  const b = declarations[after.owner];
  if (!a || !b) return false;
  return !(a.kind === b.kind && (a.kind === 'Import' || a.kind === 'Const'));
}

function declarationExtent(d: ast.Declaration): Span {
  return d.kind === 'Const' ? { start: d.span.start, end: extent(d.value).end } : d.span;
}

function statementExtent(s: ast.Statement): Span {
  return s.kind === 'Input' ? { start: s.span.start, end: extent(s.shape).end } : s.span;
}

class Printer {
  private readonly exprs: ExprPrinter;

  constructor(private readonly layout: SourceLayout) {
    this.exprs = new ExprPrinter(layout);
  }

  declaration(d: ast.Declaration): Doc {
    switch (d.kind) {
      case 'Import': {
        const [path] = this.layout.distribute(d.span, [d.path.span]).attached;
        return ['import ', withLeading(this.layout, path.leading, 'fixed', d.path.raw)];
      }
      case 'Const':
        return this.exprs.assignment(declarationExtent(d), d.name, d.value, 'const ');
      case 'Model':
      case 'Block':
        return this.modelOrBlock(d);
      case 'Train':
        return this.train(d);
      case 'Ensemble': {
        // `ensemble Name = method(…) of Learner`: a line may break after `=` and after `of`, so
        // comments before the method or the learner lay out like a value's.
        const [name, method, learner] = this.layout.distribute(d.span, [
          d.name.span,
          extent(d.method),
          d.learnerCall ? extent(d.learnerCall) : d.learner.span,
        ]).attached;
        return [
          'ensemble ',
          withLeading(this.layout, name.leading, 'fixed', d.name.name),
          trailing(this.layout, name.trailing),
          this.exprs.valueAfter(' =', name, method, this.exprs.expr(d.method)),
          this.exprs.valueAfter(
            ' of',
            method,
            learner,
            d.learnerCall ? this.exprs.expr(d.learnerCall) : d.learner.name,
          ),
        ];
      }
      case 'Search':
        return this.search(d);
    }
  }

  /** `search Name over run { key in values … }`: one entry per line, like a run's settings. */
  private search(d: ast.SearchDecl): Doc {
    const close = d.span.end - 1;
    const open = this.layout.match(close);
    const children = [d.name.span, d.run.span, { start: open, end: close + 1 }];
    const [name, run, body] = this.layout.distribute(d.span, children).attached;
    const entries = d.entries.map((e) => ({
      span: { start: e.span.start, end: extent(e.value).end },
      doc: this.exprs.assignment(
        { start: e.span.start, end: extent(e.value).end },
        e.name,
        e.value,
        '',
        e.operator === 'in' ? ' in' : ' =',
      ),
    }));
    return [
      'search ',
      withLeading(this.layout, name.leading, 'fixed', d.name.name),
      trailing(this.layout, name.trailing),
      this.exprs.valueAfter(' over', name, run, d.run.name),
      ' ',
      withLeading(this.layout, body.leading, 'fixed', this.vertical(open, close, entries)),
    ];
  }

  private modelOrBlock(d: ast.ModelDecl | ast.BlockDecl): Doc {
    const afterName = this.layout.nextCode(d.name.span.end);
    const params =
      this.layout.charAt(afterName) === '('
        ? { start: afterName, end: this.layout.match(afterName) + 1 }
        : undefined;
    const close = d.span.end - 1;
    const open = this.layout.match(close);
    const children = [d.name.span, ...(params ? [params] : []), { start: open, end: close + 1 }];
    const attached = this.layout.distribute(d.span, children).attached;
    const name = attached[0];
    const body = attached[attached.length - 1];
    let paramsDoc: Doc = '';
    if (params) {
      const att = attached[1];
      // `model M() {` is `model M {`: drop empty parentheses unless a comment sits in them.
      const empty = d.params.length === 0 && !this.layout.hasComments(params);
      const list = this.exprs.delimited(
        '(',
        ')',
        params.start,
        params.end - 1,
        d.params.map((p) => ({ extent: extent(p), doc: this.exprs.parameter(p) })),
        { style: 'comma' },
      );
      paramsDoc = empty
        ? trailing(this.layout, [...att.leading, ...att.trailing])
        : [
            withLeading(this.layout, att.leading, 'fixed', list, true),
            trailing(this.layout, att.trailing),
          ];
    }
    return [
      d.kind === 'Model' ? 'model ' : 'block ',
      withLeading(this.layout, name.leading, 'fixed', d.name.name),
      trailing(this.layout, name.trailing),
      paramsDoc,
      ' ',
      withLeading(this.layout, body.leading, 'fixed', this.statements(open, close, d.body)),
    ];
  }

  private train(d: ast.TrainDecl): Doc {
    const close = d.span.end - 1;
    const open = this.layout.match(close);
    const children = [
      d.model.span,
      ...(d.runName ? [d.runName.span] : []),
      ...(d.base ? [d.base.span] : []),
      { start: open, end: close + 1 },
    ];
    const attached = this.layout.distribute(d.span, children).attached;
    const model = attached[0];
    const body = attached[attached.length - 1];
    const parts: Doc[] = [
      'train ',
      withLeading(this.layout, model.leading, 'fixed', d.model.name),
      trailing(this.layout, model.trailing),
    ];
    if (d.runName) {
      const run = attached[1];
      // A line may break after `as`, so comments before the run's name lay out like a value's.
      parts.push(this.exprs.valueAfter(' as', model, run, d.runName.name));
    }
    if (d.base) {
      const before = attached[d.runName ? 1 : 0];
      const base = attached[d.runName ? 2 : 1];
      parts.push(this.exprs.valueAfter(' extends', before, base, d.base.name));
    }
    const fields = d.fields.map((f) => ({ span: extent(f), doc: this.exprs.field(f) }));
    parts.push(
      ' ',
      withLeading(this.layout, body.leading, 'fixed', this.vertical(open, close, fields)),
    );
    return parts;
  }

  /** `{ … }` of a model, block or repeat: one statement per line. */
  private statements(open: number, close: number, body: readonly ast.Statement[]): Doc {
    return this.vertical(
      open,
      close,
      body.map((s) => ({ span: statementExtent(s), doc: this.statement(s) })),
    );
  }

  /** A braced body printed one item per line, even when short. */
  private vertical(open: number, close: number, items: readonly { span: Span; doc: Doc }[]): Doc {
    const dist = this.layout.distribute(
      { start: open + 1, end: close },
      items.map((item) => item.span),
      true,
    );
    const lines = verticalLines(this.layout, dist, items);
    if (lines.length === 0) return '{}';
    return ['{', afterOpen(dist), indent([hardline, joinLines(this.layout, lines)]), hardline, '}'];
  }

  private statement(s: ast.Statement): Doc {
    switch (s.kind) {
      case 'Input':
        return this.input(s);
      case 'Output':
        return this.output(s);
      case 'Repeat':
        return this.repeat(s);
      case 'Flow':
        return this.flow(s);
    }
  }

  /** `input name: [shape]`, `input name: int[shape]` (an explicit `float` is the default, left out). */
  private input(s: ast.InputStatement): Doc {
    const colon = this.layout.nextCode(s.name.span.end);
    const afterColon = this.layout.nextCode(colon + 1);
    const keyword = ['int', 'float'].find(
      (word) => this.layout.textAt(afterColon, word.length) === word,
    );
    const dtype = keyword ? [{ start: afterColon, end: afterColon + keyword.length }] : [];
    const attached = this.layout.distribute(statementExtent(s), [
      s.name.span,
      ...dtype,
      extent(s.shape),
    ]).attached;
    const name = attached[0];
    const shape = attached[attached.length - 1];
    const shapeDoc = this.exprs.expr(s.shape);
    const head = [
      'input ',
      withLeading(this.layout, name.leading, 'fixed', s.name.name),
      trailing(this.layout, name.trailing),
    ];
    if (!keyword) return [head, this.exprs.valueAfter(':', name, shape, shapeDoc)];
    // Comments around the type keyword: those before it stay before it, the others before the shape.
    const type = attached[1];
    const typeDoc: Doc = [
      s.dtype === 'int' ? 'int' : '',
      trailing(this.layout, type.trailing),
      s.dtype === 'int'
        ? this.exprs.fixedSlot(shape, shapeDoc, true)
        : withLeading(this.layout, shape.leading, 'inline', shapeDoc),
      s.dtype === 'int' ? '' : trailing(this.layout, shape.trailing),
    ];
    return [
      head,
      this.exprs.valueAfter(':', name, { leading: type.leading, trailing: [] }, typeDoc),
    ];
  }

  private output(s: ast.OutputStatement): Doc {
    const attached = this.layout.distribute(
      s.span,
      s.names.map((n) => n.span),
    ).attached;
    const [first, ...others] = attached;
    return [
      'output ',
      withLeading(this.layout, first.leading, 'fixed', s.names[0].name),
      trailing(this.layout, first.trailing),
      // A line may break after `,`: the names after the first lay out like values.
      others.map((att, i) => this.exprs.valueAfter(',', attached[i], att, s.names[i + 1].name)),
    ];
  }

  private repeat(s: ast.RepeatStatement): Doc {
    const close = s.span.end - 1;
    const open = this.layout.match(close);
    const [count, body] = this.layout.distribute(s.span, [
      extent(s.count),
      { start: open, end: close + 1 },
    ]).attached;
    // No line may break before `{`: a `// …` there goes inside parentheses around the count.
    const moved = body.leading.some((c) => c.style !== 'block') ? body.leading : [];
    const countAtt = { leading: count.leading, trailing: [...count.trailing, ...moved] };
    const bodyLeading = moved.length > 0 ? [] : body.leading;
    return [
      'repeat ',
      this.exprs.fixedSlot(countAtt, this.exprs.expr(s.count)),
      ' ',
      withLeading(this.layout, bodyLeading, 'fixed', this.statements(open, close, s.body)),
    ];
  }

  /** `target = step -> step`: on one line when it fits, else one `-> step` per line. */
  private flow(s: ast.FlowStatement): Doc {
    const spans = [...(s.target ? [s.target.span] : []), ...s.steps.map((step) => step.span)];
    const attached = this.layout.distribute(s.span, spans).attached;
    const stepAtts = s.target ? attached.slice(1) : attached;
    const head: Doc[] = [];
    const first = this.step(s.steps[0]);
    if (s.target) {
      const target = attached[0];
      head.push(
        withLeading(
          this.layout,
          target.leading,
          'fixed',
          s.shared ? ['shared ', s.target.name] : s.target.name,
        ),
        trailing(this.layout, target.trailing),
        this.exprs.valueAfter(' =', target, stepAtts[0], first),
      );
    } else {
      head.push(
        withLeading(this.layout, stepAtts[0].leading, 'fixed', first),
        trailing(this.layout, stepAtts[0].trailing),
      );
    }
    const rest = s.steps.slice(1).map((step, i) => {
      const att = stepAtts[i + 1];
      return [
        line,
        withLeading(this.layout, att.leading, 'lineStart', ['-> ', this.step(step)]),
        trailing(this.layout, att.trailing),
      ];
    });
    return group([head, indent(rest)]);
  }

  /** `callee(args) with { … }` */
  private step(step: ast.Step): Doc {
    const children: Span[] = [step.callee.span];
    let args: Span | undefined;
    if (step.args) {
      const open = this.layout.nextCode(step.callee.span.end);
      args = { start: open, end: this.layout.match(open) + 1 };
      children.push(args);
    }
    if (step.with) children.push(step.with.span);
    const attached = this.layout.distribute(step.span, children).attached;
    const parts: Doc[] = [step.callee.name, trailing(this.layout, attached[0].trailing)];
    let previous = attached[0];
    if (step.args && args) {
      const att = attached[1];
      const list = this.exprs.argumentList(args.start, args.end - 1, step.args);
      parts.push(
        withLeading(this.layout, att.leading, 'fixed', list, true),
        trailing(this.layout, att.trailing),
      );
      previous = att;
    }
    if (step.with) {
      // `dense(2) // why` then `with { … }`: the clause goes on the next line, after the comment.
      parts.push(
        this.exprs.valueAfter(
          '',
          previous,
          attached[attached.length - 1],
          this.withClause(step.with),
        ),
      );
    }
    return parts;
  }

  private withClause(w: ast.WithClause): Doc {
    const close = w.span.end - 1;
    const open = this.layout.match(close);
    const [braces] = this.layout.distribute(w.span, [{ start: open, end: close + 1 }]).attached;
    return [
      'with ',
      withLeading(
        this.layout,
        braces.leading,
        'inline',
        this.exprs.fieldsInBraces(open, close, w.fields),
      ),
    ];
  }
}
