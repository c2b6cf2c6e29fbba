import { formatReceived } from '../base/errors.js';
import type { Schedule, SpecOf } from '../spec.js';
import { sealSchedule } from '../validate/parse.js';
import { nearest } from '../validate/suggest.js';
import { fail, kwargsReader, withHint, type Kwargs } from './kwargs.js';

/**
 * timm (`timm/scheduler/*.py`): `CosineLRScheduler`, `StepLRScheduler`, `MultiStepLRScheduler` and
 * `PolyLRScheduler` as cyclr schedules with the same value at every `t`.
 *
 * `t` is timm's own counter, the argument of `scheduler.step(epoch)` (`t_in_epochs=True`, the
 * default) or of `scheduler.step_update(num_updates)` (`t_in_epochs=False`). `t_in_epochs` is
 * accepted and ignored: the returned schedule is indexed by whatever unit timm's `t` counts, so with
 * `t_in_epochs=True` evaluate it at the epoch number (or rescale the durations to updates first).
 *
 * Noise (`noise_range_t`): timm draws from torch's generator seeded with `noise_seed + t`, so the
 * exact draws cannot be reproduced; the import keeps timm's window (`[start, end)` or `t >= start`),
 * distribution (a standard normal redrawn until `|n| < noise_pct`, or uniform on `±noise_pct`),
 * relative application `lr·(1 + n)` and seed, through cyclr's seeded `noise` combinator. timm stores
 * `noise_std` but never uses it (its normal draws have standard deviation 1); so does this import.
 *
 * Warmup: `warmup_prefix=True` joins the ramp and the schedule (the schedule starts at its own t = 0
 * when the warmup ends). `warmup_prefix=False` (timm's default for cosine and poly) ramps to the base
 * lr and then continues the schedule on the global clock (already `warmup_t` steps in): step and
 * multistep are shifted exactly; cosine and poly are expressed as
 * `multiply[warmup(constant 1, clock 'fromStart') of the schedule, join[ramp, constant 1]]`, which is
 * the ramp before `warmup_t` and the schedule at the global t after it, bit for bit.
 *
 * Known deviation: with a real `cycle_mul` timm finds the cycle with a float `log`, which can round
 * down exactly at a restart (e.g. `cycle_mul = 10` at t = 111) and show the previous cycle's floor
 * for that one t; cyclr restarts on the exact step.
 *
 * `tanh` is cyclr's `tanh` family (TanhLRScheduler: lb, ub, cycles); with `warmup_prefix=False` its
 * ramp heads for the tanh value at `warmup_t`, as timm computes it.
 *
 * Refused: `plateau` (metric-driven: use the policy's `plateau` control; `fromTimmArgs` builds it),
 * and parameter combinations listed in the thrown errors.
 */

/** Every `sched` name `fromTimm` imports. */
export const TIMM_SCHEDULER_NAMES = ['cosine', 'tanh', 'step', 'multistep', 'poly'] as const;

/** timm schedulers refused by name, with the reason (the error message). */
export const TIMM_REFUSED: Readonly<Record<string, string>> = {
  plateau: "timm's plateau scheduler is driven by a metric, not by t: use a time schedule in a policy with the `plateau` control (plateauUpdate / valuesAt(policy, step, { plateau })), which composes plateau cuts with warmup and decay; fromTimmArgs builds that policy from an args.yaml with sched: plateau",
};

const COMMON = ['sched', 'lr', 'warmup_t', 'warmup_lr_init', 'warmup_prefix', 't_in_epochs', 'noise_range_t', 'noise_type', 'noise_pct', 'noise_std', 'noise_seed', 'initialize'];
const PARAMS: Record<string, readonly string[]> = {
  cosine: [...COMMON, 't_initial', 'lr_min', 'cycle_mul', 'cycle_decay', 'cycle_limit', 'k_decay'],
  poly: [...COMMON, 't_initial', 'power', 'lr_min', 'cycle_mul', 'cycle_decay', 'cycle_limit', 'k_decay'],
  tanh: [...COMMON, 't_initial', 'lb', 'ub', 'lr_min', 'cycle_mul', 'cycle_decay', 'cycle_limit'],
  step: [...COMMON, 'decay_t', 'decay_rate'],
  multistep: [...COMMON, 'decay_t', 'decay_rate'],
};

function reader(kwargs: Kwargs, sched: string) {
  return kwargsReader(
    kwargs,
    ['kwargs'],
    {
      unknown: (key, hint) => withHint(`${sched} scheduler got an unexpected keyword argument '${key}'`, hint),
      hint: (key, known) => known.find((k) => k.startsWith(key)) ?? nearest(key, known),
      missing: (key) => `the ${sched} scheduler requires \`${key}\``,
      notInteger: (key, min, v) => `${key} must be an integer >= ${min} (a whole number of t), got ${formatReceived(v)}`,
    },
    PARAMS[sched],
  );
}

