// Kernel-check rows of the kernels without weights of their own shape: bias_add, the merges (add,
// multiply, concat, maximum; their backwards add into what the buffers hold), embedding (ids are never
// differentiated) and dropout (the reference redraws the mask from the same seed).

import { addBias, sumRows } from '../../src/core/matmul.js';
import { Prng } from '../../src/core/prng.js';
import { dropoutBackward, dropoutForward } from '../../src/kernels/dropout.js';
import { embeddingBackward, embeddingForward } from '../../src/kernels/embedding.js';
import {
  addBackward,
  addForward,
  concatBackward,
  concatForward,
  multiplyBackward,
  multiplyForward,
} from '../../src/kernels/merge.js';
import { maximumKernels } from '../../src/kernels/maximum.js';
import { randomArray } from '../helpers.js';
import { nans, type KernelCheck } from '../kernel-check.js';

const n = 12;
const names = ['a', 'b', 'c'] as const;

/** Three inputs of n values each. */
const threeInputs = (prng: Prng) => ({
  a: randomArray(prng, n),
  b: randomArray(prng, n),
  c: randomArray(prng, n),
});

/** Gradients a backward added onto `start` (random), minus `start`: what it contributed. */
function added(
  dInputs: Float32Array[],
  start: Float32Array[],
): Record<(typeof names)[number], Float64Array> {
  const [a, b, c] = dInputs.map((d, t) => Float64Array.from(d, (v, i) => v - start[t][i]));
  return { a, b, c };
}

const [outer, widths] = [4, [2, 3, 1]];
const total = widths.reduce((x, y) => x + y, 0);
const [count, vocab, dim] = [10, 7, 3];
const [bRows, bCols] = [5, 4];
const rate = 0.4;

export const PLAIN_ROWS: KernelCheck[] = [
  {
    name: 'bias_add: x + bias on every row; dBias = Σ rows of dy',
    seed: 1200,
    inputs: (prng) => ({ x: randomArray(prng, bRows * bCols), bias: randomArray(prng, bCols) }),
    run: ({ x, bias }) => {
      const out = x.slice();
      addBias(out, bias, bRows, bCols);
      return {
        output: out,
        backward: (dy) => {
          const dBias = nans(bCols);
          sumRows(dy, dBias, bRows, bCols);
          return { bias: dBias };
        },
      };
    },
    reference: ({ x, bias }) => Float64Array.from(x, (v, i) => v + bias[i % bCols]),
  },
  {
    name: 'add of three inputs; the backward adds dy into each',
    seed: 1201,
    inputs: threeInputs,
    run: ({ a, b, c }) => {
      const out = nans(n);
      addForward([a, b, c], out, n);
      return {
        output: out,
        backward: (dy) => {
          const start = [
            randomArray(new Prng(9), n),
            randomArray(new Prng(10), n),
            new Float32Array(n),
          ];
          const dInputs = start.map((s) => s.slice());
          addBackward(dy, dInputs, n);
          return added(dInputs, start);
        },
      };
    },
    reference: ({ a, b, c }) => Float64Array.from(a, (v, i) => v + b[i] + c[i]),
  },
  {
    name: 'multiply of three inputs; the backward adds dy·Π of the others into each',
    seed: 1202,
    inputs: threeInputs,
    run: ({ a, b, c }) => {
      const out = nans(n);
      multiplyForward([a, b, c], out, n);
      return {
        output: out,
        backward: (dy) => {
          const start = [
            randomArray(new Prng(11), n),
            new Float32Array(n),
            randomArray(new Prng(12), n),
          ];
          const dInputs = start.map((s) => s.slice());
          multiplyBackward([a, b, c], dy, dInputs, n);
          return added(dInputs, start);
        },
      };
    },
    reference: ({ a, b, c }) => Float64Array.from(a, (v, i) => v * b[i] * c[i]),
  },
  {
    name: 'maximum of three inputs (its kernel-table row, batch 2); the backward adds dy into the largest',
    seed: 1206,
    inputs: threeInputs,
    run: ({ a, b, c }) => {
      const { geometry, forward, backward } = maximumKernels.roles;
      const g = geometry({ size: n / 2 });
      const out = nans(n);
      forward([a, b, c], out, 2, g);
      return {
        output: out,
        backward: (dy) => {
          const start = [
            randomArray(new Prng(16), n),
            new Float32Array(n),
            randomArray(new Prng(17), n),
          ];
          const dInputs = start.map((s) => s.slice());
          backward(dy, dInputs, [a, b, c], 2, g);
          return added(dInputs, start);
        },
      };
    },
    reference: ({ a, b, c }) => Float64Array.from(a, (v, i) => Math.max(v, b[i], c[i])),
  },
  {
    name: 'concat of widths 2, 3, 1 over 4 rows; the backward adds each slice of dy',
    seed: 1203,
    inputs: (prng) => ({
      a: randomArray(prng, outer * widths[0]),
      b: randomArray(prng, outer * widths[1]),
      c: randomArray(prng, outer * widths[2]),
    }),
    run: ({ a, b, c }) => {
      const out = nans(outer * total);
      concatForward([a, b, c], widths, out, outer);
      return {
        output: out,
        backward: (dy) => {
          const start = [a, b, c].map((x, t) => randomArray(new Prng(13 + t), x.length));
          const dInputs = start.map((s) => s.slice());
          concatBackward(dy, widths, dInputs, outer);
          return added(dInputs, start);
        },
      };
    },
    reference: ({ a, b, c }) => {
      const out = new Float64Array(outer * total);
      const inputs = [a, b, c];
      for (let r = 0; r < outer; r++) {
        let column = r * total;
        inputs.forEach((x, t) => {
          for (let j = 0; j < widths[t]; j++) out[column + j] = x[r * widths[t] + j];
          column += widths[t];
        });
      }
      return out;
    },
  },
  {
    name: 'embedding: rows of the table by id (ids repeat); dTable scatters dy',
    seed: 1204,
    inputs: (prng) => ({
      ids: Float32Array.from({ length: count }, () => prng.nextInt(vocab)),
      table: randomArray(prng, vocab * dim),
    }),
    run: ({ ids, table }) => {
      const out = nans(count * dim);
      embeddingForward(ids, table, out, count, vocab, dim);
      return {
        output: out,
        backward: (dy) => {
          const dTable = nans(vocab * dim);
          embeddingBackward(ids, dy, dTable, count, dim);
          return { table: dTable };
        },
      };
    },
    reference: ({ ids, table }) =>
      Float64Array.from(
        { length: count * dim },
        (_, i) => table[ids[Math.floor(i / dim)] * dim + (i % dim)],
      ),
  },
  {
    name: `dropout rate ${rate}: kept values scaled by 1/(1 − rate), the mask reused backward`,
    seed: 1205,
    inputs: (prng) => ({ x: randomArray(prng, 40) }),
    run: ({ x }) => {
      const out = nans(x.length);
      const mask = nans(x.length);
      dropoutForward(x, out, mask, x.length, rate, new Prng(77));
      return {
        output: out,
        backward: (dy) => {
          const dx = nans(x.length);
          dropoutBackward(dy, mask, dx, x.length);
          return { x: dx };
        },
      };
    },
    reference: ({ x }) => {
      const prng = new Prng(77);
      return Float64Array.from(x, (v) => (prng.nextFloat() >= rate ? v / (1 - rate) : 0));
    },
  },
];
