import { formatReceived, issue, ScheduleSpecError, type SpecPath } from '../base/errors.js';
import type { Schedule } from '../spec.js';
import { MIN_LENGTH } from '../validate/engine.js';
import { sealSchedule } from '../validate/parse.js';
import { nearest } from '../validate/suggest.js';
import { fail, isKwargs as isObject, kwargsReader, refuseUnknown, withHint, type Kwargs } from './kwargs.js';

/**
 * Hugging Face transformers (`src/transformers/optimization.py`): every `get_scheduler` name as a
 * cyclr schedule with the same value at every step.
 *
 * HF's schedules are `LambdaLR` factors that multiply the optimizer's base learning rate
 * (`optimizer.lr`); the returned spec holds the products. `t` is the count of `scheduler.step()`
 * calls (HF's `current_step`): the value at t = 0 is what the first update uses.
 *
 * Quirks reproduced, not smoothed over:
 * - the linear warmup factor is `t / num_warmup_steps`, so the first update runs at lr 0;
 * - `cosine` and `cosine_with_min_lr` keep following the cosine past `num_training_steps` (they rise
 *   again), `linear` and `cosine_with_restarts` stay at 0, `polynomial` holds `lr_end`;
 * - the decay length is `max(1, num_training_steps - num_warmup_steps)` (warmup included in the total);
 * - `cosine_warmup_with_min_lr` ramps `(t + 1)/w` (not 0 at step 0) and evaluates the cosine one step
 *   ahead (`progress = (t - w + 1)/(T - w)`);
 * - `polynomial`'s factor is `decay/lr_init` with `lr_init = optimizer.defaults['lr']`, which LambdaLR
 *   multiplies by the group's lr: with one lr (`optimizer.lr`) they cancel to the polynomial itself;
 *   `num_training_steps == num_warmup_steps` divides by zero in HF and is refused;
 * - `cosine_with_restarts` (`get_cosine_with_hard_restarts_schedule_with_warmup`) restarts at full lr
 *   `num_cycles` times and is 0 from `num_training_steps` on;
 * - `get_scheduler` passes no `timescale` to `inverse_sqrt`; this import honours one if given
 *   (`get_inverse_sqrt_schedule`'s own argument), defaulting like HF to `num_warmup_steps || 10000`.
 */

/** The optimizer's starting values; HF's factors multiply `lr`. */
export interface TransformersOptimizer {
  lr: number;
  [key: string]: unknown;
}

/** Every `get_scheduler` name (`SchedulerType` value) `fromTransformers` imports. */
export const TRANSFORMERS_SCHEDULER_NAMES = [
  'linear',
  'cosine',
  'cosine_with_restarts',
  'polynomial',
  'constant',
  'constant_with_warmup',
  'inverse_sqrt',
  'cosine_with_min_lr',
  'cosine_warmup_with_min_lr',
  'warmup_stable_decay',
] as const;

/** `get_scheduler` names refused, with the reason (the error message). */
export const TRANSFORMERS_REFUSED: Readonly<Record<string, string>> = {
  reduce_lr_on_plateau:
    "reduce_lr_on_plateau is driven by a metric, not by the step: use a time schedule (e.g. { type: 'constant', value: lr }) in a policy with the `plateau` control (plateauUpdate / valuesAt(policy, step, { plateau }))",
};

/** Reads Python keyword arguments (`null` is Python's None: absent). */
function reader(kwargs: Kwargs, path: SpecPath, context: string) {
  return kwargsReader(kwargs, path, { missing: (key) => `${context} requires \`${key}\`, please provide that argument` });
}

/** HF's own spelling first: `warmup_steps` means `num_warmup_steps`, not `warmup_type`. */
function hfHint(key: string, known: readonly string[]): string | undefined {
  const prefixed = `num_${key}`;
  return known.includes(prefixed) ? prefixed : nearest(key, known);
}

function checkKeys(kwargs: Kwargs, known: readonly string[], path: SpecPath, context: string): void {
  refuseUnknown(kwargs, known, path, { unknown: (key, hint) => withHint(`${context} got an unexpected keyword argument '${key}'`, hint), hint: hfHint, missing: (key) => `${context} requires \`${key}\`` });
}

