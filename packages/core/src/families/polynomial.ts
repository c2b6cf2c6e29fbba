import { defineFamily, defineTools } from '../base/family.js';
import { length, num, oneOf, optional, positive } from '../base/fields.js';
import { between } from '../base/interval.js';
import { multiples } from '../base/math.js';

/**
 * `polynomial`: a polynomial ramp from `from` to `to` over `steps` steps.
 *
 * - during (`t < steps`): `(from - to)·(1 - t/steps)^power + to`
 * - after: `after: 'hold'` (default) keeps `to`; `'cycle'` (Keras `cycle=True`) restarts with the
 *   longer horizon `steps·ceil(t/steps)` (t = 0 counts as one cycle), so each restart is flatter
 *
 * Boundary: t = 0 is exactly `from`, t = steps exactly `to`.
 * Example: `{ type: 'polynomial', from: 1, to: 0, steps: 4, power: 2 }` gives 1, 0.5625, 0.25, 0.0625, 0, 0, ...
 * Matches Keras PolynomialDecay (`from` = initial, `to` = end_learning_rate), PyTorch PolynomialLR
 * (`to = 0`), optax polynomial_schedule.
 */
export const polynomialFamily = defineFamily({
  type: 'polynomial',
  description: 'A polynomial ramp from `from` to `to` over `steps` steps (Keras PolynomialDecay, PyTorch PolynomialLR).',
  fields: {
    from: num('value at step 0'),
    to: num('value from `steps` on (at every multiple of `steps` with after: cycle)'),
    steps: length('length of the ramp in steps', { epochs: 'epochs' }),
    power: optional(positive('exponent of the polynomial'), 1),
    after: optional(oneOf("past `steps`: 'hold' keeps `to`; 'cycle' restarts with the horizon steps·ceil(t/steps) (Keras cycle)", ['hold', 'cycle']), 'hold'),
  },
  compile(spec) {
    const { from, to, steps } = spec;
    const power = spec.power ?? 1;
    const range = from - to;
    if (spec.after === 'cycle') {
      // 1 - t/horizon is in [0, 1); the max keeps it there when a fractional length rounds the horizon below t
      return (t) => range * Math.pow(Math.max(0, 1 - t / (steps * (t === 0 ? 1 : Math.ceil(t / steps)))), power) + to;
    }
    if (power === 1) return (t) => (t >= steps ? to : range * (1 - t / steps) + to);
    return (t) => (t >= steps ? to : range * Math.pow(1 - t / steps, power) + to);
  },
  range: (spec) => between(spec.from, spec.to),
});

/** polynomial's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const polynomialTools = /* @__PURE__ */ defineTools(polynomialFamily, () => ({
  horizon(spec) {
    if (spec.from === spec.to) return 0;
    return spec.after === 'cycle' ? Infinity : spec.steps;
  },
  breakpoints: (spec, limit) => (spec.after === 'cycle' ? multiples(spec.steps, limit) : [spec.steps]),
  cycleSteps: (spec, cycles) => (spec.after === 'cycle' ? cycles * spec.steps : undefined),
  stretch(spec, a, map, ctx) {
    if (spec.after === 'cycle') throw new RangeError('stretch does not re-plan a cycling polynomial (it restarts forever): change its length instead');
    if (a >= spec.steps) return { type: 'constant', value: spec.to };
    // (from - to)·(1 - t/T)^p + to restricted to [a, T] is again that polynomial from v(a), exactly
    return { ...spec, from: ctx.compile(spec)(a), steps: ctx.span(map, a, spec.steps) };
  },
}));
