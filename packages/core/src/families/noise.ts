import { defineFamily, defineTools } from '../base/family.js';
import { int, nonNegative, oneOf, optional, position, positive, schedule } from '../base/fields.js';
import { plus, times } from '../base/interval.js';
import { normalAt, NORMAL_BOUND, uniformAt } from '../base/random.js';

/** Normal draws tried for noise with a `limit` before the value is clamped to ±limit. */
export const MAX_NOISE_DRAWS = 64;

/**
 * `noise`: seeded, deterministic noise on another schedule over a step window.
 *
 * - for `start <= t < end`: `v + v·n` ('relative', default; timm's `v·(1 + n)`) or `v + n`
 *   ('additive'), `v` the inner schedule's value and `n` a draw keyed by (seed, floor(t)): normal
 *   with standard deviation `amount`, or uniform on `[-amount, amount)`; with `limit` (normal only)
 *   redrawn until `|n| < limit` (timm's noise_pct), at most 64 draws, then clamped to ±limit
 * - elsewhere: `v`
 *
 * The generator is counter-based (Philox4x32-10): the same draws on resume, in any order, in every
 * JS engine. Its draws are not torch's: a timm run with noise matches in distribution, not value.
 * Example: `{ type: 'noise', schedule: { type: 'constant', value: 0.1 }, amount: 0.1, seed: 42 }`.
 */
export const noiseFamily = defineFamily({
  type: 'noise',
  description: 'Seeded, deterministic noise (normal or uniform, relative or additive) on another schedule over a step window.',
  fields: {
    schedule: schedule('the schedule to perturb'),
    seed: optional(int('seed of the counter-based generator', 0), 0),
    distribution: optional(oneOf('noise distribution', ['normal', 'uniform']), 'normal'),
    amount: nonNegative('standard deviation (normal) or half-width (uniform) of the noise'),
    mode: optional(oneOf("'relative': v·(1 + n); 'additive': v + n", ['relative', 'additive']), 'relative'),
    limit: optional(positive('redraw normal noise while |n| >= limit (timm noise_pct)')),
    start: optional(position('first noisy step'), 0),
    end: optional(position('first step without noise again (default: never)')),
  },
  check(spec, { report }) {
    if (spec.limit !== undefined && spec.distribution === 'uniform') {
      report(['limit'], 'limit applies to normal noise only: uniform noise is already bounded by amount', spec.limit, "distribution 'normal' or no limit", 'conflict');
    }
    if (spec.end !== undefined && spec.end <= (spec.start ?? 0)) {
      report(['end'], `end (${spec.end}) must be after start (${spec.start ?? 0}): the noise window [start, end) would be empty`, spec.end, `a step > ${spec.start ?? 0}`, 'out_of_order');
    }
  },
  compile(spec, compileChild) {
    const inner = compileChild(spec.schedule);
    const seed = spec.seed ?? 0;
    const amount = spec.amount;
    const uniform = spec.distribution === 'uniform';
    const limit = spec.limit;
    const start = spec.start ?? 0;
    const end = spec.end ?? Infinity;
    const additive = spec.mode === 'additive';
    return (t) => {
      const v = inner(t);
      if (t < start || t >= end) return v;
      const n = drawNoise(seed, Math.floor(t), amount, uniform, limit);
      return additive ? v + n : v + v * n;
    };
  },
  range(spec, { rangeOf }) {
    const spread = spec.distribution === 'uniform' ? spec.amount : spec.limit !== undefined ? Math.min(spec.limit, spec.amount * NORMAL_BOUND) : spec.amount * NORMAL_BOUND;
    const n = { lo: -spread, hi: spread };
    const inner = rangeOf(spec.schedule);
    const noisy = spec.mode === 'additive' ? plus(inner, n) : plus(inner, times(inner, n));
    return { lo: Math.min(inner.lo, noisy.lo), hi: Math.max(inner.hi, noisy.hi) };
  },
});

/** noise's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const noiseTools = /* @__PURE__ */ defineTools(noiseFamily, () => ({
  horizon: (spec, { horizonOf }) => (spec.end === undefined ? Infinity : Math.max(spec.end, horizonOf(spec.schedule))),
  breakpoints: (spec, limit, { breakpointsOf }) => breakpointsOf(spec.schedule, limit),
  cycleSteps: (spec, cycles, { cycleStepsOf }) => cycleStepsOf(spec.schedule, cycles),
  stretch: (spec, a, map, ctx) => ({ ...spec, schedule: ctx.remainderOf(spec.schedule, a, map) }),
}));

/** One noise draw at integer step `t` (see `noise`). */
export function drawNoise(seed: number, t: number, amount: number, uniform: boolean, limit: number | undefined): number {
  if (uniform) return amount * (2 * uniformAt(seed, t) - 1);
  if (limit === undefined) return amount * normalAt(seed, t);
  let n = 0;
  for (let draw = 0; draw < MAX_NOISE_DRAWS; draw++) {
    n = amount * normalAt(seed, t, draw);
    if (Math.abs(n) < limit) return n;
  }
  return n < 0 ? -limit : limit;
}
