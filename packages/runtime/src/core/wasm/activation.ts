// The JS side of the σ/tanh and LSTM/GRU-step WebAssembly kernels (activation-module.ts,
// recurrent-module.ts), instantiated on the kernel memory: each runs in place when all its arrays
// are in the arena and returns true; false leaves the work to the caller's JS loop.

import { activationFunctions, type Curve } from './activation-module.js';
import { assembleModule } from './assembler.js';
import { wasmGemm } from './gemm.js';
import { wasmApi } from './host-api.js';
import { arenaAddresses } from './elementwise.js';
import { MAXIMUM_PAGES } from './kernel-memory.js';
import { recurrentFunctions } from './recurrent-module.js';

type Kernel = (...args: number[]) => void;

interface ActivationKernels {
  logisticForward: Kernel;
  hyperbolicForward: Kernel;
  logisticBackward: Kernel;
  hyperbolicBackward: Kernel;
  lstmCellForward: Kernel;
  lstmCellBackward: Kernel;
  gruCellForward: Kernel;
  gruCellBackward: Kernel;
}

let instance: ActivationKernels | undefined;

/** The module's bytes (exported for the validation test). */
export function activationModuleBytes(shared: boolean): Uint8Array {
  return assembleModule({ initialPages: 1, maximumPages: MAXIMUM_PAGES, shared }, [
    ...activationFunctions(),
    ...recurrentFunctions(),
  ]);
}

function kernels(): ActivationKernels {
  if (instance === undefined) {
    const memory = wasmGemm();
    const api = wasmApi()!;
    const module = new api.Module(activationModuleBytes(memory.shared));
    const created = new api.Instance(module, { env: { memory: memory.memory } });
    instance = created.exports as unknown as ActivationKernels;
  }
  return instance;
}

/** out[i] = σ(x[i]) or tanh(x[i]) for i < count (out may alias x), within a few ulps. */
export function wasmActivationForward(
  kind: Curve,
  x: Float32Array,
  out: Float32Array,
  count: number,
): boolean {
  const at = arenaAddresses(count, [x, out]);
  if (at === undefined) return false;
  const run = kind === 'logistic' ? kernels().logisticForward : kernels().hyperbolicForward;
  run(at[0], at[1], count);
  return true;
}

/** dx = dy·y·(1 − y) (σ) or dy·(1 − y²) (tanh), in float32 (dx may alias dy). */
export function wasmActivationBackward(
  kind: Curve,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  count: number,
): boolean {
  const at = arenaAddresses(count, [y, dy, dx]);
  if (at === undefined) return false;
  const run = kind === 'logistic' ? kernels().logisticBackward : kernels().hyperbolicBackward;
  run(at[0], at[1], at[2], count);
  return true;
}

/** Float offsets into each array where one LSTM step's rows start. */
export interface LstmStepOffsets {
  /** Into pre-activations, gates and gate gradients ([rows, 4·units] blocks). */
  gates: number;
  /** Into the cell array for c_{t−1}; c_t is one block of rows·units further. */
  cellPrevious: number;
  /** Into cellActivated and the hidden array (h_t). */
  cellActivated: number;
  hidden: number;
}

const byteAddress = (base: number, floatOffset: number) => base + 4 * floatOffset;

/**
 * One LSTM step forward (recurrent-module.ts) on `rows` rows of `units`, when every array is in
 * the arena: gates = [σ σ tanh σ](pre), cell[c_t] = f·c_{t−1} + i·c̃, cellActivated = tanh(c_t),
 * hidden = o·tanh(c_t).
 */
