// Emits σ and tanh on f32x4 lanes (WebAssembly has no exp): e^z by Cody–Waite range reduction,
// z = n·ln 2 + t with |t| ≤ ½ln 2, 2ⁿ built in the exponent bits and e^t − 1 as its degree-7
// Taylor polynomial. Within 2.5 float32 ulps (docs/kernels.md); ±0, ±∞ and NaN as Math's.

import { FunctionBody, I32, V128, type ExportedFunction } from './assembler.js';
import { lanes as eachLane } from './elementwise-module.js';

/** Below this e^z is subnormal; σ flushes it to 0 (an absolute error under 1.2e-38). */
const SUBNORMAL_EXPONENT = -87.33654;
/** z is clamped up to this so that n ≥ −126 and 2ⁿ stays a normal float. */
const SMALLEST_EXPONENT = -87.5;
const LOG2_E = 1.4426950408889634;
/** 1.5·2²³ + 127: floats near it are integers, and its low mantissa bits hold 127 (the exponent bias). */
const ROUNDING_BIAS = 12583039;
/** ln 2 split so n·LN2_HIGH is exact for |n| ≤ 256 (LN2_HIGH has 16 significant bits). */
const LN2_HIGH = 0.693145751953125;
const LN2_LOW = 1.428606765330187e-6;
/** 1/2!, 1/3!, …, 1/7!: e^t − 1 = t + t²(1/2! + t(1/3! + …)), truncation under 6e-9 on |t| ≤ ½ln 2. */
const TAYLOR = [1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040];

/** σ is the logistic curve, tanh the hyperbolic tangent (the kernels' names for them). */
export type Curve = 'logistic' | 'hyperbolic';

/**
 * The vector math of one function: constants in locals set at its start, and scratch locals.
 * Each method reads v128 locals and sets a v128 local; nothing is left on the stack.
 */
export class VectorMath {
  private readonly constant = new Map<number, number>();
  private readonly z: number;
  private readonly n: number;
  private readonly t: number;
  private readonly s: number;
  private readonly q: number;

  constructor(private readonly f: FunctionBody) {
    const values = [
      SUBNORMAL_EXPONENT,
      SMALLEST_EXPONENT,
      LOG2_E,
      ROUNDING_BIAS,
      LN2_HIGH,
      LN2_LOW,
      ...TAYLOR,
      1,
      -2,
    ];
    for (const value of values) {
      const local = f.local(V128);
      f.f32x4Const(value).set(local);
      this.constant.set(value, local);
    }
    [this.z, this.n, this.t, this.s, this.q] = [0, 0, 0, 0, 0].map(() => f.local(V128));
  }

  /** Pushes the local holding the splat constant `value` (one of the constructor's). */
  private c(value: number): FunctionBody {
    return this.f.get(this.constant.get(value)!);
  }

  /** From z ≤ 0 (or NaN): s = 2ⁿ and q ≈ e^t − 1 with e^z = s·(1 + q). */
  private exponential(): void {
    const { f, z, n, t, s, q } = this;
    f.get(z);
    this.c(SMALLEST_EXPONENT);
    f.f32x4Max().set(t); // max keeps NaN
    // n = round(t·log₂e): adding ROUNDING_BIAS rounds to an integer (ties to even) and leaves
    // n + 127 in the low mantissa bits, so s = 2ⁿ is those bits shifted into the exponent.
    f.get(t);
    this.c(LOG2_E);
    f.f32x4Mul();
    this.c(ROUNDING_BIAS);
    f.f32x4Add().set(n);
    f.get(n).i32(23).i32x4Shl().set(s);
    f.get(n);
    this.c(ROUNDING_BIAS);
    f.f32x4Sub().set(n);
    f.get(t).get(n);
    this.c(LN2_HIGH);
    f.f32x4Mul().f32x4Sub().get(n);
    this.c(LN2_LOW);
    f.f32x4Mul().f32x4Sub().set(t);
    // q = t + t²·(1/2 + t·(1/6 + …)) by Horner.
    this.c(TAYLOR[TAYLOR.length - 1]);
    for (let index = TAYLOR.length - 2; index >= 0; index--) {
      f.get(t).f32x4Mul();
      this.c(TAYLOR[index]);
      f.f32x4Add();
    }
    f.get(t).f32x4Mul().get(t).f32x4Mul().get(t).f32x4Add().set(q);
  }

