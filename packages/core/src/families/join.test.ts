import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, join, sample, valueAt, validateSchedule, type Schedule } from '../index.js';

describe('join', () => {
  const ramp = (from: number, to: number, steps: number): Schedule => ({ type: 'linear', from, to, steps });

  it('runs each part on its local clock; the boundary step belongs to the next part', () => {
    const spec = join([
      { schedule: ramp(0, 1, 4), steps: 2 },
      { schedule: ramp(10, 20, 10), steps: 3 },
      { schedule: ramp(100, 200, 100) },
    ]);
    // steps:      0  1   2   3   4    5    6    7
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((t) => valueAt(spec, t))).toEqual([0, 0.25, 10, 11, 12, 100, 101, 102]);
  });

  it('reproduces optax join_schedules: part i sees t - boundary_i (warmup_cosine_decay_schedule)', () => {
    // optax.warmup_cosine_decay_schedule(0, 1, warmup_steps=10, decay_steps=110): boundaries [10],
    // cosine_decay_schedule(1, 100) evaluated at count - 10
    const spec = join([
      { schedule: ramp(0, 1, 10), steps: 10 },
      { schedule: { type: 'piecewiseLinear', points: [{ step: 0, value: 1 }, { step: 100, value: 0 }] } },
    ]);
    expect(valueAt(spec, 9)).toBeCloseTo(0.9, 15);
    expect(valueAt(spec, 10)).toBe(1);
    expect(valueAt(spec, 60)).toBe(0.5);
    expect(valueAt(spec, 110)).toBe(0);
    expect(valueAt(spec, 1e12)).toBe(0);
  });

  it('lets the last part run past its own steps, as it would alone', () => {
    const spec = join([{ schedule: ramp(0, 1, 2), steps: 2 }, { schedule: { type: 'cyclic', from: 0, peak: 1, upSteps: 1 }, steps: 2 }]);
    expect([2, 3, 4, 5, 6].map((t) => valueAt(spec, t))).toEqual([0, 1, 0, 1, 0]);
  });

  it('requires steps on every part but the last, with the path of the part', () => {
    const issues = validateSchedule({ type: 'join', parts: [{ schedule: ramp(0, 1, 2) }, { schedule: ramp(0, 1, 2) }] });
    expect(issues.map((i) => i.path)).toEqual([['parts', 0, 'steps']]);
    expect(validateSchedule({ type: 'join', parts: [] }).map((i) => i.path)).toEqual([['parts']]);
    expect(validateSchedule({ type: 'join', parts: [{ schedule: ramp(0, 1, 2), steps: 0 }, { schedule: ramp(0, 1, 2) }] }).map((i) => i.path)).toEqual([['parts', 0, 'steps']]);
  });

  it('switches parts exactly at every boundary, for any durations (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 6 }), (durations) => {
        // part i is the constant i: the value at t is the number of boundaries <= t
        const spec = join([...durations.map((steps, i) => ({ schedule: { type: 'constant', value: i } as Schedule, steps })), { schedule: { type: 'constant', value: durations.length } }]);
        const f = compileSchedule(spec);
        let boundary = 0;
        durations.forEach((d, i) => {
          boundary += d;
          expect(valueAt(spec, boundary - 1)).toBe(i);
          expect(valueAt(spec, boundary)).toBe(i + 1);
          expect(f(boundary - 1)).toBe(i);
          expect(f(boundary)).toBe(i + 1);
        });
        expect(f(1e12)).toBe(durations.length);
      }),
    );
  });

  it('accepts fractional part lengths: a part owns the steps before its real end, the next part starts on its own clock', () => {
    const spec = join([{ schedule: ramp(0, 1, 4), steps: 2.5 }, { schedule: ramp(10, 20, 10) }]);
    // t = 2 is still the first part (local 2); t = 3 is the second part at local 0.5
    expect([0, 1, 2, 3, 4].map((t) => valueAt(spec, t))).toEqual([0, 0.25, 0.5, 10.5, 11.5]);
    expect(horizonOf(spec)).toBe(13);
  });

  it('switches parts on the first step at or past every real boundary, for any number of parts (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.001, max: 50, noNaN: true }), { minLength: 1, maxLength: 12 }), (durations) => {
        const spec = join([...durations.map((steps, i) => ({ schedule: { type: 'constant', value: i } as Schedule, steps })), { schedule: { type: 'constant', value: durations.length } }]);
        const f = compileSchedule(spec);
        const starts: number[] = [];
        let s = 0;
        for (const d of durations) starts.push((s += d));
        for (let t = 0; t <= Math.ceil(s) + 1; t++) expect(f(t)).toBe(starts.filter((b) => b <= t).length);
      }),
    );
  });

  it('gives identical values through valueAt, compileSchedule and sample, nested', () => {
    const inner = join([{ schedule: ramp(0, 1, 3), steps: 3 }, { schedule: { type: 'cyclic', from: 0.1, peak: 0.5, upSteps: 2 } }]);
    for (const spec of [
      inner,
      join([{ schedule: inner, steps: 7 }]),
      join([{ schedule: inner, steps: 7 }, { schedule: ramp(1, 0, 5), steps: 5 }, { schedule: inner, steps: 4 }, { schedule: inner }]),
    ]) {
      const f = compileSchedule(spec);
      const s = sample(spec, { count: 40 });
      for (let t = 0; t < 40; t++) {
        expect(f(t)).toBe(valueAt(spec, t));
        expect(s[t]).toBe(f(t));
      }
    }
  });

  it('gives identical values through valueAt and compileSchedule for every combinator nested four deep', () => {
    const spec: Schedule = {
      type: 'noise',
      seed: 5,
      amount: 0.05,
      limit: 0.1,
      schedule: {
        type: 'repeat',
        steps: 300,
        decay: 0.7,
        schedule: {
          type: 'clamp',
          min: 1e-4,
          schedule: {
            type: 'multiply',
            factors: [
              {
                type: 'warmup',
                steps: 20,
                from: 1e-5,
                shape: 'exponential',
                schedule: join([
                  { schedule: { type: 'cyclic', from: 1e-3, peak: 1e-2, upSteps: 15, downSteps: 25, mode: 'triangular2' }, steps: 120 },
                  { schedule: { type: 'oneCycle', steps: 100, from: 4e-3, peak: 0.1, to: 4e-7, threePhase: true } },
                ]),
              },
              { type: 'scale', factor: 0.5, offset: 0.5, schedule: { type: 'linear', from: 1, to: 0, steps: 300 } },
            ],
          },
        },
      },
    };
    const f = compileSchedule(spec);
    const s = sample(spec, { count: 1000 });
    for (let t = 0; t < 1000; t++) {
      expect(f(t)).toBe(valueAt(spec, t));
      expect(s[t]).toBe(f(t));
    }
    for (const t of [1e9, 1e12, 1e12 + 299]) expect(f(t)).toBe(valueAt(spec, t));
  });
});

describe('join docs example', () => {
  it('gives 0, 0.5, 5, 5 for a two-step ramp then a constant', () => {
    const spec = join([{ schedule: { type: 'linear', from: 0, to: 1, steps: 2 }, steps: 2 }, { schedule: { type: 'constant', value: 5 } }]);
    expect([0, 1, 2, 3].map((t) => valueAt(spec, t))).toEqual([0, 0.5, 5, 5]);
  });
});
