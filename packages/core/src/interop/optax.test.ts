import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError } from '../base/errors.js';
import { valueAt } from '../evaluate/api.js';
import type { Schedule } from '../spec.js';
import { fromOptax } from './optax.js';

// Reference schedules transliterated by hand from optax/schedules/_schedule.py and _join.py
// (google-deepmind/optax, commit 2edbcbe2): each returns optax's `schedule(count)` in float64.
type Fn = (count: number) => number;
const clip = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

function polynomialSchedule(init: number, end: number, power: number, transitionSteps: number, transitionBegin = 0): Fn {
  if (transitionSteps <= 0) return () => init;
  const begin = transitionBegin < 0 ? 0 : transitionBegin;
  return (count) => {
    const c = clip(count - begin, 0, transitionSteps);
    const frac = 1 - c / transitionSteps;
    return (init - end) * frac ** power + end;
  };
}
const linearSchedule = (init: number, end: number, transitionSteps: number, transitionBegin = 0) => polynomialSchedule(init, end, 1, transitionSteps, transitionBegin);

function piecewiseConstantSchedule(init: number, boundariesAndScales: Record<string, number>): Fn {
  const items = Object.entries(boundariesAndScales).map(([k, v]) => [Number(k), v] as const).sort((a, b) => a[0] - b[0]);
  return (count) => {
    let v = init;
    for (const [threshold, scale] of items) {
      const indicator = Math.max(0, Math.sign(threshold - count));
      v = v * indicator + (1 - indicator) * scale * v;
    }
    return v;
  };
}

function exponentialDecay(init: number, transitionSteps: number, decayRate: number, transitionBegin = 0, staircase = false, endValue?: number): Fn {
  if (transitionSteps <= 0 || decayRate === 0) return () => init;
  const begin = transitionBegin < 0 ? 0 : transitionBegin;
  const clipFn = decayRate < 1 ? Math.max : Math.min;
  return (count) => {
    const decreased = count - begin;
    let p = decreased / transitionSteps;
    if (staircase) p = Math.floor(p);
    let v = decreased <= 0 ? init : init * decayRate ** p;
    if (endValue !== undefined) v = clipFn(v, endValue);
    return v;
  };
}

function cosineDecaySchedule(init: number, decaySteps: number, alpha = 0, exponent = 1): Fn {
  return (count) => {
    const c = Math.min(count, decaySteps);
    const cosineDecay = 0.5 * (1 + Math.cos((Math.PI * c) / decaySteps));
    return init * ((1 - alpha) * cosineDecay ** exponent + alpha);
  };
}

const linearInterpolate = (start: number, end: number, pct: number) => start + pct * (end - start);
const cosineInterpolate = (start: number, end: number, pct: number) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);

function piecewiseInterpolateSchedule(type: 'linear' | 'cosine', init: number, boundariesAndScales: Map<number, number>): Fn {
  const fn = type === 'linear' ? linearInterpolate : cosineInterpolate;
  const items = [...boundariesAndScales.entries()].sort((a, b) => a[0] - b[0]);
  const bounds = [0, ...items.map(([b]) => b)];
  const values = [init];
  for (const [, s] of items) values.push(values[values.length - 1] * s);
  return (count) => {
    let out = 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const size = Math.max(bounds[i + 1] - bounds[i], 1);
      const indicator = bounds[i] <= count && count < bounds[i + 1] ? 1 : 0;
      out += indicator * fn(values[i], values[i + 1], (count - bounds[i]) / size);
    }
    return out + (bounds[bounds.length - 1] <= count ? values[values.length - 1] : 0);
  };
}

const cosineOnecycle = (T: number, peak: number, pctStart = 0.3, div = 25, finalDiv = 1e4) =>
  piecewiseInterpolateSchedule('cosine', peak / div, new Map([[Math.trunc(pctStart * T), div], [T, 1 / (div * finalDiv)]]));
const linearOnecycle = (T: number, peak: number, pctStart = 0.3, pctFinal = 0.85, div = 25, finalDiv = 1e4) =>
  piecewiseInterpolateSchedule('linear', peak / div, new Map([[Math.trunc(pctStart * T), div], [Math.trunc(pctFinal * T), 1 / div], [T, 1 / finalDiv]]));

