// A small XML well-formedness check for the diagram tests: balanced, properly nested tags, quoted
// attributes without duplicates, no raw `<` or `&` in text or attribute values, and only the five
// predefined entities or character references. Returns the problems found (empty when well-formed)
// and every element with its attributes and text, so tests can count and read them.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** The decoded text directly inside it (not in child elements). */
  text: string;
  parent?: XmlElement;
  children: XmlElement[];
}

export interface XmlCheck {
  problems: string[];
  root?: XmlElement;
  elements: XmlElement[];
}

const name = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const entity = /&(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g;

function decode(text: string): string {
  const table: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return text.replace(entity, (ref) => {
    const body = ref.slice(1, -1);
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return table[body];
  });
}

function checkText(text: string, where: string, problems: string[]): void {
  if (text.includes('<')) problems.push(`raw < in ${where}`);
  if (text.replace(entity, '').includes('&'))
    problems.push(`raw & or unknown entity in ${where}: ${JSON.stringify(text)}`);
}

export function checkXml(source: string): XmlCheck {
  const problems: string[] = [];
  const elements: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = new RegExp(
    `<(/?)(${name})((?:\\s+${name}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`,
    'y',
  );
  const attribute = new RegExp(`(${name})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
  let i = 0;
  const text = (upTo: number) => {
    const chunk = source.slice(i, upTo);
    const where = stack.length > 0 ? `<${stack[stack.length - 1].name}>` : 'the document';
    checkText(chunk, where, problems);
    if (stack.length > 0) stack[stack.length - 1].text += decode(chunk);
    else if (chunk.trim() !== '')
      problems.push(`text outside the root element: ${JSON.stringify(chunk.trim().slice(0, 40))}`);
  };
  while (i < source.length) {
    const next = source.indexOf('<', i);
    if (next < 0) {
      text(source.length);
      break;
    }
    text(next);
    i = next;
    if (source.startsWith('<?xml', i) || source.startsWith('<!--', i)) {
      const end = source.indexOf(source.startsWith('<!--', i) ? '-->' : '?>', i);
      if (end < 0)
        return { problems: [...problems, 'unterminated declaration or comment'], elements };
      i = end + (source.startsWith('<!--', i) ? 3 : 2);
      continue;
    }
    tag.lastIndex = i;
    const match = tag.exec(source);
    if (!match) {
      problems.push(`malformed tag at offset ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
      break;
    }
    i = tag.lastIndex;
    const [, closing, tagName, attributeText, selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== tagName)
        problems.push(`</${tagName}> closes ${open ? `<${open.name}>` : 'nothing'}`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, double, single] of attributeText.matchAll(attribute)) {
      const value = double ?? single;
      if (key in attributes) problems.push(`duplicate attribute ${key} on <${tagName}>`);
      checkText(value, `attribute ${key} of <${tagName}>`, problems);
      attributes[key] = decode(value);
    }
    const parent = stack[stack.length - 1];
    const element: XmlElement = {
      name: tagName,
      attributes,
      text: '',
      children: [],
      ...(parent ? { parent } : {}),
    };
    if (parent) parent.children.push(element);
    else if (root) problems.push(`a second root element <${tagName}>`);
    else root = element;
    elements.push(element);
    if (!selfClosing) stack.push(element);
  }
  for (const open of stack) problems.push(`<${open.name}> is never closed`);
  if (!root) problems.push('no root element');
  return { problems, ...(root ? { root } : {}), elements };
}

/** All text under an element, children included. */
export function allText(element: XmlElement): string {
  return element.text + element.children.map(allText).join('');
}
