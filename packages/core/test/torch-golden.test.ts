/**
 * Golden values from real PyTorch 1.13 schedulers (fixtures/torch.json, written by
 * fixtures/generate_torch.py with Debian's python3-torch). Each case below is the cyclr spec written
 * by hand from the PyTorch kwargs; it must agree with PyTorch at every recorded step.
 *
 * Tolerance: |cyclr - torch| <= 1e-12·|torch| at every step, with no absolute floor: where PyTorch
 * gives exactly 0 (a cosine or polynomial reaching its end) cyclr must too. Measured: the largest
 * relative difference over all cases is about 2e-14 (CosineAnnealingLR, whose PyTorch update is a
 * recursive ratio of cosines).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSchedule, valueAt, type Schedule, type SpecOf } from '../src/index.js';

interface TorchCase {
  id: string;
  className: string;
  kwargs: Record<string, unknown>;
  optimizer: { type: string; lr: number; momentum?: number; betas?: number[] };
  steps: number;
  lr: number[];
  momentum?: number[];
  beta1?: number[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/torch.json', import.meta.url), 'utf8')) as { torch: string; cases: TorchCase[] };

/** Index of the first step where `actual` misses `expected`, with the numbers, or undefined. */
function firstMismatch(actual: (t: number) => number, expected: readonly number[]): string | undefined {
  for (let t = 0; t < expected.length; t++) {
    const want = expected[t];
    const got = actual(t);
    const err = Math.abs(got - want);
    if (!(err <= 1e-12 * Math.abs(want))) {
      return `t=${t}: expected ${want}, got ${got} (relative error ${(err / Math.abs(want)).toExponential(2)})`;
    }
  }
  return undefined;
}

const oneCycle = (steps: number, from: number, peak: number, to: number, extra: Partial<SpecOf<'oneCycle'>> = {}): Schedule =>
  ({ type: 'oneCycle', steps, from, peak, to, pctStart: 0.3, shape: 'cosine', after: 'continue', ...extra });

