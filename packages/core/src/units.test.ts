import { describe, expect, it } from 'vitest';
import { checkTotalSteps, totalSteps, epochsForCycles, epochsToSteps, goyalWarmup, plannedStepsOf, scaleLr, stepsForCycles, stepsPerEpoch, stepsToEpochs, valueAt, type Schedule } from './index.js';

describe('stepsPerEpoch', () => {
  it('counts a last partial batch unless dropLast (PyTorch DataLoader)', () => {
    expect(stepsPerEpoch({ samples: 50_000, batchSize: 128 })).toBe(391);
    expect(stepsPerEpoch({ samples: 50_000, batchSize: 128, dropLast: true })).toBe(390);
    expect(stepsPerEpoch({ samples: 1024, batchSize: 128 })).toBe(8);
  });

  it('makes one update per `gradientAccumulation` micro-batches, with a last smaller update by default', () => {
    // 391 micro-batches, 4 per update: 97 full updates and one of 3 micro-batches (HF Trainer, Lightning)
    expect(stepsPerEpoch({ samples: 50_000, batchSize: 128, gradientAccumulation: 4 })).toBe(98);
    expect(stepsPerEpoch({ samples: 50_000, batchSize: 128, gradientAccumulation: 4, accumulationRemainder: 'drop' })).toBe(97);
  });

  it('refuses an epoch without a single update, and bad numbers', () => {
    expect(() => stepsPerEpoch({ samples: 100, batchSize: 128, dropLast: true })).toThrow(/makes no optimizer update/);
    expect(() => stepsPerEpoch({ samples: 3, batchSize: 1, gradientAccumulation: 4, accumulationRemainder: 'drop' })).toThrow(/no optimizer update/);
    expect(() => stepsPerEpoch({ samples: 100, batchSize: 0 })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => stepsPerEpoch({ samples: 10.5, batchSize: 2 })).toThrow(/samples must be a positive integer, got 10.5/);
  });
});

describe('epochsToSteps and stepsToEpochs', () => {
  it('multiplies, and tolerates float noise in fractional epochs', () => {
    expect(epochsToSteps(90, 391)).toBe(35_190);
    expect(epochsToSteps(0.1, 30)).toBe(3);
    expect(epochsToSteps(2.5, 10)).toBe(25);
  });

  it('refuses a fractional step count unless told how to round', () => {
    expect(() => epochsToSteps(1.5, 101)).toThrow(/151.5 is not a whole number of steps/);
    expect(epochsToSteps(1.5, 101, { round: 'floor' })).toBe(151);
    expect(epochsToSteps(1.5, 101, { round: 'ceil' })).toBe(152);
    expect(epochsToSteps(1.5, 101, { round: 'round' })).toBe(152);
  });

  it('converts back to (possibly fractional) epochs', () => {
    expect(stepsToEpochs(35_190, 391)).toBe(90);
    expect(stepsToEpochs(100, 40)).toBe(2.5);
  });
});

describe('totalSteps', () => {
  it('is epochs × steps per epoch, from the data or given', () => {
    expect(totalSteps({ epochs: 30, samples: 50_000, batchSize: 128 })).toBe(11_730);
    expect(totalSteps({ epochs: 30, samples: 50_000, batchSize: 128, gradientAccumulation: 4 })).toBe(2940);
    expect(totalSteps({ epochs: 3, stepsPerEpoch: 334 })).toBe(1002);
    expect(() => totalSteps({ epochs: 0, stepsPerEpoch: 10 })).toThrow(/make no update/);
  });
});

