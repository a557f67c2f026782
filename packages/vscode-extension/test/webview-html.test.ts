// The webview pages around the compiler's diagram (sent by the language server) and the summary:
// only their own nonce'd script runs, the Fit button scales by the larger side, names are escaped.

import { describe, expect, it } from 'vitest';
import { diagramPage, escapeXml, fitScale, summaryPage } from '../src/webview-html.js';

const svg = '<svg xmlns="http://www.w3.org/2000/svg"><g data-node="0"><rect/></g></svg>';

describe('webview pages', () => {
  it('allow only the nonce’d style and script, and carry the SVG as sent', () => {
    const html = diagramPage('Deep', svg, 'NONCE123', true);
    expect(html).toContain(`script-src 'nonce-NONCE123'`);
    expect(html).toContain('<script nonce="NONCE123">');
    expect(html).not.toMatch(/<script(?! nonce="NONCE123")/);
    expect(html).toContain("postMessage({ type: 'reveal'");
    expect(html).toContain(svg);
  });

  it('fits a tall diagram by its height and a wide one by its width, never enlarging', () => {
    expect(fitScale(200, 3000, 800, 600)).toBeCloseTo(0.2);
    expect(fitScale(3000, 200, 800, 600)).toBeCloseTo(800 / 3000);
    expect(fitScale(100, 100, 800, 600)).toBe(1);
    expect(fitScale(0, 0, 800, 600)).toBe(1);
    // The page's Fit button uses this very function.
    const html = diagramPage('Deep', svg, 'n', true);
    expect(html).toContain('const fitScale = function fitScale(');
    expect(html).toContain('window.innerHeight');
  });

  it('warns on an incomplete model, escapes its name, and a summary page has no script', () => {
    expect(diagramPage('M', svg, 'n', false)).toContain('The model has errors');
    expect(diagramPage('A<b>&"c"', svg, 'n', true)).toContain(
      '<h2>A&lt;b&gt;&amp;&quot;c&quot;</h2>',
    );
    expect(escapeXml(`<'&">`)).toBe('&lt;&#39;&amp;&quot;&gt;');
    const summary = summaryPage('Exercise', '<table></table>', 'n', 'A note.');
    expect(summary).not.toContain('<script');
    expect(summary).toContain('A note.');
  });
});
