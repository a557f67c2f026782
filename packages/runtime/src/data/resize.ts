// Bilinear resizing of 8-bit grey images straight to float32 in [0, 1], with half-pixel centres
// (as OpenCV's INTER_LINEAR and TensorFlow's resize with half_pixel_centers): the same size gives
// the bytes scaled exactly; halving averages each 2×2 block.

import { BYTE_TO_UNIT } from './idx.js';

/** For each output coordinate: the two source indices and the weight of the second. */
function sampleGrid(inputSize: number, outputSize: number) {
  const low = new Int32Array(outputSize);
  const high = new Int32Array(outputSize);
  const weight = new Float32Array(outputSize);
  const scale = inputSize / outputSize;
  for (let o = 0; o < outputSize; o++) {
    const source = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inputSize - 1);
    low[o] = Math.floor(source);
    high[o] = Math.min(low[o] + 1, inputSize - 1);
    weight[o] = source - low[o];
  }
  return { low, high, weight };
}

/** `count` images of height × width bytes → count × outHeight × outWidth floats in [0, 1]. */
export function resizeImages(
  pixels: Uint8Array,
  count: number,
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
): Float32Array {
  const out = new Float32Array(count * outHeight * outWidth);
  if (outHeight === height && outWidth === width) {
    for (let i = 0; i < out.length; i++) out[i] = BYTE_TO_UNIT[pixels[i]];
    return out;
  }
  const rows = sampleGrid(height, outHeight);
  const cols = sampleGrid(width, outWidth);
  let at = 0;
  for (let n = 0; n < count; n++) {
    const image = n * height * width;
    for (let y = 0; y < outHeight; y++) {
      const top = image + rows.low[y] * width;
      const bottom = image + rows.high[y] * width;
      const wy = rows.weight[y];
      for (let x = 0; x < outWidth; x++) {
        const left = cols.low[x];
        const right = cols.high[x];
        const wx = cols.weight[x];
        const upper = pixels[top + left] + wx * (pixels[top + right] - pixels[top + left]);
        const lower = pixels[bottom + left] + wx * (pixels[bottom + right] - pixels[bottom + left]);
        out[at++] = (upper + wy * (lower - upper)) / 255;
      }
    }
  }
  return out;
}
