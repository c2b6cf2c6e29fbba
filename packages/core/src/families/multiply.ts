import { defineFamily, defineTools, type StepFn } from '../base/family.js';
import { list, schedule } from '../base/fields.js';
import { times, type Interval } from '../base/interval.js';

/**
 * `multiply`: the product of several schedules at the same step.
 *
 * - `factors[0](t)·factors[1](t)·...`
 *
 * A factor that appears twice (the same object in a parsed document) is evaluated once per step.
 * Example: `{ type: 'multiply', factors: [{ type: 'constant', value: 0.5 }, cosine 1 → 0 over 4] }` gives 0.5, 0.4268, 0.25, ...
 * Matches PyTorch ChainedScheduler of multiplicative schedulers (each one's factor on the base lr).
 */
export const multiplyFamily = defineFamily({
  type: 'multiply',
  description: 'The product of several schedules at the same step.',
  fields: {
    factors: list('the schedules to multiply, evaluated at the same step', schedule('a factor'), { minItems: 1 }),
  },
  compile(spec, compileChild) {
    const fns = spec.factors.map(compileChild);
    if (fns.length === 1) return fns[0];
    if (fns.length === 2) {
      const [a, b] = fns;
      if (a === b) return (t) => {
        const v = a(t);
        return v * v;
      };
      return (t) => a(t) * b(t);
    }
    // distinct factors once each, with their multiplicities (a shared child costs one call)
    const unique: StepFn[] = [];
    const counts: number[] = [];
    for (const f of fns) {
      const k = unique.indexOf(f);
      if (k >= 0) counts[k]++;
      else {
        unique.push(f);
        counts.push(1);
      }
    }
    if (unique.length === fns.length) {
      return (t) => {
        let v = fns[0](t);
        for (let i = 1; i < fns.length; i++) v *= fns[i](t);
        return v;
      };
    }
    return (t) => {
      let v = 1;
      for (let i = 0; i < unique.length; i++) {
        const x = unique[i](t);
        for (let c = 0; c < counts[i]; c++) v *= x;
      }
      return v;
    };
  },
  range(spec, { rangeOf, report }) {
    let r: Interval = rangeOf(spec.factors[0]);
    for (let i = 1; i < spec.factors.length; i++) {
      r = times(r, rangeOf(spec.factors[i]));
      if (!(Math.max(Math.abs(r.lo), Math.abs(r.hi)) <= 1e300)) {
        report(['factors', i], `the product of factors 0 to ${i} can reach ${Math.abs(r.lo) > Math.abs(r.hi) ? r.lo : r.hi}, beyond 1e300`, undefined, 'factors whose product stays within 1e300', 'overflow');
        break;
      }
    }
    return r;
  },
});

/** multiply's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const multiplyTools = /* @__PURE__ */ defineTools(multiplyFamily, () => ({
  horizon: (spec, { horizonOf }) => spec.factors.reduce((h, f) => Math.max(h, horizonOf(f)), 0),
  breakpoints: (spec, limit, { breakpointsOf }) => [...new Set(spec.factors.flatMap((f) => breakpointsOf(f, limit)))],
  stretch: (spec, a, map, ctx) => ({ type: 'multiply', factors: spec.factors.map((f) => ctx.remainderOf(f, a, map)) }),
  piecewiseConstant: (spec, isPC) => spec.factors.every(isPC),
}));
