// Overrides as text edits: takes a parsed file, a train run and `key = value` pairs (from `--set` or
// one trial of a search), produces edits of the file's text that set a model parameter's default,
// a constant, a train setting or an optimizer argument. The edited text is then checked like any
// file, so an override is held to exactly the rules the file is; `mapOffset` leads back.

import type { Catalogue } from '../catalogue/types.js';
import type * as ast from '../syntax/ast.js';
import type { Span } from '../syntax/source.js';
import { suggestName } from '../check/suggest.js';

/** What a key sets. */
export type OverrideTarget =
  | { kind: 'model-parameter'; model: ast.ModelDecl; param: ast.Parameter }
  | { kind: 'const'; decl: ast.ConstDecl }
  | { kind: 'setting'; run: ast.TrainDecl; name: string; field?: ast.Field }
  | { kind: 'optimizer-argument'; run: ast.TrainDecl; name: string; field?: ast.Field };

export interface Override {
  key: string;
  /** The value as .nnet expression text: `128`, `0.003`, `adam(lr = 0.01)`, `[0.8, 0.2]`. */
  value: string;
}

/** One replacement of the text [start, end) by `text`, made for the override `key`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  key: string;
}

export interface KeyProblem {
  key: string;
  /** `the parameters of model Net, the constants, train settings and optimizer arguments` */
  message: string;
  suggestion?: string;
}

/** The train run a search or `--set` works on: by name, else the file's first. */
export function findRunDecl(file: ast.SourceFile, name?: string): ast.TrainDecl | undefined {
  const runs = file.declarations.filter((d): d is ast.TrainDecl => d.kind === 'Train');
  return name ? runs.find((r) => (r.runName?.name ?? r.model.name) === name) : runs[0];
}

/** The field `name` of a run or, through `extends`, of the run it starts from. */
function runField(
  file: ast.SourceFile,
  run: ast.TrainDecl,
  name: string,
  seen = new Set<ast.TrainDecl>(),
): ast.Field | undefined {
  const own = run.fields.find((f) => f.name.name === name);
  if (own || !run.base || seen.has(run)) return own;
  seen.add(run);
  const base = findRunDecl(file, run.base.name);
  return base ? runField(file, base, name, seen) : undefined;
}

/** Every optimizer argument name the catalogue knows (`lr`, `momentum`, `beta1`, …). */
export function optimizerArgumentNames(catalogue: Catalogue): Set<string> {
  const names = new Set<string>();
  for (const spec of catalogue.optimizers.values())
    for (const arg of spec.args) names.add(arg.name);
  return names;
}

/**
 * What `key` names for `run`, in this order: a parameter of the run's model, a constant of the file,
 * a train setting, an optimizer argument. A key that names none is a problem with a suggestion.
 */
export function resolveKey(
  key: string,
  file: ast.SourceFile,
  run: ast.TrainDecl,
  catalogue: Catalogue,
): OverrideTarget | KeyProblem {
  const model = file.declarations.find(
    (d): d is ast.ModelDecl => d.kind === 'Model' && d.name.name === run.model.name,
  );
  const param = model?.params.find((p) => p.name.name === key);
  if (model && param) return { kind: 'model-parameter', model, param };
  const constant = file.declarations.find(
    (d): d is ast.ConstDecl => d.kind === 'Const' && d.name.name === key,
  );
  if (constant) return { kind: 'const', decl: constant };
  if (catalogue.trainSettings.has(key))
    return { kind: 'setting', run, name: key, field: runField(file, run, key) };
  if (optimizerArgumentNames(catalogue).has(key))
    return { kind: 'optimizer-argument', run, name: key, field: runField(file, run, 'optimizer') };
  const candidates = settableKeys(file, run, catalogue);
  const suggestion = suggestName(key, candidates);
  return {
    key,
    message: `\`${key}\` is not a parameter of model \`${run.model.name}\`, a constant, a train setting or an optimizer argument`,
    ...(suggestion ? { suggestion } : {}),
  };
}

/** Every key `resolveKey` accepts for this run (for did-you-mean and completion). */
export function settableKeys(
  file: ast.SourceFile,
  run: ast.TrainDecl,
  catalogue: Catalogue,
): string[] {
  const model = file.declarations.find(
    (d): d is ast.ModelDecl => d.kind === 'Model' && d.name.name === run.model.name,
  );
  return [
    ...(model?.params.map((p) => p.name.name) ?? []),
    ...file.declarations.flatMap((d) => (d.kind === 'Const' ? [d.name.name] : [])),
    ...catalogue.trainSettings.keys(),
    ...optimizerArgumentNames(catalogue),
  ];
}

export function isKeyProblem(value: OverrideTarget | KeyProblem): value is KeyProblem {
  return 'message' in value;
}

/**
 * The edits that give `target` the value `value` in `text`: a parameter's default or a constant's
 * value is replaced; a run's own setting is replaced, or added before the run's `}`.
 */
function editsFor(target: OverrideTarget, key: string, value: string, text: string): TextEdit[] {
  const replace = (span: Span): TextEdit[] => [
    { start: span.start, end: span.end, text: value, key },
  ];
  switch (target.kind) {
    case 'model-parameter': {
      const param = target.param;
      if (param.default) return replace(param.default.span);
      const end = param.name.span.end;
      return [{ start: end, end, text: ` = ${value}`, key }];
    }
    case 'const':
      return replace(target.decl.value.span);
    case 'setting':
    case 'optimizer-argument': {
      const name = target.kind === 'setting' ? target.name : 'optimizer';
      const own = target.run.fields.find((f) => f.name.name === name);
      if (own) return replace(own.value.span);
      return [insertSetting(target.run, text, `${name} = ${value}`, key)];
    }
  }
}

