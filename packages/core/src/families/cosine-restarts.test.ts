import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodAt } from '../base/periods.js';
import { ScheduleSpecError, compileSchedule, cosineRestarts, horizonOf, parseSchedule, sample, valueAt, validateSchedule, type Schedule, type SpecOf } from '../index.js';

type CosineRestartsSpec = SpecOf<'cosineRestarts'>;

const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));

/** PyTorch CosineAnnealingWarmRestarts, stepped the way PyTorch steps it (T_cur += 1; restart when T_cur >= T_i). */
function pytorchWarmRestarts(base: number, etaMin: number, t0: number, tMult: number, n: number): number[] {
  const out: number[] = [];
  let tCur = 0;
  let tI = t0;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      tCur += 1;
      if (tCur >= tI) {
        tCur -= tI;
        tI *= tMult;
      }
    }
    out.push(etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2);
  }
  return out;
}

/** Keras CosineDecayRestarts.__call__ in float64: the log formula for the restart index. */
function kerasRestarts(initial: number, first: number, tMul: number, mMul: number, alpha: number, t: number): number {
  let fraction = t / first;
  let i: number;
  if (tMul === 1) {
    i = Math.floor(fraction);
    fraction -= i;
  } else {
    i = Math.floor(Math.log(1 - fraction * (1 - tMul)) / Math.log(tMul));
    const sumR = (1 - Math.pow(tMul, i)) / (1 - tMul);
    fraction = (fraction - sumR) / Math.pow(tMul, i);
  }
  const cosineDecayed = 0.5 * Math.pow(mMul, i) * (1 + Math.cos(Math.PI * fraction));
  return initial * ((1 - alpha) * cosineDecayed + alpha);
}

/** timm CosineLRScheduler._get_lr without warmup or noise. */
function timmCosine(base: number, lrMin: number, tInitial: number, cycleMul: number, cycleDecay: number, cycleLimit: number, k: number, t: number): number {
  let i: number;
  let tI: number;
  let tCurr: number;
  if (cycleMul !== 1) {
    i = Math.floor(Math.log(1 - (t / tInitial) * (1 - cycleMul)) / Math.log(cycleMul));
    tI = Math.pow(cycleMul, i) * tInitial;
    tCurr = t - ((1 - Math.pow(cycleMul, i)) / (1 - cycleMul)) * tInitial;
  } else {
    i = Math.floor(t / tInitial);
    tI = tInitial;
    tCurr = t - tInitial * i;
  }
  const lrMax = base * Math.pow(cycleDecay, i);
  if (i >= cycleLimit) return lrMin;
  return lrMin + 0.5 * (lrMax - lrMin) * (1 + Math.cos((Math.PI * Math.pow(tCurr, k)) / Math.pow(tI, k)));
}

const steps = (n: number) => Array.from({ length: n }, (_, t) => t);

