// Emits one LSTM or reset_after GRU step's gate math on f32x4 lanes (σ, tanh: activation-module.ts):
// forward from the step's pre-activations (and h·U) to the new state, backward to the gates'
// gradients. Rows are [i f c̃ o] or [z r h] blocks of `units` floats, as kernels/recurrent.

import { lanes, VectorMath, type Curve } from './activation-module.js';
import { FunctionBody, I32, V128, type ExportedFunction } from './assembler.js';

/**
 * lstmCellForward(pre, gates, cellPrevious, cell, cellActivated, hidden, rows, units):
 * per row [i f c̃ o] = [σ σ tanh σ](pre), c = f·c_prev + i·c̃, cellActivated = tanh(c),
 * hidden = o·tanh(c). pre and gates are [rows, 4·units], the rest [rows, units] (byte addresses).
 */
function lstmCellForward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [pre, gates, cellPrevious, cell, cellActivated, hidden, rows, units] = [
    0, 1, 2, 3, 4, 5, 6, 7,
  ];
  const math = new VectorMath(f);
  const [input, forget, candidate, output, state] = [0, 0, 0, 0, 0].map(() => f.local(V128));
  eachCellLane(f, rows, units, 4, ({ load, store, gateAddress, stateAddress }) => {
    const activateGate = (gate: number, local: number, kind: Curve) => {
      load(() => gateAddress(pre, gate));
      f.set(local);
      math[kind](local, local);
      gateAddress(gates, gate);
      f.get(local);
      store();
    };
    activateGate(0, input, 'logistic');
    activateGate(1, forget, 'logistic');
    activateGate(2, candidate, 'hyperbolic');
    activateGate(3, output, 'logistic');
    // c = f·c_prev + i·c̃
    f.get(forget);
    load(() => stateAddress(cellPrevious));
    f.f32x4Mul().get(input).get(candidate).f32x4Mul().f32x4Add().set(state);
    stateAddress(cell);
    f.get(state);
    store();
    math.hyperbolic(state, state);
    stateAddress(cellActivated);
    f.get(state);
    store();
    stateAddress(hidden);
    f.get(output).get(state).f32x4Mul();
    store();
  });
  return { name: 'lstmCellForward', body: f };
}

/**
 * lstmCellBackward(gates, cellPrevious, cellActivated, hiddenGradient, cellGradient,
 * gateGradients, rows, units): from ∂L/∂h_t (hiddenGradient) and ∂L/∂c_t carried from t + 1
 * (cellGradient): gateGradients = ∂L/∂pre for [i f c̃ o], and cellGradient = ∂L/∂c_{t−1}.
 */
function lstmCellBackward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [gates, cellPrevious, cellActivated, hiddenGradient, cellGradient, gateGradients] = [
    0, 1, 2, 3, 4, 5,
  ];
  const [rows, units] = [6, 7];
  const [input, forget, candidate, output, activated, dh, dc] = [0, 0, 0, 0, 0, 0, 0].map(() =>
    f.local(V128),
  );
  const one = f.local(V128);
  f.f32x4Const(1).set(one);
  eachCellLane(f, rows, units, 4, ({ load, store, gateAddress, stateAddress }) => {
    [input, forget, candidate, output].forEach((local, gate) => {
      load(() => gateAddress(gates, gate));
      f.set(local);
    });
    load(() => stateAddress(cellActivated));
    f.set(activated);
    load(() => stateAddress(hiddenGradient));
    f.set(dh);
    // ∂o = dh·tanh(c)·o·(1 − o)
    gateAddress(gateGradients, 3);
    f.get(dh).get(activated).f32x4Mul().get(output).f32x4Mul();
    f.get(one).get(output).f32x4Sub().f32x4Mul();
    store();
    // dc = dh·o·(1 − tanh c)(1 + tanh c) + ∂L/∂c_t from above (1 − y² without cancellation)
    f.get(dh).get(output).f32x4Mul();
    f.get(one).get(activated).f32x4Sub().get(one).get(activated).f32x4Add().f32x4Mul();
    f.f32x4Mul();
    load(() => stateAddress(cellGradient));
    f.f32x4Add().set(dc);
    // ∂i = dc·c̃·i·(1 − i); ∂f = dc·c_prev·f·(1 − f); ∂c̃ = dc·i·(1 − c̃)(1 + c̃)
    gateAddress(gateGradients, 0);
    f.get(dc).get(candidate).f32x4Mul().get(input).f32x4Mul();
    f.get(one).get(input).f32x4Sub().f32x4Mul();
    store();
    gateAddress(gateGradients, 1);
    f.get(dc);
    load(() => stateAddress(cellPrevious));
    f.f32x4Mul().get(forget).f32x4Mul();
    f.get(one).get(forget).f32x4Sub().f32x4Mul();
    store();
    gateAddress(gateGradients, 2);
    f.get(dc).get(input).f32x4Mul();
    f.get(one).get(candidate).f32x4Sub().get(one).get(candidate).f32x4Add().f32x4Mul();
    f.f32x4Mul();
    store();
    // ∂L/∂c_{t−1} = dc·f
    stateAddress(cellGradient);
    f.get(dc).get(forget).f32x4Mul();
    store();
  });
  return { name: 'lstmCellBackward', body: f };
}

