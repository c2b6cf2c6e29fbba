import { describe, expect, it } from 'vitest';
import { compileSchedule, multiply, parseSchedule, valueAt, validateSchedule } from '../index.js';

describe('multiply', () => {
  it('multiplies the factors at the same step', () => {
    const spec = multiply([
      { type: 'cyclic', from: 0, peak: 1, upSteps: 2 },
      { type: 'linear', from: 1, to: 0.5, steps: 4 },
    ]);
    expect([0, 1, 2, 3, 4, 6].map((t) => valueAt(spec, t))).toEqual([0, 0.5 * 0.875, 0.75, 0.5 * 0.625, 0, 0.5]);
  });

  it('gives identical values compiled, for one, two and three factors', () => {
    const a = { type: 'linear', from: 1, to: 0.5, steps: 4 } as const;
    const b = { type: 'cyclic', from: 0.1, peak: 1, upSteps: 3 } as const;
    for (const spec of [multiply([a]), multiply([a, b]), multiply([a, b, a])]) {
      const f = compileSchedule(spec);
      for (let t = 0; t < 12; t++) expect(f(t)).toBe(valueAt(spec, t));
    }
  });

  it('needs at least one factor', () => {
    expect(validateSchedule({ type: 'multiply', factors: [] }).map((i) => i.path)).toEqual([['factors']]);
  });

  it('refuses factors whose product can leave ±1e300, naming the factor', () => {
    const [issue] = validateSchedule({ type: 'multiply', factors: [{ type: 'constant', value: 1e200 }, { type: 'constant', value: 1e200 }] });
    expect(issue).toMatchObject({ code: 'overflow', path: ['factors', 1] });
    expect(validateSchedule({ type: 'multiply', factors: [{ type: 'constant', value: 1e150 }, { type: 'constant', value: -1e150 }] })).toEqual([]);
  });

  it('keeps a factor shared in the document shared, with the value multiplied once per occurrence', () => {
    const shared = { type: 'linear', from: 1, to: 3, steps: 2 } as const;
    const spec = parseSchedule({ type: 'multiply', factors: [shared, shared, shared] });
    const factors = (spec as { factors: unknown[] }).factors;
    expect(factors[0]).toBe(factors[1]);
    expect([0, 1, 2].map((t) => valueAt(spec, t))).toEqual([1, 8, 27]);
    expect(valueAt(parseSchedule({ type: 'multiply', factors: [shared, shared] }), 1)).toBe(4);
  });
});
