import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, inverseSqrt, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';

type InverseSqrtSpec = SpecOf<'inverseSqrt'>;

/** HF transformers _get_inverse_sqrt_schedule_lr_lambda times the base lr, with HF's timescale default. */
function hf(base: number, warmup: number, timescale: number | undefined, t: number): number {
  const ts = timescale ?? (warmup || 10_000);
  if (t < warmup) return base * (t / Math.max(1, warmup));
  const shift = ts - warmup;
  return base * (1 / Math.sqrt((t + shift) / ts));
}

describe('inverseSqrt', () => {
  it('warms up linearly from 0 and then decays as 1/sqrt, with timescale defaulting to warmupSteps', () => {
    const spec = inverseSqrt({ peak: 1, warmupSteps: 4 });
    expect([0, 1, 2, 3, 4, 5, 16, 36].map((t) => valueAt(spec, t))).toEqual([0, 0.25, 0.5, 0.75, 1, 1 / Math.sqrt(5 / 4), 0.5, 1 / 3]);
  });

  it('puts the peak exactly on t = warmupSteps: t = 3, 4, 5 for warmupSteps 4 and timescale 100', () => {
    const spec: InverseSqrtSpec = { type: 'inverseSqrt', peak: 0.5, warmupSteps: 4, timescale: 100 };
    expect([3, 4, 5].map((t) => valueAt(spec, t))).toEqual([0.375, 0.5, 0.5 * (1 / Math.sqrt(101 / 100))]);
    expect(valueAt(spec, 304)).toBe(0.25);
  });

  it('uses a timescale of 10,000 when there is no warmup, as HF does', () => {
    const spec = inverseSqrt({ peak: 2 });
    expect([0, 30_000].map((t) => valueAt(spec, t))).toEqual([2, 1]);
  });

  it('agrees with HF get_inverse_sqrt_schedule bit for bit, including at steps 1e9 and 1e12', () => {
    for (const [warmup, timescale] of [[0, undefined], [10, undefined], [10, 50], [1, 1], [1000, 3]] as const) {
      const spec: InverseSqrtSpec = { type: 'inverseSqrt', peak: 0.3, warmupSteps: warmup, timescale };
      for (const t of [0, 1, 5, 9, 10, 11, 999, 1000, 1001, 5000, 1e9, 1e12]) expect(valueAt(spec, t)).toBe(hf(0.3, warmup, timescale, t));
    }
  });

  it('rises during the warmup, falls after it, and stays within [0, peak] (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.option(fc.integer({ min: 1, max: 1e5 }), { nil: undefined }), fc.integer({ min: 0, max: 1e12 }), (warmupSteps, timescale, t) => {
        const spec: InverseSqrtSpec = { type: 'inverseSqrt', peak: 1, warmupSteps, timescale };
        const v = valueAt(spec, t);
        const next = valueAt(spec, t + 1);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        if (t + 1 < warmupSteps) expect(next).toBeGreaterThan(v);
        else if (t >= warmupSteps) expect(next).toBeLessThanOrEqual(v);
        expect(compileSchedule(spec)(t) === v).toBe(true); // === : the JSON copy in compileSchedule turns -0 into 0
      }),
    );
  });

  it('gives the same values through valueAt, compileSchedule and sample', () => {
    const spec = inverseSqrt({ peak: 1, warmupSteps: 5, timescale: 7 });
    const ts = Array.from({ length: 30 }, (_, t) => t);
    expect(Array.from(sample(spec, { count: 30 }))).toEqual(ts.map((t) => valueAt(spec, t)));
    expect(horizonOf(spec)).toBe(Infinity);
  });

  it('accepts a fractional warmup: the ramp runs over real time and the decay starts from it', () => {
    // warmup 2.5, timescale 2.5: t = 1 → 0.4, t = 2 → 0.8, t = 3 → 1/sqrt(3/2.5)
    const spec = inverseSqrt({ peak: 1, warmupSteps: 2.5 });
    expect([0, 1, 2].map((t) => valueAt(spec, t))).toEqual([0, 0.4, 0.8]);
    expect(valueAt(spec, 3)).toBeCloseTo(1 / Math.sqrt(1.2), 15);
    expect(valueAt(spec, 10)).toBe(0.5);
  });

  it('rejects a negative warmup and a zero timescale, with paths', () => {
    expect(validateSchedule({ type: 'inverseSqrt', peak: 1, warmupSteps: -1, timescale: 0 }).map((i) => i.path)).toEqual([['warmupSteps'], ['timescale']]);
  });

  it('builds warmupSteps from epochs with stepsPerEpoch', () => {
    expect(inverseSqrt({ peak: 1e-3, warmupEpochs: 2, stepsPerEpoch: 500 })).toEqual({ type: 'inverseSqrt', peak: 1e-3, warmupSteps: 1000 });
  });
});
