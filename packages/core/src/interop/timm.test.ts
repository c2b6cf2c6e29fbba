import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError } from '../base/errors.js';
import { valueAt } from '../evaluate/api.js';
import type { Schedule } from '../spec.js';
import { fromTimm } from './timm.js';

// Reference `_get_lr(t)` transliterated by hand from timm/scheduler/{cosine_lr,poly_lr,step_lr,
// multistep_lr}.py (huggingface/pytorch-image-models, commit aa4b5850), one base lr, no noise.
interface Warmup { warmup_t?: number; warmup_lr_init?: number; warmup_prefix?: boolean }

function warmupOf(lr: number, o: Warmup) {
  const w = o.warmup_t ?? 0;
  const init = o.warmup_lr_init ?? 0;
  // timm: self.warmup_steps = (v - warmup_lr_init) / warmup_t
  return { w, init, step: w ? (lr - init) / w : 1 };
}

/** timm's cycle arithmetic shared by CosineLRScheduler and PolyLRScheduler. */
function cycleOf(t: number, tInitial: number, cycleMul: number) {
  if (cycleMul !== 1) {
    const i = Math.floor(Math.log(1 - (t / tInitial) * (1 - cycleMul)) / Math.log(cycleMul));
    const tI = cycleMul ** i * tInitial;
    const tCurr = t - ((1 - cycleMul ** i) / (1 - cycleMul)) * tInitial;
    return { i, tI, tCurr };
  }
  const i = Math.floor(t / tInitial);
  return { i, tI: tInitial, tCurr: t - tInitial * i };
}

interface CycleArgs extends Warmup { t_initial: number; lr_min?: number; cycle_mul?: number; cycle_decay?: number; cycle_limit?: number; k_decay?: number }

function cosineRef(lr: number, o: CycleArgs) {
  const { w, init, step } = warmupOf(lr, o);
  const lrMin = o.lr_min ?? 0;
  return (t0: number) => {
    if (t0 < w) return init + t0 * step;
    const t = o.warmup_prefix ? t0 - w : t0;
    const { i, tI, tCurr } = cycleOf(t, o.t_initial, o.cycle_mul ?? 1);
    const lrMax = lr * (o.cycle_decay ?? 1) ** i;
    const k = o.k_decay ?? 1;
    if (i < (o.cycle_limit ?? 1)) return lrMin + 0.5 * (lrMax - lrMin) * (1 + Math.cos((Math.PI * tCurr ** k) / tI ** k));
    return lrMin;
  };
}

function polyRef(lr: number, o: CycleArgs & { power?: number }) {
  const { w, init, step } = warmupOf(lr, o);
  const lrMin = o.lr_min ?? 0;
  const power = o.power ?? 0.5;
  return (t0: number) => {
    if (t0 < w) return init + t0 * step;
    const t = o.warmup_prefix ? t0 - w : t0;
    const { i, tI, tCurr } = cycleOf(t, o.t_initial, o.cycle_mul ?? 1);
    const lrMax = lr * (o.cycle_decay ?? 1) ** i;
    const k = o.k_decay ?? 1;
    if (i < (o.cycle_limit ?? 1)) return lrMin + (lrMax - lrMin) * (1 - tCurr ** k / tI ** k) ** power;
    return lrMin;
  };
}

/** Python's float `a // b`, transliterated from CPython's float_floor_div: fmod, then the quotient rounded to the nearest integer. */
function pyFloorDiv(a: number, b: number): number {
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}

function stepRef(lr: number, o: Warmup & { decay_t: number; decay_rate?: number }) {
  const { w, init, step } = warmupOf(lr, o);
  const prefix = o.warmup_prefix ?? true;
  return (t0: number) => {
    if (t0 < w) return init + t0 * step;
    const t = prefix ? t0 - w : t0;
    return lr * (o.decay_rate ?? 1) ** pyFloorDiv(t, o.decay_t);
  };
}

