// Forged checkpoints: headers rewritten and the CRC recomputed (the CRC is integrity, not
// authentication), so only restore()'s own checks stand between the file and the trainer.
import fc from 'fast-check';
import { plateauInit } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../src/checkpoint.js';
import type { Trainer } from '../src/trainer.js';
import { batches, everything, forge, headerOf, lrPolicy, trainer } from './trainer-helpers.js';

const plateauPolicy = lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 }, plateau: { patience: 0, factor: 0.5 } });

async function trained(): Promise<{ t: Trainer; good: Uint8Array }> {
  const t = await trainer(plateauPolicy);
  await t.fit(batches(2), { epochs: 2, validate: () => 1 });
  const good = t.checkpoint();
  await t.step(batches(1, 4)[0]);
  return { t, good };
}

/** restore(bytes) throws a CheckpointError with `message`, changes nothing, and step() still trains. */
async function refuses(t: Trainer, bytes: Uint8Array, message: string | RegExp): Promise<void> {
  const before = everything(t);
  expect(() => t.restore(bytes)).toThrow(CheckpointError);
  expect(() => t.restore(bytes)).toThrow(message);
  expect(everything(t)).toEqual(before);
  const r = await t.step(batches(1, 5)[0]);
  expect(Number.isFinite(r.loss)).toBe(true);
}

