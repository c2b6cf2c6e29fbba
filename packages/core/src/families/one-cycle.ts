import type { SpecIssue } from '../base/errors.js';
import { defineFamily, defineTools, type Node } from '../base/family.js';
import { bool, fraction, length, num, oneOf, optional, positive } from '../base/fields.js';
import { between, hull, point } from '../base/interval.js';

const FIELDS = {
  steps: length('length of the cycle in steps (PyTorch total_steps, optax transition_steps)', { epochs: 'epochs' }),
  from: num('value at step 0 (PyTorch max_lr/div_factor; max_momentum for momentum)'),
  peak: num('value at the end of the first phase (PyTorch max_lr; base_momentum for momentum)'),
  to: num('value at the end (PyTorch initial/final_div_factor; max_momentum for momentum)'),
  pctStart: optional(fraction('fraction of the cycle spent rising'), 0.3),
  pctEnd: optional(fraction("end of the second phase as a fraction, for threePhase with peakAt 'optax' (optax pct_final)"), 0.85),
  shape: optional(oneOf('annealing shape inside each phase', ['cosine', 'linear']), 'cosine'),
  threePhase: optional(bool('rise, fall back to `from`, then anneal to `to` (PyTorch three_phase)'), false),
  peakAt: optional(oneOf('phase-end convention: PyTorch pct·T - 1 or optax floor(pct·T)', ['pytorch', 'optax']), 'pytorch'),
  after: optional(oneOf('past the end: hold the last value or continue the last phase formula', ['hold', 'continue']), 'hold'),
} as const;

type OneCycle = Node<'oneCycle', typeof FIELDS>;

/**
 * `oneCycle` (Smith & Topin 2018): from `from` up to `peak`, then down to `to`; three-phase:
 * up to `peak`, back to `from`, then down to `to`.
 *
 * Phases, with T = steps and p = (t - start)/(end - start) inside a phase:
 * - `peakAt: 'pytorch'` (OneCycleLR, float for float): phase ends `pctStart·T - 1`, then `T - 1`
 *   (three-phase: `pctStart·T - 1`, `2·pctStart·T - 2`, `T - 1`); a step belongs to the first phase
 *   with `t <= end` (so each phase's end step has the phase's end value), the last phase takes the rest.
 * - `peakAt: 'optax'` (cosine_onecycle_schedule / linear_onecycle_schedule): boundaries
 *   `floor(pctStart·T)`, then `T` (three-phase: `floor(pctStart·T)`, `floor(pctEnd·T)`, `T`); a phase
 *   owns `[start, end)`, so the boundary step starts the next phase.
 * - shape 'cosine': `end + (start - end)/2·(cos(π·p) + 1)`; 'linear': `(end - start)·p + start`
 *   (PyTorch's and optax's formulas, float for float: bit-identical to PyTorch 1.13 in the tests).
 * - past the end: `after: 'hold'` (default) keeps the value of the last step (`T - 1` for pytorch,
 *   `to` from `T` on for optax); `'continue'` extends the last phase's formula, which is what
 *   PyTorch returns at its last allowed step t = T (`p > 1`).
 *
 * Momentum is the same spec with `peak < from` (e.g. 0.95 → 0.85 → 0.95). A phase of zero length is
 * rejected (PyTorch raises ZeroDivisionError); PyTorch's negative first phase (`pctStart·T < 1`) is
 * reproduced as it is.
 * Example (OneCycleLR, max_lr 1, T = 100): t = 0 → 0.04, t = 29 → 1, t = 99 → 4e-6.
 */
