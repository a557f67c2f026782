// A seeded pseudo-random generator (xoshiro128**, state seeded by splitmix32) for initializers,
// dropout and shuffling. The same seed gives the same sequence, bit for bit, on every platform
// (integer arithmetic only; normals add Math.log/sqrt/cos/sin on top).

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;

/** One step of splitmix32: advances `state[0]` and returns a well-mixed 32-bit value. */
function splitMix32(state: Uint32Array): number {
  state[0] = (state[0] + 0x9e3779b9) >>> 0;
  let z = state[0];
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** The full state of a generator, enough to resume its sequence exactly. */
export interface PrngState {
  words: [number, number, number, number];
  spareNormal: number | null;
}

export class Prng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Box–Muller makes normals in pairs; the second one waits here. */
  private spareNormal = 0;
  private hasSpareNormal = false;

  /** `seed` is any finite number; its integer part (up to 2^53) selects the sequence. */
  constructor(seed: number) {
    const whole = Math.trunc(seed);
    const low = whole >>> 0;
    const high = Math.floor(whole / TWO_POW_32) >>> 0;
    const mixer = new Uint32Array([low]);
    mixer[0] = (mixer[0] ^ Math.imul(high, 0x85ebca6b)) >>> 0;
    this.s0 = splitMix32(mixer);
    this.s1 = splitMix32(mixer);
    this.s2 = splitMix32(mixer);
    this.s3 = splitMix32(mixer);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one forbidden state
  }

  /** The next value in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const rotated = Math.imul(s1, 5);
    const result = Math.imul((rotated << 7) | (rotated >>> 25), 9) >>> 0;
    const shifted = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= shifted;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A uniform float in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() * TWO_POW_MINUS_32;
  }

  /**
   * Fills out[0 … count) with the next `count` values of nextFloat(), the same sequence, with the
   * state kept in locals for the loop (dropout draws one per value).
   */
  fillUniform(out: Float64Array, count: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < count; i++) {
      const rotated = Math.imul(s1, 5);
      out[i] = (Math.imul((rotated << 7) | (rotated >>> 25), 9) >>> 0) * TWO_POW_MINUS_32;
      const shifted = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= shifted;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** A uniform integer in [0, bound), without modulo bias; 1 <= bound <= 2^32. */
  nextInt(bound: number): number {
    if (!(bound >= 1 && bound <= TWO_POW_32)) throw new RangeError(`nextInt bound ${bound}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % bound);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % bound;
  }

  /** A uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextFloat();
  }

  /** A normal sample (Box–Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, standardDeviation = 1): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return mean + standardDeviation * this.spareNormal;
    }
    const u1 = 1 - this.nextFloat(); // in (0, 1], so the log is finite
    const u2 = this.nextFloat();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpareNormal = true;
    return mean + standardDeviation * radius * Math.cos(angle);
  }

  /** Fisher–Yates shuffle in place; every permutation equally likely. */
  shuffle(array: Int32Array | Uint32Array | Float32Array | number[]): void {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const held = array[i];
      array[i] = array[j];
      array[j] = held;
    }
  }

  /** A new generator whose sequence is independent of this one's continuation. */
  fork(): Prng {
    const child = new Prng(0);
    child.s0 = this.nextUint32();
    child.s1 = this.nextUint32();
    child.s2 = this.nextUint32();
    child.s3 = this.nextUint32();
    if ((child.s0 | child.s1 | child.s2 | child.s3) === 0) child.s0 = 1;
    return child;
  }

  getState(): PrngState {
    return {
      words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0],
      spareNormal: this.hasSpareNormal ? this.spareNormal : null,
    };
  }

  setState(state: PrngState): void {
    [this.s0, this.s1, this.s2, this.s3] = state.words.map((word) => word | 0);
    this.hasSpareNormal = state.spareNormal !== null;
    this.spareNormal = state.spareNormal ?? 0;
  }
}
