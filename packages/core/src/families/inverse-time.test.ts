import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, inverseTime, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';

type InverseTimeSpec = SpecOf<'inverseTime'>;

describe('inverseTime', () => {
  it('gives the documented example', () => {
    const spec = inverseTime({ from: 1, rate: 0.5, steps: 1 });
    expect([0, 1, 2].map((t) => valueAt(spec, t))).toEqual([1, 0.6666666666666666, 0.5]);
  });

  it('divides by 1 + rate·t/steps as Keras InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5)', () => {
    const spec = inverseTime({ from: 0.1, rate: 0.5 });
    expect([0, 1, 2, 3].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1 / 1.5, 0.1 / 2, 0.1 / 2.5]);
  });

  it('steps on the boundary itself with staircase: t = 9, 10, 11 and 19, 20, 21 for decay_steps 10', () => {
    const spec = inverseTime({ from: 0.1, rate: 1, steps: 10, staircase: true });
    expect([0, 9, 10, 11, 19, 20, 21].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1, 0.05, 0.05, 0.05, 0.1 / 3, 0.1 / 3]);
  });

  it('is finite and exact at steps 1e9 and 1e12', () => {
    const spec: InverseTimeSpec = { type: 'inverseTime', from: 1, rate: 2, steps: 1000 };
    expect(valueAt(spec, 1e9)).toBe(1 / (1 + 2 * 1e6));
    expect(valueAt(spec, 1e12)).toBe(1 / (1 + 2 * 1e9));
    expect(valueAt({ ...spec, staircase: true }, 1e12 - 1)).toBe(1 / (1 + 2 * (1e9 - 1)));
  });

  it('never increases and stays within (0, from] (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 1, max: 1000 }), fc.boolean(), fc.integer({ min: 0, max: 1e12 }), (rate, steps, staircase, t) => {
        const spec: InverseTimeSpec = { type: 'inverseTime', from: 0.2, rate, steps, staircase };
        const v = valueAt(spec, t);
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThanOrEqual(0.2);
        expect(valueAt(spec, t + 1)).toBeLessThanOrEqual(v);
        expect(compileSchedule(spec)(t) === v).toBe(true); // === : the JSON copy in compileSchedule turns -0 into 0
      }),
    );
  });

  it('gives the same values through valueAt, compileSchedule and sample', () => {
    for (const spec of [inverseTime({ from: 1, rate: 0.3, steps: 4 }), inverseTime({ from: 1, rate: 0.3, steps: 4, staircase: true })]) {
      const ts = Array.from({ length: 30 }, (_, t) => t);
      expect(Array.from(sample(spec, { count: 30 }))).toEqual(ts.map((t) => valueAt(spec, t)));
    }
    expect(horizonOf({ type: 'inverseTime', from: 1, rate: 0.3 })).toBe(Infinity);
  });

  it('rejects a negative rate (the divisor would reach zero) and a zero steps, with paths', () => {
    const issues = validateSchedule({ type: 'inverseTime', from: 1, rate: -0.5, steps: 0 });
    expect(issues.map((i) => i.path)).toEqual([['rate'], ['steps']]);
    expect(issues[0].message).toBe('rate must be a non-negative number, got -0.5');
  });

  it('accepts a fractional steps: 1 + rate·t/steps over real time, a staircase at floor(t/steps)', () => {
    const smooth = inverseTime({ from: 1, rate: 1, steps: 2.5 });
    // t = 5: 1/(1 + 5/2.5) = 1/3
    expect([0, 5].map((t) => valueAt(smooth, t))).toEqual([1, 1 / 3]);
    expect(valueAt(smooth, 1)).toBeCloseTo(1 / 1.4, 15);
    // floor(t/2.5) for t = 0..5 is 0, 0, 0, 1, 1, 2
    const stairs = inverseTime({ from: 1, rate: 1, steps: 2.5, staircase: true });
    expect([0, 1, 2, 3, 4, 5].map((t) => valueAt(stairs, t))).toEqual([1, 1, 1, 0.5, 0.5, 1 / 3]);
    expect(horizonOf(stairs)).toBe(Infinity);
    expect(horizonOf(inverseTime({ from: 1, rate: 0 }))).toBe(0);
  });

  it('builds steps from epochs with stepsPerEpoch', () => {
    expect(inverseTime({ from: 1, rate: 0.5, epochs: 1, stepsPerEpoch: 100, staircase: true })).toEqual({ type: 'inverseTime', from: 1, rate: 0.5, steps: 100, staircase: true });
  });
});
