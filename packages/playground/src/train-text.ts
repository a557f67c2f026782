// Edits of the `train` block's text for the page's controls (learning rate, batch, data set, noise,
// train/test ratio): each control writes the text, so what the page trains is always what is
// written, and a shared link carries it. Pure functions: text in, a change (from, to, insert) out.

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** The first `keyword … { … }` block whose header matches: where its body starts, its closing brace. */
function findBlock(text: string, header: RegExp): { open: number; close: number } | undefined {
  const match = header.exec(text);
  if (!match) return undefined;
  const open = match.index + match[0].length;
  let depth = 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { open, close: i };
  }
  return undefined;
}

/** The first `train … { … }` block: where its body starts and its closing brace is. */
export function findTrainBlock(text: string): { open: number; close: number } | undefined {
  return findBlock(text, /(^|\n)\s*train\b[^{\n]*\{/);
}

/** The value text of `name = …` in the train block (its line, up to a comment), with its place. */
export function findSetting(
  text: string,
  name: string,
): { from: number; to: number; value: string } | undefined {
  const block = findTrainBlock(text);
  if (!block) return undefined;
  const body = text.slice(block.open, block.close);
  const pattern = new RegExp(
    `(^|\\n)([ \\t]*${name}[ \\t]*=[ \\t]*)([^\\n]*?)[ \\t]*(//[^\\n]*)?(?=\\n|$)`,
  );
  const match = pattern.exec(body);
  if (!match) return undefined;
  const from = block.open + match.index + match[1].length + match[2].length;
  return { from, to: from + match[3].length, value: match[3] };
}

/** Sets `name = value` in the train block: replaces the value, or adds the line at the end. */
export function setSetting(text: string, name: string, value: string): TextChange | undefined {
  const found = findSetting(text, name);
  if (found) return { from: found.from, to: found.to, insert: value };
  const block = findTrainBlock(text);
  if (!block) return undefined;
  const lineStart = text.lastIndexOf('\n', block.close - 1) + 1;
  const beforeBrace = text.slice(lineStart, block.close);
  // `}` on its own line: add the setting above it; else before the brace.
  if (beforeBrace.trim() === '')
    return { from: lineStart, to: lineStart, insert: `  ${name} = ${value}\n` };
  return { from: block.close, to: block.close, insert: `\n  ${name} = ${value}\n` };
}

/** Sets argument `arg` of the call in setting `name` (`optimizer = sgd(lr = 1)`, `data = …`). */
export function setCallArgument(
  text: string,
  name: string,
  arg: string,
  value: string,
): TextChange | undefined {
  const found = findSetting(text, name);
  if (!found) return undefined;
  const existing = new RegExp(`\\b${arg}\\s*=\\s*([^,)]+)`).exec(found.value);
  if (existing) {
    const from = found.from + existing.index + existing[0].length - existing[1].length;
    return { from, to: from + existing[1].trimEnd().length, insert: value };
  }
  const paren = found.value.indexOf('(');
  if (paren < 0) return { from: found.to, to: found.to, insert: `(${arg} = ${value})` };
  const close = found.value.lastIndexOf(')');
  const inside = found.value.slice(paren + 1, close < 0 ? undefined : close).trim();
  const at = found.from + (close < 0 ? found.value.length : close);
  return { from: at, to: at, insert: inside === '' ? `${arg} = ${value}` : `, ${arg} = ${value}` };
}

/** The number of `name = <number>` in the train block, or of argument `arg` of its call. */
export function readNumber(text: string, name: string, arg?: string): number | undefined {
  const found = findSetting(text, name);
  if (!found) return undefined;
  const source = arg
    ? new RegExp(`\\b${arg}\\s*=\\s*([^,)]+)`).exec(found.value)?.[1]
    : found.value;
  const value = Number(source?.trim());
  return source !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The text with the values the page changes live (learning rate, batch) blanked: equal keys mean
 * the model need not be rebuilt when the text changes. */
export function structureKey(text: string): string {
  let key = text;
  for (const [name, arg] of [
    ['optimizer', 'lr'],
    ['batch', undefined],
  ] as const) {
    const found = findSetting(key, name);
    if (!found) continue;
    if (!arg) key = key.slice(0, found.from) + '#' + key.slice(found.to);
    else {
      const change = setCallArgument(key, name, arg, '#');
      if (change) key = key.slice(0, change.from) + change.insert + key.slice(change.to);
    }
  }
  return key;
}

/** What a data source's targets ask of the model's output: one 0/1 label, or one of k classes. */
export type OutputNeed = { kind: 'binary' } | { kind: 'classes'; classes: number };

/**
 * The edits that make the trained model's output fit `need` when its last layer is a plain
 * `dense(units[, activation])`: `dense(1, sigmoid)` with `loss = binary_cross_entropy`, or
 * `dense(k, softmax)` with `loss = cross_entropy`. None when it fits already or the last layer is
 * something else (then the checker's message says what does not fit).
 */
export function fitOutput(text: string, need: OutputNeed): TextChange[] {
  const run = /(^|\n)\s*train\s+([A-Za-z_]\w*)/.exec(text)?.[2];
  if (!run) return [];
  const model = findBlock(text, new RegExp(`(^|\\n)\\s*model\\s+${run}\\b[^{\\n]*\\{`));
  if (!model) return [];
  // The last line of the body with code on it.
  let lineEnd = model.close;
  let line = '';
  let lineStart = model.close;
  while (lineEnd > model.open) {
    lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    if (lineStart < model.open) lineStart = model.open;
    line = text.slice(lineStart, lineEnd).replace(/\/\/.*$/, '');
    if (line.trim() !== '') break;
    lineEnd = lineStart - 1;
  }
  const layer = /\bdense\s*\(\s*(\d+)\s*(?:,\s*([A-Za-z_]\w*)\s*)?\)/.exec(line);
  if (!layer || line.trim() !== layer[0]) return [];
  const [units, activation, loss] =
    need.kind === 'binary'
      ? [1, 'sigmoid', 'binary_cross_entropy']
      : [need.classes, 'softmax', 'cross_entropy'];
  const changes: TextChange[] = [];
  if (Number(layer[1]) !== units || layer[2] !== activation) {
    const from = lineStart + layer.index;
    changes.push({ from, to: from + layer[0].length, insert: `dense(${units}, ${activation})` });
  }
  const currentLoss = findSetting(text, 'loss')?.value.trim();
  if (currentLoss !== loss) {
    const change = setSetting(text, 'loss', loss);
    if (change) changes.push(change);
  }
  return changes;
}
