import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, polynomial, sample, valueAt, validateSchedule, type PolynomialSpec, type Schedule } from '../index.js';
import { polynomialFamily } from './polynomial.js';

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
    const spec = polynomial({ from: 1, to: 0, steps: 4, cycle: true });
    expect([0, 1, 3, 4, 5, 8, 9, 12, 13].map((t) => valueAt(spec, t))).toEqual([1, 0.75, 0.25, 0, 0.375, 0, 0.25, 0, 1 - 13 / 16]);
    // Keras: decay_steps·ceil(t/decay_steps), with the multiplier 1 at t = 0.
    for (const t of [1e9 + 1, 1e12 - 1, 1e12, 1e12 + 3]) {
      const horizon = 4 * Math.ceil(t / 4);
      expect(valueAt(spec, t)).toBe(1 * Math.pow(1 - t / horizon, 1) + 0);
    }
    expect(polynomialFamily.horizon?.(spec, () => 0)).toBe(Infinity);
  });

  it('puts the end exactly on step `steps`: t = steps-1, steps, steps+1', () => {
    const spec: PolynomialSpec = { type: 'polynomial', from: 0.5, to: 0.1, steps: 3, power: 3 };
    close(valueAt(spec, 2), 0.4 * (1 / 3) ** 3 + 0.1);
    expect([3, 4].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1]);
    expect(polynomialFamily.horizon?.(spec, () => 0)).toBe(3);
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
    for (const spec of [polynomial({ from: 1, to: 0.1, steps: 7 }), polynomial({ from: 1, to: 0.1, steps: 7, power: 0.7, cycle: true })]) {
      const ts = Array.from({ length: 40 }, (_, t) => t);
      expect(Array.from(sample(spec, { count: 40 }))).toEqual(ts.map((t) => valueAt(spec, t)));
    }
  });

  it('rejects a power of zero or below (0^0 and division by zero), with its path', () => {
    expect(validateSchedule({ type: 'polynomial', from: 1, to: 0, steps: 4, power: 0 }).map((i) => i.path)).toEqual([['power']]);
    expect(validateSchedule({ type: 'polynomial', from: -1e308, to: 1e308, steps: 4 }).map((i) => i.message)).toEqual(['from - to overflows to -Infinity']);
    expect(validateSchedule({ type: 'polynomial', from: 1, to: 0, steps: 0, power: -1, cycle: 'yes' }).map((i) => i.path)).toEqual([['steps'], ['power'], ['cycle']]);
  });

  it('builds steps from epochs with stepsPerEpoch', () => {
    expect(polynomial({ from: 1, to: 0, epochs: 10, stepsPerEpoch: 3, power: 2 })).toEqual({ type: 'polynomial', from: 1, to: 0, steps: 30, power: 2 });
  });

  it('never yields NaN or ±Infinity for a spec that validates, at any step up to 1e12 (fuzzed, extreme magnitudes included)', () => {
    const num = fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constantFrom(0, 1, -1, 0.5, 2, 1e-300, 1e300, -1e300));
    const int = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(1, 2, 1e6, 1e12, 2 ** 53 - 1));
    let valid = 0;
    fc.assert(
      fc.property(fc.record({ type: fc.constant('polynomial'), from: num, to: num, steps: int, power: num, cycle: fc.boolean() }), fc.oneof(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(0, 1, 1e12)), (raw, t) => {
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
