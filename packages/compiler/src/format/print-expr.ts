// Expressions, argument lists, lists and `{ … }` fields as docs: takes AST nodes (and the layout
// for their comments and brackets), produces the canonical layout — `f(a, key = b)`, `[1, 2]`,
// `{ a = 1, b = 2 }` on one line when they fit, one item per line (a matrix: one row per line) when not.

import type * as ast from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import type { Attached, SourceLayout } from './comments.js';
import { fill, group, hardline, ifBreak, indent, join, line, softline, type Doc } from './doc.js';
import {
  afterOpen,
  danglingInline,
  endsWithLineComment,
  trailing,
  withLeading,
} from './print-comments.js';

type Extended = ast.Expr | ast.Argument | ast.Field | ast.Parameter;

const binaryExtents = new WeakMap<ast.BinaryExpr, Span>();

/**
 * The source range a node claims comments from. It is the node's span, except that parentheses
 * the printer may drop (`(a + b)`) are left to the container around the node.
 */
export function extent(node: Extended): Span {
  switch (node.kind) {
    case 'Binary': {
      const known = binaryExtents.get(node);
      if (known) return known;
      // Long chains (`a + b + … + z`) nest to the left: walk down iteratively, then fill in upwards.
      const chain: ast.BinaryExpr[] = [node];
      for (let e = node.left; e.kind === 'Binary' && !binaryExtents.has(e); e = e.left)
        chain.push(e);
      let span: Span = node.span;
      for (let i = chain.length - 1; i >= 0; i--) {
        const e = chain[i];
        // Parentheses the tree needs are printed again, so they stay inside; others are left out.
        span = {
          start: needsParens(e.left, e.op, 'left') ? e.span.start : extent(e.left).start,
          end: needsParens(e.right, e.op, 'right') ? e.span.end : extent(e.right).end,
        };
        binaryExtents.set(e, span);
      }
      return span;
    }
    case 'Unary':
      return {
        start: node.span.start,
        end: parenthesizedOperand(node) ? node.span.end : extent(node.operand).end,
      };
    case 'Argument':
      return {
        start: node.name ? node.name.span.start : extent(node.value).start,
        end: extent(node.value).end,
      };
    case 'Field':
      return { start: node.span.start, end: extent(node.value).end };
    case 'Parameter':
      return {
        start: node.span.start,
        end: node.default ? extent(node.default).end : node.name.span.end,
      };
    default:
      return node.span;
  }
}

export class ExprPrinter {
  constructor(readonly layout: SourceLayout) {}

  expr(e: ast.Expr): Doc {
    switch (e.kind) {
      case 'Number':
      case 'String':
        return e.raw;
      case 'Bool':
        return e.value ? 'true' : 'false';
      case 'Name':
        return e.name.name;
      case 'List':
        return this.list(e);
      case 'Object':
        return this.fieldsInBraces(e.span.start, e.span.end - 1, e.fields);
      case 'Call':
        return this.call(e);
      case 'Unary':
        return this.unary(e);
      case 'Binary':
        return this.binary(e);
      case 'Missing':
        // Never reached: a file with syntax errors is not formatted.
        return '';
    }
  }

  private unary(e: ast.UnaryExpr): Doc {
    const parenthesized = parenthesizedOperand(e);
    const parens = parenthesized
      ? this.sourceParens(e.operand, undefined, e.span.end - 1)
      : undefined;
    const [operand] = this.layout.distribute(extent(e), [parens ?? extent(e.operand)]).attached;
    const doc = parenthesized ? this.inParens(e.operand, parens) : this.expr(e.operand);
    return [
      e.op,
      withLeading(
        this.layout,
        operand.leading,
        'inline',
        [doc, trailing(this.layout, operand.trailing)],
        true,
      ),
    ];
  }

