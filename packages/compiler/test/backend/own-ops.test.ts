// Layers that declare their own IR op (catalogue/own-op.ts): the registries are derived — every
// layer file is in layers/index.ts, every kernel file with a row in the runtime's kernels/index.ts —
// each own op's kernel row exists, and a target a layer's file refuses reports NN4009 by itself.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { kernelTable } from '@nnet/runtime';
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/catalogue/arg-values.js';
import { isOwnOp, ownOps } from '../../src/catalogue/index.js';
import type { Catalogue, LayerSpec } from '../../src/catalogue/types.js';
import { builtinCatalogue, checkFile, compileModel } from '../../src/compile.js';
import type { IrOp } from '../../src/ir/ir.js';
import { targets } from '../../src/targets/index.js';

const source = (...parts: string[]) => path.join(import.meta.dirname, '../../..', ...parts);

/** Reads an own op's attributes the way an emitter does; compiled by tsc, never run. */
export function ownOpReads(padding: IrOp<'zero_padding'>, upsample: IrOp<'upsample'>): number {
  // @ts-expect-error a zero_padding op has no size
  const size: number[] = padding.attrs.size;
  // @ts-expect-error an upsample op has no top
  const top: number = upsample.attrs.top;
  return padding.attrs.left + upsample.attrs.size[0] + size[0] + top;
}

