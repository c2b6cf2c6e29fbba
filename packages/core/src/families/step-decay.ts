import { defineFamily, defineTools } from '../base/family.js';
import { length, nonNegative, num } from '../base/fields.js';
import { between, MAX_VALUE, PROOF_HORIZON } from '../base/interval.js';
import { floorDiv, multiples } from '../base/math.js';

/**
 * `stepDecay`: multiplies the value by `decay` every `steps` steps.
 *
 * - `from·decay^floor(t/steps)`, the floor taken as Python's `t // steps` (so `steps: 2.4` decays at
 *   t = 3, 5, 8, 10, ... as timm's `decay_epochs 2.4` does)
 *
 * Boundary: t = k·steps (or the first step past it) takes the k-th decay.
 * Example: `{ type: 'stepDecay', from: 1, decay: 0.1, steps: 2 }` gives 1, 1, 0.1, 0.1, 0.01, ...
 * Matches PyTorch StepLR (`decay` = gamma, `steps` = step_size), timm StepLRScheduler.
 */
export const stepDecayFamily = defineFamily({
  type: 'stepDecay',
  description: 'Multiplies the value by `decay` every `steps` steps (PyTorch StepLR, timm step).',
  fields: {
    from: num('value from step 0 until the first decay'),
    decay: nonNegative('multiplier applied every `steps` steps'),
    steps: length('steps between multiplications (any positive real)', { epochs: 'epochs' }),
  },
  compile(spec) {
    const { from, decay, steps } = spec;
    if (from === 0) return () => 0;
    return (t) => from * Math.pow(decay, floorDiv(t, steps));
  },
  range(spec, { report }) {
    const { from, decay, steps } = spec;
    if (decay <= 1 || from === 0) return between(0, from);
    const far = from * Math.pow(decay, floorDiv(PROOF_HORIZON, steps));
    if (Math.abs(far) > MAX_VALUE) {
      report(['decay'], `decay ${decay} every ${steps} steps takes ${from} beyond ${from > 0 ? '' : '-'}1e300 before step 1e12`, decay,
        'a decay that keeps the value within 1e300 up to step 1e12', 'overflow');
    }
    return between(from, far);
  },
});

/** stepDecay's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const stepDecayTools = /* @__PURE__ */ defineTools(stepDecayFamily, () => ({
  horizon(spec) {
    if (spec.decay === 1 || spec.from === 0) return 0;
    return spec.decay === 0 ? spec.steps : Infinity;
  },
  breakpoints: (spec, limit) => multiples(spec.steps, limit),
  stretchRefusal: 'a step decay never ends: rebuild it for the new length',
  piecewiseConstant: () => true,
}));
