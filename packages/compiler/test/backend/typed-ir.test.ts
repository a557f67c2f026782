// The typed IR: tsc rejects reading an attribute an op kind does not have (the @ts-expect-error
// lines fail the build if the error goes away), and the verifier names each kind of broken IR.

import { describe, expect, it } from 'vitest';
import { builtinCatalogue, checkFile } from '../../src/compile.js';
import type { IrOp } from '../../src/ir/ir.js';
import { lowerModel } from '../../src/ir/lower.js';
import { optimizeForExport, optimizeForTraining } from '../../src/ir/pipeline.js';
import { verifyIr } from '../../src/ir/verify.js';

/** Reads attributes the way an emitter does; compiled by tsc, never run. */
export function emitterReads(
  conv: IrOp<'conv'>,
  dropout: IrOp<'inverted_dropout'>,
  any: IrOp,
): number {
  // @ts-expect-error a conv op has no dropout rate
  const rate: number = conv.attrs.rate;
  // @ts-expect-error a dropout op has no kernel
  const kernel: number[] = dropout.attrs.kernel;
  // @ts-expect-error an op of unknown kind has no attributes to read until its kind is tested
  const epsilon: number = any.attrs.epsilon;
  if (any.kind === 'batch_normalization') return any.attrs.epsilon + rate + kernel[0] + epsilon;
  return conv.attrs.kernel[0] + dropout.attrs.rate;
}

function lowered(text: string) {
  const result = checkFile('/tmp/typed-ir.nnet', { host: { readFile: () => text } });
  const checked = result.checked!;
  const run = checked.runs[0];
  return lowerModel(checked.models[0], {
    catalogue: builtinCatalogue(),
    sources: result.sources,
    ...(run ? { run } : {}),
  });
}

const text = `model M { input x: [8]; dense(4, relu); dropout(0.5); dense(3, softmax) }
train M { data = random(8, 3), loss = cross_entropy }
`;

describe('the IR verifier', () => {
  it('accepts what lowering and every pipeline produce', () => {
    const ir = lowered(text);
    expect(verifyIr(ir)).toEqual([]);
    expect(verifyIr(optimizeForTraining(ir, builtinCatalogue()))).toEqual([]);
    expect(verifyIr(optimizeForExport(ir))).toEqual([]);
  });

  it('names a tensor read before it is defined', () => {
    const ir = lowered(text);
    const ops = [...ir.ops];
    [ops[0], ops[1]] = [ops[1], ops[0]];
    expect(verifyIr({ ...ir, ops: ops.map((op, id) => ({ ...op, id })) })).toContainEqual(
      expect.stringMatching(/reads %\d+ before it is defined/),
    );
  });

  it('names a missing attribute, an unknown parameter and inconsistent weights', () => {
    const ir = lowered(text);
    const dropout = ir.ops.find((op) => op.kind === 'inverted_dropout')!;
    const broken = ir.ops.map((op) =>
      op === dropout ? ({ ...op, attrs: {} } as unknown as IrOp) : op,
    );
    expect(verifyIr({ ...ir, ops: broken })).toContainEqual(
      expect.stringMatching(/has no attribute rate/),
    );
    const renamed = ir.ops.map((op, i) => (i === 0 ? { ...op, params: [ir.params.length] } : op));
    expect(verifyIr({ ...ir, ops: renamed })).toContainEqual(
      expect.stringMatching(new RegExp(`unknown parameter #${ir.params.length}$`)),
    );
    // Parameters are referred to by id, and a parameter's id is its index.
    const swapped = [ir.params[1], ir.params[0], ...ir.params.slice(2)];
    expect(verifyIr({ ...ir, params: swapped })).toContainEqual(
      expect.stringMatching(/parameter \S+ at 0 has id 1/),
    );
    const params = ir.params.map((p, i) => (i === 0 ? { ...p, shape: [5, 4] } : p));
    expect(verifyIr({ ...ir, params })).toContainEqual(
      expect.stringMatching(/do not map 8 to 4 features/),
    );
  });

  it("checks an own op's parameters against its layer file's declaration", () => {
    const ir = lowered(`model E { input ids: int[3]; embedding(7, 2); flatten; dense(1) }
train E { data = random(3, 1), loss = mse }
`);
    expect(verifyIr(ir)).toEqual([]);
    const table = ir.ops.find((op) => op.kind === 'lookup')!;
    const params = ir.params.map((p) => (p.id === table.params[0] ? { ...p, shape: [2, 7] } : p));
    expect(verifyIr({ ...ir, params })).toContainEqual(
      expect.stringMatching(/its embeddings is \[2, 7\], not \[7, 2\]/),
    );
    const without = ir.ops.map((op) => (op === table ? { ...op, params: [] } : op));
    expect(verifyIr({ ...ir, ops: without })).toContainEqual(
      expect.stringMatching(/has 0 parameters; its layer declares 1/),
    );
  });
});
