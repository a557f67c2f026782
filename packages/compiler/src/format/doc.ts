// A small pretty-printing document language (Wadler/Prettier style): takes a tree of text, groups,
// indents and line breaks, produces the text that fits a width. A group is printed on one line when
// it fits and contains no forced break; otherwise each of its `line`s becomes a newline.

export type Doc =
  string | Doc[] | Group | Indent | Line | IfBreak | LineSuffix | BreakParent | Fill;

interface Group {
  type: 'group';
  contents: Doc;
  /** Set when the group must break (it holds a hard line or a line comment). */
  break: boolean;
}
interface Indent {
  type: 'indent';
  contents: Doc;
}
interface Line {
  type: 'line';
  /** Always a newline. */
  hard: boolean;
  /** Nothing (not a space) when its group is flat. */
  soft: boolean;
}
interface IfBreak {
  type: 'ifBreak';
  breakContents: Doc;
  flatContents: Doc;
}
/** Deferred to the end of the current line: how a `// comment` stays trailing. */
interface LineSuffix {
  type: 'lineSuffix';
  contents: Doc;
}
/** Forces every enclosing group to break. */
interface BreakParent {
  type: 'breakParent';
}
/** Alternating contents and separators; a separator breaks only when the next item does not fit. */
interface Fill {
  type: 'fill';
  parts: Doc[];
  /** Where the unprinted parts begin: the printer walks a fill without copying it (O(n), not O(n²)). */
  start?: number;
}

export const line: Doc = { type: 'line', hard: false, soft: false };
export const softline: Doc = { type: 'line', hard: false, soft: true };
export const breakParent: Doc = { type: 'breakParent' };
export const hardline: Doc = [{ type: 'line', hard: true, soft: false }, breakParent];

export function group(contents: Doc): Doc {
  return { type: 'group', contents, break: false };
}
export function indent(contents: Doc): Doc {
  return { type: 'indent', contents };
}
export function ifBreak(breakContents: Doc, flatContents: Doc = ''): Doc {
  return { type: 'ifBreak', breakContents, flatContents };
}
export function lineSuffix(contents: Doc): Doc {
  return { type: 'lineSuffix', contents };
}
export function fill(parts: Doc[]): Doc {
  return { type: 'fill', parts };
}
export function join(separator: Doc, docs: Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((doc, i) => {
    if (i > 0) out.push(separator);
    out.push(doc);
  });
  return out;
}

/** Marks every group that holds a forced break (and all groups around it) as broken. */
function propagateBreaks(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) {
    let found = false;
    for (const child of doc) if (propagateBreaks(child)) found = true;
    return found;
  }
  switch (doc.type) {
    case 'group': {
      const inner = propagateBreaks(doc.contents);
      doc.break = doc.break || inner;
      return doc.break;
    }
    case 'indent':
      return propagateBreaks(doc.contents);
    case 'fill':
      return doc.parts.map(propagateBreaks).some(Boolean);
    case 'ifBreak':
      return [propagateBreaks(doc.breakContents), propagateBreaks(doc.flatContents)].some(Boolean);
    case 'line':
      return doc.hard;
    case 'breakParent':
      return true;
    case 'lineSuffix':
      // A suffix's own breaks are its business; the comment that needs one adds a breakParent beside it.
      propagateBreaks(doc.contents);
      return false;
  }
}

type Mode = 'flat' | 'break';
interface Command {
  indent: number;
  mode: Mode;
  doc: Doc;
}

/** Whether `next` fits in `width` columns, reading on into `rest` until the first line break. */
function fits(next: Command, rest: Command[], width: number, mustBeFlat: boolean): boolean {
  const stack: Command[] = [next];
  let restIndex = rest.length;
  while (width >= 0) {
    if (stack.length === 0) {
      if (restIndex === 0) return true;
      stack.push(rest[--restIndex]);
      continue;
    }
    const { mode, doc, indent: ind } = stack.pop() as Command;
    if (typeof doc === 'string') {
      width -= doc.length;
    } else if (Array.isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) stack.push({ indent: ind, mode, doc: doc[i] });
    } else {
      switch (doc.type) {
        case 'group': {
          if (mustBeFlat && doc.break) return false;
          stack.push({ indent: ind, mode: doc.break ? 'break' : mode, doc: doc.contents });
          break;
        }
        case 'indent':
          stack.push({ indent: ind, mode, doc: doc.contents });
          break;
        case 'fill':
          for (let i = doc.parts.length - 1; i >= (doc.start ?? 0); i--)
            stack.push({ indent: ind, mode, doc: doc.parts[i] });
          break;
        case 'ifBreak':
          stack.push({
            indent: ind,
            mode,
            doc: mode === 'break' ? doc.breakContents : doc.flatContents,
          });
          break;
        case 'line':
          if (mode === 'break' || doc.hard) return true;
          if (!doc.soft) width -= 1;
          break;
        case 'lineSuffix':
        case 'breakParent':
          break;
      }
    }
  }
  return false;
}

