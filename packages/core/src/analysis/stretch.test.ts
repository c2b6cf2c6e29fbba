import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { horizonOf, parsePolicy, parseSchedule, stretch, valueAt, valuesAt, type Policy, type Schedule } from '../index.js';

const SPECS: Record<string, Schedule> = {
  linear: { type: 'linear', from: 0, to: 1, steps: 100 },
  cosine: { type: 'cosine', from: 0.1, to: 0.001, steps: 100 },
  polynomial: { type: 'polynomial', from: 0.1, to: 0.01, steps: 100, power: 2 },
  exponentialToMin: { type: 'exponential', from: 0.1, decay: 0.9, min: 0.001 },
  multiStep: { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [30, 60, 90] },
  piecewiseConstant: { type: 'piecewiseConstant', boundaries: [25, 50, 75], values: [1, 0.5, 0.25, 0.125] },
  piecewiseConstantKeras: { type: 'piecewiseConstant', boundaries: [25, 50, 75], values: [1, 0.5, 0.25, 0.125], owner: 'previous' },
  piecewiseLinear: { type: 'piecewiseLinear', points: [{ step: 0, value: 0 }, { step: 20, value: 1 }, { step: 100, value: 0.1 }] },
  oneCycle: { type: 'oneCycle', steps: 100, from: 0.004, peak: 0.1, to: 4e-7 },
  oneCycleThreePhase: { type: 'oneCycle', steps: 100, from: 0.004, peak: 0.1, to: 4e-7, threePhase: true, shape: 'linear' },
  warmupCosine: { type: 'warmup', steps: 10, from: 0, schedule: { type: 'cosine', from: 0.1, to: 0, steps: 90 } },
  warmupCosineFromStart: { type: 'warmup', steps: 10, from: 0, schedule: { type: 'cosine', from: 0.1, to: 0, steps: 100 }, clock: 'fromStart' },
  join: {
    type: 'join',
    parts: [
      { schedule: { type: 'linear', from: 0.01, to: 0.1, steps: 20 }, steps: 20 },
      { schedule: { type: 'constant', value: 0.1 }, steps: 30 },
      { schedule: { type: 'cosine', from: 0.1, to: 0.001, steps: 50 } },
    ],
  },
  wsdLinear: { type: 'warmupStableDecay', peak: 0.1, warmupSteps: 10, stableSteps: 50, decaySteps: 40, from: 0.01, to: 0.001, decayShape: 'linear' },
  wsdCosine: { type: 'warmupStableDecay', peak: 0.1, warmupSteps: 10, stableSteps: 50, decaySteps: 40, warmupShape: 'cosine' },
  tanh: { type: 'tanh', from: 0.1, to: 0.001, steps: 100 },
  scaled: { type: 'scale', factor: 2, offset: 0.01, schedule: { type: 'linear', from: 1, to: 0, steps: 100 } },
  multiplied: { type: 'multiply', factors: [{ type: 'linear', from: 1, to: 0.5, steps: 100 }, { type: 'cosine', from: 1, to: 0, steps: 100 }] },
};

describe('stretch keeps the steps already taken bit for bit', () => {
  it.each(Object.keys(SPECS))('%s', (name) => {
    const spec = SPECS[name];
    const horizon = horizonOf(spec);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Math.ceil(horizon) - 1 }), fc.integer({ min: 1, max: 400 }), (at, extra) => {
        const longer = stretch(spec, at + extra, { at });
        expect(parseSchedule(longer)).toEqual(longer);
        for (let t = 0; t < at; t++) expect(Object.is(valueAt(longer, t), valueAt(spec, t))).toBe(true);
        // continuous at the join: the remainder starts from the value reached
        const a = valueAt(spec, at);
        expect(Math.abs(valueAt(longer, at) - a)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a)));
      }),
      { numRuns: 40 },
    );
  });
});

