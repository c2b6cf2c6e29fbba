import { describe, expect, it } from 'vitest';
import { scheduleBreakpoints, scheduleHorizon, type Schedule } from './index.js';

describe('scheduleBreakpoints', () => {
  it.each<[string, Schedule, number, number[]]>([
    ['a constant has none', { type: 'constant', value: 1 }, 100, []],
    ['a ramp ends at steps', { type: 'linear', from: 0, to: 1, steps: 40 }, 100, [40]],
    ['milestones', { type: 'multiStep', initial: 1, gamma: 0.1, milestones: [30, 60, 120] }, 100, [30, 60]],
    ['Keras boundaries take effect one step later', { type: 'piecewiseConstant', boundaries: [10, 20], values: [1, 2, 3], owner: 'previous' }, 100, [11, 21]],
    ['a step decay every stepSize', { type: 'step', initial: 1, gamma: 0.5, stepSize: 30 }, 100, [30, 60, 90]],
    ['PyTorch one-cycle phase ends', { type: 'oneCycle', totalSteps: 100, initial: 0.04, peak: 1, final: 1e-5 }, 200, [29, 99]],
    ['optax one-cycle phase ends', { type: 'oneCycle', totalSteps: 100, initial: 0.04, peak: 1, final: 1e-5, peakAt: 'optax' }, 200, [30, 100]],
    ['cyclic ramps', { type: 'cyclic', base: 0, peak: 1, stepsUp: 10, stepsDown: 5 }, 40, [10, 15, 25, 30, 40]],
    ['SGDR restarts', { type: 'cosineRestarts', from: 1, to: 0, period: 10, periodMultiplier: 2 }, 100, [10, 30, 70]],
    ['WSD phases', { type: 'warmupStableDecay', peak: 1, warmupSteps: 5, stableSteps: 10, decaySteps: 20 }, 100, [5, 15, 35]],
    ['a join adds its part boundaries and the parts\' own, on the global clock', {
      type: 'join',
      parts: [
        { schedule: { type: 'linear', from: 0, to: 1, steps: 10 }, steps: 20 },
        { schedule: { type: 'multiStep', initial: 1, gamma: 0.1, milestones: [5, 50] }, steps: 30 },
        { schedule: { type: 'cosine', from: 1, to: 0, steps: 25 } },
      ],
    }, 1000, [10, 20, 25, 50, 75]],
    ['a warmup, then the inner schedule after it', { type: 'warmup', steps: 10, from: 0, schedule: { type: 'cosine', from: 1, to: 0, steps: 90 } }, 1000, [10, 100]],
    ['a warmup on the inner clock (fromStart)', { type: 'warmup', steps: 10, from: 0, schedule: { type: 'cosine', from: 1, to: 0, steps: 90 }, clock: 'fromStart' }, 1000, [10, 90]],
    ['repeats', { type: 'repeat', every: 20, schedule: { type: 'linear', from: 1, to: 0, steps: 10 } }, 50, [10, 20, 30, 40, 50]],
  ])('%s', (_, spec, limit, expected) => {
    expect(scheduleBreakpoints(spec, limit)).toEqual(expected);
  });
});

describe('scheduleHorizon', () => {
  it('is the last step where the value changes, Infinity for cyclic schedules', () => {
    expect(scheduleHorizon({ type: 'linear', from: 0, to: 1, steps: 40 })).toBe(40);
    expect(scheduleHorizon({ type: 'oneCycle', totalSteps: 100, initial: 0.04, peak: 1, final: 1e-5 })).toBe(99);
    expect(scheduleHorizon({ type: 'cyclic', base: 0, peak: 1, stepsUp: 10 })).toBe(Infinity);
    expect(scheduleHorizon({ type: 'warmup', steps: 10, from: 0, schedule: { type: 'cosine', from: 1, to: 0, steps: 90 } })).toBe(100);
  });
});