describe('checkTotalSteps', () => {
  const oneCycle: Schedule = { type: 'oneCycle', steps: 1000, from: 0.004, peak: 0.1, to: 4e-7 };

  it('accepts a run of exactly `steps` updates', () => {
    expect(plannedStepsOf(oneCycle)).toBe(1000);
    expect(checkTotalSteps(oneCycle, 1000)).toEqual({ finishesAt: 999, plannedSteps: 1000, lastStep: 999 });
  });

  it('refuses a longer run the way PyTorch OneCycleLR does ("Tried to step 1002 times")', () => {
    expect(() => checkTotalSteps(oneCycle, 1001)).toThrow(/Tried to step 1002 times/);
    expect(() => checkTotalSteps(oneCycle, 1001)).toThrow(/the last update would use its final value/);
    expect(() => checkTotalSteps(oneCycle, 1003)).toThrow(/the last 3 updates would all use its final value/);
  });

  it('refuses a run that ends before the schedule finishes, unless allowed', () => {
    const cos: Schedule = { type: 'cosine', from: 0.1, to: 0, steps: 1000 };
    expect(() => checkTotalSteps(cos, 500)).toThrow(/still changes until step 1000/);
    expect(checkTotalSteps(cos, 500, { allowShorterRun: true }).lastStep).toBe(499);
    // a schedule reaching its end at t = steps fits a run of steps or steps + 1 updates
    expect(checkTotalSteps(cos, 1000).finishesAt).toBe(1000);
    expect(checkTotalSteps(cos, 1001).lastStep).toBe(1000);
    expect(() => checkTotalSteps(cos, 1002)).toThrow(/finishes at step 1000/);
  });

  it('checks every hyperparameter of a policy and names the one that does not fit', () => {
    const policy = { version: 1 as const, lr: { type: 'linear' as const, from: 0, to: 1, steps: 100 }, momentum: { type: 'linear' as const, from: 0.95, to: 0.85, steps: 50 } };
    expect(() => checkTotalSteps(policy, 100)).toThrow(/^momentum: /);
  });

  it('measures a fractional end in whole steps', () => {
    // a 999.5-step cosine reaches its end at step 1000: a run of 1000 or 1001 updates fits it
    const cos: Schedule = { type: 'cosine', from: 0.1, to: 0, steps: 999.5 };
    expect(checkTotalSteps(cos, 1001).finishesAt).toBe(1000);
    expect(() => checkTotalSteps(cos, 1002)).toThrow(/finishes at step 1000/);
  });

  it('lets schedules without an end pass', () => {
    const cyclic: Schedule = { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 2000 };
    expect(checkTotalSteps(cyclic, 12_345).finishesAt).toBeUndefined();
  });
});

describe('scaleLr', () => {
  it('scales linearly (Goyal et al.) or by the square root of the batch ratio', () => {
    expect(scaleLr({ lr: 0.1, batchSize: 8192, referenceBatchSize: 256, rule: 'linear' })).toBe(3.2);
    expect(scaleLr({ lr: 1e-3, batchSize: 1024, referenceBatchSize: 256, rule: 'sqrt' })).toBe(2e-3);
    expect(scaleLr({ lr: 0.1, batchSize: 128, referenceBatchSize: 256, rule: 'linear' })).toBe(0.05);
  });

  it('rejects an unknown rule and non-positive numbers', () => {
    expect(() => scaleLr({ lr: 0.1, batchSize: 512, referenceBatchSize: 256, rule: 'cubic' as never })).toThrow(/rule must be "linear" or "sqrt"/);
    expect(() => scaleLr({ lr: -0.1, batchSize: 512, referenceBatchSize: 256, rule: 'linear' })).toThrow(/lr must be a positive/);
  });
});

describe('goyalWarmup', () => {
  it('rises linearly from the reference lr to k·lr over 5 epochs, then holds k·lr', () => {
    const spec = goyalWarmup({ lr: 0.1, batchSize: 8192, referenceBatchSize: 256, stepsPerEpoch: 156 });
    expect(spec).toEqual({ type: 'warmup', steps: 780, from: 0.1, schedule: { type: 'constant', value: 3.2 }, shape: 'linear' });
    expect(valueAt(spec, 0)).toBe(0.1);
    expect(valueAt(spec, 390)).toBeCloseTo(0.1 + (3.2 - 0.1) / 2, 12);
    expect(valueAt(spec, 780)).toBe(3.2);
  });

  it('warms up into a given schedule', () => {
    const after: Schedule = { type: 'multiStep', from: 3.2, decay: 0.1, milestones: [30 * 156, 60 * 156] };
    const spec = goyalWarmup({ lr: 0.1, batchSize: 8192, referenceBatchSize: 256, stepsPerEpoch: 156, warmupEpochs: 2, after });
    expect(spec.steps).toBe(312);
    expect(spec.schedule).toEqual(after);
    expect(Object.isFrozen(spec)).toBe(true);
  });
});

