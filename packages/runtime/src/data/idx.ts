// The IDX format of MNIST: magic 00 00 08 <dims>, then each dimension as a big-endian uint32, then
// the unsigned bytes in row-major order. Reads files (gzipped or not) into dims + bytes, writes
// them back, and pairs an images file with a labels file as a Dataset scaled to [0, 1].

import { readFileSync } from 'node:fs';
import { DataError, formatShape, shapeSize, type Dataset } from './dataset.js';
import { gunzipIfNeeded, readDataFile } from './files.js';

export interface IdxArray {
  dims: number[];
  /** shapeSize(dims) bytes, a view into the file's buffer. */
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'short',
  0x0c: 'int',
  0x0d: 'float',
  0x0e: 'double',
};

const hex = (value: number) => `0x${value.toString(16).padStart(2, '0')}`;

export function parseIdx(bytes: Uint8Array, file?: string): IdxArray {
  if (bytes.length < 4) {
    throw new DataError(`expected an IDX header of at least 4 bytes, found ${bytes.length} bytes`, {
      file,
      offset: 0,
    });
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(
      `expected an IDX file starting with 0x00 0x00, found ${hex(bytes[0])} ${hex(bytes[1])}`,
      {
        file,
        offset: 0,
      },
    );
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    const found = TYPE_NAMES[bytes[2]]
      ? `${hex(bytes[2])} (${TYPE_NAMES[bytes[2]]})`
      : hex(bytes[2]);
    throw new DataError(`expected IDX data of type 0x08 (unsigned byte), found ${found}`, {
      file,
      offset: 2,
    });
  }
  const rank = bytes[3];
  if (rank === 0) {
    throw new DataError('expected at least one dimension in the IDX header, found 0', {
      file,
      offset: 3,
    });
  }
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) {
    throw new DataError(
      `truncated IDX header: expected ${headerSize} bytes for ${rank} dimensions, found ${bytes.length} bytes`,
      {
        file,
        offset: bytes.length,
      },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  if (dims[0] === 0) {
    throw new DataError('expected at least one sample, found an IDX file of 0 samples', {
      file,
      offset: 4,
    });
  }
  const expected = headerSize + shapeSize(dims);
  if (bytes.length !== expected) {
    const what =
      bytes.length < expected ? 'truncated IDX file' : 'IDX file longer than its header says';
    throw new DataError(
      `${what}: expected ${expected} bytes (${headerSize} of header + ${formatShape(dims)} values), found ${bytes.length} bytes`,
      { file, offset: Math.min(bytes.length, expected) },
    );
  }
  return { dims, data: bytes.subarray(headerSize, expected) };
}

/** An IDX file of unsigned bytes (not gzipped); `data` must hold shapeSize(dims) values. */
export function encodeIdx(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  if (data.length !== shapeSize(dims)) {
    throw new RangeError(`IDX data of ${data.length} values for dims ${formatShape(dims)}`);
  }
  const bytes = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = UNSIGNED_BYTE;
  bytes[3] = dims.length;
  dims.forEach((dim, i) => view.setUint32(4 + 4 * i, dim, false));
  bytes.set(data, 4 + 4 * dims.length);
  return bytes;
}

/** Reads an IDX file, gzipped or not (told apart by the gzip magic number, not the name). */
export function readIdxFile(path: string): IdxArray {
  const bytes = readDataFile(path, () => readFileSync(path));
  return parseIdx(gunzipIfNeeded(bytes, path), path);
}

/** Lookup table byte → byte / 255 as float32, so scaling is one load per pixel. */
export const BYTE_TO_UNIT: Float32Array = Float32Array.from({ length: 256 }, (_, i) => i / 255);

export function scaleBytes(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = BYTE_TO_UNIT[bytes[i]];
  return out;
}

/** Labels as class indices; `classes` is the largest label + 1. */
export function labelsToTargets(labels: IdxArray, images: IdxArray, labelsFile?: string) {
  if (labels.dims.length !== 1) {
    throw new DataError(
      `expected labels of one dimension [count], found ${formatShape(labels.dims)}`,
      { file: labelsFile },
    );
  }
  if (labels.dims[0] !== images.dims[0]) {
    throw new DataError(
      `expected ${images.dims[0]} labels, one per image, found ${labels.dims[0]}`,
      { file: labelsFile },
    );
  }
  let classes = 0;
  for (const label of labels.data) classes = Math.max(classes, label + 1);
  return { targets: new Int32Array(labels.data), classes };
}

/** The `idx(images, labels)` source: images scaled to [0, 1], one sample per first-axis entry. */
export function loadIdx(imagesPath: string, labelsPath: string): Dataset {
  const images = readIdxFile(imagesPath);
  const labels = readIdxFile(labelsPath);
  const { targets, classes } = labelsToTargets(labels, images, labelsPath);
  return {
    inputs: scaleBytes(images.data),
    targets,
    count: images.dims[0],
    inputShape: images.dims.slice(1),
    targetShape: [],
    classes,
    task: 'classification',
  };
}