describe('derived registries', () => {
  it('every layer file is exported by layers/index.ts, once', () => {
    const folder = source('compiler/src/catalogue/layers');
    const index = fs.readFileSync(path.join(folder, 'index.ts'), 'utf8');
    const helpers = /-rules\.ts$|-op\.ts$|^common-args\.ts$|^index\.ts$/;
    const files = fs
      .readdirSync(folder)
      .filter((file) => file.endsWith('.ts') && !helpers.test(file));
    const exported = [...index.matchAll(/export \* from '\.\/([\w-]+)\.js';/g)].map(
      (m) => `${m[1]}.ts`,
    );
    expect(exported.sort()).toEqual(files.sort());
    expect(builtinCatalogue().layers.size).toBe(files.length);
  });

  it("every runtime kernel file declaring a row is exported by the runtime's kernels/index.ts", () => {
    const folder = source('runtime/src/kernels');
    const index = fs.readFileSync(path.join(folder, 'index.ts'), 'utf8');
    const declaring = fs
      .readdirSync(folder)
      .filter((file) => file.endsWith('.ts') && file !== 'row.ts')
      .filter((file) => /= kernelRow\(/.test(fs.readFileSync(path.join(folder, file), 'utf8')));
    expect(declaring.length).toBeGreaterThanOrEqual(2);
    for (const file of declaring)
      expect(index).toContain(`export * from './${file.replace(/\.ts$/, '.js')}';`);
  });

  it("each own op's kernel row follows the protocol its file names, and its attributes are complete", () => {
    expect([...ownOps.keys()].sort()).toEqual([
      'batch_normalization',
      'concatenate',
      'elementwise_max',
      'elementwise_product',
      'elementwise_sum',
      'graph_convolution',
      'inverted_dropout',
      'layer_normalization',
      'learned_positions',
      'lookup',
      'noise',
      'reshape',
      'rms_norm',
      'sinusoidal_positions',
      'transposed_dense',
      'upsample',
      'zero_padding',
    ]);
    for (const layer of builtinCatalogue().layers.values()) {
      if (!isOwnOp(layer.lowering)) continue;
      const own = layer.lowering;
      const row = (kernelTable as unknown as Record<string, Record<string, unknown>>)[own.op];
      if ('protocol' in own.js && own.js.protocol === 'view') expect(row).toBeUndefined();
      else if (!('unsupported' in own.js)) {
        const made =
          own.js.protocol === 'state' || own.js.protocol === 'multi-input'
            ? 'createState'
            : 'geometry';
        for (const role of [made, 'forward', 'backward'])
          expect(typeof row?.[role], `${own.op}.${role}`).toBe('function');
        // The layer protocol: forward (x, y, batch, g, weights, training, random), backward
        // (dy, dx, x, batch, g, weights, gradients); the merge protocol: forward (xs, y, batch,
        // g), backward (dy, dxs, xs, batch, g); the multi-input protocol: forward (xs, y, batch,
        // state, weights, training, random), backward (dy, dxs, xs, batch, state, weights,
        // gradients): every parameter declared, as generated code passes each (tsc rejects extra
        // arguments in a generated module).
        const arity = {
          geometry: [4, 4],
          merge: [4, 5],
          layer: [7, 7],
          state: [7, 7],
          'multi-input': [7, 7],
        }[own.js.protocol];
        expect(row.forward as () => void, `${own.op}.forward`).toHaveLength(arity[0]);
        expect(row.backward as () => void, `${own.op}.backward`).toHaveLength(arity[1]);
      }
      const required = layer.args.filter((arg) => arg.required).map((arg) => [arg.name, 2]);
      const args = withDefaults(layer.args, Object.fromEntries(required));
      const attrs = own.attributes(args, {
        input: [4, 4, 2],
        inputs: [
          [4, 4, 2],
          [4, 4, 2],
        ],
        output: [4, 4, 2],
      });
      expect(Object.keys(attrs).sort()).toEqual(Object.keys(own.attributeNames).sort());
    }
  });
});

describe('state kept with the weights', () => {
  it('is exactly the parameters of role `statistic`, never regularized, counted by a convention', () => {
    const declared = [...ownOps.values()].flatMap((own) =>
      (own.parameters ?? []).map((parameter) => ({ op: own.op, ...parameter })),
    );
    const state = declared.filter((parameter) => parameter.state);
    expect(state.map(({ op, name }) => `${op}/${name}`)).toEqual([
      'batch_normalization/moving_mean',
      'batch_normalization/moving_variance',
    ]);
    for (const parameter of declared) {
      // Lowering marks a `statistic` as state (IrParam.isState): the two facts must agree.
      expect(!!parameter.state, parameter.name).toBe(parameter.role === 'statistic');
      if (parameter.state) {
        expect(parameter.regularized, parameter.name).toBe(false);
        expect(parameter.state.conventions.length, parameter.name).toBeGreaterThan(0);
      }
    }
  });
});

/** The catalogue with zero_padding2d's file stating that no target can express it. */
function refusingCatalogue(): Catalogue {
  const catalogue = builtinCatalogue();
  const spec = catalogue.layers.get('zero_padding2d')!;
  if (!isOwnOp(spec.lowering)) throw new Error('zero_padding2d declares its own op');
  const refusing: LayerSpec = {
    ...spec,
    lowering: {
      ...spec.lowering,
      js: { unsupported: 'no JS kernel (test)' },
      onnx: { unsupported: 'no ONNX form (test)' },
      pytorch: { unsupported: 'no PyTorch form (test)' },
    },
  };
  return { ...catalogue, layers: new Map([...catalogue.layers, ['zero_padding2d', refusing]]) };
}

describe("a target refuses a layer's own op with NN4009 when the layer's file says so", () => {
  const text = `model M {
  input x: [12]
  reshape([2, 3, 2])
  zero_padding2d
  flatten
  dense(2)
}
train M { data = random(12, 2), loss = mse, optimizer = sgd }
`;
  const result = checkFile('/tmp/own-ops.nnet', { host: { readFile: () => text } });
  const graph = result.checked!.models[0];
  const run = result.checked!.runs[0];

  it.each([
    ['js', 'no JS kernel (test)'],
    ['onnx', 'no ONNX form (test)'],
    ['pytorch', 'no PyTorch form (test)'],
  ] as const)('%s', (name, reason) => {
    const target = targets[name] as (typeof targets)['js'];
    const compile = (catalogue: Catalogue) =>
      compileModel(graph, run, target, { sources: result.sources, catalogue, targetOptions: {} });
    expect(compile(builtinCatalogue()).diagnostics).toEqual([]);
    const refused = compile(refusingCatalogue());
    expect(refused.value).toBeUndefined();
    expect(refused.diagnostics.map((d) => d.code)).toEqual(['NN4009']);
    expect(refused.diagnostics[0].message).toContain(reason);
    expect(text.slice(refused.diagnostics[0].span.start).startsWith('zero_padding2d')).toBe(true);
  });
});

/** zero_padding2d's ONNX and PyTorch mappings refusing a top padding of 2 by `refuse`. */
function refusingByAttributes(): Catalogue {
  const catalogue = builtinCatalogue();
  const spec = catalogue.layers.get('zero_padding2d')!;
  if (!isOwnOp(spec.lowering)) throw new Error('zero_padding2d declares its own op');
  const { onnx, pytorch } = spec.lowering;
  if ('unsupported' in onnx || 'unsupported' in pytorch) throw new Error('both map it');
  const refuse = (target: string) => (attrs: object) =>
    (attrs as { top: number }).top === 2 ? `no ${target} form for top = 2 (test)` : undefined;
  const refusing: LayerSpec = {
    ...spec,
    lowering: {
      ...spec.lowering,
      onnx: { ...onnx, refuse: refuse('ONNX') },
      pytorch: { ...pytorch, refuse: refuse('PyTorch') },
    },
  };
  return { ...catalogue, layers: new Map([...catalogue.layers, ['zero_padding2d', refusing]]) };
}

describe('a target refuses some attribute values of an own op when its mapping says so', () => {
  const compile = (padding: string, name: 'onnx' | 'pytorch') => {
    const text =
      `model M { input x: [12]; reshape([2, 3, 2]); zero_padding2d(${padding}); flatten; dense(2) }\n` +
      'train M { data = random(12, 2), loss = mse, optimizer = sgd }\n';
    const result = checkFile('/tmp/own-ops.nnet', { host: { readFile: () => text } });
    const target = targets[name] as unknown as (typeof targets)['js'];
    return compileModel(result.checked!.models[0], result.checked!.runs[0], target, {
      sources: result.sources,
      catalogue: refusingByAttributes(),
      targetOptions: {},
    });
  };

  it.each([
    ['onnx', 'no ONNX form for top = 2 (test)'],
    ['pytorch', 'no PyTorch form for top = 2 (test)'],
  ] as const)('%s', (name, reason) => {
    expect(compile('[[1, 1], [1, 1]]', name).diagnostics).toEqual([]);
    const refused = compile('[[2, 1], [1, 1]]', name);
    expect(refused.diagnostics.map((d) => d.code)).toEqual(['NN4009']);
    expect(refused.diagnostics[0].message).toContain(reason);
  });
});
