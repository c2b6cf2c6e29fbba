import { defineFamily, defineTools } from '../base/family.js';
import { fraction, int, length, num, optional } from '../base/fields.js';
import { between, hull, point } from '../base/interval.js';
import { MAX_PERIODIC } from '../base/math.js';
import { periodAt, periodStart, type PeriodPosition } from '../base/periods.js';

/**
 * `tanh`: a hyperbolic-tangent decay from about `from` down to about `to` (Hsueh et al. 2019), with
 * timm's restarts.
 *
 * Periods as in `cosineRestarts`: period i (from 0) lasts `steps·m^i`, m = `periodMultiplier`. With
 * `r = u/T_i` the position inside period i:
 * - during period i (`i < cycleLimit`): `to + 0.5·(from·decay^i - to)·(1 - tanh(lower·(1 - r) + upper·r))`
 * - after `cycleLimit` periods (default 1: a single decay): `to`
 *
 * Boundary: t = 0 is `to + 0.5·(from - to)·(1 - tanh(lower))`, within 2e-6 of `from` for the default
 * `lower = -7`; at `t = steps·...` the value drops to exactly `to` (timm's jump at the end of the
 * last cycle).
 * Example: `{ type: 'tanh', from: 1, to: 0, steps: 10 }` gives 0.9999992 at t = 0, 0.99995 at t = 2,
 * 0.9997 at t = 3, 0.018 at t = 9, and 0 from t = 10 on.
 * Matches timm TanhLRScheduler (`from` = lr, `to` = lr_min, `steps` = t_initial, `lower`/`upper` =
 * lb/ub, cycle_mul, cycle_decay, cycle_limit), float for float.
 */
export const tanhFamily = defineFamily({
  type: 'tanh',
  description: 'Hyperbolic-tangent decay from `from` to `to` over `steps` steps, with optional restarts (timm TanhLRScheduler).',
  fields: {
    from: num('the value the decay starts near (timm lr)'),
    to: num('the value it decays towards and holds after the last cycle (timm lr_min)'),
    steps: length('length of the first period in steps (timm t_initial)', { epochs: 'epochs' }),
    lower: optional(num('the tanh argument at the start of a period (timm lb)'), -7),
    upper: optional(num('the tanh argument at the end of a period (timm ub)'), 3),
    periodMultiplier: optional(num('each period is this many times longer than the one before (timm cycle_mul)', { min: 1 }), 1),
    decay: optional(fraction('per-period multiplier of the peak (timm cycle_decay)'), 1),
    cycleLimit: optional(int('number of periods before holding `to` (timm cycle_limit)', 1), 1),
  },
  check(spec, { report }) {
    const lower = spec.lower ?? -7;
    const upper = spec.upper ?? 3;
    if (!(lower < upper)) report(['upper'], `upper (${upper}) must be above lower (${lower}) (timm asserts lb < ub)`, upper, `a number > ${lower}`, 'out_of_order');
  },
  compile(spec) {
    const { from, to, steps } = spec;
    const lower = spec.lower ?? -7;
    const upper = spec.upper ?? 3;
    const m = spec.periodMultiplier ?? 1;
    const decay = spec.decay ?? 1;
    const limit = spec.cycleLimit ?? 1;
    const lnM = Math.log1p(m - 1);
    if (m === 1 && steps % 1 === 0) {
      // equal whole periods: the same numbers periodAt gives, without its bookkeeping (a fractional
      // period goes through periodAt, which puts a step within rounding of a restart on it)
      return (t) => {
        const u = t % steps;
        const i = Math.round((t - u) / steps);
        if (i >= limit) return to;
        const r = u / steps;
        return to + 0.5 * (from * Math.pow(decay, i) - to) * (1 - Math.tanh(lower * (1 - r) + upper * r));
      };
    }
    const pos: PeriodPosition = { index: 0, offset: 0, length: 1 };
    return (t) => {
      periodAt(t, steps, m, lnM, pos);
      const i = pos.index;
      if (i >= limit) return to;
      const r = pos.offset / pos.length;
      return to + 0.5 * (from * Math.pow(decay, i) - to) * (1 - Math.tanh(lower * (1 - r) + upper * r));
    };
  },
  range: (spec) => ((spec.decay ?? 1) < 1 ? hull(between(spec.from, spec.to), point(0)) : between(spec.from, spec.to)),
});

/** tanh's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const tanhTools = /* @__PURE__ */ defineTools(tanhFamily, () => ({
  horizon(spec) {
    const m = spec.periodMultiplier ?? 1;
    return periodStart(spec.cycleLimit ?? 1, spec.steps, m, Math.log1p(m - 1));
  },
  breakpoints(spec, limit) {
    const m = spec.periodMultiplier ?? 1;
    const lnM = Math.log1p(m - 1);
    const cycles = spec.cycleLimit ?? 1;
    const out: number[] = [];
    for (let i = 1; i <= cycles && out.length < MAX_PERIODIC; i++) {
      const s = periodStart(i, spec.steps, m, lnM);
      if (s > limit) break;
      out.push(s);
    }
    return out;
  },
  cycleSteps(spec, cycles) {
    const limit = spec.cycleLimit ?? 1;
    if (limit === 1) return undefined;
    if (cycles > limit) throw new RangeError(`this tanh schedule stops after ${limit} cycles (cycleLimit), asked for ${cycles}`);
    const m = spec.periodMultiplier ?? 1;
    return periodStart(cycles, spec.steps, m, Math.log1p(m - 1));
  },
  stretch(spec, a, map, ctx) {
    if ((spec.cycleLimit ?? 1) !== 1) throw new RangeError('stretch does not re-plan a restarting tanh schedule: change the number of cycles instead');
    if (a >= spec.steps) return { type: 'constant', value: spec.to };
    // the remaining part of the decay keeps its shape: the tanh argument runs from where it is at a to upper
    const r = a / spec.steps;
    const lower = spec.lower ?? -7;
    const upper = spec.upper ?? 3;
    return { ...spec, lower: lower * (1 - r) + upper * r, steps: ctx.span(map, a, spec.steps) };
  },
}));
