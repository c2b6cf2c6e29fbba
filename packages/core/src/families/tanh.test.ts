import { describe, expect, it } from 'vitest';
import { ScheduleSpecError, breakpointsOf, compileSchedule, horizonOf, sample, stepsForCycles, stretch, tanh, valueAt, validateSchedule, type SpecOf } from '../index.js';

type TanhSpec = SpecOf<'tanh'>;

/**
 * timm TanhLRScheduler._get_lr without warmup (timm/scheduler/tanh_lr.py), transliterated for one
 * param group: the restart index by floor division (cycle_mul 1) or by the log formula.
 */
function timmTanh(base: number, lrMin: number, tInitial: number, lb: number, ub: number, cycleMul: number, cycleDecay: number, cycleLimit: number, t: number): number {
  let i: number;
  let tI: number;
  let tCurr: number;
  if (cycleMul !== 1) {
    i = Math.floor(Math.log(1 - (t / tInitial) * (1 - cycleMul)) / Math.log(cycleMul));
    tI = cycleMul ** i * tInitial;
    tCurr = t - ((1 - cycleMul ** i) / (1 - cycleMul)) * tInitial;
  } else {
    i = Math.floor(t / tInitial);
    tI = tInitial;
    tCurr = t - tInitial * i;
  }
  if (i >= cycleLimit) return lrMin;
  const lrMax = base * cycleDecay ** i;
  const tr = tCurr / tI;
  return lrMin + 0.5 * (lrMax - lrMin) * (1 - Math.tanh(lb * (1 - tr) + ub * tr));
}

const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));

const steps = (n: number) => Array.from({ length: n }, (_, t) => t);