/**
 * gruCellForward(pre, products, gates, hiddenPrevious, hidden, recurrentBias, rows, units), the
 * reset_after GRU: products (h_{t−1}·U, [rows, 3·units]) += recurrentBias (0: none);
 * pre_z,r += products_z,r; z, r = σ(pre_z,r); pre_h += r·products_h; h̃ = tanh(pre_h);
 * hidden = z·h_{t−1} + (1 − z)·h̃. Gates are stored activated.
 */
function gruCellForward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [pre, products, gates, hiddenPrevious, hidden, recurrentBias, rows, units] = [
    0, 1, 2, 3, 4, 5, 6, 7,
  ];
  const math = new VectorMath(f);
  const [update, reset, candidate, product] = [0, 0, 0, 0].map(() => f.local(V128));
  const one = f.local(V128);
  f.f32x4Const(1).set(one);
  eachCellLane(f, rows, units, 3, ({ load, store, gateAddress, stateAddress }) => {
    /** product = products[gate] (+ bias[gate]), stored back. */
    const biasedProduct = (gate: number) => {
      load(() => gateAddress(products, gate));
      f.set(product);
      f.get(recurrentBias).if();
      f.get(product);
      load(() => gateAddress(recurrentBias, gate, false));
      f.f32x4Add().set(product);
      gateAddress(products, gate);
      f.get(product);
      store();
      f.end();
    };
    [update, reset].forEach((local, gate) => {
      biasedProduct(gate);
      gateAddress(pre, gate);
      load(() => gateAddress(pre, gate));
      f.get(product).f32x4Add().set(local);
      f.get(local);
      store();
      math.logistic(local, local);
      gateAddress(gates, gate);
      f.get(local);
      store();
    });
    biasedProduct(2);
    gateAddress(pre, 2);
    load(() => gateAddress(pre, 2));
    f.get(reset).get(product).f32x4Mul().f32x4Add().set(candidate);
    f.get(candidate);
    store();
    math.hyperbolic(candidate, candidate);
    gateAddress(gates, 2);
    f.get(candidate);
    store();
    // h = z·h_{t−1} + (1 − z)·h̃
    stateAddress(hidden);
    f.get(update);
    load(() => stateAddress(hiddenPrevious));
    f.f32x4Mul().get(one).get(update).f32x4Sub().get(candidate).f32x4Mul().f32x4Add();
    store();
  });
  return { name: 'gruCellForward', body: f };
}

/**
 * gruCellBackward(gates, products, hiddenPrevious, hiddenGradient, gateGradients,
 * productGradients, rows, units), the adjoint of gruCellForward: from ∂L/∂h_t (hiddenGradient)
 * writes ∂L/∂pre for z, r, h̃ and ∂L/∂products, and replaces hiddenGradient with z·∂L/∂h_t.
 */
