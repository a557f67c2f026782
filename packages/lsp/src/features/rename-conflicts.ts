// Refuses a rename onto a name already in use where the renamed symbol lives: a value or input of
// the same model or block, a parameter of the same block, or a const, model, block or run of the
// files that see it, or a layer or activation of the catalogue. Reads analyses; changes nothing.

import type { Span } from '@nnet/compiler';
import type { ServerContext } from '../context.js';

interface Definition {
  kind: string;
  name: string;
  file: string;
  span: Span;
}

const local = new Set(['value', 'input', 'parameter']);

/** Why `definition` cannot be renamed to `newName`, or undefined when the name is free. */
export function renameConflict(
  ctx: ServerContext,
  definition: Definition,
  newName: string,
): string | undefined {
  if (newName === definition.name) return undefined;
  const catalogue = ctx.catalogue;
  if (catalogue.layers.has(newName) || catalogue.activations.has(newName))
    return `\`${newName}\` is a layer or activation of the language; choose another name`;
  for (const analysis of ctx.analysesIncluding(definition.file, true)) {
    const checked = analysis.result.checked;
    if (!checked) continue;
    const enclosing = enclosingDeclaration(analysis.result.program?.files, definition);
    for (const other of checked.definitions) {
      if (other.name !== newName) continue;
      const bothLocal = local.has(other.kind) && local.has(definition.kind);
      const sameDeclaration =
        enclosing !== undefined &&
        other.file === definition.file &&
        other.span.start >= enclosing.start &&
        other.span.end <= enclosing.end;
      if (bothLocal ? sameDeclaration : !local.has(other.kind) && !local.has(definition.kind)) {
        const line = ctx.files.source(other.file)?.position(other.span.start).line;
        return `\`${newName}\` is already a ${other.kind} here${line ? ` (line ${line})` : ''}; renaming would give two things one name`;
      }
    }
  }
  return undefined;
}

/** The span of the model, block or run declaration holding `definition`. */
function enclosingDeclaration(
  files: ReadonlyMap<string, { ast: { declarations: readonly { span: Span }[] } }> | undefined,
  definition: Definition,
): Span | undefined {
  const declarations = files?.get(definition.file)?.ast.declarations ?? [];
  return declarations.find(
    (d) => d.span.start <= definition.span.start && definition.span.end <= d.span.end,
  )?.span;
}
