import type { ScheduleType, SpecOf } from '@cyclr/core';
import { NOISY_LINEAR_COSINE_STREAM, periodStart, SNAP } from '@cyclr/core/internal';
import { INT64, type Emitter, type FamilyEmitter, type Time } from './ops.js';
import { emitLimitedNormal, emitNormal, emitUniform } from './philox.js';

/**
 * One ONNX emitter per family, the sanctioned second implementation of core's formulas. Typed by
 * the registry: a family without an entry does not compile. Every branch is computed and selected
 * with `Where`; clocks are clamped at 0 so unselected branches stay finite. Each emitter mirrors its
 * family's `compile` in `packages/core/src/families/` (the corpus test compares them step by step).
 */
export const EMITTERS: { readonly [K in ScheduleType]: FamilyEmitter<SpecOf<K>> } = {
  constant: (e, spec, t) => e.full(spec.value, t),

  linear(e, spec, t) {
    const v = e.add(e.c(spec.from), e.mul(e.c(spec.to - spec.from), e.div(e.capF(t, spec.steps), e.c(spec.steps))));
    return e.where(e.ge(t, spec.steps), e.c(spec.to), v);
  },

  polynomial(e, spec, t) {
    const power = e.c(spec.power ?? 1);
    const range = e.c(spec.from - spec.to);
    if (spec.after === 'cycle') {
      // horizon = steps·max(ceil(t/steps), 1); 1 - t/horizon as (horizon - t)/horizon
      const cycles = e.op('Max', [e.op('Ceil', [e.div(t.f, e.c(spec.steps))]), e.c(1)]);
      const horizon = e.mul(e.c(spec.steps), cycles);
      return e.add(e.mul(range, e.pow(e.op('Max', [e.div(e.sub(horizon, t.f), horizon), e.c(0)]), power)), e.c(spec.to));
    }
    const v = e.add(e.mul(range, e.pow(e.sub(e.c(1), e.div(e.capF(t, spec.steps), e.c(spec.steps))), power)), e.c(spec.to));
    return e.where(e.ge(t, spec.steps), e.c(spec.to), v);
  },

  exponential(e, spec, t) {
    const steps = spec.steps ?? 1;
    const p = spec.staircase === true ? e.index(t, steps).f : e.div(t.f, e.c(steps));
    if (spec.from === 0) return e.full(0, t);
    const v = e.mul(e.c(spec.from), e.powConst(spec.decay, p));
    // core: below min → min, else above max → max
    let out = v;
    if (spec.max !== undefined) out = e.where(e.op('Greater', [out, e.c(spec.max)]), e.c(spec.max), out);
    if (spec.min !== undefined) out = e.where(e.op('Less', [v, e.c(spec.min)]), e.c(spec.min), out);
    return out;
  },

  inverseTime(e, spec, t) {
    const steps = spec.steps ?? 1;
    const p = spec.staircase === true ? e.index(t, steps).f : e.div(t.f, e.c(steps));
    return e.div(e.c(spec.from), e.add(e.c(1), e.mul(e.c(spec.rate), p)));
  },

  inverseSqrt(e, spec, t) {
    const warmup = spec.warmupSteps ?? 0;
    const timescale = spec.timescale ?? (warmup || 10_000);
    const decay = e.mul(e.c(spec.peak), e.div(e.c(1), e.op('Sqrt', [e.op('Max', [e.div(e.add(t.f, e.c(timescale - warmup)), e.c(timescale)), e.c(1)])])));
    if (warmup === 0) return decay;
    const ramp = e.mul(e.c(spec.peak), e.div(t.f, e.c(warmup)));
    return e.where(e.lt(t, warmup), ramp, decay);
  },

  stepDecay(e, spec, t) {
    if (spec.from === 0) return e.full(0, t);
    return e.mul(e.c(spec.from), e.powConst(spec.decay, e.index(t, spec.steps).f));
  },

  multiStep(e, spec, t) {
    const values = [spec.from * Math.pow(spec.decay, 0), ...spec.milestones.map((_, k) => spec.from * Math.pow(spec.decay, k + 1))];
    return e.gather(values, e.count(t, spec.milestones));
  },

  piecewiseConstant(e, spec, t) {
    // owner 'previous': a boundary is passed when t > b
    return e.gather(spec.values, e.count(t, spec.boundaries, spec.owner === 'previous'));
  },

  piecewiseLinear(e, spec, t) {
    const steps = spec.points.map((p) => p.step);
    const values = spec.points.map((p) => p.value);
    const n = steps.length;
    if (n === 1) return e.full(values[0], t);
    // i = (number of points with step <= t) - 1, clamped to [0, n - 2]
    const i = e.op('Min', [e.op('Max', [e.op('Sub', [e.count(t, steps), e.ci(1)]), e.ci(0)]), e.ci(n - 2)]);
    const i1 = e.op('Add', [i, e.ci(1)]);
    const sa = e.gather(steps, i);
    const va = e.gather(values, i);
    const vb = e.gather(values, i1);
    const span = e.sub(e.gather(steps, i1), sa);
    const u = e.op('Max', [e.sub(t.f, sa), e.c(0)]);
    const v = e.add(va, e.mul(e.sub(vb, va), e.div(u, span)));
    const lo = e.where(e.lt(t, steps[0]), e.c(values[0]), v);
    return e.where(e.ge(t, steps[n - 1]), e.c(values[n - 1]), lo);
  },

  cosine(e, spec, t) {
    const steps = spec.steps;
    const continued = spec.after === 'continue';
    const u = continued ? e.mod(t, 2 * steps).f : e.capF(t, steps);
    const v = e.add(e.c(spec.to), e.mul(e.c(spec.from - spec.to), halfCosine(e, u, e.c(steps), spec.power ?? 1)));
    return continued ? v : e.where(e.ge(t, steps), e.c(spec.to), v);
  },

  cosineRestarts(e, spec, t) {
    const { from, to } = spec;
    const decay = spec.decay ?? 1;
    const k = spec.kDecay ?? 1;
    const { index, u, length } = periodOf(e, t, spec.steps, spec.periodMultiplier ?? 1);
    const c = e.add(e.c(1), e.cos(k === 1 ? e.div(e.mul(e.c(Math.PI), u), length) : e.mul(e.c(Math.PI), e.pow(e.div(u, length), e.c(k)))));
    const pw = e.powConst(decay, e.f(index));
    const v = spec.decayTarget === 'peak'
      ? e.add(e.c(to), e.mul(e.mul(e.c(0.5), e.sub(e.mul(e.c(from), pw), e.c(to))), c))
      : e.add(e.c(to), e.div(e.mul(e.mul(e.c(from - to), pw), c), e.c(2)));
    if (spec.cycleLimit === undefined) return v;
    return e.where(e.op('GreaterOrEqual', [index, e.ci(spec.cycleLimit)]), e.c(to), v);
  },

  tanh(e, spec, t) {
    const { from, to } = spec;
    const lower = spec.lower ?? -7;
    const upper = spec.upper ?? 3;
    const { index, u, length } = periodOf(e, t, spec.steps, spec.periodMultiplier ?? 1);
    const r = e.div(u, length);
    const arg = e.add(e.mul(e.c(lower), e.sub(e.c(1), r)), e.mul(e.c(upper), r));
    const peak = e.mul(e.c(from), e.powConst(spec.decay ?? 1, e.f(index)));
    const v = e.add(e.c(to), e.mul(e.mul(e.c(0.5), e.sub(peak, e.c(to))), e.sub(e.c(1), e.op('Tanh', [arg]))));
    return e.where(e.op('GreaterOrEqual', [index, e.ci(spec.cycleLimit ?? 1)]), e.c(to), v);
  },

  linearCosine: (e, spec, t) => linearCosine(e, spec, t, undefined),

  noisyLinearCosine(e, spec, t) {
    // normal draw with variance variance/(1 + t')^varianceDecay, t' = min(t, steps), keyed by (seed, floor(t))
    const u = e.capF(t, spec.steps);
    const variance = e.div(e.c(spec.variance ?? 1), e.pow(e.add(e.c(1), u), e.c(spec.varianceDecay ?? 0.55)));
    const n = emitNormal(e, spec.seed ?? 0, t.asInt, NOISY_LINEAR_COSINE_STREAM, e.attempts);
    return linearCosine(e, spec, t, e.mul(n, e.op('Sqrt', [variance])));
  },

  warmupStableDecay(e, spec, t) {
    const { peak, warmupSteps: w, stableSteps: s, decaySteps: d } = spec;
    const from = spec.from ?? 0;
    const to = spec.to ?? 0;
    const shapeOf = (shape: 'linear' | 'cosine' | '1-sqrt', p: string, warm: boolean): string => {
      if (shape === 'linear') return warm ? p : e.sub(e.c(1), p);
      if (shape === 'cosine') {
        if (warm) return e.mul(e.c(0.5), e.sub(e.c(1), e.cos(e.mul(e.c(Math.PI), p))));
        return e.mul(e.c(0.5), e.add(e.c(1), e.cos(e.mul(e.c(Math.PI * (spec.cycles ?? 0.5) * 2), p))));
      }
      return warm ? e.sub(e.c(1), e.op('Sqrt', [e.op('Max', [e.sub(e.c(1), p), e.c(0)])])) : e.sub(e.c(1), e.op('Sqrt', [p]));
    };
    let v = e.c(to);
    if (d > 0) {
      const p = e.div(e.capF(e.shift(t, w + s), d), e.c(d));
      const dv = e.add(e.c(to), e.mul(e.c(peak - to), shapeOf(spec.decayShape ?? 'cosine', p, false)));
      v = e.where(e.lt(t, w + s + d), dv, v);
    }
    v = e.where(e.lt(t, w + s), e.c(peak), v);
    if (w > 0) {
      const p = e.div(e.capF(t, w), e.c(w));
      const wv = e.add(e.c(from), e.mul(e.c(peak - from), shapeOf(spec.warmupShape ?? 'linear', p, true)));
      v = e.where(e.lt(t, w), wv, v);
    }
    return v;
  },

  cyclic(e, spec, t) {
    const up = spec.upSteps;
    const total = up + (spec.downSteps ?? up);
    const index = e.index(t, total);
    const pos = e.mod(t, total);
    const rising = e.div(pos.f, e.c(up));
    const falling = e.div(e.sub(e.c(total), pos.f), e.c(total - up));
    let sf = e.where(e.le(pos, up), rising, falling);
    if (spec.shape === 'cosine') sf = e.div(e.sub(e.c(1), e.cos(e.mul(e.c(Math.PI), sf))), e.c(2));
    let scale: string | undefined;
    if (spec.amplitude !== undefined) scale = e.child(spec.amplitude.schedule, spec.amplitude.by === 'cycle' ? index : t);
    else if (spec.mode === 'triangular2') scale = e.div(e.c(1), e.pow(e.c(2), index.f));
    else if (spec.mode === 'expRange') scale = e.powConst(spec.decay ?? 1, t.f);
    const amp = e.mul(e.c(spec.peak - spec.from), sf);
    return e.add(e.c(spec.from), scale === undefined ? amp : e.mul(amp, scale));
  },

  oneCycle(e, spec, t) {
    const T = spec.steps;
    const pct = spec.pctStart ?? 0.3;
    const { from, peak, to } = spec;
    const optax = spec.peakAt === 'optax';
    const three = spec.threePhase === true;
    const phases = optax
      ? three
        ? [{ end: Math.floor(pct * T), from, to: peak }, { end: Math.floor((spec.pctEnd ?? 0.85) * T), from: peak, to: from }, { end: T, from, to }]
        : [{ end: Math.floor(pct * T), from, to: peak }, { end: T, from: peak, to }]
      : three
        ? [{ end: pct * T - 1, from, to: peak }, { end: 2 * pct * T - 2, from: peak, to: from }, { end: T - 1, from, to }]
        : [{ end: pct * T - 1, from, to: peak }, { end: T - 1, from: peak, to }];
    const hold = (spec.after ?? 'hold') === 'hold';
    // pytorch + hold: t > T - 1 evaluates at T - 1
    const tc = hold && !optax ? (t.i !== undefined && Number.isInteger(T) ? e.time(e.op('Min', [t.i, e.ci(T - 1)])) : e.floatTime(e.op('Min', [t.f, e.c(T - 1)]))) : t;
    const tf = tc.f;
    const cosine = (spec.shape ?? 'cosine') === 'cosine';
    let start = 0;
    const values: string[] = [];
    const conds: string[] = [];
    phases.forEach((ph, i) => {
      let p = e.div(e.sub(tf, e.c(start)), e.c(ph.end - start));
      const last = i === phases.length - 1;
      if (last && !hold && cosine && Number.isInteger(start) && Number.isInteger(ph.end) && ph.end > start) {
        // past the end the cosine is periodic in t with period 2·(end - start): reduce exactly
        const span = ph.end - start;
        p = e.div(e.mod(e.shift(tc, start), 2 * span).f, e.c(span));
        p = e.where(e.lt(tc, start), e.div(e.sub(tf, e.c(start)), e.c(span)), p);
      }
      values.push(cosine
        ? e.add(e.c(ph.to), e.mul(e.c((ph.from - ph.to) / 2), e.add(e.cos(e.mul(e.c(Math.PI), p)), e.c(1))))
        : e.add(e.mul(e.c(ph.to - ph.from), p), e.c(ph.from)));
      // optax: t < end; pytorch: t <= end
      conds.push(optax ? e.lt(tc, ph.end) : e.le(tc, ph.end));
      start = ph.end;
    });
    let v = values[values.length - 1];
    for (let i = phases.length - 2; i >= 0; i--) v = e.where(conds[i], values[i], v);
    if (hold && optax) v = e.where(e.ge(t, T), e.c(to), v);
    return v;
  },

  join(e, spec, t) {
    let start = 0;
    const starts: number[] = [];
    for (const part of spec.parts) {
      starts.push(start);
      start += part.steps ?? 0;
    }
    let v = e.child(spec.parts[spec.parts.length - 1].schedule, e.shift(t, starts[starts.length - 1]));
    for (let i = spec.parts.length - 2; i >= 0; i--) {
      const part = e.child(spec.parts[i].schedule, e.shift(t, starts[i]));
      v = e.where(e.lt(t, starts[i + 1]), part, v);
    }
    return v;
  },

  warmup(e, spec, t) {
    const W = spec.steps;
    const fromStart = spec.clock === 'fromStart';
    const inner = e.child(spec.schedule, fromStart ? t : e.shift(t, W));
    // the target: the inner schedule where the warmup ends, as a tensor shaped like t
    const at = fromStart ? W : 0;
    const target = e.child(spec.schedule, Number.isInteger(at) ? e.time(e.op('Expand', [e.ci(at), e.op('Shape', [t.i ?? t.f])])) : e.floatTime(e.full(at, t)));
    const p = e.div(e.capF(t, W), e.c(W));
    let ramp: string;
    const shape = spec.shape ?? 'linear';
    if (shape === 'constant') ramp = e.c(spec.from);
    else if (shape === 'exponential') ramp = e.mul(e.c(spec.from), e.pow(e.div(target, e.c(spec.from)), p));
    else ramp = e.add(e.c(spec.from), e.mul(e.sub(target, e.c(spec.from)), p));
    return e.where(e.lt(t, W), ramp, inner);
  },

  multiply: (e, spec, t) => spec.factors.map((s) => e.child(s, t)).reduce((a, b) => e.mul(a, b)),

  scale: (e, spec, t) => e.add(e.mul(e.child(spec.schedule, t), e.c(spec.factor ?? 1)), e.c(spec.offset ?? 0)),

  clamp: (e, spec, t) => e.minMax(e.child(spec.schedule, t), spec.min, spec.max),

  repeat(e, spec, t) {
    const v = e.child(spec.schedule, e.mod(t, spec.steps));
    const decay = spec.decay ?? 1;
    if (decay === 1) return v;
    return e.mul(v, e.powConst(decay, e.index(t, spec.steps).f));
  },

  noise(e, spec, t) {
    const v = e.child(spec.schedule, t);
    const seed = spec.seed ?? 0;
    const amount = e.c(spec.amount);
    const step = t.asInt;
    let n: string;
    if ((spec.distribution ?? 'normal') === 'uniform') {
      n = e.mul(amount, e.sub(e.mul(e.c(2), emitUniform(e, seed, step, 0)), e.c(1)));
    } else {
      n = spec.limit === undefined
        ? e.mul(amount, emitNormal(e, seed, step, 0, e.attempts))
        : emitLimitedNormal(e, seed, step, spec.amount, spec.limit, e.draws, e.attempts);
    }
    // core: v + v·n (relative), v + n (additive)
    const noisy = (spec.mode ?? 'relative') === 'relative' ? e.add(v, e.mul(v, n)) : e.add(v, n);
    let active = e.ge(t, spec.start ?? 0);
    if (spec.end !== undefined) active = e.op('And', [active, e.lt(t, spec.end)]);
    return e.where(active, noisy, v);
  },

  epochs(e, spec, t) {
    const n = spec.stepsPerEpoch;
    const k = e.index(t, n);
    if (spec.within !== 'fraction') return e.child(spec.schedule, k);
    // PyTorch's epoch + i/iters
    const i = e.sub(t.f, e.mul(k.f, e.c(n)));
    return e.child(spec.schedule, e.floatTime(e.add(k.f, e.div(i, e.c(n)))));
  },
};

