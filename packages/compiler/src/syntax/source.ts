// Source text and spans: AST nodes and diagnostics carry [start, end) character offsets; this file
// turns offsets into 1-based line/column only when something is shown to a person or an editor.

/** A half-open range of character offsets [start, end) in one source file. */
export interface Span {
  start: number;
  end: number;
}

export interface LineColumn {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units (what editors use). */
  column: number;
}

/** A source file's text with a lazily built table of line starts. */
export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) {
        const ch = this.text.charCodeAt(i);
        if (ch === 10 /* \n */) starts.push(i + 1);
        else if (ch === 13 /* \r */ && this.text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  /** Line and column of an offset; offsets past the end clamp to the end. */
  position(offset: number): LineColumn {
    const starts = this.starts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - starts[lo] + 1 };
  }

  /** Offset of a 1-based line and column; positions past a line's end clamp to it. */
  offset(position: LineColumn): number {
    const starts = this.starts();
    const lineIndex = Math.max(0, Math.min(position.line - 1, starts.length - 1));
    const lineEnd = this.lineEnd(lineIndex + 1);
    return Math.min(starts[lineIndex] + Math.max(0, position.column - 1), lineEnd);
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.starts();
    if (line < 1 || line > starts.length) return '';
    return this.text.slice(starts[line - 1], this.lineEnd(line));
  }

  private lineEnd(line: number): number {
    const starts = this.starts();
    let end = line < starts.length ? starts[line] : this.text.length;
    while (end > starts[line - 1] && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r'))
      end--;
    return end;
  }
}