  /**
   * `a + b - c`: one group, which breaks before every operator of the chain at once. The chain
   * (nested to the left) is walked iteratively, so a long one cannot overflow the stack.
   */
  private binary(e: ast.BinaryExpr): Doc {
    const chain: ast.BinaryExpr[] = [e];
    for (
      let node = e;
      node.left.kind === 'Binary' && !needsParens(node.left, node.op, 'left');
      node = node.left
    )
      chain.push(node.left);
    const head: Doc[] = [];
    const rest: Doc[] = [];
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i];
      const bottom = i === chain.length - 1;
      const leftParens = needsParens(node.left, node.op, 'left')
        ? this.sourceParens(node.left, node.span.start)
        : undefined;
      const rightParens = needsParens(node.right, node.op, 'right')
        ? this.sourceParens(node.right, undefined, node.span.end - 1)
        : undefined;
      const children = [leftParens ?? extent(node.left), rightParens ?? extent(node.right)];
      const [left, right] = this.layout.distribute(extent(node), children).attached;
      if (bottom) {
        const leftDoc = needsParens(node.left, node.op, 'left')
          ? this.inParens(node.left, leftParens)
          : this.expr(node.left);
        head.push(withLeading(this.layout, left.leading, 'fixed', leftDoc));
      }
      // The comments after the left operand (for the chain's upper links: the whole chain so far).
      (bottom ? head : rest).push(trailing(this.layout, left.trailing));
      const rightDoc = needsParens(node.right, node.op, 'right')
        ? this.inParens(node.right, rightParens)
        : this.expr(node.right);
      const operand = [rightDoc, trailing(this.layout, right.trailing)];
      // Comments on lines of their own go above the operator (`a\n  // why\n  + b`).
      const above = right.leading.some((c) => c.style !== 'block' || this.layout.isOwnLine(c));
      rest.push(
        line,
        above
          ? withLeading(this.layout, right.leading, 'lineStart', [node.op, ' ', operand])
          : [node.op, ' ', withLeading(this.layout, right.leading, 'inline', operand)],
      );
    }
    return group([head, indent(rest)]);
  }

  /**
   * The source's own parentheses around an operand the printer parenthesizes, found from the
   * opening one (`open`) or the closing one (`close`); undefined when the source had none there.
   */
  private sourceParens(child: ast.Expr, open?: number, close?: number): Span | undefined {
    const inner = extent(child);
    if (open !== undefined && this.layout.charAt(open) === '(') {
      const partner = this.layout.partnerOf(open);
      if (partner !== undefined && partner >= inner.end) return { start: open, end: partner + 1 };
    }
    if (close !== undefined && this.layout.charAt(close) === ')') {
      const partner = this.layout.partnerOf(close);
      if (partner !== undefined && partner <= inner.start)
        return { start: partner, end: close + 1 };
    }
    return undefined;
  }

  /** `(child)`: the comments inside the source's parentheses (if it had them) stay inside. */
  private inParens(child: ast.Expr, parens: Span | undefined): Doc {
    if (!parens) return inParens(this.expr(child));
    const [att] = this.layout.distribute({ start: parens.start + 1, end: parens.end - 1 }, [
      extent(child),
    ]).attached;
    return inParens([
      withLeading(this.layout, att.leading, 'lineStart', this.expr(child)),
      trailing(this.layout, att.trailing),
    ]);
  }

  private call(e: ast.CallExpr): Doc {
    const open = this.layout.nextCode(e.callee.span.end);
    const close = e.span.end - 1;
    const dist = this.layout.distribute(e.span, [e.callee.span, { start: open, end: close + 1 }]);
    const [callee, args] = dist.attached;
    return [
      e.callee.name,
      trailing(this.layout, callee.trailing),
      withLeading(this.layout, args.leading, 'fixed', this.argumentList(open, close, e.args), true),
    ];
  }

  /** `(a, b, key = c)`: `open` and `close` are the offsets of the parentheses. */
  argumentList(open: number, close: number, args: readonly ast.Argument[]): Doc {
    return this.delimited(
      '(',
      ')',
      open,
      close,
      args.map((arg) => ({ extent: extent(arg), doc: this.argument(arg) })),
      {
        style: 'comma',
      },
    );
  }

  private argument(arg: ast.Argument): Doc {
    if (!arg.name) return this.expr(arg.value);
    return this.assignment(extent(arg), arg.name, arg.value, '', arg.searched ? ' in' : ' =');
  }

  /** `name = value` of a named argument, a field, a parameter default or a const. */
  assignment(
    region: Span,
    name: ast.Identifier,
    value: ast.Expr,
    prefix: Doc = '',
    operator = ' =',
  ): Doc {
    const dist = this.layout.distribute(region, [name.span, extent(value)]);
    const [nameAtt, valueAtt] = dist.attached;
    return [
      prefix,
      withLeading(this.layout, nameAtt.leading, 'fixed', name.name),
      trailing(this.layout, nameAtt.trailing),
      this.valueAfter(operator, nameAtt, valueAtt, this.expr(value)),
    ];
  }

  /**
   * `punct value` (`=`, `:`): a line comment trailing what came before pushes the value to the next
   * line, indented; otherwise the value follows after one space.
   */
  valueAfter(punct: string, before: Attached, value: Attached, doc: Doc): Doc {
    const tail = trailing(this.layout, value.trailing);
    if (endsWithLineComment(before))
      return [
        punct,
        indent([hardline, withLeading(this.layout, value.leading, 'lineStart', doc)]),
        tail,
      ];
    return [punct, ' ', withLeading(this.layout, value.leading, 'inline', doc), tail];
  }

  /**
   * An expression no line may break before (`repeat N`, `int[…]`). A `// …` comment around it
   * needs a line break, so it goes inside parentheses (which change nothing): `repeat (// why\n 3)`.
   */
  fixedSlot(att: Attached, doc: Doc, space = false): Doc {
    const needsLine = [...att.leading, ...att.trailing].some((c) => c.style !== 'block');
    if (!needsLine)
      return [
        withLeading(this.layout, att.leading, 'fixed', doc, space),
        trailing(this.layout, att.trailing),
      ];
    const inside = [
      withLeading(this.layout, att.leading, 'lineStart', doc),
      trailing(this.layout, att.trailing),
    ];
    return group(['(', indent([softline, inside]), softline, ')']);
  }

  field(f: ast.Field): Doc {
    return this.assignment(extent(f), f.name, f.value);
  }

  parameter(p: ast.Parameter): Doc {
    if (!p.default) return p.name.name;
    return this.assignment(extent(p), p.name, p.default);
  }

  private list(e: ast.ListExpr): Doc {
    // Numbers fill their lines; anything else (rows of a matrix, comments) goes one per line.
    const leaves = e.items.length > 1 && e.items.every(isLeaf) && !this.layout.hasComments(e.span);
    return this.delimited(
      '[',
      ']',
      e.span.start,
      e.span.end - 1,
      e.items.map((item) => ({ extent: extent(item), doc: this.expr(item) })),
      {
        style: 'comma',
        fill: leaves,
      },
    );
  }

  /** `{ a = 1, b = 2 }` on one line, or one field per line without commas. */
  fieldsInBraces(open: number, close: number, fields: readonly ast.Field[]): Doc {
    return this.delimited(
      '{',
      '}',
      open,
      close,
      fields.map((f) => ({ extent: extent(f), doc: this.field(f) })),
      {
        style: 'fields',
        spaced: true,
      },
    );
  }

  /**
   * A bracketed list laid out on one line when it fits, else one item per line (with a trailing
   * comma for comma lists) or, for `fill`, as many items per line as fit.
   */
  delimited(
    open: string,
    close: string,
    openAt: number,
    closeAt: number,
    items: readonly { extent: Span; doc: Doc }[],
    options: { style: 'comma' | 'fields'; spaced?: boolean; fill?: boolean },
  ): Doc {
    const dist = this.layout.distribute(
      { start: openAt + 1, end: closeAt },
      items.map((item) => item.extent),
      true,
    );
    const inner = options.spaced ? line : softline;
    if (items.length === 0) {
      if (dist.dangling.length === 0) return open + close;
      return group([
        open,
        indent([inner, danglingInline(this.layout, dist.dangling)]),
        inner,
        close,
      ]);
    }
    const comma = options.style === 'comma';
    const last = items.length - 1;
    if (options.fill) {
      const parts = items.map((item, i) => (i < last ? [item.doc, ','] : item.doc));
      return group([
        open,
        indent([softline, fill(join(line, parts)), ifBreak(',')]),
        softline,
        close,
      ]);
    }
    const parts = items.map((item, i) => {
      const att = dist.attached[i];
      const separator: Doc = comma
        ? i < last
          ? ','
          : ifBreak(',')
        : i < last
          ? ifBreak('', ',')
          : '';
      return [
        withLeading(this.layout, att.leading, 'lineStart', item.doc),
        separator,
        trailing(this.layout, att.trailing),
      ];
    });
    return group([open, afterOpen(dist), indent([inner, join(line, parts)]), inner, close]);
  }
}