/** (1 + cos(π·u/length))/2, raised to `power` */
function halfCosine(e: Emitter, u: string, length: string, power: number): string {
  const c = e.div(e.add(e.c(1), e.cos(e.div(e.mul(e.c(Math.PI), u), length))), e.c(2));
  return power === 1 ? c : e.pow(e.op('Max', [c, e.c(0)]), e.c(power));
}

/** TF2 LinearCosineDecay; `noise` (a float tensor) is added to the linear factor. */
function linearCosine(e: Emitter, spec: SpecOf<'linearCosine'> | SpecOf<'noisyLinearCosine'>, t: Time, noise: string | undefined): string {
  const steps = spec.steps;
  const u = e.capF(t, steps);
  let linear = e.div(e.sub(e.c(steps), u), e.c(steps));
  if (noise !== undefined) linear = e.add(linear, noise);
  const fraction = e.mul(e.c(2 * (spec.cycles ?? 0.5)), e.div(u, e.c(steps)));
  const cosine = e.mul(e.c(0.5), e.add(e.c(1), e.cos(e.mul(e.c(Math.PI), fraction))));
  return e.mul(e.c(spec.from), e.add(e.mul(e.add(e.c(spec.alpha ?? 0), linear), cosine), e.c(spec.beta ?? 0.001)));
}

