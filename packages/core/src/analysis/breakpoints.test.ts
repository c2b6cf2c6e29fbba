import { describe, expect, it } from 'vitest';
import { ScheduleSpecError, breakpointsOf, horizonOf, plannedStepsOf, type Schedule } from '../index.js';

describe('breakpointsOf', () => {
  it.each<[string, Schedule, number, number[]]>([
    ['a constant has none', { type: 'constant', value: 1 }, 100, []],
    ['a ramp ends at steps', { type: 'linear', from: 0, to: 1, steps: 40 }, 100, [40]],
    ['milestones', { type: 'multiStep', from: 1, decay: 0.1, milestones: [30, 60, 120] }, 100, [30, 60]],
    ['Keras boundaries take effect one step later', { type: 'piecewiseConstant', boundaries: [10, 20], values: [1, 2, 3], owner: 'previous' }, 100, [11, 21]],
    ['a step decay every `steps`', { type: 'stepDecay', from: 1, decay: 0.5, steps: 30 }, 100, [30, 60, 90]],
    ['PyTorch one-cycle phase ends', { type: 'oneCycle', steps: 100, from: 0.04, peak: 1, to: 1e-5 }, 200, [29, 99]],
    ['optax one-cycle phase ends', { type: 'oneCycle', steps: 100, from: 0.04, peak: 1, to: 1e-5, peakAt: 'optax' }, 200, [30, 100]],
    ['cyclic ramps', { type: 'cyclic', from: 0, peak: 1, upSteps: 10, downSteps: 5 }, 40, [10, 15, 25, 30, 40]],
    ['SGDR restarts', { type: 'cosineRestarts', from: 1, to: 0, steps: 10, periodMultiplier: 2 }, 100, [10, 30, 70]],
    ['WSD phases', { type: 'warmupStableDecay', peak: 1, warmupSteps: 5, stableSteps: 10, decaySteps: 20 }, 100, [5, 15, 35]],
    ['a join adds its part boundaries and the parts\' own, on the global clock', {
      type: 'join',
      parts: [
        { schedule: { type: 'linear', from: 0, to: 1, steps: 10 }, steps: 20 },
        { schedule: { type: 'multiStep', from: 1, decay: 0.1, milestones: [5, 50] }, steps: 30 },
        { schedule: { type: 'cosine', from: 1, to: 0, steps: 25 } },
      ],
    }, 1000, [10, 20, 25, 50, 75]],
    ['a warmup, then the inner schedule after it', { type: 'warmup', steps: 10, from: 0, schedule: { type: 'cosine', from: 1, to: 0, steps: 90 } }, 1000, [10, 100]],
    ['a warmup on the inner clock (fromStart)', { type: 'warmup', steps: 10, from: 0, schedule: { type: 'cosine', from: 1, to: 0, steps: 90 }, clock: 'fromStart' }, 1000, [10, 90]],
    ['repeats', { type: 'repeat', steps: 20, schedule: { type: 'linear', from: 1, to: 0, steps: 10 } }, 50, [10, 20, 30, 40, 50]],
    ['a fractional ramp end is the first step past it', { type: 'linear', from: 0, to: 1, steps: 7.5 }, 100, [8]],
    ['fractional restarts: each restart on the first step past its real start', { type: 'cosineRestarts', from: 1, to: 0, steps: 4, periodMultiplier: 1.5 }, 20, [4, 10, 19]],
    ['PyTorch one-cycle phase ends at fractional pct·T - 1: the first step of each next phase', { type: 'oneCycle', steps: 7, from: 0.04, peak: 1, to: 1e-5, threePhase: true }, 100, [2, 3, 6]],
    ['tanh restarts', { type: 'tanh', from: 1, to: 0, steps: 10, periodMultiplier: 2, cycleLimit: 3 }, 1000, [10, 30, 70]],
    ['a continuing cosine at every half period', { type: 'cosine', from: 1, to: 0, steps: 10, after: 'continue' }, 45, [10, 20, 30, 40]],
    ['a schedule in epochs, on the first step of each epoch that starts a phase', { type: 'epochs', stepsPerEpoch: 10, schedule: { type: 'multiStep', from: 1, decay: 0.1, milestones: [2, 3] } }, 1000, [20, 30]],
    ['a join with a fractional part boundary', { type: 'join', parts: [{ schedule: { type: 'constant', value: 1 }, steps: 2.5 }, { schedule: { type: 'linear', from: 1, to: 0, steps: 2 } }] }, 100, [3, 5]],
  ])('%s', (_, spec, limit, expected) => {
    expect(breakpointsOf(spec, limit)).toEqual(expected);
  });

  it('lists at most 64 breakpoints of a periodic family, however long the window', () => {
    const b = breakpointsOf({ type: 'cosine', from: 1, to: 0, steps: 1, after: 'continue' }, 1e6);
    expect(b).toHaveLength(64);
    expect(b.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('validates the spec first', () => {
    expect(() => breakpointsOf({ type: 'linear', from: 0, to: 1, steps: -1 } as Schedule, 10)).toThrow(ScheduleSpecError);
  });
});

describe('horizonOf', () => {
  it('is the last step where the value changes, Infinity for cyclic schedules', () => {
    expect(horizonOf({ type: 'linear', from: 0, to: 1, steps: 40 })).toBe(40);
    expect(horizonOf({ type: 'oneCycle', steps: 100, from: 0.04, peak: 1, to: 1e-5 })).toBe(99);
    expect(horizonOf({ type: 'cyclic', from: 0, peak: 1, upSteps: 10 })).toBe(Infinity);
    expect(horizonOf({ type: 'warmup', steps: 10, from: 0, schedule: { type: 'cosine', from: 1, to: 0, steps: 90 } })).toBe(100);
  });

  it('is an integer or Infinity: a fractional end rounds up to the first step that has the final value', () => {
    expect(horizonOf({ type: 'linear', from: 0, to: 1, steps: 7.5 })).toBe(8);
    expect(horizonOf({ type: 'piecewiseConstant', boundaries: [10], values: [1, 2], owner: 'previous' })).toBe(11);
    expect(horizonOf({ type: 'exponential', from: 1, decay: 0 })).toBe(1);
    expect(horizonOf({ type: 'noise', amount: 0.1, schedule: { type: 'constant', value: 1 } })).toBe(Infinity);
    expect(horizonOf({ type: 'noise', amount: 0.1, end: 20.5, schedule: { type: 'linear', from: 1, to: 0, steps: 10 } })).toBe(21);
  });

  it('is 0 for a schedule that never changes, whatever its lengths', () => {
    expect(horizonOf({ type: 'constant', value: 1 })).toBe(0);
    expect(horizonOf({ type: 'linear', from: 1, to: 1, steps: 40 })).toBe(0);
    expect(horizonOf({ type: 'scale', factor: 0, schedule: { type: 'cyclic', from: 0, peak: 1, upSteps: 10 } })).toBe(0);
    expect(horizonOf({ type: 'stepDecay', from: 1, decay: 1, steps: 10 })).toBe(0);
  });
});

describe('plannedStepsOf', () => {
  it('is the run a schedule is planned for: a one-cycle its steps (its horizon is steps - 1), others their horizon', () => {
    const oneCycle: Schedule = { type: 'oneCycle', steps: 100, from: 0.04, peak: 1, to: 1e-5 };
    expect([horizonOf(oneCycle), plannedStepsOf(oneCycle)]).toEqual([99, 100]);
    expect(plannedStepsOf({ type: 'linear', from: 0, to: 1, steps: 7.5 })).toBe(8);
    expect(plannedStepsOf({ type: 'cyclic', from: 0, peak: 1, upSteps: 10 })).toBeUndefined();
  });
});
