import { defineFamily, defineTools } from '../base/family.js';
import { length, num, object, oneOf, optional, schedule } from '../base/fields.js';
import { plus, point, times } from '../base/interval.js';
import { cycleIndex, MAX_PERIODIC } from '../base/math.js';

/**
 * `cyclic`: the cyclical learning rate (Smith 2017), `from + (peak - from)·shape·amplitude`, rising
 * for `upSteps` steps and falling for `downSteps` (default `upSteps`), forever.
 *
 * With `total = upSteps + downSteps`, the 0-based cycle index `k = floor(t/total)` and the position
 * `pos = t - k·total` (exact for integer lengths; any positive real length is allowed, PyTorch's
 * `step_size_up=7.5`):
 * - rising (`pos <= upSteps`): `sf = pos/upSteps`; falling: `sf = (total - pos)/downSteps`
 * - `shape: 'cosine'` (keras_one_cycle_clr's CLR): `sf ← (1 - cos(π·sf))/2`, each ramp a half cosine
 * - amplitude: 'triangular' 1; 'triangular2' `1/2^k` (PyTorch `1/2^(cycle - 1)`, 1-based cycle);
 *   'expRange' `decay^t` (t = the total step count, as PyTorch's code does); a custom `amplitude`
 *   schedule evaluated at `k` (`by: 'cycle'`; PyTorch's `scale_fn(x)` is this at `x - 1`) or at `t`
 *   (`by: 'step'`)
 * - value: `from + ((peak - from)·sf)·amplitude`, PyTorch's operation order
 *
 * This is PyTorch CyclicLR's `cycle = floor(1 + t/total)`, `x = 1 + t/total - cycle`, `sf = x/r` or
 * `(x - 1)/(r - 1)` with `r = upSteps/total`, computed from the exact phase instead of
 * `1 + t/total - cycle` (which loses about `cycle·1e-16`): the values agree with PyTorch within
 * 6e-15 relative (measured against PyTorch 1.13), the peak and `from` are hit exactly, and t = 1e12
 * is as exact as t = 10. For symmetric lengths this is also TFA's CyclicalLearningRate and the CLR
 * paper's `max(0, 1 - |t/s - 2·cycle + 1|)`.
 *
 * Boundary: t = 0 is `from`; t = upSteps is the peak of the first cycle; t = total starts the next
 * cycle at `from`. `peak < from` gives PyTorch's inverse momentum cycle `max_m - (max_m - base_m)·sf·scale`
 * (from = max_m, peak = base_m).
 * Example: `{ type: 'cyclic', from: 0, peak: 1, upSteps: 2 }` gives 0, 0.5, 1, 0.5, 0, 0.5, 1, ...;
 * with `mode: 'triangular2'` the second peak (t = 6) is 0.5.
 */
export const cyclicFamily = defineFamily({
  type: 'cyclic',
  description: 'Cyclical learning rate (Smith 2017; PyTorch CyclicLR, TFA CyclicalLearningRate): triangular cycles between from and peak, forever.',
  fields: {
    from: num('value at the start of every cycle (PyTorch base_lr; max_momentum for an inverse momentum cycle)'),
    peak: num('value at the top of the first cycle (PyTorch max_lr); may be below `from` for an inverse cycle'),
    upSteps: length('steps rising from `from` to `peak` (PyTorch step_size_up; any positive real)', { epochs: 'upEpochs' }),
    downSteps: optional(length('steps falling back to `from` (PyTorch step_size_down); default: upSteps', { epochs: 'downEpochs' })),
    mode: optional(oneOf('amplitude scaling: 1, halved every cycle, or decay^t', ['triangular', 'triangular2', 'expRange']), 'triangular'),
    decay: optional(num('per-step amplitude factor for mode expRange (PyTorch gamma)', { min: 0, minExclusive: true, max: 1 })),
    amplitude: optional(
      object('custom amplitude multiplier (declarative PyTorch scale_fn / TFA scale_fn); only with mode triangular', {
        by: oneOf('evaluate the amplitude schedule at the 0-based cycle index or at the step', ['cycle', 'step']),
        schedule: schedule('the amplitude multiplier as a schedule'),
      }),
    ),
    shape: optional(oneOf('ramp shape: straight lines or half cosines (keras_one_cycle_clr)', ['linear', 'cosine']), 'linear'),
  },
  check(spec, { report }) {
    if (spec.mode === 'expRange' && spec.decay === undefined) {
      report(['decay'], "decay is required with mode 'expRange' (the amplitude is decay^t)", undefined, 'a number in (0, 1]', 'missing');
    }
    if (spec.decay !== undefined && spec.mode !== 'expRange') {
      report(['decay'], `decay is used only by mode 'expRange', but mode is ${JSON.stringify(spec.mode ?? 'triangular')}`, spec.decay, "mode 'expRange' or no decay", 'conflict');
    }
    if (spec.amplitude !== undefined && spec.mode !== undefined && spec.mode !== 'triangular') {
      report(['amplitude'], `a custom amplitude replaces the mode's scaling: use it with mode 'triangular', not ${JSON.stringify(spec.mode)}`, spec.mode, "mode 'triangular' (the default)", 'conflict');
    }
  },
  compile(spec, compileChild) {
    const base = spec.from;
    const height = spec.peak - spec.from;
    const up = spec.upSteps;
    const down = spec.downSteps ?? up;
    const total = up + down;
    const cosine = spec.shape === 'cosine';
    const mode = spec.mode ?? 'triangular';
    const gamma = spec.decay ?? 1;
    const custom = spec.amplitude ? compileChild(spec.amplitude.schedule) : undefined;
    const byCycle = spec.amplitude?.by === 'cycle';
    const inverse = 1 / total;
    if (!cosine && mode === 'triangular' && custom === undefined) {
      return (t) => {
        const pos = Math.max(0, t - cycleIndex(t, total, inverse) * total);
        return base + height * (pos <= up ? pos / up : (total - pos) / down);
      };
    }
    return (t) => {
      const index = cycleIndex(t, total, inverse);
      const pos = Math.max(0, t - index * total);
      let sf = pos <= up ? pos / up : (total - pos) / down;
      if (cosine) sf = (1 - Math.cos(Math.PI * sf)) / 2;
      let scale = 1;
      if (custom !== undefined) scale = custom(byCycle ? index : t);
      else if (mode === 'triangular2') scale = 1 / 2 ** index;
      else if (mode === 'expRange') scale = gamma ** t;
      return base + height * sf * scale;
    };
  },
  range(spec, { rangeOf }) {
    const amplitude = spec.amplitude !== undefined ? rangeOf(spec.amplitude.schedule) : { lo: 0, hi: 1 };
    return plus(point(spec.from), times(times(point(spec.peak - spec.from), { lo: 0, hi: 1 }), amplitude));
  },
});

/** cyclic's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const cyclicTools = /* @__PURE__ */ defineTools(cyclicFamily, () => ({
  horizon: () => Infinity,
  breakpoints(spec, limit) {
    const up = spec.upSteps;
    const total = up + (spec.downSteps ?? up);
    const out: number[] = [];
    for (let k = 0; k * total <= limit && out.length < MAX_PERIODIC; k++) out.push(k * total + up, (k + 1) * total);
    return out;
  },
  cycleSteps: (spec, cycles) => cycles * (spec.upSteps + (spec.downSteps ?? spec.upSteps)),
  stretchRefusal: 'a cyclic schedule cycles forever: change the number of cycles instead',
  childOffset: (spec) => (spec.amplitude?.by === 'step' ? 0 : undefined),
}));