describe('restore() of a forged checkpoint with a valid CRC', () => {
  const plateauOf = (plateau: unknown) => (h: Record<string, unknown>) => ({ ...h, plateau });

  it('refuses a plateau state of {}, [], { multiplier: "x" }, badEpochs -1 or multiplier 1e30, naming the field (each was accepted; step() then threw or the loss became NaN)', async () => {
    const { t, good } = await trained();
    const state = plateauInit();
    await refuses(t, forge(good, plateauOf({})), 'invalid checkpoint: best is required: null or a finite number (at plateau.best); badEpochs is required');
    await refuses(t, forge(good, plateauOf([])), 'invalid checkpoint: plateau must be a plateau state object (see plateauInit()), got [] (at plateau)');
    await refuses(t, forge(good, plateauOf({ multiplier: 'x' })), 'multiplier must be a number in (0, 1], got "x" (at plateau.multiplier)');
    await refuses(t, forge(good, plateauOf({ ...state, badEpochs: -1 })), 'invalid checkpoint: badEpochs must be a non-negative integer, got -1 (at plateau.badEpochs)');
    await refuses(t, forge(good, plateauOf({ ...state, multiplier: 1e30 })), 'invalid checkpoint: multiplier must be a number in (0, 1], got 1e+30 (at plateau.multiplier)');
    await refuses(t, forge(good, plateauOf({ ...state, reductions: 3, evaluations: 1 })), 'invalid checkpoint: reductions must be at most evaluations (1), got 3 (at plateau.reductions)');
    await refuses(t, forge(good, plateauOf({ ...state, extra: 1 })), 'invalid checkpoint: unknown field "extra" (at plateau.extra)');
  });

  it('accepts a forged plateau state that is valid, and trains with it', async () => {
    const { t, good } = await trained();
    t.restore(forge(good, plateauOf({ ...plateauInit(), multiplier: 0.25, reductions: 1, evaluations: 1, lastReductionAt: 1 })));
    expect(t.plateau?.multiplier).toBe(0.25);
    expect((await t.step(batches(1)[0])).values.lr).toBe(Math.fround(0.0125));
  });

  it('refuses a header that is not an object, lacks a field, has an unknown one, or mistypes step, tensors or meta', async () => {
    const { t, good } = await trained();
    for (const text of ['null', '[]', '5', '"x"']) await refuses(t, forge(good, text), `invalid checkpoint: the header must be a JSON object, got ${text}`);
    await refuses(t, forge(good, (h) => ({ ...h, evil: 1 })), 'invalid checkpoint: the header has an unknown field "evil" (version 1 has step, plateau, tensors, meta)');
    await refuses(t, forge(good, ({ meta: _meta, ...h }) => h), 'invalid checkpoint: the header has no field "meta"');
    await refuses(t, forge(good, (h) => ({ ...h, step: -1 })), 'invalid checkpoint: step must be a non-negative integer, got -1');
    await refuses(t, forge(good, (h) => ({ ...h, step: 2 ** 53 })), 'invalid checkpoint: step must be a non-negative integer, got 9007199254740992');
    await refuses(t, forge(good, (h) => ({ ...h, meta: [] })), 'invalid checkpoint: meta must be a JSON object, got []');
    await refuses(t, forge(good, (h) => ({ ...h, tensors: {} })), 'invalid checkpoint: tensors must be an array, got {}');
  });

  it('refuses tensor entries that are not objects, have unknown fields or repeat a name', async () => {
    const { t, good } = await trained();
    const tensors = (edit: (list: Array<Record<string, unknown>>) => unknown) => forge(good, (h) => ({ ...h, tensors: edit([...(h.tensors as Array<Record<string, unknown>>)]) }));
    await refuses(t, tensors((l) => [null, ...l.slice(1)]), 'invalid checkpoint: tensors[0] must be an object { name, type, dims, byteLength }, got null');
    await refuses(t, tensors((l) => [{ ...l[0], device: 'gpu' }, ...l.slice(1)]), 'invalid checkpoint: tensors[0] ("w1") has an unknown field "device"');
    await refuses(t, tensors((l) => [{ ...l[0], name: '' }, ...l.slice(1)]), 'invalid checkpoint: tensors[0] has no name');
    await refuses(t, tensors((l) => [l[0], { ...l[1], name: 'w1' }, ...l.slice(2)]), 'invalid checkpoint: tensor "w1" appears twice (tensors[0] and tensors[1])');
    await refuses(t, tensors((l) => [{ ...l[0], dims: [4, -8] }, ...l.slice(1)]), 'invalid checkpoint: tensor "w1" has invalid dims [4,-8]');
  });

  it('refuses non-zero padding', async () => {
    const { t, good } = await trained();
    const view = new DataView(good.buffer, good.byteOffset);
    const headerEnd = 16 + view.getUint32(12, true);
    if (headerEnd % 8 === 0) throw new Error('the fixture needs header padding');
    const bad = forge(good, (h) => h);
    bad[headerEnd] = 0x20; // a space after the JSON
    const { crc32 } = await import('../src/checkpoint.js');
    new DataView(bad.buffer).setUint32(bad.length - 4, crc32(bad.subarray(0, bad.length - 4)), true);
    await refuses(t, bad, `invalid checkpoint: the padding after the header is not zero (byte ${headerEnd})`);
  });

  it('refuses a plateau state for a trainer without plateau control, and a plateau trainer takes null as a fresh state', async () => {
    const { t, good } = await trained();
    const plain = await trainer(lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 } }));
    await refuses(plain, good, 'invalid checkpoint: it does not match this trainer: it has a plateau state, but this trainer\'s policy has no plateau control');
    t.restore(forge(good, (h) => ({ ...h, plateau: null })));
    expect(t.plateau).toEqual(plateauInit());
  });

  it('property: any rewritten header is refused with a CheckpointError leaving everything as it was, or restores a trainer that trains', async () => {
    const { t, good } = await trained();
    const header = headerOf(good);
    const fields = ['step', 'plateau', 'tensors', 'meta', 'extra'];
    const plateauFields = Object.keys(plateauInit());
    const edit = fc.oneof(
      fc.record({ at: fc.constantFrom(...fields), value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }) }),
      fc.record({ at: fc.constantFrom(...plateauFields.map((f) => `plateau.${f}`)), value: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.integer({ min: -3, max: 5 }), fc.double()), { nil: undefined }) }),
      fc.record({ at: fc.constantFrom(...['name', 'type', 'dims', 'byteLength', 'extra'].map((f) => `tensors.${f}`)), index: fc.nat({ max: (header.tensors as unknown[]).length - 1 }), value: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        const forged = forge(good, (h) => {
          const copy = structuredClone(h) as Record<string, unknown>;
          for (const e of edits) {
            const [head, field] = e.at.split('.');
            let target = copy;
            if (head === 'plateau' && field !== undefined) target = (copy.plateau ?? {}) as Record<string, unknown>;
            if (head === 'tensors' && field !== undefined) target = ((Array.isArray(copy.tensors) ? copy.tensors[(e as { index: number }).index] : undefined) ?? {}) as Record<string, unknown>;
            if (typeof target !== 'object' || target === null) continue;
            const key = field ?? head;
            if (e.value === undefined) delete target[key];
            else target[key] = e.value;
          }
          return copy;
        });
        const before = everything(t);
        let restored = false;
        try {
          t.restore(forged);
          restored = true;
        } catch (error) {
          expect(error).toBeInstanceOf(CheckpointError);
          expect(everything(t)).toEqual(before);
        }
        const r = await t.step(batches(1, 6)[0]);
        expect(Number.isFinite(r.loss)).toBe(true);
        if (restored) t.restore(good);
      }),
      { numRuns: 150 },
    );
  });
});
