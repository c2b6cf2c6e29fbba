import { describe, expect, it } from 'vitest';
import { compileSchedule, sample, valueAt } from '../evaluate.js';
import { repeat } from './repeat.js';

describe('repeat', () => {
  const ramp = { type: 'linear', from: 1, to: 0, steps: 4 } as const;

  it('restarts the schedule every `every` steps, the boundary step being local step 0', () => {
    const spec = repeat({ schedule: ramp, every: 4 });
    expect([0, 1, 3, 4, 5, 7, 8].map((t) => valueAt(spec, t))).toEqual([1, 0.75, 0.25, 1, 0.75, 0.25, 1]);
  });

  it('multiplies repeat k by decay^k', () => {
    const spec = repeat({ schedule: ramp, every: 2, decay: 0.5 });
    expect([0, 1, 2, 3, 4, 5].map((t) => valueAt(spec, t))).toEqual([1, 0.75, 0.5, 0.375, 0.25, 0.1875]);
  });

  it('is exact at steps 1e9 and 1e12', () => {
    const spec = repeat({ schedule: ramp, every: 7 });
    for (const big of [1e9, 1e12]) {
      const base = big - (big % 7);
      for (const k of [0, 1, 3, 6]) expect(valueAt(spec, base + k)).toBe(valueAt(spec, k));
    }
    expect(valueAt(repeat({ schedule: ramp, every: 7, decay: 0.9 }), 1e12)).toBe(0);
  });

  it('gives identical values through valueAt, compileSchedule and sample', () => {
    for (const spec of [repeat({ schedule: ramp, every: 3 }), repeat({ schedule: ramp, every: 5, decay: 0.8 })]) {
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

describe('repeat docs example', () => {
  it('gives 1, 0.5, 0.5, 0.25, 0.25 for a two-step ramp repeated every 2 steps with decay 0.5', () => {
    const spec = { type: 'repeat', schedule: { type: 'linear', from: 1, to: 0, steps: 2 }, every: 2, decay: 0.5 } as const;
    expect([0, 1, 2, 3, 4].map((t) => valueAt(spec, t))).toEqual([1, 0.5, 0.5, 0.25, 0.25]);
  });
});