function joinSchedules(schedules: Fn[], boundaries: number[]): Fn {
  return (step) => {
    let output = schedules[0](step);
    for (let i = 0; i < boundaries.length && i + 1 < schedules.length; i++) {
      output = step < boundaries[i] ? output : schedules[i + 1](step - boundaries[i]);
    }
    return output;
  };
}

function warmupCosineDecay(init: number, peak: number, warmup: number, decay: number, end = 0, exponent = 1): Fn {
  const alpha = peak === 0 ? 0 : end / peak;
  return joinSchedules([linearSchedule(init, peak, warmup), cosineDecaySchedule(peak, decay - warmup, alpha, exponent)], [warmup]);
}

function sgdr(kwargs: Array<Parameters<typeof warmupCosineDecay>>): Fn {
  const boundaries: number[] = [];
  const schedules: Fn[] = [];
  let step = 0;
  for (const kw of kwargs) {
    schedules.push(warmupCosineDecay(...kw));
    boundaries.push(step + kw[3]);
    step += kw[3];
  }
  return joinSchedules(schedules, boundaries.slice(0, -1));
}

function steps(n: number, large = [1_000, 12_345, 1e6, 1e9]): number[] {
  return [...Array.from({ length: n + 1 }, (_, i) => i), ...large];
}

function expectClose(spec: Schedule, expected: Fn, ts: number[], scale = 1): void {
  for (const t of ts) {
    const want = expected(t);
    const got = valueAt(spec, t);
    const tol = 1e-9 * Math.max(Math.abs(want), Math.abs(got)) + 1e-15 * scale;
    if (!(Math.abs(got - want) <= tol)) expect.fail(`t = ${t}: got ${got}, optax gives ${want}`);
  }
}