/**
 * Applies overrides to a file's text. `optimizer` is set before any optimizer argument, whatever
 * the order given, and the arguments go into that call: `optimizer=adam` with `lr=0.01` writes
 * `optimizer = adam(lr = 0.01)`. Keys that name nothing come back as problems (and no text).
 */
export function applyOverrides(
  text: string,
  file: ast.SourceFile,
  run: ast.TrainDecl,
  overrides: readonly Override[],
  catalogue: Catalogue,
): { edited?: EditedText; problems: KeyProblem[] } {
  const problems: KeyProblem[] = [];
  const edits: TextEdit[] = [];
  const resolved = overrides.map((o) => ({ o, target: resolveKey(o.key, file, run, catalogue) }));
  let optimizer: { text: string; key: string } | undefined;
  const ordered = [
    ...resolved.filter(
      (r) =>
        !isKeyProblem(r.target) && r.target.kind === 'setting' && r.target.name === 'optimizer',
    ),
    ...resolved.filter(
      (r) => isKeyProblem(r.target) || r.target.kind !== 'setting' || r.target.name !== 'optimizer',
    ),
  ];
  for (const { o, target } of ordered) {
    if (isKeyProblem(target)) {
      problems.push(target);
      continue;
    }
    if (target.kind === 'setting' && target.name === 'optimizer') {
      optimizer = { text: o.value, key: o.key };
    } else if (target.kind === 'optimizer-argument') {
      const current =
        optimizer?.text ??
        (target.field
          ? text.slice(target.field.value.span.start, target.field.value.span.end)
          : 'sgd');
      optimizer = {
        text: withArgument(current, target.name, o.value),
        key: optimizer?.key ?? o.key,
      };
    } else edits.push(...editsFor(target, o.key, o.value, text));
  }
  if (optimizer)
    edits.push(
      ...editsFor({ kind: 'setting', run, name: 'optimizer' }, optimizer.key, optimizer.text, text),
    );
  if (problems.length > 0) return { problems };
  return { edited: applyEdits(text, edits), problems };
}

/** `name = value` added as the last line of a run's body. */
function insertSetting(run: ast.TrainDecl, text: string, line: string, key: string): TextEdit {
  const close = run.span.end - 1;
  let lineStart = close;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && /\s/.test(text[lineStart - 1]))
    lineStart--;
  const atLineStart = lineStart === 0 || text[lineStart - 1] === '\n';
  if (atLineStart) return { start: lineStart, end: lineStart, text: `  ${line}\n`, key };
  return { start: close, end: close, text: `; ${line} `, key };
}

/**
 * An optimizer written as text with one argument set: `adam` → `adam(lr = 0.01)`,
 * `sgd(lr = 0.1, momentum = 0.9)` → `sgd(lr = 0.01, momentum = 0.9)`. Works on the text of one call
 * (a name and an argument list of plain expressions), which is all an optimizer can be.
 */
export function withArgument(call: string, name: string, value: string): string {
  const trimmed = call.trim();
  const open = trimmed.indexOf('(');
  if (open < 0) return `${trimmed}(${name} = ${value})`;
  const callee = trimmed.slice(0, open).trim();
  const inner = trimmed.slice(open + 1, trimmed.lastIndexOf(')'));
  const args = splitTopLevel(inner).filter((a) => a.trim() !== '');
  const pattern = new RegExp(`^\\s*${name}\\s*(=|\\bin\\b)`);
  const index = args.findIndex((a) => pattern.test(a));
  const written = `${name} = ${value}`;
  if (index >= 0) args[index] = written;
  else args.push(written);
  return `${callee}(${args.map((a) => a.trim()).join(', ')})`;
}

/** Splits `a, f(b, c), [d, e]` at its top-level commas. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export interface EditedText {
  text: string;
  /** Where each edit's new text sits in the edited text, with its key. */
  placed: { span: Span; key: string; original: Span }[];
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): EditedText {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  const placed: EditedText['placed'] = [];
  for (const edit of sorted) {
    if (edit.start < at) continue; // overlapping: the first wins (callers never overlap)
    out += text.slice(at, edit.start);
    placed.push({
      span: { start: out.length, end: out.length + edit.text.length },
      key: edit.key,
      original: { start: edit.start, end: edit.end },
    });
    out += edit.text;
    at = edit.end;
  }
  out += text.slice(at);
  return { text: out, placed };
}

/** An offset of the edited text mapped back to the original text (inside an edit: its start). */
export function mapOffset(edited: EditedText, offset: number): number {
  let shift = 0;
  for (const p of edited.placed) {
    if (offset < p.span.start) break;
    if (offset < p.span.end || (offset === p.span.end && p.span.start === p.span.end))
      return p.original.start;
    shift += p.original.end - p.original.start - (p.span.end - p.span.start);
  }
  return offset + shift;
}

/** The key whose edit covers `span` of the edited text, if any. */
export function editAt(edited: EditedText, span: Span): EditedText['placed'][number] | undefined {
  return edited.placed.find(
    (p) => (span.start < p.span.end && p.span.start < span.end) || span.start === p.span.start,
  );
}