describe('stepsForCycles and epochsForCycles', () => {
  it('counts cyclic cycles as upSteps + downSteps (find_n_epoch)', () => {
    const clr: Schedule = { type: 'cyclic', from: 1e-3, peak: 6e-3, upSteps: 2000, downSteps: 1000 };
    expect(stepsForCycles(clr, 4)).toBe(12_000);
    expect(epochsForCycles(clr, { cycles: 4, stepsPerEpoch: 391 })).toEqual({ epochs: 31, steps: 12_000, extraSteps: 121 });
  });

  it("agrees with keras_one_cycle_clr's find_n_epoch: ceil(step_size·2/len(dataset)·cycles)", () => {
    const findNEpoch = (stepSize: number, batchesPerEpoch: number, cycles: number) => Math.ceil(((stepSize * 2) / batchesPerEpoch) * cycles);
    for (const [stepSize, perEpoch, cycles] of [[2000, 391, 4], [500, 100, 3], [7, 3, 5]]) {
      const clr: Schedule = { type: 'cyclic', from: 1e-3, peak: 6e-3, upSteps: stepSize };
      expect(epochsForCycles(clr, { cycles, stepsPerEpoch: perEpoch }).epochs).toBe(findNEpoch(stepSize, perEpoch, cycles));
    }
  });

  it('counts fractional cyclic ramps, rounding a whole number of steps up to float noise to it', () => {
    // PyTorch step_size_up=7.5: 2 cycles are 30 steps; 3 cycles of 2 + 2.5 steps are 13.5, so 14 steps
    expect(stepsForCycles({ type: 'cyclic', from: 1e-3, peak: 6e-3, upSteps: 7.5 }, 2)).toBe(30);
    expect(stepsForCycles({ type: 'cyclic', from: 1e-3, peak: 6e-3, upSteps: 2, downSteps: 2.5 }, 3)).toBe(14);
    expect(stepsForCycles({ type: 'cyclic', from: 1e-3, peak: 6e-3, upSteps: 0.1, downSteps: 0.2 }, 10)).toBe(3);
  });

  it('sums growing SGDR periods and counts a warmup in front', () => {
    const sgdr: Schedule = { type: 'cosineRestarts', from: 0.1, to: 0, steps: 10, periodMultiplier: 2 };
    expect(stepsForCycles(sgdr, 3)).toBe(70);
    expect(stepsForCycles({ type: 'warmup', steps: 5, from: 0, schedule: sgdr }, 3)).toBe(75);
    expect(stepsForCycles({ type: 'warmup', steps: 5, from: 0, schedule: sgdr, clock: 'fromStart' }, 3)).toBe(70);
  });

  it('counts the periods of a continuing cosine and a cycling polynomial, and respects cycleLimit', () => {
    expect(stepsForCycles({ type: 'cosine', from: 0.1, to: 0, steps: 50, after: 'continue' }, 3)).toBe(300);
    expect(stepsForCycles({ type: 'polynomial', from: 0.1, to: 0, steps: 40, after: 'cycle' }, 2)).toBe(80);
    expect(() => stepsForCycles({ type: 'cosineRestarts', from: 0.1, to: 0, steps: 10, cycleLimit: 2 }, 3)).toThrow(/stops after 2 cycles/);
    expect(() => stepsForCycles({ type: 'cosine', from: 0.1, to: 0, steps: 50 }, 1)).toThrow(/has no cycles/);
  });

  it('knows one-cycle has one cycle and a decay has none', () => {
    expect(stepsForCycles({ type: 'oneCycle', steps: 500, from: 0.004, peak: 0.1, to: 1e-6 }, 1)).toBe(500);
    expect(() => stepsForCycles({ type: 'oneCycle', steps: 500, from: 0.004, peak: 0.1, to: 1e-6 }, 2)).toThrow(/exactly one cycle/);
    expect(() => stepsForCycles({ type: 'linear', from: 1, to: 0, steps: 10 }, 1)).toThrow(/has no cycles/);
    expect(() => epochsForCycles({ type: 'repeat', steps: 100, schedule: { type: 'linear', from: 1, to: 0, steps: 100 } }, { cycles: 0, stepsPerEpoch: 10 })).toThrow(/cycles must be a positive integer/);
  });
});
