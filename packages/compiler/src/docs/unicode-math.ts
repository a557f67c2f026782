// LaTeX formulas of the catalogue's docs as Unicode text for places that cannot render TeX (editor
// hovers, completion docs, signature help): `x \cdot W` → `x · W`, `\frac{\partial E}{\partial z}` →
// `∂E/∂z`, `\sum_k` → `Σₖ`. The output never contains a backslash or a TeX brace.

import {
  accents,
  blackboard,
  endsWithFunctionName,
  functionNames,
  ignored,
  operators,
  spaces,
  subscripts,
  superscripts,
  symbols,
} from './unicode-math-tables.js';

/** Commands written against the next symbol: the spaces after them are dropped. */
const gluedToNext = new Set([
  'partial',
  'nabla',
  'sum',
  'prod',
  'lVert',
  'left',
  'right',
  'big',
  'Big',
]);

/** Marks a closing symbol that takes back the spaces before it (`u \rVert` → `u‖`). */
const glueBefore = '\u0002';

type Token =
  | { kind: 'command'; name: string }
  | { kind: 'char'; text: string }
  | { kind: 'open' }
  | { kind: 'close' };

function tokenize(tex: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === '\\') {
      const word = /^[A-Za-z]+/.exec(tex.slice(i + 1));
      if (word) {
        tokens.push({ kind: 'command', name: word[0] });
        i += word[0].length;
        // TeX swallows the spaces after a control word; here only where they would show as a gap
        // (`\partial E` → `∂E`, `\lVert u` → `‖u`), so `\ln p` stays `ln p`.
        if (gluedToNext.has(word[0])) while (tex[i + 1] === ' ') i++;
      } else if (i + 1 < tex.length) {
        tokens.push({ kind: 'command', name: tex[++i] });
      }
    } else if (ch === '{') tokens.push({ kind: 'open' });
    else if (ch === '}') tokens.push({ kind: 'close' });
    else tokens.push({ kind: 'char', text: ch === '\n' ? ' ' : ch });
  }
  return tokens;
}

/** Converts one LaTeX formula (without `$` delimiters) to Unicode text; rows become lines. */
export function latexToUnicode(tex: string): string {
  const parser = new Parser(tokenize(tex));
  return tidy(parser.sequence(new Set())).replace(/^\n+|\n+$/g, '');
}

/** Replaces `$$…$$` (a code block) and `$…$` (inline code) in Markdown with Unicode formulas. */
export function markdownWithUnicodeMath(markdown: string): string {
  return markdown
    .replace(/\$\$([\s\S]+?)\$\$/g, (_, tex: string) => {
      const text = latexToUnicode(tex);
      return text.includes('\n') ? `\n\`\`\`text\n${text}\n\`\`\`\n` : `\`${text}\``;
    })
    .replace(/\$([^$\n]+)\$/g, (_, tex: string) => `\`${latexToUnicode(tex)}\``);
}

/** Marks the gap between two equations on one line of an `aligned` block. */
const gap = '\u0001';

