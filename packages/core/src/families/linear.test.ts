import { describe, expect, it } from 'vitest';
import { ScheduleSpecError, compileSchedule, horizonOf, linear, sample, valueAt, type Schedule } from '../index.js';

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

describe('linear with a fractional length', () => {
  it('ramps over real time and holds `to` from the first step past `steps`', () => {
    // steps 2.5: t = 1 → 0.4, t = 2 → 0.8, t = 3 → 1
    const spec = linear({ from: 0, to: 1, steps: 2.5 });
    expect([0, 1, 2, 3, 4].map((t) => valueAt(spec, t))).toEqual([0, 0.4, 0.8, 1, 1]);
    expect(horizonOf(spec)).toBe(3);
  });

  it('settles at once when from equals to', () => {
    expect(horizonOf(linear({ from: 0.5, to: 0.5, steps: 10 }))).toBe(0);
  });
});

describe('valueAt step checks', () => {
  it.each([-1, 0.5, Number.NaN, Infinity, -Infinity, 2 ** 53])('rejects step %s with a RangeError that echoes it', (step) => {
    expect(() => valueAt({ type: 'constant', value: 1 }, step)).toThrow(RangeError);
    expect(() => valueAt({ type: 'constant', value: 1 }, step)).toThrow(String(step));
  });

  it('rejects a bigint or a string step, saying what it got', () => {
    expect(() => valueAt({ type: 'constant', value: 1 }, 3n as unknown as number)).toThrow(/got 3n \(a bigint: pass a number\)/);
    expect(() => valueAt({ type: 'constant', value: 1 }, '3' as unknown as number)).toThrow(/got "3"/);
    expect(valueAt({ type: 'constant', value: 1 }, 2 ** 53 - 1)).toBe(1);
  });
});

describe('valueAt on an ordinary (unsealed) object', () => {
  it('validates it on every call, so an invalid spec throws instead of computing garbage', () => {
    const spec = { type: 'linear', from: 0, to: 1, steps: 4 };
    expect(valueAt(spec as Schedule, 2)).toBe(0.5);
    spec.steps = -4;
    expect(() => valueAt(spec as Schedule, 2)).toThrow(ScheduleSpecError);
    expect(() => valueAt(spec as Schedule, 2)).toThrow(/steps must be a positive number of steps, got -4/);
    spec.steps = 8;
    expect(valueAt(spec as Schedule, 2)).toBe(0.25);
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
