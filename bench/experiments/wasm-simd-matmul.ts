// An experimental WebAssembly SIMD (f32x4) matrix product, assembled here byte by byte so no
// toolchain is needed: out[m, n] = a[m, k] · b[k, n] on row-major float32 in a wasm memory,
// register tiles of 4 rows × 8 columns (4 × 2 v128 sums), then 4 × 4 for a leftover 4 columns.
// Sums are float32 (as BLAS, XNNPACK and tfjs do), unlike the runtime's float64 JS kernels.
// Needs m % 4 = 0 and n % 4 = 0; callers fall back to the JS kernels otherwise.

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function sleb(value: number): number[] {
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

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (text: string): number[] => vec([...Buffer.from(text, 'utf8')].map((b) => [b]));

// Instructions.
const get = (local: number) => [0x20, ...uleb(local)];
const set = (local: number) => [0x21, ...uleb(local)];
const i32 = (value: number) => [0x41, ...sleb(value)];
const add = [0x6a];
const mul = [0x6c];
const ltS = [0x48];
const gtS = [0x4a];
const shl = [0x74];
const block = [0x02, 0x40];
const loop = [0x03, 0x40];
const end = [0x0b];
const br = (depth: number) => [0x0c, ...uleb(depth)];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const f32Load = [0x2a, 0x02, 0x00];
const v128Load = (offset: number) => [0xfd, 0x00, 0x04, ...uleb(offset)];
const v128Store = (offset: number) => [0xfd, 0x0b, 0x04, ...uleb(offset)];
const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const f32x4Splat = [0xfd, 0x13];
const f32x4Add = [0xfd, ...uleb(228)];
const f32x4Mul = [0xfd, ...uleb(230)];

// Parameters (byte addresses and sizes), then locals.
const [A, B, OUT, M, K, N] = [0, 1, 2, 3, 4, 5];
const [I, J, P, ROW, B_ADDRESS, K_BYTES, N_BYTES, OUT_ADDRESS] = [6, 7, 8, 9, 10, 11, 12, 13];
const ROWS = 4;
const FIRST_V128 = 14; // ROWS × 2 sums, 2 b vectors, 1 splat

/** The p-loop and stores for one ROWS × (vectors·4) tile at (I, J); leaves J advanced. */
function tile(vectors: number): number[] {
  const sum = (r: number, v: number) => FIRST_V128 + r * 2 + v;
  const bVector = (v: number) => FIRST_V128 + ROWS * 2 + v;
  const splat = FIRST_V128 + ROWS * 2 + 2;
  const code: number[] = [];
  for (let r = 0; r < ROWS; r++)
    for (let v = 0; v < vectors; v++) code.push(...v128Zero, ...set(sum(r, v)));
  // B_ADDRESS = b + J·4; ROW = a + I·K·4 (row r at ROW + r·K_BYTES); P = 0 (byte offset along the row)
  code.push(...get(B), ...get(J), ...i32(2), ...shl, ...add, ...set(B_ADDRESS));
  code.push(...get(A), ...get(I), ...get(K_BYTES), ...mul, ...add, ...set(ROW));
  code.push(...i32(0), ...set(P));
  code.push(...loop);
  for (let v = 0; v < vectors; v++)
    code.push(...get(B_ADDRESS), ...v128Load(16 * v), ...set(bVector(v)));
  for (let r = 0; r < ROWS; r++) {
    code.push(...get(ROW), ...get(P), ...add);
    if (r > 0) code.push(...get(K_BYTES), ...i32(r), ...mul, ...add);
    code.push(...f32Load, ...f32x4Splat, ...set(splat));
    for (let v = 0; v < vectors; v++) {
      code.push(
        ...get(sum(r, v)),
        ...get(splat),
        ...get(bVector(v)),
        ...f32x4Mul,
        ...f32x4Add,
        ...set(sum(r, v)),
      );
    }
  }
  code.push(...get(B_ADDRESS), ...get(N_BYTES), ...add, ...set(B_ADDRESS));
  code.push(...get(P), ...i32(4), ...add, ...set(P));
  code.push(...get(P), ...get(K_BYTES), ...ltS, ...brIf(0), ...end);
  // OUT_ADDRESS = out + (I·N + J)·4
  code.push(
    ...get(OUT),
    ...get(I),
    ...get(N),
    ...mul,
    ...get(J),
    ...add,
    ...i32(2),
    ...shl,
    ...add,
    ...set(OUT_ADDRESS),
  );
  for (let r = 0; r < ROWS; r++) {
    for (let v = 0; v < vectors; v++) {
      code.push(...get(OUT_ADDRESS));
      if (r > 0) code.push(...get(N_BYTES), ...i32(r), ...mul, ...add);
      code.push(...get(sum(r, v)), ...v128Store(16 * v));
    }
  }
  code.push(...get(J), ...i32(4 * vectors), ...add, ...set(J));
  return code;
}

function matmulBody(): number[] {
  const code: number[] = [];
  code.push(...get(K), ...i32(2), ...shl, ...set(K_BYTES));
  code.push(...get(N), ...i32(2), ...shl, ...set(N_BYTES));
  code.push(...i32(0), ...set(I));
  code.push(...block, ...loop); // rows, 4 at a time
  code.push(...get(I), ...get(M), ...ltS, ...i32(1), ...[0x73] /* i32.xor */, ...brIf(1));
  code.push(...i32(0), ...set(J));
  // 8-wide tiles while J + 8 ≤ N
  code.push(...block, ...loop);
  code.push(...get(J), ...i32(8), ...add, ...get(N), ...gtS, ...brIf(1));
  code.push(...tile(2), ...br(0), ...end, ...end);
  // one 4-wide tile if 4 columns are left
  code.push(
    ...block,
    ...get(J),
    ...i32(4),
    ...add,
    ...get(N),
    ...gtS,
    ...brIf(0),
    ...tile(1),
    ...end,
  );
  code.push(...get(I), ...i32(ROWS), ...add, ...set(I), ...br(0), ...end, ...end);
  return code;
}

function moduleBytes(): Uint8Array {
  const body = [
    ...vec([
      [...uleb(8), I32],
      [...uleb(ROWS * 2 + 3), V128],
    ]),
    ...matmulBody(),
    ...end,
  ];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(new Array(6).fill([I32])), ...vec([])]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...name('matmul'), 0x00, 0x00]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

