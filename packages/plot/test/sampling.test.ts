import { valueAt, type Schedule } from '@cyclr/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { m4, sampleSchedule } from '../src/sampling.js';
import { horizonOf, isPiecewiseConstant } from '@cyclr/core';
import { defaultSteps } from '../src/horizon.js';

const linear: Schedule = { type: 'linear', from: 1, to: 0, steps: 10 };

describe('sampleSchedule', () => {
  it('evaluates every integer step from 0 when the schedule is short', () => {
    const s = sampleSchedule(linear, { steps: 12 });
    expect(Array.from(s.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Array.from(s.y)).toEqual(Array.from({ length: 12 }, (_, t) => valueAt(linear, t)));
    expect(s.decimated).toBe(false);
  });

  it('keeps a one-step spike in a million steps', () => {
    const spike: Schedule = { type: 'piecewiseConstant', boundaries: [500_000, 500_001], values: [0, 1, 0] };
    const s = sampleSchedule(spike, { steps: 1_000_000, columns: 640 });
    expect(s.decimated).toBe(true);
    expect(s.x.length).toBeLessThanOrEqual(4 * 640);
    expect(Math.max(...s.y)).toBe(1);
    expect(s.x[s.y.indexOf(1)]).toBe(500_000);
  });

  it('uses a stride beyond maxEvaluations and says so', () => {
    const s = sampleSchedule(linear, { steps: 1000, maxEvaluations: 100, columns: 10 });
    expect(s.stride).toBe(10);
    expect(s.x[s.x.length - 1]).toBe(990);
  });

  it('rejects a step count that is not a positive integer', () => {
    expect(() => sampleSchedule(linear, { steps: 0 })).toThrow(/steps must be a positive integer, got 0/);
    expect(() => sampleSchedule(linear, { steps: 2.5 })).toThrow(RangeError);
  });
});

describe('m4', () => {
  it('keeps first, min, max and last of each column in order', () => {
    expect(m4([5, 1, 9, 3, 4, 4, 0, 7], 2)).toEqual([0, 1, 2, 3, 4, 6, 7]);
  });

  it('always keeps the global extremes and the endpoints', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (values, columns) => {
        const kept = m4(values, columns);
        const keptValues = kept.map((i) => values[i]);
        expect(kept[0]).toBe(0);
        expect(kept[kept.length - 1]).toBe(values.length - 1);
        expect(Math.max(...keptValues)).toBe(Math.max(...values));
        expect(Math.min(...keptValues)).toBe(Math.min(...values));
        for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
      }),
    );
  });
});

describe('the step-after curve (core\'s isPiecewiseConstant, which the schedule chart asks)', () => {
  it('is chosen for held values and not for ramps', () => {
    expect(isPiecewiseConstant({ type: 'stepDecay', from: 1, decay: 0.1, steps: 10 })).toBe(true);
    expect(isPiecewiseConstant({ type: 'exponential', from: 1, decay: 0.5, steps: 10, staircase: true })).toBe(true);
    expect(isPiecewiseConstant({ type: 'exponential', from: 1, decay: 0.5, steps: 10 })).toBe(false);
    expect(isPiecewiseConstant(linear)).toBe(false);
    expect(isPiecewiseConstant({ type: 'join', parts: [{ schedule: { type: 'constant', value: 1 }, steps: 5 }, { schedule: { type: 'multiStep', from: 1, decay: 0.1, milestones: [3] } }] })).toBe(true);
    expect(isPiecewiseConstant({ type: 'join', parts: [{ schedule: linear, steps: 5 }, { schedule: { type: 'constant', value: 1 } }] })).toBe(false);
  });
});

describe('default plot length', () => {
  it('is the horizon plus 5% so the final hold shows', () => {
    expect(horizonOf({ type: 'linear', from: 1, to: 0, steps: 1000 })).toBe(1000);
    expect(defaultSteps({ type: 'linear', from: 1, to: 0, steps: 1000 })).toBe(1051);
  });

  it('is three cycles of a cyclic schedule', () => {
    expect(defaultSteps({ type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 20, downSteps: 30 })).toBe(151);
  });

  it('is 100 steps for a constant', () => {
    expect(defaultSteps({ type: 'constant', value: 1 })).toBe(100);
  });
});
