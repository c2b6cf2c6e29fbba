import { formatPath, validatePlateauState, type PlateauState } from '@cyclr/core';
import { ELEMENT_TYPES, isElementType, sizeOf, type ElementType, type TypedData } from './runtime.js';

/**
 * Checkpoint binary format, version 1 (all integers little-endian):
 *
 * | offset | size | content |
 * | ------ | ---- | ------- |
 * | 0      | 8    | magic `CYCLRCKP` (ASCII) |
 * | 8      | 4    | format version, uint32 (1) |
 * | 12     | 4    | header length H in bytes, uint32 |
 * | 16     | H    | header, UTF-8 JSON: `{ step, plateau, tensors: [{ name, type, dims, byteLength }], meta }` |
 * | ...    | 0-7  | zero padding to a multiple of 8 |
 * | ...    |      | each tensor's raw bytes in header order, each padded with zeros to a multiple of 8 |
 * | end-4  | 4    | CRC-32 (IEEE 802.3, as zlib) of every byte before it, uint32 |
 *
 * Tensor bytes are the typed array's memory (little-endian on every platform onnxruntime supports).
 */
export const CHECKPOINT_MAGIC = 'CYCLRCKP';
export const CHECKPOINT_VERSION = 1;

export interface CheckpointTensor {
  name: string;
  type: string;
  dims: number[];
  data: TypedData;
}

export interface CheckpointContents {
  step: number;
  /** the plateau controller's state, null without plateau control */
  plateau: PlateauState | null;
  tensors: CheckpointTensor[];
  meta?: Record<string, unknown>;
}

/** A checkpoint that cannot be read; `reason` says what is wrong with it. */
export class CheckpointError extends Error {
  constructor(readonly reason: string) {
    super(`invalid checkpoint: ${reason}`);
    this.name = 'CheckpointError';
  }
}

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE), the zlib/PNG checksum. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const pad8 = (n: number): number => (n + 7) & ~7;

/**
 * Writes a checkpoint. The header goes through the same checks as `decodeCheckpoint`'s (a
 * CheckpointError naming the problem: a `meta` that is not a JSON object, a repeated tensor name,
 * dims that do not fit the data, an invalid plateau state), so what is written can be read back.
 */
export function encodeCheckpoint(contents: CheckpointContents): Uint8Array {
  let text: string;
  try {
    text = JSON.stringify({
      step: contents.step,
      plateau: contents.plateau ?? null,
      tensors: contents.tensors.map((t) => ({ name: t.name, type: t.type, dims: t.dims, byteLength: t.data.byteLength })),
      meta: contents.meta ?? {},
    });
  } catch (e) {
    throw new CheckpointError(`the header cannot be written as JSON (${(e as Error).message})`);
  }
  readHeader(JSON.parse(text));
  const header = new TextEncoder().encode(text);
  let size = pad8(16 + header.length);
  for (const t of contents.tensors) size += pad8(t.data.byteLength);
  const out = new Uint8Array(size + 4);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  view.setUint32(8, CHECKPOINT_VERSION, true);
  view.setUint32(12, header.length, true);
  out.set(header, 16);
  let offset = pad8(16 + header.length);
  for (const t of contents.tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), offset);
    offset += pad8(t.data.byteLength);
  }
  view.setUint32(size, crc32(out.subarray(0, size)), true);
  return out;
}

const HEADER_FIELDS = ['step', 'plateau', 'tensors', 'meta'];
const TENSOR_FIELDS = ['name', 'type', 'dims', 'byteLength'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value for a message: escaped (control characters as `\\x..`) and cut. */
const shown = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  // eslint-disable-next-line no-control-regex
  const cut = (text.length > 60 ? `${text.slice(0, 57)}...` : text).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return cut;
};

function checkZeros(bytes: Uint8Array, from: number, to: number, what: string): void {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) throw new CheckpointError(`the padding after ${what} is not zero (byte ${i})`);
}

interface HeaderEntry {
  name: string;
  type: ElementType;
  dims: number[];
  byteLength: number;
}

