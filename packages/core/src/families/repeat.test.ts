import { describe, expect, it } from 'vitest';
import { breakpointsOf, compileSchedule, horizonOf, repeat, sample, stepsForCycles, valueAt, validateSchedule } from '../index.js';

describe('repeat', () => {
  const ramp = { type: 'linear', from: 1, to: 0, steps: 4 } as const;

  it('restarts the schedule every `steps` steps, the boundary step being local step 0', () => {
    const spec = repeat({ schedule: ramp, steps: 4 });
    expect([0, 1, 3, 4, 5, 7, 8].map((t) => valueAt(spec, t))).toEqual([1, 0.75, 0.25, 1, 0.75, 0.25, 1]);
  });

  it('multiplies repeat k by decay^k', () => {
    const spec = repeat({ schedule: ramp, steps: 2, decay: 0.5 });
    expect([0, 1, 2, 3, 4, 5].map((t) => valueAt(spec, t))).toEqual([1, 0.75, 0.5, 0.375, 0.25, 0.1875]);
  });

  it('is exact at steps 1e9 and 1e12', () => {
    const spec = repeat({ schedule: ramp, steps: 7 });
    for (const big of [1e9, 1e12]) {
      const base = big - (big % 7);
      for (const k of [0, 1, 3, 6]) expect(valueAt(spec, base + k)).toBe(valueAt(spec, k));
    }
    expect(valueAt(repeat({ schedule: ramp, steps: 7, decay: 0.9 }), 1e12)).toBe(0);
  });

  it('gives identical values through valueAt, compileSchedule and sample', () => {
    for (const spec of [repeat({ schedule: ramp, steps: 3 }), repeat({ schedule: ramp, steps: 5, decay: 0.8 })]) {
      const f = compileSchedule(spec);
      const s = sample(spec, { count: 30 });
      for (let t = 0; t < 30; t++) {
        expect(f(t)).toBe(valueAt(spec, t));
        expect(s[t]).toBe(f(t));
      }
      expect(f(1e12 + 3)).toBe(valueAt(spec, 1e12 + 3));
    }
  });
});

describe('repeat with a fractional period', () => {
  it('restarts on the first step at or past each multiple of the period, the inner clock at the remainder', () => {
    // period 2.5: local times 0, 1, 2, 0.5, 1.5, 0, ... (t - 2.5·floor(t/2.5))
    const spec = repeat({ schedule: { type: 'linear', from: 0, to: 1, steps: 10 }, steps: 2.5 });
    const want = [0, 0.1, 0.2, 0.05, 0.15, 0, 0.1];
    want.forEach((w, t) => expect(valueAt(spec, t)).toBeCloseTo(w, 15));
    expect(valueAt(spec, 5)).toBe(0);
    expect(horizonOf(spec)).toBe(Infinity);
    expect(breakpointsOf(spec, 10)).toEqual([3, 5, 8, 10]);
    expect(stepsForCycles(spec, 2)).toBe(5);
    expect(stepsForCycles(spec, 3)).toBe(8);
  });

  it('rejects a zero period and a decay outside (0, 1]', () => {
    const ramp = { type: 'linear', from: 1, to: 0, steps: 4 };
    expect(validateSchedule({ type: 'repeat', schedule: ramp, steps: 0, decay: 0 }).map((i) => i.path)).toEqual([['steps'], ['decay']]);
    expect(validateSchedule({ type: 'repeat', schedule: ramp, steps: 4, decay: 1.5 }).map((i) => i.path)).toEqual([['decay']]);
  });
});

describe('repeat docs example', () => {
  it('gives 1, 0.5, 0.5, 0.25, 0.25 for a two-step ramp repeated every 2 steps with decay 0.5', () => {
    const spec = { type: 'repeat', schedule: { type: 'linear', from: 1, to: 0, steps: 2 }, steps: 2, decay: 0.5 } as const;
    expect([0, 1, 2, 3, 4].map((t) => valueAt(spec, t))).toEqual([1, 0.5, 0.5, 0.25, 0.25]);
  });
});