describe('tanh', () => {
  it('gives the documented example: 0.9999992, 0.99995, 0.9997, 0.018, then exactly `to` from t = steps', () => {
    const spec = tanh({ from: 1, to: 0, steps: 10 });
    // t = 0: (1 - tanh(-7))/2; t = 2: the argument is -7·0.8 + 3·0.2 = -5; t = 3: -4; t = 9: -0.7 + 2.7 = 2
    expect(valueAt(spec, 0)).toBe(0.5 * (1 - Math.tanh(-7)));
    close(valueAt(spec, 2), 0.5 * (1 - Math.tanh(-5)));
    close(valueAt(spec, 3), 0.5 * (1 - Math.tanh(-4)));
    close(valueAt(spec, 9), 0.5 * (1 - Math.tanh(2)));
    expect([valueAt(spec, 0), valueAt(spec, 2), valueAt(spec, 3), valueAt(spec, 9)].map((v) => Number(v.toPrecision(7)))).toEqual([0.9999992, 0.9999546, 0.9996646, 0.01798621]);
    expect([10, 11, 1e12].map((t) => valueAt(spec, t))).toEqual([0, 0, 0]);
  });

  it.each([
    // [lr, lr_min, t_initial, lb, ub, cycle_mul, cycle_decay, cycle_limit]
    [0.1, 0.001, 10, -7, 3, 1, 1, 1],
    [0.1, 0, 7, -6, 2, 1, 0.5, 3],
    [0.05, 1e-5, 5, -7, 3, 2, 0.8, 4],
    [1, 0.1, 4, -3, 3, 3, 1, 3],
  ])('agrees bit for bit with timm TanhLRScheduler(lr=%f, lr_min=%f, t_initial=%i, lb=%i, ub=%i, cycle_mul=%i, cycle_decay=%f, cycle_limit=%i)', (lr, lrMin, tInitial, lb, ub, cycleMul, cycleDecay, cycleLimit) => {
    const spec: TanhSpec = { type: 'tanh', from: lr, to: lrMin, steps: tInitial, lower: lb, upper: ub, periodMultiplier: cycleMul, decay: cycleDecay, cycleLimit };
    for (const t of steps(200)) expect(valueAt(spec, t), `t = ${t}`).toBe(timmTanh(lr, lrMin, tInitial, lb, ub, cycleMul, cycleDecay, cycleLimit, t));
  });

  it('agrees with timm within 1e-12 for a real cycle_mul, restarting on the first step past each fractional start', () => {
    const spec: TanhSpec = { type: 'tanh', from: 0.1, to: 0.001, steps: 10, periodMultiplier: 1.5, decay: 0.9, cycleLimit: 5 };
    for (const t of steps(140)) close(valueAt(spec, t), timmTanh(0.1, 0.001, 10, -7, 3, 1.5, 0.9, 5, t));
    // periods start at 10, 25, 47.5, 81.25: each restart is the first step at or past its start
    const values = steps(140).map((t) => valueAt(spec, t));
    expect(steps(140).filter((t) => t > 0 && values[t] > values[t - 1])).toEqual([10, 25, 48, 82]);
    expect(horizonOf(spec)).toBe(Math.ceil(10 * ((1.5 ** 5 - 1) / 0.5)));
  });

  it('restarts with a decayed peak and holds `to` after cycleLimit periods, saying so in horizon and breakpoints', () => {
    const spec = tanh({ from: 1, to: 0.1, steps: 10, periodMultiplier: 2, decay: 0.5, cycleLimit: 3 });
    // periods [0, 10), [10, 30), [30, 70): peaks 1, 0.5, 0.25 (times (1 - tanh(-7))/2)
    expect(valueAt(spec, 10)).toBe(0.1 + 0.5 * (0.5 - 0.1) * (1 - Math.tanh(-7)));
    expect(valueAt(spec, 30)).toBe(0.1 + 0.5 * (0.25 - 0.1) * (1 - Math.tanh(-7)));
    expect(valueAt(spec, 69)).toBeGreaterThan(0.1);
    expect([70, 71, 1e12].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1, 0.1]);
    expect(horizonOf(spec)).toBe(70);
    expect(breakpointsOf(spec, 1000)).toEqual([10, 30, 70]);
    expect(horizonOf(tanh({ from: 1, to: 0, steps: 10 }))).toBe(10);
    expect(breakpointsOf(tanh({ from: 1, to: 0, steps: 10 }), 1000)).toEqual([10]);
  });

  it('counts its cycles when it restarts, and refuses more than cycleLimit', () => {
    const spec = tanh({ from: 1, to: 0, steps: 10, periodMultiplier: 2, cycleLimit: 3 });
    expect(stepsForCycles(spec, 2)).toBe(30);
    expect(stepsForCycles(spec, 3)).toBe(70);
    expect(() => stepsForCycles(spec, 4)).toThrow(/stops after 3 cycles/);
    // a single decay has no cycles to count
    expect(() => stepsForCycles(tanh({ from: 1, to: 0, steps: 10 }), 1)).toThrow(/has no cycles/);
  });

  it('accepts a fractional length: the argument runs over real time, `to` from the first step past it', () => {
    // steps 2.5: r = 0, 0.4, 0.8 at t = 0, 1, 2; t = 3 is past the only period
    const spec = tanh({ from: 1, to: 0, steps: 2.5 });
    [0, 0.4, 0.8].forEach((r, t) => close(valueAt(spec, t), 0.5 * (1 - Math.tanh(-7 * (1 - r) + 3 * r))));
    expect(valueAt(spec, 3)).toBe(0);
    expect(horizonOf(spec)).toBe(3);
  });

  it('re-plans a single decay exactly when stretched: the argument continues from where it is', () => {
    const spec = tanh({ from: 1, to: 0, steps: 100 });
    const longer = stretch(spec, 300, { at: 40 });
    for (let t = 0; t < 40; t++) expect(valueAt(longer, t)).toBe(valueAt(spec, t));
    // old step 70 (argument -7·0.3 + 3·0.7 = 0) is now step 40 + 30·(260/60) = 170
    close(valueAt(longer, 170), valueAt(spec, 70), 1e-14);
    expect([300, 301].map((t) => valueAt(longer, t))).toEqual([0, 0]);
    expect(() => stretch(tanh({ from: 1, to: 0, steps: 10, cycleLimit: 2 }), 100, { at: 5 })).toThrow(RangeError);
  });

  it('gives identical values through valueAt, compileSchedule and sample', () => {
    for (const spec of [
      tanh({ from: 1, to: 0.01, steps: 9 }),
      tanh({ from: 1, to: 0.01, steps: 4, periodMultiplier: 1.7, decay: 0.6, cycleLimit: 6, lower: -4, upper: 4 }),
      tanh({ from: 1, to: 0.01, steps: 3.5, cycleLimit: 4 }),
    ]) {
      const f = compileSchedule(spec);
      const s = sample(spec, { count: 80 });
      for (let t = 0; t < 80; t++) {
        expect(f(t)).toBe(valueAt(spec, t));
        expect(s[t]).toBe(f(t));
      }
      for (const t of [1e9, 1e12]) expect(f(t)).toBe(valueAt(spec, t));
    }
  });

  it('rejects lower >= upper (timm asserts lb < ub) and bad fields, with paths', () => {
    const issues = validateSchedule({ type: 'tanh', from: 1, to: 0, steps: 10, lower: 3, upper: 3 });
    expect(issues.map((i) => [i.code, i.path])).toEqual([['out_of_order', ['upper']]]);
    expect(issues[0].message).toBe('upper (3) must be above lower (3) (timm asserts lb < ub)');
    expect(validateSchedule({ type: 'tanh', from: 1, to: 0, steps: 0, periodMultiplier: 0.5, decay: 1.5, cycleLimit: 0 }).map((i) => i.path)).toEqual([
      ['steps'],
      ['periodMultiplier'],
      ['decay'],
      ['cycleLimit'],
    ]);
    expect(validateSchedule({ type: 'tanh', from: 1e308, to: 0, steps: 10 }).map((i) => i.code)).toEqual(['out_of_range']);
  });

  it('builds its first period from epochs with stepsPerEpoch', () => {
    expect(tanh({ from: 0.1, to: 0, epochs: 2, stepsPerEpoch: 5 })).toEqual({ type: 'tanh', from: 0.1, to: 0, steps: 10 });
    expect(() => tanh({ from: 0.1, to: 0, epochs: 2 })).toThrow(ScheduleSpecError);
  });
});