/** Collapses runs of spaces on each line, trims the lines, and widens equation gaps. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/ {2,}/g, ' ')
        .replace(new RegExp(` *${glueBefore}`, 'g'), '')
        .trim()
        .replace(new RegExp(` ?${gap} ?`, 'g'), '    '),
    )
    .join('\n');
}

type Stop = 'close' | '&' | 'row' | 'end';

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  /** Converts tokens until one of `stops` (not consumed) or the end. */
  sequence(stops: ReadonlySet<Stop>): string {
    let out = '';
    for (let token = this.peek(); token; token = this.peek()) {
      if (token.kind === 'close' && stops.has('close')) break;
      if (token.kind === 'char' && token.text === '&' && stops.has('&')) break;
      if (token.kind === 'command' && token.name === '\\' && stops.has('row')) break;
      if (token.kind === 'command' && token.name === 'end' && stops.has('end')) break;
      out = this.append(out, this.atom());
    }
    return out;
  }

  /** Keeps a word apart from the text before it (`\ln\cosh` → `ln cosh`, `\ln\frac` → `ln y`). */
  private append(out: string, next: string): string {
    if (/^\^|^_/.test(next)) return out + next;
    const afterWord = /\p{L}$/u.test(out) && /^[a-z]{2,}/.test(next);
    const afterFunction = endsWithFunctionName.test(out) && /^[\p{L}\p{N}]/u.test(next);
    return afterWord || afterFunction ? `${out} ${next}` : out + next;
  }

  /** One argument of a command: a group, a command, or one character. */
  private argument(): string {
    const token = this.peek();
    if (!token) return '';
    if (token.kind === 'open') return this.group();
    if (token.kind === 'char' && token.text === ' ') {
      this.position++;
      return this.argument();
    }
    return this.atom();
  }

  private group(): string {
    this.position++; // `{`
    const inner = this.sequence(new Set(['close']));
    if (this.peek()?.kind === 'close') this.position++;
    return inner;
  }

  private atom(): string {
    const token = this.tokens[this.position++];
    switch (token.kind) {
      case 'open':
        this.position--;
        return this.group();
      case 'close':
        return '';
      case 'char':
        if (token.text === '^') return script(this.argument(), superscripts, '^');
        if (token.text === '_') return script(this.argument(), subscripts, '_');
        if (token.text === '&') return '';
        return token.text;
      case 'command':
        return this.command(token.name);
    }
  }

  private command(name: string): string {
    if (name in symbols) return symbols[name];
    if (name in operators) return ` ${operators[name]} `;
    if (name in spaces) return spaces[name];
    if (functionNames.has(name)) return name;
    if (ignored.has(name)) return '';
    switch (name) {
      case 'frac':
      case 'tfrac':
      case 'dfrac': {
        const numerator = this.argument();
        const denominator = this.argument();
        return `${wrapped(numerator)}/${wrapped(denominator)}`;
      }
      case 'sqrt': {
        const radicand = this.argument().trim();
        return `√${symbolCount(radicand) > 1 ? wrapped(radicand, true) : radicand}`;
      }
      case 'text':
      case 'texttt':
      case 'textrm':
      case 'mathrm':
      case 'operatorname':
      case 'mathit':
      case 'mathbf':
        return this.argument();
      case 'mathbb': {
        const letter = this.argument();
        return blackboard[letter] ?? letter;
      }
      case 'begin':
        return this.environment(this.argument());
      case 'end':
        this.argument();
        return '';
      case '\\':
        return '\n';
      case '|':
        return '‖';
      case '{':
        return '(';
      case '}':
        return ')';
      case '_':
      case '%':
      case '#':
      case '$':
      case '&':
        return name;
    }
    if (name in accents) {
      const base = this.argument();
      return base.length === 1 ? base + accents[name] : base;
    }
    return name; // an unknown command: its name, never a backslash
  }

  /** `cases` as `(a if c; b if d)`; `aligned` and others as lines (pairs of columns joined). */
  private environment(name: string): string {
    const rows: string[][] = [];
    let row: string[] = [];
    for (;;) {
      row.push(tidy(this.sequence(new Set(['&', 'row', 'end']))));
      const token = this.tokens[this.position++];
      if (!token || (token.kind === 'command' && token.name === 'end')) {
        this.argument();
        break;
      }
      if (token.kind === 'command' && token.name === '\\') {
        rows.push(row);
        row = [];
      }
    }
    rows.push(row);
    const filled = rows.filter((cells) => cells.some((c) => c !== ''));
    if (name === 'cases') {
      const branches = filled.map(([value = '', condition = '']) =>
        condition === ''
          ? value
          : condition.startsWith('otherwise')
            ? `${value} ${condition}`
            : `${value} if ${condition}`,
      );
      return `(${branches.join('; ')})`;
    }
    // aligned: `lhs &= rhs & lhs &= rhs` → `lhs = rhs    lhs = rhs`
    const lines = filled.map((cells) => {
      const equations: string[] = [];
      for (let i = 0; i < cells.length; i += 2)
        equations.push(`${cells[i]} ${cells[i + 1] ?? ''}`.trim());
      return equations.join(gap);
    });
    return `\n${lines.join('\n')}\n`;
  }
}

/** Sub- and superscript characters and combining accents, which belong to the symbol before. */
const attached = /[\u0300-\u036f\u20d7ᵀ′⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ₀-₎ₐ-ₜᵢ-ᵪⱼ]/gu;

/** How many symbols a text shows, not counting scripts and accents (`v̂` and `dₖ` are one). */
function symbolCount(text: string): number {
  return [...text.replace(attached, '')].length;
}

/**
 * Parenthesizes a fraction's part or a root's radicand unless it is one term: a name, a call
 * `max(a, b)`, a root `√(…)` or a bracketed group, possibly with scripts (`(1 + x)²`).
 */
function wrapped(text: string, always = false): string {
  const trimmed = text.trim();
  if (!always && !/[\s+\-−=,/]/.test(trimmed)) return trimmed;
  const bare = trimmed.replace(new RegExp(`(?:${attached.source})+$`, 'u'), '');
  const open = bare.indexOf('(');
  if (
    bare.endsWith(')') &&
    open >= 0 &&
    !/[\s+\-−=,/]/.test(bare.slice(0, open)) &&
    balanced(bare.slice(open + 1, -1)) &&
    (open > 0 || !always)
  )
    return trimmed;
  return `(${trimmed})`;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Unicode super- or subscript when every character has one; else `^x` or `^(…)`. */
function script(text: string, table: Record<string, string>, mark: '^' | '_'): string {
  const trimmed = text.trim();
  const chars = [...trimmed.replace(/ /g, '')];
  // Short scripts in Unicode (`Σₖ`, `hₜ₋₁`, `x²`); a word (`axis`) stays readable as `_axis`.
  const word = /^\p{L}{3,}$/u.test(trimmed);
  if (!word && chars.length > 0 && chars.every((c) => c in table))
    return chars.map((c) => table[c]).join('');
  if (word) return `${mark}${trimmed}`;
  if (mark === '^' && trimmed === '′') return '′';
  return chars.length <= 1 ? `${mark}${trimmed}` : `${mark}(${trimmed})`;
}
