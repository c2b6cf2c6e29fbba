import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, sample, stepDecay, valueAt, validateSchedule, type SpecOf } from '../index.js';

type StepDecaySpec = SpecOf<'stepDecay'>;

describe('stepDecay', () => {
  const spec = stepDecay({ from: 0.1, decay: 0.5, steps: 7 });

  it('gives the documented example', () => {
    expect([0, 1, 2, 3, 4, 5].map((t) => valueAt({ type: 'stepDecay', from: 1, decay: 0.5, steps: 2 }, t))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('multiplies by decay every `steps` steps, as PyTorch StepLR(step_size=7, gamma=0.5)', () => {
    expect([0, 6, 7, 8, 13, 14, 15, 21].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.0125]);
  });

  it('gives the new value on the boundary step itself: t = b-1, b, b+1 around b = 7, 14, 70', () => {
    for (const b of [7, 14, 70]) {
      const k = b / 7;
      expect([b - 1, b, b + 1].map((t) => valueAt(spec, t))).toEqual([0.1 * 0.5 ** (k - 1), 0.1 * 0.5 ** k, 0.1 * 0.5 ** k]);
    }
  });

  it('is exact at steps 1e9 and 1e12 (closed form, no accumulation)', () => {
    const slow: StepDecaySpec = { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 1e9 };
    expect(valueAt(slow, 1e12 - 1)).toBe(0.1 * 2 ** -999);
    expect(valueAt(slow, 1e12)).toBe(0.1 * 2 ** -1000);
    expect(valueAt(slow, 1e9)).toBe(0.05);
    expect(valueAt(spec, 1e12)).toBe(0);
  });

  it('never increases for decay <= 1 and stays within [0, from] (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1e12 }), (decay, steps, t) => {
        const s: StepDecaySpec = { type: 'stepDecay', from: 0.3, decay, steps };
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

  it('reports its horizon: Infinity while it keeps stepping, 0 when decay is 1, `steps` when decay is 0', () => {
    expect(horizonOf(spec)).toBe(Infinity);
    expect(horizonOf({ ...spec, decay: 1 })).toBe(0);
    expect(horizonOf({ ...spec, decay: 0 })).toBe(7);
  });

  it('rejects a decay that overflows before step 1e12, a negative decay and a zero steps, with paths', () => {
    const paths = (s: unknown) => validateSchedule(s).map((i) => i.path.join('.'));
    expect(paths({ type: 'stepDecay', from: 1, decay: 2, steps: 1000 })).toEqual(['decay']);
    expect(paths({ type: 'stepDecay', from: 1, decay: 2, steps: 1e10 })).toEqual([]);
    expect(paths({ type: 'stepDecay', from: 1, decay: -0.5, steps: 0 })).toEqual(['decay', 'steps']);
  });

  it('builds steps from epochs with stepsPerEpoch', () => {
    expect(stepDecay({ from: 0.1, decay: 0.1, epochs: 30, stepsPerEpoch: 391 })).toEqual({ type: 'stepDecay', from: 0.1, decay: 0.1, steps: 11730 });
    expect(() => stepDecay({ from: 0.1, decay: 0.1, epochs: 30 })).toThrow(/stepsPerEpoch is required/);
  });

  it('resolves epochs that make a whole number of steps up to float noise to that whole number', () => {
    // 1.1 × 100 = 110.00000000000001 in floats: the first decay is at step 110, not 111
    const spec = stepDecay({ from: 1, decay: 0.1, epochs: 1.1, stepsPerEpoch: 100 });
    expect(spec.steps).toBe(110);
    expect([109, 110, 111].map((t) => valueAt(spec, t))).toEqual([1, 0.1, 0.1]);
  });

  it('decays at the steps Python computes t // steps for a fractional length (timm decay_epochs 2.4)', () => {
    // Python: [t // 2.4 for t in range(13)] = 0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5 (12 // 2.4 is 5.0, 12 % 2.4 is 4.4e-16)
    const spec = stepDecay({ from: 1, decay: 0.5, steps: 2.4 });
    expect(Array.from({ length: 13 }, (_, t) => valueAt(spec, t))).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625, 0.03125]);
    expect(horizonOf({ ...spec, decay: 0 })).toBe(3);
  });
});
