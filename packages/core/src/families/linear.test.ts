import { describe, expect, it } from 'vitest';
import { compileSchedule, sample, valueAt } from '../index.js';

describe('linear', () => {
  const spec = { type: 'linear', from: 0, to: 1, steps: 4 } as const;

  it('ramps from `from` to `to` over `steps` steps and then holds', () => {
    expect([0, 1, 2, 3, 4, 5, 100].map((t) => valueAt(spec, t))).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 1]);
  });

  it('gives the same values through compileSchedule and sample', () => {
    const f = compileSchedule(spec);
    expect(Array.from(sample(spec, { count: 6 }))).toEqual([0, 1, 2, 3, 4, 5].map(f));
  });
});

describe('valueAt step checks', () => {
  it.each([-1, 0.5, Number.NaN, Infinity])('rejects step %s with a RangeError that echoes it', (step) => {
    expect(() => valueAt({ type: 'constant', value: 1 }, step)).toThrow(RangeError);
    expect(() => valueAt({ type: 'constant', value: 1 }, step)).toThrow(String(step));
  });
});

describe('linear builder', () => {
  it('resolves epochs with stepsPerEpoch to whole steps', async () => {
    const { linear } = await import('../index.js');
    expect(linear({ from: 0, to: 1, epochs: 2, stepsPerEpoch: 50 })).toEqual({ type: 'linear', from: 0, to: 1, steps: 100 });
  });

  it('rejects a duration given twice, naming both fields', async () => {
    const { linear } = await import('../index.js');
    expect(() => linear({ from: 0, to: 1, steps: 10, epochs: 1, stepsPerEpoch: 10 })).toThrow(/either steps or epochs, not both/);
  });
});
