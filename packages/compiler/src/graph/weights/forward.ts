// Each unit's value for given inputs, computed from a snapshot's weights with the runtime's
// activation kernels: the weights view's heat maps and the trace's Σwx column. Only for networks
// `describeNetwork` found computable (dense layers with elementwise activations).

import { activationTable, type Activation } from '@nnet/runtime';
import type { DenseLayerView, NetworkView } from './network.js';

export type Weights = Readonly<Record<string, Float32Array | readonly number[]>>;

export interface LayerValues {
  /** Σ wᵢxᵢ + b per sample and unit, [samples, units]. */
  sums: Float32Array;
  /** The layer's output after its activations, [samples, units]. */
  outputs: Float32Array;
}

/** Every dense layer's sums and outputs for `samples` inputs, [samples, view.inputs] row-major. */
export function unitValues(
  view: NetworkView,
  weights: Weights,
  inputs: Float32Array,
  samples: number,
): LayerValues[] {
  if (!view.computable) throw new Error(`unitValues: ${view.model} has layers that are not dense`);
  const result: LayerValues[] = [];
  let x = inputs;
  for (const layer of view.layers as DenseLayerView[]) {
    const kernel = weights[layer.kernel];
    const bias = layer.bias ? weights[layer.bias] : undefined;
    const sums = new Float32Array(samples * layer.units);
    for (let s = 0; s < samples; s++)
      for (let u = 0; u < layer.units; u++) {
        let sum = bias ? bias[u] : 0;
        for (let i = 0; i < layer.inputs; i++)
          sum += x[s * layer.inputs + i] * kernel[i * layer.units + u];
        sums[s * layer.units + u] = sum;
      }
    let outputs = Float32Array.from(sums);
    for (const activation of layer.activations) {
      const kernelOf = (activationTable as Record<string, Activation>)[activation.name];
      if (kernelOf?.kind !== 'elementwise')
        throw new Error(`unitValues: the runtime has no elementwise activation ${activation.name}`);
      const next = new Float32Array(outputs.length);
      kernelOf.forward(outputs, next, outputs.length, activation.alpha);
      outputs = next;
    }
    result.push({ sums, outputs });
    x = outputs;
  }
  return result;
}

/**
 * True when the layer's output always lies in [0, 1] (a probability or a 0/1 step): the view then
 * colours 2u − 1, so ½ is neutral. Measured on the activation kernel itself, not its name.
 */
export function outputsInUnitInterval(layer: DenseLayerView): boolean {
  const last = layer.activations.at(-1);
  const kernelOf = last && (activationTable as Record<string, Activation>)[last.name];
  if (kernelOf?.kind !== 'elementwise') return false;
  const probe = Float32Array.from([-1e4, -3, -0.5, 0, 0.5, 3, 1e4]);
  const out = new Float32Array(probe.length);
  kernelOf.forward(probe, out, probe.length, last!.alpha);
  return out.every((v) => v >= 0 && v <= 1);
}