describe('stretch re-plans the remainder', () => {
  it('time-warps a linear ramp exactly', () => {
    const longer = stretch(SPECS.linear, 160, { at: 40 });
    expect(longer).toEqual({
      type: 'join',
      parts: [{ schedule: SPECS.linear, steps: 40 }, { schedule: { type: 'linear', from: 0.4, to: 1, steps: 120 } }],
    });
    // old step 70 (0.7) is now step 40 + 30·2 = 100
    expect(valueAt(longer, 100)).toBeCloseTo(0.7, 14);
    expect(valueAt(longer, 160)).toBe(1);
  });

  it('ends the re-planned schedule at the new total, holding the same final value', () => {
    for (const name of ['cosine', 'polynomial', 'multiStep', 'piecewiseLinear', 'piecewiseConstant', 'piecewiseConstantKeras', 'warmupCosine', 'join', 'tanh']) {
      const spec = SPECS[name];
      const longer = stretch(spec, 250, { at: 35 });
      expect(horizonOf(longer), name).toBeLessThanOrEqual(250);
      expect(valueAt(longer, 250), name).toBeCloseTo(valueAt(spec, 100), 12);
      expect(valueAt(longer, 10_000), name).toBeCloseTo(valueAt(spec, 10_000), 12);
    }
  });

  it('stretches the stable and decay phases of a WSD schedule, the decay exactly when linear', () => {
    // [10, 100] becomes [10, 190]: stable end 60 → 110, decay end 100 → 190
    const longer = stretch(SPECS.wsdLinear, 190, { at: 10 });
    expect(longer).toMatchObject({ parts: [{ steps: 10 }, { schedule: { warmupSteps: 0, stableSteps: 100, decaySteps: 80, peak: 0.1 } }] });
    expect(valueAt(longer, 150)).toBeCloseTo(valueAt(SPECS.wsdLinear, 80), 14);
    const inDecay = stretch(SPECS.wsdLinear, 130, { at: 70 });
    expect(valueAt(inDecay, 100)).toBeCloseTo(valueAt(SPECS.wsdLinear, 85), 14);
    expect(valueAt(inDecay, 130)).toBe(0.001);
  });

  it('moves later milestones by the same factor', () => {
    // the last milestone (90) is the end: [10, 90] becomes [10, 190], a factor of 2.25;
    // 30 → 55, 60 → 122.5 (rounded to 123), 90 → 190, on the remainder's clock from 10
    expect(stretch(SPECS.multiStep, 190, { at: 10 })).toEqual({
      type: 'join',
      parts: [{ schedule: SPECS.multiStep, steps: 10 }, { schedule: { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [45, 113, 180] } }],
    });
  });

  it('time-warps a polynomial decay exactly', () => {
    const longer = stretch(SPECS.polynomial, 190, { at: 10 });
    // old step 55 is now step 10 + 45·2 = 100
    expect(valueAt(longer, 100)).toBeCloseTo(valueAt(SPECS.polynomial, 55), 14);
  });

  it('keeps one-cycle phases in proportion: the peak moves with the plan', () => {
    const longer = stretch(SPECS.oneCycle, 200, { at: 10 });
    let peakStep = 0;
    for (let t = 0; t < 200; t++) if (valueAt(longer, t) > valueAt(longer, peakStep)) peakStep = t;
    // old peak at 29 → 10 + 19·(190/90) ≈ 50
    expect(Math.abs(peakStep - 50)).toBeLessThanOrEqual(1);
    expect(valueAt(longer, peakStep)).toBe(0.1);
    expect(valueAt(longer, 199)).toBeCloseTo(4e-7, 15);
  });

  it('keeps Keras boundaries (owner previous) in proportion, the last one landing within the new total', () => {
    // planned for 76 steps (the last change shows at step 76): [0, 76] becomes [0, 152]; 25 → 50, 50 → 100, 75 → 150
    const longer = stretch(SPECS.piecewiseConstantKeras, 152, { at: 0 });
    expect(longer).toEqual({ type: 'piecewiseConstant', boundaries: [50, 100, 150], values: [1, 0.5, 0.25, 0.125], owner: 'previous' });
    expect(horizonOf(longer)).toBe(151);
    expect([150, 151].map((t) => valueAt(longer, t))).toEqual([0.25, 0.125]);
  });

  it('re-plans a growth towards its bound even when the plan is shortened a hundredfold', () => {
    // an LR range test's sweep (1e-7 → 10 over 99 steps) cut to 2 more steps after step 10
    const sweep: Schedule = { type: 'exponential', from: 1e-7, decay: 1e8, steps: 99, max: 10 };
    const shorter = stretch(sweep, 12, { at: 10 });
    for (let t = 0; t < 10; t++) expect(valueAt(shorter, t)).toBe(valueAt(sweep, t));
    expect(valueAt(shorter, 10)).toBeCloseTo(valueAt(sweep, 10), 20);
    // the bound is reached at the new total, up to rounding (1e-14 relative)
    expect(valueAt(shorter, 12)).toBeCloseTo(10, 13);
    expect(valueAt(shorter, 13)).toBe(10);
  });

  it('can also shorten what is left', () => {
    const shorter = stretch(SPECS.linear, 70, { at: 40 });
    expect(valueAt(shorter, 70)).toBe(1);
    expect(valueAt(shorter, 55)).toBeCloseTo(0.7, 14);
  });

  it('returns the re-planned schedule itself when nothing was taken yet', () => {
    expect(stretch(SPECS.linear, 200, { at: 0 })).toEqual({ type: 'linear', from: 0, to: 1, steps: 200 });
  });
});

