// Argument descriptions that several layers share word for word (activation, bias, strides,
// padding, dilation, return_sequences), so each is written once. Takes nothing, produces `ArgSpec`s;
// each layer file still lists its own arguments in order.

import { activationValue } from '../arg-values.js';
import type { ArgSpec } from '../types.js';

/** The activation applied to the layer's output; absent means none (linear). */
export function outputActivationArg(): ArgSpec {
  return {
    name: 'activation',
    type: { kind: 'activation' },
    doc: 'Activation applied to the output, e.g. `relu`; none (linear) when left out.',
  };
}

/** An activation argument with a default (a recurrent layer's `activation`, `recurrent_activation`). */
export function defaultedActivationArg(
  name: string,
  defaultName: string,
  doc: string,
  namedOnly = false,
): ArgSpec {
  return {
    name,
    type: { kind: 'activation' },
    doc,
    default: activationValue(defaultName),
    ...(namedOnly ? { namedOnly } : {}),
  };
}

export const useBiasArg: ArgSpec = {
  name: 'use_bias',
  type: { kind: 'bool' },
  doc: 'Whether the layer adds a learned bias vector.',
  default: true,
  namedOnly: true,
};

export function stridesArg(
  length: number,
  doc = 'Step of the window along each spatial axis.',
): ArgSpec {
  return {
    name: 'strides',
    type: { kind: 'intTuple', length, min: 1 },
    doc,
    default: 1,
    namedOnly: true,
  };
}

export const paddingArg: ArgSpec = {
  name: 'padding',
  type: { kind: 'enum', values: ['valid', 'same'] },
  doc: '`"valid"`: no padding, the output shrinks; `"same"`: zero-pad so the output is ⌈input / strides⌉.',
  default: 'valid',
  namedOnly: true,
};

export function dilationArg(length: number): ArgSpec {
  return {
    name: 'dilation',
    type: { kind: 'intTuple', length, min: 1 },
    doc: 'Spacing between kernel taps (atrous convolution); must be 1 when strides > 1.',
    default: 1,
    namedOnly: true,
  };
}

export const returnSequencesArg: ArgSpec = {
  name: 'return_sequences',
  type: { kind: 'bool' },
  doc: 'Return the output of every time step `[timesteps, units]` instead of only the last `[units]`.',
  default: false,
  namedOnly: true,
};
