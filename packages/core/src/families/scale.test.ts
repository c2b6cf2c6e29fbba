import { describe, expect, it } from 'vitest';
import { compileSchedule, valueAt } from '../evaluate.js';
import { scale } from './scale.js';

describe('scale', () => {
  it('maps the inner value to value·factor + offset', () => {
    const spec = scale({ schedule: { type: 'linear', from: 0, to: 1, steps: 4 }, factor: 2, offset: 1 });
    expect([0, 1, 4, 9].map((t) => valueAt(spec, t))).toEqual([1, 1.5, 3, 3]);
    expect(valueAt(scale({ schedule: { type: 'constant', value: 3 } }), 5)).toBe(3);
  });

  it('gives identical values compiled', () => {
    const spec = scale({ schedule: { type: 'cyclic', base: 0.1, peak: 1, stepsUp: 3 }, factor: 0.3, offset: -0.01 });
    const f = compileSchedule(spec);
    for (let t = 0; t < 12; t++) expect(f(t)).toBe(valueAt(spec, t));
  });
});