describe('stretch on a policy', () => {
  const policy: Policy = {
    version: 1,
    lr: { type: 'oneCycle', steps: 100, from: 0.004, peak: 0.1, to: 4e-7 },
    momentum: { type: 'oneCycle', steps: 100, from: 0.95, peak: 0.85, to: 0.95 },
    weightDecay: { type: 'linear', from: 1e-4, to: 0, steps: 50 },
    beta2: { type: 'constant', value: 0.999 },
    plateau: { patience: 3 },
  };

  it('re-plans every unfinished hyperparameter on one map and keeps the rest', () => {
    const longer = stretch(policy, 200, { at: 10 });
    expect(parsePolicy(longer)).toEqual(longer);
    expect(longer.beta2).toEqual(policy.beta2);
    expect(longer.plateau).toEqual(policy.plateau);
    for (let t = 0; t < 10; t++) expect(valuesAt(longer, t)).toEqual(valuesAt(policy, t));
    // lr and momentum still turn together; weight decay, planned to end at 50 of 100, now ends at 10 + 40·190/90
    let peak = 0;
    let trough = 0;
    for (let t = 0; t < 200; t++) {
      if (valueAt(longer.lr, t) > valueAt(longer.lr, peak)) peak = t;
      if (valueAt(longer.momentum!, t) < valueAt(longer.momentum!, trough)) trough = t;
    }
    expect(trough).toBe(peak);
    expect(horizonOf(longer.weightDecay!)).toBe(10 + Math.round((40 * 190) / 90));
  });

  it('keeps a hyperparameter that already finished', () => {
    const later = stretch(policy, 300, { at: 60 });
    expect(later.weightDecay).toEqual(policy.weightDecay);
    expect(later.lr).not.toEqual(policy.lr);
  });

  it('refuses a policy with nothing left to re-plan', () => {
    expect(() => stretch({ version: 1, lr: { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 20 } }, 200, { at: 10 })).toThrow(/no hyperparameter of the policy is still planned/);
  });
});

describe('stretch refuses what it cannot re-plan', () => {
  it('cyclic and unbounded schedules, finished schedules and bad arguments', () => {
    expect(() => stretch({ type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 20 }, 200, { at: 10 })).toThrow(/never ends/);
    expect(() => stretch({ type: 'exponential', from: 1, decay: 0.9 }, 200, { at: 10 })).toThrow(/never ends/);
    expect(() => stretch(SPECS.linear, 200, { at: 100 })).toThrow(/finished at step 100/);
    expect(() => stretch(SPECS.linear, 40, { at: 40 })).toThrow(/greater than at/);
    expect(() => stretch(SPECS.linear, 200, { at: -1 })).toThrow(/at must be a non-negative integer/);
    expect(() => stretch({ type: 'linear', from: 0, to: 1, steps: 0 } as Schedule, 200, { at: 1 })).toThrow(/steps/);
  });
});