export const oneCycleFamily = defineFamily({
  type: 'oneCycle',
  description: 'One-cycle (Smith & Topin 2018; PyTorch OneCycleLR, optax onecycle): up to a peak and down below the start, in two or three phases.',
  fields: FIELDS,
  check(spec, { report }) {
    if (spec.pctEnd !== undefined && !(spec.threePhase && spec.peakAt === 'optax')) {
      report(['pctEnd'], "pctEnd places the end of the second phase only with threePhase: true and peakAt: 'optax'", spec.pctEnd, "threePhase: true and peakAt: 'optax', or no pctEnd", 'conflict');
      return;
    }
    let start = 0;
    phasesOf(spec).forEach((phase, i) => {
      const span = phase.end - start;
      const which = ['first', 'second', 'third'][i];
      const byEnd = i > 0 && spec.peakAt === 'optax' && spec.threePhase === true;
      if (span === 0) {
        report([byEnd ? 'pctEnd' : 'pctStart'],
          `the ${which} phase of this one-cycle has zero length (it ends at step ${phase.end}, where it starts; PyTorch raises ZeroDivisionError): change ${byEnd ? 'pctEnd' : 'pctStart'} or steps`,
          byEnd ? spec.pctEnd ?? 0.85 : spec.pctStart ?? 0.3, 'phases of non-zero length', 'zero_length_phase');
      } else if (span < 0 && spec.peakAt === 'optax') {
        report(['pctEnd'], `pctEnd (${spec.pctEnd}) must not be below pctStart (${spec.pctStart ?? 0.3})`, spec.pctEnd, 'pctEnd >= pctStart', 'out_of_order');
      }
      start = phase.end;
    });
  },
  compile(spec) {
    const fn = compilePhases(spec);
    if (spec.after === 'continue') return fn;
    // holding: past the last step the value is the last step's value, computed once (same bits)
    const T = spec.steps;
    if (spec.peakAt === 'optax') {
      const to = spec.to;
      return (t) => (t >= T ? to : fn(t));
    }
    const last = T - 1;
    const held = fn(last);
    return (t) => (t >= last ? held : fn(t));
  },
  range(spec, { report }) {
    const values = hull(point(spec.from), point(spec.peak), point(spec.to));
    if (spec.after !== 'continue' || spec.shape !== 'linear') return values;
    // a continued linear phase extrapolates: bound it at the end of the proof horizon
    const far = compilePhases(spec)(1e12);
    if (!Number.isFinite(far) || Math.abs(far) > 1e300) {
      report(['after'], `the last phase continued linearly reaches ${far} before step 1e12`, spec.after, "after: 'hold', or a cosine shape", 'overflow');
    }
    return hull(values, between(far, far));
  },
});

/** oneCycle's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const oneCycleTools = /* @__PURE__ */ defineTools(oneCycleFamily, () => ({
  // exactly one cycle of `steps` updates (stepsForCycles, keras_one_cycle_clr's find_n_epoch)
  cycleSteps(spec, cycles) {
    if (cycles !== 1) throw new RangeError(`a one-cycle schedule has exactly one cycle, asked for ${cycles}`);
    return spec.steps;
  },
  horizon(spec) {
    if (spec.after === 'continue') return Infinity;
    return spec.peakAt === 'optax' ? spec.steps : Math.max(0, spec.steps - 1);
  },
  plannedSteps: (spec) => spec.steps,
  breakpoints: (spec) => phasesOf(spec).map((p) => p.end),
  stretch(spec, a, map, ctx) {
    const v = ctx.compile(spec)(a);
    const targets = spec.threePhase ? [spec.peak, spec.from, spec.to] : [spec.peak, spec.to];
    const cosine = (spec.shape ?? 'cosine') === 'cosine';
    const parts: Array<{ schedule: { type: string; [k: string]: unknown }; steps?: number }> = [];
    let from = v;
    let prev = map(a);
    phasesOf(spec).forEach((phase, i) => {
      if (phase.end <= a) return;
      const steps = Math.max(1, Math.round(map(phase.end) - prev));
      parts.push({ schedule: { type: cosine ? 'cosine' : 'linear', from, to: targets[i], steps }, steps });
      prev += steps;
      from = targets[i];
    });
    if (parts.length === 0) return { type: 'constant', value: v };
    parts.push({ schedule: { type: 'constant', value: spec.to } });
    return { type: 'join', parts };
  },
  warmupSteps(spec) {
    const pct = spec.pctStart ?? 0.3;
    return (spec.peakAt ?? 'pytorch') === 'pytorch' ? Math.round(pct * spec.steps - 1) : Math.floor(pct * spec.steps);
  },
  lint(spec, ctx) {
    const peakAt = spec.peakAt ?? 'pytorch';
    if (ctx.importedFrom === 'pytorch' && peakAt !== 'pytorch') ctx.add('boundary-convention', 'warning', "PyTorch OneCycleLR ends its phases at pct·T - 1 and T - 1; peakAt: 'optax' puts them at floor(pct·T) and T.");
    if (ctx.importedFrom === 'optax' && peakAt !== 'optax') ctx.add('boundary-convention', 'warning', "optax one-cycle schedules peak at floor(pct·T); peakAt: 'pytorch' peaks at pct·T - 1.");
  },
  sugar: {
    fields: {
      maxLr: optional(num('the peak (PyTorch max_lr); or give peak')),
      divFactor: optional(positive('from = peak/divFactor unless from is given (PyTorch div_factor)'), 25),
      finalDivFactor: optional(positive('to = from/finalDivFactor unless to is given (PyTorch final_div_factor)'), 1e4),
    },
    fills: ['from', 'peak', 'to'],
    resolve(o, issues: SpecIssue[]) {
      const { maxLr, peak } = o;
      const divFactor = o.divFactor ?? 25;
      const finalDivFactor = o.finalDivFactor ?? 1e4;
      if ((maxLr === undefined) === (peak === undefined)) {
        issues.push({ code: 'conflict', path: ['maxLr'], expected: 'exactly one of maxLr or peak', received: maxLr ?? peak, message: 'give exactly one of maxLr or peak' });
        return {};
      }
      const top = (maxLr ?? peak) as number;
      if (typeof top !== 'number' || typeof divFactor !== 'number' || typeof finalDivFactor !== 'number') return { peak: top };
      const from = o.from ?? top / divFactor;
      return { peak: top, from, to: o.to ?? (from as number) / finalDivFactor };
    },
  },
}));

