// Output size and padding of a sliding window along one axis, as Keras computes them: "valid"
// keeps only full windows; "same" gives ceil(in/stride) outputs and pads with the extra (odd)
// element after the input (bottom/right), as TensorFlow and Keras do.

export type Padding = 'valid' | 'same';

export interface WindowAxis {
  outSize: number;
  /** Padding before the first input element (top or left); the rest goes after. */
  padBefore: number;
}

export function windowAxis(
  inSize: number,
  window: number,
  stride: number,
  dilation: number,
  padding: Padding,
): WindowAxis {
  if (!(window >= 1 && stride >= 1 && dilation >= 1)) {
    throw new RangeError(`window ${window}, stride ${stride}, dilation ${dilation} must be >= 1`);
  }
  const span = (window - 1) * dilation + 1;
  if (padding === 'valid') {
    if (inSize < span) throw new RangeError(`window spans ${span} but the input has ${inSize}`);
    return { outSize: Math.floor((inSize - span) / stride) + 1, padBefore: 0 };
  }
  const outSize = Math.ceil(inSize / stride);
  const padTotal = Math.max((outSize - 1) * stride + span - inSize, 0);
  return { outSize, padBefore: Math.floor(padTotal / 2) };
}
