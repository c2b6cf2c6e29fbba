import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError } from '../base/errors.js';
import { valueAt } from '../evaluate/api.js';
import type { Schedule } from '../spec.js';
import { fromTransformers } from './transformers.js';

// Reference factors transliterated by hand from HF transformers src/transformers/optimization.py
// (huggingface/transformers, commit 005edacb): each returns the LambdaLR factor at `step`; the
// learning rate is `lr * factor` (LambdaLR multiplies the base lr by the lambda).
const ref = {
  constant: () => 1,
  constant_with_warmup(step: number, w: number) {
    if (step < w) return step / Math.max(1, w);
    return 1;
  },
  linear(step: number, w: number, total: number) {
    if (step < w) return step / Math.max(1, w);
    return Math.max(0, (total - step) / Math.max(1, total - w));
  },
  cosine(step: number, w: number, total: number, cycles = 0.5) {
    if (step < w) return step / Math.max(1, w);
    const progress = (step - w) / Math.max(1, total - w);
    return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress)));
  },
  cosine_with_restarts(step: number, w: number, total: number, cycles = 1) {
    if (step < w) return step / Math.max(1, w);
    const progress = (step - w) / Math.max(1, total - w);
    if (progress >= 1) return 0;
    return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * ((cycles * progress) % 1))));
  },
  polynomial(step: number, w: number, total: number, lrInit: number, lrEnd = 1e-7, power = 1) {
    if (step < w) return step / Math.max(1, w);
    if (step > total) return lrEnd / lrInit;
    const pctRemaining = 1 - (step - w) / (total - w);
    return ((lrInit - lrEnd) * pctRemaining ** power + lrEnd) / lrInit;
  },
  inverse_sqrt(step: number, w: number, timescale?: number) {
    const ts = timescale ?? (w || 10_000);
    if (step < w) return step / Math.max(1, w);
    const shift = ts - w;
    return 1 / Math.sqrt((step + shift) / ts);
  },
  cosine_with_min_lr(step: number, w: number, total: number, cycles: number, minRate: number) {
    if (step < w) return step / Math.max(1, w);
    const progress = (step - w) / Math.max(1, total - w);
    const f = 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress));
    return Math.max(0, f * (1 - minRate) + minRate);
  },
  cosine_warmup_with_min_lr(step: number, w: number, total: number, cycles: number, minRate: number, warmupRate?: number) {
    if (step < w) {
      if (warmupRate === undefined) return (step + 1) / Math.max(1, w);
      return warmupRate + ((1 - warmupRate) * step) / Math.max(1, w - 1);
    }
    const progress = (step - w + 1) / Math.max(1, total - w);
    const f = 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress));
    return Math.max(0, f * (1 - minRate) + minRate);
  },
  warmup_stable_decay(step: number, w: number, s: number, d: number, warmupType: string, decayType: string, ratio: number, cycles: number) {
    if (step < w) {
      const p = step / Math.max(1, w);
      let f = p;
      if (warmupType === 'cosine') f = 0.5 * (1 - Math.cos(Math.PI * p));
      else if (warmupType === '1-sqrt') f = 1 - Math.sqrt(1 - p);
      return Math.max(0, f * (1 - ratio) + ratio);
    }
    if (step < w + s) return 1;
    if (step < w + s + d) {
      const p = (step - w - s) / Math.max(1, d);
      let f = 1 - p;
      if (decayType === 'cosine') f = 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * p));
      else if (decayType === '1-sqrt') f = 1 - Math.sqrt(p);
      return Math.max(0, f * (1 - ratio) + ratio);
    }
    return ratio;
  },
};

/**
 * Every step 0..n plus a few large ones. `periodic`: HF's cosine keeps cycling, and its own float64
 * evaluation of cos(π·2·c·progress) at t = 1e9 carries ~1e-7 rad of rounding in the argument (cyclr
 * reduces t by whole periods exactly), so periodic cases stop at 1e6.
 */
function steps(n: number, periodic = false): number[] {
  const out = Array.from({ length: n + 1 }, (_, i) => i);
  return periodic ? [...out, 1_000, 12_345, 1e6] : [...out, 1_000, 12_345, 1e6, 1e9];
}

/** 1e-9 relative, with an absolute floor of 1e-15·scale for values that are 0 on one side. */
function expectClose(spec: Schedule, expected: (t: number) => number, ts: number[], scale: number): void {
  for (const t of ts) {
    const want = expected(t);
    const got = valueAt(spec, t);
    const tol = 1e-9 * Math.max(Math.abs(want), Math.abs(got)) + 1e-15 * scale;
    if (!(Math.abs(got - want) <= tol)) expect.fail(`t = ${t}: got ${got}, HF gives ${want}`);
  }
}

