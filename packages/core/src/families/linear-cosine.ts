import { defineFamily, defineTools } from '../base/family.js';
import { length, num, optional } from '../base/fields.js';
import { plus, point, times, timesConst } from '../base/interval.js';

/**
 * `linearCosine`: a cosine times a linear decay, plus a floor (TF2 LinearCosineDecay).
 *
 * - with `u = min(t, steps)`: `from·((alpha + (steps - u)/steps)·(0.5·(1 + cos(π·2·cycles·u/steps))) + beta)`
 *
 * Boundary: t = 0 is `from·(1 + alpha + beta)`; from `steps` on the value holds `from·(alpha·c + beta)`.
 * Example: `{ type: 'linearCosine', from: 1, steps: 4, beta: 0 }` gives 1, 0.6402, 0.25, 0.0366, 0, ...
 * Matches TF2 LinearCosineDecay (`from` = initial_learning_rate, `cycles` = num_periods).
 */
export const linearCosineFamily = defineFamily({
  type: 'linearCosine',
  description: 'A cosine times a linear decay, plus a floor (TF2 LinearCosineDecay).',
  fields: {
    from: num('scale of the whole schedule (TF initial_learning_rate)'),
    steps: length('length of the decay in steps', { epochs: 'epochs' }),
    cycles: optional(num('number of cosine periods over `steps` (TF num_periods)'), 0.5),
    alpha: optional(num('added to the linear factor (TF alpha)'), 0),
    beta: optional(num('added after the product (TF beta)'), 0.001),
  },
  compile(spec) {
    const { from, steps } = spec;
    const twoCycles = 2 * (spec.cycles ?? 0.5);
    const alpha = spec.alpha ?? 0;
    const beta = spec.beta ?? 0.001;
    const PI = Math.PI;
    return (t) => {
      const u = t < steps ? t : steps;
      return from * ((alpha + (steps - u) / steps) * (0.5 * (1 + Math.cos(PI * (twoCycles * (u / steps))))) + beta);
    };
  },
  range: (spec) => timesConst(plus(times(plus(point(spec.alpha ?? 0), { lo: 0, hi: 1 }), { lo: 0, hi: 1 }), point(spec.beta ?? 0.001)), spec.from),
});

/** linearCosine's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const linearCosineTools = /* @__PURE__ */ defineTools(linearCosineFamily, () => ({
  horizon: (spec) => (spec.from === 0 ? 0 : spec.steps),
  breakpoints: (spec) => [spec.steps],
  stretchRefusal: 'a linear-cosine decay has a fixed shape: rebuild it for the new length',
}));
