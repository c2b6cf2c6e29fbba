import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, sample, step, valueAt, validateSchedule, type StepDecaySpec, type Schedule } from '../index.js';
import { stepFamily } from './step.js';

describe('step', () => {
  const spec = step({ initial: 0.1, gamma: 0.5, stepSize: 7 });

  it('gives the documented example', () => {
    expect([0, 1, 2, 3, 4, 5].map((t) => valueAt({ type: 'step', initial: 1, gamma: 0.5, stepSize: 2 }, t))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('multiplies by gamma every stepSize steps, as PyTorch StepLR(step_size=7, gamma=0.5)', () => {
    expect([0, 6, 7, 8, 13, 14, 15, 21].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.0125]);
  });

  it('gives the new value on the boundary step itself: t = b-1, b, b+1 around b = 7, 14, 70', () => {
    for (const b of [7, 14, 70]) {
      const k = b / 7;
      expect([b - 1, b, b + 1].map((t) => valueAt(spec, t))).toEqual([0.1 * 0.5 ** (k - 1), 0.1 * 0.5 ** k, 0.1 * 0.5 ** k]);
    }
  });

  it('is exact at steps 1e9 and 1e12 (closed form, no accumulation)', () => {
    const slow: StepDecaySpec = { type: 'step', initial: 0.1, gamma: 0.5, stepSize: 1e9 };
    expect(valueAt(slow, 1e12 - 1)).toBe(0.1 * 2 ** -999);
    expect(valueAt(slow, 1e12)).toBe(0.1 * 2 ** -1000);
    expect(valueAt(slow, 1e9)).toBe(0.05);
    expect(valueAt(spec, 1e12)).toBe(0);
  });

  it('never increases for gamma <= 1 and stays within [0, initial] (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1e12 }), (gamma, stepSize, t) => {
        const s: StepDecaySpec = { type: 'step', initial: 0.3, gamma, stepSize };
        const v = valueAt(s, t);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(0.3);
        expect(valueAt(s, t + 1)).toBeLessThanOrEqual(v);
        expect(compileSchedule(s)(t) === v).toBe(true); // === : the JSON copy in compileSchedule turns -0 into 0
      }),
    );
  });

  it('gives the same values through valueAt, compileSchedule and sample', () => {
    const f = compileSchedule(spec);
    const ts = Array.from({ length: 50 }, (_, t) => t);
    expect(Array.from(sample(spec, { count: 50 }))).toEqual(ts.map((t) => valueAt(spec, t)));
    expect(ts.map(f)).toEqual(ts.map((t) => valueAt(spec, t)));
  });

  it('reports its horizon: Infinity while it keeps stepping, 0 when gamma is 1', () => {
    expect(stepFamily.horizon?.(spec, () => 0)).toBe(Infinity);
    expect(stepFamily.horizon?.({ ...spec, gamma: 1 }, () => 0)).toBe(0);
    expect(stepFamily.horizon?.({ ...spec, gamma: 0 }, () => 0)).toBe(7);
  });

  it('rejects a gamma that overflows before step 1e12, a negative gamma and a zero stepSize, with paths', () => {
    const paths = (s: unknown) => validateSchedule(s).map((i) => i.path.join('.'));
    expect(paths({ type: 'step', initial: 1, gamma: 2, stepSize: 1000 })).toEqual(['gamma']);
    expect(paths({ type: 'step', initial: 1, gamma: 2, stepSize: 1e10 })).toEqual([]);
    expect(paths({ type: 'step', initial: 1, gamma: -0.5, stepSize: 0 })).toEqual(['gamma', 'stepSize']);
  });

  it('builds stepSize from epochs with stepsPerEpoch', () => {
    expect(step({ initial: 0.1, gamma: 0.1, stepEpochs: 30, stepsPerEpoch: 391 })).toEqual({ type: 'step', initial: 0.1, gamma: 0.1, stepSize: 11730 });
    expect(() => step({ initial: 0.1, gamma: 0.1, stepEpochs: 30 })).toThrow(/stepsPerEpoch is required/);
  });

  it('never yields NaN or ±Infinity for a spec that validates, at any step up to 1e12 (fuzzed, extreme magnitudes included)', () => {
    const num = fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constantFrom(0, 1, -1, 0.5, 2, 1e-300, 1e300, -1e300));
    const int = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(1, 2, 1e6, 1e12, 2 ** 53 - 1));
    let valid = 0;
    fc.assert(
      fc.property(fc.record({ type: fc.constant('step'), initial: num, gamma: num, stepSize: int }), fc.oneof(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(0, 1, 1e12)), (raw, t) => {
        const spec = JSON.parse(JSON.stringify(raw)) as Schedule;
        if (validateSchedule(spec).length > 0) return;
        valid++;
        expect(Number.isFinite(valueAt(spec, t))).toBe(true);
        expect(Number.isFinite(compileSchedule(spec)(t))).toBe(true);
      }),
      { numRuns: 1500 },
    );
    expect(valid).toBeGreaterThan(100);
  });
});
