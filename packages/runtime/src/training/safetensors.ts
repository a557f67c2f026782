// The safetensors format (8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte range, then the raw little-endian data), for F32 tensors. Writes are
// atomic (a temporary file, then a rename); reads validate the header against the file's size.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { regularFileProblem } from '../data/files.js';

export interface SafetensorsContent {
  tensors: Record<string, { shape: readonly number[]; data: Float32Array }>;
  metadata: Record<string, string>;
}

export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

export function encodeSafetensors(content: SafetensorsContent): Buffer {
  const header: Record<string, unknown> = {};
  if (Object.keys(content.metadata).length) header.__metadata__ = content.metadata;
  let offset = 0;
  const names = Object.keys(content.tensors).sort();
  for (const name of names) {
    const { shape, data } = content.tensors[name];
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.length * 4] };
    offset += data.length * 4;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let position = 8 + headerBytes.length;
  for (const name of names) {
    const { data } = content.tensors[name];
    for (let i = 0; i < data.length; i++) out.writeFloatLE(data[i], position + i * 4);
    position += data.length * 4;
  }
  return out;
}

/** The reference implementation's limit: a larger header is an error, not an allocation. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

export function decodeSafetensors(bytes: Buffer, file = 'the file'): SafetensorsContent {
  if (bytes.length < 8)
    throw new SafetensorsError(
      file,
      `is ${bytes.length} bytes long; a safetensors file starts with an 8-byte header length`,
    );
  const headerLength = Number(bytes.readBigUInt64LE(0));
  // A real header is under 100 MB, so its length's high four bytes are zero; text (a .nnet or
  // .json given as --weights) or random bytes are not a checkpoint at all, not a truncated one.
  if (headerLength >= 2 ** 32) {
    const start = bytes.subarray(0, 16).toString('latin1');
    const text = /^[\x20-\x7e\t\r\n]+$/.test(start)
      ? ` (it starts with ${JSON.stringify(start)})`
      : '';
    throw new SafetensorsError(
      file,
      `is not a safetensors checkpoint${text}: its first 8 bytes are not a header length; expected a checkpoint that nnc train wrote (out/<run>/checkpoint.safetensors)`,
    );
  }
  if (8 + headerLength > bytes.length) {
    throw new SafetensorsError(
      file,
      `its header claims ${headerLength} bytes but the file has only ${bytes.length - 8} after the length: the file is truncated`,
    );
  }
  if (headerLength > MAX_HEADER_BYTES)
    throw new SafetensorsError(
      file,
      `its header claims ${headerLength} bytes; at most ${MAX_HEADER_BYTES} are allowed`,
    );
  let header: unknown;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  } catch (error) {
    throw new SafetensorsError(file, `its header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new SafetensorsError(file, 'its header is not a JSON object of tensors');
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const content: SafetensorsContent = { tensors: {}, metadata: {} };
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      const metadata = entry as Record<string, unknown>;
      if (
        typeof metadata !== 'object' ||
        metadata === null ||
        Array.isArray(metadata) ||
        Object.values(metadata).some((v) => typeof v !== 'string')
      ) {
        throw new SafetensorsError(file, '__metadata__ is not a map of strings to strings');
      }
      content.metadata = metadata as Record<string, string>;
      continue;
    }
    const tensor = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (typeof tensor !== 'object' || tensor === null)
      throw new SafetensorsError(
        file,
        `tensor "${name}" is not an object with dtype, shape and data_offsets`,
      );
    if (tensor.dtype !== 'F32')
      throw new SafetensorsError(
        file,
        `tensor "${name}" has dtype ${String(tensor.dtype)}; only F32 is supported`,
      );
    const { shape, data_offsets: offsets } = tensor;
    if (!Array.isArray(shape) || !shape.every(isCount))
      throw new SafetensorsError(
        file,
        `tensor "${name}" has shape ${JSON.stringify(shape)}; expected a list of whole numbers >= 0`,
      );
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every(isCount) ||
      offsets[0] > offsets[1]
    ) {
      throw new SafetensorsError(
        file,
        `tensor "${name}" has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with 0 <= begin <= end`,
      );
    }
    const [start, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - start !== count * 4)
      throw new SafetensorsError(
        file,
        `tensor "${name}" has shape [${shape.join(', ')}] but ${end - start} bytes`,
      );
    if (end > dataLength) {
      throw new SafetensorsError(
        file,
        `tensor "${name}" ends at byte ${dataStart + end} but the file has ${bytes.length}: the file is truncated`,
      );
    }
    ranges.push([start, end, name]);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = bytes.readFloatLE(dataStart + start + i * 4);
    content.tensors[name] = { shape: shape as number[], data };
  }
  // As the reference reader: the ranges must tile the data section, without holes or overlaps.
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let covered = 0;
  for (const [start, end, name] of ranges) {
    if (start !== covered)
      throw new SafetensorsError(
        file,
        `tensor "${name}" starts at data byte ${start}, expected ${covered}: the ranges overlap or leave a hole`,
      );
    covered = end;
  }
  if (covered !== dataLength)
    throw new SafetensorsError(
      file,
      `the tensors cover ${covered} bytes of data but the file has ${dataLength}`,
    );
  return content;
}

/**
 * Removes `file.tmp-PID` files left by runs that were killed mid-write (their PID no longer runs),
 * so repeated kills do not pile up checkpoint-sized files. Only names of our own pattern.
 */
export function removeStaleTemporaries(file: string): void {
  const folder = path.dirname(file);
  const prefix = `${path.basename(file)}.tmp-`;
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    fs.rmSync(path.join(folder, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes through `file.tmp-PID` and a rename, so a crash never leaves a partial checkpoint. */
export function writeSafetensors(file: string, content: SafetensorsContent): void {
  removeStaleTemporaries(file);
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(temporary, encodeSafetensors(content));
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Reads a regular file only (never a device or a FIFO) and validates its header against its size. */
export function readSafetensors(file: string): SafetensorsContent {
  let bytes: Buffer;
  try {
    // Checked before reading: /dev/zero never ends, and opening a FIFO blocks. A checkpoint is
    // bounded by the parameter budget, not by the data file size.
    const problem = regularFileProblem(file, Infinity);
    if (problem !== undefined) throw new SafetensorsError(file, problem);
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (error instanceof SafetensorsError) throw error;
    throw new SafetensorsError(
      file,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return decodeSafetensors(bytes, file);
}

/** Copies one tensor of a safetensors file into `target` (for `with { weights = load(…) }`). */
export function loadTensorInto(
  target: Float32Array,
  file: string,
  tensor: string,
  relativeTo?: string,
): void {
  const path =
    relativeTo && !file.startsWith('/') ? `${relativeTo.replace(/[^/]*$/, '')}${file}` : file;
  const content = readSafetensors(path);
  const entry = content.tensors[tensor];
  if (!entry) {
    throw new SafetensorsError(
      path,
      `has no tensor "${tensor}"; it has ${
        Object.keys(content.tensors)
          .map((n) => `"${n}"`)
          .join(', ') || 'none'
      }`,
    );
  }
  if (entry.data.length !== target.length) {
    throw new SafetensorsError(
      path,
      `tensor "${tensor}" has ${entry.data.length} values (shape [${entry.shape.join(', ')}]) but the layer needs ${target.length}`,
    );
  }
  target.set(entry.data);
}
