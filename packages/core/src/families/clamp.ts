import { defineFamily, defineTools } from '../base/family.js';
import { num, optional, schedule } from '../base/fields.js';
import { clampInterval } from '../base/interval.js';

/**
 * `clamp`: another schedule limited to `[min, max]` (either bound optional, at least one given).
 *
 * Example: `{ type: 'clamp', schedule: linear -1 → 2 over 3, min: 0, max: 1 }` gives 0, 0, 1, 1, ...
 */
export const clampFamily = defineFamily({
  type: 'clamp',
  description: 'Another schedule limited to [min, max].',
  fields: {
    schedule: schedule('the schedule to clamp'),
    min: optional(num('lower bound')),
    max: optional(num('upper bound')),
  },
  check(spec, { report }) {
    if (spec.min === undefined && spec.max === undefined) {
      report(['min'], 'a clamp needs min, max or both', undefined, 'a number', 'missing');
    } else if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
      report(['max'], `max (${spec.max}) must not be below min (${spec.min})`, spec.max, `a number >= ${spec.min}`, 'out_of_order');
    }
  },
  compile(spec, compileChild) {
    const inner = compileChild(spec.schedule);
    const lo = spec.min ?? -Infinity;
    const hi = spec.max ?? Infinity;
    return (t) => {
      const v = inner(t);
      return v < lo ? lo : v > hi ? hi : v;
    };
  },
  range: (spec, { rangeOf }) => clampInterval(rangeOf(spec.schedule), spec.min, spec.max),
});

/** clamp's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const clampTools = /* @__PURE__ */ defineTools(clampFamily, () => ({
  horizon: (spec, { horizonOf }) => horizonOf(spec.schedule),
  breakpoints: (spec, limit, { breakpointsOf }) => breakpointsOf(spec.schedule, limit),
  cycleSteps: (spec, cycles, { cycleStepsOf }) => cycleStepsOf(spec.schedule, cycles),
  stretch: (spec, a, map, ctx) => ({ ...spec, schedule: ctx.remainderOf(spec.schedule, a, map) }),
  piecewiseConstant: (spec, isPC) => isPC(spec.schedule),
}));
