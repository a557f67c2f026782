// Where each comment goes: takes the source text and its comments, answers for any node "which
// comments sit between your children, and do they lead the next child or trail the previous one?".
// Every comment is handed out exactly once (the printer checks that none is left over).

import type { Comment } from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';

/** The comments a container hands to one child: printed before it, and after it. */
export interface Attached {
  leading: Comment[];
  trailing: Comment[];
}

export interface Distribution {
  /** `// …` right after an opening bracket, before the first child: kept on the bracket's line. */
  afterOpen: Comment[];
  attached: Attached[];
  /** Comments of a container with no children (`{ /* nothing yet *\/ }`). */
  dangling: Comment[];
}

const blank = /[ \t\f\v\u00a0\ufeff]/;

/** The source seen by the printer: the text, its comments, and where its brackets match. */
export class SourceLayout {
  private readonly claimed: boolean[];
  /** For each bracket offset, the offset of its partner (-1 elsewhere). */
  private readonly partner: Int32Array;
  /** The text with every comment replaced by spaces (so gaps can be read without them). */
  private readonly code: string;

  constructor(
    readonly text: string,
    readonly comments: readonly Comment[],
  ) {
    this.claimed = comments.map(() => false);
    const parts: string[] = [];
    let at = 0;
    for (const c of comments) {
      parts.push(text.slice(at, c.span.start), ' '.repeat(c.span.end - c.span.start));
      at = c.span.end;
    }
    parts.push(text.slice(at));
    this.code = parts.join('');
    this.partner = matchBrackets(this.code);
  }

  /** The offset of the bracket matching the one at `offset`. */
  match(offset: number): number {
    const partner = this.partner[offset];
    if (partner === undefined || partner < 0)
      throw new Error(`no bracket pair at offset ${offset} (${JSON.stringify(this.text[offset])})`);
    return partner;
  }

  /** The offset of the bracket matching the one at `offset`, if there is one. */
  partnerOf(offset: number): number | undefined {
    const partner = this.partner[offset];
    return partner === undefined || partner < 0 ? undefined : partner;
  }

  /** The first offset at or after `offset` that is neither blank nor inside a comment. */
  nextCode(offset: number): number {
    let i = offset;
    while (i < this.code.length && /\s/.test(this.code[i])) i++;
    return i;
  }

  /** The last offset before `offset` that is neither blank nor inside a comment. */
  previousCode(offset: number): number {
    let i = offset - 1;
    while (i >= 0 && /\s/.test(this.code[i])) i--;
    return i;
  }

  charAt(offset: number): string {
    return this.code[offset] ?? '';
  }

  /** The code at `offset` (comments blanked), `length` characters long. */
  textAt(offset: number, length: number): string {
    return this.code.slice(offset, offset + length);
  }

  /** Nothing but blanks before the comment on its line. */
  isOwnLine(c: Comment): boolean {
    let i = c.span.start - 1;
    while (i >= 0 && blank.test(this.text[i])) i--;
    return i < 0 || this.text[i] === '\n' || this.text[i] === '\r';
  }

  /** Nothing but blanks after the comment on its line. */
  isEndOfLine(c: Comment): boolean {
    if (c.style !== 'block') return true;
    let i = c.span.end;
    while (i < this.text.length && blank.test(this.text[i])) i++;
    return i >= this.text.length || this.text[i] === '\n' || this.text[i] === '\r';
  }

  /** Only blanks (comments aside) and no line break in [start, end). */
  private sameLineBlank(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (!blank.test(this.code[i])) return false;
    return true;
  }

  /** Whether [start, end) holds a line break outside comments. */
  private hasLineBreak(start: number, end: number): boolean {
    for (let i = start; i < end; i++)
      if (this.code[i] === '\n' || this.code[i] === '\r') return true;
    return false;
  }