function join(parts: Array<{ schedule: Schedule; steps?: number }>): Schedule {
  const kept = parts.filter((p, i) => i === parts.length - 1 || (p.steps ?? 0) > 0);
  if (kept.length === 1) return kept[0].schedule;
  return { type: 'join', parts: kept.map((p, i) => (i === kept.length - 1 ? { schedule: p.schedule } : { schedule: p.schedule, steps: p.steps })) };
}

/** HF's linear warmup `t / max(1, w)` times lr, for the first `w` steps. */
function warmupPart(lr: number, w: number): { schedule: Schedule; steps: number } {
  return { schedule: { type: 'linear', from: 0, to: lr, steps: Math.max(1, w) }, steps: w };
}

/**
 * Steps per half cosine for HF's `cos(π·num_cycles·2·progress)` over `span` steps: any real length
 * (cosine is continuous where it turns, so a period that floats cannot represent exactly moves
 * values by rounding only).
 */
function halfPeriod(span: number, cycles: number, path: SpecPath, name: string): number {
  const h = span / (2 * Math.abs(cycles));
  if (!(h >= MIN_LENGTH)) {
    fail('unsupported', [...path, 'num_cycles'],
      `${name}: num_cycles = ${cycles} over ${span} decay steps gives a half cosine of ${h} steps, shorter than the ${MIN_LENGTH} steps a cyclr length can be`,
      cycles, `num_cycles with (num_training_steps - num_warmup_steps)/(2·num_cycles) >= ${MIN_LENGTH}`);
  }
  return h;
}

const KNOWN_KWARGS = [
  'num_warmup_steps', 'num_training_steps', 'num_cycles', 'power', 'lr_end', 'min_lr', 'min_lr_rate', 'warmup_lr_rate',
  'timescale', 'num_decay_steps', 'num_stable_steps', 'warmup_type', 'decay_type', 'min_lr_ratio', 'last_epoch',
  'scheduler_specific_kwargs', 'lr_scheduler_kwargs',
] as const;

/**
 * The cyclr schedule for HF `get_scheduler(name, optimizer, num_warmup_steps, num_training_steps,
 * scheduler_specific_kwargs)`. `kwargs` holds `num_warmup_steps`, `num_training_steps` and the
 * scheduler-specific arguments in HF's spelling (flat, or nested under `scheduler_specific_kwargs` /
 * `lr_scheduler_kwargs` as in `TrainingArguments`); `optimizer.lr` is the base rate.
 *
 * Supported: linear, cosine, cosine_with_restarts, polynomial, constant, constant_with_warmup,
 * inverse_sqrt, cosine_with_min_lr, cosine_warmup_with_min_lr, warmup_stable_decay. Refused:
 * reduce_lr_on_plateau (metric-driven: use the policy's `plateau` control), and the few parameter
 * combinations listed in the thrown error (HF's own ValueErrors). cosine_with_restarts takes any real
 * period (`(num_training_steps - num_warmup_steps)/num_cycles`, e.g. 422.5 steps).
 */