/** The hand-written cyclr specs, by fixture id: `lr`, and `momentum` or `beta1` where PyTorch cycles it. */
const SPECS: Record<string, { lr: Schedule; momentum?: Schedule; beta1?: Schedule }> = {
  // ------------------------------------------------------------------ CyclicLR
  'CyclicLR triangular': { lr: { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 5, mode: 'triangular' } },
  'CyclicLR triangular2': { lr: { type: 'cyclic', from: 0.01, peak: 0.1, upSteps: 4, mode: 'triangular2' } },
  'CyclicLR exp_range': { lr: { type: 'cyclic', from: 0.001, peak: 0.01, upSteps: 6, mode: 'expRange', decay: 0.99 } },
  'CyclicLR asymmetric triangular': { lr: { type: 'cyclic', from: 0.001, peak: 0.004, upSteps: 3, downSteps: 7 } },
  'CyclicLR asymmetric triangular2': { lr: { type: 'cyclic', from: 0.05, peak: 0.5, upSteps: 2, downSteps: 5, mode: 'triangular2' } },
  'CyclicLR default momentum cycling with SGD': {
    lr: { type: 'cyclic', from: 0.001, peak: 0.1, upSteps: 5 },
    momentum: { type: 'cyclic', from: 0.9, peak: 0.8, upSteps: 5 },
  },
  'CyclicLR exp_range asymmetric with momentum': {
    lr: { type: 'cyclic', from: 0.002, peak: 0.02, upSteps: 4, downSteps: 6, mode: 'expRange', decay: 0.995 },
    momentum: { type: 'cyclic', from: 0.95, peak: 0.85, upSteps: 4, downSteps: 6, mode: 'expRange', decay: 0.995 },
  },
  'CyclicLR triangular2 with RMSprop momentum': {
    lr: { type: 'cyclic', from: 0.0001, peak: 0.001, upSteps: 3, mode: 'triangular2' },
    momentum: { type: 'cyclic', from: 0.9, peak: 0.7, upSteps: 3, mode: 'triangular2' },
  },
  'CyclicLR with Adam and cycle_momentum off': { lr: { type: 'cyclic', from: 0.0001, peak: 0.001, upSteps: 5 } },
  // ------------------------------------------------------------------ OneCycleLR (from = max/div, to = from/final_div)
  'OneCycleLR cos defaults with SGD momentum': {
    lr: oneCycle(100, 1 / 25, 1, 1 / 25 / 1e4),
    momentum: oneCycle(100, 0.95, 0.85, 0.95),
  },
  'OneCycleLR linear': {
    lr: oneCycle(50, 0.1 / 25, 0.1, 0.1 / 25 / 1e4, { shape: 'linear' }),
    momentum: oneCycle(50, 0.95, 0.85, 0.95, { shape: 'linear' }),
  },
  'OneCycleLR three_phase cos': {
    lr: oneCycle(60, 0.5 / 25, 0.5, 0.5 / 25 / 1e4, { threePhase: true }),
    momentum: oneCycle(60, 0.95, 0.85, 0.95, { threePhase: true }),
  },
  'OneCycleLR three_phase linear': {
    lr: oneCycle(40, 0.5 / 25, 0.5, 0.5 / 25 / 1e4, { threePhase: true, shape: 'linear', pctStart: 0.25 }),
    momentum: oneCycle(40, 0.95, 0.85, 0.95, { threePhase: true, shape: 'linear', pctStart: 0.25 }),
  },
  'OneCycleLR epochs and steps_per_epoch with Adam betas': {
    lr: oneCycle(4 * 25, 0.01 / 10, 0.01, 0.01 / 10 / 100, { pctStart: 0.25 }),
    beta1: oneCycle(4 * 25, 0.95, 0.85, 0.95, { pctStart: 0.25 }),
  },
  'OneCycleLR non-integer phase end total_steps=7 pct_start=0.3': {
    lr: oneCycle(7, 1 / 25, 1, 1 / 25 / 1e4),
    momentum: oneCycle(7, 0.95, 0.85, 0.95),
  },
  'OneCycleLR linear non-integer phase end total_steps=7': {
    lr: oneCycle(7, 1 / 25, 1, 1 / 25 / 1e4, { shape: 'linear' }),
    momentum: oneCycle(7, 0.95, 0.85, 0.95, { shape: 'linear' }),
  },
  'OneCycleLR three_phase non-integer phase ends total_steps=7': {
    lr: oneCycle(7, 1 / 25, 1, 1 / 25 / 1e4, { threePhase: true }),
    momentum: oneCycle(7, 0.95, 0.85, 0.95, { threePhase: true }),
  },
  'OneCycleLR custom momentum with RMSprop': {
    lr: oneCycle(30, 0.02 / 5, 0.02, 0.02 / 5 / 50, { pctStart: 0.4 }),
    momentum: oneCycle(30, 0.8, 0.6, 0.8, { pctStart: 0.4 }),
  },
  'OneCycleLR cycle_momentum off with AdamW': { lr: oneCycle(45, 0.003 / 25, 0.003, 0.003 / 25 / 1e4) },
  'OneCycleLR pct_start=0.0 starts inside the second phase': {
    lr: oneCycle(10, 1 / 25, 1, 1 / 25 / 1e4, { pctStart: 0 }),
    momentum: oneCycle(10, 0.95, 0.85, 0.95, { pctStart: 0 }),
  },
  // ------------------------------------------------------------------ cosine family
  'CosineAnnealingLR with eta_min past T_max (periodic)': { lr: { type: 'cosine', from: 0.1, to: 0.001, steps: 10, after: 'continue' } },
  'CosineAnnealingLR eta_min 0 over several periods': { lr: { type: 'cosine', from: 0.05, to: 0, steps: 25, after: 'continue' } },
  'CosineAnnealingWarmRestarts T_mult 1 with eta_min': { lr: { type: 'cosineRestarts', from: 0.1, to: 0.001, steps: 10 } },
  'CosineAnnealingWarmRestarts T_mult 2': { lr: { type: 'cosineRestarts', from: 0.1, to: 0, steps: 5, periodMultiplier: 2 } },
  'CosineAnnealingWarmRestarts T_mult 3 with eta_min': { lr: { type: 'cosineRestarts', from: 0.1, to: 0.01, steps: 3, periodMultiplier: 3 } },
  // ------------------------------------------------------------------ decays
  StepLR: { lr: { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 7 } },
  'StepLR default gamma': { lr: { type: 'stepDecay', from: 0.1, decay: 0.1, steps: 30 } },
  'MultiStepLR with a repeated milestone': { lr: { type: 'multiStep', from: 0.1, decay: 0.5, milestones: [10, 25, 25, 40] } },
  'MultiStepLR unsorted milestones default gamma': { lr: { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [10, 30] } },
  ExponentialLR: { lr: { type: 'exponential', from: 0.1, decay: 0.95 } },
  'ExponentialLR close to 1': { lr: { type: 'exponential', from: 0.0003, decay: 0.999 } },
  'LinearLR defaults': { lr: { type: 'linear', from: 0.1 / 3, to: 0.1, steps: 5 } },
  'LinearLR decay': { lr: { type: 'linear', from: 0.1, to: 0.1 * 0.1, steps: 30 } },
  'ConstantLR defaults': { lr: { type: 'piecewiseConstant', boundaries: [5], values: [0.1 / 3, 0.1] } },
  'ConstantLR factor 0.5': { lr: { type: 'piecewiseConstant', boundaries: [4], values: [0.05, 0.1] } },
  'PolynomialLR power 2': { lr: { type: 'polynomial', from: 0.1, to: 0, steps: 10, power: 2 } },
  'PolynomialLR defaults': { lr: { type: 'polynomial', from: 0.1, to: 0, steps: 5 } },
  'PolynomialLR power 0.5': { lr: { type: 'polynomial', from: 0.1, to: 0, steps: 20, power: 0.5 } },
  // ------------------------------------------------------------------ SequentialLR: each part on its own clock from its milestone
  'SequentialLR LinearLR warmup then CosineAnnealingLR': {
    lr: {
      type: 'join',
      parts: [
        { schedule: { type: 'linear', from: 0.1 * 0.1, to: 0.1, steps: 5 }, steps: 5 },
        { schedule: { type: 'cosine', from: 0.1, to: 0.001, steps: 20, after: 'continue' } },
      ],
    },
  },
  'SequentialLR ConstantLR then ExponentialLR': {
    lr: { type: 'join', parts: [{ schedule: { type: 'constant', value: 0.1 }, steps: 2 }, { schedule: { type: 'exponential', from: 1, decay: 0.9 } }] },
  },
  'SequentialLR ConstantLR cut before its total_iters': {
    lr: { type: 'join', parts: [{ schedule: { type: 'constant', value: 0.05 }, steps: 5 }, { schedule: { type: 'exponential', from: 0.1, decay: 0.9 } }] },
  },
  'SequentialLR three parts': {
    lr: {
      type: 'join',
      parts: [
        { schedule: { type: 'linear', from: 0.025, to: 0.1, steps: 3 }, steps: 3 },
        { schedule: { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 4 }, steps: 12 },
        { schedule: { type: 'polynomial', from: 0.1, to: 0, steps: 8, power: 2 } },
      ],
    },
  },
  // OneCycleLR's constructor rewrites initial_lr to max_lr/div_factor = 0.004, and SequentialLR resets the
  // lr to it, so the LinearLR warmup ramps 0.002 -> 0.004; momentum holds OneCycleLR's starting 0.95.
  'SequentialLR LinearLR warmup then OneCycleLR': {
    lr: {
      type: 'join',
      parts: [
        { schedule: { type: 'linear', from: 0.004 * 0.5, to: 0.004, steps: 4 }, steps: 4 },
        { schedule: oneCycle(20, 0.1 / 25, 0.1, 0.1 / 25 / 1e4) },
      ],
    },
    momentum: { type: 'join', parts: [{ schedule: { type: 'constant', value: 0.95 }, steps: 4 }, { schedule: oneCycle(20, 0.95, 0.85, 0.95) }] },
  },
  // CyclicLR's constructor sets the lr (and so initial_lr) to base_lr = 0.01, which becomes the
  // restarts' base; momentum keeps CyclicLR's last value (t = 11: one step before the base, 0.9 - 0.1/3).
  'SequentialLR CyclicLR then CosineAnnealingWarmRestarts': {
    lr: {
      type: 'join',
      parts: [
        { schedule: { type: 'cyclic', from: 0.01, peak: 0.1, upSteps: 3 }, steps: 12 },
        { schedule: { type: 'cosineRestarts', from: 0.01, to: 0, steps: 6, periodMultiplier: 2 } },
      ],
    },
    momentum: {
      type: 'join',
      parts: [{ schedule: { type: 'cyclic', from: 0.9, peak: 0.8, upSteps: 3 }, steps: 12 }, { schedule: { type: 'constant', value: 0.9 - 0.1 / 3 } }],
    },
  },
  // ------------------------------------------------------------------ ChainedScheduler: the product of the factors
  'ChainedScheduler ConstantLR and ExponentialLR': {
    lr: { type: 'multiply', factors: [{ type: 'piecewiseConstant', boundaries: [2], values: [0.1, 1] }, { type: 'exponential', from: 1, decay: 0.9 }] },
  },
  'ChainedScheduler StepLR MultiStepLR ExponentialLR': {
    lr: {
      type: 'multiply',
      factors: [
        { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 5 },
        { type: 'multiStep', from: 1, decay: 0.1, milestones: [7, 12] },
        { type: 'exponential', from: 1, decay: 0.98 },
      ],
    },
  },
  'ChainedScheduler LinearLR and PolynomialLR': {
    lr: { type: 'multiply', factors: [{ type: 'linear', from: 0.02, to: 0.1, steps: 4 }, { type: 'polynomial', from: 1, to: 0, steps: 12, power: 1.5 }] },
  },
  // The restarts set the lr absolutely after ExponentialLR has multiplied it: only the restarts remain.
  'ChainedScheduler ending with CosineAnnealingWarmRestarts': { lr: { type: 'cosineRestarts', from: 0.1, to: 0.01, steps: 5 } },
  // The cosine drives the lr to exactly 0 at T_max = 20; at 21 PyTorch re-adds base_lr·(1 - cos(π/20))/2
  // and forgets the warmup factor: from then on a plain periodic cosine rising from 0.
  'ChainedScheduler LinearLR warmup and CosineAnnealingLR': {
    lr: {
      type: 'join',
      parts: [
        {
          schedule: { type: 'multiply', factors: [{ type: 'linear', from: 0.01, to: 0.1, steps: 5 }, { type: 'cosine', from: 1, to: 0, steps: 20, after: 'continue' }] },
          steps: 20,
        },
        { schedule: { type: 'cosine', from: 0, to: 0.1, steps: 20, after: 'continue' } },
      ],
    },
  },
};

describe(`PyTorch ${fixture.torch} golden values`, () => {
  it('has a hand-written spec for every fixture case, and no spec without a case', () => {
    expect(Object.keys(SPECS).sort()).toEqual(fixture.cases.map((c) => c.id).sort());
  });

  it('records the last allowed OneCycleLR step, past the end of the last phase', () => {
    const c = fixture.cases.find((x) => x.id === 'OneCycleLR cos defaults with SGD momentum') as TorchCase;
    expect(c.lr).toHaveLength(101);
    expect(c.lr[99]).toBeCloseTo(4e-6, 15);
    expect(c.lr[100]).toBeGreaterThan(c.lr[99]);
  });

  for (const c of fixture.cases) {
    const spec = SPECS[c.id];
    describe(c.id, () => {
      for (const key of ['lr', 'momentum', 'beta1'] as const) {
        const expected = c[key];
        if (expected === undefined) continue;
        it(`${key} equals PyTorch for t = 0..${c.steps}`, () => {
          const schedule = spec[key];
          expect(schedule, `no ${key} spec`).toBeDefined();
          parseSchedule(schedule);
          expect(firstMismatch((t) => valueAt(schedule as Schedule, t), expected)).toBeUndefined();
        });
      }
    });
  }
});