  /** Whether [start, end) holds an empty line (two line breaks or more). */
  hasBlankLine(start: number, end: number): boolean {
    const gap = this.text.slice(Math.max(0, start), Math.max(start, end));
    return (gap.match(/\r\n|\r|\n/g)?.length ?? 0) >= 2;
  }

  /** Whether any comment starts inside `span`. */
  hasComments(span: Span): boolean {
    const i = this.firstFrom(span.start);
    return i < this.comments.length && this.comments[i].span.start < span.end;
  }

  /** The index of the first comment starting at or after `offset`. */
  private firstFrom(offset: number): number {
    let lo = 0;
    let hi = this.comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.comments[mid].span.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The comments lying wholly inside [start, end), each handed out once. */
  private take(start: number, end: number): Comment[] {
    const taken: Comment[] = [];
    for (
      let i = this.firstFrom(start);
      i < this.comments.length && this.comments[i].span.end <= end;
      i++
    ) {
      if (this.claimed[i]) continue;
      this.claimed[i] = true;
      taken.push(this.comments[i]);
    }
    return taken;
  }

  /**
   * Hands the comments of a container's own gaps (between `region`'s edges and its children) to
   * the children. A comment on a line below the previous child leads the next child; one ending
   * the previous child's line trails it; one between code on both sides leads the next child when
   * only blanks separate them, else trails the previous one. Order is kept: once a comment of a
   * gap leads the next child, so do the ones after it. `opener`: the region starts just after an
   * opening bracket (a `// …` right after it stays on the bracket's line).
   */
  distribute(region: Span, children: readonly Span[], opener = false): Distribution {
    const result: Distribution = {
      afterOpen: [],
      attached: children.map(() => ({ leading: [], trailing: [] })),
      dangling: [],
    };
    for (let k = 0; k <= children.length; k++) {
      const start = k === 0 ? region.start : children[k - 1].end;
      const end = k === children.length ? region.end : children[k].start;
      const previous = k > 0 ? result.attached[k - 1] : undefined;
      const following = k < children.length ? result.attached[k] : undefined;
      let leadingStarted = false;
      for (const c of this.take(start, end)) {
        if (!previous && !following) {
          result.dangling.push(c);
          continue;
        }
        let leads: boolean;
        const belowPrevious =
          previous !== undefined && this.hasLineBreak(children[k - 1].end, c.span.start);
        if (leadingStarted || belowPrevious || this.isOwnLine(c)) leads = following !== undefined;
        else if (this.isEndOfLine(c)) {
          const onOpenerLine = opener && !this.hasLineBreak(region.start, c.span.start);
          if (
            !previous &&
            onOpenerLine &&
            c.style !== 'block' &&
            result.attached[0].leading.length === 0
          ) {
            result.afterOpen.push(c);
            continue;
          }
          leads = !previous;
        } else {
          const toNext = following && this.sameLineBlank(c.span.end, children[k].start);
          leads = !previous || !!toNext;
        }
        if (leads && following) {
          leadingStarted = true;
          following.leading.push(c);
        } else (previous as Attached).trailing.push(c);
      }
    }
    return result;
  }

  /** Comments no container claimed (a printer bug if any). */
  unclaimed(): Comment[] {
    return this.comments.filter((_, i) => !this.claimed[i]);
  }
}

/** Pairs up brackets outside strings (comments are already blanked out). */
function matchBrackets(code: string): Int32Array {
  const partner = new Int32Array(code.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '"') {
      // Skip the string: to its closing quote or the end of the line.
      i++;
      while (i < code.length && code[i] !== '"' && code[i] !== '\n' && code[i] !== '\r') {
        if (code[i] === '\\' && code[i + 1] !== '\n' && code[i + 1] !== '\r') i++;
        i++;
      }
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') open.push(i);
    else if (ch === ')' || ch === ']' || ch === '}') {
      const start = open.pop();
      if (start !== undefined) {
        partner[start] = i;
        partner[i] = start;
      }
    }
  }
  return partner;
}
