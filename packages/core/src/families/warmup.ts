import { defineFamily, defineTools } from '../base/family.js';
import { length, num, oneOf, optional, schedule } from '../base/fields.js';
import { hull, MAX_VALUE, point } from '../base/interval.js';

/**
 * `warmup`: a warmup from `from` into any schedule, on an explicit clock.
 *
 * With `target` the inner schedule's value where the warmup ends (its t = 0, or t = steps with
 * `clock: 'fromStart'`) and `p = t/steps`:
 * - warmup (`t < steps`): 'linear' (default) `from + (target - from)·p`; 'exponential'
 *   `from·(target/from)^p` (geometric: `from` and the target non-zero, of one sign); 'constant' `from`
 * - after: the inner schedule at `t - steps` (`clock: 'afterWarmup'`, default; Keras, PyTorch
 *   SequentialLR) or at `t` (`clock: 'fromStart'`; optax warmup_cosine_decay, HF: the decay length
 *   includes the warmup)
 *
 * Boundary: t = 0 is exactly `from`; t = steps is the inner schedule's value there.
 * Example: `{ type: 'warmup', steps: 2, from: 0, schedule: { type: 'constant', value: 1 } }` gives 0, 0.5, 1, 1, ...
 */
export const warmupFamily = defineFamily({
  type: 'warmup',
  description: 'Warmup from a starting value into any schedule (linear, exponential or constant), on an explicit clock.',
  fields: {
    steps: length('length of the warmup in steps', { epochs: 'epochs' }),
    from: num('value at step 0'),
    schedule: schedule('the schedule after the warmup'),
    shape: optional(oneOf('warmup curve', ['linear', 'exponential', 'constant']), 'linear'),
    clock: optional(oneOf("the inner schedule's clock: starts when the warmup ends, or counts the warmup steps too", ['afterWarmup', 'fromStart']), 'afterWarmup'),
  },
  check(spec, { report, compile }) {
    if (spec.shape !== 'exponential') return;
    const target = compile(spec.schedule)(spec.clock === 'fromStart' ? spec.steps : 0);
    if (spec.from === 0) report(['from'], 'an exponential warmup cannot start from 0 (it is geometric)', spec.from, 'a non-zero number');
    else if (!(target !== 0 && Math.sign(target) === Math.sign(spec.from))) {
      report(['schedule'], `an exponential warmup needs a target of the same sign as from (${spec.from}); the schedule gives ${target} where the warmup ends`, target, 'a non-zero target with the sign of from');
    } else if (!(Math.abs(target / spec.from) <= MAX_VALUE && Math.abs(spec.from / target) <= MAX_VALUE)) {
      report(['from'], `an exponential warmup from ${spec.from} to ${target} multiplies by ${target / spec.from}, beyond 1e300`, spec.from, 'a start within a factor of 1e300 of the target', 'overflow');
    }
  },
  compile(spec, compileChild) {
    const inner = compileChild(spec.schedule);
    const steps = spec.steps;
    const from = spec.from;
    const fromStart = spec.clock === 'fromStart';
    const target = inner(fromStart ? steps : 0);
    const after = fromStart ? inner : (t: number) => inner(t - steps);
    switch (spec.shape) {
      case 'constant':
        return (t) => (t < steps ? from : after(t));
      case 'exponential': {
        const ratio = target / from;
        return (t) => (t < steps ? from * ratio ** (t / steps) : after(t));
      }
      default: {
        const rise = target - from;
        if (fromStart) return (t) => (t < steps ? from + rise * (t / steps) : inner(t));
        return (t) => (t < steps ? from + rise * (t / steps) : inner(t - steps));
      }
    }
  },
  range: (spec, { rangeOf }) => hull(point(spec.from), rangeOf(spec.schedule)),
});

/** warmup's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const warmupTools = /* @__PURE__ */ defineTools(warmupFamily, () => ({
  horizon(spec, { horizonOf }) {
    const inner = horizonOf(spec.schedule);
    return spec.clock === 'fromStart' ? Math.max(spec.steps, inner) : spec.steps + inner;
  },
  breakpoints(spec, limit, { breakpointsOf }) {
    const inner = spec.clock === 'fromStart'
      ? breakpointsOf(spec.schedule, limit).filter((b) => b > spec.steps)
      : breakpointsOf(spec.schedule, limit - spec.steps).map((b) => b + spec.steps);
    return [spec.steps, ...inner];
  },
  cycleSteps(spec, cycles, { cycleStepsOf }) {
    const inner = cycleStepsOf(spec.schedule, cycles);
    return inner === undefined ? undefined : (spec.clock === 'fromStart' ? 0 : spec.steps) + inner;
  },
  stretch(spec, a, map, ctx) {
    const inner = spec.schedule;
    const shift = (m: typeof map, by: number) => (p: number) => m(p + by) - m(by);
    if (a >= spec.steps) {
      return spec.clock === 'fromStart' ? ctx.remainderOf(inner, a, map) : ctx.remainderOf(inner, a - spec.steps, shift(map, spec.steps));
    }
    const innerRest = spec.clock === 'fromStart' ? ctx.remainderOf(inner, a, map) : ctx.remainderOf(inner, 0, shift(map, spec.steps));
    if ((spec.shape ?? 'linear') === 'constant') {
      return { type: 'join', parts: [{ schedule: { type: 'constant', value: spec.from }, steps: ctx.span(map, a, spec.steps) }, { schedule: innerRest }] };
    }
    return { ...spec, steps: ctx.span(map, a, spec.steps), from: ctx.compile(spec)(a), schedule: innerRest };
  },
  piecewiseConstant: (spec, isPC) => spec.shape === 'constant' && isPC(spec.schedule),
  warmupSteps: (spec) => spec.steps,
  childOffset: (spec) => (spec.clock === 'fromStart' ? 0 : spec.steps),
  lint(spec, ctx) {
    if (ctx.importedFrom === undefined) return;
    const clock = spec.clock ?? 'afterWarmup';
    if ((ctx.importedFrom === 'optax' || ctx.importedFrom === 'transformers') && clock !== 'fromStart') {
      ctx.add('warmup-clock-convention', 'info', `In ${ctx.importedFrom} the decay length includes the warmup; this warmup starts the inner schedule's clock after it (clock: 'afterWarmup'). Use clock: 'fromStart' to match.`);
    } else if (ctx.importedFrom === 'keras' && clock === 'fromStart') {
      ctx.add('warmup-clock-convention', 'info', "Keras CosineDecay's decay_steps exclude the warmup; this warmup counts them (clock: 'fromStart'). Use clock: 'afterWarmup' to match.");
    }
  },
}));
