import { defineFamily, defineTools } from '../base/family.js';
import { length, oneOf, optional, schedule } from '../base/fields.js';
import { cycleIndex } from '../base/math.js';

/**
 * `epochs`: a schedule written in epochs, run at `stepsPerEpoch` updates per epoch.
 *
 * With `k = floor(t/stepsPerEpoch)` the epoch and `i = t - k·stepsPerEpoch` the update inside it:
 * - `within: 'hold'` (default): `schedule(k)`. Each epoch's value is held for all its updates: what
 *   the optimizer applies when a PyTorch scheduler is stepped once per epoch (torchvision's StepLR
 *   and MultiStepLR recipes), or a timm scheduler without `sched_on_updates`.
 * - `within: 'fraction'`: `schedule(k + i/stepsPerEpoch)`, PyTorch's documented
 *   `CosineAnnealingWarmRestarts.step(epoch + i / iters)`: the inner clock moves by a fraction of an
 *   epoch each update, computed as PyTorch computes it.
 *
 * Boundary: update `k·stepsPerEpoch` is the first of epoch k.
 * Example: `{ type: 'epochs', stepsPerEpoch: 2, schedule: { type: 'stepDecay', from: 1, decay: 0.1, steps: 1 } }`
 * gives 1, 1, 0.1, 0.1, 0.01, ...
 */
export const epochsFamily = defineFamily({
  type: 'epochs',
  description: 'A schedule written in epochs, run at stepsPerEpoch updates per epoch: held for each epoch or advanced by fractions of one.',
  fields: {
    schedule: schedule('the schedule, on a clock that counts epochs'),
    stepsPerEpoch: length('updates per epoch (any positive real)'),
    within: optional(oneOf("inside an epoch: 'hold' its value (a scheduler stepped once per epoch) or advance the clock by fractions (step(epoch + i/iters))", ['hold', 'fraction']), 'hold'),
  },
  compile(spec, compileChild) {
    const inner = compileChild(spec.schedule);
    const n = spec.stepsPerEpoch;
    const inverse = 1 / n;
    if (spec.within === 'fraction') {
      return (t) => {
        const k = cycleIndex(t, n, inverse);
        return inner(k + Math.max(0, t - k * n) / n);
      };
    }
    // an integer length divides exactly (floor(t/n) for t < 2^53 cannot round onto the next integer)
    if (Number.isInteger(n)) return (t) => inner(Math.floor(t / n));
    return (t) => inner(cycleIndex(t, n, inverse));
  },
  range: (spec, { rangeOf }) => rangeOf(spec.schedule),
});

/** epochs's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const epochsTools = /* @__PURE__ */ defineTools(epochsFamily, () => ({
  horizon(spec, { horizonOf }) {
    const h = horizonOf(spec.schedule);
    return spec.within === 'fraction' ? h * spec.stepsPerEpoch : Math.ceil(h) * spec.stepsPerEpoch;
  },
  breakpoints(spec, limit, { breakpointsOf }) {
    const n = spec.stepsPerEpoch;
    const inner = breakpointsOf(spec.schedule, limit / n);
    return spec.within === 'fraction' ? inner.map((b) => b * n) : [...new Set(inner.map((b) => Math.ceil(b) * n))];
  },
  cycleSteps(spec, cycles, { cycleStepsOf }) {
    const c = cycleStepsOf(spec.schedule, cycles);
    if (c === undefined) return undefined;
    return spec.within === 'fraction' ? c * spec.stepsPerEpoch : Math.ceil(c) * spec.stepsPerEpoch;
  },
  stretchRefusal: 'stretch the inner schedule (in epochs) and wrap it again',
  childOffset: () => undefined,
  piecewiseConstant: (spec, isPC) => spec.within !== 'fraction' || isPC(spec.schedule),
}));