describe('fromOptax matches optax schedules at every step', () => {
  it('constant_schedule', () => {
    expectClose(fromOptax('constant_schedule', { value: 0.3 }), () => 0.3, steps(5));
  });

  it.each([
    [1, 0.1, 10, 0], [0, 2, 7, 5], [0.5, 0.5, 3, 0],
  ])('linear_schedule from %f to %f over %i steps from %i', (init, end, n, begin) => {
    expectClose(fromOptax('linear_schedule', { init_value: init, end_value: end, transition_steps: n, transition_begin: begin }), linearSchedule(init, end, n, begin), steps(n + begin + 5));
  });

  it.each([
    [1, 0.01, 2, 10, 0], [1, 0, 0.5, 8, 3], [0.2, 1, 3, 5, 0], [1, 0, 0, 5, 0],
  ])('polynomial_schedule %f → %f, power %f, %i steps from %i', (init, end, power, n, begin) => {
    expectClose(fromOptax('polynomial_schedule', { init_value: init, end_value: end, power, transition_steps: n, transition_begin: begin }), polynomialSchedule(init, end, power, n, begin), steps(n + begin + 5));
  });

  it.each([
    [1, 10, 0, 1], [0.5, 7, 0.1, 1], [2, 12, 0.05, 2.5],
  ])('cosine_decay_schedule %f over %i steps, alpha %f, exponent %f', (init, n, alpha, exponent) => {
    expectClose(fromOptax('cosine_decay_schedule', { init_value: init, decay_steps: n, alpha, exponent }), cosineDecaySchedule(init, n, alpha, exponent), steps(n + 5));
  });

  it.each([
    [0, 1, 5, 25, 0, 1], [0.1, 1, 0, 20, 0.01, 1], [1e-4, 3e-3, 10, 11, 1e-5, 2], [0, 0, 3, 10, 0.5, 1],
  ])('warmup_cosine_decay_schedule init %f, peak %f, warmup %i, decay_steps %i (warmup included), end %f, exponent %f', (init, peak, warmup, decay, end, exponent) => {
    const spec = fromOptax('warmup_cosine_decay_schedule', { init_value: init, peak_value: peak, warmup_steps: warmup, decay_steps: decay, end_value: end, exponent });
    expectClose(spec, warmupCosineDecay(init, peak, warmup, decay, end, exponent), steps(decay + 5), peak || 1);
  });

  it('warmup_constant_schedule', () => {
    expectClose(fromOptax('warmup_constant_schedule', { init_value: 0.1, peak_value: 1, warmup_steps: 4 }), linearSchedule(0.1, 1, 4), steps(10));
  });

  it.each([
    [1, 5, 0.5, 0, false, undefined], [1, 5, 0.5, 3, true, undefined], [1, 2, 0.9, 4, false, 0.5], [1, 3, 1.5, 2, false, 4],
    [0.5, 4, 0.5, 0, true, 0.1], [1, 2, 0.5, 0, false, 2], [1, 2, 1, 0, false, 0.5],
  ])('exponential_decay init %f, transition_steps %i, rate %f, begin %i, staircase %s, end_value %s', (init, n, rate, begin, staircase, end) => {
    const spec = fromOptax('exponential_decay', { init_value: init, transition_steps: n, decay_rate: rate, transition_begin: begin, staircase, end_value: end ?? null });
    expectClose(spec, exponentialDecay(init, n, rate, begin, staircase, end), steps(3 * n + begin + 5, [1_000, 12_345]));
  });

  it.each([
    [0, 1, 4, 10, 0.5, 2, true, 0.2], [0.1, 1, 0, 3, 0.8, 0, false, undefined],
  ])('warmup_exponential_decay_schedule init %f, peak %f, warmup %i, transition %i, rate %f, begin %i, staircase %s, end %s', (init, peak, warmup, n, rate, begin, staircase, end) => {
    const spec = fromOptax('warmup_exponential_decay_schedule', { init_value: init, peak_value: peak, warmup_steps: warmup, transition_steps: n, decay_rate: rate, transition_begin: begin, staircase, end_value: end });
    const want = joinSchedules([linearSchedule(init, peak, warmup), exponentialDecay(peak, n, rate, begin, staircase, end)], [warmup]);
    expectClose(spec, want, steps(60, [1_000, 12_345]));
  });

  it.each([
    [{ '3': 0.5, '7': 0.1 }],
    [{ '10': 0.1, '2': 2 }],
    [{ '0': 0.5, '4': 0.5 }],
    [{ '-3': 0.5, '2.5': 3, '6': 0 }],
    [{}],
  ])('piecewise_constant_schedule with multiplicative scales %o', (bs) => {
    expectClose(fromOptax('piecewise_constant_schedule', { init_value: 0.8, boundaries_and_scales: bs }), piecewiseConstantSchedule(0.8, bs), steps(15));
  });

  it.each([
    ['linear', { '4': 10, '10': 0.1, '20': 0.5 }],
    ['cosine', { '4': 10, '10': 0.1, '20': 0.5 }],
    ['cosine', { '0': 3, '5': 0.2 }],
    ['linear', { '0': 3, '5': 0.2 }],
    ['linear', {}],
  ] as const)('piecewise_interpolate_schedule %s with %o', (type, bs) => {
    const spec = fromOptax('piecewise_interpolate_schedule', { interpolate_type: type, init_value: 0.5, boundaries_and_scales: bs });
    const map = new Map(Object.entries(bs).map(([k, v]) => [Number(k), v] as [number, number]));
    expectClose(spec, piecewiseInterpolateSchedule(type, 0.5, map), steps(25));
  });

  it.each([
    [100, 1, 0.3, 25, 1e4], [10, 0.1, 0.25, 10, 100], [7, 2, 0.5, 25, 1e4], [3, 1, 0.1, 25, 1e4],
  ])('cosine_onecycle_schedule over %i steps, peak %f, pct_start %f, div %f, final_div %f', (T, peak, pct, div, finalDiv) => {
    const spec = fromOptax('cosine_onecycle_schedule', { transition_steps: T, peak_value: peak, pct_start: pct, div_factor: div, final_div_factor: finalDiv });
    expectClose(spec, cosineOnecycle(T, peak, pct, div, finalDiv), steps(T + 5), peak);
  });

  it('cosine_onecycle_schedule peaks at floor(pct_start·T): f(30) = peak for T = 100', () => {
    const spec = fromOptax('cosine_onecycle_schedule', { transition_steps: 100, peak_value: 1 });
    expect(valueAt(spec, 30)).toBeCloseTo(1, 15);
    expect(valueAt(spec, 0)).toBeCloseTo(0.04, 15);
    expect(valueAt(spec, 100)).toBeCloseTo(4e-6, 18);
  });

  it.each([
    [100, 1, 0.3, 0.85, 25, 1e4], [20, 0.5, 0.25, 0.75, 10, 100], [10, 1, 0.5, 0.5, 25, 1e4],
  ])('linear_onecycle_schedule over %i steps, peak %f, pct_start %f, pct_final %f', (T, peak, pct, pctFinal, div, finalDiv) => {
    const spec = fromOptax('linear_onecycle_schedule', { transition_steps: T, peak_value: peak, pct_start: pct, pct_final: pctFinal, div_factor: div, final_div_factor: finalDiv });
    expectClose(spec, linearOnecycle(T, peak, pct, pctFinal, div, finalDiv), steps(T + 5), peak);
  });

  it('sgdr_schedule joins warmup-cosine cycles, each on its local clock', () => {
    const cycles: Array<Parameters<typeof warmupCosineDecay>> = [[0, 1, 2, 10, 0.01, 1], [0.01, 0.5, 3, 15, 0, 1], [0, 0.25, 0, 8, 0, 2]];
    const spec = fromOptax('sgdr_schedule', {
      cosine_kwargs: cycles.map(([init, peak, warmup, decay, end, exponent]) => ({ init_value: init, peak_value: peak, warmup_steps: warmup, decay_steps: decay, end_value: end, exponent })),
    });
    expectClose(spec, sgdr(cycles), steps(40));
  });

  it('join_schedules gives each nested schedule its local step, the boundary to the next', () => {
    const spec = fromOptax('join_schedules', {
      schedules: [
        { name: 'linear_schedule', kwargs: { init_value: 0, end_value: 1, transition_steps: 5 } },
        { name: 'constant_schedule', kwargs: { value: 1 } },
        { name: 'optax.cosine_decay_schedule', kwargs: { init_value: 1, decay_steps: 10, alpha: 0.1 } },
      ],
      boundaries: [5, 8],
    });
    const want = joinSchedules([linearSchedule(0, 1, 5), () => 1, cosineDecaySchedule(1, 10, 0.1)], [5, 8]);
    expectClose(spec, want, steps(25));
    expect([4, 5, 7, 8].map((t) => valueAt(spec, t))).toEqual([0.8, 1, 1, 1]);
  });

  it('returns a sealed spec: validated once and deeply frozen', () => {
    const spec = fromOptax('warmup_cosine_decay_schedule', { init_value: 0, peak_value: 1, warmup_steps: 5, decay_steps: 25 });
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen((spec as { parts: unknown[] }).parts[0])).toBe(true);
  });

  it('join_schedules with a repeated boundary skips the schedule in between, as optax does', () => {
    const spec = fromOptax('join_schedules', {
      schedules: [{ name: 'constant_schedule', kwargs: { value: 1 } }, { name: 'constant_schedule', kwargs: { value: 2 } }, { name: 'constant_schedule', kwargs: { value: 3 } }],
      boundaries: [4, 4],
    });
    expectClose(spec, joinSchedules([() => 1, () => 2, () => 3], [4, 4]), steps(8));
  });
});

