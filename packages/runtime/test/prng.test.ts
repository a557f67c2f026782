// The seeded generator: same seed → same sequence; sane uniform, integer and normal
// distributions; shuffles are permutations; state can be saved, restored and forked.

import { describe, expect, it } from 'vitest';
import { Prng } from '../src/core/prng.js';

function take(prng: Prng, count: number): number[] {
  return Array.from({ length: count }, () => prng.nextUint32());
}

describe('Prng', () => {
  it('repeats the same sequence for the same seed, and differs for another seed', () => {
    expect(take(new Prng(42), 1000)).toEqual(take(new Prng(42), 1000));
    expect(take(new Prng(42), 8)).not.toEqual(take(new Prng(43), 8));
    expect(take(new Prng(2 ** 40), 8)).not.toEqual(take(new Prng(0), 8));
  });

  it('keeps its sequence stable across versions (golden values)', () => {
    expect(take(new Prng(42), 4)).toEqual(GOLDEN_SEED_42);
  });

  it('matches an independent xoshiro128** written with Uint32Array state', () => {
    const prng = new Prng(7);
    const state = Uint32Array.from(prng.getState().words);
    const rotl = (v: number, k: number) => ((v << k) | (v >>> (32 - k))) >>> 0;
    for (let i = 0; i < 200; i++) {
      const expected = Math.imul(rotl(Math.imul(state[1], 5) >>> 0, 7), 9) >>> 0;
      const t = (state[1] << 9) >>> 0;
      state[2] ^= state[0];
      state[3] ^= state[1];
      state[1] ^= state[2];
      state[0] ^= state[3];
      state[2] ^= t;
      state[3] = rotl(state[3], 11);
      expect(prng.nextUint32()).toBe(expected);
    }
  });

  it('gives uniform floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const prng = new Prng(1);
    let sum = 0;
    let squares = 0;
    let outside = 0;
    const count = 100_000;
    for (let i = 0; i < count; i++) {
      const u = prng.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      squares += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / count;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(squares / count - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('gives normals with mean 0, variance 1 and the 68% rule', () => {
    const prng = new Prng(3);
    const count = 100_000;
    let sum = 0;
    let squares = 0;
    let withinOne = 0;
    for (let i = 0; i < count; i++) {
      const z = prng.normal();
      sum += z;
      squares += z * z;
      if (Math.abs(z) < 1) withinOne++;
    }
    expect(Math.abs(sum / count)).toBeLessThan(0.015);
    expect(Math.abs(squares / count - 1)).toBeLessThan(0.02);
    expect(Math.abs(withinOne / count - 0.6826894921)).toBeLessThan(0.006);
    const shifted = new Prng(3);
    expect(shifted.normal(5, 2)).toBeCloseTo(5 + 2 * new Prng(3).normal(), 12);
  });

  it('gives unbiased integers in [0, bound)', () => {
    const prng = new Prng(11);
    const counts = new Array<number>(7).fill(0);
    const count = 70_000;
    for (let i = 0; i < count; i++) counts[prng.nextInt(7)]++;
    // chi-square with 6 degrees of freedom: 22.5 is the 0.999 quantile
    const expected = count / 7;
    const chiSquare = counts.reduce((total, c) => total + (c - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(22.5);
    expect(() => prng.nextInt(0)).toThrow(RangeError);
  });

  it('shuffles into a permutation, every order of three about equally often', () => {
    const prng = new Prng(5);
    const array = Int32Array.from({ length: 50 }, (_, i) => i);
    prng.shuffle(array);
    expect(Array.from(array).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    expect(Array.from(array)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const again = Int32Array.from({ length: 50 }, (_, i) => i);
    new Prng(5).shuffle(again);
    expect(again).toEqual(array);

    const orders = new Map<string, number>();
    for (let trial = 0; trial < 6000; trial++) {
      const small = Uint32Array.from([0, 1, 2]);
      prng.shuffle(small);
      orders.set(small.join(''), (orders.get(small.join('')) ?? 0) + 1);
    }
    expect(orders.size).toBe(6);
    for (const seen of orders.values()) expect(Math.abs(seen - 1000)).toBeLessThan(150);
  });

  it('saves and restores its state, including a pending normal', () => {
    const prng = new Prng(9);
    prng.normal();
    const saved = prng.getState();
    const next = [prng.normal(), prng.nextUint32(), prng.normal()];
    prng.setState(saved);
    expect([prng.normal(), prng.nextUint32(), prng.normal()]).toEqual(next);
  });

  it("fillUniform gives nextFloat's sequence and leaves the state where nextFloat would", () => {
    const one = new Prng(21);
    const other = new Prng(21);
    one.nextUint32();
    other.nextUint32();
    const filled = new Float64Array(1000);
    one.fillUniform(filled, 999);
    const expected = Array.from({ length: 999 }, () => other.nextFloat());
    expect([...filled.subarray(0, 999)]).toEqual(expected);
    expect(filled[999]).toBe(0);
    expect(one.nextUint32()).toBe(other.nextUint32());
  });

  it('forks a child whose sequence differs from the parent and is repeatable', () => {
    const parent = new Prng(13);
    const child = parent.fork();
    expect(take(child, 8)).not.toEqual(take(parent, 8));
    expect(take(new Prng(13).fork(), 8)).toEqual(take(new Prng(13).fork(), 8));
  });
});

const GOLDEN_SEED_42 = [660444221, 3652823732, 77672526, 910233633];
