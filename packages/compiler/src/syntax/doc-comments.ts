// Doc comments: takes the file's comments and text, answers "which `///` lines sit directly above
// this offset?". A doc comment attaches only when its lines are consecutive, each alone on its
// line, and the last one is on the line right above the declaration (no blank line between).

import type { Comment } from './ast.js';

export class DocComments {
  /** Doc comments by the offset just past their last character. */
  private readonly byEnd = new Map<number, Comment>();

  constructor(
    private readonly text: string,
    comments: readonly Comment[],
  ) {
    for (const comment of comments)
      if (comment.style === 'doc') this.byEnd.set(comment.span.end, comment);
  }

  /** The doc text above the token starting at `offset`: `///` and one space removed, lines joined with \n. */
  before(offset: number): string | undefined {
    if (this.byEnd.size === 0) return undefined;
    const lines: string[] = [];
    let position = offset;
    for (;;) {
      const comment = this.commentOnLineAbove(position);
      if (!comment) break;
      lines.unshift(comment.text.slice(3).replace(/^ /, '').trimEnd());
      position = comment.span.start;
    }
    return lines.length > 0 ? lines.join('\n') : undefined;
  }

  /** The doc comment ending the line above `position`, when only blanks sit before `position` on its line. */
  private commentOnLineAbove(position: number): Comment | undefined {
    let p = position;
    while (p > 0 && isBlank(this.text.charCodeAt(p - 1))) p--;
    if (p === 0) return undefined;
    if (this.text[p - 1] === '\n') p--;
    if (this.text[p - 1] === '\r') p--;
    if (p === position || (this.text[p] !== '\n' && this.text[p] !== '\r')) return undefined;
    const comment = this.byEnd.get(p);
    if (!comment) return undefined;
    let q = comment.span.start;
    while (q > 0 && isBlank(this.text.charCodeAt(q - 1))) q--;
    const alone = q === 0 || this.text[q - 1] === '\n' || this.text[q - 1] === '\r';
    return alone ? comment : undefined;
  }
}

function isBlank(code: number): boolean {
  return code === 32 /* space */ || code === 9; /* tab */
}