type Reader = ReturnType<typeof reader>;

/**
 * The cyclr schedule for a timm scheduler: `kwargs.sched` names it (as `create_scheduler_v2` does),
 * `kwargs.lr` is the optimizer's base learning rate, and the rest are that class's constructor
 * arguments in timm's spelling (`t_initial`, `lr_min`, `cycle_mul`, `cycle_decay`, `cycle_limit`,
 * `warmup_t`, `warmup_lr_init`, `warmup_prefix`, `k_decay`, `decay_t`, `decay_rate`, `power`,
 * `noise_range_t`, `noise_type`, `noise_pct`, `noise_std`, `noise_seed`, `t_in_epochs`).
 */
export function fromTimm(kwargs: Record<string, unknown>): Schedule {
  if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) {
    fail('invalid_type', ['kwargs'], `kwargs must be an object, got ${formatReceived(kwargs)}`, kwargs, 'an object');
  }
  const sched = kwargs.sched;
  if (typeof sched !== 'string') fail('missing', ['kwargs', 'sched'], `kwargs.sched is required: one of ${TIMM_SCHEDULER_NAMES.map((n) => `'${n}'`).join(', ')}`, sched, 'a scheduler name');
  if (Object.hasOwn(TIMM_REFUSED, sched)) fail('unsupported', ['kwargs', 'sched'], TIMM_REFUSED[sched], sched, `one of ${TIMM_SCHEDULER_NAMES.join(', ')}`);
  if (!(sched in PARAMS)) {
    const hint = nearest(sched, [...TIMM_SCHEDULER_NAMES, ...Object.keys(TIMM_REFUSED)]);
    fail('unknown_type', ['kwargs', 'sched'], `unknown timm scheduler ${formatReceived(sched)}${hint ? ` (did you mean '${hint}'?)` : ''}; known: ${TIMM_SCHEDULER_NAMES.join(', ')}`, sched, `one of ${TIMM_SCHEDULER_NAMES.join(', ')}`);
  }
  const r = reader(kwargs, sched);
  const lr = r.num('lr');
  const warmupT = r.int('warmup_t', 0);
  const warmupInit = r.num('warmup_lr_init', 0);
  // StepLRScheduler and MultiStepLRScheduler default warmup_prefix to True, the others to False.
  const prefix = r.bool('warmup_prefix', sched === 'step' || sched === 'multistep');
  let main: Schedule;
  let shifted: Schedule | undefined;
  switch (sched) {
    case 'cosine':
      main = cosine(r, lr);
      break;
    case 'poly':
      main = poly(r, lr);
      break;
    case 'tanh':
      main = tanh(r, lr);
      break;
    case 'step': {
      // timm takes t // decay_t, Python's floor division, which stepDecay reproduces for any real decay_t (2.4 epochs).
      const d = r.num('decay_t');
      if (!(d > 0)) fail('too_small', [...r.path, 'decay_t'], `decay_t must be a positive number of t, got ${formatReceived(d)}`, d, 'a positive number');
      const rate = r.num('decay_rate', 1);
      main = { type: 'stepDecay', from: lr, decay: rate, steps: d };
      if (!prefix && warmupT > 0) {
        // t // decay_t on the global clock, seen from the end of the warmup (a fractional decay_t, 2.4
        // epochs, continues on the global clock through the warmup-on-the-global-clock form below)
        const k0 = Math.floor(warmupT / d);
        const rest = d - (warmupT % d);
        if (Number.isSafeInteger(d)) shifted = {
          type: 'join',
          parts: [
            { schedule: { type: 'constant', value: lr * Math.pow(rate, k0) }, steps: rest },
            { schedule: { type: 'stepDecay', from: lr * Math.pow(rate, k0 + 1), decay: rate, steps: d } },
          ],
        };
      }
      break;
    }
    case 'multistep': {
      const list = r.get('decay_t');
      if (!Array.isArray(list) || list.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
        fail('invalid_type', [...r.path, 'decay_t'], `decay_t must be a list of numbers, got ${formatReceived(list)}`, list, 'an array of numbers');
      }
      const decayT = list as number[];
      decayT.forEach((x, i) => {
        if (i > 0 && x < decayT[i - 1]) fail('unsupported', [...r.path, 'decay_t', i], `decay_t must be sorted (timm bisects it): decay_t[${i}] = ${x} comes after ${decayT[i - 1]}`, x, `a number >= ${decayT[i - 1]}`);
      });
      const rate = r.num('decay_rate', 1);
      // timm counts bisect_right(decay_t, t + 1): milestone d acts at t = d - 1 (one step early).
      const at = (offset: number) => decayT.map((x) => Math.max(0, Math.ceil(x - 1 - offset)));
      main = { type: 'multiStep', from: lr, decay: rate, milestones: at(0) };
      if (!prefix && warmupT > 0) shifted = { type: 'multiStep', from: lr, decay: rate, milestones: at(warmupT) };
      break;
    }
    default:
      return fail('unknown_type', ['kwargs', 'sched'], `unknown timm scheduler ${sched}`, sched, 'a scheduler name');
  }

  let spec: Schedule = main;
  if (warmupT > 0) {
    // timm: warmup_lr_init + t·(lr - warmup_lr_init)/warmup_t for t < warmup_t, towards the base lr.
    const ramp: Schedule = { type: 'linear', from: warmupInit, to: lr, steps: warmupT };
    if (prefix) spec = { type: 'join', parts: [{ schedule: ramp, steps: warmupT }, { schedule: main }] };
    // TanhLRScheduler without the prefix ramps towards its own value at warmup_t, then the global clock
    else if (sched === 'tanh') spec = { type: 'warmup', steps: warmupT, from: warmupInit, clock: 'fromStart', schedule: main };
    else if (shifted) spec = { type: 'join', parts: [{ schedule: ramp, steps: warmupT }, { schedule: shifted }] };
    else {
      // warmup_prefix=False: the ramp heads for the base lr, then the schedule continues on the global
      // clock (at t = warmup_t it is already warmup_t steps in). A constant-shape warmup on the global
      // clock gives 1 then main(t); multiplied by [ramp, then 1] this is exactly timm's curve.
      spec = {
        type: 'multiply',
        factors: [
          { type: 'warmup', steps: warmupT, from: 1, shape: 'constant', clock: 'fromStart', schedule: main },
          { type: 'join', parts: [{ schedule: ramp, steps: warmupT }, { schedule: { type: 'constant', value: 1 } }] },
        ],
      };
    }
  }
  return sealSchedule(withNoise(r, spec));
}

