// The weights recording format (`nnc train --record weights`): a header naming the parameters, then
// fixed-size snapshot records of float32 weights, each with its step and a checksum. Pure bytes in
// and out; a truncated or torn file decodes up to its last complete snapshot, never past it.

/** `NNETWREC`: the first 8 bytes of every recording. */
export const RECORDING_MAGIC = 'NNETWREC';
export const RECORDING_VERSION = 1;
/** `SNAP` as a little-endian uint32: the first 4 bytes of every snapshot record. */
const SNAPSHOT_MAGIC = 0x50414e53;
/** magic, index, step, epoch (uint32 each), loss (float32), checksum (uint32). */
const SNAPSHOT_HEAD_BYTES = 24;
/** magic (8), version (4), JSON length (4). */
const FILE_HEAD_BYTES = 16;
/** A header larger than this is corruption, not an allocation to attempt. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

export interface RecordingParam {
  name: string;
  shape: readonly number[];
}

export interface RecordingHeader {
  model: string;
  run?: string;
  /** The `.nnet` file's name (no folder). */
  source?: string;
  /** How often a snapshot was taken: every `count` steps or epochs (the first and last always). */
  every: { count: number; unit: 'steps' | 'epochs' };
  params: readonly RecordingParam[];
}

export interface WeightsSnapshot {
  /** Optimizer steps done before the snapshot (0: the initial weights). */
  step: number;
  /** Epochs completed when it was taken. */
  epoch: number;
  /** The mean training loss of the step that led here; NaN for the initial weights. */
  loss: number;
  params: Record<string, Float32Array>;
}

export interface DecodedRecording {
  header: RecordingHeader;
  snapshots: WeightsSnapshot[];
  /** Where the first snapshot starts, and each snapshot's size: snapshot k is at dataOffset + k · recordBytes. */
  dataOffset: number;
  recordBytes: number;
  /** Why decoding stopped before the end of the bytes (a killed run's last partial write). */
  truncated?: string;
}

export class RecordingError extends Error {
  override readonly name = 'RecordingError';
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
export const floatsPerSnapshot = (header: Pick<RecordingHeader, 'params'>) =>
  header.params.reduce((sum, p) => sum + sizeOf(p.shape), 0);
const recordBytes = (header: Pick<RecordingHeader, 'params'>) =>
  SNAPSHOT_HEAD_BYTES + 4 * floatsPerSnapshot(header);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The header bytes, padded so every snapshot's floats start 4-byte aligned. */
export function encodeRecordingHeader(header: RecordingHeader): Uint8Array {
  let json = JSON.stringify({ version: RECORDING_VERSION, ...header });
  json += ' '.repeat((8 - ((FILE_HEAD_BYTES + new TextEncoder().encode(json).length) % 8)) % 8);
  const jsonBytes = new TextEncoder().encode(json);
  const bytes = new Uint8Array(FILE_HEAD_BYTES + jsonBytes.length);
  bytes.set(new TextEncoder().encode(RECORDING_MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, RECORDING_VERSION, true);
  view.setUint32(12, jsonBytes.length, true);
  bytes.set(jsonBytes, FILE_HEAD_BYTES);
  return bytes;
}

/** FNV-1a over the float words: cheap, and a torn write (zeros, old bytes) fails it. */
function checksum(words: Uint32Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i], 0x01000193) >>> 0;
  return hash;
}

/**
 * Encodes one snapshot into `target` (a reusable buffer of the record's size, or a new one):
 * the parameters in the header's order, each as float32.
 */
export function encodeSnapshot(
  header: Pick<RecordingHeader, 'params'>,
  index: number,
  snapshot: WeightsSnapshot,
  target: Uint8Array = new Uint8Array(recordBytes(header)),
): Uint8Array {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  const floats = new Float32Array(floatsPerSnapshot(header));
  let offset = 0;
  for (const param of header.params) {
    const values = snapshot.params[param.name];
    if (!values || values.length !== sizeOf(param.shape))
      throw new RecordingError(
        `snapshot at step ${snapshot.step}: parameter "${param.name}" has ${values?.length ?? 0} values, expected ${sizeOf(param.shape)}`,
      );
    floats.set(values, offset);
    offset += values.length;
  }
  const dataOffset = target.byteOffset + SNAPSHOT_HEAD_BYTES;
  if (littleEndian)
    new Uint8Array(target.buffer, dataOffset, floats.length * 4).set(new Uint8Array(floats.buffer));
  else
    for (let i = 0; i < floats.length; i++)
      view.setFloat32(SNAPSHOT_HEAD_BYTES + i * 4, floats[i], true);
  const words = new Uint32Array(floats.buffer);
  view.setUint32(0, SNAPSHOT_MAGIC, true);
  view.setUint32(4, index, true);
  view.setUint32(8, snapshot.step, true);
  view.setUint32(12, snapshot.epoch, true);
  view.setFloat32(16, snapshot.loss, true);
  view.setUint32(20, checksum(words), true);
  return target;
}