describe('fromOptax refusals', () => {
  const error = (fn: () => unknown): ScheduleSpecError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ScheduleSpecError) return e;
      throw e;
    }
    throw new Error('expected a ScheduleSpecError');
  };

  it('suggests the closest name for an unknown schedule', () => {
    const e = error(() => fromOptax('warmup_cosine_decay', {}));
    expect(e.issues[0].code).toBe('unknown_type');
    expect(e.message).toContain("did you mean 'warmup_cosine_decay_schedule'");
  });

  it('rejects an unknown keyword with a suggestion', () => {
    const e = error(() => fromOptax('cosine_decay_schedule', { init_value: 1, decay_steps: 10, alpha: 0, exponant: 2 }));
    expect(e.issues[0].path).toEqual(['kwargs', 'exponant']);
    expect(e.message).toContain("did you mean 'exponent'");
  });

  it('refuses a non-positive transition_steps that optax would silently turn into a constant', () => {
    const e = error(() => fromOptax('linear_schedule', { init_value: 1, end_value: 0, transition_steps: 0 }));
    expect(e.issues[0].path).toEqual(['kwargs', 'transition_steps']);
    expect(e.message).toContain('constant init_value (1)');
  });

  it('refuses a negative transition_begin that optax would silently replace by 0', () => {
    expect(error(() => fromOptax('exponential_decay', { init_value: 1, transition_steps: 2, decay_rate: 0.5, transition_begin: -3 })).message).toContain('silently use 0');
  });

  it('raises what optax raises for decay_steps <= warmup_steps and for negative scales', () => {
    expect(error(() => fromOptax('warmup_cosine_decay_schedule', { init_value: 0, peak_value: 1, warmup_steps: 10, decay_steps: 10 })).message).toContain('requires positive decay_steps');
    expect(error(() => fromOptax('piecewise_constant_schedule', { init_value: 1, boundaries_and_scales: { '3': -1 } })).message).toContain('non-negative scale factors');
  });

  it('refuses join_schedules whose boundaries do not match the schedules, which optax would truncate', () => {
    const e = error(() => fromOptax('join_schedules', { schedules: [{ name: 'constant_schedule', kwargs: { value: 1 } }], boundaries: [3] }));
    expect(e.issues[0].code).toBe('wrong_length');
  });

  it('refuses decreasing join boundaries and reports the path of a nested error', () => {
    const schedules = [1, 2, 3].map((value) => ({ name: 'constant_schedule', kwargs: { value } }));
    expect(error(() => fromOptax('join_schedules', { schedules, boundaries: [5, 2] })).issues[0]).toMatchObject({ code: 'out_of_order', path: ['kwargs', 'boundaries', 1] });
    const nested = error(() => fromOptax('join_schedules', { schedules: [schedules[0], { name: 'constant_schedul', kwargs: {} }], boundaries: [2] }));
    expect(nested.issues[0].path).toEqual(['kwargs', 'schedules', 1, 'name']);
  });

  it('refuses a callable in place of a nested schedule', () => {
    expect(error(() => fromOptax('join_schedules', { schedules: ['<function>', { name: 'constant_schedule', kwargs: { value: 1 } }], boundaries: [2] })).message).toContain('callable cannot be imported');
  });
});

