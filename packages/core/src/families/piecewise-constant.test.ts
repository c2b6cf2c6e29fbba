import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError, compileSchedule, horizonOf, piecewiseConstant, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';

type PiecewiseConstantSpec = SpecOf<'piecewiseConstant'>;

describe('piecewiseConstant', () => {
  it('gives the documented example for both owners', () => {
    const spec = piecewiseConstant({ boundaries: [2], values: [1, 0.1] });
    expect([0, 1, 2, 3, 100].map((t) => valueAt(spec, t))).toEqual([1, 1, 0.1, 0.1, 0.1]);
    const keras = piecewiseConstant({ boundaries: [2], values: [1, 0.1], owner: 'previous' });
    expect([0, 1, 2, 3, 100].map((t) => valueAt(keras, t))).toEqual([1, 1, 1, 0.1, 0.1]);
  });

  it("lets the boundary step take the new value with owner 'next' (PyTorch, optax): t = b-1, b, b+1", () => {
    const spec: PiecewiseConstantSpec = { type: 'piecewiseConstant', boundaries: [100_000, 110_000], values: [1, 0.5, 0.1] };
    expect([99_999, 100_000, 100_001, 109_999, 110_000, 110_001].map((t) => valueAt(spec, t))).toEqual([1, 0.5, 0.5, 0.5, 0.1, 0.1]);
  });

  it("keeps the old value on the boundary step with owner 'previous', as Keras PiecewiseConstantDecay([100000, 110000], [1, 0.5, 0.1])", () => {
    const spec: PiecewiseConstantSpec = { type: 'piecewiseConstant', boundaries: [100_000, 110_000], values: [1, 0.5, 0.1], owner: 'previous' };
    // Keras: values[0] when step <= 100000, values[1] when 100000 < step <= 110000, values[2] after.
    expect([0, 99_999, 100_000, 100_001, 109_999, 110_000, 110_001, 1e12].map((t) => valueAt(spec, t))).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.1, 0.1]);
  });

  it('handles a boundary at 0: owner next starts on the second value, owner previous only at t = 1', () => {
    expect(valueAt({ type: 'piecewiseConstant', boundaries: [0], values: [1, 2] }, 0)).toBe(2);
    expect([0, 1].map((t) => valueAt({ type: 'piecewiseConstant', boundaries: [0], values: [1, 2], owner: 'previous' }, t))).toEqual([1, 2]);
  });

  it('agrees with a linear scan for both owners, through valueAt, compileSchedule and sample (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 20 }),
        fc.constantFrom<'next' | 'previous'>('next', 'previous'),
        fc.integer({ min: 0, max: 210 }),
        (raw, owner, t) => {
          const boundaries = [...raw].sort((a, b) => a - b);
          const values = Array.from({ length: boundaries.length + 1 }, (_, i) => i * 1.5);
          const spec: PiecewiseConstantSpec = { type: 'piecewiseConstant', boundaries, values, owner };
          const k = boundaries.filter((b) => (owner === 'next' ? b <= t : b < t)).length;
          expect(valueAt(spec, t)).toBe(values[k]);
          expect(compileSchedule(spec)(t)).toBe(values[k]);
          expect(sample(spec, { start: t, count: 1 })[0]).toBe(values[k]);
        },
      ),
    );
  });

  it('reports its horizon at the last boundary where the value changes (one step later for owner previous)', () => {
    const spec: PiecewiseConstantSpec = { type: 'piecewiseConstant', boundaries: [3, 8], values: [1, 2, 2] };
    expect(horizonOf(spec)).toBe(3);
    expect(horizonOf({ ...spec, owner: 'previous' })).toBe(4);
    expect(horizonOf({ ...spec, values: [1, 2, 3] })).toBe(8);
  });

  it('accepts fractional boundaries: both owners switch on the first step past one', () => {
    for (const owner of ['next', 'previous'] as const) {
      const spec = piecewiseConstant({ boundaries: [1.5, 4], values: [1, 2, 3], owner });
      expect([0, 1, 2, 3, 4, 5].map((t) => valueAt(spec, t)), owner).toEqual(owner === 'next' ? [1, 1, 2, 2, 3, 3] : [1, 1, 2, 2, 2, 3]);
    }
    expect(horizonOf(piecewiseConstant({ boundaries: [1.5], values: [1, 2] }))).toBe(2);
    expect(horizonOf(piecewiseConstant({ boundaries: [1.5], values: [1, 2], owner: 'previous' }))).toBe(2);
  });

  it('rejects boundaries that do not increase strictly and a values list of the wrong length, with paths', () => {
    const issues = validateSchedule({ type: 'piecewiseConstant', boundaries: [5, 5, 3], values: [1, 2] });
    expect(issues.map((i) => i.path)).toEqual([['boundaries', 1], ['boundaries', 2], ['values']]);
    expect(issues[2].message).toBe('values must have boundaries.length + 1 = 4 entries, got 2');
    expect(validateSchedule({ type: 'piecewiseConstant', boundaries: [], values: [] }).map((i) => i.path)).toEqual([['values']]);
    expect(validateSchedule({ type: 'piecewiseConstant', boundaries: [], values: [0.1] })).toEqual([]);
  });

  it('builds boundaries from epochs with stepsPerEpoch and copies the arrays', () => {
    const values = [1, 0.1];
    const spec = piecewiseConstant({ boundaryEpochs: [3], stepsPerEpoch: 10, values, owner: 'previous' });
    expect(spec).toEqual({ type: 'piecewiseConstant', boundaries: [30], values: [1, 0.1], owner: 'previous' });
    expect(spec.values).not.toBe(values);
    expect(() => piecewiseConstant({ boundaries: [3], boundaryEpochs: [3], stepsPerEpoch: 10, values })).toThrow(ScheduleSpecError);
  });
});
