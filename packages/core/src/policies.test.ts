import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/torch.json' with { type: 'json' };
import { ScheduleSpecError, cyclicPolicy, oneCyclePolicy, parsePolicy, valuesAt } from './index.js';

type Case = { id: string; lr: number[]; momentum?: number[]; beta1?: number[] };
const fixture = (id: string) => {
  const c = (fixtures.cases as unknown as Case[]).find((x) => x.id === id);
  if (!c) throw new Error(`missing fixture ${id}`);
  return c;
};
const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('oneCyclePolicy', () => {
  it('with the PyTorch preset reproduces OneCycleLR lr and momentum (max_lr 1, 100 steps)', () => {
    const policy = oneCyclePolicy({ maxLr: 1, steps: 100, after: 'continue' });
    expect(Object.keys(policy)).toEqual(['version', 'lr', 'momentum']);
    const c = fixture('OneCycleLR cos defaults with SGD momentum');
    c.lr.forEach((want, t) => {
      const v = valuesAt(policy, t);
      expect(rel(v.lr, want)).toBeLessThanOrEqual(1e-15);
      expect(rel(v.momentum, c.momentum![t])).toBeLessThanOrEqual(1e-15);
    });
    const held = oneCyclePolicy({ maxLr: 1, steps: 100 });
    expect(valuesAt(held, 0).lr).toBeCloseTo(0.04, 15);
    expect(valuesAt(held, 29)).toEqual({ lr: 1, momentum: 0.85 });
    expect(valuesAt(held, 1e9)).toEqual(valuesAt(held, 99));
  });

  it("schedules beta1 for optimizer 'adam' (PyTorch cycles betas[0])", () => {
    const policy = oneCyclePolicy({ maxLr: 0.01, epochs: 4, stepsPerEpoch: 25, pctStart: 0.25, divFactor: 10, finalDivFactor: 100, optimizer: 'adam', after: 'continue' });
    expect(Object.keys(policy)).toEqual(['version', 'lr', 'beta1']);
    const c = fixture('OneCycleLR epochs and steps_per_epoch with Adam betas');
    c.lr.forEach((want, t) => {
      const v = valuesAt(policy, t);
      expect(rel(v.lr, want)).toBeLessThanOrEqual(1e-15);
      expect(rel(v.beta1, c.beta1![t])).toBeLessThanOrEqual(1e-15);
    });
  });

  it('with the fastai preset follows fit_one_cycle: pct 0.25, div 25, final maxLr/1e5, moms 0.95/0.85/0.95', () => {
    const policy = oneCyclePolicy({ maxLr: 1, steps: 100, preset: 'fastai' });
    // fastai: pos = t/100; phase 1 SchedCos(0.04, 1) on pos/0.25, phase 2 SchedCos(1, 1e-5) on (pos - 0.25)/0.75,
    // SchedCos(start, end)(p) = start + (1 + cos(π(1 - p)))·(end - start)/2
    const schedCos = (start: number, end: number, p: number) => start + ((1 + Math.cos(Math.PI * (1 - p))) * (end - start)) / 2;
    const fastai = (t: number, [a, b, c]: number[]) => (t / 100 < 0.25 ? schedCos(a, b, t / 100 / 0.25) : schedCos(b, c, (t / 100 - 0.25) / 0.75));
    for (const t of [0, 1, 12, 24, 25, 26, 60, 98, 99]) {
      const v = valuesAt(policy, t);
      expect(Math.abs(v.lr - fastai(t, [0.04, 1, 1e-5]))).toBeLessThan(1e-15);
      expect(Math.abs(v.momentum - fastai(t, [0.95, 0.85, 0.95]))).toBeLessThan(1e-15);
    }
    expect(valuesAt(policy, 25)).toEqual({ lr: 1, momentum: 0.85 });
  });

  it('schedules the learning rate only with momentum: false, and takes a custom momentum range', () => {
    expect(Object.keys(oneCyclePolicy({ maxLr: 1, steps: 10, momentum: false }))).toEqual(['version', 'lr']);
    const policy = oneCyclePolicy({ maxLr: 0.02, steps: 30, pctStart: 0.4, divFactor: 5, finalDivFactor: 50, momentum: { base: 0.6, max: 0.8 }, after: 'continue' });
    const c = fixture('OneCycleLR custom momentum with RMSprop');
    c.lr.forEach((want, t) => {
      expect(rel(valuesAt(policy, t).lr, want)).toBeLessThanOrEqual(1e-15);
      expect(rel(valuesAt(policy, t).momentum, c.momentum![t])).toBeLessThanOrEqual(1e-15);
    });
  });

  it('returns a sealed policy document that parsePolicy accepts after a JSON round trip', () => {
    const policy = oneCyclePolicy({ maxLr: 0.1, steps: 1000, threePhase: true });
    expect(parsePolicy(JSON.parse(JSON.stringify(policy)))).toEqual(policy);
    expect(Object.isFrozen(policy) && Object.isFrozen(policy.lr)).toBe(true);
  });

  it('takes the cycle in epochs, fractional ones included, and the linear shape', () => {
    expect(oneCyclePolicy({ maxLr: 0.1, epochs: 2.5, stepsPerEpoch: 40, shape: 'linear' })).toEqual(oneCyclePolicy({ maxLr: 0.1, steps: 100, shape: 'linear' }));
    expect(oneCyclePolicy({ maxLr: 0.1, steps: 100, shape: 'linear' }).lr).toMatchObject({ steps: 100, shape: 'linear' });
  });

  it('rejects an unknown preset or optimizer and invalid durations with ScheduleSpecError', () => {
    expect(() => oneCyclePolicy({ maxLr: 1, steps: 10, preset: 'keras' as never })).toThrow(ScheduleSpecError);
    expect(() => oneCyclePolicy({ maxLr: 1, steps: 10, optimizer: 'rmsprop' as never })).toThrow(/optimizer must be one of/);
    expect(() => oneCyclePolicy({ maxLr: 1, steps: 10, pctStart: 0.1 })).toThrow(/zero length/);
    expect(() => oneCyclePolicy({ maxLr: 1, steps: 10, divFactor: -1 })).toThrow(/divFactor must be a positive number, got -1/);
    expect(() => oneCyclePolicy({ maxLr: 1 })).toThrow(/steps is required/);
  });
});