function multistepRef(lr: number, o: Warmup & { decay_t: number[]; decay_rate?: number }) {
  const { w, init, step } = warmupOf(lr, o);
  const prefix = o.warmup_prefix ?? true;
  // bisect.bisect_right(decay_t, t + 1): how many entries are <= t + 1
  const bisectRight = (xs: number[], x: number) => xs.filter((d) => d <= x).length;
  return (t0: number) => {
    if (t0 < w) return init + t0 * step;
    const t = prefix ? t0 - w : t0;
    return lr * (o.decay_rate ?? 1) ** bisectRight(o.decay_t, t + 1);
  };
}

function steps(n: number, large = [1_000, 12_345, 1e6, 1e9]): number[] {
  return [...Array.from({ length: n + 1 }, (_, i) => i), ...large];
}

function expectClose(spec: Schedule, expected: (t: number) => number, ts: number[], scale: number): void {
  for (const t of ts) {
    const want = expected(t);
    const got = valueAt(spec, t);
    const tol = 1e-9 * Math.max(Math.abs(want), Math.abs(got)) + 1e-15 * scale;
    if (!(Math.abs(got - want) <= tol)) expect.fail(`t = ${t}: got ${got}, timm gives ${want}`);
  }
}

const lr = 0.1;

describe('fromTimm matches timm schedulers at every t', () => {
  it.each<CycleArgs>([
    { t_initial: 20 },
    { t_initial: 20, lr_min: 1e-4, warmup_t: 5, warmup_lr_init: 1e-5 },
    { t_initial: 20, lr_min: 1e-4, warmup_t: 5, warmup_lr_init: 1e-5, warmup_prefix: true },
    { t_initial: 10, lr_min: 1e-3, cycle_limit: 4, cycle_decay: 0.5 },
    { t_initial: 10, lr_min: 1e-3, cycle_limit: 3, cycle_decay: 0.8, warmup_t: 3, warmup_lr_init: 0 },
    { t_initial: 8, cycle_mul: 2, cycle_limit: 4, lr_min: 1e-4 },
    { t_initial: 10, cycle_mul: 1.5, cycle_limit: 5 },
    { t_initial: 12, k_decay: 2, lr_min: 1e-3 },
    { t_initial: 12, k_decay: 0.5, cycle_limit: 3, warmup_t: 4, warmup_prefix: true },
    { t_initial: 10, cycle_limit: 0, lr_min: 0.01 },
  ])('cosine %o', (o) => {
    const spec = fromTimm({ sched: 'cosine', lr, ...o });
    expectClose(spec, cosineRef(lr, o), steps(160), lr);
  });

  it.each<CycleArgs & { power?: number }>([
    { t_initial: 20 },
    { t_initial: 20, power: 2, lr_min: 1e-3, warmup_t: 4, warmup_lr_init: 1e-4 },
    { t_initial: 20, power: 1, warmup_t: 4, warmup_prefix: true },
    { t_initial: 10, power: 0.9, cycle_limit: 3, cycle_decay: 0.5 },
    { t_initial: 10, power: 0.9, cycle_limit: 3, cycle_decay: 0.5, lr_min: 1e-3 },
    { t_initial: 5, power: 2, cycle_limit: 3, cycle_mul: 2, lr_min: 1e-3, cycle_decay: 0.7 },
  ])('poly %o', (o) => {
    const spec = fromTimm({ sched: 'poly', lr, ...o });
    expectClose(spec, polyRef(lr, o), steps(80), lr);
  });

  it.each<Warmup & { decay_t: number; decay_rate?: number }>([
    { decay_t: 5, decay_rate: 0.5 },
    { decay_t: 5, decay_rate: 0.5, warmup_t: 3, warmup_lr_init: 1e-3 },
    { decay_t: 4, decay_rate: 0.1, warmup_t: 6, warmup_prefix: false },
    { decay_t: 3, decay_rate: 0.9, warmup_t: 3, warmup_prefix: false },
    { decay_t: 2.4, decay_rate: 0.5 },
    { decay_t: 2.2, decay_rate: 0.5, warmup_t: 3, warmup_lr_init: 1e-3 },
    { decay_t: 0.7, decay_rate: 0.99 },
  ])('step %o', (o) => {
    const spec = fromTimm({ sched: 'step', lr, ...o });
    expectClose(spec, stepRef(lr, o), steps(60, [1_000, 12_345]), lr);
  });

  it.each<Warmup & { decay_t: number[]; decay_rate?: number }>([
    { decay_t: [10, 20, 30], decay_rate: 0.1 },
    { decay_t: [1, 5, 5, 9], decay_rate: 0.5, warmup_t: 3, warmup_lr_init: 1e-3 },
    { decay_t: [2, 8, 15.5], decay_rate: 0.5, warmup_t: 4, warmup_prefix: false },
    { decay_t: [0, 3], decay_rate: 0.5 },
  ])('multistep %o', (o) => {
    const spec = fromTimm({ sched: 'multistep', lr, ...o });
    expectClose(spec, multistepRef(lr, o), steps(40), lr);
  });

  it('restarts exactly where timm\'s float log rounds down (cycle_mul 10, t = 111): the one known deviation', () => {
    // timm: floor(log(1 - 111·(1 - 10))/log(10)) = floor(2.9999999999999996) = 2, so timm shows the end
    // of cycle 2 (lr_min) for one t; mathematically cycle 3 starts at 1 + 10 + 100 = 111.
    const o = { t_initial: 1, cycle_mul: 10, cycle_limit: 5 };
    const spec = fromTimm({ sched: 'cosine', lr, ...o });
    expect(cosineRef(lr, o)(111)).toBeCloseTo(0, 15);
    expect(valueAt(spec, 111)).toBe(lr);
    expectClose(spec, cosineRef(lr, o), steps(1110, []).filter((t) => t !== 111), lr);
  });

  it('decays at t // decay_t as Python floors it for a fractional decay_t (11 // 2.2 = 4, where floor(11/2.2) = 5)', () => {
    // values printed by Python 3: [0.5 ** (t // 2.2) for t in (10, 11, 12, 21, 22, 23)]
    const spec = fromTimm({ sched: 'step', lr: 1, decay_t: 2.2, decay_rate: 0.5 });
    expect([10, 11, 12, 21, 22, 23].map((t) => valueAt(spec, t))).toEqual([0.0625, 0.0625, 0.03125, 0.001953125, 0.001953125, 0.0009765625]);
  });

  it('applies MultiStepLRScheduler decays one t early, as timm bisects with t + 1', () => {
    const spec = fromTimm({ sched: 'multistep', lr: 1, decay_t: [3], decay_rate: 0.5 });
    expect([0, 1, 2, 3].map((t) => valueAt(spec, t))).toEqual([1, 1, 0.5, 0.5]);
  });

  it('returns a sealed spec: validated once and deeply frozen', () => {
    const spec = fromTimm({ sched: 'cosine', lr: 1, t_initial: 10, warmup_t: 2 });
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen((spec as { factors: unknown[] }).factors[0])).toBe(true);
  });

  it('starts the warmup at warmup_lr_init and ignores t_in_epochs', () => {
    const spec = fromTimm({ sched: 'cosine', lr: 1, t_initial: 10, warmup_t: 2, warmup_lr_init: 0.25, t_in_epochs: false });
    expect(valueAt(spec, 0)).toBe(0.25);
    expect(valueAt(spec, 1)).toBe(0.625);
  });
});

