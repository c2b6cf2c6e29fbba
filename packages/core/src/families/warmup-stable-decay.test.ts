import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError, compileSchedule, horizonOf, sample, valueAt, validateSchedule, warmupStableDecay, type SpecOf } from '../index.js';

type WarmupStableDecaySpec = SpecOf<'warmupStableDecay'>;

type Shape = 'linear' | 'cosine' | '1-sqrt';

/** HF transformers _get_wsd_scheduler_lambda times the base lr. */
function hf(base: number, w: number, s: number, d: number, warmupType: Shape, decayType: Shape, minLrRatio: number, numCycles: number, t: number): number {
  let factor: number;
  if (t < w) {
    const p = t / Math.max(1, w);
    factor = warmupType === 'linear' ? p : warmupType === 'cosine' ? 0.5 * (1 - Math.cos(Math.PI * p)) : 1 - Math.sqrt(1 - p);
    return base * Math.max(0, factor * (1 - minLrRatio) + minLrRatio);
  }
  if (t < w + s) return base * 1;
  if (t < w + s + d) {
    const p = (t - w - s) / Math.max(1, d);
    factor = decayType === 'linear' ? 1 - p : decayType === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * p)) : 1 - Math.sqrt(p);
    return base * Math.max(0, factor * (1 - minLrRatio) + minLrRatio);
  }
  return base * minLrRatio;
}

const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));