function gruCellBackward(): ExportedFunction {
  const f = new FunctionBody([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [gates, products, hiddenPrevious, hiddenGradient, gateGradients, productGradients] = [
    0, 1, 2, 3, 4, 5,
  ];
  const [rows, units] = [6, 7];
  const [update, reset, candidate, dh, dUpdate, dReset, dCandidate] = [0, 0, 0, 0, 0, 0, 0].map(
    () => f.local(V128),
  );
  const one = f.local(V128);
  f.f32x4Const(1).set(one);
  eachCellLane(f, rows, units, 3, ({ load, store, gateAddress, stateAddress }) => {
    [update, reset, candidate].forEach((local, gate) => {
      load(() => gateAddress(gates, gate));
      f.set(local);
    });
    load(() => stateAddress(hiddenGradient));
    f.set(dh);
    // ∂z = dh·(h_{t−1} − h̃)·z(1 − z); ∂h̃ = dh·(1 − z)·(1 − h̃)(1 + h̃)
    f.get(dh);
    load(() => stateAddress(hiddenPrevious));
    f.get(candidate).f32x4Sub().f32x4Mul().get(update).f32x4Mul();
    f.get(one).get(update).f32x4Sub().f32x4Mul().set(dUpdate);
    f.get(dh).get(one).get(update).f32x4Sub().f32x4Mul();
    f.get(one).get(candidate).f32x4Sub().get(one).get(candidate).f32x4Add().f32x4Mul();
    f.f32x4Mul().set(dCandidate);
    // ∂r = ∂h̃·products_h·r(1 − r); ∂products_h = ∂h̃·r
    f.get(dCandidate);
    load(() => gateAddress(products, 2));
    f.f32x4Mul().get(reset).f32x4Mul();
    f.get(one).get(reset).f32x4Sub().f32x4Mul().set(dReset);
    [dUpdate, dReset, dCandidate].forEach((local, gate) => {
      gateAddress(gateGradients, gate);
      f.get(local);
      store();
    });
    gateAddress(productGradients, 0);
    f.get(dUpdate);
    store();
    gateAddress(productGradients, 1);
    f.get(dReset);
    store();
    gateAddress(productGradients, 2);
    f.get(dCandidate).get(reset).f32x4Mul();
    store();
    // The direct part of ∂L/∂h_{t−1}.
    stateAddress(hiddenGradient);
    f.get(dh).get(update).f32x4Mul();
    store();
  });
  return { name: 'gruCellBackward', body: f };
}

/** What the body of eachCellLane sees for one group of four lanes of one row. */
interface CellLane {
  /** Pushes the v128 at the address `address` pushes. */
  load(address: () => void): void;
  /** Stores the v128 on the stack at the address pushed before it. */
  store(): void;
  /** Pushes the byte address of gate `gate`'s lanes in `base`'s row (`inRow` false: in row 0). */
  gateAddress(base: number, gate: number, inRow?: boolean): void;
  /** Pushes the byte address of these lanes in `base`'s [rows, units] state. */
  stateAddress(base: number): void;
}

/**
 * The loop every cell kernel shares: for each of `rows` rows, whose gates are `gates` blocks of
 * `units` floats and whose state is `units` floats, runs `body` on every group of four lanes.
 */
function eachCellLane(
  f: FunctionBody,
  rows: number,
  units: number,
  gates: number,
  body: (lane: CellLane) => void,
): void {
  const row = f.local(I32);
  const gateRow = f.local(I32); // byte offset of the row's block of gates
  const stateRow = f.local(I32); // byte offset of the row's units
  const unitBytes = f.local(I32);
  f.get(units).i32(2).shl().set(unitBytes);
  f.i32(0).set(row).i32(0).set(gateRow).i32(0).set(stateRow);
  f.forLoop(row, rows, 1, () => {
    lanes(f, units, (offset, load, store) =>
      body({
        load,
        store,
        gateAddress: (base, gate, inRow = true) => {
          f.get(base);
          if (inRow) f.get(gateRow).add();
          f.get(offset).add();
          for (let index = 0; index < gate; index++) f.get(unitBytes).add();
        },
        stateAddress: (base) => f.get(base).get(stateRow).add().get(offset).add(),
      }),
    );
    f.get(gateRow).get(unitBytes).i32(gates).mul().add().set(gateRow);
    f.get(stateRow).get(unitBytes).add().set(stateRow);
  });
}

/** The recurrent cells' step kernels, in export order. */
export function recurrentFunctions(): ExportedFunction[] {
  return [lstmCellForward(), lstmCellBackward(), gruCellForward(), gruCellBackward()];
}