export function fromTransformers(name: string, kwargs: Record<string, unknown> = {}, optimizer: TransformersOptimizer): Schedule {
  if (typeof name !== 'string') fail('invalid_type', ['name'], `name must be a scheduler name string, got ${formatReceived(name)}`, name, 'a string');
  const key = name.trim().toLowerCase().replace(/^schedulertype\./, '');
  if (Object.hasOwn(TRANSFORMERS_REFUSED, key)) fail('unsupported', ['name'], TRANSFORMERS_REFUSED[key], name, 'a time schedule name');
  if (!(TRANSFORMERS_SCHEDULER_NAMES as readonly string[]).includes(key)) {
    const hint = nearest(key, [...TRANSFORMERS_SCHEDULER_NAMES, ...Object.keys(TRANSFORMERS_REFUSED)]);
    fail('unknown_type', ['name'], `${formatReceived(name)} is not a valid SchedulerType${hint ? ` (did you mean '${hint}'?)` : ''}; known: ${TRANSFORMERS_SCHEDULER_NAMES.join(', ')}`, name, `one of ${TRANSFORMERS_SCHEDULER_NAMES.join(', ')}`);
  }
  if (!isObject(optimizer) || typeof optimizer.lr !== 'number' || !Number.isFinite(optimizer.lr)) {
    fail('missing', ['optimizer', 'lr'], 'optimizer.lr is required: the base learning rate HF\'s factors multiply', isObject(optimizer) ? optimizer.lr : optimizer, 'a finite number');
  }
  if (!isObject(kwargs)) fail('invalid_type', ['kwargs'], `kwargs must be an object, got ${formatReceived(kwargs)}`, kwargs, 'an object');
  checkKeys(kwargs, KNOWN_KWARGS, ['kwargs'], key);
  let flat: Kwargs = { ...kwargs };
  for (const nested of ['scheduler_specific_kwargs', 'lr_scheduler_kwargs']) {
    const inner = kwargs[nested];
    if (inner === undefined || inner === null) continue;
    if (!isObject(inner)) fail('invalid_type', ['kwargs', nested], `${nested} must be an object, got ${formatReceived(inner)}`, inner, 'an object');
    checkKeys(inner, KNOWN_KWARGS, ['kwargs', nested], key);
    for (const k of Object.keys(inner)) {
      if (flat[k] !== undefined && flat[k] !== null && flat[k] !== inner[k]) {
        fail('conflict', ['kwargs', nested, k], `${k} is given twice with different values (${formatReceived(flat[k])} and ${formatReceived(inner[k])})`, inner[k], `${formatReceived(flat[k])} or nothing`);
      }
    }
    flat = { ...flat, ...inner };
    delete flat[nested];
  }
  return sealSchedule(build(key, flat, optimizer.lr));
}

