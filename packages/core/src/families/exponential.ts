import { defineFamily, defineTools } from '../base/family.js';
import { bool, length, nonNegative, num, optional } from '../base/fields.js';
import { between, clampInterval, MAX_VALUE, PROOF_HORIZON } from '../base/interval.js';
import { multiples } from '../base/math.js';

/**
 * `exponential`: multiplies the value by `decay` every `steps` steps, smoothly or as a staircase.
 *
 * - `from·decay^(t/steps)` (`staircase`: `from·decay^floor(t/steps)`), then bounded: below `min`
 *   it is `min`, above `max` it is `max`
 *
 * Boundary: t = 0 is exactly `from`. A `decay > 1` grows: it needs `max` (or `min` for a negative
 * `from`) unless it stays below 1e300 up to step 1e12.
 * Example: `{ type: 'exponential', from: 1, decay: 0.5, steps: 2 }` gives 1, 0.7071, 0.5, 0.3536, 0.25, ...
 * Matches Keras ExponentialDecay (`decay` = decay_rate, `steps` = decay_steps), PyTorch
 * ExponentialLR (`steps` = 1, `decay` = gamma), optax exponential_decay (with `min`/`max` as its end_value).
 */
export const exponentialFamily = defineFamily({
  type: 'exponential',
  description: 'Multiplies the value by `decay` every `steps` steps (Keras ExponentialDecay, PyTorch ExponentialLR).',
  fields: {
    from: num('value at step 0'),
    decay: nonNegative('multiplier per `steps` steps'),
    steps: optional(length('steps per multiplication by decay', { epochs: 'epochs' }), 1),
    staircase: optional(bool('floor t/steps, so the value changes every `steps` steps'), false),
    min: optional(num('lower bound the value never goes below')),
    max: optional(num('upper bound the value never goes above')),
  },
  check(spec, { report }) {
    const { from, min, max } = spec;
    if (min !== undefined && min > from) {
      report(['min'], `min (${min}) is above from (${from}): the floor would replace the schedule from step 0`, min, `a number <= from (${from})`);
    }
    if (max !== undefined && max < from) {
      report(['max'], `max (${max}) is below from (${from}): the ceiling would replace the schedule from step 0`, max, `a number >= from (${from})`);
    }
  },
  compile(spec) {
    const { from, decay, min, max } = spec;
    const steps = spec.steps ?? 1;
    const lo = min ?? -Infinity;
    const hi = max ?? Infinity;
    // from = 0 stays 0 (0·Infinity would be NaN once a growing power overflows)
    if (from === 0) return () => (0 < lo ? lo : 0 > hi ? hi : 0);
    if (min === undefined && max === undefined) {
      if (spec.staircase) return (t) => from * Math.pow(decay, Math.floor(t / steps));
      return steps === 1 ? (t) => from * Math.pow(decay, t) : (t) => from * Math.pow(decay, t / steps);
    }
    const bound = (v: number) => (v < lo ? lo : v > hi ? hi : v);
    if (spec.staircase) return (t) => bound(from * Math.pow(decay, Math.floor(t / steps)));
    return (t) => bound(from * Math.pow(decay, t / steps));
  },
  range(spec, { report }) {
    const { from, decay, min, max } = spec;
    const steps = spec.steps ?? 1;
    if (decay <= 1 || from === 0) return clampInterval(between(0, from), min, max);
    const far = from * Math.pow(decay, spec.staircase ? Math.floor(PROOF_HORIZON / steps) : PROOF_HORIZON / steps);
    const bound = from > 0 ? max : min;
    if (Math.abs(far) <= MAX_VALUE || bound !== undefined) return clampInterval(between(from, far), min, max);
    report(['decay'], `decay ${decay} > 1 grows ${from} beyond ${from > 0 ? '' : '-'}1e300 before step 1e12; add ${from > 0 ? 'max' : 'min'} to bound it`,
      decay, `a decay <= 1, or a ${from > 0 ? 'max' : 'min'} bound`, 'overflow');
    return between(from, from);
  },
});

/** exponential's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const exponentialTools = /* @__PURE__ */ defineTools(exponentialFamily, () => ({
  horizon(spec, _ctx) {
    const { from, decay, min, max } = spec;
    const steps = spec.steps ?? 1;
    if (decay === 1 || from === 0) return 0;
    if (decay === 0) return spec.staircase ? steps : Number.MIN_VALUE;
    const limit = decay < 1 ? (from > 0 ? min : max) : from > 0 ? max : min;
    if (limit === undefined) return Infinity;
    // the first step whose value is the bound: a log estimate, then fixed up against the formula
    const value = exponentialFamily.compile(spec, () => () => 0);
    const estimate = Math.max(0, Math.ceil((steps * Math.log(limit / from)) / Math.log(decay)));
    const stride = spec.staircase ? steps : 1;
    let t = spec.staircase ? Math.ceil(estimate / steps) * steps : estimate;
    if (!Number.isFinite(t)) return Infinity;
    for (let i = 0; i < 4 && t >= stride && value(t - stride) === limit; i++) t -= stride;
    for (let i = 0; i < 4 && value(t) !== limit; i++) t += stride;
    return t;
  },
  breakpoints: (spec, limit) => (spec.staircase ? multiples(spec.steps ?? 1, limit) : []),
  stretch(spec, a, map, ctx) {
    if (spec.staircase) throw new RangeError('stretch does not re-plan a staircase exponential (its steps are fixed): rebuild it for the new length');
    // from·decay^((a + τ/ratio)/steps) = v·(decay^(1/ratio))^(τ/steps): exact, with the same steps
    const ratio = (map(a + 1e6) - map(a)) / 1e6;
    const decay = spec.decay ** (1 / ratio);
    // a growth squeezed so much that decay^(1/ratio) leaves 1e300: the same curve with steps·ratio steps per factor
    if (!(decay <= MAX_VALUE)) return { ...spec, from: ctx.compile(spec)(a), steps: (spec.steps ?? 1) * ratio };
    return { ...spec, from: ctx.compile(spec)(a), decay };
  },
  piecewiseConstant: (spec) => spec.staircase === true,
}));
