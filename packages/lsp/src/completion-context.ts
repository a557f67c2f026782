// Where the cursor is, read from the text before it (which is usually half-typed, so the AST is no
// help): the open brackets around it and what each belongs to, the tokens of the current statement
// or argument, and the word being typed. Takes text and an offset; never throws.

export interface Frame {
  open: '(' | '[' | '{';
  /** `(`: the name before it (`dense`, `sgd`); `{`: the body's owner keyword or `with`. */
  owner:
    | 'model'
    | 'block'
    | 'train'
    | 'repeat'
    | 'with'
    | 'object'
    | 'call'
    | 'params'
    | 'list'
    | 'other';
  callee?: string;
  /** The field or argument this bracket is the value of: `metrics = [`, `early_stop = {`. */
  field?: string;
  /** The model of a `train` body. */
  model?: string;
  /** Arguments written so far in a call: named ones by name. */
  args: { name?: string; firstWord?: string }[];
  /** Offset of the bracket. */
  offset: number;
  /** The statement's tokens before the bracket, restored when it closes. */
  saved: string[];
}

export interface CursorContext {
  frames: Frame[];
  /** Tokens of the current statement, field or argument before the word being typed. */
  tokens: string[];
  /** The identifier characters just before the cursor. */
  word: string;
  wordStart: number;
  /** Inside a string literal: its start (after the quote), else undefined. */
  stringStart?: number;
  inComment: boolean;
}

const identStart = /[A-Za-z_]/;
const identPart = /[A-Za-z0-9_]/;

export function cursorContext(text: string, offset: number): CursorContext {
  const end = Math.max(0, Math.min(offset, text.length));
  const frames: Frame[] = [];
  let tokens: string[] = [];
  let stringStart: number | undefined;
  let inComment = false;
  const top = () => frames[frames.length - 1];
  const newlineEndsStatement = () => {
    const frame = top();
    return !frame || frame.open === '{';
  };
  const startArgument = (frame: Frame | undefined) => {
    if (frame?.open === '(') frame.args.push({});
  };

  let i = 0;
  while (i < end) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      const lineEnd = text.indexOf('\n', i);
      if (lineEnd === -1 || lineEnd >= end) {
        inComment = true;
        break;
      }
      i = lineEnd;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1 || close + 2 > end) {
        inComment = true;
        break;
      }
      i = close + 2;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < end && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (j >= end) {
        stringStart = i + 1;
        break;
      }
      tokens.push('"');
      i = j + 1;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      if (newlineEndsStatement()) tokens = [];
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (identStart.test(ch)) {
      let j = i + 1;
      while (j < end && identPart.test(text[j])) j++;
      if (j === end) break; // the word being typed
      const word = text.slice(i, j);
      tokens.push(word);
      const frame = top();
      if (frame?.open === '(' && frame.args.length > 0) {
        const arg = frame.args[frame.args.length - 1];
        arg.firstWord ??= word;
      }
      i = j;
      continue;
    }
    if (ch === '-' && text[i + 1] === '>') {
      tokens.push('->');
      i += 2;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') {
      frames.push(openFrame(ch, tokens, i));
      startArgument(top());
      tokens = [];
      i++;
      continue;
    }
    if (ch === ')' || ch === ']' || ch === '}') {
      const frame = frames.pop();
      // A body ends its statement; any other bracket is a finished piece of the statement around it.
      const body =
        frame?.open === '{' && ['model', 'block', 'train', 'repeat'].includes(frame.owner);
      tokens = body || !frame ? [] : [...frame.saved, '<group>'];
      i++;
      continue;
    }
    if (ch === ',') {
      tokens = [];
      startArgument(top());
      i++;
      continue;
    }
    if (ch === '=') {
      const frame = top();
      const arg = frame?.open === '(' ? frame.args[frame.args.length - 1] : undefined;
      if (arg && tokens.length === 1 && identStart.test(tokens[0])) arg.name = tokens[0];
      tokens.push('=');
      i++;
      continue;
    }
    tokens.push(ch);
    i++;
  }

  let wordStart = end;
  if (stringStart === undefined && !inComment) {
    while (wordStart > 0 && identPart.test(text[wordStart - 1])) wordStart--;
    if (wordStart < end && !identStart.test(text[wordStart])) wordStart = end;
  } else if (stringStart !== undefined) {
    wordStart = stringStart;
  }
  return {
    frames,
    tokens,
    word: text.slice(wordStart, end),
    wordStart,
    ...(stringStart !== undefined ? { stringStart } : {}),
    inComment,
  };
}

function openFrame(open: '(' | '[' | '{', tokens: readonly string[], offset: number): Frame {
  const last = tokens[tokens.length - 1];
  const beforeLast = tokens[tokens.length - 2];
  const field = last === '=' && beforeLast && identStart.test(beforeLast) ? beforeLast : undefined;
  const frame: Frame = {
    open,
    owner: 'other',
    args: [],
    offset,
    saved: [...tokens],
    ...(field ? { field } : {}),
  };
  if (open === '(') {
    if ((tokens[0] === 'model' || tokens[0] === 'block') && tokens.length === 2)
      frame.owner = 'params';
    else if (last && identStart.test(last)) {
      frame.owner = 'call';
      frame.callee = last;
      // The field this call is the value of: `optimizer = sgd(`.
      if (beforeLast === '=' && tokens.length >= 3) frame.field = tokens[tokens.length - 3];
    }
    return frame;
  }
  if (open === '[') {
    frame.owner = 'list';
    return frame;
  }
  if (tokens[0] === 'model' || tokens[0] === 'block') frame.owner = tokens[0];
  else if (tokens[0] === 'train') {
    frame.owner = 'train';
    if (tokens[1]) frame.model = tokens[1];
  } else if (tokens[0] === 'repeat') frame.owner = 'repeat';
  else if (tokens.includes('with')) {
    frame.owner = 'with';
    const callee = calleeBeforeWith(tokens.slice(0, tokens.lastIndexOf('with')));
    if (callee) frame.callee = callee;
  } else if (field) frame.owner = 'object';
  return frame;
}

/** `dense(2, relu) with {`: the tokens before `with` end in the call's group; its callee precedes it. */
function calleeBeforeWith(tokens: readonly string[]): string | undefined {
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i] === '<group>') continue;
    if (identStart.test(tokens[i]) && tokens[i] !== 'with') return tokens[i];
    return undefined;
  }
  return undefined;
}

/** The innermost frame whose owner is one of these. */
export function enclosing(
  context: CursorContext,
  owners: readonly Frame['owner'][],
): Frame | undefined {
  for (let i = context.frames.length - 1; i >= 0; i--)
    if (owners.includes(context.frames[i].owner)) return context.frames[i];
  return undefined;
}

/** Where the call of a `(` frame is written: `step`, a train setting's name, `metrics`, `activation`. */
export function placeOfCall(context: CursorContext, frame: Frame): string | undefined {
  const parent = context.frames[context.frames.indexOf(frame) - 1];
  if (!parent || ['model', 'block', 'repeat'].includes(parent.owner)) return 'step';
  if (parent.owner === 'train' && frame.field) return frame.field;
  if (parent.owner === 'list' && parent.field === 'metrics') return 'metrics';
  if (parent.owner === 'call') return 'activation';
  return frame.field;
}
