import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, multiStep, sample, valueAt, validateSchedule, type MultiStepSpec, type Schedule } from '../index.js';
import { countAtMost, multiStepFamily } from './multi-step.js';

describe('multiStep', () => {
  it('gives the documented example', () => {
    const spec = multiStep({ initial: 1, gamma: 0.5, milestones: [2, 4] });
    expect([0, 1, 2, 3, 4, 5, 1e12].map((t) => valueAt(spec, t))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.25]);
  });

  it('multiplies by gamma at each milestone, twice at a repeated one (PyTorch MultiStepLR([10, 25, 25, 40], 0.5))', () => {
    const spec = multiStep({ initial: 0.1, gamma: 0.5, milestones: [10, 25, 25, 40] });
    expect([9, 10, 11, 24, 25, 26, 39, 40, 41, 1e12].map((t) => valueAt(spec, t))).toEqual([
      0.1, 0.05, 0.05, 0.05, 0.0125, 0.0125, 0.0125, 0.00625, 0.00625, 0.00625,
    ]);
  });

  it('applies a milestone at 0 from the very first step, as PyTorch does', () => {
    expect(valueAt({ type: 'multiStep', initial: 1, gamma: 0.1, milestones: [0, 3] }, 0)).toBe(0.1);
  });

  it('sorts milestones in the builder (a multiset, as PyTorch counts them) and copies the array', () => {
    const milestones = [30, 10];
    const spec = multiStep({ initial: 0.1, gamma: 0.1, milestones });
    expect(spec.milestones).toEqual([10, 30]);
    expect(milestones).toEqual([30, 10]);
    expect([9, 10, 29, 30].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * Math.pow(0.1, 2)]);
  });

  it('gives the same values through valueAt, compileSchedule and sample, for short and long milestone lists', () => {
    const long: MultiStepSpec = { type: 'multiStep', initial: 2, gamma: 0.9, milestones: Array.from({ length: 40 }, (_, i) => 3 * i + (i % 2)) };
    for (const spec of [long, multiStep({ initial: 1, gamma: 0.3, milestones: [2, 2, 5] })]) {
      const f = compileSchedule(spec);
      const ts = Array.from({ length: 130 }, (_, t) => t);
      expect(ts.map(f)).toEqual(ts.map((t) => valueAt(spec, t)));
      expect(Array.from(sample(spec, { count: 130 }))).toEqual(ts.map(f));
    }
  });

  it('counts milestones <= t like bisect_right (fast-check against a linear count)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 30 }), fc.integer({ min: 0, max: 110 }), (xs, t) => {
        xs.sort((a, b) => a - b);
        expect(countAtMost(xs, t)).toBe(xs.filter((x) => x <= t).length);
      }),
    );
  });

  it('reports its horizon at the last milestone', () => {
    expect(multiStepFamily.horizon?.({ type: 'multiStep', initial: 1, gamma: 0.5, milestones: [3, 9] }, () => 0)).toBe(9);
    expect(multiStepFamily.horizon?.({ type: 'multiStep', initial: 1, gamma: 0.5, milestones: [] }, () => 0)).toBe(0);
  });

  it('rejects decreasing milestones at their index, and a growth that overflows', () => {
    const issues = validateSchedule({ type: 'multiStep', initial: 1, gamma: 0.5, milestones: [5, 3, 8, 7] });
    expect(issues.map((i) => i.path)).toEqual([['milestones', 1], ['milestones', 3]]);
    expect(issues[0].message).toBe('milestones must be non-decreasing: milestones[1] = 3 comes after 5');
    expect(validateSchedule({ type: 'multiStep', initial: 1, gamma: 1e200, milestones: [1, 2] }).map((i) => i.path)).toEqual([['gamma']]);
    expect(validateSchedule({ type: 'multiStep', initial: 1, gamma: 0.5, milestones: [1.5] }).map((i) => i.path)).toEqual([['milestones', 0]]);
  });

  it('builds milestones from epochs with stepsPerEpoch, reporting a bad entry at its index', () => {
    expect(multiStep({ initial: 0.1, gamma: 0.1, milestoneEpochs: [60, 30], stepsPerEpoch: 100 }).milestones).toEqual([3000, 6000]);
    try {
      multiStep({ initial: 0.1, gamma: 0.1, milestoneEpochs: [30, 0.001], stepsPerEpoch: 100 });
      expect.unreachable();
    } catch (error) {
      expect((error as { issues: Array<{ path: unknown }> }).issues.map((i) => i.path)).toEqual([['milestoneEpochs', 1]]);
    }
  });

  it('never yields NaN or ±Infinity for a spec that validates, at any step up to 1e12 (fuzzed, extreme magnitudes included)', () => {
    const num = fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constantFrom(0, 1, -1, 0.5, 2, 1e-300, 1e300, -1e300));
    const int = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(1, 2, 1e6, 1e12, 2 ** 53 - 1));
    let valid = 0;
    fc.assert(
      fc.property(fc.record({ type: fc.constant('multiStep'), initial: num, gamma: num, milestones: fc.array(int, { maxLength: 5 }).map((a) => a.sort((x, y) => x - y)) }), fc.oneof(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(0, 1, 1e12)), (raw, t) => {
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
