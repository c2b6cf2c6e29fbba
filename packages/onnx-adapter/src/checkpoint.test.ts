import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckpointError, crc32, decodeCheckpoint, encodeCheckpoint, type CheckpointTensor } from './checkpoint.js';

const tensorArb: fc.Arbitrary<CheckpointTensor> = fc
  .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), fc.constantFrom('float32', 'int64', 'float64'))
  .chain(([name, dims, type]): fc.Arbitrary<CheckpointTensor> => {
    const size = dims.reduce((a, b) => a * b, 1);
    if (type === 'int64') return fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: size, maxLength: size }).map((v): CheckpointTensor => ({ name, type, dims, data: BigInt64Array.from(v) }));
    if (type === 'float64') return fc.array(fc.double(), { minLength: size, maxLength: size }).map((v): CheckpointTensor => ({ name, type, dims, data: Float64Array.from(v) }));
    return fc.array(fc.float(), { minLength: size, maxLength: size }).map((v): CheckpointTensor => ({ name, type, dims, data: Float32Array.from(v) }));
  });

const bytesOf = (t: CheckpointTensor): number[] => Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));

describe('checkpoint format', () => {
  it('computes the zlib CRC-32 (check value of "123456789" is 0xcbf43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips any tensors, step and plateau state byte for byte', () => {
    fc.assert(
      fc.property(fc.uniqueArray(tensorArb, { selector: (t) => t.name, maxLength: 4 }), fc.nat(), (tensors, step) => {
        const plateau = { best: 0.5, badEpochs: 1, cooldownLeft: 0, multiplier: 0.1, reductions: 1, evaluations: 3, lastReductionAt: 2 };
        const back = decodeCheckpoint(encodeCheckpoint({ step, plateau, tensors }));
        expect(back.step).toBe(step);
        expect(back.plateau).toEqual(plateau);
        expect(back.tensors.map((t) => [t.name, t.type, t.dims, bytesOf(t)])).toEqual(tensors.map((t) => [t.name, t.type, t.dims, bytesOf(t)]));
      }),
      { numRuns: 60 },
    );
  });

  it('detects any single flipped bit with a CheckpointError', () => {
    const bytes = encodeCheckpoint({ step: 7, plateau: null, tensors: [{ name: 'w', type: 'float32', dims: [3], data: Float32Array.from([1, 2, 3]) }] });
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.nat({ max: 7 }), (at, bit) => {
        const bad = Uint8Array.from(bytes);
        bad[at] ^= 1 << bit;
        expect(() => decodeCheckpoint(bad)).toThrow(CheckpointError);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a newer format version and a short buffer with their own messages', () => {
    const bytes = encodeCheckpoint({ step: 0, plateau: null, tensors: [] });
    const v2 = Uint8Array.from(bytes);
    new DataView(v2.buffer).setUint32(8, 2, true);
    expect(() => decodeCheckpoint(v2)).toThrow('invalid checkpoint: format version 2 is not supported (this reader knows version 1)');
    expect(() => decodeCheckpoint(bytes.subarray(0, 12))).toThrow('invalid checkpoint: 12 bytes is too short (at least 20)');
  });

  it('writes only what it can read back: a meta that is not an object, a repeated name or dims that do not fit the data are refused', () => {
    const w = { name: 'w', type: 'float32', dims: [3], data: Float32Array.from([1, 2, 3]) };
    expect(() => encodeCheckpoint({ step: 0, plateau: null, tensors: [w], meta: [] as never })).toThrow('invalid checkpoint: meta must be a JSON object, got []');
    expect(() => encodeCheckpoint({ step: 0, plateau: null, tensors: [w, w] })).toThrow('invalid checkpoint: tensor "w" appears twice (tensors[0] and tensors[1])');
    expect(() => encodeCheckpoint({ step: 0, plateau: null, tensors: [{ ...w, dims: [4] }] })).toThrow('invalid checkpoint: tensor "w" declares 12 bytes, its dims need 16');
    expect(() => encodeCheckpoint({ step: 1.5, plateau: null, tensors: [w] })).toThrow('invalid checkpoint: step must be a non-negative integer, got 1.5');
    expect(() => encodeCheckpoint({ step: 0, plateau: { multiplier: 2 } as never, tensors: [w] })).toThrow(/multiplier must be a number in \(0, 1\], got 2 \(at plateau.multiplier\)/);
    expect(() => encodeCheckpoint({ step: 0, plateau: null, tensors: [w], meta: { n: 1n } })).toThrow(/the header cannot be written as JSON/);
  });

  it('escapes control characters it echoes from a file', () => {
    const bytes = encodeCheckpoint({ step: 0, plateau: null, tensors: [] });
    const bad = Uint8Array.from(bytes);
    bad.set(new TextEncoder().encode('\x1b]0;PW'), 0);
    expect(() => decodeCheckpoint(bad)).toThrow('invalid checkpoint: bad magic "\\u001b]0;PWKP" (expected "CYCLRCKP"): not a cyclr checkpoint');
  });
});
