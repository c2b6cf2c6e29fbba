import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError } from '../base/errors.js';
import { valueAt, valuesAt } from '../evaluate/api.js';
import type { Schedule } from '../spec.js';
import { fromTorch, TORCH_REFUSED, TORCH_SCHEDULERS, type TorchOptimizer } from './torch.js';

interface TorchCase {
  id: string;
  className: string;
  kwargs: Record<string, unknown>;
  optimizer: TorchOptimizer;
  steps: number;
  lr: number[];
  momentum?: number[];
  beta1?: number[];
}
interface TorchRefusal {
  id: string;
  className: string;
  kwargs: Record<string, unknown>;
  optimizer: TorchOptimizer;
  exception: string;
  message: string;
  at: number | null;
}

interface SweepEntry extends Partial<TorchCase> {
  id: string;
  className: string;
  kwargs: Record<string, unknown>;
  optimizer: TorchOptimizer;
  steps: number;
  exception?: string;
  message?: string;
}

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/torch.json', import.meta.url), 'utf8')) as {
  cases: TorchCase[];
  refusals: TorchRefusal[];
  sweep: SweepEntry[];
};

/** 1e-12 relative, no absolute floor (where PyTorch gives exactly 0, so must cyclr). */
function firstMismatch(actual: (t: number) => number, expected: readonly number[]): string | undefined {
  for (let t = 0; t < expected.length; t++) {
    const err = Math.abs(actual(t) - expected[t]);
    if (!(err <= 1e-12 * Math.abs(expected[t]))) return `t=${t}: expected ${expected[t]}, got ${actual(t)}`;
  }
  return undefined;
}

function refusal(fn: () => unknown): ScheduleSpecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScheduleSpecError) return error;
    throw error;
  }
  throw new Error('expected a ScheduleSpecError');
}

describe('fromTorch reproduces every PyTorch 1.13 golden case', () => {
  for (const c of fixture.cases) {
    it(`${c.id}: lr${c.momentum ? ' and momentum' : ''}${c.beta1 ? ' and beta1' : ''} equal PyTorch for t = 0..${c.steps}`, () => {
      const policy = fromTorch(c.className, c.kwargs, c.optimizer);
      for (const key of ['lr', 'momentum', 'beta1'] as const) {
        const expected = c[key];
        if (expected === undefined) {
          expect(policy[key], `PyTorch does not cycle ${key} here`).toBeUndefined();
          continue;
        }
        const spec = policy[key] as Schedule;
        expect(spec, `policy.${key}`).toBeDefined();
        expect(firstMismatch((t) => valueAt(spec, t), expected), key).toBeUndefined();
      }
    });
  }

  it('gives policies that survive a JSON round trip with identical values', () => {
    for (const c of fixture.cases) {
      const policy = fromTorch(c.className, c.kwargs, c.optimizer);
      const copy = JSON.parse(JSON.stringify(policy)) as typeof policy;
      for (const t of [0, 1, 7, c.steps, 10 * c.steps + 3]) expect(valuesAt(copy, t)).toEqual(valuesAt(policy, t));
    }
  });
});

