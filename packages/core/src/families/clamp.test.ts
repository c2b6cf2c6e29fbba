import { describe, expect, it } from 'vitest';
import { clamp, compileSchedule, valueAt, validateSchedule } from '../index.js';

describe('clamp', () => {
  const ramp = { type: 'linear', from: -1, to: 2, steps: 3 } as const;

  it('limits the inner value to [min, max]', () => {
    expect([0, 1, 2, 3].map((t) => valueAt(clamp({ schedule: ramp, min: 0, max: 1 }), t))).toEqual([0, 0, 1, 1]);
    expect([0, 1, 2, 3].map((t) => valueAt(clamp({ schedule: ramp, min: 0.5 }), t))).toEqual([0.5, 0.5, 1, 2]);
    expect([0, 1, 2, 3].map((t) => valueAt(clamp({ schedule: ramp, max: 0.5 }), t))).toEqual([-1, 0, 0.5, 0.5]);
  });

  it('rejects a clamp without bounds or with max below min', () => {
    expect(validateSchedule({ type: 'clamp', schedule: ramp }).map((i) => i.path)).toEqual([['min']]);
    expect(validateSchedule({ type: 'clamp', schedule: ramp, min: 1, max: 0 }).map((i) => i.path)).toEqual([['max']]);
  });

  it('gives identical values compiled', () => {
    for (const spec of [clamp({ schedule: ramp, min: 0, max: 1 }), clamp({ schedule: ramp, min: 0.5 }), clamp({ schedule: ramp, max: 0.5 })]) {
      const f = compileSchedule(spec);
      for (let t = 0; t < 6; t++) expect(f(t)).toBe(valueAt(spec, t));
    }
  });
});