  /** out = σ(x) = 1/(1 + e^(−x)), from e^(−|x|) so nothing overflows. */
  logistic(x: number, out: number): void {
    const { f, z, s, q } = this;
    f.get(x).f32x4Abs().f32x4Neg().set(z);
    this.exponential();
    // e = s + s·q; f = e/(1 + e), 0 where e^z is subnormal.
    f.get(s).get(s).get(q).f32x4Mul().f32x4Add().set(q);
    f.get(q).get(q);
    this.c(1);
    f.f32x4Add().f32x4Div();
    f.get(z);
    this.c(SUBNORMAL_EXPONENT);
    f.f32x4Lt().v128AndNot().set(q);
    // σ(x) = 1 − f for x > 0, else f (NaN stays NaN).
    this.c(1);
    f.get(q).f32x4Sub().get(q).get(x).v128Zero().f32x4Gt().v128Bitselect().set(out);
  }

  /** out = tanh(x) = sign(x)·(−m)/(2 + m) with m = e^(−2|x|) − 1, accurate near 0 too. */
  hyperbolic(x: number, out: number): void {
    const { f, z, s, q } = this;
    f.get(x).f32x4Abs();
    this.c(-2);
    f.f32x4Mul().set(z);
    this.exponential();
    // m = (s − 1) + s·q
    f.get(s);
    this.c(1);
    f.f32x4Sub().get(s).get(q).f32x4Mul().f32x4Add().set(q);
    // |tanh| = m / (−2 − m); the sign bit from x.
    f.get(q);
    this.c(-2);
    f.get(q).f32x4Sub().f32x4Div();
    f.get(x).i32x4Const(0x7fffffff).v128Bitselect().set(out);
  }
}

/**
 * Emits `for (offset = 0; offset < count·4; …)` over byte offsets: f32x4 steps while four floats
 * remain, then one float at a time (`vector` false: loads splat one float, stores lane 0).
 */
export function lanes(
  f: FunctionBody,
  count: number,
  body: (offset: number, load: (address: () => void) => void, store: () => void) => void,
): void {
  eachLane(f, count, (offset, vector) =>
    body(
      offset,
      (address) => {
        address();
        if (vector) f.v128Load();
        else f.v128Load32Splat();
      },
      () => (vector ? f.v128Store() : f.f32x4ExtractLane(0).f32Store()),
    ),
  );
}

/** logisticForward / hyperbolicForward(x, out, count): out = σ(x) or tanh(x) (out may alias x). */
function activationForward(name: Curve): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32]);
  const [x, out, count] = [0, 1, 2];
  const math = new VectorMath(f);
  const value = f.local(V128);
  lanes(f, count, (offset, load, store) => {
    f.get(out).get(offset).add();
    load(() => f.get(x).get(offset).add());
    f.set(value);
    math[name](value, value);
    f.get(value);
    store();
  });
  return { name: `${name}Forward`, body: f };
}

/** logisticBackward / hyperbolicBackward(y, dy, dx, count): dx = dy·y·(1 − y) or dy·(1 − y)(1 + y). */
function activationBackward(name: Curve): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32]);
  const [y, dy, dx, count] = [0, 1, 2, 3];
  const value = f.local(V128);
  const one = f.local(V128);
  f.f32x4Const(1).set(one);
  lanes(f, count, (offset, load, store) => {
    f.get(dx).get(offset).add();
    load(() => f.get(y).get(offset).add());
    f.set(value);
    load(() => f.get(dy).get(offset).add());
    if (name === 'logistic') {
      f.get(value).f32x4Mul().get(one).get(value).f32x4Sub().f32x4Mul();
    } else {
      // 1 − y² as (1 − y)(1 + y): no cancellation when |y| is near 1.
      f.get(one).get(value).f32x4Sub().get(one).get(value).f32x4Add().f32x4Mul().f32x4Mul();
    }
    store();
  });
  return { name: `${name}Backward`, body: f };
}

/** The elementwise σ and tanh kernels, forward and backward, in export order. */
export function activationFunctions(): ExportedFunction[] {
  return [
    activationForward('logistic'),
    activationForward('hyperbolic'),
    activationBackward('logistic'),
    activationBackward('hyperbolic'),
  ];
}
