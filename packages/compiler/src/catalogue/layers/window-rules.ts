// The rules that convolution and pooling layers share: takes a channels-last input
// [spatial…, channels] and the window arguments, produces the output shape (Keras sizes), the
// weights and the FLOPs. conv1d/conv2d and the pooling layers differ only in their spatial rank.

import { numberArg, stringArg, tupleArg, optionalTupleArg } from '../arg-values.js';
import { product, shapeText, slideWindow, type Padding } from '../shape-utils.js';
import type { Args, Shape, ShapeProblem, ShapeResult, WeightSpec } from '../types.js';
import { kernelAndBias } from './kernel-rules.js';

const spatialNames = ['steps', 'height, width', 'depth, height, width'];

/** The problem of an input without the [spatial…, channels] rank (a missing channel axis: a fix). */
export function rankProblem(spatialRank: number, input: Shape): { problem: ShapeProblem } {
  const expected = `a ${spatialRank + 1}-D input [${spatialNames[spatialRank - 1]}, channels]`;
  const help =
    input.length === spatialRank
      ? `add a channel axis: \`reshape(${shapeText([...input, 1])})\`, or declare the input as ${shapeText([...input, 1])}`
      : undefined;
  return { problem: { kind: 'rank', expected, found: input, ...(help ? { help } : {}) } };
}

/** Output shape of a convolution with `filters` output channels. */
export function convolutionShape(spatialRank: number, input: Shape, args: Args): ShapeResult {
  if (input.length !== spatialRank + 1) return rankProblem(spatialRank, input);
  const strides = tupleArg(args, 'strides', spatialRank);
  const dilation = tupleArg(args, 'dilation', spatialRank);
  if (strides.some((step) => step > 1) && dilation.some((rate) => rate > 1)) {
    return {
      problem: {
        kind: 'other',
        detail: 'dilation > 1 cannot be combined with strides > 1',
        arg: 'dilation',
      },
    };
  }
  const slid = slideWindow(
    'kernel',
    input.slice(0, spatialRank),
    tupleArg(args, 'kernel', spatialRank),
    strides,
    stringArg(args, 'padding') as Padding,
    dilation,
    'kernel',
  );
  if ('problem' in slid) return slid;
  return { shape: [...slid.sizes, numberArg(args, 'filters')] };
}

/** `weights` [k…, in_channels, filters] and `bias` [filters], as Keras stores them. */
export function convolutionWeights(spatialRank: number, input: Shape, args: Args): WeightSpec[] {
  const filters = numberArg(args, 'filters');
  const kernel = tupleArg(args, 'kernel', spatialRank);
  return kernelAndBias([...kernel, input[input.length - 1], filters], filters, args);
}

/** 2 · (kernel taps · in_channels) multiply-adds for every output value. */
export function convolutionFlops(
  spatialRank: number,
  input: Shape,
  args: Args,
  output: Shape,
): number {
  const taps = product(tupleArg(args, 'kernel', spatialRank));
  return 2 * taps * input[input.length - 1] * product(output);
}

/** Output shape of a pooling window; strides default to the pool size. */
export function poolingShape(spatialRank: number, input: Shape, args: Args): ShapeResult {
  if (input.length !== spatialRank + 1) return rankProblem(spatialRank, input);
  const pool = tupleArg(args, 'pool', spatialRank);
  const slid = slideWindow(
    'pool window',
    input.slice(0, spatialRank),
    pool,
    optionalTupleArg(args, 'strides', spatialRank) ?? pool,
    stringArg(args, 'padding') as Padding,
    pool.map(() => 1),
    'pool',
  );
  if ('problem' in slid) return slid;
  return { shape: [...slid.sizes, input[input.length - 1]] };
}

/** One comparison or addition per window element for every output value. */
export function poolingFlops(spatialRank: number, args: Args, output: Shape): number {
  return product(tupleArg(args, 'pool', spatialRank)) * product(output);
}
