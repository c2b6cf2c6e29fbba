import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, piecewiseLinear, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';

type PiecewiseLinearSpec = SpecOf<'piecewiseLinear'>;

describe('piecewiseLinear', () => {
  const spec = piecewiseLinear({ points: [{ step: 0, value: 0 }, { step: 2, value: 1 }, { step: 6, value: 0 }] });

  it('gives the documented example and holds the last value after the last point', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 1e12].map((t) => valueAt(spec, t))).toEqual([0, 0.5, 1, 0.75, 0.5, 0.25, 0, 0, 0]);
  });

  it('is exactly each point value at its step, with the neighbours on the lines: t = s-1, s, s+1', () => {
    const s: PiecewiseLinearSpec = { type: 'piecewiseLinear', points: [{ step: 10, value: 0.3 }, { step: 20, value: 0.1 }, { step: 25, value: 0.7 }] };
    expect([9, 10, 11].map((t) => valueAt(s, t))).toEqual([0.3, 0.3, 0.3 + (0.1 - 0.3) * (1 / 10)]);
    expect([19, 20, 21].map((t) => valueAt(s, t))).toEqual([0.3 + (0.1 - 0.3) * (9 / 10), 0.1, 0.1 + (0.7 - 0.1) * (1 / 5)]);
    expect([24, 25, 26].map((t) => valueAt(s, t))).toEqual([0.1 + (0.7 - 0.1) * (4 / 5), 0.7, 0.7]);
    expect(valueAt(s, 0)).toBe(0.3);
  });

  it('agrees with numpy.interp-style interpolation and with compileSchedule and sample (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: 1100 }),
        (raw, vs, t) => {
          const steps = [...raw].sort((a, b) => a - b);
          const points = steps.map((step, i) => ({ step, value: vs[i] }));
          const s: PiecewiseLinearSpec = { type: 'piecewiseLinear', points };
          const v = valueAt(s, t);
          let expected: number;
          if (t <= steps[0]) expected = vs[0];
          else if (t >= steps[steps.length - 1]) expected = vs[steps.length - 1];
          else {
            const i = steps.findIndex((x, j) => x <= t && t < steps[j + 1]);
            expected = vs[i] + ((vs[i + 1] - vs[i]) * (t - steps[i])) / (steps[i + 1] - steps[i]);
          }
          expect(Math.abs(v - expected)).toBeLessThanOrEqual(1e-12);
          expect(v).toBeGreaterThanOrEqual(Math.min(...vs.slice(0, steps.length)) - 1e-15);
          expect(v).toBeLessThanOrEqual(Math.max(...vs.slice(0, steps.length)) + 1e-15);
          // === on purpose: compileSchedule copies the spec through JSON, which turns -0 into 0.
          expect(compileSchedule(s)(t) === v).toBe(true);
        },
      ),
    );
    const ts = Array.from({ length: 10 }, (_, t) => t);
    expect(Array.from(sample(spec, { count: 10 }))).toEqual(ts.map((t) => valueAt(spec, t)));
  });

  it('reports its horizon at the last point where the value changes', () => {
    expect(horizonOf(spec)).toBe(6);
    expect(horizonOf({ type: 'piecewiseLinear', points: [{ step: 0, value: 1 }, { step: 4, value: 2 }, { step: 9, value: 2 }] })).toBe(4);
  });

  it('rejects steps that do not increase strictly, an empty list and malformed points, with paths', () => {
    const issues = validateSchedule({ type: 'piecewiseLinear', points: [{ step: 0, value: 1 }, { step: 0, value: 2 }] });
    expect(issues.map((i) => i.path)).toEqual([['points', 1, 'step']]);
    expect(issues[0].message).toBe('point steps must be strictly increasing: points[1].step = 0 comes after 0');
    expect(validateSchedule({ type: 'piecewiseLinear', points: [] }).map((i) => i.path)).toEqual([['points']]);
    expect(validateSchedule({ type: 'piecewiseLinear', points: [{ step: 0, value: 1e308 }, { step: 1, value: -1e308 }] }).map((i) => [i.code, i.path])).toEqual([
      ['out_of_range', ['points', 0, 'value']],
      ['out_of_range', ['points', 1, 'value']],
    ]);
    expect(validateSchedule({ type: 'piecewiseLinear', points: [{ step: -1, value: 'x' }] }).map((i) => i.path)).toEqual([['points', 0, 'step'], ['points', 0, 'value']]);
  });

  it('interpolates between the extremes within ±1e300 without overflowing', () => {
    const wide = piecewiseLinear({ points: [{ step: 0, value: 1e300 }, { step: 2, value: -1e300 }] });
    expect([0, 1, 2].map((t) => valueAt(wide, t))).toEqual([1e300, 0, -1e300]);
  });

  it('accepts fractional point steps: interpolation over real time', () => {
    const s = piecewiseLinear({ points: [{ step: 0.5, value: 0 }, { step: 2.5, value: 1 }] });
    expect([0, 1, 2, 3].map((t) => valueAt(s, t))).toEqual([0, 0.25, 0.75, 1]);
    expect(horizonOf(s)).toBe(3);
  });

  it('copies the points in the builder', () => {
    const points = [{ step: 0, value: 1 }];
    const built = piecewiseLinear({ points });
    points[0].value = 5;
    expect(valueAt(built, 0)).toBe(1);
  });
});
