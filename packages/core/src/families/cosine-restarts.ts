import { defineFamily, defineTools } from '../base/family.js';
import { fraction, int, length, num, oneOf, optional, positive } from '../base/fields.js';
import { between } from '../base/interval.js';
import { MAX_PERIODIC } from '../base/math.js';
import { periodAt, periodStart, periodTable, type PeriodPosition } from '../base/periods.js';

/**
 * `cosineRestarts` (SGDR): half cosines from `from` down to `to`, restarting at `from` after each period.
 *
 * Period i (from 0) starts at `s_i = steps·(m^i - 1)/(m - 1)` (`i·steps` when m = 1) and lasts
 * `steps·m^i`, m = `periodMultiplier` (any real >= 1; `steps` any positive real). With `u = t - s_i`,
 * `T_i` its length and `c = 1 + cos(π·(u/T_i)^kDecay)`:
 * - during period i (`i < cycleLimit`): `to + (from - to)·decay^i·c/2` (`decayTarget: 'amplitude'`,
 *   Keras m_mul), or `to + (from·decay^i - to)·c/2` (`'peak'`, timm cycle_decay)
 * - after `cycleLimit` periods: `to` (holds); without a limit it restarts forever
 *
 * Boundary: the first step of a period (`t = s_i`, or the first integer step past a fractional
 * `s_i`) is the restart: it takes the new period's peak, as PyTorch restarts when `T_cur >= T_i`.
 * The period index is exact (exact integer arithmetic for integer lengths and multipliers, the log
 * formula fixed up against `s_i` otherwise), so restarts land on the right step even at t = 1e12.
 * Example: `{ type: 'cosineRestarts', from: 1, to: 0, steps: 2, periodMultiplier: 2 }` gives
 * 1, 0.5, 1, 0.8536, 0.5, 0.1464, 1, ...
 * Matches PyTorch CosineAnnealingWarmRestarts (`steps` = T_0, integer T_mult; `to` = eta_min), Keras
 * CosineDecayRestarts (`to = initial·alpha`, m_mul as `decay`), HF cosine_with_restarts (`steps =
 * (T - warmup)/num_cycles`, any real), and timm CosineLRScheduler (cycle_mul, cycle_decay with
 * `decayTarget: 'peak'`, cycle_limit, k_decay).
 *
 * Fractional equal periods (m = 1): a step that a float period misses by rounding only is the
 * restart (`periodAt`, `SNAP`): with `steps: 20/6` (3.3333333333333335), t = 10 restarts, as HF's
 * `(num_cycles·progress) % 1 = 0` does, where `10 % steps` (3.333333333333333) would give the end
 * of period 2. Integer lengths are not affected: `t % steps` is exact for them.
 */
