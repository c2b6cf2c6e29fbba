import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, sample, valueAt, validateSchedule, warmup, type Schedule } from '../index.js';

const down: Schedule = { type: 'linear', from: 1, to: 0, steps: 10 };

describe('warmup', () => {
  it('ramps linearly from `from` to the inner value at its t = 0, then runs the inner schedule on its own clock', () => {
    const spec = warmup({ steps: 4, from: 0, schedule: down });
    expect([0, 1, 2, 3, 4, 5, 14, 100].map((t) => valueAt(spec, t))).toEqual([0, 0.25, 0.5, 0.75, 1, 0.9, 0, 0]);
    expect(valueAt(spec, 13)).toBeCloseTo(0.1, 15);
  });

  it("with clock 'fromStart' targets the inner value at t = steps and keeps the inner clock (optax, HF)", () => {
    const spec = warmup({ steps: 5, from: 0, schedule: down, clock: 'fromStart' });
    // target = down(5) = 0.5
    expect([0, 1, 4, 5, 6, 10, 11].map((t) => valueAt(spec, t))).toEqual([0, 0.1, 0.4, 0.5, 0.4, 0, 0]);
  });

  it('warms up geometrically with shape exponential', () => {
    const spec = warmup({ steps: 3, from: 1e-3, shape: 'exponential', schedule: { type: 'constant', value: 1 } });
    expect(valueAt(spec, 0)).toBe(1e-3);
    expect(valueAt(spec, 1)).toBeCloseTo(1e-2, 15);
    expect(valueAt(spec, 2)).toBeCloseTo(1e-1, 15);
    expect(valueAt(spec, 3)).toBe(1);
  });

  it('holds `from` with shape constant (PyTorch ConstantLR-style warmup)', () => {
    const spec = warmup({ steps: 2, from: 0.01, shape: 'constant', schedule: { type: 'constant', value: 0.1 } });
    expect([0, 1, 2, 3].map((t) => valueAt(spec, t))).toEqual([0.01, 0.01, 0.1, 0.1]);
  });

  it('rejects an exponential warmup from 0 or towards a target of the other sign', () => {
    expect(validateSchedule({ type: 'warmup', steps: 3, from: 0, shape: 'exponential', schedule: down }).map((i) => i.path)).toEqual([['from']]);
    expect(validateSchedule({ type: 'warmup', steps: 3, from: -1, shape: 'exponential', schedule: down }).map((i) => i.path)).toEqual([['schedule']]);
    // the target at t = 10 on the inner clock is 0
    expect(validateSchedule({ type: 'warmup', steps: 10, from: 1e-3, shape: 'exponential', clock: 'fromStart', schedule: down }).map((i) => i.path)).toEqual([['schedule']]);
  });

  it('accepts a fractional length: the ramp runs over real time and the inner clock starts at its real end', () => {
    // 2.5 steps: t = 1 → 0.4 of the way, t = 2 → 0.8, t = 3 is the inner schedule at 0.5
    const spec = warmup({ steps: 2.5, from: 0, schedule: down });
    expect([0, 1, 2, 3, 4].map((t) => valueAt(spec, t))).toEqual([0, 0.4, 0.8, 0.95, 0.85]);
    expect(horizonOf(spec)).toBe(13);
    // fromStart: the target is the inner value at 2.5 (0.75), and the inner clock keeps counting from 0
    const fromStart = warmup({ steps: 2.5, from: 0, schedule: down, clock: 'fromStart' });
    [0.3, 0.6, 0.7].forEach((want, i) => expect(valueAt(fromStart, i + 1)).toBeCloseTo(want, 15));
    expect(horizonOf(fromStart)).toBe(10);
  });

  it('refuses an exponential warmup whose ratio leaves ±1e300', () => {
    const [issue] = validateSchedule({ type: 'warmup', steps: 10, from: 5e-324, shape: 'exponential', schedule: { type: 'constant', value: 1 } });
    expect(issue).toMatchObject({ code: 'overflow', path: ['from'] });
    expect(validateSchedule({ type: 'warmup', steps: 10, from: 1e-200, shape: 'exponential', schedule: { type: 'constant', value: 1 } })).toEqual([]);
  });

  it('is monotone from `from` to the target for linear and exponential shapes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.constantFrom<'linear' | 'exponential'>('linear', 'exponential'),
        (steps, from, target, shape) => {
          const spec = warmup({ steps, from, shape, schedule: { type: 'constant', value: target } });
          const f = compileSchedule(spec);
          const sign = Math.sign(target - from);
          let prev = f(0);
          expect(prev).toBe(from);
          for (let t = 1; t <= Math.min(steps, 300); t++) {
            const v = f(Math.round((t * steps) / Math.min(steps, 300)));
            expect(sign * (v - prev)).toBeGreaterThanOrEqual(-1e-15 * Math.max(from, target));
            prev = v;
          }
          expect(f(steps)).toBe(target);
        },
      ),
    );
  });

  it('gives identical values through valueAt, compileSchedule and sample', () => {
    for (const spec of [
      warmup({ steps: 4, from: 0, schedule: down }),
      warmup({ steps: 5, from: 0.2, schedule: down, clock: 'fromStart' }),
      warmup({ steps: 3, from: 1e-3, shape: 'exponential', schedule: { type: 'cyclic', from: 0.1, peak: 1, upSteps: 3 } }),
      warmup({ steps: 3, from: 1e-3, shape: 'constant', clock: 'fromStart', schedule: down }),
    ]) {
      const f = compileSchedule(spec);
      const s = sample(spec, { count: 20 });
      for (let t = 0; t < 20; t++) {
        expect(f(t)).toBe(valueAt(spec, t));
        expect(s[t]).toBe(f(t));
      }
    }
  });
});

describe('warmup docs example', () => {
  it('gives 0, 0.25, 0.5, 0.75, 1, 1 into a constant 1 over 4 steps', () => {
    const spec = { type: 'warmup', steps: 4, from: 0, schedule: { type: 'constant', value: 1 } } as const;
    expect([0, 1, 2, 3, 4, 5].map((t) => valueAt(spec, t))).toEqual([0, 0.25, 0.5, 0.75, 1, 1]);
  });
});