describe('fromTimm noise', () => {
  const noiseless = { sched: 'cosine', lr: 1, t_initial: 100, lr_min: 0.01 };

  it('perturbs exactly the steps in noise_range_t [start, end) and leaves the others alone', () => {
    const clean = fromTimm(noiseless);
    const noisy = fromTimm({ ...noiseless, noise_range_t: [10, 20], noise_pct: 0.3 });
    for (let t = 0; t < 40; t++) {
      const a = valueAt(clean, t);
      const b = valueAt(noisy, t);
      if (t >= 10 && t < 20) {
        expect(b).not.toBe(a);
        expect(Math.abs(b / a - 1)).toBeLessThan(0.3);
      } else expect(b).toBe(a);
    }
  });

  it('a scalar noise_range_t switches noise on from that t for good', () => {
    const noisy = fromTimm({ ...noiseless, noise_range_t: 50 });
    expect(valueAt(noisy, 49)).toBe(valueAt(fromTimm(noiseless), 49));
    expect(valueAt(noisy, 5000)).not.toBe(valueAt(fromTimm(noiseless), 5000));
  });

  function relativeDraws(extra: Record<string, unknown>, n: number): number[] {
    const spec = fromTimm({ sched: 'step', lr: 1, decay_t: 1e9, noise_range_t: 0, ...extra });
    return Array.from({ length: n }, (_, t) => valueAt(spec, t) - 1);
  }
  const std = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  };

  it('normal noise is a standard normal truncated to |n| < noise_pct (std 0.375 for 0.67), not scaled by noise_std', () => {
    const draws = relativeDraws({ noise_pct: 0.67, noise_std: 5 }, 4000);
    expect(Math.max(...draws.map(Math.abs))).toBeLessThan(0.67);
    // variance of N(0, 1) truncated to ±a: 1 - 2aφ(a)/(2Φ(a) - 1) = 0.1409 for a = 0.67
    expect(std(draws)).toBeGreaterThan(0.355);
    expect(std(draws)).toBeLessThan(0.395);
  });

  it('uniform noise spans ±noise_pct (std noise_pct/√3)', () => {
    const draws = relativeDraws({ noise_type: 'uniform', noise_pct: 0.2 }, 4000);
    expect(Math.max(...draws.map(Math.abs))).toBeLessThanOrEqual(0.2);
    expect(std(draws)).toBeCloseTo(0.2 / Math.sqrt(3), 2);
  });

  it('is seeded by noise_seed: the same seed gives the same draws, another seed others', () => {
    const a = relativeDraws({ noise_seed: 7 }, 20);
    expect(relativeDraws({ noise_seed: 7 }, 20)).toEqual(a);
    expect(relativeDraws({ noise_seed: 8 }, 20)).not.toEqual(a);
  });
});

