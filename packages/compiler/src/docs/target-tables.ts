// The ONNX and PyTorch docs' layer and activation tables, generated from the catalogue's facts: each
// layer's IR op (its `lowering`) joined with the target's emitter of that op (its `doc`), and each
// activation's own target mapping run on `x`. `pnpm docs` splices them into docs/onnx.md, pytorch.md.

import { withDefaults } from '../catalogue/arg-values.js';
import type { ActivationSpec, Args, Catalogue } from '../catalogue/types.js';
import { ownOps } from '../catalogue/index.js';
import { opMeanings, type OpKind } from '../ir/ir.js';
import { exporterFor, ownExporterOrReason } from '../targets/onnx/export-ops.js';
import { pyFloat } from '../targets/pytorch/python-text.js';
import { layerEmitterFor, ownEmitterOrReason } from '../targets/pytorch/layers.js';

/** The layers that lower to each op kind (`dense` also gathers `matmul`'s). */
function layersByOp(catalogue: Catalogue): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const layer of catalogue.layers.values()) {
    const op = layer.lowering.op;
    result.set(op, [...(result.get(op) ?? []), layer.name]);
  }
  return result;
}

/** A target's emitter `doc`, or the reason a layer's own op states for having none. */
const docOrReason = (
  emitter: { doc: string } | undefined,
  own: { doc: string } | { reason: string } | undefined,
): string | undefined =>
  own && 'reason' in own ? `not exported: ${own.reason} (NN4009)` : emitter?.doc;

const code = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(', ');
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** One row per op kind that some layer lowers to: the layers, and what the target makes of it. */
function layerRows(
  catalogue: Catalogue,
  docOf: (kind: OpKind) => string | undefined,
  targetName: string,
): string[] {
  const byOp = layersByOp(catalogue);
  const rows: string[] = [];
  for (const kind of [...Object.keys(opMeanings), ...ownOps.keys()] as OpKind[]) {
    const layers = kind === 'activation' ? ['activations'] : byOp.get(kind);
    if (!layers?.length) continue;
    const doc = docOf(kind) ?? `not exported to ${targetName} yet (NN4009)`;
    rows.push(`| ${kind === 'activation' ? 'activations' : code(layers)} | ${cell(doc)} |`);
  }
  return rows;
}

export function onnxLayerTable(catalogue: Catalogue): string {
  return [
    '| nnet | ONNX |',
    '| --- | --- |',
    ...layerRows(
      catalogue,
      (kind) => docOrReason(exporterFor({ kind }), ownExporterOrReason(kind)),
      'ONNX',
    ),
  ].join('\n');
}

export function pytorchLayerTable(catalogue: Catalogue): string {
  return [
    '| nnet | PyTorch |',
    '| --- | --- |',
    ...layerRows(
      catalogue,
      (kind) =>
        kind === 'activation'
          ? 'the expression of each (the activation table below)'
          : docOrReason(layerEmitterFor({ kind }), ownEmitterOrReason(kind)),
      'PyTorch',
    ),
  ].join('\n');
}

/** Each activation with its arguments at their defaults, as `name(a)` when it has arguments. */
function withArgs(spec: ActivationSpec): { title: string; args: Args } {
  const args = withDefaults(spec.args, {});
  const named = spec.args.map((arg) => arg.name);
  const title = named.length ? `${spec.name}(${named.join(', ')})` : spec.name;
  return { title: [title, ...(spec.aliases ?? [])].map((name) => `\`${name}\``).join(', '), args };
}

/** The nodes an activation's ONNX mapping adds, written as nested calls on `x`. */
function onnxForm(spec: ActivationSpec, args: Args): string {
  const mapping = spec.onnx;
  if ('unsupported' in mapping) return `not exported: ${mapping.unsupported}`;
  const format = (value: { float: number } | { int: number }) =>
    'float' in value ? String(value.float) : String(value.int);
  return `\`${mapping.build(
    'x',
    args,
    {
      node: (opType, inputs, _suffix, attributes) => {
        const named = Object.entries(attributes ?? {}).map(
          ([name, value]) => `${name} = ${format(value)}`,
        );
        return `${opType}(${[...inputs, ...named].join(', ')})`;
      },
      constant: (_suffix, value) => String(value),
      weights: spec.form === 'parametric' ? ['alpha'] : [],
      axis: (axis) => (axis < 0 ? axis : axis + 1),
    },
    spec.name,
  )}\``;
}

/** An activation's PyTorch expression of `x`, at its default arguments. */
function pytorchForm(spec: ActivationSpec, args: Args): string {
  const mapping = spec.pytorch;
  if ('unsupported' in mapping) return `not exported: ${mapping.unsupported}`;
  return `\`${mapping.expression('x', args, {
    float: pyFloat,
    bool: (flag) => (flag ? 'True' : 'False'),
    dim: (axis) => String(axis),
  })}\``;
}

/** Every activation of the catalogue (the identity too) and its form in each target. */
export function activationTable(catalogue: Catalogue, target: 'onnx' | 'pytorch'): string {
  const rows = [...catalogue.activations.values()].map((spec) => {
    const { title, args } = withArgs(spec);
    if (spec.identity) return `| ${title} | nothing: the value itself |`;
    return `| ${title} | ${cell(target === 'onnx' ? onnxForm(spec, args) : pytorchForm(spec, args))} |`;
  });
  const header = target === 'onnx' ? 'ONNX (opset 17), at the default arguments' : 'PyTorch';
  return [`| activation | ${header} |`, '| --- | --- |', ...rows].join('\n');
}

/** Replaces the text between `<!-- generated: NAME -->` and `<!-- end generated -->`. */
export function spliceGenerated(text: string, name: string, table: string): string {
  const start = `<!-- generated: ${name} (pnpm docs, from the catalogue) -->`;
  const end = '<!-- end generated -->';
  const from = text.indexOf(start);
  const to = from < 0 ? -1 : text.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`no "${start}" … "${end}" block`);
  return `${text.slice(0, from + start.length)}\n\n${table}\n\n${text.slice(to)}`;
}

/** docs/onnx.md and docs/pytorch.md with their generated tables brought up to date. */
export function targetDocs(
  catalogue: Catalogue,
  current: { onnx: string; pytorch: string },
): { onnx: string; pytorch: string } {
  const onnx = spliceGenerated(
    spliceGenerated(current.onnx, 'onnx layers', onnxLayerTable(catalogue)),
    'onnx activations',
    activationTable(catalogue, 'onnx'),
  );
  const pytorch = spliceGenerated(
    spliceGenerated(current.pytorch, 'pytorch layers', pytorchLayerTable(catalogue)),
    'pytorch activations',
    activationTable(catalogue, 'pytorch'),
  );
  return { onnx, pytorch };
}
