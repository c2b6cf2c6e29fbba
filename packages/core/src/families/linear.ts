import { defineFamily, defineTools } from '../base/family.js';
import { length, num } from '../base/fields.js';
import { between } from '../base/interval.js';

/**
 * `linear`: a straight line from `from` to `to` over `steps` steps, then holds `to`.
 *
 * - during (`t < steps`): `from + (to - from)·(t/steps)`
 * - after (`t >= steps`): `to`
 *
 * Boundary: t = 0 is exactly `from`; t = steps exactly `to`. `steps` may be fractional (7.5).
 * Example: `{ type: 'linear', from: 0, to: 1, steps: 4 }` gives 0, 0.25, 0.5, 0.75, 1, 1, ...
 * Matches PyTorch LinearLR (`from = base·start_factor`, `to = base·end_factor`, `steps = total_iters`)
 * and optax linear_schedule.
 */
export const linearFamily = defineFamily({
  type: 'linear',
  description: 'A straight line from `from` to `to` over `steps` steps, then holds `to`.',
  fields: {
    from: num('value at step 0'),
    to: num('value from `steps` on'),
    steps: length('length of the ramp in steps', { epochs: 'epochs' }),
  },
  compile(spec) {
    const { from, to, steps } = spec;
    const rise = to - from;
    return (t) => (t >= steps ? to : from + rise * (t / steps));
  },
  range: (spec) => between(spec.from, spec.to),
});

/** linear's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const linearTools = /* @__PURE__ */ defineTools(linearFamily, () => ({
  horizon: (spec) => (spec.from === spec.to ? 0 : spec.steps),
  breakpoints: (spec) => [spec.steps],
  stretch(spec, a, map, ctx) {
    if (a >= spec.steps) return { type: 'constant', value: spec.to };
    return { type: 'linear', from: ctx.compile(spec)(a), to: spec.to, steps: ctx.span(map, a, spec.steps) };
  },
}));
