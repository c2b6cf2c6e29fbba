import { defineFamily, defineTools } from '../base/family.js';
import { length, num, optional, schedule } from '../base/fields.js';
import { hull, point } from '../base/interval.js';
import { cycleIndex, MAX_PERIODIC } from '../base/math.js';

/**
 * `repeat`: restarts a schedule every `steps` steps, optionally decaying it per repeat.
 *
 * - with `k = floor(t/steps)`: `schedule(t - k·steps)·decay^k`
 *
 * Boundary: t = k·steps restarts at the inner schedule's t = 0.
 * Example: `{ type: 'repeat', schedule: linear 1 → 0 over 2, steps: 2, decay: 0.5 }` gives 1, 0.5, 0.5, 0.25, 0.25, ...
 */
export const repeatFamily = defineFamily({
  type: 'repeat',
  description: 'Restart a schedule every `steps` steps, optionally decaying it per repeat.',
  fields: {
    schedule: schedule('the schedule to restart; it sees local times 0 to steps'),
    steps: length('period in steps (any positive real)', { epochs: 'epochs' }),
    decay: optional(num('multiplier per repeat (decay^k for the k-th repeat, from 0)', { min: 0, minExclusive: true, max: 1 }), 1),
  },
  compile(spec, compileChild) {
    const inner = compileChild(spec.schedule);
    const every = spec.steps;
    const inverse = 1 / every;
    const decay = spec.decay ?? 1;
    // (the max only matters far beyond 2^53, where the remainder can round below 0)
    if (decay === 1) return (t) => inner(Math.max(0, t - cycleIndex(t, every, inverse) * every));
    return (t) => {
      const k = cycleIndex(t, every, inverse);
      return inner(Math.max(0, t - k * every)) * decay ** k;
    };
  },
  range: (spec, { rangeOf }) => ((spec.decay ?? 1) === 1 ? rangeOf(spec.schedule) : hull(rangeOf(spec.schedule), point(0))),
});

/** repeat's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const repeatTools = /* @__PURE__ */ defineTools(repeatFamily, () => ({
  horizon: () => Infinity,
  breakpoints(spec, limit, { breakpointsOf }) {
    const every = spec.steps;
    const inner = breakpointsOf(spec.schedule, every).filter((b) => b < every);
    const out: number[] = [];
    for (let k = 0; k * every <= limit && out.length < MAX_PERIODIC; k++) {
      for (const b of inner) out.push(k * every + b);
      out.push((k + 1) * every);
    }
    return out;
  },
  cycleSteps: (spec, cycles) => cycles * spec.steps,
  stretchRefusal: 'a repeat cycles forever: change the number of cycles instead',
  piecewiseConstant: (spec, isPC) => isPC(spec.schedule),
}));
