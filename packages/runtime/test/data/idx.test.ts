// IDX files: round trip through files written in a temp folder (plain and gzipped), scaling to
// [0, 1], pairing images with labels, and errors for truncated, mistyped and mismatched files.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, encodeIdx, loadIdx, parseIdx, readIdxFile } from '../../src/data/index.js';

const folder = mkdtempSync(join(tmpdir(), 'nnet-idx-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
}

function dataError(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

const pixels = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 11) % 256);
const images = encodeIdx([3, 2, 4], pixels);
const labels = encodeIdx([3], [2, 0, 7]);

describe('IDX', () => {
  it('writes the header of the format: 00 00 08 rank, big-endian dimensions', () => {
    expect(Array.from(images.subarray(0, 16))).toEqual([
      0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 4,
    ]);
    expect(images.length).toBe(16 + 24);
    expect(Array.from(encodeIdx([70000], new Uint8Array(70000)).subarray(4, 8))).toEqual([
      0, 1, 0x11, 0x70,
    ]);
  });

  it.each([
    ['plain', (bytes: Uint8Array) => bytes],
    ['gzipped', (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes))],
  ])('round-trips a %s file', (kind, encode) => {
    const path = write(`images-${kind}`, encode(images));
    const array = readIdxFile(path);
    expect(array.dims).toEqual([3, 2, 4]);
    expect(Array.from(array.data)).toEqual(Array.from(pixels));
  });

  it('pairs images with labels, scaling bytes to [0, 1]', () => {
    const dataset = loadIdx(
      write('images.gz', new Uint8Array(gzipSync(images))),
      write('labels', labels),
    );
    expect(dataset).toMatchObject({
      count: 3,
      inputShape: [2, 4],
      targetShape: [],
      classes: 8,
      task: 'classification',
    });
    expect(Array.from(dataset.targets)).toEqual([2, 0, 7]);
    expect(dataset.inputs).toBeInstanceOf(Float32Array);
    dataset.inputs.forEach((value, i) => expect(value).toBe(Math.fround(pixels[i] / 255)));
    expect(
      loadIdx(write('white', encodeIdx([1, 1], [255])), write('one', encodeIdx([1], [0])))
        .inputs[0],
    ).toBe(1);
  });

  it('reports a truncated file with the expected and actual byte counts', () => {
    const path = write('truncated', images.subarray(0, 30));
    const error = dataError(() => readIdxFile(path));
    expect(error).toMatchObject({ file: path, offset: 30 });
    expect(error.message).toBe(
      `${path}, byte 30: truncated IDX file: expected 40 bytes (16 of header + [3, 2, 4] values), found 30 bytes`,
    );
    expect(dataError(() => parseIdx(images.subarray(0, 10))).message).toBe(
      'byte 10: truncated IDX header: expected 16 bytes for 3 dimensions, found 10 bytes',
    );
    expect(dataError(() => parseIdx(new Uint8Array([0, 0]))).message).toContain(
      'expected an IDX header of at least 4 bytes, found 2 bytes',
    );
  });

  it('reports a damaged gzip file, a wrong magic number, a data type other than bytes, extra bytes', () => {
    const gzipped = new Uint8Array(gzipSync(images));
    expect(
      dataError(() => readIdxFile(write('cut.gz', gzipped.subarray(0, 20)))).message,
    ).toContain('expected a complete gzip file, found a damaged one');
    expect(dataError(() => parseIdx(new Uint8Array([0x50, 0x4b, 3, 4]))).message).toBe(
      'byte 0: expected an IDX file starting with 0x00 0x00, found 0x50 0x4b',
    );
    const floats = Uint8Array.from(images);
    floats[2] = 0x0d;
    expect(dataError(() => parseIdx(floats)).message).toBe(
      'byte 2: expected IDX data of type 0x08 (unsigned byte), found 0x0d (float)',
    );
    const longer = new Uint8Array(images.length + 1);
    longer.set(images);
    expect(dataError(() => parseIdx(longer)).message).toContain(
      'IDX file longer than its header says: expected 40 bytes',
    );
  });

  it('reports labels that do not match the images', () => {
    const imagesPath = write('three-images', images);
    const twoLabels = write('two-labels', encodeIdx([2], [1, 2]));
    expect(dataError(() => loadIdx(imagesPath, twoLabels)).message).toBe(
      `${twoLabels}: expected 3 labels, one per image, found 2`,
    );
    const grid = write('grid-labels', encodeIdx([3, 1], [1, 2, 3]));
    expect(dataError(() => loadIdx(imagesPath, grid)).message).toContain(
      'expected labels of one dimension [count], found [3, 1]',
    );
    expect(dataError(() => loadIdx(join(folder, 'absent'), grid)).message).toContain(
      'expected a file, found nothing at this path',
    );
  });
});
