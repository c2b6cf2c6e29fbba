import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, noise, sample, valueAt, validateSchedule, type Schedule } from '../index.js';
import { drawNoise, MAX_NOISE_DRAWS, normalAt, uniformAt } from '../internal.js';

const one: Schedule = { type: 'constant', value: 1 };

describe('noise', () => {
  it('is relative by default: v + v·amount·N(0, 1) at (seed, t)', () => {
    const spec = noise({ schedule: { type: 'constant', value: 0.1 }, amount: 0.5, seed: 3 });
    for (const t of [0, 1, 17, 1e9, 1e12]) expect(valueAt(spec, t)).toBe(0.1 + 0.1 * (0.5 * normalAt(3, t)));
  });

  it('adds amount·(2u - 1) with uniform additive noise', () => {
    const spec = noise({ schedule: one, amount: 0.25, distribution: 'uniform', mode: 'additive', seed: 9 });
    for (const t of [0, 5, 1e12]) expect(valueAt(spec, t)).toBe(1 + 0.25 * (2 * uniformAt(9, t) - 1));
  });

  it('applies only inside the window [start, end)', () => {
    const spec = noise({ schedule: one, amount: 0.1, start: 3, end: 5 });
    expect([0, 1, 2, 5, 6, 1e9].map((t) => valueAt(spec, t))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(valueAt(spec, 3)).not.toBe(1);
    expect(valueAt(spec, 4)).not.toBe(1);
  });

  it('redraws normal noise while |n| >= limit (timm noise_pct), then clamps after 64 draws', () => {
    const spec = noise({ schedule: one, amount: 1, limit: 0.67, seed: 42 });
    let redrawn = 0;
    for (let t = 0; t < 2000; t++) {
      const n = valueAt(spec, t) - 1;
      expect(Math.abs(n)).toBeLessThan(0.67);
      if (Math.abs(normalAt(42, t)) >= 0.67) {
        redrawn++;
        // the first accepted draw index at this step
        let d = 1;
        while (Math.abs(normalAt(42, t, d)) >= 0.67) d++;
        expect(n).toBeCloseTo(normalAt(42, t, d), 15);
      }
    }
    expect(redrawn).toBeGreaterThan(800); // P(|N| >= 0.67) = 0.503
    // a limit far below amount: draws exhaust and clamp to ±limit
    let clamped = 0;
    for (let t = 0; t < 200; t++) if (Math.abs(drawNoise(1, t, 1, false, 1e-5)) === 1e-5) clamped++;
    expect(clamped).toBeGreaterThan(190);
    expect(MAX_NOISE_DRAWS).toBe(64);
  });

  it('is a pure function of (seed, step): same values in any evaluation order, different per seed', () => {
    fc.assert(
      fc.property(fc.nat(1e6), fc.array(fc.nat(1e12), { minLength: 2, maxLength: 30 }), (seed, steps) => {
        const spec = noise({ schedule: { type: 'cyclic', from: 0.1, peak: 1, upSteps: 7 }, amount: 0.2, seed });
        const f = compileSchedule(spec);
        const forward = steps.map((t) => valueAt(spec, t));
        const backward = [...steps].reverse().map((t) => f(t)).reverse();
        expect(backward).toEqual(forward);
        const json = JSON.parse(JSON.stringify(spec)) as Schedule;
        expect(steps.map((t) => valueAt(json, t))).toEqual(forward);
        const other = noise({ schedule: { type: 'cyclic', from: 0.1, peak: 1, upSteps: 7 }, amount: 0.2, seed: seed + 1 });
        expect(steps.some((t) => valueAt(other, t) !== valueAt(spec, t))).toBe(true);
      }),
    );
  });

  it('takes a fractional window: steps at or past start and before end are noisy, each keyed by its integer step', () => {
    const spec = noise({ schedule: one, amount: 0.1, seed: 4, start: 1.5, end: 3.5 });
    expect([0, 1, 4].map((t) => valueAt(spec, t))).toEqual([1, 1, 1]);
    for (const t of [2, 3]) expect(valueAt(spec, t)).toBe(1 + 1 * (0.1 * normalAt(4, t)));
    expect(horizonOf(spec)).toBe(4);
  });

  it('refuses an amount whose noise could take the values beyond ±1e300', () => {
    const [issue] = validateSchedule({ type: 'noise', schedule: one, amount: 1e300 });
    expect(issue).toMatchObject({ code: 'overflow', path: [] });
    // a limit bounds normal noise, so the same amount is fine with one
    expect(validateSchedule({ type: 'noise', schedule: one, amount: 1e300, limit: 0.5 })).toEqual([]);
  });

  it('has the requested mean and standard deviation over 20,000 normal draws', () => {
    const spec = noise({ schedule: { type: 'constant', value: 0 }, amount: 0.3, mode: 'additive', seed: 2024 });
    const values = sample(spec, { count: 20_000 });
    let sum = 0;
    let sq = 0;
    for (const v of values) {
      sum += v;
      sq += v * v;
    }
    const mean = sum / values.length;
    const std = Math.sqrt(sq / values.length - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.01); // standard error 0.0021
    expect(Math.abs(std - 0.3)).toBeLessThan(0.006); // standard error 0.0015
  });

  it('rejects a limit on uniform noise and an empty window', () => {
    expect(validateSchedule({ type: 'noise', schedule: one, amount: 0.1, distribution: 'uniform', limit: 0.05 }).map((i) => i.path)).toEqual([['limit']]);
    expect(validateSchedule({ type: 'noise', schedule: one, amount: 0.1, start: 5, end: 5 }).map((i) => i.path)).toEqual([['end']]);
    expect(validateSchedule({ type: 'noise', schedule: one, amount: -1 }).map((i) => i.path)).toEqual([['amount']]);
  });

  it('gives identical values through valueAt, compileSchedule and sample', () => {
    for (const spec of [
      noise({ schedule: one, amount: 0.1, seed: 1 }),
      noise({ schedule: one, amount: 0.1, seed: 1, limit: 0.05, start: 2, end: 30 }),
      noise({ schedule: one, amount: 0.1, seed: 1, distribution: 'uniform', mode: 'additive' }),
    ]) {
      const f = compileSchedule(spec);
      const s = sample(spec, { count: 40 });
      for (let t = 0; t < 40; t++) {
        expect(f(t)).toBe(valueAt(spec, t));
        expect(s[t]).toBe(f(t));
      }
    }
  });
});