/** Checks every field of a parsed header (see decodeCheckpoint); throws a CheckpointError naming the first problem. */
function readHeader(header: unknown): { step: number; plateau: PlateauState | null; entries: HeaderEntry[]; meta: Record<string, unknown> } {
  if (!isRecord(header)) throw new CheckpointError(`the header must be a JSON object, got ${shown(header)}`);
  for (const key of Object.keys(header)) {
    if (!HEADER_FIELDS.includes(key)) throw new CheckpointError(`the header has an unknown field ${shown(key)} (version ${CHECKPOINT_VERSION} has ${HEADER_FIELDS.join(', ')})`);
  }
  for (const key of HEADER_FIELDS) if (!Object.prototype.hasOwnProperty.call(header, key)) throw new CheckpointError(`the header has no field "${key}"`);
  const { step, plateau, tensors: list, meta } = header;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) throw new CheckpointError(`step must be a non-negative integer, got ${shown(step)}`);
  if (plateau !== null) {
    const issues = validatePlateauState(plateau, ['plateau']);
    if (issues.length > 0) throw new CheckpointError(issues.map((i) => `${i.message} (at ${formatPath(i.path)})`).join('; '));
  }
  if (!isRecord(meta)) throw new CheckpointError(`meta must be a JSON object, got ${shown(meta)}`);
  if (!Array.isArray(list)) throw new CheckpointError(`tensors must be an array, got ${shown(list)}`);
  const entries: HeaderEntry[] = [];
  const seen = new Map<string, number>();
  for (const [i, t] of (list as unknown[]).entries()) {
    if (!isRecord(t)) throw new CheckpointError(`tensors[${i}] must be an object { ${TENSOR_FIELDS.join(', ')} }, got ${shown(t)}`);
    if (typeof t.name !== 'string' || t.name === '') throw new CheckpointError(`tensors[${i}] has no name`);
    const label = `tensor ${shown(t.name)}`;
    for (const key of Object.keys(t)) if (!TENSOR_FIELDS.includes(key)) throw new CheckpointError(`tensors[${i}] (${shown(t.name)}) has an unknown field ${shown(key)}`);
    const earlier = seen.get(t.name);
    if (earlier !== undefined) throw new CheckpointError(`${label} appears twice (tensors[${earlier}] and tensors[${i}])`);
    seen.set(t.name, i);
    if (typeof t.type !== 'string' || !isElementType(t.type)) throw new CheckpointError(`${label} has unsupported type ${shown(t.type)}`);
    if (!Array.isArray(t.dims) || !t.dims.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) throw new CheckpointError(`${label} has invalid dims ${shown(t.dims)}`);
    const byteLength = sizeOf(t.dims as number[]) * ELEMENT_TYPES[t.type].BYTES_PER_ELEMENT;
    if (t.byteLength !== byteLength) throw new CheckpointError(`${label} declares ${shown(t.byteLength)} bytes, its dims need ${byteLength}`);
    entries.push({ name: t.name, type: t.type, dims: [...(t.dims as number[])], byteLength });
  }
  return { step, plateau: plateau as PlateauState | null, entries, meta };
}

/**
 * Parses and verifies a checkpoint; throws a CheckpointError naming the first problem. Every field of
 * the header is checked, not only the CRC (which detects damage, not forgery): the header is an
 * object with exactly `step`, `plateau`, `tensors` and `meta`; `step` a non-negative safe integer;
 * `plateau` null or a valid plateau state (core's `validatePlateauState`, every issue named); each
 * tensor entry exactly `{ name, type, dims, byteLength }` with a unique non-empty name, a supported
 * type, non-negative integer dims and the byte length they need; `meta` an object; padding zero.
 */
export function decodeCheckpoint(bytes: Uint8Array): CheckpointContents {
  if (!(bytes instanceof Uint8Array)) throw new CheckpointError(`expected a Uint8Array or Buffer, got ${typeof bytes}`);
  if (bytes.length < 20) throw new CheckpointError(`${bytes.length} bytes is too short (at least 20)`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== CHECKPOINT_MAGIC) throw new CheckpointError(`bad magic ${shown(magic)} (expected "${CHECKPOINT_MAGIC}"): not a cyclr checkpoint`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_VERSION) throw new CheckpointError(`format version ${version} is not supported (this reader knows version ${CHECKPOINT_VERSION})`);
  const end = bytes.length - 4;
  const stored = view.getUint32(end, true);
  const actual = crc32(bytes.subarray(0, end));
  if (stored !== actual) {
    throw new CheckpointError(`checksum mismatch (stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${actual.toString(16).padStart(8, '0')}): the file is corrupt or truncated`);
  }
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength > end) throw new CheckpointError(`header length ${headerLength} runs past the end`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + headerLength)));
  } catch (e) {
    throw new CheckpointError(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  const { step, plateau, entries, meta } = readHeader(header);
  checkZeros(bytes, 16 + headerLength, pad8(16 + headerLength), 'the header');
  let offset = pad8(16 + headerLength);
  const tensors: CheckpointTensor[] = [];
  for (const { name, type, dims, byteLength } of entries) {
    const label = `tensor ${shown(name)}`;
    if (offset + byteLength > end) throw new CheckpointError(`${label} runs past the end of the data`);
    const copy = new Uint8Array(byteLength);
    copy.set(bytes.subarray(offset, offset + byteLength));
    const data = new (ELEMENT_TYPES[type] as unknown as new (b: ArrayBuffer) => TypedData)(copy.buffer);
    tensors.push({ name, type, dims, data });
    checkZeros(bytes, offset + byteLength, Math.min(pad8(offset + byteLength), end), label);
    offset += pad8(byteLength);
  }
  if (offset !== end) throw new CheckpointError(`${end - offset} unexpected bytes after the tensor data`);
  return { step, plateau: plateau as PlateauState | null, tensors, meta };
}
