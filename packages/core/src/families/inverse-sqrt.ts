import { defineFamily, defineTools } from '../base/family.js';
import { length, num, optional } from '../base/fields.js';
import { between } from '../base/interval.js';

/**
 * `inverseSqrt`: linear warmup from 0 to `peak`, then `peak/sqrt(...)` decay.
 *
 * - warmup (`t < warmupSteps`): `peak·(t/warmupSteps)`
 * - after: `peak·(1/sqrt((t + timescale - warmupSteps)/timescale))`
 *
 * `timescale` defaults to `warmupSteps`, or 10,000 without warmup, as HF does.
 * Boundary: t = warmupSteps is exactly `peak`.
 * Example: `{ type: 'inverseSqrt', peak: 1, warmupSteps: 4 }` gives 0, 0.25, 0.5, 0.75, 1, 0.8944, ...
 * Matches HF get_inverse_sqrt_schedule.
 */
export const inverseSqrtFamily = defineFamily({
  type: 'inverseSqrt',
  description: 'Linear warmup to `peak`, then `peak/sqrt(...)` decay (HF get_inverse_sqrt_schedule).',
  fields: {
    peak: num('value at the end of the warmup'),
    warmupSteps: optional(length('length of the linear warmup from 0', { epochs: 'warmupEpochs', zero: true }), 0),
    timescale: optional(length('time scale of the decay (the value halves 3·timescale steps after the warmup); default warmupSteps, or 10000 without warmup', { epochs: 'timescaleEpochs' })),
  },
  compile(spec) {
    const peak = spec.peak;
    const warmup = spec.warmupSteps ?? 0;
    const timescale = spec.timescale ?? (warmup || 10_000);
    const shift = timescale - warmup;
    // the ratio is >= 1 for t >= warmup; the max keeps it there when a tiny timescale rounds it to 0
    return (t) => (t < warmup ? peak * (t / warmup) : peak * (1 / Math.sqrt(Math.max(1, (t + shift) / timescale))));
  },
  range: (spec) => between(0, spec.peak),
});

/** inverseSqrt's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const inverseSqrtTools = /* @__PURE__ */ defineTools(inverseSqrtFamily, () => ({
  horizon: (spec) => (spec.peak === 0 ? 0 : Infinity),
  breakpoints: (spec) => (spec.warmupSteps ? [spec.warmupSteps] : []),
  stretchRefusal: 'an inverse-sqrt decay never ends: rebuild it for the new length',
  warmupSteps: (spec) => spec.warmupSteps || undefined,
}));