export const cosineRestartsFamily = defineFamily({
  type: 'cosineRestarts',
  description: 'Cosine annealing with warm restarts (SGDR): growing periods, decaying peaks, optional cycle limit.',
  fields: {
    from: num('value at the start of the first period'),
    to: num('value each period anneals towards (the floor)'),
    steps: length('length of the first period in steps (any positive real)', { epochs: 'epochs' }),
    periodMultiplier: optional(num('each period is this many times longer than the one before (any real >= 1)', { min: 1 }), 1),
    decay: optional(fraction('per-period multiplier of the amplitude or the peak'), 1),
    decayTarget: optional(oneOf("what decay scales: 'amplitude' (from - to; Keras m_mul) or 'peak' (from only; timm cycle_decay)", ['amplitude', 'peak']), 'amplitude'),
    cycleLimit: optional(int('number of periods before holding `to` (timm cycle_limit); default unlimited', 1)),
    kDecay: optional(positive('timm k-decay: the cosine runs over (u/T)^k instead of u/T'), 1),
  },
  check(spec, { report }) {
    if (spec.decayTarget !== 'peak') return;
    if (spec.to > spec.from) {
      report(['to'], `the floor to (${spec.to}) is above the peak from (${spec.from})`, spec.to, `a number <= from (${spec.from})`);
    } else if (spec.cycleLimit !== undefined) {
      const lastPeak = spec.from * Math.pow(spec.decay ?? 1, spec.cycleLimit - 1);
      if (lastPeak < spec.to) {
        report(['decay'], `with decay ${spec.decay} the peak of period ${spec.cycleLimit - 1} (${lastPeak}) falls below the floor to (${spec.to})`,
          spec.decay, `a decay that keeps every peak before cycleLimit at or above to (${spec.to})`);
      }
    }
  },
  compile(spec) {
    const { from, to, steps } = spec;
    const m = spec.periodMultiplier ?? 1;
    const decay = spec.decay ?? 1;
    const k = spec.kDecay ?? 1;
    const limit = spec.cycleLimit ?? Infinity;
    const peakTarget = spec.decayTarget === 'peak';
    const lnM = Math.log1p(m - 1);
    const PI = Math.PI;
    // written as PyTorch (eta_min + (base - eta_min)·(1 + cos(π·T_cur/T_i))/2) and timm write it
    const valueIn = (i: number, u: number, len: number): number => {
      if (i >= limit) return to;
      const c = 1 + Math.cos(k === 1 ? (PI * u) / len : PI * Math.pow(u / len, k));
      if (peakTarget) return to + 0.5 * (from * Math.pow(decay, i) - to) * c;
      return to + ((from - to) * Math.pow(decay, i) * c) / 2;
    };
    const pos: PeriodPosition = { index: 0, offset: 0, length: 1 };
    const slow = (t: number): number => {
      periodAt(t, steps, m, lnM, pos);
      return valueIn(pos.index, pos.offset, pos.length);
    };
    if (m === 1) {
      if (k === 1 && decay === 1 && !peakTarget && steps % 1 === 0) {
        // PyTorch T_mult = 1: u = t mod T_0 exactly, one cosine per value (a fractional period goes
        // through periodAt, which puts a step within rounding of a restart on it)
        const range = from - to;
        return (t) => {
          const u = t % steps;
          return Math.round((t - u) / steps) >= limit ? to : to + (range * (1 + Math.cos((PI * u) / steps))) / 2;
        };
      }
      return slow;
    }
    // the period starts tabulated (the very numbers periodStart gives, so values agree bit for bit
    // with the slow path), each period's length and peak term; periods found by binary search
    const table = periodTable(steps, m, lnM, limit);
    const n = table.length - 1;
    const lengths = new Float64Array(n);
    const terms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lengths[i] = table[i + 1] - table[i];
      terms[i] = peakTarget ? from * Math.pow(decay, i) : (from - to) * Math.pow(decay, i);
    }
    const end = table[n];
    return (t) => {
      if (t >= end) return slow(t);
      let lo = 0;
      let hi = n;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (table[mid] <= t) lo = mid;
        else hi = mid;
      }
      const u = t - table[lo];
      const len = lengths[lo];
      const c = 1 + Math.cos(k === 1 ? (PI * u) / len : PI * Math.pow(u / len, k));
      return peakTarget ? to + 0.5 * (terms[lo] - to) * c : to + (terms[lo] * c) / 2;
    };
  },
  range: (spec) => between(spec.from, spec.to),
});

/** cosineRestarts's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const cosineRestartsTools = /* @__PURE__ */ defineTools(cosineRestartsFamily, () => ({
  horizon(spec) {
    if (spec.cycleLimit === undefined) return Infinity;
    const m = spec.periodMultiplier ?? 1;
    return periodStart(spec.cycleLimit, spec.steps, m, Math.log1p(m - 1));
  },
  breakpoints(spec, limit) {
    const m = spec.periodMultiplier ?? 1;
    const lnM = Math.log1p(m - 1);
    const out: number[] = [];
    for (let i = 1; out.length < MAX_PERIODIC; i++) {
      const s = periodStart(i, spec.steps, m, lnM);
      if (s > limit) break;
      out.push(s);
      if (spec.cycleLimit !== undefined && i >= spec.cycleLimit) break;
    }
    return out;
  },
  cycleSteps(spec, cycles) {
    if (spec.cycleLimit !== undefined && cycles > spec.cycleLimit) {
      throw new RangeError(`this cosineRestarts schedule stops after ${spec.cycleLimit} cycles (cycleLimit), asked for ${cycles}`);
    }
    const m = spec.periodMultiplier ?? 1;
    return periodStart(cycles, spec.steps, m, Math.log1p(m - 1));
  },
  stretchRefusal: 'cosine restarts cycle: change the number of cycles instead',
}));
