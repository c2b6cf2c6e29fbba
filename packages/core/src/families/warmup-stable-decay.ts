import type { SpecIssue } from '../base/errors.js';
import { defineFamily, defineTools } from '../base/family.js';
import { length, num, oneOf, optional, positive } from '../base/fields.js';
import { hull, point } from '../base/interval.js';

const SHAPES = ['linear', 'cosine', '1-sqrt'] as const;
export type WarmupStableDecayShape = (typeof SHAPES)[number];

/**
 * `warmupStableDecay` (WSD): warmup from `from` to `peak`, a stable phase at `peak`, then a decay to `to`.
 *
 * With `w`, `s`, `d` the three lengths and `p` the position inside a phase:
 * - warmup (`t < w`): `from + (peak - from)·f(p)`, f = p ('linear'), (1 - cos(π·p))/2 ('cosine'), 1 - sqrt(1 - p) ('1-sqrt')
 * - stable (`w <= t < w + s`): `peak`
 * - decay (`t < w + s + d`): `to + (peak - to)·g(p)`, g = 1 - p, (1 + cos(2π·cycles·p))/2, 1 - sqrt(p)
 * - after: `to`
 *
 * Boundary: each phase starts on its first step (t = w is `peak`, t = w + s starts the decay).
 * Example: `{ type: 'warmupStableDecay', peak: 1, warmupSteps: 2, stableSteps: 2, decaySteps: 2, decayShape: 'linear' }`
 * gives 0, 0.5, 1, 1, 1, 0.5, 0, ...
 * Matches HF get_wsd_schedule (`from = to = peak·min_lr_ratio`; HF warms up from the ratio too).
 */
export const warmupStableDecayFamily = defineFamily({
  type: 'warmupStableDecay',
  description: 'Warmup to `peak`, a stable phase at `peak`, then a decay to `to` (HF get_wsd_schedule).',
  fields: {
    peak: num('value of the stable phase'),
    warmupSteps: length('length of the warmup in steps', { epochs: 'warmupEpochs', zero: true }),
    stableSteps: length('length of the stable phase in steps', { epochs: 'stableEpochs', zero: true }),
    decaySteps: length('length of the decay in steps', { epochs: 'decayEpochs', zero: true }),
    from: optional(num('value at step 0, where the warmup starts'), 0),
    to: optional(num('value at the end of the decay and after'), 0),
    warmupShape: optional(oneOf("shape of the warmup: 'linear', 'cosine' or '1-sqrt'", SHAPES), 'linear'),
    decayShape: optional(oneOf("shape of the decay: 'linear', 'cosine' or '1-sqrt'", SHAPES), 'cosine'),
    cycles: optional(positive('number of cosine cycles over the decay (HF num_cycles)'), 0.5),
  },
  check(spec, { report }) {
    const from = spec.from ?? 0;
    const to = spec.to ?? 0;
    if (from > spec.peak) report(['from'], `from (${from}) is above peak (${spec.peak})`, from, `a number <= peak (${spec.peak})`);
    if (to > spec.peak) report(['to'], `to (${to}) is above peak (${spec.peak}): the decay would rise`, to, `a number <= peak (${spec.peak})`);
  },
  compile(spec) {
    const { peak, warmupSteps: w, decaySteps: d } = spec;
    const from = spec.from ?? 0;
    const to = spec.to ?? 0;
    const stableEnd = w + spec.stableSteps;
    const decayEnd = stableEnd + d;
    const warmupShape = spec.warmupShape ?? 'linear';
    const decayShape = spec.decayShape ?? 'cosine';
    const cycles = spec.cycles ?? 0.5;
    const up = peak - from;
    const down = peak - to;
    return (t) => {
      if (t < w) return from + up * warmupFactor(warmupShape, t / w);
      if (t < stableEnd) return peak;
      if (t < decayEnd) return to + down * decayFactor(decayShape, cycles, (t - stableEnd) / d);
      return to;
    };
  },
  range: (spec) => hull(point(spec.from ?? 0), point(spec.peak), point(spec.to ?? 0)),
});

/** warmupStableDecay's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const warmupStableDecayTools = /* @__PURE__ */ defineTools(warmupStableDecayFamily, () => ({
  horizon: (spec) => spec.warmupSteps + spec.stableSteps + spec.decaySteps,
  breakpoints: (spec) => [spec.warmupSteps, spec.warmupSteps + spec.stableSteps, spec.warmupSteps + spec.stableSteps + spec.decaySteps],
  stretch(spec, a, map, ctx) {
    const w = spec.warmupSteps;
    const sEnd = w + spec.stableSteps;
    const dEnd = sEnd + spec.decaySteps;
    if (a >= dEnd) return { type: 'constant', value: spec.to ?? 0 };
    const v = ctx.compile(spec)(a);
    const edge = (p: number) => Math.max(0, Math.round(map(Math.max(p, a)) - map(a)));
    // a warmup still under way keeps at least one step, so the remainder starts from v(a)
    const w2 = a < w ? Math.max(1, edge(w)) : 0;
    const s2 = Math.max(w2, edge(sEnd));
    const d2 = edge(dEnd);
    // in the decay the remainder decays from the value reached: it becomes the new peak
    const peak = a >= sEnd ? v : spec.peak;
    return { ...spec, peak, from: a < w ? v : peak, warmupSteps: w2, stableSteps: s2 - w2, decaySteps: Math.max(1, d2 - s2) };
  },
  warmupSteps: (spec) => (spec.warmupSteps > 0 ? spec.warmupSteps : undefined),
  sugar: {
    fields: {
      totalSteps: optional(length('the whole run; stableSteps is what warmup and decay leave of it', { zero: true })),
    },
    fills: ['warmupSteps', 'stableSteps'],
    resolve(o, issues: SpecIssue[]) {
      const warmupSteps = o.warmupSteps ?? 0;
      let stableSteps = o.stableSteps;
      const { decaySteps, totalSteps: total } = o;
      if (typeof total === 'number' && typeof warmupSteps === 'number' && typeof decaySteps === 'number') {
        const rest = total - warmupSteps - decaySteps;
        if (stableSteps === undefined) {
          if (rest < 0) {
            issues.push({ code: 'invalid_value', path: ['totalSteps'], expected: `at least warmupSteps + decaySteps = ${warmupSteps + decaySteps}`, received: total,
              message: `totalSteps (${total}) is shorter than warmupSteps + decaySteps (${warmupSteps + decaySteps})` });
          } else stableSteps = rest;
        } else if (typeof stableSteps === 'number' && rest !== stableSteps) {
          issues.push({ code: 'conflict', path: ['totalSteps'], expected: `warmupSteps + stableSteps + decaySteps = ${warmupSteps + stableSteps + decaySteps}`, received: total,
            message: `totalSteps (${total}) disagrees with warmupSteps + stableSteps + decaySteps (${warmupSteps + stableSteps + decaySteps})` });
        }
      }
      return { warmupSteps, stableSteps };
    },
  },
}));

function warmupFactor(shape: WarmupStableDecayShape, p: number): number {
  if (shape === 'linear') return p;
  if (shape === 'cosine') return 0.5 * (1 - Math.cos(Math.PI * p));
  return 1 - Math.sqrt(1 - p);
}

function decayFactor(shape: WarmupStableDecayShape, cycles: number, p: number): number {
  if (shape === 'linear') return 1 - p;
  if (shape === 'cosine') return 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * p));
  return 1 - Math.sqrt(p);
}