function build(name: string, kwargs: Kwargs, lr: number): Schedule {
  const path: SpecPath = ['kwargs'];
  const r = reader(kwargs, path, name);
  if (r.has('last_epoch') && r.get('last_epoch') !== -1) {
    fail('unsupported', [...path, 'last_epoch'], 'last_epoch resumes a PyTorch scheduler mid-way; cyclr schedules are pure functions of the step, so import with the default last_epoch = -1 and start your adapter at the resumed step', r.get('last_epoch'), '-1 or nothing');
  }
  const allowed: Record<string, readonly string[]> = {
    constant: [],
    constant_with_warmup: [],
    inverse_sqrt: ['timescale'],
    linear: ['num_training_steps'],
    cosine: ['num_training_steps', 'num_cycles'],
    cosine_with_restarts: ['num_training_steps', 'num_cycles'],
    polynomial: ['num_training_steps', 'lr_end', 'power'],
    cosine_with_min_lr: ['num_training_steps', 'num_cycles', 'min_lr', 'min_lr_rate'],
    cosine_warmup_with_min_lr: ['num_training_steps', 'num_cycles', 'min_lr', 'min_lr_rate', 'warmup_lr_rate'],
    warmup_stable_decay: ['num_training_steps', 'num_decay_steps', 'num_stable_steps', 'warmup_type', 'decay_type', 'min_lr_ratio', 'num_cycles'],
  };
  // get_scheduler ignores num_warmup_steps / num_training_steps where the function takes none; anything else is a TypeError in HF.
  const takes = ['num_warmup_steps', ...allowed[name]];
  const unexpected = Object.keys(kwargs)
    .filter((k) => k !== 'last_epoch' && k !== 'num_warmup_steps' && k !== 'num_training_steps' && !allowed[name].includes(k))
    .map((k) => issue('unknown_key', [...path, k], `one of ${takes.join(', ')}`, kwargs[k], `${name} got an unexpected keyword argument '${k}' (it takes ${takes.join(', ')})`));
  if (unexpected.length > 0) throw new ScheduleSpecError(unexpected);
  if (name === 'constant') return { type: 'constant', value: lr };

  const w = r.int('num_warmup_steps');
  const warm = w > 0 ? [warmupPart(lr, w)] : [];

  switch (name) {
    case 'constant_with_warmup':
      return join([...warm, { schedule: { type: 'constant', value: lr } }]);
    case 'inverse_sqrt': {
      const timescale = r.has('timescale') ? r.int('timescale', undefined, 1) : w || 10_000;
      return { type: 'inverseSqrt', peak: lr, warmupSteps: w, timescale };
    }
    case 'warmup_stable_decay':
      return wsd(r, path, lr, w);
  }

  const total = r.int('num_training_steps');
  const span = Math.max(1, total - w);
  switch (name) {
    case 'linear': {
      const decay: Schedule = total > w ? { type: 'linear', from: lr, to: 0, steps: span } : { type: 'constant', value: 0 };
      return join([...warm, { schedule: decay }]);
    }
    case 'cosine': {
      const cycles = r.num('num_cycles', 0.5);
      const decay: Schedule = cycles === 0
        ? { type: 'constant', value: lr }
        : { type: 'cosine', from: lr, to: 0, steps: halfPeriod(span, cycles, path, name), after: 'continue' };
      return join([...warm, { schedule: decay }]);
    }
    case 'cosine_with_restarts': {
      const cycles = r.num('num_cycles', 1);
      if (cycles < 0) fail('unsupported', [...path, 'num_cycles'], `num_cycles must be >= 0, got ${cycles}`, cycles, 'a number >= 0');
      if (cycles === 0) return join([...warm, { schedule: { type: 'constant', value: lr }, steps: span }, { schedule: { type: 'constant', value: 0 } }]);
      const period = span / cycles;
      if (!(period >= MIN_LENGTH)) {
        fail('unsupported', [...path, 'num_cycles'], `cosine_with_restarts: num_cycles = ${cycles} over ${span} decay steps gives periods of ${period} steps, shorter than the ${MIN_LENGTH} steps a cyclr length can be`, cycles, `num_cycles <= ${span / MIN_LENGTH}`);
      }
      if (Number.isInteger(period) && Number.isInteger(cycles)) {
        return join([...warm, { schedule: { type: 'cosineRestarts', from: lr, to: 0, steps: period, cycleLimit: cycles } }]);
      }
      // A fractional period (845 steps in 2 cycles: 422.5) restarts where HF's (num_cycles·progress) % 1
      // wraps (cosineRestarts puts a step that a float period misses by rounding on the restart); a
      // fractional last cycle is cut at num_training_steps, where HF returns 0 from then on.
      return join([...warm, { schedule: { type: 'cosineRestarts', from: lr, to: 0, steps: period }, steps: span }, { schedule: { type: 'constant', value: 0 } }]);
    }
    case 'polynomial': {
      const lrEnd = r.num('lr_end', 1e-7);
      const power = r.num('power', 1);
      if (!(lr > lrEnd)) fail('invalid_value', [...path, 'lr_end'], `lr_end (${lrEnd}) must be smaller than initial lr (${lr})`, lrEnd, `a number < ${lr}`);
      if (total === w) fail('refused', [...path, 'num_training_steps'], `polynomial with num_training_steps == num_warmup_steps (${total}) divides by zero at step ${total} in HF (ZeroDivisionError)`, total, `an integer != ${w}`);
      if (total < w) return join([...warm, { schedule: { type: 'constant', value: lrEnd } }]);
      if (!(power > 0)) fail('unsupported', [...path, 'power'], `power must be > 0, got ${power}`, power, 'a positive number');
      return join([...warm, { schedule: { type: 'polynomial', from: lr, to: lrEnd, steps: total - w, power } }]);
    }
    case 'cosine_with_min_lr':
    case 'cosine_warmup_with_min_lr': {
      const cycles = r.num('num_cycles', 0.5);
      if (r.has('min_lr') && r.has('min_lr_rate')) fail('conflict', [...path, 'min_lr_rate'], 'Only one of min_lr or min_lr_rate should be set', r.get('min_lr_rate'), 'min_lr or min_lr_rate, not both');
      if (!r.has('min_lr') && !r.has('min_lr_rate')) fail('missing', [...path, 'min_lr_rate'], 'One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`', undefined, 'a number');
      const rate = r.has('min_lr') ? r.num('min_lr') / lr : r.num('min_lr_rate');
      let decay: Schedule = cycles === 0
        ? { type: 'constant', value: lr }
        : { type: 'cosine', from: lr, to: lr * rate, steps: halfPeriod(span, cycles, path, name), after: 'continue' };
      if (rate < 0 || rate > 1) decay = { type: 'clamp', schedule: decay, min: 0 };
      if (name === 'cosine_with_min_lr') return join([...warm, { schedule: decay }]);
      // cosine_warmup_with_min_lr: the ramp covers t in [0, w - 1) and the cosine (one step ahead) starts at w - 1.
      if (w === 0) {
        fail('unsupported', [...path, 'num_warmup_steps'],
          'cosine_warmup_with_min_lr evaluates the cosine one step ahead (progress = (t - w + 1)/(T - w)); with num_warmup_steps = 0 the curve starts past the cosine\'s first value, which no cyclr family expresses. Use cosine_with_min_lr (the same curve one step later) or num_warmup_steps >= 1',
          w, 'an integer >= 1');
      }
      const hasRate = r.has('warmup_lr_rate');
      if (w === 1 && hasRate) {
        fail('unsupported', [...path, 'warmup_lr_rate'],
          'cosine_warmup_with_min_lr with num_warmup_steps = 1 and warmup_lr_rate holds warmup_lr_rate·lr at step 0 and then continues the cosine from its second value, which no cyclr family expresses; use num_warmup_steps >= 2 or leave warmup_lr_rate unset',
          r.get('warmup_lr_rate'), 'nothing, or num_warmup_steps >= 2');
      }
      const from = hasRate ? lr * r.num('warmup_lr_rate') : lr / w;
      return join([{ schedule: { type: 'linear', from, to: lr, steps: Math.max(1, w - 1) }, steps: w - 1 }, { schedule: decay }]);
    }
  }
  return fail('unknown_type', ['name'], `unknown scheduler ${name}`, name, 'a get_scheduler name');
}

