import { describe, expect, it } from 'vitest';
import { SCHEDULE_TYPES, explainSchedule, lintSchedule, parseSchedule, valueAt, type Schedule, type ScheduleType } from './index.js';

/** One valid example of every family: explain and lint must handle each (a new family needs one here). */
const EXAMPLES: Record<ScheduleType, Schedule> = {
  constant: { type: 'constant', value: 0.1 },
  linear: { type: 'linear', from: 0, to: 0.1, steps: 100 },
  polynomial: { type: 'polynomial', from: 0.1, to: 0, steps: 100, power: 2 },
  exponential: { type: 'exponential', initial: 0.1, rate: 0.96, steps: 10 },
  inverseTime: { type: 'inverseTime', initial: 0.1, rate: 0.5, steps: 10 },
  inverseSqrt: { type: 'inverseSqrt', peak: 0.1, warmupSteps: 20 },
  step: { type: 'step', initial: 0.1, gamma: 0.5, stepSize: 30 },
  multiStep: { type: 'multiStep', initial: 0.1, gamma: 0.1, milestones: [30, 60] },
  piecewiseConstant: { type: 'piecewiseConstant', boundaries: [30, 60], values: [0.1, 0.01, 0.001] },
  piecewiseLinear: { type: 'piecewiseLinear', points: [{ step: 0, value: 0 }, { step: 10, value: 0.1 }, { step: 100, value: 0 }] },
  cosine: { type: 'cosine', from: 0.1, to: 0, steps: 100 },
  cosineRestarts: { type: 'cosineRestarts', from: 0.1, to: 0, period: 10, periodMultiplier: 2 },
  linearCosine: { type: 'linearCosine', initial: 0.1, steps: 100 },
  noisyLinearCosine: { type: 'noisyLinearCosine', initial: 0.1, steps: 100, seed: 3 },
  warmupStableDecay: { type: 'warmupStableDecay', peak: 0.1, warmupSteps: 10, stableSteps: 50, decaySteps: 40 },
  cyclic: { type: 'cyclic', base: 0.001, peak: 0.006, stepsUp: 20, mode: 'triangular2' },
  oneCycle: { type: 'oneCycle', totalSteps: 100, initial: 0.004, peak: 0.1, final: 4e-7 },
  join: { type: 'join', parts: [{ schedule: { type: 'linear', from: 0.01, to: 0.1, steps: 10 }, steps: 10 }, { schedule: { type: 'cosine', from: 0.1, to: 0, steps: 90 } }] },
  warmup: { type: 'warmup', steps: 10, from: 0.001, schedule: { type: 'cosine', from: 0.1, to: 0, steps: 90 } },
  multiply: { type: 'multiply', factors: [{ type: 'constant', value: 0.1 }, { type: 'linear', from: 1, to: 0, steps: 100 }] },
  scale: { type: 'scale', factor: 0.5, schedule: { type: 'linear', from: 1, to: 0, steps: 100 } },
  clamp: { type: 'clamp', min: 0.01, schedule: { type: 'linear', from: 0.1, to: 0, steps: 100 } },
  repeat: { type: 'repeat', every: 50, decay: 0.5, schedule: { type: 'linear', from: 0.1, to: 0, steps: 50 } },
  noise: { type: 'noise', amount: 0.1, seed: 1, schedule: { type: 'constant', value: 0.1 }, end: 50 },
};

describe('explain and lint cover every family', () => {
  it('has an example for every registered family', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...SCHEDULE_TYPES].sort());
  });

  it.each(SCHEDULE_TYPES.map((t) => [t]))('%s', (type) => {
    const spec = parseSchedule(EXAMPLES[type]);
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
  });
});