describe('warmupStableDecay', () => {
  it('gives the documented example', () => {
    const spec = warmupStableDecay({ peak: 1, warmupSteps: 2, stableSteps: 2, decaySteps: 4, decayShape: 'linear' });
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((t) => valueAt(spec, t))).toEqual([0, 0.5, 1, 1, 1, 0.75, 0.5, 0.25, 0, 0]);
  });

  it('matches HF get_wsd_schedule(10 warmup, 20 decay, 100 total, min_lr_ratio 0.1) worked by hand', () => {
    // HF warms up from min_lr_ratio·lr, so from = to = 1e-4 here.
    const spec = warmupStableDecay({ peak: 1e-3, from: 1e-4, to: 1e-4, warmupSteps: 10, decaySteps: 20, totalSteps: 100 });
    expect(spec.stableSteps).toBe(70);
    close(valueAt(spec, 0), 1e-4);
    close(valueAt(spec, 5), 5.5e-4);
    expect([9, 10, 11, 79, 80].map((t) => valueAt(spec, t) === 1e-3)).toEqual([false, true, true, true, true]);
    close(valueAt(spec, 90), 5.5e-4);
    expect(valueAt(spec, 99)).toBeGreaterThan(1e-4);
    expect([100, 101, 1e12].map((t) => valueAt(spec, t))).toEqual([1e-4, 1e-4, 1e-4]);
  });

  it.each([
    ['linear', 'linear', 0, 0.5],
    ['cosine', 'cosine', 0.1, 0.5],
    ['1-sqrt', '1-sqrt', 0.05, 0.5],
    ['linear', 'cosine', 0, 1],
    ['cosine', '1-sqrt', 0.2, 0.25],
  ] as const)('agrees with HF for warmup %s, decay %s, min_lr_ratio %f, num_cycles %f within 1e-12', (warmupShape, decayShape, ratio, cycles) => {
    const peak = 3e-4;
    const spec: WarmupStableDecaySpec = {
      type: 'warmupStableDecay', peak, warmupSteps: 7, stableSteps: 5, decaySteps: 13,
      from: peak * ratio, to: peak * ratio, warmupShape, decayShape, cycles,
    };
    for (let t = 0; t < 30; t++) close(valueAt(spec, t), hf(peak, 7, 5, 13, warmupShape, decayShape, ratio, cycles, t));
  });

  it('lets each phase own its first step: t = W-1, W, W+1; W+S-1, W+S, W+S+1; end-1, end, end+1', () => {
    const spec: WarmupStableDecaySpec = { type: 'warmupStableDecay', peak: 1, warmupSteps: 4, stableSteps: 3, decaySteps: 4, from: 0.2, to: 0.1, decayShape: 'linear' };
    expect([3, 4, 5].map((t) => valueAt(spec, t))).toEqual([0.2 + 0.8 * 0.75, 1, 1]);
    expect([6, 7, 8].map((t) => valueAt(spec, t))).toEqual([1, 1, 0.1 + 0.9 * 0.75]);
    expect([10, 11, 12].map((t) => valueAt(spec, t))).toEqual([0.1 + 0.9 * 0.25, 0.1, 0.1]);
    expect(horizonOf(spec)).toBe(11);
  });

  it('handles empty phases: no warmup starts at the peak, no decay drops straight to `to`', () => {
    const spec: WarmupStableDecaySpec = { type: 'warmupStableDecay', peak: 1, warmupSteps: 0, stableSteps: 2, decaySteps: 0, to: 0.3 };
    expect([0, 1, 2, 3].map((t) => valueAt(spec, t))).toEqual([1, 1, 0.3, 0.3]);
  });

  it('accepts fractional phases: each phase starts on the first step at or past its start', () => {
    // warmup [0, 2.5), stable [2.5, 3.5), decay [3.5, 6): t = 4 is 0.2 of the way down, t = 5 is 0.6
    const spec = warmupStableDecay({ peak: 1, warmupSteps: 2.5, stableSteps: 1, decaySteps: 2.5, decayShape: 'linear' });
    const v = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => valueAt(spec, t));
    expect([v[0], v[1], v[2], v[3], v[6], v[7]]).toEqual([0, 0.4, 0.8, 1, 0, 0]);
    close(v[4], 0.8);
    close(v[5], 0.4);
    expect(horizonOf(spec)).toBe(6);
  });

  it('rises, holds, then falls for the half-cosine and every other shape, within [min, peak] (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Shape>('linear', 'cosine', '1-sqrt'),
        fc.constantFrom<Shape>('linear', 'cosine', '1-sqrt'),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        (warmupShape, decayShape, w, s, d, ratio, t) => {
          const spec: WarmupStableDecaySpec = { type: 'warmupStableDecay', peak: 1, warmupSteps: w, stableSteps: s, decaySteps: d, from: ratio / 2, to: ratio, warmupShape, decayShape };
          const v = valueAt(spec, t);
          const next = valueAt(spec, t + 1);
          expect(v).toBeGreaterThanOrEqual(ratio / 2 - 1e-15);
          expect(v).toBeLessThanOrEqual(1);
          if (t + 1 < w) expect(next).toBeGreaterThanOrEqual(v);
          if (t >= w) expect(next).toBeLessThanOrEqual(v + 1e-15);
          expect(compileSchedule(spec)(t) === v).toBe(true); // === : the JSON copy in compileSchedule turns -0 into 0
        },
      ),
    );
    const spec = warmupStableDecay({ peak: 1, warmupSteps: 3, stableSteps: 2, decaySteps: 5, warmupShape: 'cosine', decayShape: '1-sqrt' });
    const ts = Array.from({ length: 15 }, (_, t) => t);
    expect(Array.from(sample(spec, { count: 15 }))).toEqual(ts.map((t) => valueAt(spec, t)));
  });

  it('rejects from or to above the peak and bad shapes, with paths', () => {
    const base = { type: 'warmupStableDecay', peak: 1, warmupSteps: 1, stableSteps: 1, decaySteps: 1 };
    expect(validateSchedule({ ...base, from: 2, to: 1.5 }).map((i) => i.path)).toEqual([['from'], ['to']]);
    expect(validateSchedule({ ...base, to: 1.5 })[0].message).toBe('to (1.5) is above peak (1): the decay would rise');
    expect(validateSchedule({ ...base, peak: 1e308, from: -1e308 }).map((i) => [i.code, i.path])).toEqual([['out_of_range', ['peak']], ['out_of_range', ['from']]]);
    expect(validateSchedule({ ...base, decayShape: 'sqrt', cycles: 0, stableSteps: -1 }).map((i) => i.path)).toEqual([['stableSteps'], ['decayShape'], ['cycles']]);
  });

  it('resolves totalSteps, epochs and refuses a totalSteps that disagrees with the phases', () => {
    expect(warmupStableDecay({ peak: 1, warmupEpochs: 1, decayEpochs: 2, totalSteps: 1000, stepsPerEpoch: 100 })).toEqual({
      type: 'warmupStableDecay', peak: 1, warmupSteps: 100, stableSteps: 700, decaySteps: 200,
    });
    expect(() => warmupStableDecay({ peak: 1, warmupSteps: 10, stableSteps: 10, decaySteps: 10, totalSteps: 40 })).toThrow(/disagrees/);
    try {
      warmupStableDecay({ peak: 1, warmupSteps: 10, decaySteps: 20, totalSteps: 25 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScheduleSpecError);
      expect((error as ScheduleSpecError).issues.map((i) => i.path)).toEqual([['totalSteps']]);
    }
  });
});