describe('fromTorch agrees with PyTorch on 300 seeded random configurations', () => {
  const runs = fixture.sweep.filter((e) => e.exception === undefined);
  const raises = fixture.sweep.filter((e) => e.exception !== undefined);

  it('reproduces lr and the cycled momentum/beta1 wherever PyTorch runs, and never cycles a momentum PyTorch holds', () => {
    const problems: string[] = [];
    const unsupported: string[] = [];
    for (const e of runs) {
      let policy;
      try {
        policy = fromTorch(e.className, e.kwargs, e.optimizer);
      } catch (error) {
        // Documented limits (chains that are not a product of schedules) are refusals, not disagreements.
        if (error instanceof ScheduleSpecError && error.issues[0].code === 'unsupported' && e.className === 'ChainedScheduler') unsupported.push(e.id);
        else problems.push(`${e.id} (${e.className}): threw ${(error as Error).message}`);
        continue;
      }
      const lrMiss = firstMismatch((t) => valueAt(policy.lr, t), e.lr as number[]);
      if (lrMiss) problems.push(`${e.id} (${e.className}) lr ${lrMiss}`);
      for (const key of ['momentum', 'beta1'] as const) {
        const recorded = e[key];
        if (recorded === undefined) continue;
        const spec = policy[key] as Schedule | undefined;
        if (spec) {
          const miss = firstMismatch((t) => valueAt(spec, t), recorded);
          if (miss) problems.push(`${e.id} (${e.className}) ${key} ${miss}`);
        } else if (recorded.some((m) => m !== recorded[0])) {
          problems.push(`${e.id} (${e.className}): PyTorch changes ${key} but the policy does not schedule it`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(runs.length).toBeGreaterThan(250);
    expect(unsupported.length).toBeLessThan(20);
  });

  it('refuses every random configuration PyTorch raises on', () => {
    expect(raises.length).toBeGreaterThan(0);
    for (const e of raises) {
      const error = refusal(() => fromTorch(e.className, e.kwargs, e.optimizer));
      if (error.issues[0].code === 'unsupported') continue;
      expect(error.message, e.id).toContain(e.exception === 'ValueError' && e.message?.startsWith('Tried to step') ? 'Tried to step' : e.exception);
    }
  });
});

describe('fromTorch refuses what PyTorch refuses', () => {
  const expectedPath: Record<string, Array<string | number>> = {
    'OneCycleLR zero-length first phase': ['pct_start'],
    'OneCycleLR zero-length last phase (pct_start 1.0)': ['pct_start'],
    'OneCycleLR three_phase zero-length first and second phases': ['pct_start'],
    'OneCycleLR three_phase zero-length third phase': ['pct_start'],
    'OneCycleLR cycle_momentum on Adagrad': ['cycle_momentum'],
    'OneCycleLR without total_steps or epochs': [],
    'OneCycleLR total_steps 0': ['total_steps'],
    'OneCycleLR pct_start above 1': ['pct_start'],
    'OneCycleLR unknown anneal_strategy': ['anneal_strategy'],
    'CyclicLR cycle_momentum on Adam': ['cycle_momentum'],
    'CyclicLR cycle_momentum on Adagrad': ['cycle_momentum'],
    'CyclicLR unknown mode': ['mode'],
    'LinearLR start_factor 0': ['start_factor'],
    'LinearLR start_factor above 1': ['start_factor'],
    'ConstantLR factor 0': ['factor'],
    'ConstantLR factor above 1': ['factor'],
    'CosineAnnealingWarmRestarts fractional T_mult': ['T_mult'],
    'CosineAnnealingWarmRestarts T_0 0': ['T_0'],
    'StepLR step_size 0': ['step_size'],
    'SequentialLR milestones count mismatch': ['milestones'],
  };

  for (const r of fixture.refusals) {
    if (r.id === 'OneCycleLR stepped past total_steps') continue;
    it(`${r.id}: throws a ScheduleSpecError at ${JSON.stringify(expectedPath[r.id])} (PyTorch: ${r.exception})`, () => {
      const error = refusal(() => fromTorch(r.className, r.kwargs, r.optimizer));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0].path).toEqual(expectedPath[r.id]);
      // The PyTorch exception is named, except for type errors PyTorch reports differently.
      if (!['CosineAnnealingWarmRestarts fractional T_mult'].includes(r.id)) expect(error.message).toContain(r.exception);
    });
  }

  it('names the message PyTorch gives for cycle_momentum without momentum, and how to opt out', () => {
    const error = refusal(() => fromTorch('OneCycleLR', { max_lr: 1, total_steps: 10 }, { type: 'Adagrad', lr: 0.01 }));
    expect(error.message).toContain('optimizer must support momentum with `cycle_momentum` option enabled');
    expect(error.message).toContain('cycle_momentum: false');
  });

  it('takes OneCycleLR to its last allowed step (t = total_steps) and holds the final value after, where PyTorch raises', () => {
    const r = fixture.refusals.find((x) => x.id === 'OneCycleLR stepped past total_steps') as TorchRefusal;
    expect(r.message).toBe('Tried to step 12 times. The specified number of total steps is 10');
    expect(r.at).toBe(11);
    const policy = fromTorch(r.className, r.kwargs, r.optimizer);
    const final = 1 / 25 / 1e4;
    expect(valueAt(policy.lr, 9)).toBeCloseTo(final, 15);
    expect(valueAt(policy.lr, 10)).toBeGreaterThan(final);
    expect([11, 12, 1000].map((t) => valueAt(policy.lr, t))).toEqual([final, final, final]);
    expect(valueAt(policy.momentum as Schedule, 11)).toBe(0.95);
  });

  it('refuses ConstantLR factor 0 only when PyTorch reaches its division by zero', () => {
    const parts = (milestone: number) => ({ schedulers: [{ ConstantLR: { factor: 0, total_iters: 5 } }, { ExponentialLR: { gamma: 0.9 } }], milestones: [milestone] });
    expect(valuesAt(fromTorch('SequentialLR', parts(5), { type: 'SGD', lr: 0.1 }), 4).lr).toBe(0);
    expect(refusal(() => fromTorch('SequentialLR', parts(6), { type: 'SGD', lr: 0.1 })).issues[0].path).toEqual(['schedulers', 0, 'ConstantLR', 'factor']);
  });
});

describe('fromTorch explains what it cannot import', () => {
  it.each(Object.keys(TORCH_REFUSED))('refuses %s with the declarative alternative', (name) => {
    const error = refusal(() => fromTorch(name, {}, { type: 'SGD', lr: 0.1 }));
    expect(error.issues[0].code).toBe('closure');
    expect(error.message).toMatch(/`[a-zA-Z]+`/);
  });

  it('points LambdaLR users at declarative families', () => {
    expect(refusal(() => fromTorch('LambdaLR', {})).message).toContain('`warmup`');
  });

  it('refuses a scale_fn closure in CyclicLR and names the declarative scale', () => {
    const error = refusal(() => fromTorch('CyclicLR', { base_lr: 0.001, max_lr: 0.01, scale_fn: 'lambda x: 0.5**x' }));
    expect(error.issues[0]).toMatchObject({ path: ['scale_fn'], code: 'closure' });
    expect(error.message).toContain("scale: { by: 'cycle' | 'step', schedule }");
  });

  it('suggests the nearest class name for a typo', () => {
    const error = refusal(() => fromTorch('CosineAnealingLR', { T_max: 10 }, { lr: 0.1 }));
    expect(error.issues[0].code).toBe('unknown_type');
    expect(error.message).toContain('did you mean "CosineAnnealingLR"?');
  });

  it('suggests the nearest argument for an unknown kwarg, and reports every problem at once', () => {
    const error = refusal(() => fromTorch('CyclicLR', { base_lr: 0.001, max_lr: '0.01', step_size: 5 }, { type: 'SGD', lr: 0.1 }));
    expect(error.issues.map((i) => i.path)).toEqual([['step_size'], ['max_lr']]);
    expect(error.issues[0].message).toContain('did you mean "step_size_up"?');
  });

  it('suggests the nearest optimizer type and option', () => {
    expect(refusal(() => fromTorch('StepLR', { step_size: 2 }, { type: 'Adamw', lr: 0.1 })).message).toContain('did you mean "AdamW"?');
    expect(refusal(() => fromTorch('StepLR', { step_size: 2 }, { type: 'SGD', lr: 0.1, momentun: 0.9 })).message).toContain('did you mean "momentum"?');
  });

  it('finds errors inside SequentialLR parts with a path to the nested kwarg', () => {
    const error = refusal(() =>
      fromTorch('SequentialLR', { schedulers: [{ LinearLR: { start_factor: 0.1 } }, { CosineAnnealingLR: { Tmax: 10 } }], milestones: [5] }, { lr: 0.1 }));
    expect(error.issues.map((i) => i.path)).toEqual([
      ['schedulers', 1, 'CosineAnnealingLR', 'Tmax'],
      ['schedulers', 1, 'CosineAnnealingLR', 'T_max'],
    ]);
  });

  it("asks for the optimizer's lr where the scheduler scales it", () => {
    const error = refusal(() => fromTorch('StepLR', { step_size: 2 }));
    expect(error.issues[0]).toMatchObject({ path: ['optimizer', 'lr'], code: 'missing' });
  });

  it("uses the optimizer's PyTorch default lr when none is given", () => {
    expect(valueAt(fromTorch('ExponentialLR', { gamma: 0.5 }, { type: 'Adam' }).lr, 1)).toBe(0.0005);
  });

  it('refuses resuming with last_epoch, milestones out of order and a non-integer T_mult', () => {
    expect(refusal(() => fromTorch('StepLR', { step_size: 2, last_epoch: 4 }, { lr: 0.1 })).issues[0]).toMatchObject({ path: ['last_epoch'], code: 'unsupported' });
    expect(refusal(() => fromTorch('SequentialLR', { schedulers: [{ ConstantLR: {} }, { ConstantLR: {} }, { ConstantLR: {} }], milestones: [5, 5] }, { lr: 1 })).issues[0])
      .toMatchObject({ path: ['milestones', 1], code: 'out_of_order' });
    expect(refusal(() => fromTorch('CosineAnnealingWarmRestarts', { T_0: 10, T_mult: 1.5 }, { lr: 0.1 })).issues[0]).toMatchObject({ path: ['T_mult'], code: 'not_integer' });
  });

  it('refuses a CyclicLR step size that is not positive, naming the ZeroDivisionError PyTorch raises for 0', () => {
    expect(refusal(() => fromTorch('CyclicLR', { base_lr: 0.1, max_lr: 1, step_size_up: 0, cycle_momentum: false })).issues[0]).toMatchObject({ path: ['step_size_up'], code: 'refused' });
    expect(refusal(() => fromTorch('CyclicLR', { base_lr: 0.1, max_lr: 1, step_size_up: 0, cycle_momentum: false })).message).toContain('ZeroDivisionError');
    expect(refusal(() => fromTorch('CyclicLR', { base_lr: 0.1, max_lr: 1, step_size_up: -2, cycle_momentum: false })).issues[0]).toMatchObject({ path: ['step_size_up'], code: 'too_small' });
  });

  it('refuses a OneCycleLR part that runs past its total_steps before the next milestone', () => {
    const kwargs = { schedulers: [{ OneCycleLR: { max_lr: 1, total_steps: 10 } }, { ConstantLR: { factor: 1 } }], milestones: [12] };
    expect(refusal(() => fromTorch('SequentialLR', kwargs, { type: 'SGD', lr: 0.1, momentum: 0.9 })).message).toContain('Tried to step');
    expect(() => fromTorch('SequentialLR', { ...kwargs, milestones: [11] }, { type: 'SGD', lr: 0.1, momentum: 0.9 })).not.toThrow();
  });

  it('refuses chains that are not a product of schedules', () => {
    const opt = { type: 'SGD', lr: 0.1, momentum: 0.9 };
    expect(refusal(() => fromTorch('ChainedScheduler', { schedulers: [{ CyclicLR: { base_lr: 0.01, max_lr: 0.1 } }, { ExponentialLR: { gamma: 0.9 } }] }, opt)).issues[0].path)
      .toEqual(['schedulers', 0, 'CyclicLR']);
    // Last in the chain, an absolute scheduler overwrites what the others did (values printed by PyTorch 1.13).
    const lastWins = fromTorch('ChainedScheduler', { schedulers: [{ ExponentialLR: { gamma: 0.9 } }, { OneCycleLR: { max_lr: 1, total_steps: 10 } }] }, opt);
    [0.040000000000000036, 0.52, 1.0, 0.9504846320134737, 0.8117456539497631].forEach((v, t) => expect(valueAt(lastWins.lr, t)).toBeCloseTo(v, 15));
    // ...except CyclicLR, whose first value PyTorch computes from the old initial_lr (0.1 here, not base_lr).
    expect(refusal(() => fromTorch('ChainedScheduler', { schedulers: [{ ExponentialLR: { gamma: 0.9 } }, { CyclicLR: { base_lr: 0.01, max_lr: 0.1 } }] }, opt)).issues[0])
      .toMatchObject({ path: ['schedulers', 1, 'CyclicLR'], code: 'unsupported' });
    expect(lastWins.momentum).toBeDefined();
    // an affine cosine (eta_min != 0) chains with members that settle; one that never settles has no closed form
    const affine = refusal(() => fromTorch('ChainedScheduler', { schedulers: [{ CosineAnnealingLR: { T_max: 10, eta_min: 0.01 } }, { ExponentialLR: { gamma: 0.9 } }] }, opt));
    expect(affine.issues[0]).toMatchObject({ path: ['schedulers', 1, 'ExponentialLR'], code: 'unsupported' });
    expect(affine.message).toContain('never stops changing');
    expect(refusal(() => fromTorch('ChainedScheduler', { schedulers: [{ CosineAnnealingLR: { T_max: 10 } }, { ExponentialLR: { gamma: 0.9 } }] }, opt)).issues[0].path)
      .toEqual(['schedulers', 1, 'ExponentialLR']);
    expect(refusal(() => fromTorch('SequentialLR', { schedulers: [{ ChainedScheduler: { schedulers: [] } }], milestones: [] }, opt)).issues[0].code).toBe('unsupported');
  });

  it('lists the supported classes', () => {
    expect(TORCH_SCHEDULERS).toContain('CyclicLR');
    expect(TORCH_SCHEDULERS).toHaveLength(12);
  });
});

/**
 * PyTorch 1.13 `CyclicLR.get_lr` transliterated (torch/optim/lr_scheduler.py), float64: the lr (or,
 * inverted, the momentum) after t steps, for float step sizes.
 */
function cyclicLrRef(o: { base: number; max: number; up: number; down?: number; mode?: 'triangular' | 'triangular2' | 'exp_range'; gamma?: number; momentum?: boolean }) {
  const totalSize = o.up + (o.down ?? o.up);
  const stepRatio = o.up / totalSize;
  const mode = o.mode ?? 'triangular';
  const scaleFn = (x: number) => (mode === 'triangular' ? 1 : mode === 'triangular2' ? 1 / 2 ** (x - 1) : (o.gamma ?? 1) ** x);
  return (lastEpoch: number) => {
    const cycle = Math.floor(1 + lastEpoch / totalSize);
    const x = 1 + lastEpoch / totalSize - cycle;
    const scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    const baseHeight = (o.max - o.base) * scaleFactor;
    const scale = scaleFn(mode === 'exp_range' ? lastEpoch : cycle);
    return o.momentum ? o.max - baseHeight * scale : o.base + baseHeight * scale;
  };
}

describe('fromTorch edge cases PyTorch accepts', () => {
  it.each([
    [{ step_size_up: 2.5 }, { up: 2.5 }],
    [{ step_size_up: 7.5, step_size_down: 3.25, mode: 'triangular2' }, { up: 7.5, down: 3.25, mode: 'triangular2' as const }],
    [{ step_size_up: 1.5, step_size_down: 4.5, mode: 'exp_range', gamma: 0.99 }, { up: 1.5, down: 4.5, mode: 'exp_range' as const, gamma: 0.99 }],
    [{ step_size_up: 0.4, step_size_down: 1.1 }, { up: 0.4, down: 1.1 }],
  ])('takes CyclicLR float step sizes %o, as PyTorch does (lr and momentum within 1e-12)', (kwargs, o) => {
    const policy = fromTorch('CyclicLR', { base_lr: 0.001, max_lr: 0.006, ...kwargs }, { type: 'SGD', lr: 0.1, momentum: 0.9 });
    const lr = cyclicLrRef({ base: 0.001, max: 0.006, ...o });
    const momentum = cyclicLrRef({ base: 0.8, max: 0.9, ...o, momentum: true });
    const ts = Array.from({ length: 201 }, (_, t) => t);
    expect(firstMismatch((t) => valueAt(policy.lr, t), ts.map(lr))).toBeUndefined();
    expect(firstMismatch((t) => valueAt(policy.momentum as Schedule, t), ts.map(momentum))).toBeUndefined();
  });

  it('keeps ConstantLR total_iters=0 at factor forever, as PyTorch 1.13 does (nothing restores the lr)', () => {
    const policy = fromTorch('ConstantLR', { factor: 0.5, total_iters: 0 }, { lr: 0.1 });
    expect([0, 1, 100].map((t) => valueAt(policy.lr, t))).toEqual([0.05, 0.05, 0.05]);
  });

  it('returns a sealed policy: validated once and deeply frozen', () => {
    const policy = fromTorch('SequentialLR', { schedulers: [{ LinearLR: {} }, { StepLR: { step_size: 3 } }], milestones: [5] }, { lr: 0.1 });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.lr)).toBe(true);
    expect(Object.isFrozen((policy.lr as { parts: unknown[] }).parts[1])).toBe(true);
  });

  it('saturates a growing ExponentialLR at 1e300, the largest value a spec may hold (PyTorch goes on to 1.8e308, then inf)', () => {
    const policy = fromTorch('ExponentialLR', { gamma: 2 }, { lr: 1 });
    expect([0, 100, 996].map((t) => valueAt(policy.lr, t))).toEqual([1, 2 ** 100, 2 ** 996]);
    expect([997, 2000, 1e12].map((t) => valueAt(policy.lr, t))).toEqual([1e300, 1e300, 1e300]);
  });

  it('takes a growing StepLR (gamma > 1) as the same staircase, saturating at 1e300 like ExponentialLR', () => {
    const policy = fromTorch('StepLR', { step_size: 3, gamma: 2 }, { lr: 1 });
    expect(Array.from({ length: 10 }, (_, t) => valueAt(policy.lr, t))).toEqual([1, 1, 1, 2, 2, 2, 4, 4, 4, 8]);
    expect([2988, 2990, 2991, 1e12].map((t) => valueAt(policy.lr, t))).toEqual([2 ** 996, 2 ** 996, 1e300, 1e300]);
    expect(valueAt(fromTorch('StepLR', { step_size: 3, gamma: 2 }, { lr: -1 }).lr, 3000)).toBe(-1e300);
  });

  it('keeps PolynomialLR total_iters=0 at the base lr (PyTorch never decays it)', () => {
    expect(valueAt(fromTorch('PolynomialLR', { total_iters: 0 }, { lr: 0.1 }).lr, 7)).toBe(0.1);
  });

  it('goes below zero at OneCycleLR linear last allowed step exactly as PyTorch does', () => {
    const c = fixture.cases.find((x) => x.id === 'OneCycleLR linear non-integer phase end total_steps=7') as TorchCase;
    expect(c.lr[7]).toBeLessThan(0);
    const policy = fromTorch(c.className, c.kwargs, c.optimizer);
    expect(valueAt(policy.lr, 7)).toBeCloseTo(c.lr[7], 15);
    expect(valueAt(policy.lr, 8)).toBe(1 / 25 / 1e4);
  });

  it('refuses a CyclicLR sawtooth (step_size_down 0) and a growing exp_range as unsupported', () => {
    expect(refusal(() => fromTorch('CyclicLR', { base_lr: 0.1, max_lr: 1, step_size_down: 0, cycle_momentum: false })).issues[0]).toMatchObject({ path: ['step_size_down'], code: 'unsupported' });
    expect(refusal(() => fromTorch('CyclicLR', { base_lr: 0.1, max_lr: 1, mode: 'exp_range', gamma: 1.01, cycle_momentum: false })).issues[0]).toMatchObject({ path: ['gamma'], code: 'unsupported' });
  });

  it('reads epochs and steps_per_epoch only when total_steps is absent, as PyTorch does', () => {
    const a = fromTorch('OneCycleLR', { max_lr: 1, total_steps: 30, epochs: 100, steps_per_epoch: 100, cycle_momentum: false });
    const b = fromTorch('OneCycleLR', { max_lr: 1, total_steps: 30, cycle_momentum: false });
    expect(a).toEqual(b);
    expect(refusal(() => fromTorch('OneCycleLR', { max_lr: 1, epochs: 3 })).issues[0].path).toEqual(['steps_per_epoch']);
  });
});
