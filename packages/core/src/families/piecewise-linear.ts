import { defineFamily, defineTools } from '../base/family.js';
import { list, num, object, position } from '../base/fields.js';
import { spanOf } from '../base/interval.js';

/**
 * `piecewiseLinear`: linear interpolation through `(step, value)` points.
 *
 * - before the first point: its value; between points a and b:
 *   `a.value + (b.value - a.value)·((t - a.step)/(b.step - a.step))`; after the last: its value
 *
 * Boundary: every point's step is exactly its value.
 * Example: `{ type: 'piecewiseLinear', points: [{ step: 0, value: 0 }, { step: 2, value: 1 }] }` gives 0, 0.5, 1, 1, ...
 * Matches optax piecewise_interpolate_schedule ('linear') and fastai's combined linear schedules.
 */
export const piecewiseLinearFamily = defineFamily({
  type: 'piecewiseLinear',
  description: 'Linear interpolation through (step, value) points; holds the end values outside.',
  fields: {
    points: list('points with strictly increasing steps', object('a point', { step: position('the step of this point'), value: num('the value at that step') }), { minItems: 1 }),
  },
  check(spec, { report }) {
    const p = spec.points;
    for (let i = 1; i < p.length; i++) {
      if (p[i].step <= p[i - 1].step) {
        report(['points', i, 'step'], `point steps must be strictly increasing: points[${i}].step = ${p[i].step} comes after ${p[i - 1].step}`, p[i].step, `a step > ${p[i - 1].step}`, 'out_of_order');
      }
    }
  },
  compile(spec) {
    const steps = Float64Array.from(spec.points, (p) => p.step);
    const values = Float64Array.from(spec.points, (p) => p.value);
    const n = steps.length;
    const first = values[0];
    const last = values[n - 1];
    const lastStep = steps[n - 1];
    const firstStep = steps[0];
    if (n <= 4) {
      // a few points: a scan beats the binary search
      return (t) => {
        if (t < firstStep) return first;
        if (t >= lastStep) return last;
        let i = 0;
        while (steps[i + 1] <= t) i++;
        const a = values[i];
        return a + (values[i + 1] - a) * ((t - steps[i]) / (steps[i + 1] - steps[i]));
      };
    }
    return (t) => {
      if (t < firstStep) return first;
      if (t >= lastStep) return last;
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (steps[mid] <= t) lo = mid + 1;
        else hi = mid;
      }
      const i = lo - 1;
      const a = values[i];
      return a + (values[i + 1] - a) * ((t - steps[i]) / (steps[i + 1] - steps[i]));
    };
  },
  range: (spec) => spanOf(spec.points.map((p) => p.value)),
});

/** piecewiseLinear's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const piecewiseLinearTools = /* @__PURE__ */ defineTools(piecewiseLinearFamily, () => ({
  horizon(spec) {
    const p = spec.points;
    for (let i = p.length - 1; i > 0; i--) if (p[i].value !== p[i - 1].value) return p[i].step;
    return 0;
  },
  breakpoints: (spec, limit) => spec.points.map((p) => p.step).filter((s) => s > 0 && s <= limit),
  stretch(spec, a, map, ctx) {
    const later = spec.points.filter((p) => p.step > a);
    if (later.length === 0) return { type: 'constant', value: ctx.compile(spec)(a) };
    const points = [{ step: 0, value: ctx.compile(spec)(a) }];
    // steps stay strictly increasing when a shorter plan squeezes points together
    for (const p of later) points.push({ step: Math.max(points[points.length - 1].step + 1, Math.round(map(p.step) - map(a))), value: p.value });
    return { type: 'piecewiseLinear', points };
  },
}));
