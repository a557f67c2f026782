// A small typed WebAssembly assembler: functions are written as TypeScript that emits their body
// instruction by instruction (`FunctionBody`), and `assembleModule` wraps them into a module that
// imports one memory. Only the opcodes the kernels use; every encoding follows the core spec.

export const I32 = 0x7f;
export const V128 = 0x7b;
export const F64 = 0x7c;
export type ValueType = typeof I32 | typeof V128 | typeof F64;

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

const vector = (items: number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [
  id,
  ...unsignedLeb(body.length),
  ...body,
];
const utf8Name = (text: string): number[] =>
  vector(Array.from(new TextEncoder().encode(text), (byte) => [byte]));

const SIMD = 0xfd;
/** Memory immediates: alignment exponent, then the constant byte offset. */
const memoryArgument = (alignment: number, offset: number) => [alignment, ...unsignedLeb(offset)];

/** One function's parameters, locals and code; methods append instructions and chain. */
export class FunctionBody {
  readonly code: number[] = [];
  private readonly localTypes: ValueType[] = [];

  constructor(readonly params: readonly ValueType[]) {}

  /** A new local of the given type; returns its index. */
  local(type: ValueType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  private emit(...bytes: number[]): this {
    for (const byte of bytes) this.code.push(byte);
    return this;
  }

  get(local: number): this {
    return this.emit(0x20, ...unsignedLeb(local));
  }
  set(local: number): this {
    return this.emit(0x21, ...unsignedLeb(local));
  }
  i32(value: number): this {
    return this.emit(0x41, ...signedLeb(value));
  }
  add(): this {
    return this.emit(0x6a);
  }
  sub(): this {
    return this.emit(0x6b);
  }
  mul(): this {
    return this.emit(0x6c);
  }
  shl(): this {
    return this.emit(0x74);
  }
  shrU(): this {
    return this.emit(0x76);
  }
  and(): this {
    return this.emit(0x71);
  }
  ltU(): this {
    return this.emit(0x49);
  }
  geU(): this {
    return this.emit(0x4f);
  }
  eqz(): this {
    return this.emit(0x45);
  }
  drop(): this {
    return this.emit(0x1a);
  }
  block(): this {
    return this.emit(0x02, 0x40);
  }
  loop(): this {
    return this.emit(0x03, 0x40);
  }
  if(): this {
    return this.emit(0x04, 0x40);
  }
  else(): this {
    return this.emit(0x05);
  }
  end(): this {
    return this.emit(0x0b);
  }
  br(depth: number): this {
    return this.emit(0x0c, ...unsignedLeb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...unsignedLeb(depth));
  }
  f32Load(offset = 0): this {
    return this.emit(0x2a, ...memoryArgument(2, offset));
  }
  f32Store(offset = 0): this {
    return this.emit(0x38, ...memoryArgument(2, offset));
  }
  /** A v128 constant whose four f32 lanes are all `value` (rounded to float32). */
  f32x4Const(value: number): this {
    const bytes = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
    return this.emit(SIMD, 0x0c, ...bytes);
  }
  /** A v128 constant whose four i32 lanes are all `value`. */
  i32x4Const(value: number): this {
    const bytes = new Uint8Array(new Int32Array([value, value, value, value]).buffer);
    return this.emit(SIMD, 0x0c, ...bytes);
  }
  /** Pops a v128, pushes its f32 lane `lane`. */
  f32x4ExtractLane(lane: number): this {
    return this.emit(SIMD, 0x1f, lane);
  }
  f32x4Abs(): this {
    return this.emit(SIMD, ...unsignedLeb(0xe0));
  }
  f32x4Neg(): this {
    return this.emit(SIMD, ...unsignedLeb(0xe1));
  }
  /** Lanes of all ones where a < b, else zeros. */
  f32x4Lt(): this {
    return this.emit(SIMD, ...unsignedLeb(0x43));
  }
  /** Pops an i32 count and a v128; shifts each i32 lane left by the count. */
  i32x4Shl(): this {
    return this.emit(SIMD, ...unsignedLeb(0xab));
  }
  /** Pops b, a; pushes a & ~b. */
  v128AndNot(): this {
    return this.emit(SIMD, ...unsignedLeb(0x4f));
  }
  /** Pops mask, b, a; pushes (a & mask) | (b & ~mask). */
  v128Bitselect(): this {
    return this.emit(SIMD, ...unsignedLeb(0x52));
  }
  f32Add(): this {
    return this.emit(0x92);
  }
  f32Sub(): this {
    return this.emit(0x93);
  }
  f32Mul(): this {
    return this.emit(0x94);
  }
  f32Max(): this {
    return this.emit(0x97);
  }
  f32Gt(): this {
    return this.emit(0x5e);
  }
  /** Pops c, b, a; pushes a when c ≠ 0, else b. */
  select(): this {
    return this.emit(0x1b);
  }
  f32Const0(): this {
    return this.emit(0x43, 0, 0, 0, 0);
  }
  v128Load(offset = 0): this {
    return this.emit(SIMD, 0x00, ...memoryArgument(0, offset));
  }
  v128Store(offset = 0): this {
    return this.emit(SIMD, 0x0b, ...memoryArgument(0, offset));
  }
  /** Loads one f32 and repeats it in all four lanes. */
  v128Load32Splat(offset = 0): this {
    return this.emit(SIMD, 0x09, ...memoryArgument(2, offset));
  }
  /** Pops b, a; pushes the 16 bytes lanes[i] of a‖b (0–15 from a, 16–31 from b). */
  i8x16Shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16 || lanes.some((lane) => !(lane >= 0 && lane < 32)))
      throw new Error('i8x16Shuffle takes 16 byte lanes, each 0–31');
    return this.emit(SIMD, 0x0d, ...lanes);
  }
  v128Zero(): this {
    return this.emit(SIMD, 0x0c, ...new Array<number>(16).fill(0));
  }
  f32x4Add(): this {
    return this.emit(SIMD, ...unsignedLeb(0xe4));
  }
  f32x4Sub(): this {
    return this.emit(SIMD, ...unsignedLeb(0xe5));
  }
  f32x4Mul(): this {
    return this.emit(SIMD, ...unsignedLeb(0xe6));
  }
  f32x4Div(): this {
    return this.emit(SIMD, ...unsignedLeb(0xe7));
  }
  f32x4Sqrt(): this {
    return this.emit(SIMD, ...unsignedLeb(0xe3));
  }
  f32x4Max(): this {
    return this.emit(SIMD, ...unsignedLeb(0xe9));
  }
  /** Lanes of all ones where a > b, else zeros. */
  f32x4Gt(): this {
    return this.emit(SIMD, ...unsignedLeb(0x44));
  }
  v128And(): this {
    return this.emit(SIMD, ...unsignedLeb(0x4e));
  }
  f32x4Splat(): this {
    return this.emit(SIMD, 0x13);
  }
  i32Load(offset = 0): this {
    return this.emit(0x28, ...memoryArgument(2, offset));
  }
  i32Store(offset = 0): this {
    return this.emit(0x36, ...memoryArgument(2, offset));
  }
  f64Load(offset = 0): this {
    return this.emit(0x2b, ...memoryArgument(3, offset));
  }
  /** f32 → f64 (exact). */
  f64PromoteF32(): this {
    return this.emit(0xbb);
  }
  /** f64 → f32 (rounded to nearest). */
  f32DemoteF64(): this {
    return this.emit(0xb6);
  }
  f64Add(): this {
    return this.emit(0xa0);
  }
  f64Mul(): this {
    return this.emit(0xa2);
  }
  /** A v128 constant from its 16 little-endian bytes. */
  v128Const(bytes: readonly number[]): this {
    if (bytes.length !== 16) throw new Error('v128Const takes 16 bytes');
    return this.emit(SIMD, 0x0c, ...bytes);
  }
  i32x4Splat(): this {
    return this.emit(SIMD, 0x11);
  }
  i32x4Add(): this {
    return this.emit(SIMD, ...unsignedLeb(0xae));
  }

  /** `for (; counter < limit; counter += step) body()` (unsigned); body leaves the stack empty. */
  forLoop(counter: number, limit: number, step: number, body: () => void): this {
    this.block().loop();
    this.get(counter).get(limit).geU().brIf(1);
    body();
    this.get(counter).i32(step).add().set(counter);
    this.br(0).end().end();
    return this;
  }

  /** The function body's bytes: local declarations, code, end. */
  encode(): number[] {
    const groups: number[][] = [];
    for (const type of this.localTypes) groups.push([...unsignedLeb(1), type]);
    const bytes = [...vector(groups), ...this.code, 0x0b];
    return [...unsignedLeb(bytes.length), ...bytes];
  }
}

export interface ExportedFunction {
  name: string;
  body: FunctionBody;
}

export interface MemoryImport {
  initialPages: number;
  maximumPages: number;
  shared: boolean;
}

/** A module importing `env.memory` and exporting the given functions (no results). */
export function assembleModule(memory: MemoryImport, functions: ExportedFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.body.params.map((t) => [t])), 0x00]);
  const limits = memory.shared
    ? [0x03, ...unsignedLeb(memory.initialPages), ...unsignedLeb(memory.maximumPages)]
    : [0x01, ...unsignedLeb(memory.initialPages), ...unsignedLeb(memory.maximumPages)];
  const memoryImport = [...utf8Name('env'), ...utf8Name('memory'), 0x02, ...limits];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, index) => unsignedLeb(index)))),
    ...section(
      7,
      vector(functions.map((f, index) => [...utf8Name(f.name), 0x00, ...unsignedLeb(index)])),
    ),
    ...section(10, vector(functions.map((f) => f.body.encode()))),
  ]);
}
