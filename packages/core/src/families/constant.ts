import { defineFamily, defineTools } from '../base/family.js';
import { num } from '../base/fields.js';
import { point } from '../base/interval.js';

/**
 * `constant`: the same value at every step.
 *
 * - every t: `value`
 *
 * Example: `{ type: 'constant', value: 0.1 }` gives 0.1 at t = 0, 1, 1e12.
 * Matches a fixed learning rate in every peer (PyTorch with no scheduler, Keras/optax floats).
 */
export const constantFamily = defineFamily({
  type: 'constant',
  description: 'The same value at every step.',
  fields: {
    value: num('the value at every step'),
  },
  compile(spec) {
    const v = spec.value;
    return () => v;
  },
  range: (spec) => point(spec.value),
});

/** constant's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const constantTools = /* @__PURE__ */ defineTools(constantFamily, () => ({
  horizon: () => 0,
  breakpoints: () => [],
  stretch: (spec) => ({ type: 'constant', value: spec.value }),
  piecewiseConstant: () => true,
}));
