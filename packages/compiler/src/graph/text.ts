// Text for the network diagram: XML escaping, number and shape formatting, and an estimate of how
// wide a string renders in a sans-serif font, so boxes fit their text without a browser to measure.
// The estimate errs wide (DejaVu Sans, the widest common sans, is the reference): a box may have
// a little slack, but its text never spills out.

/** Escapes the five XML-special characters, for element text and attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => xmlEntities[c]);
}

const xmlEntities: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
};

/** `12544` → `12,544`; the same on every machine (no locale). */
export function formatCount(n: number): string {
  const digits = String(Math.round(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** `[28, 28, 1]`; `?` when an error upstream left the shape unknown. */
export function formatShape(shape: readonly number[] | undefined): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}

// Advance widths in em of DejaVu Sans (regular), rounded up; characters not listed use `other`.
const narrow = new Set(" !'(),-./:;I[]`fijlrt|{}");
const wide = new Set('mwMW@%');
const digitWidth = 0.64;
const upperWidth = 0.72;
const lowerWidth = 0.62;
const narrowWidth = 0.36;
const wideWidth = 0.98;
const other = 0.7;

function charWidth(c: string): number {
  if (narrow.has(c)) return narrowWidth;
  if (wide.has(c)) return wideWidth;
  if (c >= '0' && c <= '9') return digitWidth;
  if (c >= 'a' && c <= 'z') return lowerWidth;
  if (c >= 'A' && c <= 'Z') return upperWidth;
  return other;
}

/** An upper estimate of the rendered width in pixels. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charWidth(c);
  return em * fontSize * (bold ? 1.1 : 1);
}

/** Cuts `text` to at most `max` characters, ending in an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
