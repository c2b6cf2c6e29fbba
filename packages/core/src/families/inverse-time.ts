import { defineFamily, defineTools } from '../base/family.js';
import { bool, length, nonNegative, num, optional } from '../base/fields.js';
import { between } from '../base/interval.js';
import { multiples } from '../base/math.js';

/**
 * `inverseTime`: divides `from` by `1 + rate·t/steps`.
 *
 * - `from / (1 + rate·t/steps)` (`staircase`: `floor(t/steps)` instead of `t/steps`)
 *
 * Boundary: t = 0 is exactly `from`; it never settles (unless `rate` or `from` is 0).
 * Example: `{ type: 'inverseTime', from: 1, rate: 1 }` gives 1, 0.5, 0.3333, 0.25, ...
 * Matches Keras InverseTimeDecay (`rate` = decay_rate, `steps` = decay_steps).
 */
export const inverseTimeFamily = defineFamily({
  type: 'inverseTime',
  description: 'Divides `from` by `1 + rate·t/steps` (Keras InverseTimeDecay).',
  fields: {
    from: num('value at step 0'),
    rate: nonNegative('how much the divisor grows every `steps` steps'),
    steps: optional(length('steps per unit of growth of the divisor', { epochs: 'epochs' }), 1),
    staircase: optional(bool('floor t/steps, so the value changes every `steps` steps'), false),
  },
  compile(spec) {
    const { from, rate } = spec;
    const steps = spec.steps ?? 1;
    if (spec.staircase) return (t) => from / (1 + rate * Math.floor(t / steps));
    return (t) => from / (1 + rate * (t / steps));
  },
  range: (spec) => between(0, spec.from),
});

/** inverseTime's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const inverseTimeTools = /* @__PURE__ */ defineTools(inverseTimeFamily, () => ({
  horizon: (spec) => (spec.rate === 0 || spec.from === 0 ? 0 : Infinity),
  breakpoints: (spec, limit) => (spec.staircase ? multiples(spec.steps ?? 1, limit) : []),
  stretchRefusal: 'an inverse-time decay never ends: rebuild it for the new length',
  piecewiseConstant: (spec) => spec.staircase === true,
}));