/** Lays `doc` out in `width` columns with `indentWidth` spaces per level. */
export function printDoc(doc: Doc, width: number, indentWidth = 2): string {
  propagateBreaks(doc);
  const out: string[] = [];
  let column = 0;
  let suffixes: Command[] = [];
  const stack: Command[] = [{ indent: 0, mode: 'break', doc }];

  const newline = (ind: number) => {
    // No trailing blanks: trim what the line ended with.
    let last = out.length - 1;
    while (last >= 0) {
      const trimmed = out[last].replace(/[ \t]+$/, '');
      out[last] = trimmed;
      if (trimmed.length > 0) break;
      last--;
    }
    out.push('\n' + ' '.repeat(ind * indentWidth));
    column = ind * indentWidth;
  };

  while (stack.length > 0 || suffixes.length > 0) {
    if (stack.length === 0) {
      // Deferred comments at the very end of the document.
      stack.push(flushSuffixes(suffixes));
      suffixes = [];
      continue;
    }
    const command = stack.pop() as Command;
    const { indent: ind, mode, doc: current } = command;
    if (typeof current === 'string') {
      out.push(current);
      column += current.length;
      continue;
    }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ indent: ind, mode, doc: current[i] });
      continue;
    }
    switch (current.type) {
      case 'group': {
        if (mode === 'flat' && !current.break) {
          stack.push({ indent: ind, mode: 'flat', doc: current.contents });
          break;
        }
        const flat: Command = { indent: ind, mode: 'flat', doc: current.contents };
        const fitsFlat = !current.break && fits(flat, stack, width - column, false);
        stack.push(fitsFlat ? flat : { indent: ind, mode: 'break', doc: current.contents });
        break;
      }
      case 'indent':
        stack.push({ indent: ind + 1, mode, doc: current.contents });
        break;
      case 'ifBreak':
        stack.push({
          indent: ind,
          mode,
          doc: mode === 'break' ? current.breakContents : current.flatContents,
        });
        break;
      case 'lineSuffix':
        suffixes.push({ indent: ind, mode, doc: current.contents });
        break;
      case 'breakParent':
        break;
      case 'fill':
        printFill(current.parts, current.start ?? 0, command, stack, width - column);
        break;
      case 'line': {
        if (mode === 'flat' && !current.hard) {
          if (!current.soft) {
            out.push(' ');
            column += 1;
          }
          break;
        }
        if (suffixes.length > 0) {
          // Print the deferred comments first, then come back to this line break.
          stack.push(command);
          stack.push(flushSuffixes(suffixes));
          suffixes = [];
          break;
        }
        newline(ind);
        break;
      }
    }
  }
  return out.join('').replace(/[ \t]+$/, '');
}

/**
 * The deferred `// …` comments of a line: the first after one space, each further one on a line of
 * its own (two line comments on one line would become one comment).
 */
function flushSuffixes(suffixes: Command[]): Command {
  const docs: Doc[] = [];
  suffixes.forEach((suffix, i) => {
    docs.push(i === 0 ? ' ' : { type: 'line', hard: true, soft: false });
    docs.push(suffix.doc);
  });
  return { indent: suffixes[0].indent, mode: 'break', doc: docs };
}

/**
 * Expands a fill one item at a time (Prettier's algorithm): an item is printed flat when it fits,
 * and the separator before the next item breaks when that item would not fit on the line.
 */
function printFill(
  parts: Doc[],
  start: number,
  command: Command,
  stack: Command[],
  remaining: number,
): void {
  const left = parts.length - start;
  if (left <= 0) return;
  const { indent: ind } = command;
  const [content, separator, next] = [parts[start], parts[start + 1], parts[start + 2]];
  const contentFlat: Command = { indent: ind, mode: 'flat', doc: content };
  const contentBreak: Command = { indent: ind, mode: 'break', doc: content };
  const contentFits = fits(contentFlat, [], remaining, true);
  if (left === 1) {
    stack.push(contentFits ? contentFlat : contentBreak);
    return;
  }
  const separatorFlat: Command = { indent: ind, mode: 'flat', doc: separator };
  const separatorBreak: Command = { indent: ind, mode: 'break', doc: separator };
  if (left === 2) {
    stack.push(contentFits ? separatorFlat : separatorBreak);
    stack.push(contentFits ? contentFlat : contentBreak);
    return;
  }
  const rest: Command = {
    indent: ind,
    mode: command.mode,
    doc: { type: 'fill', parts, start: start + 2 },
  };
  const pairFits = fits(
    { indent: ind, mode: 'flat', doc: [content, separator, next] },
    [],
    remaining,
    true,
  );
  stack.push(rest);
  stack.push(pairFits ? separatorFlat : separatorBreak);
  stack.push(contentFits ? contentFlat : contentBreak);
}
