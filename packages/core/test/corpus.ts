// Valid specs for every family, used by the cross-family property tests, the capability test, the
// schema agreement test and the benchmark. Each family appears at least once; combinators nest other
// families; a few cases have fractional lengths and positions (PyTorch step_size_up=7.5, HF's 422.5-step
// restart period, timm's decay_epochs 2.4 at 391 updates per epoch).
import type { Schedule, ScheduleType } from '../src/spec.js';

export const VALID_SPECS: Array<{ name: string; spec: Schedule }> = [
  { name: 'constant', spec: { type: 'constant', value: 0.1 } },
  { name: 'linear', spec: { type: 'linear', from: 0, to: 0.1, steps: 100 } },
  { name: 'linear fractional', spec: { type: 'linear', from: 0, to: 0.1, steps: 7.5 } },
  { name: 'polynomial', spec: { type: 'polynomial', from: 0.1, to: 0.001, steps: 1000, power: 2 } },
  { name: 'polynomial cycle', spec: { type: 'polynomial', from: 0.1, to: 0.001, steps: 100, power: 0.5, after: 'cycle' } },
  { name: 'polynomial cycle fractional', spec: { type: 'polynomial', from: 0.1, to: 0.001, steps: 12.5, power: 2, after: 'cycle' } },
  { name: 'exponential', spec: { type: 'exponential', from: 0.1, decay: 0.96, steps: 100 } },
  { name: 'exponential staircase min', spec: { type: 'exponential', from: 0.1, decay: 0.5, steps: 10, staircase: true, min: 1e-4 } },
  { name: 'exponential growth max', spec: { type: 'exponential', from: 1e-7, decay: 1e8, steps: 99, max: 10 } },
  { name: 'inverseTime', spec: { type: 'inverseTime', from: 0.1, rate: 0.5, steps: 10 } },
  { name: 'inverseTime staircase', spec: { type: 'inverseTime', from: 0.1, rate: 0.5, steps: 10, staircase: true } },
  { name: 'inverseSqrt', spec: { type: 'inverseSqrt', peak: 0.001, warmupSteps: 100 } },
  { name: 'stepDecay', spec: { type: 'stepDecay', from: 0.1, decay: 0.1, steps: 30 } },
  { name: 'stepDecay fractional (timm decay_epochs 2.4 at 391 updates per epoch)', spec: { type: 'stepDecay', from: 0.1, decay: 0.97, steps: 2.4 * 391 } },
  { name: 'multiStep', spec: { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [30, 80, 80] } },
  { name: 'multiStep fractional', spec: { type: 'multiStep', from: 0.1, decay: 0.5, milestones: [2.5, 7.25, 100] } },
  { name: 'piecewiseConstant', spec: { type: 'piecewiseConstant', boundaries: [100, 200], values: [1, 0.5, 0.1] } },
  { name: 'piecewiseConstant keras', spec: { type: 'piecewiseConstant', boundaries: [100, 200], values: [1, 0.5, 0.1], owner: 'previous' } },
  { name: 'piecewiseLinear', spec: { type: 'piecewiseLinear', points: [{ step: 0, value: 0 }, { step: 10, value: 1 }, { step: 100, value: 0.01 }] } },
  { name: 'piecewiseLinear fractional', spec: { type: 'piecewiseLinear', points: [{ step: 0.5, value: 0 }, { step: 10.25, value: 1 }, { step: 100.75, value: 0.01 }] } },
  { name: 'cosine', spec: { type: 'cosine', from: 0.1, to: 0.001, steps: 1000 } },
  { name: 'cosine continue', spec: { type: 'cosine', from: 0.1, to: 0, steps: 50, after: 'continue' } },
  { name: 'cosine power', spec: { type: 'cosine', from: 1, to: 0.1, steps: 100, power: 2 } },
  { name: 'cosineRestarts', spec: { type: 'cosineRestarts', from: 0.1, to: 0.001, steps: 10, periodMultiplier: 2 } },
  {
    name: 'cosineRestarts timm',
    spec: { type: 'cosineRestarts', from: 0.1, to: 1e-5, steps: 30, periodMultiplier: 1.5, decay: 0.5, decayTarget: 'peak', cycleLimit: 4, kDecay: 1.5 },
  },
  { name: 'cosineRestarts fractional period (HF)', spec: { type: 'cosineRestarts', from: 0.1, to: 0, steps: 422.5 } },
  { name: 'tanh', spec: { type: 'tanh', from: 0.1, to: 1e-5, steps: 100 } },
  { name: 'tanh restarts', spec: { type: 'tanh', from: 0.1, to: 1e-5, steps: 30, lower: -6, upper: 4, periodMultiplier: 1.5, decay: 0.8, cycleLimit: 4 } },
  { name: 'linearCosine', spec: { type: 'linearCosine', from: 0.1, steps: 1000, cycles: 2, alpha: 0, beta: 0.001 } },
  { name: 'noisyLinearCosine', spec: { type: 'noisyLinearCosine', from: 0.1, steps: 1000, seed: 7 } },
  {
    name: 'warmupStableDecay',
    spec: { type: 'warmupStableDecay', peak: 0.001, warmupSteps: 100, stableSteps: 500, decaySteps: 400, to: 1e-5, decayShape: '1-sqrt' },
  },
  {
    name: 'warmupStableDecay fractional',
    spec: { type: 'warmupStableDecay', peak: 0.001, from: 1e-4, warmupSteps: 10.5, stableSteps: 50.25, decaySteps: 39.25, warmupShape: 'cosine' },
  },
  { name: 'cyclic triangular', spec: { type: 'cyclic', from: 1e-4, peak: 1e-2, upSteps: 20 } },
  { name: 'cyclic triangular2 asymmetric', spec: { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 20, downSteps: 60, mode: 'triangular2' } },
  { name: 'cyclic expRange', spec: { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 20, mode: 'expRange', decay: 0.99994 } },
  { name: 'cyclic fractional (PyTorch step_size_up=7.5)', spec: { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 7.5, downSteps: 12.25, mode: 'triangular2' } },
  {
    name: 'cyclic custom amplitude cosine shape',
    spec: {
      type: 'cyclic',
      from: 0.001,
      peak: 0.01,
      upSteps: 25,
      shape: 'cosine',
      amplitude: { by: 'cycle', schedule: { type: 'exponential', from: 1, decay: 1 / 3 } },
    },
  },
  { name: 'cyclic momentum', spec: { type: 'cyclic', from: 0.9, peak: 0.8, upSteps: 20 } },
  { name: 'oneCycle', spec: { type: 'oneCycle', steps: 100, from: 0.04, peak: 1, to: 4e-6 } },
  {
    name: 'oneCycle three-phase linear',
    spec: { type: 'oneCycle', steps: 1000, from: 0.004, peak: 0.1, to: 4e-7, shape: 'linear', threePhase: true, pctStart: 0.25 },
  },
  { name: 'oneCycle optax', spec: { type: 'oneCycle', steps: 100, from: 0.04, peak: 1, to: 4e-6, peakAt: 'optax' } },
  { name: 'oneCycle momentum', spec: { type: 'oneCycle', steps: 100, from: 0.95, peak: 0.85, to: 0.95 } },
  { name: 'oneCycle fractional continue', spec: { type: 'oneCycle', steps: 99.5, from: 0.04, peak: 1, to: 4e-6, after: 'continue' } },
  {
    name: 'join',
    spec: {
      type: 'join',
      parts: [
        { schedule: { type: 'linear', from: 0, to: 0.1, steps: 10 }, steps: 10 },
        { schedule: { type: 'cosine', from: 0.1, to: 0, steps: 90 } },
      ],
    },
  },
  {
    name: 'join fractional',
    spec: {
      type: 'join',
      parts: [
        { schedule: { type: 'linear', from: 0, to: 0.1, steps: 10.5 }, steps: 10.5 },
        { schedule: { type: 'constant', value: 0.1 }, steps: 0.25 },
        { schedule: { type: 'cosine', from: 0.1, to: 0, steps: 89.25 } },
      ],
    },
  },
  { name: 'warmup', spec: { type: 'warmup', steps: 10, from: 0, schedule: { type: 'cosine', from: 0.1, to: 0, steps: 90 } } },
  {
    name: 'warmup exponential fromStart',
    spec: { type: 'warmup', steps: 10, from: 1e-5, shape: 'exponential', clock: 'fromStart', schedule: { type: 'cosine', from: 0.1, to: 0.001, steps: 100 } },
  },
  { name: 'warmup constant fractional', spec: { type: 'warmup', steps: 4.5, from: 0.01, shape: 'constant', schedule: { type: 'linear', from: 0.1, to: 0, steps: 95.5 } } },
  {
    name: 'multiply',
    spec: { type: 'multiply', factors: [{ type: 'constant', value: 0.5 }, { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 10 }] },
  },
  { name: 'scale', spec: { type: 'scale', schedule: { type: 'cosine', from: 1, to: 0, steps: 10 }, factor: 0.1, offset: 0.001 } },
  { name: 'clamp', spec: { type: 'clamp', schedule: { type: 'linear', from: -1, to: 2, steps: 30 }, min: 0, max: 1 } },
  { name: 'repeat', spec: { type: 'repeat', schedule: { type: 'cosine', from: 0.1, to: 0, steps: 20 }, steps: 20, decay: 0.8 } },
  { name: 'repeat fractional', spec: { type: 'repeat', schedule: { type: 'linear', from: 0.1, to: 0, steps: 7.5 }, steps: 7.5 } },
  {
    name: 'noise',
    spec: { type: 'noise', schedule: { type: 'cosine', from: 0.1, to: 0.001, steps: 100 }, seed: 42, amount: 0.1, limit: 0.2, start: 10, end: 90 },
  },
  { name: 'noise fractional window', spec: { type: 'noise', schedule: { type: 'constant', value: 0.1 }, amount: 0.05, start: 2.5, end: 50.5 } },
  {
    name: 'epochs held (torchvision MultiStepLR per epoch)',
    spec: { type: 'epochs', stepsPerEpoch: 391, schedule: { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [30, 60, 80] } },
  },
  {
    name: 'epochs fraction (step(epoch + i/iters))',
    spec: { type: 'epochs', stepsPerEpoch: 97.5, within: 'fraction', schedule: { type: 'cosineRestarts', from: 0.1, to: 0, steps: 2, periodMultiplier: 2 } },
  },
  {
    name: 'depth-3 nesting',
    spec: {
      type: 'noise',
      seed: 3,
      amount: 0.01,
      distribution: 'uniform',
      schedule: {
        type: 'warmup',
        steps: 50,
        from: 0,
        schedule: {
          type: 'join',
          parts: [
            { schedule: { type: 'cyclic', from: 1e-4, peak: 1e-2, upSteps: 20, mode: 'triangular2' }, steps: 400 },
            { schedule: { type: 'cosine', from: 1e-3, to: 1e-5, steps: 600 } },
          ],
        },
      },
    },
  },
];

/** Every family name in a spec, from its nested schedules (a test checks the corpus covers all of them). */
export function familiesIn(spec: Schedule, out = new Set<ScheduleType>()): Set<ScheduleType> {
  out.add(spec.type);
  for (const value of Object.values(spec)) {
    if (value && typeof value === 'object') {
      if ('type' in value && typeof (value as { type: unknown }).type === 'string') familiesIn(value as Schedule, out);
      else if (Array.isArray(value)) for (const v of value) if (v && typeof v === 'object') walk(v, out);
      else walk(value, out);
    }
  }
  return out;
}

function walk(value: object, out: Set<ScheduleType>): void {
  if ('type' in value && typeof (value as { type: unknown }).type === 'string') familiesIn(value as Schedule, out);
  else for (const v of Object.values(value)) if (v && typeof v === 'object') walk(v, out);
}
