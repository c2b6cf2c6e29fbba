import { describe, expect, it } from 'vitest';
import { compileSchedule, valueAt } from '../evaluate.js';
import { validateSchedule } from '../validate/parse.js';
import { multiply } from './multiply.js';

describe('multiply', () => {
  it('multiplies the factors at the same step', () => {
    const spec = multiply([
      { type: 'cyclic', base: 0, peak: 1, stepsUp: 2 },
      { type: 'linear', from: 1, to: 0.5, steps: 4 },
    ]);
    expect([0, 1, 2, 3, 4, 6].map((t) => valueAt(spec, t))).toEqual([0, 0.5 * 0.875, 0.75, 0.5 * 0.625, 0, 0.5]);
  });

  it('gives identical values compiled, for one, two and three factors', () => {
    const a = { type: 'linear', from: 1, to: 0.5, steps: 4 } as const;
    const b = { type: 'cyclic', base: 0.1, peak: 1, stepsUp: 3 } as const;
    for (const spec of [multiply([a]), multiply([a, b]), multiply([a, b, a])]) {
      const f = compileSchedule(spec);
      for (let t = 0; t < 12; t++) expect(f(t)).toBe(valueAt(spec, t));
    }
  });

  it('needs at least one factor', () => {
    expect(validateSchedule({ type: 'multiply', factors: [] }).map((i) => i.path)).toEqual([['factors']]);
  });
});
