import { defineFamily, defineTools } from '../base/family.js';
import { list, nonNegative, num, position } from '../base/fields.js';
import { between } from '../base/interval.js';
import { countAtMost } from '../base/math.js';

/**
 * `multiStep`: multiplies the value by `decay` at each milestone.
 *
 * - `from·decay^(number of milestones <= t)`
 *
 * Boundary: `t == milestone` takes the new value (PyTorch); a repeated milestone applies `decay`
 * twice, as PyTorch's Counter does.
 * Example: `{ type: 'multiStep', from: 1, decay: 0.1, milestones: [2, 4] }` gives 1, 1, 0.1, 0.1, 0.01, ...
 * Matches PyTorch MultiStepLR, timm MultiStepLRScheduler.
 */
export const multiStepFamily = defineFamily({
  type: 'multiStep',
  description: 'Multiplies the value by `decay` at each milestone step (PyTorch MultiStepLR).',
  fields: {
    from: num('value before the first milestone'),
    decay: nonNegative('multiplier applied at each milestone'),
    milestones: list('non-decreasing steps at which decay applies (a repeated milestone applies it twice)', position('a milestone'), { epochs: 'milestoneEpochs' }),
  },
  check(spec, { report }) {
    const m = spec.milestones;
    for (let i = 1; i < m.length; i++) {
      if (m[i] < m[i - 1]) {
        report(['milestones', i], `milestones must be non-decreasing: milestones[${i}] = ${m[i]} comes after ${m[i - 1]}`, m[i], `a step >= ${m[i - 1]}`, 'out_of_order');
      }
    }
  },
  compile(spec) {
    const { from, decay } = spec;
    const milestones = Float64Array.from(spec.milestones);
    const n = milestones.length;
    // values[k] for k milestones passed, each computed as from·decay^k
    const values = Float64Array.from({ length: n + 1 }, (_, k) => from * Math.pow(decay, k));
    const [v0, v1, v2, v3] = values;
    const [m0, m1, m2] = milestones;
    if (n === 0) return () => v0;
    if (n === 1) return (t) => (t < m0 ? v0 : v1);
    if (n === 2) return (t) => (t < m0 ? v0 : t < m1 ? v1 : v2);
    if (n === 3) return (t) => (t < m0 ? v0 : t < m1 ? v1 : t < m2 ? v2 : v3);
    return (t) => values[countAtMost(milestones, t)];
  },
  range(spec, { report }) {
    const { from, decay, milestones } = spec;
    const far = from * Math.pow(decay, milestones.length);
    if (!Number.isFinite(far) || Math.abs(far) > 1e300) {
      report(['decay'], `decay ${decay} applied ${milestones.length} times takes ${from} beyond 1e300`, decay, 'a decay that keeps the value within 1e300', 'overflow');
    }
    return decay <= 1 ? between(far, from) : between(from, far);
  },
});

/** multiStep's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const multiStepTools = /* @__PURE__ */ defineTools(multiStepFamily, () => ({
  horizon(spec) {
    const m = spec.milestones;
    if (m.length === 0 || spec.decay === 1 || spec.from === 0) return 0;
    return spec.decay === 0 ? m[0] : m[m.length - 1];
  },
  breakpoints: (spec, limit) => spec.milestones.filter((m) => m > 0 && m <= limit),
  stretch(spec, a, map, ctx) {
    // a milestone still ahead stays ahead (>= 1 step); squeezed ones may coincide, each still applies decay
    const later = spec.milestones.filter((m) => m > a).map((m) => Math.max(1, Math.round(map(m) - map(a))));
    return { type: 'multiStep', from: ctx.compile(spec)(a), decay: spec.decay, milestones: later };
  },
  piecewiseConstant: () => true,
  lint(_spec, ctx) {
    if (ctx.importedFrom === 'keras') {
      ctx.add('boundary-convention', 'warning', "multiStep switches at t == milestone (PyTorch); Keras PiecewiseConstantDecay keeps the old value at t == boundary. Use piecewiseConstant with owner: 'previous' to match Keras.");
    }
  },
  sugar: {
    fields: {},
    fills: [],
    // PyTorch keeps milestones in a Counter: their order does not matter, so the builder sorts them
    resolve: (o) => ({ milestones: Array.isArray(o.milestones) && o.milestones.every((m) => typeof m === 'number') ? [...(o.milestones as number[])].sort((x, y) => x - y) : o.milestones }),
  },
}));