describe('cosineRestarts', () => {
  it('restarts at every doubling period like PyTorch CosineAnnealingWarmRestarts(T_0=2, T_mult=2)', () => {
    const spec = cosineRestarts({ from: 1, to: 0, steps: 2, periodMultiplier: 2 });
    expect([0, 1, 2, 3, 4, 5, 6, 13, 14].map((t) => valueAt(spec, t))).toEqual([
      1, 0.5, 1, 0.8535533905932737, 0.5, 0.14644660940672627, 1, (1 + Math.cos((7 * Math.PI) / 8)) / 2, 1,
    ]);
  });

  it.each([
    [10, 1, 0.001],
    [3, 2, 0],
    [5, 3, 0.01],
    [1, 1, 0],
    [1, 2, 0.05],
  ])('agrees bit for bit with PyTorch stepping for T_0=%i, T_mult=%i, eta_min=%f over 400 steps', (t0, mult, etaMin) => {
    const spec: CosineRestartsSpec = { type: 'cosineRestarts', from: 0.1, to: etaMin, steps: t0, periodMultiplier: mult };
    expect(steps(400).map((t) => valueAt(spec, t))).toEqual(pytorchWarmRestarts(0.1, etaMin, t0, mult, 400));
  });

  it('takes the new period at the restart step and not one step earlier or later (T_0=10, T_mult=2: restarts at 10, 30, 70)', () => {
    const spec: CosineRestartsSpec = { type: 'cosineRestarts', from: 1, to: 0, steps: 10, periodMultiplier: 2 };
    expect(valueAt(spec, 9)).toBeCloseTo((1 + Math.cos((9 * Math.PI) / 10)) / 2, 15);
    expect(valueAt(spec, 10)).toBe(1);
    expect(valueAt(spec, 11)).toBe((1 + Math.cos(Math.PI / 20)) / 2);
    expect(valueAt(spec, 29)).toBe((1 + Math.cos((19 * Math.PI) / 20)) / 2);
    expect(valueAt(spec, 30)).toBe(1);
    expect(valueAt(spec, 31)).toBe((1 + Math.cos(Math.PI / 40)) / 2);
    expect(valueAt(spec, 69)).toBe((1 + Math.cos((39 * Math.PI) / 40)) / 2);
    expect(valueAt(spec, 70)).toBe(1);
    expect(valueAt(spec, 71)).toBe((1 + Math.cos(Math.PI / 80)) / 2);
  });

  it('reproduces Keras CosineDecayRestarts(1, 10, t_mul=2, m_mul=0.5, alpha=0.1) with the alpha floor not decayed', () => {
    const spec = cosineRestarts({ from: 1, to: 0.1, steps: 10, periodMultiplier: 2, decay: 0.5 });
    // Worked by hand: t=5 is halfway down period 0, t=10 restarts at 0.1 + 0.9·0.5, t=20 halfway down period 1.
    close(valueAt(spec, 0), 1);
    close(valueAt(spec, 5), 0.55);
    close(valueAt(spec, 10), 0.55);
    close(valueAt(spec, 20), 0.325);
    close(valueAt(spec, 30), 0.325);
    for (const t of steps(200)) close(valueAt(spec, t), kerasRestarts(1, 10, 2, 0.5, 0.1, t));
  });

  it('reproduces Keras CosineDecayRestarts with a real t_mul = 1.5 and t_mul = 1', () => {
    const real = cosineRestarts({ from: 2, to: 0.2, steps: 4, periodMultiplier: 1.5, decay: 0.9 });
    const flat = cosineRestarts({ from: 2, to: 0, steps: 7, decay: 0.8 });
    for (const t of steps(300)) {
      close(valueAt(real, t), kerasRestarts(2, 4, 1.5, 0.9, 0.1, t), 1e-11);
      close(valueAt(flat, t), kerasRestarts(2, 7, 1, 0.8, 0, t), 1e-11);
    }
  });

  it('reproduces timm CosineLRScheduler with cycle_mul 1.5, cycle_decay 0.5, cycle_limit 3 and k_decay 2', () => {
    const spec = cosineRestarts({ from: 0.1, to: 0.01, steps: 10, periodMultiplier: 1.5, decay: 0.5, decayTarget: 'peak', cycleLimit: 3, kDecay: 2 });
    // Periods start at 0, 10, 25 and 47.5; the peak of period i is 0.1·0.5^i; after three periods lr_min.
    expect(valueAt(spec, 0)).toBe(0.1);
    close(valueAt(spec, 10), 0.05);
    close(valueAt(spec, 25), 0.025);
    close(valueAt(spec, 47), 0.01 + 0.5 * (0.025 - 0.01) * (1 + Math.cos(Math.PI * (22 / 22.5) ** 2)));
    expect(valueAt(spec, 48)).toBe(0.01);
    expect(valueAt(spec, 1e9)).toBe(0.01);
    for (const t of steps(80)) close(valueAt(spec, t), timmCosine(0.1, 0.01, 10, 1.5, 0.5, 3, 2, t));
  });

  it('reproduces timm with cycle_mul 1 and the default k_decay', () => {
    const spec = cosineRestarts({ from: 0.5, to: 0.001, steps: 6, decay: 0.7, decayTarget: 'peak', cycleLimit: 4 });
    for (const t of steps(40)) close(valueAt(spec, t), timmCosine(0.5, 0.001, 6, 1, 0.7, 4, 1, t));
    expect(horizonOf(spec)).toBe(24);
  });

  it('keeps restarts on the exact step at t = 1e9 and 1e12 for an integer multiplier', () => {
    // Exact boundaries by BigInt: period i starts at 3·(2^i - 1).
    const spec: CosineRestartsSpec = { type: 'cosineRestarts', from: 1, to: 0, steps: 3, periodMultiplier: 2 };
    for (const i of [28, 38]) {
      const start = Number(3n * (2n ** BigInt(i) - 1n));
      const previousLength = Number(3n * 2n ** BigInt(i - 1));
      expect(valueAt(spec, start)).toBe(1);
      expect(valueAt(spec, start - 1)).toBe((1 + Math.cos((Math.PI * (previousLength - 1)) / previousLength)) / 2);
      expect(valueAt(spec, start + 1)).toBe((1 + Math.cos(Math.PI / (3 * 2 ** i))) / 2);
    }
    const f = compileSchedule(spec);
    for (const t of [1e9, 1e9 + 1, 1e12, 1e12 + 7]) {
      // Independent: find the period by BigInt.
      let i = 0n;
      while (3n * (2n ** (i + 1n) - 1n) <= BigInt(t)) i++;
      const u = BigInt(t) - 3n * (2n ** i - 1n);
      const expected = (1 + Math.cos((Math.PI * Number(u)) / (3 * 2 ** Number(i)))) / 2;
      expect(valueAt(spec, t)).toBe(expected);
      expect(f(t)).toBe(expected);
    }
  });

  it('keeps restarts exact at 1e12 with a large integer multiplier and with multiplier 1', () => {
    const big: CosineRestartsSpec = { type: 'cosineRestarts', from: 1, to: 0, steps: 7, periodMultiplier: 20_000 };
    // period 2 starts at 7·(1 + 20000) = 140007 and lasts 7·20000^2 = 2.8e9; period 3 starts at 2800140007.
    expect(valueAt(big, 2_800_140_006)).toBe((1 + Math.cos((Math.PI * 2_799_999_999) / 2_800_000_000)) / 2);
    expect(valueAt(big, 2_800_140_007)).toBe(1);
    expect(valueAt(big, 1e12)).toBe((1 + Math.cos((Math.PI * (1e12 - 2_800_140_007)) / 56_000_000_000_000)) / 2);
    const flat: CosineRestartsSpec = { type: 'cosineRestarts', from: 1, to: 0, steps: 1000 };
    expect(valueAt(flat, 1e12)).toBe(1);
    expect(valueAt(flat, 1e12 - 1)).toBe((1 + Math.cos((Math.PI * 999) / 1000)) / 2);
    expect(valueAt(flat, 1e12 + 250)).toBe((1 + Math.cos((Math.PI * 250) / 1000)) / 2);
  });

  it('places restarts for a real multiplier at the first step past each fractional start, even near 1e12', () => {
    // m = 1.5 = 3/2: period i starts at s_i = 2·P·(3^i - 2^i)/2^i, compared exactly with BigInt.
    const P = 10;
    const spec: CosineRestartsSpec = { type: 'cosineRestarts', from: 1, to: 0, steps: P, periodMultiplier: 1.5 };
    const startCeil = (i: number) => {
      const num = 2n * BigInt(P) * (3n ** BigInt(i) - 2n ** BigInt(i));
      const den = 2n ** BigInt(i);
      return Number((num + den - 1n) / den);
    };
    for (const i of [5, 20, 45, 62]) {
      const first = startCeil(i);
      const peak = valueAt(spec, first);
      const last = valueAt(spec, first - 1);
      expect(peak).toBeGreaterThan(0.999);
      expect(last).toBeLessThan(1e-3);
      expect(compileSchedule(spec)(first)).toBe(peak);
    }
    // An interior point at ~1e12 agrees with an exact rational computation of the phase.
    const t = 1_000_000_000_000;
    let i = 0;
    while (startCeil(i + 1) <= t) i++;
    const num = BigInt(t) * 2n ** BigInt(i) - 2n * BigInt(P) * (3n ** BigInt(i) - 2n ** BigInt(i));
    const den = BigInt(P) * 3n ** BigInt(i);
    const phase = Number((num * 2n ** 60n) / den) / 2 ** 60;
    close(valueAt(spec, t), (1 + Math.cos(Math.PI * phase)) / 2, 1e-9);
  });

  it('stays finite and consistent for extreme multipliers and k-decay up to the last safe step, 2^53 - 1', () => {
    const specs: CosineRestartsSpec[] = [
      { type: 'cosineRestarts', from: 1, to: 0, steps: 1, periodMultiplier: 1e300 },
      { type: 'cosineRestarts', from: 1, to: 0, steps: 1, periodMultiplier: 1.0000001 },
      { type: 'cosineRestarts', from: 1, to: 0.5, steps: 3, periodMultiplier: 2 ** 40, decay: 0.5, decayTarget: 'peak', kDecay: 50 },
      { type: 'cosineRestarts', from: 1, to: 0, steps: 9_007_199_254_740_991, periodMultiplier: 3 },
      { type: 'cosineRestarts', from: 1, to: 0, steps: 1e-9, periodMultiplier: 1.5 },
    ];
    for (const spec of specs) {
      const f = compileSchedule(spec);
      for (const t of [0, 1, 2, 3, 1e6, 1e9, 1e12, 2 ** 53 - 1]) {
        const v = valueAt(spec, t);
        expect(Number.isFinite(v)).toBe(true);
        expect(f(t)).toBe(v);
      }
      // beyond 2^53 steps are no longer exact integers: refused, naming the value
      for (const t of [2 ** 53, 1e20, 1e300]) {
        expect(() => valueAt(spec, t)).toThrow(/beyond 2\^53/);
        expect(() => f(t)).toThrow(RangeError);
      }
    }
  });

  it('holds `to` after cycleLimit periods and says so in its horizon', () => {
    const spec = cosineRestarts({ from: 1, to: 0.1, steps: 4, periodMultiplier: 2, cycleLimit: 2 });
    expect(valueAt(spec, 11)).toBeGreaterThan(0.1);
    expect([12, 13, 1e6].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1, 0.1]);
    expect(horizonOf(spec)).toBe(12);
    expect(horizonOf({ ...spec, cycleLimit: undefined })).toBe(Infinity);
    expect(horizonOf({ ...spec, periodMultiplier: 1.5 })).toBe(10);
  });

  it('stays within [to, from] and gives the same values through compileSchedule and sample', () => {
    fc.assert(
      fc.property(
        fc.record({
          from: fc.double({ min: 0.01, max: 10, noNaN: true }),
          fraction: fc.double({ min: 0, max: 1, noNaN: true }),
          steps: fc.integer({ min: 1, max: 50 }),
          periodMultiplier: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 5 }), fc.double({ min: 1, max: 3, noNaN: true })),
          decay: fc.double({ min: 0, max: 1, noNaN: true }),
          peak: fc.boolean(),
          kDecay: fc.double({ min: 0.25, max: 4, noNaN: true }),
        }),
        fc.integer({ min: 0, max: 1e12 }),
        (r, t) => {
          const spec: CosineRestartsSpec = {
            type: 'cosineRestarts', from: r.from, to: r.from * r.fraction, steps: r.steps,
            periodMultiplier: r.periodMultiplier, decay: r.decay, decayTarget: r.peak ? 'peak' : 'amplitude', kDecay: r.kDecay,
          };
          if (validateSchedule(spec).length > 0) return;
          const v = valueAt(spec, t);
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeLessThanOrEqual(spec.from * (1 + 1e-12));
          if (!r.peak) expect(v).toBeGreaterThanOrEqual(spec.to - 1e-12 * spec.from);
          expect(compileSchedule(spec)(t) === v).toBe(true); // === : the JSON copy in compileSchedule turns -0 into 0
          expect(sample(spec, { start: t, count: 3 })).toEqual(Float64Array.from([t, t + 1, t + 2], (s) => valueAt(spec, s)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decreases monotonically within each period and rises only at the first step of the next', () => {
    const spec = cosineRestarts({ from: 1, to: 0, steps: 5, periodMultiplier: 1.7, kDecay: 1.5 });
    const values = steps(200).map((t) => valueAt(spec, t));
    const rises = steps(200).filter((t) => t > 0 && values[t] > values[t - 1]);
    // periods start at 5, 13.5, 27.95, 52.515, 94.2755, 165.26835
    expect(rises).toEqual([5, 14, 28, 53, 95, 166]);
  });

  it('rejects a floor above the peak, a peak that decays below the floor before cycleLimit, and bad fields, with paths', () => {
    const issues = (spec: unknown) => validateSchedule(spec).map((i) => i.path.join('.'));
    expect(issues({ type: 'cosineRestarts', from: 0.1, to: 0.2, steps: 5, decayTarget: 'peak' })).toEqual(['to']);
    expect(issues({ type: 'cosineRestarts', from: 1e308, to: -1e308, steps: 5 })).toEqual(['from', 'to']);
    expect(issues({ type: 'cosineRestarts', from: 1, to: 0.2, steps: 5, decayTarget: 'peak', decay: 0.5, cycleLimit: 4 })).toEqual(['decay']);
    expect(issues({ type: 'cosineRestarts', from: 1, to: 0.2, steps: 5, decayTarget: 'peak', decay: 0.5, cycleLimit: 3 })).toEqual([]);
    expect(issues({ type: 'cosineRestarts', from: 1, to: 0, steps: 0, periodMultiplier: 0.9, decay: 1.5, kDecay: 0, cycleLimit: 0 }))
      .toEqual(['steps', 'periodMultiplier', 'decay', 'cycleLimit', 'kDecay']);
    expect(() => parseSchedule({ type: 'cosineRestarts', from: 0.1, to: 0.2, steps: 5, decayTarget: 'peak' })).toThrow(/floor to \(0.2\) is above the peak/);
  });

  it('accepts a fractional first period (HF cosine_with_restarts, a 1.5-step period): restarts at the first step past each start', () => {
    // period 1.5: u = t mod 1.5 is 0, 1, 0.5, 0, 1, 0.5, ...; the value is (1 + cos(π·u/1.5))/2
    const spec = cosineRestarts({ from: 1, to: 0, steps: 1.5 });
    const v = steps(7).map((t) => valueAt(spec, t));
    expect([v[0], v[3], v[6]]).toEqual([1, 1, 1]);
    close(v[1], 0.25);
    close(v[2], 0.75);
    close(v[4], 0.25);
    expect(horizonOf(spec)).toBe(Infinity);
    expect(horizonOf({ ...spec, cycleLimit: 2 })).toBe(3);
  });

  it('restarts on a step that a fractional period misses by rounding only, as HF does (T = 20, num_cycles = 6: t = 10)', () => {
    // HF: 0.5·(1 + cos(π·((num_cycles·progress) % 1))); at t = 10, 6·0.5 = 3 exactly, so % 1 = 0 (full lr)
    const hf = (t: number, span: number, cycles: number) => 0.5 * (1 + Math.cos(Math.PI * ((cycles * (t / span)) % 1)));
    const spec: Schedule = { type: 'cosineRestarts', from: 1, to: 0, steps: 20 / 6 };
    expect(10 % (20 / 6)).toBeCloseTo(20 / 6, 12); // the float period puts t = 10 at the end of period 2
    expect(valueAt(spec, 10)).toBe(1);
    expect(valueAt(spec, 9)).toBeCloseTo(hf(9, 20, 6), 12);
    for (const [span, cycles] of [[20, 6], [845, 2], [30, 6], [1000, 7], [999, 1.5], [600, 12]] as const) {
      const s: Schedule = { type: 'cosineRestarts', from: 1, to: 0, steps: span / cycles };
      const f = compileSchedule(s);
      for (let t = 0; t < span; t++) close(f(t), hf(t, span, cycles), 1e-9);
    }
  });

  it('leaves integer lengths exactly as t % steps gives them (property: the snap never applies to a whole period)', () => {
    // the formula before the snap, for integer lengths: u = t mod T, index = (t - u)/T
    const before = (spec: CosineRestartsSpec, t: number) => {
      const u = t % spec.steps;
      const i = Math.round((t - u) / spec.steps);
      if (spec.cycleLimit !== undefined && i >= spec.cycleLimit) return spec.to;
      const peak = spec.decayTarget === 'peak';
      const d = Math.pow(spec.decay ?? 1, i);
      const c = 1 + Math.cos((Math.PI * u) / spec.steps);
      return peak ? spec.to + 0.5 * (spec.from * d - spec.to) * c : spec.to + ((spec.from - spec.to) * d * c) / 2;
    };
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 1e12 }), fc.boolean(),
      (steps, t, decayed) => {
        const spec: CosineRestartsSpec = decayed
          ? { type: 'cosineRestarts', from: 1, to: 0.1, steps, decay: 0.5, cycleLimit: 1000 }
          : { type: 'cosineRestarts', from: 1, to: 0.1, steps };
        expect(compileSchedule(spec)(t)).toBe(before(spec, t));
      },
    ), { numRuns: 2000 });
    // the period index itself, at real times (an epochs clock): exactly t % steps for whole lengths
    const pos = { index: 0, offset: 0, length: 1 };
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1e12, noNaN: true }), (steps, t) => {
      periodAt(t, steps, 1, 0, pos);
      expect(pos.offset).toBe(t % steps);
      expect(pos.index).toBe(Math.round((t - (t % steps)) / steps));
    }), { numRuns: 5000 });
  });

  it('builds a spec from a first period in epochs, fractional steps included', () => {
    expect(cosineRestarts({ from: 1, to: 0, epochs: 2, stepsPerEpoch: 50, periodMultiplier: 2 })).toEqual({
      type: 'cosineRestarts', from: 1, to: 0, steps: 100, periodMultiplier: 2,
    });
    // 0.3 epochs of 5 steps is a 1.5-step period, the one above
    const fractional = cosineRestarts({ from: 1, to: 0, epochs: 0.3, stepsPerEpoch: 5 });
    expect(fractional.steps).toBe(1.5);
    expect(steps(7).map((t) => valueAt(fractional, t))).toEqual(steps(7).map((t) => valueAt(cosineRestarts({ from: 1, to: 0, steps: 1.5 }), t)));
    expect(() => cosineRestarts({ from: 1, to: 0, epochs: 0.3 })).toThrow(ScheduleSpecError);
  });
});