/** Checks shared by the cosine and poly schedulers (timm asserts t_initial > 0 and lr_min >= 0). */
function cycleArgs(r: Reader) {
  const period = r.int('t_initial', undefined, 1);
  const lrMin = r.num('lr_min', 0);
  if (lrMin < 0) fail('out_of_range', [...r.path, 'lr_min'], `lr_min must be >= 0 (timm asserts it), got ${lrMin}`, lrMin, 'a number >= 0');
  const mul = r.num('cycle_mul', 1);
  if (mul < 1) fail('unsupported', [...r.path, 'cycle_mul'], `cycle_mul ${mul} < 1 shrinks the cycles until timm's log formula fails (math domain error); use cycle_mul >= 1`, mul, 'a number >= 1');
  const decay = r.num('cycle_decay', 1);
  const limit = r.int('cycle_limit', 1);
  const k = r.num('k_decay', 1);
  return { period, lrMin, mul, decay, limit, k };
}

function cosine(r: Reader, lr: number): Schedule {
  const { period, lrMin, mul, decay, limit, k } = cycleArgs(r);
  if (limit === 0) return { type: 'constant', value: lrMin };
  if (limit === 1 && k === 1) return { type: 'cosine', from: lr, to: lrMin, steps: period };
  const spec: SpecOf<'cosineRestarts'> = { type: 'cosineRestarts', from: lr, to: lrMin, steps: period, cycleLimit: limit };
  if (mul !== 1) spec.periodMultiplier = mul;
  if (decay !== 1) {
    spec.decay = decay;
    spec.decayTarget = 'peak';
  }
  if (k !== 1) spec.kDecay = k;
  return spec;
}

/** TanhLRScheduler (timm asserts lb < ub and cycle_limit >= 0). */
function tanh(r: Reader, lr: number): Schedule {
  const { period, lrMin, mul, decay, limit } = cycleArgs(r);
  const lower = r.num('lb', -7);
  const upper = r.num('ub', 3);
  if (!(lower < upper)) fail('out_of_order', [...r.path, 'ub'], `ub (${upper}) must be above lb (${lower}) (timm asserts lb < ub)`, upper, `a number > ${lower}`);
  if (limit === 0) return { type: 'constant', value: lrMin };
  const spec: SpecOf<'tanh'> = { type: 'tanh', from: lr, to: lrMin, steps: period, cycleLimit: limit };
  if (lower !== -7) spec.lower = lower;
  if (upper !== 3) spec.upper = upper;
  if (mul !== 1) spec.periodMultiplier = mul;
  if (decay !== 1) spec.decay = decay;
  return spec;
}