/** Reads a recording's header; throws RecordingError for bytes that are not a recording. */
export function decodeRecordingHeader(
  bytes: Uint8Array,
  file = 'the recording',
): { header: RecordingHeader; dataOffset: number } {
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (bytes.length < FILE_HEAD_BYTES || magic !== RECORDING_MAGIC)
    throw new RecordingError(
      `${file} is not a weights recording (it should start with ${RECORDING_MAGIC}; write one with nnc train --record weights)`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== RECORDING_VERSION)
    throw new RecordingError(
      `${file} is a weights recording of version ${version}; this nnc reads version ${RECORDING_VERSION}`,
    );
  const length = view.getUint32(12, true);
  if (length > MAX_HEADER_BYTES || FILE_HEAD_BYTES + length > bytes.length)
    throw new RecordingError(
      `${file}: its header claims ${length} bytes but the file has ${bytes.length - FILE_HEAD_BYTES} after it: the file is truncated before its first snapshot`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      new TextDecoder().decode(bytes.subarray(FILE_HEAD_BYTES, FILE_HEAD_BYTES + length)),
    );
  } catch (error) {
    throw new RecordingError(`${file}: its header is not valid JSON (${(error as Error).message})`);
  }
  const header = parsed as RecordingHeader;
  const validParams =
    Array.isArray(header?.params) &&
    header.params.every(
      (p) =>
        typeof p?.name === 'string' &&
        Array.isArray(p.shape) &&
        p.shape.every((d: unknown) => Number.isSafeInteger(d) && (d as number) >= 0),
    );
  if (typeof header?.model !== 'string' || !validParams)
    throw new RecordingError(`${file}: its header does not name a model and its parameters`);
  return { header, dataOffset: FILE_HEAD_BYTES + length };
}

/** Every complete, intact snapshot, in order; the reason decoding stopped early, if it did. */
export function decodeRecording(bytes: Uint8Array, file = 'the recording'): DecodedRecording {
  const { header, dataOffset } = decodeRecordingHeader(bytes, file);
  const size = recordBytes(header);
  const floats = floatsPerSnapshot(header);
  const snapshots: WeightsSnapshot[] = [];
  let truncated: string | undefined;
  for (let offset = dataOffset; offset < bytes.length; offset += size) {
    const index = snapshots.length;
    if (offset + size > bytes.length) {
      truncated = `snapshot ${index + 1} is incomplete (${bytes.length - offset} of ${size} bytes): the run was probably stopped while writing it`;
      break;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, size);
    const data = new Float32Array(floats);
    if (littleEndian)
      new Uint8Array(data.buffer).set(bytes.subarray(offset + SNAPSHOT_HEAD_BYTES, offset + size));
    else
      for (let i = 0; i < floats; i++) data[i] = view.getFloat32(SNAPSHOT_HEAD_BYTES + i * 4, true);
    if (
      view.getUint32(0, true) !== SNAPSHOT_MAGIC ||
      view.getUint32(4, true) !== index ||
      view.getUint32(20, true) !== checksum(new Uint32Array(data.buffer))
    ) {
      truncated = `snapshot ${index + 1} is damaged (its marker, number or checksum is wrong)`;
      break;
    }
    const params: Record<string, Float32Array> = {};
    let at = 0;
    for (const param of header.params) {
      const n = sizeOf(param.shape);
      params[param.name] = data.subarray(at, at + n);
      at += n;
    }
    snapshots.push({
      step: view.getUint32(8, true),
      epoch: view.getUint32(12, true),
      loss: view.getFloat32(16, true),
      params,
    });
  }
  return { header, snapshots, dataOffset, recordBytes: size, ...(truncated ? { truncated } : {}) };
}
