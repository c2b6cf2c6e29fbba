import { defineFamily, defineTools } from '../base/family.js';
import { length, num, oneOf, optional, positive } from '../base/fields.js';
import { between } from '../base/interval.js';
import { formatValue } from '../base/format.js';
import { multiples } from '../base/math.js';

/**
 * `cosine`: half a cosine from `from` to `to` over `steps` steps.
 *
 * - during (`t < steps`): `to + (from - to)·(1 + cos(π·t/steps))/2`, raised to `power` when it is
 *   not 1: `to + (from - to)·((1 + cos(π·t/steps))/2)^power`
 * - after (`t >= steps`): `after: 'hold'` (default) keeps `to`; `'continue'` keeps following the
 *   formula, back up to `from` at `2·steps` and so on (period `2·steps`, reduced exactly, so step
 *   1e12 is as accurate as step 10)
 *
 * Boundary: t = 0 (and every start of a half period) is exactly `from`, t = steps exactly `to`.
 * Example: `{ type: 'cosine', from: 1, to: 0, steps: 4 }` gives 1, 0.8536, 0.5, 0.1464, 0, 0, ...
 * Matches PyTorch CosineAnnealingLR (`after: 'continue'`; `from` = base lr, `to` = eta_min), Keras
 * CosineDecay without warmup (`to = initial·alpha`), optax cosine_decay_schedule (`power` = exponent).
 */
export const cosineFamily = defineFamily({
  type: 'cosine',
  description: 'Half a cosine from `from` to `to` over `steps` steps; holds `to` or keeps cycling after.',
  fields: {
    from: num('value at step 0'),
    to: num('value at `steps`'),
    steps: length('length of the half cosine in steps', { epochs: 'epochs' }),
    power: optional(positive('power applied to the cosine factor (optax exponent)'), 1),
    after: optional(oneOf("past `steps`: 'hold' keeps `to`, 'continue' follows the cosine back up (PyTorch CosineAnnealingLR)", ['hold', 'continue']), 'hold'),
  },
  compile(spec) {
    const { from, to, steps } = spec;
    const range = from - to;
    const power = spec.power ?? 1;
    const period = 2 * steps;
    // written as PyTorch writes it: eta_min + (base - eta_min)·(1 + cos(π·t/T))/2
    if (spec.after === 'continue') {
      const at = (u: number) => (u === 0 ? from : to + (range * (1 + Math.cos((Math.PI * u) / steps))) / 2);
      const atPow = (u: number) => (u === 0 ? from : to + range * Math.pow((1 + Math.cos((Math.PI * u) / steps)) / 2, power));
      if (power === 1) return (t) => at(t < steps ? t : t % period);
      return (t) => atPow(t < steps ? t : t % period);
    }
    if (power === 1) return (t) => (t >= steps ? to : t === 0 ? from : to + (range * (1 + Math.cos((Math.PI * t) / steps))) / 2);
    return (t) => (t >= steps ? to : t === 0 ? from : to + range * Math.pow((1 + Math.cos((Math.PI * t) / steps)) / 2, power));
  },
  range: (spec) => between(spec.from, spec.to),
});

/** cosine's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const cosineTools = /* @__PURE__ */ defineTools(cosineFamily, () => ({
  horizon(spec) {
    if (spec.from === spec.to) return 0;
    return spec.after === 'continue' ? Infinity : spec.steps;
  },
  breakpoints: (spec, limit) => (spec.after === 'continue' ? multiples(spec.steps, limit) : [spec.steps]),
  cycleSteps: (spec, cycles) => (spec.after === 'continue' ? cycles * 2 * spec.steps : undefined),
  stretch(spec, a, map, ctx) {
    if (spec.after === 'continue') throw new RangeError('stretch does not re-plan a continuing cosine (it cycles forever): change its length instead');
    if (a >= spec.steps) return { type: 'constant', value: spec.to };
    return { ...spec, from: ctx.compile(spec)(a), steps: ctx.span(map, a, spec.steps) };
  },
  lint(spec, ctx) {
    const total = ctx.totalSteps;
    if (total === undefined || total - 1 <= spec.steps) return;
    if (spec.after === 'continue') {
      ctx.add('periodic-after-end', 'info', `This cosine continues past its end (PyTorch CosineAnnealingLR): after step ${spec.steps} ${ctx.name} rises again, and the run goes on to step ${total - 1}.`);
    } else if (ctx.importedFrom === 'pytorch' && ctx.isRoot) {
      ctx.add('past-end-convention', 'info', `PyTorch CosineAnnealingLR keeps following the cosine after T_max (${spec.steps}), rising again; this spec holds ${formatValue(spec.to)}. Use after: 'continue' to match PyTorch.`);
    }
  },
}));