const lr = 3e-4;
const opt = { lr };

describe('fromTransformers matches HF get_scheduler at every step', () => {
  it.each([
    [0, 20], [5, 20], [1, 2], [20, 20], [30, 20], [7, 100],
  ])('linear with num_warmup_steps %i and num_training_steps %i', (w, total) => {
    const spec = fromTransformers('linear', { num_warmup_steps: w, num_training_steps: total }, opt);
    expectClose(spec, (t) => lr * ref.linear(t, w, total), steps(total + 10), lr);
  });

  it.each([
    [0, 20, 0.5], [4, 24, 0.5], [10, 30, 1], [3, 13, 2.5], [20, 20, 0.5], [25, 20, 0.5], [6, 46, 5],
  ])('cosine with num_warmup_steps %i, num_training_steps %i, num_cycles %f (periodic past the end)', (w, total, cycles) => {
    const spec = fromTransformers('cosine', { num_warmup_steps: w, num_training_steps: total, num_cycles: cycles }, opt);
    expectClose(spec, (t) => lr * ref.cosine(t, w, total, cycles), steps(3 * total + 10, true), lr);
  });

  it.each([
    [0, 10, 1.5], [3, 13, 0.7], [5, 105, 3.3], [2, 9, 0.25], [0, 7, -1.5],
  ])('cosine with num_warmup_steps %i, num_training_steps %i, num_cycles %f: a half period that is not a whole number of steps', (w, total, cycles) => {
    const spec = fromTransformers('cosine', { num_warmup_steps: w, num_training_steps: total, num_cycles: cycles }, opt);
    expectClose(spec, (t) => lr * ref.cosine(t, w, total, cycles), steps(3 * total + 10, true), lr);
  });

  it('cosine_with_min_lr with num_cycles 1.5 over 10 decay steps (half period 10/3)', () => {
    const spec = fromTransformers('cosine_with_min_lr', { num_warmup_steps: 2, num_training_steps: 12, num_cycles: 1.5, min_lr_rate: 0.1 }, opt);
    expectClose(spec, (t) => lr * ref.cosine_with_min_lr(t, 2, 12, 1.5, 0.1), steps(50, true), lr);
  });

  it.each([
    [0, 20, 1], [5, 25, 4], [3, 33, 3], [2, 12, 10], [0, 30, 2.5], [10, 10, 1], [4, 24, 0],
  ])('cosine_with_restarts with num_warmup_steps %i, num_training_steps %i, num_cycles %f', (w, total, cycles) => {
    const spec = fromTransformers('cosine_with_restarts', { num_warmup_steps: w, num_training_steps: total, num_cycles: cycles }, opt);
    expectClose(spec, (t) => lr * ref.cosine_with_restarts(t, w, total, cycles), steps(total + 10), lr);
  });

  it.each([
    [0, 20, 1e-7, 1], [5, 25, 1e-5, 2], [10, 40, 0, 0.5], [30, 20, 1e-6, 1],
  ])('polynomial with num_warmup_steps %i, num_training_steps %i, lr_end %f, power %f', (w, total, lrEnd, power) => {
    const spec = fromTransformers('polynomial', { num_warmup_steps: w, num_training_steps: total, lr_end: lrEnd, power }, opt);
    expectClose(spec, (t) => lr * ref.polynomial(t, w, total, lr, lrEnd, power), steps(total + 10), lr);
  });

  it('constant ignores num_warmup_steps and num_training_steps, as get_scheduler does', () => {
    const spec = fromTransformers('constant', { num_warmup_steps: 10, num_training_steps: 100 }, opt);
    expectClose(spec, () => lr * ref.constant(), steps(20), lr);
  });

  it.each([0, 1, 10])('constant_with_warmup with num_warmup_steps %i', (w) => {
    const spec = fromTransformers('constant_with_warmup', { num_warmup_steps: w }, opt);
    expectClose(spec, (t) => lr * ref.constant_with_warmup(t, w), steps(30), lr);
  });

  it.each([
    [0, undefined], [10, undefined], [10, 50], [4, 1],
  ])('inverse_sqrt with num_warmup_steps %i and timescale %s', (w, timescale) => {
    const spec = fromTransformers('inverse_sqrt', { num_warmup_steps: w, timescale }, opt);
    expectClose(spec, (t) => lr * ref.inverse_sqrt(t, w, timescale), steps(60), lr);
  });

  it.each([
    [5, 25, 0.5, { min_lr_rate: 0.1 }], [0, 40, 1, { min_lr: 1e-5 }], [10, 20, 0.5, { min_lr_rate: 0 }],
  ])('cosine_with_min_lr with num_warmup_steps %i, num_training_steps %i, num_cycles %f, %o', (w, total, cycles, extra) => {
    const spec = fromTransformers('cosine_with_min_lr', { num_warmup_steps: w, num_training_steps: total, num_cycles: cycles, ...extra }, opt);
    const rate = 'min_lr' in extra ? (extra.min_lr as number) / lr : (extra.min_lr_rate as number);
    expectClose(spec, (t) => lr * ref.cosine_with_min_lr(t, w, total, cycles, rate), steps(3 * total, true), lr);
  });

  it.each([
    [5, 25, 0.5, undefined], [1, 21, 0.5, undefined], [8, 28, 1, undefined], [5, 25, 0.5, 0.1], [2, 12, 0.5, 0.3],
  ])('cosine_warmup_with_min_lr with num_warmup_steps %i, num_training_steps %i, num_cycles %f, warmup_lr_rate %s', (w, total, cycles, warmupRate) => {
    const spec = fromTransformers('cosine_warmup_with_min_lr', { num_warmup_steps: w, num_training_steps: total, num_cycles: cycles, min_lr_rate: 0.05, warmup_lr_rate: warmupRate }, opt);
    expectClose(spec, (t) => lr * ref.cosine_warmup_with_min_lr(t, w, total, cycles, 0.05, warmupRate), steps(3 * total, true), lr);
  });

  it.each([
    [5, 10, 8, 'linear', 'cosine', 0, 0.5],
    [4, 3, 9, 'cosine', 'linear', 0.1, 0.5],
    [6, 0, 6, '1-sqrt', '1-sqrt', 0.05, 0.5],
    [0, 7, 10, 'linear', 'cosine', 0.02, 1.5],
  ])('warmup_stable_decay with warmup %i, stable %i, decay %i, %s warmup, %s decay, min_lr_ratio %f, num_cycles %f', (w, s, d, wt, dt, ratio, cycles) => {
    const spec = fromTransformers('warmup_stable_decay', {
      num_warmup_steps: w, num_training_steps: w + s + d, num_decay_steps: d, warmup_type: wt, decay_type: dt, min_lr_ratio: ratio, num_cycles: cycles,
    }, opt);
    expectClose(spec, (t) => lr * ref.warmup_stable_decay(t, w, s, d, wt, dt, ratio, cycles), steps(w + s + d + 10), lr);
  });

  it('warmup_stable_decay takes num_stable_steps instead of num_training_steps', () => {
    const spec = fromTransformers('warmup_stable_decay', { num_warmup_steps: 3, num_stable_steps: 4, num_decay_steps: 5 }, opt);
    expectClose(spec, (t) => lr * ref.warmup_stable_decay(t, 3, 4, 5, 'linear', 'cosine', 0, 0.5), steps(20), lr);
  });

  it('returns a sealed spec: validated once and deeply frozen', () => {
    const spec = fromTransformers('linear', { num_warmup_steps: 10, num_training_steps: 100 }, opt);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen((spec as { parts: unknown[] }).parts[1])).toBe(true);
  });

  it('runs the first update at lr 0 under a linear warmup (HF quirk, reproduced)', () => {
    const spec = fromTransformers('linear', { num_warmup_steps: 10, num_training_steps: 100 }, opt);
    expect(valueAt(spec, 0)).toBe(0);
    expect(valueAt(spec, 1)).toBe(lr * (1 / 10));
  });

  it('reads scheduler_specific_kwargs nested as in TrainingArguments.lr_scheduler_kwargs', () => {
    const flat = fromTransformers('cosine_with_min_lr', { num_warmup_steps: 2, num_training_steps: 12, min_lr_rate: 0.1 }, opt);
    const nested = fromTransformers('cosine_with_min_lr', { num_warmup_steps: 2, num_training_steps: 12, lr_scheduler_kwargs: { min_lr_rate: 0.1 } }, opt);
    expect(nested).toEqual(flat);
  });
});

