import { valueAt } from '@cyclr/core';
import { SCHEDULE_TYPES } from '@cyclr/core/internal';
import { describe, expect, it } from 'vitest';
import { scheduleToOnnx } from './to-onnx.js';
import { SCHEDULE_CASES } from '../../test/schedule-cases.js';
import { ort, session } from '../../test/helpers.js';

/** steps 0..9999, then sparse steps up to 1e9 */
const STEPS = [...Array.from({ length: 10_000 }, (_, i) => i), 12_345, 99_999, 100_000, 1_000_003, 123_456_789, 1_000_000_000];

async function run(bytes: Uint8Array, steps: readonly number[]): Promise<Float32Array> {
  const s = await session(bytes);
  const out = await s.run({ step: new ort.Tensor('int64', BigInt64Array.from(steps, (v) => BigInt(v)), [steps.length]) });
  return out.value.data as Float32Array;
}

/** worst |got - want| / max(|want|, 1e-3·scale) with scale the largest |want| over the steps */
export function worstRelative(got: Float32Array, want: number[]): { error: number; at: number } {
  const scale = Math.max(...want.map(Math.abs));
  let error = 0;
  let at = -1;
  want.forEach((w, i) => {
    const e = Math.abs(got[i] - w) / Math.max(Math.abs(w), 1e-3 * scale);
    if (!(e <= error)) {
      error = e;
      at = i;
    }
  });
  return { error, at };
}

describe('scheduleToOnnx matches valueAt', () => {
  for (const [label, spec] of SCHEDULE_CASES) {
    it(`for ${label}: float64 arithmetic within 2 float32 ulp, float32 arithmetic within 1e-4 relative (steps 0..9999 and up to 1e9)`, async () => {
      const want = STEPS.map((t) => valueAt(spec, t));
      const exact = worstRelative(await run(scheduleToOnnx(spec, { dtype: 'float64' }), STEPS), want);
      expect(exact.error, `worst at step ${STEPS[exact.at]}`).toBeLessThan(1.2e-7);
      const short = STEPS.slice(0, 10_000);
      const fast = worstRelative(await run(scheduleToOnnx(spec), short), want.slice(0, 10_000));
      expect(fast.error, `worst at step ${short[fast.at]}`).toBeLessThan(1e-4);
    });
  }
});

describe('the emitter table', () => {
  it('is exercised for every family of the registry by the cases above', () => {
    const covered = new Set<string>();
    const visit = (spec: unknown): void => {
      if (Array.isArray(spec)) spec.forEach(visit);
      else if (typeof spec === 'object' && spec !== null) {
        const type = (spec as { type?: unknown }).type;
        if (typeof type === 'string') covered.add(type);
        Object.values(spec).forEach(visit);
      }
    };
    SCHEDULE_CASES.forEach(([, spec]) => visit(spec));
    expect(SCHEDULE_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });
});

describe('scheduleToOnnx models', () => {
  it('take a step tensor of any shape and return the same shape', async () => {
    const s = await session(scheduleToOnnx({ type: 'linear', from: 0, to: 1, steps: 4 }));
    const out = await s.run({ step: new ort.Tensor('int64', BigInt64Array.from([0n, 1n, 2n, 3n, 4n, 5n]), [2, 3]) });
    expect(out.value.dims).toEqual([2, 3]);
    expect(Array.from(out.value.data as Float32Array)).toEqual([0, 0.25, 0.5, 0.75, 1, 1]);
    const scalar = await s.run({ step: new ort.Tensor('int64', BigInt64Array.from([2n]), []) });
    expect(scalar.value.dims).toEqual([]);
    expect((scalar.value.data as Float32Array)[0]).toBe(0.5);
  });

  it('reject an invalid spec with core\'s validation error', () => {
    expect(() => scheduleToOnnx({ type: 'linear', from: 0, to: 1, steps: -5 })).toThrow(/steps/);
  });
});
