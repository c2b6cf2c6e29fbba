import { defineFamily, defineTools } from '../base/family.js';
import { num, optional, schedule } from '../base/fields.js';
import { plus, point, timesConst } from '../base/interval.js';

/**
 * `scale`: an affine map of another schedule, `schedule(t)·factor + offset`.
 *
 * Example: `{ type: 'scale', schedule: cosine 1 → 0 over 4, factor: 0.1, offset: 0.01 }` gives 0.11, 0.0954, 0.06, ...
 */
export const scaleFamily = defineFamily({
  type: 'scale',
  description: 'An affine map of another schedule: schedule(t)·factor + offset.',
  fields: {
    schedule: schedule('the schedule to scale'),
    factor: optional(num('multiplier'), 1),
    offset: optional(num('added after multiplying'), 0),
  },
  compile(spec, compileChild) {
    const inner = compileChild(spec.schedule);
    const factor = spec.factor ?? 1;
    const offset = spec.offset ?? 0;
    return (t) => inner(t) * factor + offset;
  },
  range: (spec, { rangeOf }) => plus(timesConst(rangeOf(spec.schedule), spec.factor ?? 1), point(spec.offset ?? 0)),
});

/** scale's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const scaleTools = /* @__PURE__ */ defineTools(scaleFamily, () => ({
  horizon: (spec, { horizonOf }) => ((spec.factor ?? 1) === 0 ? 0 : horizonOf(spec.schedule)),
  breakpoints: (spec, limit, { breakpointsOf }) => breakpointsOf(spec.schedule, limit),
  cycleSteps: (spec, cycles, { cycleStepsOf }) => cycleStepsOf(spec.schedule, cycles),
  stretch: (spec, a, map, ctx) => ({ ...spec, schedule: ctx.remainderOf(spec.schedule, a, map) }),
  piecewiseConstant: (spec, isPC) => isPC(spec.schedule),
}));