export function wasmLstmStepForward(
  pre: Float32Array,
  gates: Float32Array,
  cell: Float32Array,
  cellActivated: Float32Array,
  hidden: Float32Array,
  offsets: LstmStepOffsets,
  rows: number,
  units: number,
): boolean {
  const at = arenaAddresses(rows * 4 * units, [pre, gates, cell, cellActivated, hidden]);
  if (at === undefined) return false;
  const block = rows * units;
  kernels().lstmCellForward(
    byteAddress(at[0], offsets.gates),
    byteAddress(at[1], offsets.gates),
    byteAddress(at[2], offsets.cellPrevious),
    byteAddress(at[2], offsets.cellPrevious + block),
    byteAddress(at[3], offsets.cellActivated),
    byteAddress(at[4], offsets.hidden),
    rows,
    units,
  );
  return true;
}

/**
 * One LSTM step backward: from hiddenGradient (∂L/∂h_t) and cellGradient (∂L/∂c_t from the step
 * above), writes the step's gate gradients and overwrites cellGradient with ∂L/∂c_{t−1}.
 */
export function wasmLstmStepBackward(
  gates: Float32Array,
  cell: Float32Array,
  cellActivated: Float32Array,
  hiddenGradient: Float32Array,
  cellGradient: Float32Array,
  gateGradients: Float32Array,
  offsets: Omit<LstmStepOffsets, 'hidden'>,
  rows: number,
  units: number,
): boolean {
  const views = [gates, cell, cellActivated, hiddenGradient, cellGradient, gateGradients];
  const at = arenaAddresses(rows * 4 * units, views);
  if (at === undefined) return false;
  kernels().lstmCellBackward(
    byteAddress(at[0], offsets.gates),
    byteAddress(at[1], offsets.cellPrevious),
    byteAddress(at[2], offsets.cellActivated),
    at[3],
    at[4],
    byteAddress(at[5], offsets.gates),
    rows,
    units,
  );
  return true;
}

/**
 * One reset_after GRU step forward (recurrent-module.ts) at step offsets `gates` (into pre,
 * products and gates, [rows, 3·units] blocks) and `hidden` (h_{t−1}; h_t one block further);
 * recurrentBias is b' (3·units floats at biasOffset) or null.
 */
export function wasmGruStepForward(
  pre: Float32Array,
  products: Float32Array,
  gates: Float32Array,
  hidden: Float32Array,
  recurrentBias: Float32Array | null,
  biasOffset: number,
  offsets: { gates: number; hidden: number },
  rows: number,
  units: number,
): boolean {
  const views = recurrentBias
    ? [pre, products, gates, hidden, recurrentBias]
    : [pre, products, gates, hidden];
  const at = arenaAddresses(rows * 3 * units, views);
  if (at === undefined) return false;
  kernels().gruCellForward(
    byteAddress(at[0], offsets.gates),
    byteAddress(at[1], offsets.gates),
    byteAddress(at[2], offsets.gates),
    byteAddress(at[3], offsets.hidden),
    byteAddress(at[3], offsets.hidden + rows * units),
    recurrentBias ? byteAddress(at[4], biasOffset) : 0,
    rows,
    units,
  );
  return true;
}

/**
 * One reset_after GRU step backward: from hiddenGradient = ∂L/∂h_t writes the step's gate
 * gradients and product gradients, and replaces hiddenGradient with z·∂L/∂h_t.
 */
export function wasmGruStepBackward(
  gates: Float32Array,
  products: Float32Array,
  hidden: Float32Array,
  hiddenGradient: Float32Array,
  gateGradients: Float32Array,
  productGradients: Float32Array,
  offsets: { gates: number; hidden: number },
  rows: number,
  units: number,
): boolean {
  const views = [gates, products, hidden, hiddenGradient, gateGradients, productGradients];
  const at = arenaAddresses(rows * 3 * units, views);
  if (at === undefined) return false;
  kernels().gruCellBackward(
    byteAddress(at[0], offsets.gates),
    byteAddress(at[1], offsets.gates),
    byteAddress(at[2], offsets.hidden),
    at[3],
    byteAddress(at[4], offsets.gates),
    byteAddress(at[5], offsets.gates),
    rows,
    units,
  );
  return true;
}