describe('fromOptax properties', () => {
  it('matches piecewise_constant_schedule and piecewise_interpolate_schedule for random boundaries and scales', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom(0, 0.1, 0.5, 2, 10), { maxKeys: 5 }),
        fc.constantFrom('linear', 'cosine') as fc.Arbitrary<'linear' | 'cosine'>,
        (bs, kind) => {
          expectClose(fromOptax('piecewise_constant_schedule', { init_value: 0.3, boundaries_and_scales: bs }), piecewiseConstantSchedule(0.3, bs), steps(50, []));
          const map = new Map(Object.entries(bs).map(([k, v]) => [Number(k), v] as [number, number]));
          expectClose(fromOptax('piecewise_interpolate_schedule', { interpolate_type: kind, init_value: 0.3, boundaries_and_scales: bs }), piecewiseInterpolateSchedule(kind, 0.3, map), steps(50, []), 3000);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('matches sgdr_schedule for random cycles', () => {
    const cycle = fc.tuple(fc.constantFrom(0, 0.01), fc.constantFrom(0.1, 1), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom(0, 0.001), fc.constantFrom(1, 2));
    fc.assert(
      fc.property(fc.array(cycle, { minLength: 1, maxLength: 4 }), (raw) => {
        const cycles = raw.map(([init, peak, warmup, extra, end, exponent]) => [init, peak, warmup, warmup + extra, end, exponent] as Parameters<typeof warmupCosineDecay>);
        const spec = fromOptax('sgdr_schedule', {
          cosine_kwargs: cycles.map(([init, peak, warmup, decay, end, exponent]) => ({ init_value: init, peak_value: peak, warmup_steps: warmup, decay_steps: decay, end_value: end, exponent })),
        });
        expectClose(spec, sgdr(cycles), steps(110, [1_000]));
      }),
      { numRuns: 60 },
    );
  });
});
