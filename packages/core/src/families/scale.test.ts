import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, scale, valueAt, validateSchedule } from '../index.js';

describe('scale', () => {
  it('maps the inner value to value·factor + offset', () => {
    const spec = scale({ schedule: { type: 'linear', from: 0, to: 1, steps: 4 }, factor: 2, offset: 1 });
    expect([0, 1, 4, 9].map((t) => valueAt(spec, t))).toEqual([1, 1.5, 3, 3]);
    expect(valueAt(scale({ schedule: { type: 'constant', value: 3 } }), 5)).toBe(3);
  });

  it('gives identical values compiled', () => {
    const spec = scale({ schedule: { type: 'cyclic', from: 0.1, peak: 1, upSteps: 3 }, factor: 0.3, offset: -0.01 });
    const f = compileSchedule(spec);
    for (let t = 0; t < 12; t++) expect(f(t)).toBe(valueAt(spec, t));
  });

  it('refuses a scale whose values leave ±1e300', () => {
    const [issue] = validateSchedule({ type: 'scale', schedule: { type: 'constant', value: 1e300 }, factor: 10 });
    expect(issue).toMatchObject({ code: 'overflow', path: [] });
    expect(validateSchedule({ type: 'scale', schedule: { type: 'constant', value: 1e300 }, factor: -1 })).toEqual([]);
  });

  it('settles at once with a factor of 0, whatever the inner schedule does', () => {
    expect(horizonOf(scale({ schedule: { type: 'cyclic', from: 0, peak: 1, upSteps: 3 }, factor: 0, offset: 2 }))).toBe(0);
    expect(horizonOf(scale({ schedule: { type: 'linear', from: 0, to: 1, steps: 4 }, factor: 2 }))).toBe(4);
  });
});
