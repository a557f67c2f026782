// Turns a generated model module (targets/js/module.ts: one `import * as rt from "…"` line,
// `export const` values and `export function create`) into a CompiledModule without loading a
// module: the search's workers evaluate one per trial, so no temporary file and no ESM linking.

import type { CompiledModule, CreateOptions } from '@nnet/runtime';

const importLine = /^import \* as rt from "[^"\n]*";$/m;
const exportLine = /^export (const|function) ([A-Za-z_$][\w$]*)/gm;

/**
 * The module's exports, evaluated with `runtime` as its `rt`; undefined when the text is not of
 * the shape module.ts writes (then the caller imports it as a module instead).
 */
export function evaluateGeneratedModule(
  js: string,
  runtime: unknown,
  loadTensor: CreateOptions['loadTensor'],
): CompiledModule | undefined {
  const imports = js.match(/^import\b/gm) ?? [];
  if (imports.length !== 1 || !importLine.test(js)) return undefined;
  const names: string[] = [];
  const body = js
    .replace(importLine, '')
    .replace(exportLine, (_whole, kind: string, name: string) => {
      names.push(name);
      return `${kind} ${name}`;
    });
  if (!names.includes('create') || /^export\b/m.test(body)) return undefined;
  const exports = new Function('rt', `'use strict';\n${body}\nreturn { ${names.join(', ')} };`)(
    runtime,
  ) as CompiledModule;
  return { create: (options) => exports.create({ loadTensor, ...options }) };
}