describe('fromTimm refusals', () => {
  const error = (fn: () => unknown): ScheduleSpecError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ScheduleSpecError) return e;
      throw e;
    }
    throw new Error('expected a ScheduleSpecError');
  };

  it('imports tanh as the tanh family: TanhLRScheduler with lb, ub, cycles, and a warmup that heads for its value at warmup_t', () => {
    // timm TanhLRScheduler._get_lr (tanh_lr.py at aa4b5850), one base lr
    const ref = (t0: number, o: { lr: number; lrMin: number; T: number; lb: number; ub: number; w: number; init: number; prefix: boolean; limit: number }) => {
      const get = (t: number) => {
        const i = Math.floor(t / o.T);
        if (i >= o.limit) return o.lrMin;
        const tr = (t - o.T * i) / o.T;
        return o.lrMin + 0.5 * (o.lr - o.lrMin) * (1 - Math.tanh(o.lb * (1 - tr) + o.ub * tr));
      };
      const target = o.prefix ? o.lr : get(o.w);
      if (t0 < o.w) return o.init + t0 * ((target - o.init) / o.w);
      return get(o.prefix ? t0 - o.w : t0);
    };
    for (const prefix of [false, true]) {
      const o = { lr: 0.1, lrMin: 0.001, T: 20, lb: -6, ub: 4, w: 5, init: 1e-4, prefix, limit: 2 };
      const spec = fromTimm({ sched: 'tanh', lr: o.lr, lr_min: o.lrMin, t_initial: o.T, lb: o.lb, ub: o.ub, warmup_t: o.w, warmup_lr_init: o.init, warmup_prefix: prefix, cycle_limit: 2 });
      for (let t = 0; t < 60; t++) expect(Math.abs(valueAt(spec, t) - ref(t, o))).toBeLessThanOrEqual(1e-12 * ref(t, o));
    }
  });

  it('points plateau at the plateau control', () => {
    expect(error(() => fromTimm({ sched: 'plateau', lr: 0.1 })).message).toContain('`plateau` control');
  });

  it('suggests the closest scheduler name and keyword', () => {
    const typo = error(() => fromTimm({ sched: 'cosin', lr: 0.1, t_initial: 10 }));
    expect(typo.issues[0].code).toBe('unknown_type');
    expect(typo.message).toContain("did you mean 'cosine'");
    const e = error(() => fromTimm({ sched: 'cosine', lr: 0.1, t_initial: 10, warmup_lr: 1e-5 }));
    expect(e.issues[0].path).toEqual(['kwargs', 'warmup_lr']);
    expect(e.message).toContain("did you mean 'warmup_lr_init'");
  });

  it('imports a fractional step decay_t (2.4 epochs) with warmup_prefix=False on the global clock, and refuses one that is not positive', () => {
    const o = { decay_t: 2.4, decay_rate: 0.97, warmup_t: 3, warmup_lr_init: 1e-6, warmup_prefix: false };
    expectClose(fromTimm({ sched: 'step', lr: 0.1, ...o }), stepRef(0.1, o), steps(60, [1_000, 12_345]), 0.1);
    expect(error(() => fromTimm({ sched: 'step', lr: 0.1, decay_t: 0 })).issues[0]).toMatchObject({ code: 'too_small', path: ['kwargs', 'decay_t'] });
  });

  it('refuses poly with k_decay, fractional cycles and an unsorted multistep decay_t', () => {
    expect(error(() => fromTimm({ sched: 'poly', lr: 0.1, t_initial: 10, k_decay: 2 })).issues[0].path).toEqual(['kwargs', 'k_decay']);
    expect(error(() => fromTimm({ sched: 'poly', lr: 0.1, t_initial: 10, cycle_limit: 3, cycle_mul: 1.5, lr_min: 0.01 })).message).toContain('not a whole number');
    expect(error(() => fromTimm({ sched: 'multistep', lr: 0.1, decay_t: [5, 3] })).message).toContain('sorted');
  });

  it('requires lr and t_initial', () => {
    expect(error(() => fromTimm({ sched: 'cosine', t_initial: 10 })).issues[0].path).toEqual(['kwargs', 'lr']);
    expect(error(() => fromTimm({ sched: 'cosine', lr: 0.1 })).issues[0].path).toEqual(['kwargs', 't_initial']);
  });
});

describe('fromTimm properties', () => {
  it('matches CosineLRScheduler for random cycle, warmup and k-decay settings', () => {
    fc.assert(
      fc.property(
        fc.record({
          t_initial: fc.integer({ min: 1, max: 30 }),
          lr_min: fc.constantFrom(0, 1e-4, 0.01),
          cycle_mul: fc.constantFrom(1, 1.5, 2, 3),
          cycle_decay: fc.constantFrom(1, 0.9, 0.5),
          cycle_limit: fc.integer({ min: 0, max: 4 }),
          k_decay: fc.constantFrom(1, 0.5, 2),
          warmup_t: fc.integer({ min: 0, max: 10 }),
          warmup_lr_init: fc.constantFrom(0, 1e-5),
          warmup_prefix: fc.boolean(),
        }),
        (o) => {
          expectClose(fromTimm({ sched: 'cosine', lr, ...o }), cosineRef(lr, o), steps(150, [1_000]), lr);
        },
      ),
      { numRuns: 60 },
    );
  });
});