const MAX_PARTS = 1000;

function poly(r: Reader, lr: number): Schedule {
  const power = r.num('power', 0.5);
  const { period, lrMin, mul, decay, limit, k } = cycleArgs(r);
  if (k !== 1) {
    fail('unsupported', [...r.path, 'k_decay'], `PolyLRScheduler with k_decay = ${k} gives (1 - t^k/T^k)^power, which no cyclr family expresses (polynomial is (1 - t/T)^power); use k_decay = 1, or sched 'cosine' which supports k_decay`, k, '1');
  }
  if (!(power > 0)) fail('unsupported', [...r.path, 'power'], `power must be > 0, got ${power}`, power, 'a positive number');
  if (limit === 0) return { type: 'constant', value: lrMin };
  const cycle = (peak: number, steps: number): Schedule => ({ type: 'polynomial', from: peak, to: lrMin, steps, power });
  if (limit === 1) return cycle(lr, period);
  if (mul === 1 && (lrMin === 0 || decay === 1)) {
    // Every cycle is the same polynomial scaled by cycle_decay^i (exact when lr_min = 0 or no decay).
    return { type: 'join', parts: [{ schedule: { type: 'repeat', schedule: cycle(lr, period), steps: period, decay }, steps: period * limit }, { schedule: { type: 'constant', value: lrMin } }] };
  }
  if (limit > MAX_PARTS) {
    fail('unsupported', [...r.path, 'cycle_limit'], `poly with cycle_limit = ${limit}, cycle_mul = ${mul}, cycle_decay = ${decay} and lr_min = ${lrMin} needs one part per cycle; at most ${MAX_PARTS} are imported`, limit, `an integer <= ${MAX_PARTS}`);
  }
  const parts: Array<{ schedule: Schedule; steps: number }> = [];
  for (let i = 0; i < limit; i++) {
    const steps = Math.pow(mul, i) * period;
    if (!Number.isSafeInteger(steps)) {
      fail('unsupported', [...r.path, 'cycle_mul'], `poly cycle ${i} lasts t_initial·cycle_mul^${i} = ${steps}, not a whole number of t; choose an integer cycle_mul or cycle_limit <= ${i}`, mul, 'cycle_mul giving whole-number cycles');
    }
    parts.push({ schedule: cycle(lr * Math.pow(decay, i), steps), steps });
  }
  return { type: 'join', parts: [...parts, { schedule: { type: 'constant', value: lrMin } }] };
}

function withNoise(r: Reader, spec: Schedule): Schedule {
  const range = r.get('noise_range_t');
  const type = r.get('noise_type') ?? 'normal';
  if (type !== 'normal' && type !== 'uniform') fail('invalid_enum', [...r.path, 'noise_type'], `noise_type must be 'normal' or 'uniform', got ${formatReceived(type)}`, type, "'normal' or 'uniform'");
  const pct = r.num('noise_pct', 0.67);
  const seed = r.int('noise_seed', 42);
  r.num('noise_std', 1);
  if (range === undefined) return spec;
  let start: number;
  let end: number | undefined;
  if (Array.isArray(range)) {
    if (range.length < 2 || typeof range[0] !== 'number' || typeof range[1] !== 'number') {
      fail('invalid_type', [...r.path, 'noise_range_t'], `noise_range_t must be a number or [start, end], got ${formatReceived(range)}`, range, 'a number or [start, end]');
    }
    start = Math.max(0, Math.ceil(range[0] as number));
    end = Math.max(0, Math.ceil(range[1] as number));
    if (end <= start) return spec;
  } else if (typeof range === 'number' && Number.isFinite(range)) {
    start = Math.max(0, Math.ceil(range));
  } else {
    return fail('invalid_type', [...r.path, 'noise_range_t'], `noise_range_t must be a number or [start, end], got ${formatReceived(range)}`, range, 'a number or [start, end]');
  }
  if (!(pct > 0)) {
    fail('unsupported', [...r.path, 'noise_pct'], `noise_pct must be > 0 with noise_range_t set (timm's normal noise would loop forever redrawing |n| < ${pct})`, pct, 'a positive number');
  }
  const noise: SpecOf<'noise'> = type === 'normal'
    ? { type: 'noise', schedule: spec, seed, distribution: 'normal', amount: 1, limit: pct, mode: 'relative', start }
    : { type: 'noise', schedule: spec, seed, distribution: 'uniform', amount: pct, mode: 'relative', start };
  if (end !== undefined) noise.end = end;
  return noise;
}
