import { describe, expect, it } from 'vitest';
import { explainSchedule, lintSchedule, parseSchedule, valueAt, type Schedule, type ScheduleType } from '../index.js';
import { SCHEDULE_TYPES } from '../internal.js';

/** One valid example of every family: explain and lint must handle each (a new family needs one here). */
const EXAMPLES: Record<ScheduleType, Schedule> = {
  constant: { type: 'constant', value: 0.1 },
  linear: { type: 'linear', from: 0, to: 0.1, steps: 100 },
  polynomial: { type: 'polynomial', from: 0.1, to: 0, steps: 100, power: 2 },
  exponential: { type: 'exponential', from: 0.1, decay: 0.96, steps: 10 },
  inverseTime: { type: 'inverseTime', from: 0.1, rate: 0.5, steps: 10 },
  inverseSqrt: { type: 'inverseSqrt', peak: 0.1, warmupSteps: 20 },
  stepDecay: { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 30 },
  multiStep: { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [30, 60] },
  piecewiseConstant: { type: 'piecewiseConstant', boundaries: [30, 60], values: [0.1, 0.01, 0.001] },
  piecewiseLinear: { type: 'piecewiseLinear', points: [{ step: 0, value: 0 }, { step: 10, value: 0.1 }, { step: 100, value: 0 }] },
  cosine: { type: 'cosine', from: 0.1, to: 0, steps: 100 },
  cosineRestarts: { type: 'cosineRestarts', from: 0.1, to: 0, steps: 10, periodMultiplier: 2 },
  tanh: { type: 'tanh', from: 0.1, to: 0.001, steps: 40, periodMultiplier: 2, cycleLimit: 2 },
  linearCosine: { type: 'linearCosine', from: 0.1, steps: 100 },
  noisyLinearCosine: { type: 'noisyLinearCosine', from: 0.1, steps: 100, seed: 3 },
  warmupStableDecay: { type: 'warmupStableDecay', peak: 0.1, warmupSteps: 10, stableSteps: 50, decaySteps: 40 },
  cyclic: { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 20, mode: 'triangular2' },
  oneCycle: { type: 'oneCycle', steps: 100, from: 0.004, peak: 0.1, to: 4e-7 },
  join: { type: 'join', parts: [{ schedule: { type: 'linear', from: 0.01, to: 0.1, steps: 10 }, steps: 10 }, { schedule: { type: 'cosine', from: 0.1, to: 0, steps: 90 } }] },
  warmup: { type: 'warmup', steps: 10, from: 0.001, schedule: { type: 'cosine', from: 0.1, to: 0, steps: 90 } },
  multiply: { type: 'multiply', factors: [{ type: 'constant', value: 0.1 }, { type: 'linear', from: 1, to: 0, steps: 100 }] },
  scale: { type: 'scale', factor: 0.5, schedule: { type: 'linear', from: 1, to: 0, steps: 100 } },
  clamp: { type: 'clamp', min: 0.01, schedule: { type: 'linear', from: 0.1, to: 0, steps: 100 } },
  repeat: { type: 'repeat', steps: 50, decay: 0.5, schedule: { type: 'linear', from: 0.1, to: 0, steps: 50 } },
  noise: { type: 'noise', amount: 0.1, seed: 1, schedule: { type: 'constant', value: 0.1 }, end: 50 },
  epochs: { type: 'epochs', stepsPerEpoch: 12.5, schedule: { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [3, 6] } },
};

describe('explain and lint cover every family', () => {
  it('has an example for every registered family', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...SCHEDULE_TYPES].sort());
  });

  it.each(SCHEDULE_TYPES.map((t) => [t]))('%s', (type) => {
    checkExplainAndLint(EXAMPLES[type]);
  });
});

/** Fractional lengths and positions: phases still start on whole steps and tile the explained steps. */
const FRACTIONAL: Record<string, Schedule> = {
  'a 7.5-step ramp': { type: 'linear', from: 0, to: 0.1, steps: 7.5 },
  'a cyclic schedule with 1.5-step ramps': { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 1.5, downSteps: 4.5 },
  'a join with a 2.5-step warmup part': { type: 'join', parts: [{ schedule: { type: 'linear', from: 0, to: 0.1, steps: 2.5 }, steps: 2.5 }, { schedule: { type: 'cosine', from: 0.1, to: 0, steps: 10.5 } }] },
  'a 12.5-step one-cycle': { type: 'oneCycle', steps: 12.5, from: 0.004, peak: 0.1, to: 4e-7 },
  'Keras boundaries between steps': { type: 'piecewiseConstant', boundaries: [2.5, 7.25], values: [0.1, 0.01, 0.001], owner: 'previous' },
  'SGDR with a 422.5-step period (HF)': { type: 'cosineRestarts', from: 0.1, to: 0, steps: 422.5 },
};

describe('explain and lint handle fractional lengths', () => {
  it.each(Object.entries(FRACTIONAL))('%s', (_name, spec) => {
    checkExplainAndLint(spec);
  });
});

function checkExplainAndLint(input: Schedule): void {
  const spec = parseSchedule(input);
  const e = explainSchedule(spec);
  expect(e.phases.length).toBeGreaterThan(0);
  expect(e.phases[0].start).toBe(0);
  for (let i = 1; i < e.phases.length; i++) expect(e.phases[i].start).toBe(e.phases[i - 1].end);
  for (const p of e.phases) {
    expect(Number.isFinite(p.from) && Number.isFinite(p.to)).toBe(true);
    expect(p.from).toBe(valueAt(spec, p.start));
  }
  expect(e.sentences.join(' ')).not.toMatch(/NaN|undefined|Infinity/);
  for (const context of [{}, { totalSteps: 100 }, { totalSteps: 10 }, { totalSteps: 100_000, importedFrom: 'keras' as const }]) {
    for (const f of lintSchedule(spec, context)) {
      expect(['warning', 'info']).toContain(f.severity);
      expect(f.message).not.toMatch(/NaN|undefined/);
    }
  }
  for (const p of e.phases) expect(Number.isSafeInteger(p.start)).toBe(true);
}