function wsd(r: ReturnType<typeof reader>, path: SpecPath, lr: number, w: number): Schedule {
  const shapes = ['linear', 'cosine', '1-sqrt'] as const;
  const decaySteps = r.int('num_decay_steps');
  let stable: number;
  if (r.has('num_stable_steps')) {
    stable = r.int('num_stable_steps');
    if (r.has('num_training_steps') && w + stable + decaySteps !== r.int('num_training_steps')) {
      fail('conflict', [...path, 'num_stable_steps'],
        `num_warmup_steps + num_stable_steps + num_decay_steps = ${w + stable + decaySteps} but num_training_steps = ${r.int('num_training_steps')}; HF would use num_stable_steps with a warning. Give one of them`,
        stable, `${r.int('num_training_steps') - w - decaySteps}, or leave num_stable_steps unset`);
    }
  } else {
    if (!r.has('num_training_steps')) fail('missing', [...path, 'num_training_steps'], 'Either num_training_steps or num_stable_steps must be specified.', undefined, 'an integer');
    stable = r.int('num_training_steps') - w - decaySteps;
    if (stable < 0) {
      fail('unsupported', [...path, 'num_training_steps'], `num_training_steps (${r.int('num_training_steps')}) is shorter than num_warmup_steps + num_decay_steps (${w + decaySteps}); HF would start the decay part-way through`, r.int('num_training_steps'), `an integer >= ${w + decaySteps}`);
    }
  }
  const warmupShape = r.choice('warmup_type', shapes, 'linear');
  const decayShape = r.choice('decay_type', shapes, 'cosine');
  const ratio = r.num('min_lr_ratio', 0);
  const cycles = r.num('num_cycles', 0.5);
  if (ratio < 0) fail('unsupported', [...path, 'min_lr_ratio'], `min_lr_ratio must be >= 0, got ${ratio}`, ratio, 'a number >= 0');
  return {
    type: 'warmupStableDecay', peak: lr, warmupSteps: w, stableSteps: stable, decaySteps,
    from: lr * ratio, to: lr * ratio, warmupShape, decayShape, cycles,
  };
}
