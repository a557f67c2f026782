// Emits the unfolding kernels of a convolution (channels-last, any stride/dilation/padding) as
// WebAssembly: im2col copies each position's patch into a row of columns (0 in the padding), and
// col2im adds the rows back onto dx, in the JS loops' order (so their bits: one float32 add each).

import { FunctionBody, I32, type ExportedFunction, type ValueType } from './assembler.js';
import { CONV_GEOMETRY as G, CONV_GEOMETRY_PARAMETERS } from './conv-module.js';

/**
 * Emits, for every position of every sample and every tap (kh, kw) in order, `cells(inside,
 * source, row)`: `inside` (i32 0/1), `source` the byte address in x of the tap's first channel
 * (meaningless outside), `row` the byte address of its cin values in columns; row advances by
 * cin·4 bytes per tap.
 */
function overTaps(
  f: FunctionBody,
  x: number,
  columns: number,
  cells: (inside: number, source: number, row: number) => void,
): void {
  const local = () => f.local(I32);
  const [b, oh, ow, th, tw, ih, iw, inside, rowInside, source, sample, row, sampleBytes] = [
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
  ];
  f.get(G.inHeight).get(G.inWidth).mul().get(G.inChannels).mul().i32(2).shl().set(sampleBytes);
  f.get(x).set(sample);
  f.get(columns).set(row);
  f.i32(0).set(b);
  f.forLoop(b, G.batch, 1, () => {
    f.i32(0).set(oh);
    f.forLoop(oh, G.outHeight, 1, () => {
      f.i32(0).set(ow);
      f.forLoop(ow, G.outWidth, 1, () => {
        f.i32(0).set(th);
        f.forLoop(th, G.kernelHeight, 1, () => {
          f.get(oh).get(G.strideHeight).mul().get(G.padTop).sub();
          f.get(th).get(G.dilationHeight).mul().add().set(ih);
          f.get(ih).get(G.inHeight).ltU().set(rowInside);
          f.i32(0).set(tw);
          f.forLoop(tw, G.kernelWidth, 1, () => {
            f.get(ow).get(G.strideWidth).mul().get(G.padLeft).sub();
            f.get(tw).get(G.dilationWidth).mul().add().set(iw);
            f.get(iw).get(G.inWidth).ltU().get(rowInside).and().set(inside);
            f.get(sample);
            f.get(ih).get(G.inWidth).mul().get(iw).add().get(G.inChannels).mul().i32(2).shl();
            f.add().set(source);
            cells(inside, source, row);
            f.get(row).get(G.inChannels).i32(2).shl().add().set(row);
          });
        });
      });
    });
    f.get(sample).get(sampleBytes).add().set(sample);
  });
}

/** Emits `for (offset = 0; offset < cin·4; …)`: f32x4 steps while four remain, then single. */
function overChannels(f: FunctionBody, step: (offset: number, vector: boolean) => void): void {
  const offset = f.local(I32);
  const vectorEnd = f.local(I32);
  const end = f.local(I32);
  f.get(G.inChannels).i32(2).shl().set(end);
  f.get(end).i32(-16).and().set(vectorEnd);
  f.i32(0).set(offset);
  f.forLoop(offset, vectorEnd, 16, () => step(offset, true));
  f.forLoop(offset, end, 4, () => step(offset, false));
}

const geometryAnd = (...more: ValueType[]) => [
  ...new Array<ValueType>(CONV_GEOMETRY_PARAMETERS).fill(I32),
  ...more,
];

/** im2col(geometry…, x, columns): columns[position, (kh, kw, c)] = x at the tap, 0 in the padding. */
function im2col(): ExportedFunction {
  const f = new FunctionBody(geometryAnd(I32, I32));
  const [x, columns] = [CONV_GEOMETRY_PARAMETERS, CONV_GEOMETRY_PARAMETERS + 1];
  overTaps(f, x, columns, (inside, source, row) => {
    f.get(inside).if();
    overChannels(f, (offset, vector) => {
      f.get(row).get(offset).add();
      f.get(source).get(offset).add();
      if (vector) f.v128Load().v128Store();
      else f.f32Load().f32Store();
    });
    f.else();
    overChannels(f, (offset, vector) => {
      f.get(row).get(offset).add();
      if (vector) f.v128Zero().v128Store();
      else f.f32Const0().f32Store();
    });
    f.end();
  });
  return { name: 'im2col', body: f };
}

/** col2imAdd(geometry…, columns, dx): dx at each tap inside += its columns value, in order. */
function col2imAdd(): ExportedFunction {
  const f = new FunctionBody(geometryAnd(I32, I32));
  const [columns, dx] = [CONV_GEOMETRY_PARAMETERS, CONV_GEOMETRY_PARAMETERS + 1];
  overTaps(f, dx, columns, (inside, target, row) => {
    f.get(inside).if();
    overChannels(f, (offset, vector) => {
      f.get(target).get(offset).add();
      f.get(target).get(offset).add();
      if (vector) f.v128Load();
      else f.f32Load();
      f.get(row).get(offset).add();
      if (vector) f.v128Load().f32x4Add().v128Store();
      else f.f32Load().f32Add().f32Store();
    });
    f.end();
  });
  return { name: 'col2imAdd', body: f };
}

/** The unfolding kernels, in export order. */
export function unfoldFunctions(): ExportedFunction[] {
  return [im2col(), col2imAdd()];
}