/** Binding strengths, as the parser applies them: `^`, then a prefix sign, then `* / %`, then `+ -`. */
const precedence: Record<ast.BinaryExpr['op'], number> = {
  '+': 1,
  '-': 1,
  '*': 2,
  '/': 2,
  '%': 2,
  '^': 4,
};
const signPrecedence = 3;

/** Parentheses that the tree's shape needs (`(a + b) * c`, `a - (b - c)`, `(a ^ b) ^ c`, `(-2) ^ 2`). */
function needsParens(
  child: ast.Expr,
  parent: ast.BinaryExpr['op'],
  side: 'left' | 'right',
): boolean {
  // A sign reaches over everything after it, so only an operator binding tighter than it, on its
  // left, needs the parentheses: `(-2) ^ 2` (while `-2 ^ 2` is −4).
  if (child.kind === 'Unary') return side === 'left' && precedence[parent] > signPrecedence;
  if (child.kind !== 'Binary') return false;
  const inner = precedence[child.op];
  const outer = precedence[parent];
  if (inner !== outer) return inner < outer;
  // Equal levels group to the left, except `^`, which groups to the right.
  return parent === '^' ? side === 'left' : side === 'right';
}

/** `(…)` that breaks inside when a comment needs it. */
function inParens(doc: Doc): Doc {
  return group(['(', indent([softline, doc]), softline, ')']);
}

/** `-(a + b)`, `-(-a)`: a sign before a sign or an operation keeps parentheses. */
function parenthesizedOperand(e: ast.UnaryExpr): boolean {
  return e.operand.kind === 'Binary' || e.operand.kind === 'Unary';
}

function isLeaf(e: ast.Expr): boolean {
  if (e.kind === 'Unary') return isLeaf(e.operand);
  return e.kind === 'Number' || e.kind === 'String' || e.kind === 'Bool' || e.kind === 'Name';
}
