import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, polynomial, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';

type PolynomialSpec = SpecOf<'polynomial'>;

const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('polynomial', () => {
  it('ramps with the given power and holds `to` after `steps`', () => {
    const spec = polynomial({ from: 1, to: 0, steps: 4, power: 2 });
    expect([0, 1, 2, 3, 4, 5, 1e12].map((t) => valueAt(spec, t))).toEqual([1, 0.5625, 0.25, 0.0625, 0, 0, 0]);
  });

  it('matches Keras PolynomialDecay(0.1, 10000, end_learning_rate=0.01, power=0.5)', () => {
    const spec = polynomial({ from: 0.1, to: 0.01, steps: 10_000, power: 0.5 });
    expect(valueAt(spec, 0)).toBe(0.1);
    close(valueAt(spec, 5000), 0.09 * Math.SQRT1_2 + 0.01);
    expect(valueAt(spec, 10_000)).toBe(0.01);
    expect(valueAt(spec, 20_000)).toBe(0.01);
  });

  it('matches PyTorch PolynomialLR(total_iters=10, power=2) with to = 0, reaching exactly 0', () => {
    const spec = polynomial({ from: 0.1, to: 0, steps: 10, power: 2 });
    for (let t = 0; t <= 12; t++) close(valueAt(spec, t) + 1, 0.1 * (1 - Math.min(t, 10) / 10) ** 2 + 1);
    expect(valueAt(spec, 10)).toBe(0);
  });

  it('cycles as Keras does: t = 0 counts as one cycle, each multiple of steps is `to`, the next step jumps up', () => {
    const spec = polynomial({ from: 1, to: 0, steps: 4, after: 'cycle' });
    expect([0, 1, 3, 4, 5, 8, 9, 12, 13].map((t) => valueAt(spec, t))).toEqual([1, 0.75, 0.25, 0, 0.375, 0, 0.25, 0, 1 - 13 / 16]);
    // Keras: decay_steps·ceil(t/decay_steps), with the multiplier 1 at t = 0.
    for (const t of [1e9 + 1, 1e12 - 1, 1e12, 1e12 + 3]) {
      const horizon = 4 * Math.ceil(t / 4);
      expect(valueAt(spec, t)).toBe(1 * Math.pow(1 - t / horizon, 1) + 0);
    }
    expect(horizonOf(spec)).toBe(Infinity);
  });

  it('puts the end exactly on step `steps`: t = steps-1, steps, steps+1', () => {
    const spec: PolynomialSpec = { type: 'polynomial', from: 0.5, to: 0.1, steps: 3, power: 3 };
    close(valueAt(spec, 2), 0.4 * (1 / 3) ** 3 + 0.1);
    expect([3, 4].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1]);
    expect(horizonOf(spec)).toBe(3);
  });

  it('moves monotonically from `from` to `to` and stays between them (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 2e6 }),
        (from, to, steps, power, t) => {
          const spec: PolynomialSpec = { type: 'polynomial', from, to, steps, power };
          const v = valueAt(spec, t);
          const eps = 1e-12 * Math.max(1, Math.abs(from), Math.abs(to));
          expect(v).toBeGreaterThanOrEqual(Math.min(from, to) - eps);
          expect(v).toBeLessThanOrEqual(Math.max(from, to) + eps);
          const next = valueAt(spec, t + 1);
          if (from >= to) expect(next).toBeLessThanOrEqual(v + eps);
          else expect(next).toBeGreaterThanOrEqual(v - eps);
          // === on purpose: compileSchedule copies the spec through JSON, which turns -0 into 0.
          expect(compileSchedule(spec)(t) === v).toBe(true);
        },
      ),
    );
  });

  it('gives the same values through valueAt, compileSchedule and sample', () => {
    for (const spec of [polynomial({ from: 1, to: 0.1, steps: 7 }), polynomial({ from: 1, to: 0.1, steps: 7, power: 0.7, after: 'cycle' })]) {
      const ts = Array.from({ length: 40 }, (_, t) => t);
      expect(Array.from(sample(spec, { count: 40 }))).toEqual(ts.map((t) => valueAt(spec, t)));
    }
  });

  it('rejects a power of zero or below (0^0 and division by zero), with its path', () => {
    expect(validateSchedule({ type: 'polynomial', from: 1, to: 0, steps: 4, power: 0 }).map((i) => i.path)).toEqual([['power']]);
    expect(validateSchedule({ type: 'polynomial', from: 1, to: 0, steps: 0, power: -1, after: 'yes' }).map((i) => [i.code, i.path])).toEqual([
      ['too_small', ['steps']],
      ['out_of_range', ['power']],
      ['invalid_enum', ['after']],
    ]);
  });

  it('refuses values beyond ±1e300 and stays finite at the extremes within', () => {
    expect(validateSchedule({ type: 'polynomial', from: -1e308, to: 1e308, steps: 4 }).map((i) => [i.code, i.path])).toEqual([
      ['out_of_range', ['from']],
      ['out_of_range', ['to']],
    ]);
    const wide = polynomial({ from: -1e300, to: 1e300, steps: 4, after: 'cycle' });
    // t = 6 restarts on the horizon 8: (from - to)·(1 - 6/8) + to = -2e300·0.25 + 1e300
    expect([0, 2, 4, 6, 8].map((t) => valueAt(wide, t))).toEqual([-1e300, 0, 1e300, 5e299, 1e300]);
  });

  it('accepts a fractional length: (1 - t/steps)^power over real time, `to` from step ceil(steps)', () => {
    // steps 2.5, power 2: t = 1 → 0.6² = 0.36, t = 2 → 0.2² = 0.04, t = 3 → 0
    const spec = polynomial({ from: 1, to: 0, steps: 2.5, power: 2 });
    const v = [0, 1, 2, 3].map((t) => valueAt(spec, t));
    expect([v[0], v[3]]).toEqual([1, 0]);
    close(v[1], 0.36);
    close(v[2], 0.04);
    expect(horizonOf(spec)).toBe(3);
    // cycling: the horizon at t = 3 is 2.5·ceil(3/2.5) = 5, so 1 - 3/5 = 0.4 → 0.16; t = 5 is `to`
    const cycling = polynomial({ from: 1, to: 0, steps: 2.5, power: 2, after: 'cycle' });
    close(valueAt(cycling, 3), 0.16);
    expect(valueAt(cycling, 5)).toBe(0);
  });

  it('builds steps from epochs with stepsPerEpoch', () => {
    expect(polynomial({ from: 1, to: 0, epochs: 10, stepsPerEpoch: 3, power: 2 })).toEqual({ type: 'polynomial', from: 1, to: 0, steps: 30, power: 2 });
  });
});
