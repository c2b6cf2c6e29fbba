import { describe, expect, it } from 'vitest';
import { KNOWN_HYPERPARAMETERS, LINT_OPTIMIZERS, ScheduleSpecError, lintSchedule, type Policy, type Schedule } from '../index.js';

const codes = (findings: ReturnType<typeof lintSchedule>) => findings.map((f) => f.code);
const warmupCosine: Schedule = { type: 'warmup', steps: 500, from: 0, schedule: { type: 'cosine', from: 0.01, to: 0, steps: 9500 } };

describe('lintSchedule', () => {
  it('finds nothing wrong with a well-planned schedule', () => {
    expect(lintSchedule({ type: 'warmup', steps: 500, from: 1e-4, schedule: { type: 'cosine', from: 0.01, to: 0, steps: 9500 } }, { totalSteps: 10_000 })).toEqual([]);
  });

  it('warns when the first update uses lr 0', () => {
    expect(lintSchedule(warmupCosine, { totalSteps: 10_000 })).toEqual([
      { code: 'first-update-zero', severity: 'warning', path: [], message: expect.stringMatching(/first update uses lr = 0/) },
    ]);
  });

  it('warns when the warmup is longer than the run, and when the decay never finishes', () => {
    const findings = lintSchedule(warmupCosine, { totalSteps: 300 });
    expect(codes(findings)).toEqual(['first-update-zero', 'warmup-longer-than-run', 'decay-never-finishes']);
    expect(findings[1].message).toBe('The warmup lasts 500 steps but the run has 300 updates: lr never leaves the warmup.');
    expect(findings[2].message).toMatch(/keeps changing until step 10000, but the run ends at step 299/);
  });

  it('finds a warmup at the start of a join and ignores one that starts later', () => {
    const joined: Schedule = { type: 'join', parts: [{ schedule: { type: 'linear', from: 0, to: 0.1, steps: 10 }, steps: 10 }, { schedule: warmupCosine }] };
    expect(codes(lintSchedule(joined, { totalSteps: 400 }))).not.toContain('warmup-longer-than-run');
    const first: Schedule = { type: 'join', parts: [{ schedule: warmupCosine, steps: 10_000 }, { schedule: { type: 'constant', value: 0 } }] };
    expect(lintSchedule(first, { totalSteps: 400 }).find((f) => f.code === 'warmup-longer-than-run')?.path).toEqual(['parts', 0, 'schedule']);
  });

  it('tells how long a decay that finishes early holds its final value', () => {
    const findings = lintSchedule({ type: 'cosine', from: 0.1, to: 0.001, steps: 1000 }, { totalSteps: 5000 });
    expect(findings).toEqual([
      { code: 'decay-finishes-early', severity: 'warning', path: [], message: 'lr reaches its final value 0.001 at step 1000 and holds it for the last 3999 of 5000 updates.' },
    ]);
    expect(lintSchedule({ type: 'cosine', from: 0.1, to: 0.001, steps: 1000 }, { totalSteps: 1150 })[0]).toMatchObject({ code: 'decay-finishes-early', severity: 'info' });
  });

  it('does not call a warmup into a constant a decay that finishes early', () => {
    expect(lintSchedule({ type: 'warmup', steps: 780, from: 0.1, schedule: { type: 'constant', value: 3.2 } }, { totalSteps: 14_040 })).toEqual([]);
  });

  it('warns about momentum cycling for an optimizer without momentum', () => {
    const policy: Policy = {
      version: 1,
      lr: { type: 'oneCycle', steps: 100, from: 0.004, peak: 0.1, to: 4e-7 },
      momentum: { type: 'oneCycle', steps: 100, from: 0.95, peak: 0.85, to: 0.95 },
    };
    expect(lintSchedule(policy, { optimizer: 'adam' })).toEqual([
      { code: 'momentum-without-momentum', severity: 'warning', path: ['momentum'], message: expect.stringMatching(/cycle beta1 instead/) },
    ]);
    expect(codes(lintSchedule(policy, { optimizer: 'sgd' }))).toEqual(['momentum-without-momentum']);
    expect(codes(lintSchedule(policy, { optimizer: { type: 'SGD', momentum: 0.9 } }))).toEqual([]);
    expect(codes(lintSchedule(policy, { optimizer: 'momentum' }))).toEqual([]);
    expect(codes(lintSchedule({ version: 1, lr: policy.lr, beta1: policy.momentum as Schedule }, { optimizer: 'sgd' }))).toEqual(['betas-without-adam']);
  });

  it('flags boundary conventions that differ from the peer a config came from', () => {
    const pc: Schedule = { type: 'piecewiseConstant', boundaries: [100], values: [0.1, 0.01] };
    expect(lintSchedule(pc, { importedFrom: 'keras' })).toEqual([
      { code: 'boundary-convention', severity: 'warning', path: [], message: expect.stringMatching(/owner: 'previous' to match Keras/) },
    ]);
    expect(lintSchedule({ ...pc, owner: 'previous' }, { importedFrom: 'keras' })).toEqual([]);
    expect(codes(lintSchedule({ ...pc, owner: 'previous' }, { importedFrom: 'pytorch' }))).toEqual(['boundary-convention']);
    expect(codes(lintSchedule({ ...warmupCosine, from: 1e-5 }, { importedFrom: 'transformers' }))).toEqual(['warmup-clock-convention']);
    expect(codes(lintSchedule({ ...warmupCosine, from: 1e-5, clock: 'fromStart' }, { importedFrom: 'keras' }))).toEqual(['warmup-clock-convention']);
    expect(codes(lintSchedule({ type: 'oneCycle', steps: 100, from: 0.004, peak: 0.1, to: 4e-7, peakAt: 'optax' }, { importedFrom: 'pytorch' }))).toEqual(['boundary-convention']);
  });

  it('flags milestones and cosine ends whose convention differs from the source peer', () => {
    expect(codes(lintSchedule({ type: 'multiStep', from: 0.1, decay: 0.1, milestones: [30] }, { importedFrom: 'keras' }))).toEqual(['boundary-convention']);
    expect(codes(lintSchedule({ type: 'multiStep', from: 0.1, decay: 0.1, milestones: [30] }, { importedFrom: 'pytorch' }))).toEqual([]);
    const cos: Schedule = { type: 'cosine', from: 0.1, to: 0, steps: 100 };
    expect(codes(lintSchedule(cos, { importedFrom: 'pytorch', totalSteps: 150 }))).toEqual(['past-end-convention', 'decay-finishes-early']);
    expect(codes(lintSchedule(cos, { importedFrom: 'pytorch', totalSteps: 100 }))).toEqual([]);
  });

  it('notes a continuing cosine that rises again within the run', () => {
    expect(codes(lintSchedule({ type: 'cosine', from: 0.1, to: 0, steps: 100, after: 'continue' }, { totalSteps: 150 }))).toEqual(['periodic-after-end']);
  });

  it('warns about values outside their range: betas at 1 or above, a negative lr', () => {
    const policy: Policy = { version: 1, lr: { type: 'linear', from: 0.1, to: -0.01, steps: 100 }, beta1: { type: 'cyclic', from: 0.9, peak: 1.05, upSteps: 10 } };
    expect(lintSchedule(policy, { optimizer: 'adam' })).toEqual([
      { code: 'out-of-range', severity: 'warning', path: ['lr'], message: 'lr reaches -0.01 at step 100, outside the non-negative numbers.' },
      { code: 'out-of-range', severity: 'warning', path: ['beta1'], message: 'beta1 reaches 1.05 at step 10, outside [0, 1).' },
    ]);
    expect(lintSchedule({ version: 1, lr: { type: 'constant', value: 0.1 }, momentum: { type: 'constant', value: 0.99 } })).toEqual([]);
  });

  it('warns about a policy key that looks like a misspelt hyperparameter', () => {
    const policy: Policy = { version: 1, lr: { type: 'constant', value: 0.1 }, momentun: { type: 'constant', value: 0.9 }, rho: { type: 'constant', value: 0.9 } };
    expect(lintSchedule(policy)).toEqual([
      { code: 'unknown-hyperparameter', severity: 'warning', path: ['momentun'], message: '"momentun" is not a hyperparameter the adapters know (did you mean "momentum"?): it would be computed but applied to nothing.' },
    ]);
    expect(KNOWN_HYPERPARAMETERS).toContain('rho');
  });

  it('refuses an optimizer name it does not know, listing the ones it does', () => {
    expect(() => lintSchedule({ type: 'constant', value: 0.1 }, { optimizer: 'adamm' })).toThrow(RangeError);
    expect(() => lintSchedule({ type: 'constant', value: 0.1 }, { optimizer: 'adamm' })).toThrow(`one of ${LINT_OPTIMIZERS.join(', ')}`);
    expect(lintSchedule({ type: 'constant', value: 0.1 }, { optimizer: 'AdamW' })).toEqual([]);
  });

  it('measures a fractional warmup and a fractional end in whole steps', () => {
    const spec: Schedule = { type: 'warmup', steps: 99.5, from: 1e-4, schedule: { type: 'cosine', from: 0.01, to: 0, steps: 200.25 } };
    // the schedule settles at step ceil(299.75) = 300
    expect(codes(lintSchedule(spec, { totalSteps: 300 }))).toEqual([]);
    expect(lintSchedule(spec, { totalSteps: 250 }).find((f) => f.code === 'decay-never-finishes')?.message).toMatch(/keeps changing until step 300, but the run ends at step 249/);
    expect(codes(lintSchedule(spec, { totalSteps: 99 }))).toContain('warmup-longer-than-run');
  });

  it('rejects an invalid document', () => {
    expect(() => lintSchedule({ type: 'cosine', from: 0.1, to: 0 } as Schedule)).toThrow(ScheduleSpecError);
  });
});
