import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError, compileSchedule, cosine, horizonOf, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';

type CosineSpec = SpecOf<'cosine'>;

const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));

/** PyTorch 1.13 CosineAnnealingLR.get_lr, stepped recursively as PyTorch does. */
function pytorchCosineAnnealing(base: number, etaMin: number, tMax: number, n: number): number[] {
  const out = [base];
  let lr = base;
  for (let e = 1; e < n; e++) {
    if ((e - 1 - tMax) % (2 * tMax) === 0) lr = lr + ((base - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    else lr = ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) * (lr - etaMin) + etaMin;
    out.push(lr);
  }
  return out;
}

describe('cosine', () => {
  it('runs half a cosine from `from` to `to` and holds `to` after', () => {
    const spec = cosine({ from: 1, to: 0, steps: 4 });
    expect([0, 1, 2, 3, 4, 5, 1e12].map((t) => valueAt(spec, t))).toEqual([
      1, 0.8535533905932737, 0.5, 0.14644660940672627, 0, 0, 0,
    ]);
  });

  it('puts the end exactly on step `steps`: t = steps-1, steps, steps+1', () => {
    const spec: CosineSpec = { type: 'cosine', from: 0.1, to: 0.001, steps: 100 };
    expect(valueAt(spec, 99)).toBeGreaterThan(0.001);
    expect(valueAt(spec, 100)).toBe(0.001);
    expect(valueAt(spec, 101)).toBe(0.001);
    const periodic: CosineSpec = { ...spec, after: 'continue' };
    expect(valueAt(periodic, 99)).toBe(valueAt(spec, 99));
    expect(valueAt(periodic, 100)).toBe(0.001);
    expect(valueAt(periodic, 101)).toBe(valueAt(spec, 99));
  });

  it('matches PyTorch CosineAnnealingLR (recursive, periodic past T_max) within 1e-12 with after: continue', () => {
    for (const [tMax, etaMin] of [[10, 0.001], [7, 0.01], [1, 0.002], [50, 0.0001]] as const) {
      const spec: CosineSpec = { type: 'cosine', from: 0.1, to: etaMin, steps: tMax, after: 'continue' };
      const torch = pytorchCosineAnnealing(0.1, etaMin, tMax, 6 * tMax + 3);
      torch.forEach((v, t) => close(valueAt(spec, t), v, 1e-12));
    }
  });

  it('matches Keras CosineDecay(0.1, 10, alpha=0.1) without warmup: to = initial·alpha', () => {
    const spec = cosine({ from: 0.1, to: 0.01, steps: 10 });
    close(valueAt(spec, 5), 0.055);
    for (let t = 0; t <= 12; t++) {
      const step = Math.min(t, 10);
      close(valueAt(spec, t), 0.1 * ((1 - 0.1) * 0.5 * (1 + Math.cos((Math.PI * step) / 10)) + 0.1));
    }
  });

  it('raises the cosine factor to `power` as optax cosine_decay_schedule does', () => {
    const spec = cosine({ from: 1, to: 0, steps: 10, power: 2 });
    expect(valueAt(spec, 5)).toBe(0.25);
    expect(valueAt(spec, 10)).toBe(0);
    // optax: init·((1 - alpha)·cos_decay^power + alpha) with init 2, alpha 0.25, power 3
    const optax = cosine({ from: 2, to: 0.5, steps: 8, power: 3 });
    for (let t = 0; t <= 10; t++) {
      const c = 0.5 * (1 + Math.cos((Math.PI * Math.min(t, 8)) / 8));
      close(valueAt(optax, t), 2 * ((1 - 0.25) * c ** 3 + 0.25));
    }
  });

  it('stays exact at steps 1e9 and 1e12 with after: continue (the period 2·steps is reduced exactly)', () => {
    const spec: CosineSpec = { type: 'cosine', from: 1, to: 0, steps: 7, after: 'continue' };
    for (const t of [1e9, 1e9 + 3, 1e12, 1e12 + 5, 2 ** 52 + 1]) {
      const u = Number(BigInt(t) % 14n);
      expect(valueAt(spec, t)).toBe((1 + Math.cos((Math.PI * u) / 7)) / 2);
    }
    // 1e12 = 14·71428571428 + 8: one step past the bottom, on the way back up.
    expect(valueAt(spec, 1e12)).toBe((1 + Math.cos((8 * Math.PI) / 7)) / 2);
  });

  it('decays monotonically and stays within [to, from] (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 2e6 }),
        (from, to, steps, power, t) => {
          const spec: CosineSpec = { type: 'cosine', from, to, steps, power };
          const v = valueAt(spec, t);
          const next = valueAt(spec, t + 1);
          const lo = Math.min(from, to);
          const hi = Math.max(from, to);
          const eps = 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi));
          expect(v).toBeGreaterThanOrEqual(lo - eps);
          expect(v).toBeLessThanOrEqual(hi + eps);
          if (from >= to) expect(next).toBeLessThanOrEqual(v + eps);
          else expect(next).toBeGreaterThanOrEqual(v - eps);
        },
      ),
    );
  });

  it('gives the same values through valueAt, compileSchedule and sample', () => {
    for (const spec of [
      cosine({ from: 0.1, to: 0.001, steps: 9 }),
      cosine({ from: 0.1, to: 0.001, steps: 9, after: 'continue' }),
      cosine({ from: 0.1, to: 0.001, steps: 9, power: 1.5 }),
      cosine({ from: 0.1, to: 0.001, steps: 9, power: 0.5, after: 'continue' }),
    ]) {
      const f = compileSchedule(spec);
      const ts = [...Array.from({ length: 40 }, (_, t) => t), 1e9, 1e12 + 1];
      expect(ts.map(f)).toEqual(ts.map((t) => valueAt(spec, t)));
      expect(Array.from(sample(spec, { count: 40 }))).toEqual(ts.slice(0, 40).map(f));
    }
  });

  it('reports its horizon: steps when it holds, Infinity when it continues, 0 when flat', () => {
    expect(horizonOf({ type: 'cosine', from: 1, to: 0, steps: 9 })).toBe(9);
    expect(horizonOf({ type: 'cosine', from: 1, to: 0, steps: 9, after: 'continue' })).toBe(Infinity);
    expect(horizonOf({ type: 'cosine', from: 0.5, to: 0.5, steps: 9, after: 'continue' })).toBe(0);
    // a fractional length ends at the first whole step past it
    expect(horizonOf({ type: 'cosine', from: 1, to: 0, steps: 7.5 })).toBe(8);
  });

  it('accepts a fractional length: the cosine runs over real time and step ceil(steps) is `to`', () => {
    // (1 + cos(π·t/2.5))/2: t = 1 → (1 + cos(0.4π))/2, t = 2 → (1 + cos(0.8π))/2, t = 3 >= 2.5 → to
    const spec = cosine({ from: 1, to: 0, steps: 2.5 });
    const v = [0, 1, 2, 3, 4].map((t) => valueAt(spec, t));
    expect(v[0]).toBe(1);
    close(v[1], (1 + 0.30901699437494745) / 2);
    close(v[2], (1 - 0.8090169943749475) / 2);
    expect(v.slice(3)).toEqual([0, 0]);
    // continuing: the period is 5, so t = 3 is 0.6 of the way back up, t = 5 is `from` again, t = 6 is t = 1
    const cont = cosine({ from: 1, to: 0, steps: 2.5, after: 'continue' });
    close(valueAt(cont, 3), (1 - 0.8090169943749475) / 2);
    expect(valueAt(cont, 5)).toBe(1);
    expect(valueAt(cont, 6)).toBe(valueAt(spec, 1));
  });

  it('rejects a zero or negative power, a zero length and an unknown `after`, with paths', () => {
    const issues = validateSchedule({ type: 'cosine', from: 1, to: 0, steps: 0, power: 0, after: 'cycle' });
    expect(issues.map((i) => [i.code, i.path])).toEqual([['too_small', ['steps']], ['out_of_range', ['power']], ['invalid_enum', ['after']]]);
    expect(validateSchedule({ type: 'cosine', from: 1, to: 0, steps: 2, power: -1 })[0].message).toBe('power must be a positive number, got -1');
  });

  it('refuses values beyond ±1e300 and stays finite at the extremes within', () => {
    expect(validateSchedule({ type: 'cosine', from: 1e308, to: -1e308, steps: 2 }).map((i) => [i.code, i.path])).toEqual([
      ['out_of_range', ['from']],
      ['out_of_range', ['to']],
    ]);
    expect(validateSchedule({ type: 'cosine', from: 1e308, to: 0, steps: 2 })[0].message).toBe(
      'from must be a finite number within ±1e300, got 1e+308 (larger magnitudes are not supported: the arithmetic could overflow)',
    );
    const wide = cosine({ from: 1e300, to: -1e300, steps: 2, after: 'continue' });
    expect([0, 2, 4].map((t) => valueAt(wide, t))).toEqual([1e300, -1e300, 1e300]);
    expect(Math.abs(valueAt(wide, 1))).toBeLessThan(1e285);
  });

  it('builds from epochs with stepsPerEpoch and refuses steps and epochs together', () => {
    expect(cosine({ from: 1, to: 0, epochs: 3, stepsPerEpoch: 100, after: 'continue' })).toEqual({ type: 'cosine', from: 1, to: 0, steps: 300, after: 'continue' });
    expect(() => cosine({ from: 1, to: 0, epochs: 3 })).toThrow(/stepsPerEpoch is required/);
    expect(() => cosine({ from: 1, to: 0, steps: 3, epochs: 3, stepsPerEpoch: 2 })).toThrow(ScheduleSpecError);
    expect(() => cosine({ from: 1, to: 0 })).toThrow(/steps is required/);
  });

  it('reports epochs it cannot resolve once, under the option the caller wrote', () => {
    const issuesOf = (options: Parameters<typeof cosine>[0]) => {
      try {
        cosine(options);
      } catch (error) {
        return (error as ScheduleSpecError).issues.map((i) => [i.path, i.message]);
      }
      return [];
    };
    expect(issuesOf({ from: 1, to: 0, epochs: -1, stepsPerEpoch: 10 })).toEqual([[['epochs'], 'epochs must be a non-negative number of epochs, got -1']]);
    expect(issuesOf({ from: 1, to: 0, epochs: 3 })).toEqual([[['stepsPerEpoch'], 'stepsPerEpoch is required when a duration is given in epochs']]);
    expect(issuesOf({ from: 1, to: 0, steps: 3, epochs: 3, stepsPerEpoch: 2 })).toEqual([[['epochs'], 'give either steps or epochs, not both']]);
  });
});

describe('cosine endpoints', () => {
  it('starts exactly at `from` even where to + (from - to) rounds away from it', async () => {
    const { valueAt, compileSchedule } = await import('../index.js');
    for (const after of ['hold', 'continue'] as const) {
      for (const power of [1, 2]) {
        const spec = { type: 'cosine' as const, from: 1e-4, to: 0.01, steps: 10, after, power };
        expect(0.01 + (1e-4 - 0.01)).not.toBe(1e-4); // the naive formula misses
        expect(valueAt(spec, 0)).toBe(1e-4);
        expect(compileSchedule(spec)(0)).toBe(1e-4);
        expect(valueAt(spec, 10)).toBe(0.01);
        if (after === 'continue') expect([valueAt(spec, 20), compileSchedule(spec)(20_000_000)]).toEqual([1e-4, 1e-4]);
      }
    }
  });
});
