// The Unicode rendering of the catalogue's LaTeX formulas (what hovers and completion docs show):
// known formulas read as a person writes them, and no formula of the catalogue leaves TeX behind.

import { describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/catalogue/index.js';
import { latexToUnicode, markdownWithUnicodeMath } from '../../src/docs/unicode-math.js';

const catalogue = createCatalogue();

/** Every `$$…$$` and `$…$` formula in every doc of the catalogue, with where it comes from. */
function catalogueFormulas(): [string, string][] {
  const out: [string, string][] = [];
  for (const [table, entries] of Object.entries(catalogue)) {
    if (table === 'synonyms') continue;
    for (const spec of (entries as ReadonlyMap<string, { name: string; doc?: string }>).values()) {
      for (const match of (spec.doc ?? '').matchAll(/\$\$([\s\S]+?)\$\$|\$([^$\n]+)\$/g))
        out.push([`${table} ${spec.name}`, match[1] ?? match[2]]);
    }
  }
  return out;
}

describe('latexToUnicode', () => {
  it.each([
    ['y = \\sigma(x \\cdot W + b)', 'y = σ(x · W + b)'],
    ['\\frac{\\partial E}{\\partial z}', '∂E/∂z'],
    ['\\sum_k (u_k - y_k)^2', 'Σₖ (uₖ - yₖ)²'],
    ['f(x) = \\frac{1}{1 + e^{-x}}', 'f(x) = 1/(1 + e⁻ˣ)'],
    ['h_{t-1}', 'hₜ₋₁'],
    ['\\sqrt{2\\pi}', '√(2π)'],
    ['\\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}', '(x - μ)/√(σ² + ε)'],
    [
      'f(x) = \\begin{cases}1 & x > 0\\\\0 & x \\le 0\\end{cases}',
      'f(x) = (1 if x > 0; 0 if x ≤ 0)',
    ],
    [
      '\\begin{aligned}\na &\\leftarrow a + g^2\\\\\nw &\\leftarrow w - \\eta\\, g\n\\end{aligned}',
      'a ← a + g²\nw ← w - η g',
    ],
    ['E \\in \\mathbb{R}^{\\text{vocab} \\times \\text{dim}}', 'E ∈ ℝ^(vocab × dim)'],
    ['\\hat m = m', 'm̂ = m'],
    ['-\\sum_k y_k \\ln p_k', '-Σₖ yₖ ln pₖ'],
    ['[a \\,\\|\\, b]_{\\text{axis}}', '[a ‖ b]_axis'],
  ])('%s → %s', (tex, expected) => {
    expect(latexToUnicode(tex)).toBe(expected);
  });

  it('leaves no backslash or brace in any catalogue formula', () => {
    const formulas = catalogueFormulas();
    expect(formulas.length).toBeGreaterThan(50);
    for (const [where, tex] of formulas) {
      const text = latexToUnicode(tex);
      expect(text, `${where}: ${tex}`).not.toMatch(/[\\{}]/);
      expect(text.trim(), `${where}: ${tex}`).not.toBe('');
    }
  });
});

describe('markdownWithUnicodeMath', () => {
  it('turns display math into code and multi-line math into a text block, inline math into code', () => {
    expect(markdownWithUnicodeMath('A $x^2$ b.\n\n$$y = \\sigma(z)$$\n')).toBe(
      'A `x²` b.\n\n`y = σ(z)`\n',
    );
    expect(markdownWithUnicodeMath('$$\\begin{aligned}a &= 1\\\\b &= 2\\end{aligned}$$')).toBe(
      '\n```text\na = 1\nb = 2\n```\n',
    );
  });

  it('leaves no `$` or backslash in any catalogue doc', () => {
    for (const [table, entries] of Object.entries(catalogue)) {
      if (table === 'synonyms') continue;
      for (const spec of (
        entries as ReadonlyMap<string, { name: string; doc?: string }>
      ).values()) {
        const text = markdownWithUnicodeMath(spec.doc ?? '');
        expect(text, `${table} ${spec.name}`).not.toMatch(/\$|\\[A-Za-z]/);
      }
    }
  });
});
