import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, multiStep, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';
import { countAtMost } from '../internal.js';

type MultiStepSpec = SpecOf<'multiStep'>;

describe('multiStep', () => {
  it('gives the documented example', () => {
    const spec = multiStep({ from: 1, decay: 0.5, milestones: [2, 4] });
    expect([0, 1, 2, 3, 4, 5, 1e12].map((t) => valueAt(spec, t))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.25]);
  });

  it('multiplies by decay at each milestone, twice at a repeated one (PyTorch MultiStepLR([10, 25, 25, 40], 0.5))', () => {
    const spec = multiStep({ from: 0.1, decay: 0.5, milestones: [10, 25, 25, 40] });
    expect([9, 10, 11, 24, 25, 26, 39, 40, 41, 1e12].map((t) => valueAt(spec, t))).toEqual([
      0.1, 0.05, 0.05, 0.05, 0.0125, 0.0125, 0.0125, 0.00625, 0.00625, 0.00625,
    ]);
  });

  it('applies a milestone at 0 from the very first step, as PyTorch does', () => {
    expect(valueAt({ type: 'multiStep', from: 1, decay: 0.1, milestones: [0, 3] }, 0)).toBe(0.1);
  });

  it('sorts milestones in the builder (a multiset, as PyTorch counts them) and copies the array', () => {
    const milestones = [30, 10];
    const spec = multiStep({ from: 0.1, decay: 0.1, milestones });
    expect(spec.milestones).toEqual([10, 30]);
    expect(milestones).toEqual([30, 10]);
    expect([9, 10, 29, 30].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * Math.pow(0.1, 2)]);
  });

  it('gives the same values through valueAt, compileSchedule and sample, for short and long milestone lists', () => {
    const long: MultiStepSpec = { type: 'multiStep', from: 2, decay: 0.9, milestones: Array.from({ length: 40 }, (_, i) => 3 * i + (i % 2)) };
    for (const spec of [long, multiStep({ from: 1, decay: 0.3, milestones: [2, 2, 5] })]) {
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
    expect(horizonOf({ type: 'multiStep', from: 1, decay: 0.5, milestones: [3, 9] })).toBe(9);
    expect(horizonOf({ type: 'multiStep', from: 1, decay: 0.5, milestones: [] })).toBe(0);
  });

  it('rejects decreasing milestones at their index, and a growth beyond 1e300', () => {
    const issues = validateSchedule({ type: 'multiStep', from: 1, decay: 0.5, milestones: [5, 3, 8, 7] });
    expect(issues.map((i) => i.path)).toEqual([['milestones', 1], ['milestones', 3]]);
    expect(issues[0]).toMatchObject({ code: 'out_of_order', message: 'milestones must be non-decreasing: milestones[1] = 3 comes after 5' });
    const [growth] = validateSchedule({ type: 'multiStep', from: 1, decay: 1e200, milestones: [1, 2] });
    expect(growth).toMatchObject({ code: 'overflow', path: ['decay'], message: 'decay 1e+200 applied 2 times takes 1 beyond 1e300' });
    expect(validateSchedule({ type: 'multiStep', from: 1, decay: 1e150, milestones: [1, 2] })).toEqual([]);
  });

  it('accepts fractional milestones: the decay applies from the first step at or past each', () => {
    const spec = multiStep({ from: 1, decay: 0.5, milestones: [1.5, 3] });
    expect([0, 1, 2, 3, 4].map((t) => valueAt(spec, t))).toEqual([1, 1, 0.5, 0.25, 0.25]);
    expect(horizonOf(spec)).toBe(3);
    expect(horizonOf(multiStep({ from: 1, decay: 0.5, milestones: [1.5, 2.5] }))).toBe(3);
  });

  it('builds milestones from epochs with stepsPerEpoch, reporting a bad entry at its index', () => {
    expect(multiStep({ from: 0.1, decay: 0.1, milestoneEpochs: [60, 30], stepsPerEpoch: 100 }).milestones).toEqual([3000, 6000]);
    // a fraction of an epoch is a fractional milestone: 0.001 epochs of 100 steps is step 0.1
    expect(multiStep({ from: 1, decay: 0.1, milestoneEpochs: [30, 0.001], stepsPerEpoch: 100 }).milestones).toEqual([0.1, 3000]);
    try {
      multiStep({ from: 0.1, decay: 0.1, milestoneEpochs: [30, -1], stepsPerEpoch: 100 });
      expect.unreachable();
    } catch (error) {
      expect((error as { issues: Array<{ path: unknown }> }).issues.map((i) => i.path)).toEqual([['milestoneEpochs', 1]]);
    }
  });
});
