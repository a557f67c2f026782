// Takes rendered content (summary HTML, the compiler's diagram SVG from the language server);
// produces the full HTML of a webview page, with a Content-Security-Policy that allows only our
// inline style and one nonce'd script, and theme colours. No `vscode` import, so vitest can run it.

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 32 }, () => chars[Math.floor(random() * chars.length)]).join('');
}

function page(title: string, nonce: string, style: string, body: string, script = ''): string {
  const csp = `default-src 'none'; img-src data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeXml(title)}</title>
<style nonce="${nonce}">
body { color: var(--vscode-editor-foreground, #222); background: var(--vscode-editor-background, #fff); font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); padding: 0 16px 16px; }
.note { color: var(--vscode-descriptionForeground, #666); }
.warning { color: var(--vscode-editorWarning-foreground, #b58900); }
${style}
</style>
</head>
<body>
${body}
${script ? `<script nonce="${nonce}">\n${script}\n</script>` : ''}
</body>
</html>`;
}

const summaryStyle = `
table { border-collapse: collapse; margin: 8px 0 12px; }
th, td { border: 1px solid var(--vscode-editorWidget-border, #ccc); padding: 3px 10px; text-align: left; }
th { background: var(--vscode-editorWidget-background, #f3f3f3); }
td:nth-child(4) { text-align: right; font-variant-numeric: tabular-nums; }
pre { font-family: var(--vscode-editor-font-family, monospace); }
code { font-family: var(--vscode-editor-font-family, monospace); }`;

/** A summary page: `html` is the compiler's Markdown summary rendered by the editor's Markdown engine. */
export function summaryPage(model: string, html: string, nonce: string, note = ''): string {
  const header = note ? `<p class="note">${escapeXml(note)}</p>` : '';
  return page(`Summary: ${model}`, nonce, summaryStyle, `${header}\n${html}`);
}

/** When no Markdown engine is available: the text summary (`nnc summary`'s table) as preformatted text. */
export function textAsHtml(text: string): string {
  return `<pre>${escapeXml(text)}</pre>`;
}

/**
 * The scale that shows a whole diagram in the panel: bounded by the width and the height (a tall
 * model is limited by the height), never enlarged. Runs in the webview too (see the script).
 */
export function fitScale(
  width: number,
  height: number,
  availableWidth: number,
  availableHeight: number,
): number {
  if (!(width > 0 && height > 0 && availableWidth > 0 && availableHeight > 0)) return 1;
  return Math.min(1, availableWidth / width, availableHeight / height);
}

const diagramStyle = `
.toolbar { position: sticky; top: 0; padding: 8px 0; background: var(--vscode-editor-background, #fff); display: flex; gap: 12px; align-items: center; }
.toolbar h2 { font-size: 1.1em; margin: 0; }
button { color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #007acc); border: none; padding: 3px 10px; cursor: pointer; }
.canvas { overflow: auto; }
.nnet-diagram .node rect { stroke: var(--vscode-editorWidget-border, #999); stroke-width: 1; }
.nnet-diagram .node:not(.in-block) rect { fill: var(--vscode-editorWidget-background, #f3f3f3); }
.nnet-diagram .node.input rect { stroke: var(--vscode-charts-blue, #1a85ff); stroke-width: 1.5; }
.nnet-diagram .node.output rect { stroke: var(--vscode-charts-green, #388a34); stroke-width: 2.5; }
.nnet-diagram .node.layer { cursor: pointer; }
.nnet-diagram .node.layer:hover rect { stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 2; }
.nnet-diagram text { text-anchor: middle; fill: var(--vscode-editor-foreground, #222); font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; }
.nnet-diagram text.detail { fill: var(--vscode-descriptionForeground, #666); font-size: 11px; }
.nnet-diagram .edge { fill: none; stroke: var(--vscode-editorLineNumber-foreground, #888); stroke-width: 1.3; }
.nnet-diagram .edge.skip { stroke-dasharray: 5 3; }
.nnet-diagram .arrowhead { fill: var(--vscode-editorLineNumber-foreground, #888); }`;

const diagramScript = `
const vscode = acquireVsCodeApi();
document.querySelectorAll('[data-node]').forEach((el) => {
  el.addEventListener('click', () => vscode.postMessage({ type: 'reveal', node: Number(el.getAttribute('data-node')) }));
});
const canvas = document.querySelector('.canvas');
const fitScale = ${fitScale.toString()};
document.getElementById('fit').addEventListener('click', () => {
  const svg = canvas.querySelector('svg');
  if (!svg) return;
  if (canvas.classList.toggle('fit')) {
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    const toolbar = document.querySelector('.toolbar').getBoundingClientRect().height;
    const scale = fitScale(width, height, canvas.clientWidth, window.innerHeight - toolbar - 16);
    svg.style.width = width * scale + 'px';
    svg.style.height = height * scale + 'px';
  } else {
    svg.style.width = '';
    svg.style.height = '';
  }
});`;

/**
 * A diagram page: the compiler's SVG (what `nnc graph` draws, sent by the server), a "Fit" toggle;
 * clicking a layer asks the extension to reveal its statement.
 */
export function diagramPage(
  model: string,
  svg: string,
  nonce: string,
  complete: boolean,
  note = '',
): string {
  const warning = complete
    ? ''
    : '<span class="warning">The model has errors: the diagram shows the layers checked so far.</span>';
  const source = note ? `<span class="note">${escapeXml(note)}</span>` : '';
  const body = [
    `<div class="toolbar"><h2>${escapeXml(model)}</h2><button id="fit">Fit</button>${warning}${source}</div>`,
    `<div class="canvas">${svg}</div>`,
  ].join('\n');
  return page(`Diagram: ${model}`, nonce, diagramStyle, body, diagramScript);
}

/** A page with one message, for a model that cannot be shown. */
export function messagePage(title: string, message: string, nonce: string): string {
  return page(title, nonce, '', `<p>${escapeXml(message)}</p>`);
}