describe('fromTransformers refusals', () => {
  const error = (fn: () => unknown): ScheduleSpecError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ScheduleSpecError) return e;
      throw e;
    }
    throw new Error('expected a ScheduleSpecError');
  };

  it('suggests the closest name for an unknown scheduler', () => {
    const e = error(() => fromTransformers('cosine_with_restart', { num_warmup_steps: 0, num_training_steps: 10 }, opt));
    expect(e.issues[0].code).toBe('unknown_type');
    expect(e.message).toContain("did you mean 'cosine_with_restarts'");
  });

  it('points reduce_lr_on_plateau at the plateau control', () => {
    const e = error(() => fromTransformers('reduce_lr_on_plateau', {}, opt));
    expect(e.issues[0].code).toBe('unsupported');
    expect(e.message).toContain('plateau');
  });

  it('requires num_warmup_steps and num_training_steps where get_scheduler does', () => {
    expect(error(() => fromTransformers('linear', { num_training_steps: 10 }, opt)).message).toContain('requires `num_warmup_steps`');
    expect(error(() => fromTransformers('cosine', { num_warmup_steps: 1 }, opt)).message).toContain('requires `num_training_steps`');
  });

  it('rejects an unknown keyword argument with a suggestion, as HF raises TypeError', () => {
    const e = error(() => fromTransformers('cosine', { num_warmup_steps: 1, num_training_steps: 10, num_cycle: 1 }, opt));
    expect(e.issues[0].path).toEqual(['kwargs', 'num_cycle']);
    expect(e.message).toContain("did you mean 'num_cycles'");
  });

  it('rejects an argument the named scheduler does not take', () => {
    const e = error(() => fromTransformers('linear', { num_warmup_steps: 1, num_training_steps: 10, power: 2 }, opt));
    expect(e.message).toContain("unexpected keyword argument 'power'");
  });

  it('raises what HF raises for polynomial with lr_end >= lr and for a zero-length decay', () => {
    expect(error(() => fromTransformers('polynomial', { num_warmup_steps: 0, num_training_steps: 10, lr_end: 1 }, opt)).message).toContain('must be smaller than initial lr');
    expect(error(() => fromTransformers('polynomial', { num_warmup_steps: 10, num_training_steps: 10 }, opt)).message).toContain('ZeroDivisionError');
  });

  it('rejects both or neither of min_lr and min_lr_rate', () => {
    expect(error(() => fromTransformers('cosine_with_min_lr', { num_warmup_steps: 0, num_training_steps: 10, min_lr: 1e-6, min_lr_rate: 0.1 }, opt)).issues[0].code).toBe('conflict');
    expect(error(() => fromTransformers('cosine_with_min_lr', { num_warmup_steps: 0, num_training_steps: 10 }, opt)).message).toContain('One of min_lr or min_lr_rate');
  });

  it('imports cosine_with_restarts periods that are not whole steps (20/6 and 845/2 = 422.5), restarting where HF does', () => {
    for (const [w, total, cycles] of [[0, 20, 6], [0, 845, 2], [5, 850, 2], [3, 103, 1.5]] as const) {
      const spec = fromTransformers('cosine_with_restarts', { num_warmup_steps: w, num_training_steps: total, num_cycles: cycles }, opt);
      expectClose(spec, (t) => lr * ref.cosine_with_restarts(t, w, total, cycles), steps(total + 5), lr);
    }
    // t = 10 of T = 20 in 6 cycles: HF's 6·0.5 % 1 = 0 is a restart (full lr), though 10 % (20/6) is just under a period
    expect(valueAt(fromTransformers('cosine_with_restarts', { num_warmup_steps: 0, num_training_steps: 20, num_cycles: 6 }, opt), 10)).toBe(lr);
  });

  it('refuses cosine_warmup_with_min_lr without warmup, where HF starts one step into the cosine', () => {
    const e = error(() => fromTransformers('cosine_warmup_with_min_lr', { num_warmup_steps: 0, num_training_steps: 10, min_lr_rate: 0.1 }, opt));
    expect(e.message).toContain('one step ahead');
  });

  it('refuses num_stable_steps that contradicts num_training_steps instead of warning', () => {
    const e = error(() => fromTransformers('warmup_stable_decay', { num_warmup_steps: 2, num_training_steps: 20, num_stable_steps: 5, num_decay_steps: 5 }, opt));
    expect(e.issues[0].code).toBe('conflict');
    expect(e.issues[0].expected).toContain('13');
  });

  it('requires optimizer.lr', () => {
    // @ts-expect-error: the optimizer is missing on purpose
    expect(error(() => fromTransformers('constant', {}, {})).issues[0].path).toEqual(['optimizer', 'lr']);
  });
});

describe('fromTransformers properties', () => {
  it('matches HF linear, cosine and polynomial for random warmup and training lengths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 120 }), fc.constantFrom(0.5, 1, 2), (w, decay, power) => {
        const total = w + decay;
        const kw = { num_warmup_steps: w, num_training_steps: total };
        expectClose(fromTransformers('linear', kw, opt), (t) => lr * ref.linear(t, w, total), steps(total + 5), lr);
        expectClose(fromTransformers('cosine', kw, opt), (t) => lr * ref.cosine(t, w, total), steps(2 * total + 5, true), lr);
        expectClose(fromTransformers('polynomial', { ...kw, power, lr_end: 1e-6 }, opt), (t) => lr * ref.polynomial(t, w, total, lr, 1e-6, power), steps(total + 5), lr);
      }),
      { numRuns: 60 },
    );
  });
});