/**
 * The period holding `t` for growing periods (first length `first`, multiplier `m`): the int64
 * index, the float position inside the period and its float length. For m = 1 by division; for a
 * real m the exact period starts (as core's periodStart computes them) are tabulated up to
 * `maxStep`, and the index is a float estimate corrected against the table.
 */
function periodOf(e: Emitter, t: Time, first: number, m: number): { index: string; u: string; length: string } {
  if (m === 1) {
    const index = e.index(t, first).asInt;
    const u = e.mod(t, first).f;
    if (Number.isInteger(first)) return { index, u, length: e.c(first) };
    // a fractional period: a time within rounding below a restart is the restart (core's periodAt, SNAP)
    const near = e.op('LessOrEqual', [e.sub(e.c(first), u), e.mul(e.c(SNAP), t.f)]);
    return { index: e.op('Add', [index, e.op('Cast', [near], { to: INT64 })]), u: e.where(near, e.c(0), u), length: e.c(first) };
  }
  const lnM = Math.log1p(m - 1);
  const starts: number[] = [0];
  while (starts[starts.length - 1] <= e.maxStep && starts.length < 1 << 20) starts.push(periodStart(starts.length, first, m, lnM));
  starts.push(periodStart(starts.length, first, m, lnM));
  const K = starts.length;
  const ceilStarts = starts.map((s) => Math.ceil(s));
  const frac = starts.map((s, i) => ceilStarts[i] - s);
  const lengths = starts.map((s, i) => (i + 1 < K ? starts[i + 1] - s : 1));
  const y = e.mul(e.div(t.f, e.c(first)), e.c(m - 1));
  const est = e.op('Cast', [e.op('Floor', [e.div(e.op('Log', [e.add(e.c(1), y)]), e.c(lnM))])], { to: INT64 });
  let i = e.op('Min', [e.op('Max', [est, e.ci(0)]), e.ci(K - 3)]);
  if (t.i !== undefined) {
    const cs = (idx: string): string => e.gather(ceilStarts, idx, 'int64');
    for (let pass = 0; pass < 2; pass++) {
      const down = e.op('Cast', [e.op('Less', [t.i, cs(i)])], { to: INT64 });
      const up = e.op('Cast', [e.op('GreaterOrEqual', [t.i, cs(e.op('Add', [i, e.ci(1)]))])], { to: INT64 });
      i = e.op('Min', [e.op('Max', [e.op('Add', [e.op('Sub', [i, down]), up]), e.ci(0)]), e.ci(K - 3)]);
    }
    // u = t - s_i = (t - ceil(s_i)) + (ceil(s_i) - s_i)
    const u = e.add(e.f(e.op('Max', [e.op('Sub', [t.i, cs(i)]), e.ci(0)])), e.gather(frac, i));
    return { index: i, u, length: e.gather(lengths, i) };
  }
  const ss = (idx: string): string => e.gather(starts, idx);
  for (let pass = 0; pass < 2; pass++) {
    const down = e.op('Cast', [e.op('Less', [t.f, ss(i)])], { to: INT64 });
    const up = e.op('Cast', [e.op('GreaterOrEqual', [t.f, ss(e.op('Add', [i, e.ci(1)]))])], { to: INT64 });
    i = e.op('Min', [e.op('Max', [e.op('Add', [e.op('Sub', [i, down]), up]), e.ci(0)]), e.ci(K - 3)]);
  }
  return { index: i, u: e.op('Max', [e.sub(t.f, ss(i)), e.c(0)]), length: e.gather(lengths, i) };
}