describe('cyclicPolicy', () => {
  it('cycles momentum with fractional ramps (PyTorch step_size_up=2.5) on the same phases as the lr', () => {
    const policy = cyclicPolicy({ from: 0.001, peak: 0.01, upSteps: 2.5 });
    // t = 1: sf = 0.4; momentum = 0.9 - (0.9 - 0.8)·0.4
    expect(valuesAt(policy, 1).lr).toBeCloseTo(0.001 + 0.009 * 0.4, 15);
    expect(valuesAt(policy, 1).momentum).toBeCloseTo(0.9 - 0.1 * 0.4, 15);
    expect(valuesAt(policy, 5)).toEqual({ lr: 0.001, momentum: 0.9 });
  });

  it('takes the ramps in epochs, and refuses an invalid one under its own name', () => {
    expect(cyclicPolicy({ from: 0.001, peak: 0.01, upEpochs: 2, stepsPerEpoch: 50 }).lr).toMatchObject({ upSteps: 100 });
    expect(() => cyclicPolicy({ from: 0.001, peak: 0.01, upEpochs: -2, stepsPerEpoch: 50 })).toThrow(/upEpochs must be a non-negative number of epochs, got -2/);
    expect(() => cyclicPolicy({ from: 0.001, peak: 0.01, upSteps: 10, optimizer: 'nadam' as never })).toThrow(/optimizer must be one of "sgd", "adam"/);
  });

  it("reproduces CyclicLR's default cycle_momentum (0.8 ↔ 0.9, inverse to the lr)", () => {
    const policy = cyclicPolicy({ from: 0.001, peak: 0.1, upSteps: 5 });
    const c = fixture('CyclicLR default momentum cycling with SGD');
    c.lr.forEach((want, t) => {
      const v = valuesAt(policy, t);
      expect(rel(v.lr, want)).toBeLessThanOrEqual(1e-13);
      expect(rel(v.momentum, c.momentum![t])).toBeLessThanOrEqual(1e-13);
    });
    expect(valuesAt(policy, 5)).toEqual({ lr: 0.1, momentum: 0.8 });
    expect(valuesAt(policy, 10)).toEqual({ lr: 0.001, momentum: 0.9 });
  });

  it('scales momentum with the same mode, asymmetric steps and decay', () => {
    const policy = cyclicPolicy({ from: 0.002, peak: 0.02, upSteps: 4, downSteps: 6, mode: 'expRange', decay: 0.995, momentum: { base: 0.85, max: 0.95 } });
    const c = fixture('CyclicLR exp_range asymmetric with momentum');
    c.lr.forEach((want, t) => {
      const v = valuesAt(policy, t);
      expect(rel(v.lr, want)).toBeLessThanOrEqual(1e-13);
      expect(rel(v.momentum, c.momentum![t])).toBeLessThanOrEqual(1e-13);
    });
  });

  it("cycles beta1 for optimizer 'adam' and nothing with momentum: false", () => {
    expect(Object.keys(cyclicPolicy({ from: 0.001, peak: 0.01, upSteps: 10, optimizer: 'adam' }))).toEqual(['version', 'lr', 'beta1']);
    expect(Object.keys(cyclicPolicy({ from: 0.001, peak: 0.01, upSteps: 10, momentum: false }))).toEqual(['version', 'lr']);
  });
});