interface Phase {
  /** float end step (pytorch: the last step of the phase; optax: the first step of the next) */
  end: number;
  from: number;
  to: number;
}

/** The phase ends and values, computed exactly as PyTorch / optax compute them. */
function phasesOf(spec: OneCycle): Phase[] {
  const T = spec.steps;
  const pct = spec.pctStart ?? 0.3;
  const { from, peak, to } = spec;
  if (spec.peakAt === 'optax') {
    const b1 = Math.floor(pct * T);
    if (spec.threePhase) return [{ end: b1, from, to: peak }, { end: Math.floor((spec.pctEnd ?? 0.85) * T), from: peak, to: from }, { end: T, from, to }];
    return [{ end: b1, from, to: peak }, { end: T, from: peak, to }];
  }
  if (spec.threePhase) return [{ end: pct * T - 1, from, to: peak }, { end: 2 * pct * T - 2, from: peak, to: from }, { end: T - 1, from, to }];
  return [{ end: pct * T - 1, from, to: peak }, { end: T - 1, from: peak, to }];
}

/**
 * The phase formulas with constants folded, without the past-the-end rule (as 'continue').
 * PyTorch's `_annealing_cos` / `_annealing_linear` (optax's interpolations are the same formulas),
 * float for float; the end of the last cosine phase is exactly `to` (whatever the engine's cos(π)).
 */
function compilePhases(spec: OneCycle): (t: number) => number {
  const [p1, p2, p3] = phasesOf(spec);
  const { from: initial, peak, to: final } = spec;
  const optax = spec.peakAt === 'optax';
  const e1 = p1.end;
  const e2 = p2.end;
  const len2 = e2 - e1;
  const e3 = p3 === undefined ? e2 : p3.end;
  const len3 = e3 - e2;
  const to2 = p2.to;
  if (spec.shape === 'linear') {
    const d1 = peak - initial;
    const d2 = to2 - peak;
    const d3 = final - initial;
    if (p3 === undefined) {
      if (optax) return (t) => (t < e1 ? d1 * (t / e1) + initial : d2 * ((t - e1) / len2) + peak);
      return (t) => (t <= e1 ? d1 * (t / e1) + initial : d2 * ((t - e1) / len2) + peak);
    }
    return (t) => {
      if (optax ? t < e1 : t <= e1) return d1 * (t / e1) + initial;
      if (optax ? t < e2 : t <= e2) return d2 * ((t - e1) / len2) + peak;
      return d3 * ((t - e2) / len3) + initial;
    };
  }
  const PI = Math.PI;
  const h1 = (initial - peak) / 2;
  const h2 = (peak - to2) / 2;
  const h3 = (initial - final) / 2;
  if (p3 === undefined) {
    if (optax) return (t) => (t < e1 ? peak + h1 * (Math.cos(PI * (t / e1)) + 1) : t === e2 ? final : to2 + h2 * (Math.cos(PI * ((t - e1) / len2)) + 1));
    return (t) => (t <= e1 ? peak + h1 * (Math.cos(PI * (t / e1)) + 1) : t === e2 ? final : to2 + h2 * (Math.cos(PI * ((t - e1) / len2)) + 1));
  }
  return (t) => {
    if (optax ? t < e1 : t <= e1) return peak + h1 * (Math.cos(PI * (t / e1)) + 1);
    if (optax ? t < e2 : t <= e2) return to2 + h2 * (Math.cos(PI * ((t - e1) / len2)) + 1);
    return t === e3 ? final : final + h3 * (Math.cos(PI * ((t - e2) / len3)) + 1);
  };
}