export interface WasmMatmul {
  memory: WebAssembly.Memory;
  /** out = a · b on byte addresses in `memory`. */
  matmul(a: number, b: number, out: number, m: number, k: number, n: number): void;
}

export function instantiateWasmMatmul(pages = 256): WasmMatmul {
  const memory = new WebAssembly.Memory({ initial: pages });
  const module = new WebAssembly.Module(moduleBytes());
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { memory, matmul: instance.exports.matmul as WasmMatmul['matmul'] };
}

/**
 * `matmul(a, b, out, m, k, n)` on ordinary Float32Arrays through the wasm kernel: copies a and b
 * into wasm memory and the product out (what a runtime whose buffers live in JS arrays would pay);
 * with `copy = false` it copies the inputs on the first call only, as if they lived in wasm memory.
 */
export function wasmMatmulOnArrays(copy = true) {
  const wasm = instantiateWasmMatmul();
  let copied = false;
  return (
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    m: number,
    k: number,
    n: number,
  ): void => {
    const needed = (m * k + k * n + m * n) * 4;
    if (wasm.memory.buffer.byteLength < needed) {
      wasm.memory.grow(Math.ceil((needed - wasm.memory.buffer.byteLength) / 65536));
    }
    const heap = new Float32Array(wasm.memory.buffer);
    const bStart = m * k;
    const outStart = bStart + k * n;
    if (copy || !copied) {
      heap.set(a.subarray(0, m * k), 0);
      heap.set(b.subarray(0, k * n), bStart);
      copied = true;
    }
    wasm.matmul(0, bStart * 4, outStart * 4, m, k, n);
    out.set(heap.subarray(outStart, outStart + m * n));
  };
}
