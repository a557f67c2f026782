// Comments as documents: takes the comments a container handed to a child (comments.ts), produces
// the docs printed before and after it. A `// …` comment is always followed by a line break: trailing
// ones are deferred to the end of the line (lineSuffix), leading ones end their own line.

import type { Comment } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import type { Attached, Distribution, SourceLayout } from './comments.js';
import { breakParent, hardline, indent, lineSuffix, type Doc } from './doc.js';

/** A comment as printed: line comments lose trailing blanks, block comments use `\n`. */
export function commentText(c: Comment): string {
  return c.style === 'block' ? c.text.replace(/\r\n?/g, '\n') : c.text.trimEnd();
}

/**
 * Where a child stands, which decides how its leading comments may be laid out:
 * `lineStart` — it begins a line when its list is broken (arguments, list items);
 * `inline` — it follows a token after which a line may break (`=`, `:`, an operator);
 * `fixed` — no line break may come before it (a declaration's name, a repeat count).
 */
export type Place = 'lineStart' | 'inline' | 'fixed';

/**
 * The child's doc with its leading comments in front; `space` puts one space before them (where
 * the child follows a word with no space: `int /* c *\/ [3]`, `dense /* c *\/ (64)`).
 */
export function withLeading(
  layout: SourceLayout,
  comments: readonly Comment[],
  place: Place,
  child: Doc,
  space = false,
): Doc {
  if (comments.length === 0) return child;
  // A `// …` in a fixed place is deferred to the line's end, so only a block comment needs the space.
  const parts: Doc[] =
    space && (place !== 'fixed' || comments.some((c) => c.style === 'block')) ? [' '] : [];
  let atLineStart = place === 'lineStart';
  for (const c of comments) {
    const text = commentText(c);
    if (place === 'fixed') {
      parts.push(c.style === 'block' ? [text, ' '] : [lineSuffix(text), breakParent]);
      continue;
    }
    // A comment alone on its line stays alone on its line.
    if (!atLineStart && layout.isOwnLine(c)) parts.push(hardline);
    atLineStart = c.style !== 'block' || layout.isEndOfLine(c);
    parts.push(text, atLineStart ? hardline : ' ');
  }
  // After a line break the child goes one level in (`x =\n  // why\n  5`); else it stays put.
  const broken = parts.includes(hardline);
  return place === 'inline' && broken ? indent([...parts, child]) : [...parts, child];
}

/** The docs after a child: same-line comments stay on its line, own-line ones go below it. */
export function trailing(layout: SourceLayout, comments: readonly Comment[]): Doc {
  let lineEnded = false;
  return comments.map((c) => {
    const text = commentText(c);
    // Below the child (or after a `// …`, which ends the line): on a line of its own.
    const below = lineEnded || layout.isOwnLine(c);
    if (c.style !== 'block') lineEnded = true;
    if (below) return c.style === 'block' ? [hardline, text] : [hardline, text, breakParent];
    return c.style === 'block' ? [' ', text] : [lineSuffix(text), breakParent];
  });
}

/** True when a `// …` trails the child on its line: the code after it must start a new line. */
export function endsWithLineComment(att: Attached): boolean {
  return att.trailing.some((c) => c.style !== 'block');
}

/** `// …` comments kept on the line of an opening bracket. */
export function afterOpen(dist: Distribution): Doc {
  return dist.afterOpen.map((c) => [lineSuffix(commentText(c)), breakParent]);
}

/** The comments of an empty bracketed container, for an inline layout (`[ /* none *\/ ]`). */
export function danglingInline(layout: SourceLayout, comments: readonly Comment[]): Doc {
  return comments.map((c, i) => {
    const text = commentText(c);
    const before: Doc = i === 0 ? '' : layout.isOwnLine(c) ? hardline : ' ';
    return c.style === 'block' ? [before, text] : [before, text, breakParent];
  });
}

/** One output line of a vertical list (a file, a body, a train run): where it came from, and its docs. */
export interface OutputLine {
  parts: Doc[];
  start: number;
  end: number;
  /** The index of the child it belongs to; -1 for comments of an empty container. */
  owner: number;
}

/**
 * Lays the children of a vertical container out one per line, with their comments: own-line
 * comments get lines of their own, same-line ones stay where they were.
 */
export function verticalLines(
  layout: SourceLayout,
  dist: Distribution,
  children: readonly { span: Span; doc: Doc }[],
): OutputLine[] {
  const lines: OutputLine[] = [];
  let current: OutputLine | undefined;
  const flush = () => {
    if (current) lines.push(current);
    current = undefined;
  };
  const addComment = (c: Comment, owner: number) => {
    if (current && layout.isOwnLine(c)) flush();
    const text = commentText(c);
    if (!current) current = { parts: [text], start: c.span.start, end: c.span.end, owner };
    else if (c.style === 'block') current.parts.push(' ', text);
    else current.parts.push(lineSuffix(text), breakParent);
    current.end = c.span.end;
    if (layout.isEndOfLine(c)) flush();
  };
  for (const c of dist.dangling) addComment(c, -1);
  children.forEach((child, i) => {
    const att = dist.attached[i];
    for (const c of att.leading) addComment(c, i);
    if (current) current.parts.push(' ');
    else current = { parts: [], start: child.span.start, end: child.span.end, owner: i };
    current.parts.push(child.doc);
    current.end = child.span.end;
    for (const c of att.trailing) addComment(c, i);
    flush();
  });
  flush();
  return lines;
}

/** Joins output lines, keeping one empty line where the source had one or more (or `blankBetween` asks). */
export function joinLines(
  layout: SourceLayout,
  lines: readonly OutputLine[],
  blankBetween: (before: OutputLine, after: OutputLine) => boolean = () => false,
): Doc {
  return lines.map((current, i) => {
    if (i === 0) return current.parts;
    const previous = lines[i - 1];
    const blank =
      layout.hasBlankLine(previous.end, current.start) || blankBetween(previous, current);
    return [blank ? [hardline, hardline] : hardline, current.parts];
  });
}
