/**
 * `fromTimmArgs`: the configs a timm training run leaves behind, as the cyclr policy it ran.
 *
 * Read from huggingface/pytorch-image-models at aa4b5850: `train.py` (its argparse defaults, the
 * `lr = lr_base · global batch / lr_base_size` rule, how it steps the scheduler) and
 * `timm/scheduler/scheduler_factory.py` (`scheduler_kwargs(args)`, `create_scheduler_v2`).
 *
 * Two shapes are accepted:
 * - the `args.yaml` namespace train.py writes beside every model (or a `--config` recipe YAML, whose
 *   missing keys take train.py's argparse defaults: `epochs` 300, `warmup_epochs` 5,
 *   `lr_cycle_decay` 0.5, ...), translated as `scheduler_kwargs(args)` translates it;
 * - the `scheduler_kwargs(args)` dict itself, i.e. `create_scheduler_v2`'s keyword arguments
 *   (`num_epochs`, `step_on_epochs`, `noise`, `cycle_mul`, ...; its own defaults), plus `lr`, the
 *   optimizer's learning rate (create_scheduler_v2 reads it from the optimizer).
 * A dict is the second shape when it has a key only create_scheduler_v2 takes (`num_epochs`,
 * `step_on_epochs`, `noise`, `cycle_mul`, ...).
 *
 * As create_scheduler_v2 maps them: lengths in epochs, multiplied by `updatesPerEpoch` when
 * `sched_on_updates` is set (the scheduler then counts updates; `decay_epochs: 2.4` becomes a
 * fractional decay period, as in timm); otherwise timm steps once per epoch and each epoch's value is
 * held for all its updates (an `epochs` node, `within: 'hold'`). Either way the epoch-0 (update-0)
 * value is the constructor's (no noise), as in train.py. `min_lr` → `lr_min`, `warmup_lr` →
 * `warmup_lr_init`, `lr_cycle_*` → `cycle_*`, `seed` → `noise_seed`, the noise window
 * `lr_noise × t_initial`, `decay_rate` the power of `poly`. `cooldown_epochs` only lengthens the run
 * (the schedule already holds `lr_min` after its cycles); the description gives the run length.
 * Noise uses cyclr's seeded generator: the draws follow timm's distribution, window and seed rule,
 * not torch's random numbers.
 *
 * `sched: plateau` gives a policy with the warmup as its `lr` and the `plateau` control (timm's
 * PlateauLRScheduler: patience_epochs, decay_rate, min_lr, the mode from eval_metric); feed
 * `plateauUpdate` the metric once per epoch after the warmup epochs, as timm does.
 *
 * Keys outside the scheduler's (model, data, augmentation, ...) are ignored, except one that looks
 * like a misspelt scheduler key (`lr_cycle_mull`, `warmup_epoch`): an error with the key meant.
 * Every problem is reported at once.
 */
import { formatReceived, issue, ScheduleSpecError, type SpecIssue, type SpecPath } from '../base/errors.js';
import { plateauFromPeer } from '../plateau/peers.js';
import type { Policy, Schedule } from '../spec.js';
import { IssueSink } from '../validate/issues.js';
import { sealPolicy } from '../validate/parse.js';
import { nearest } from '../validate/suggest.js';
import { isKwargs, misspelt, readSignature, type Kwargs, type Signature } from './kwargs.js';
import { fromTimm } from './timm.js';

export interface TimmArgsOptions {
  /** optimizer updates per epoch: train.py's `ceil(len(loader_train) / grad_accum_steps)` */
  updatesPerEpoch: number;
  /** the global batch size (batch_size × world size × grad_accum_steps), for `lr: null` */
  batchSize?: number;
  /** processes, for `lr: null` when batchSize is not given: batch_size × worldSize × grad_accum_steps */
  worldSize?: number;
}

/** Every `sched` create_scheduler_v2 knows. */
export const TIMM_ARGS_SCHEDULERS = ['cosine', 'tanh', 'step', 'multistep', 'plateau', 'poly'] as const;

/** create_scheduler_v2's keyword arguments (scheduler_factory.py), and the optimizer's lr. */
const V2: Signature = {
  lr: { kind: 'number', required: true, expected: "the optimizer's learning rate" },
  sched: { kind: 'string', default: 'cosine' },
  num_epochs: { kind: 'number', default: 300 },
  decay_epochs: { kind: 'number', default: 90 },
  decay_milestones: { kind: 'numbers', default: [90, 180, 270] },
  cooldown_epochs: { kind: 'number', default: 0 },
  patience_epochs: { kind: 'integer', default: 10 },
  decay_rate: { kind: 'number', default: 0.1 },
  min_lr: { kind: 'number', default: 0 },
  warmup_lr: { kind: 'number', default: 1e-5 },
  warmup_epochs: { kind: 'number', default: 0 },
  warmup_prefix: { kind: 'boolean', default: false },
  noise: { kind: 'numbers', nullable: true, default: null, expected: 'a number or a list of numbers (fractions of the run)' },
  noise_pct: { kind: 'number', default: 0.67 },
  noise_std: { kind: 'number', default: 1 },
  noise_seed: { kind: 'integer', default: 42 },
  cycle_mul: { kind: 'number', default: 1 },
  cycle_decay: { kind: 'number', default: 0.1 },
  cycle_limit: { kind: 'integer', default: 1 },
  k_decay: { kind: 'number', default: 1 },
  plateau_mode: { kind: 'string', default: 'max' },
  step_on_epochs: { kind: 'boolean', default: true },
  updates_per_epoch: { kind: 'integer', default: 0 },
};

/** Keys only the create_scheduler_v2 dict has (an args namespace never does). */
const V2_ONLY = ['num_epochs', 'step_on_epochs', 'noise', 'noise_seed', 'cycle_mul', 'cycle_decay', 'cycle_limit', 'k_decay', 'plateau_mode', 'updates_per_epoch'];

/** train.py's argparse defaults for the keys scheduler_kwargs reads, and the lr rule's. */
const ARGS_DEFAULTS: Readonly<Record<string, unknown>> = {
  sched: 'cosine', epochs: 300, decay_epochs: 90, decay_milestones: [90, 180, 270], warmup_epochs: 5, cooldown_epochs: 0,
  patience_epochs: 10, decay_rate: 0.1, min_lr: 0, warmup_lr: 1e-5, warmup_prefix: false, lr_noise: null, lr_noise_pct: 0.67,
  lr_noise_std: 1, seed: 42, lr_cycle_mul: 1, lr_cycle_decay: 0.5, lr_cycle_limit: 1, lr_k_decay: 1, sched_on_updates: false,
  eval_metric: 'top1', lr: null, lr_base: 0.1, lr_base_size: 256, lr_base_scale: '', opt: 'sgd', batch_size: 128, grad_accum_steps: 1,
};

/** args.yaml key → create_scheduler_v2 key (scheduler_kwargs). */
const RENAMES: Readonly<Record<string, string>> = {
  sched: 'sched', epochs: 'num_epochs', decay_epochs: 'decay_epochs', decay_milestones: 'decay_milestones', warmup_epochs: 'warmup_epochs',
  cooldown_epochs: 'cooldown_epochs', patience_epochs: 'patience_epochs', decay_rate: 'decay_rate', min_lr: 'min_lr', warmup_lr: 'warmup_lr',
  warmup_prefix: 'warmup_prefix', lr_noise: 'noise', lr_noise_pct: 'noise_pct', lr_noise_std: 'noise_std', seed: 'noise_seed',
  lr_cycle_mul: 'cycle_mul', lr_cycle_decay: 'cycle_decay', lr_cycle_limit: 'cycle_limit', lr_k_decay: 'k_decay',
};

/** args.yaml keys read besides RENAMES. */
const ARGS_READ = [...Object.keys(RENAMES), 'sched_on_updates', 'eval_metric', 'lr', 'lr_base', 'lr_base_size', 'lr_base_scale', 'opt', 'batch_size', 'grad_accum_steps'];

/** train.py arguments near a read key that are not typos of it. */
const ARGS_NEAR = new Set(['decay_milestones', 'model_ema_decay', 'weight_decay', 'layer_decay', 'drop_rate', 'opt_eps', 'opt_betas', 'opt_kwargs', 'mixup_off_epoch', 'start_epoch', 'epoch_repeats', 'lr_noise', 'validation_batch_size', 'val_split', 'train_split', 'seed', 'worker_seeding']);


/**
 * The policy a timm run used: `args` is train.py's `args.yaml` namespace or the
 * `scheduler_kwargs(args)` dict (with `lr`); `options.updatesPerEpoch` is the number of optimizer
 * updates per epoch. Throws one ScheduleSpecError with every problem.
 */
export function fromTimmArgs(args: Record<string, unknown>, options: TimmArgsOptions): Policy {
  if (!isKwargs(args)) throw new ScheduleSpecError([issue('invalid_type', [], 'an args.yaml namespace or a scheduler_kwargs dict', args, `expected timm's args (args.yaml) or scheduler_kwargs(args), got ${formatReceived(args)}`)]);
  const sink = new IssueSink();
  const o: unknown = options;
  if (!isKwargs(o)) {
    sink.add('missing', ['options', 'updatesPerEpoch'], 'a positive integer', o, 'options.updatesPerEpoch is required: the optimizer updates per epoch');
    throw new ScheduleSpecError(sink.issues());
  }
  for (const key of Object.keys(o)) {
    if (!['updatesPerEpoch', 'batchSize', 'worldSize'].includes(key)) {
      const hint = nearest(key, ['updatesPerEpoch', 'batchSize', 'worldSize']);
      sink.add('unknown_key', ['options', key], 'updatesPerEpoch, batchSize or worldSize', o[key], `fromTimmArgs has no option ${key}${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
  }
  const positive = (key: string, integer: boolean): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && v > 0 && (!integer || Number.isSafeInteger(v))) return v;
    sink.add('invalid_type', ['options', key], integer ? 'a positive integer' : 'a positive number', v, `options.${key} must be ${integer ? 'a positive integer' : 'a positive number'}, got ${formatReceived(v)}`);
    return undefined;
  };
  const upe = positive('updatesPerEpoch', true);
  if (o.updatesPerEpoch === undefined) sink.add('missing', ['options', 'updatesPerEpoch'], 'a positive integer', undefined, 'options.updatesPerEpoch is required: the optimizer updates per epoch (ceil(len(loader_train) / grad_accum_steps))');
  const batch = positive('batchSize', false);
  const world = positive('worldSize', true);

  const v2Form = Object.keys(args).some((k) => V2_ONLY.includes(k));
  const kwargs = v2Form ? readV2(args, sink) : fromNamespace(args, { batch, world }, sink);
  if (sink.count > 0 || kwargs === undefined || upe === undefined) throw new ScheduleSpecError(sink.issues());
  return build(kwargs, upe, v2Form);
}

function readV2(args: Kwargs, sink: IssueSink): Kwargs {
  const wrapped: Kwargs = { ...args };
  if (typeof wrapped.noise === 'number') wrapped.noise = [wrapped.noise];
  const k = readSignature(wrapped, [], V2, {
    unknown: (key, hint) => `create_scheduler_v2() got an unexpected keyword argument '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`,
    missing: (key) => (key === 'lr' ? "lr is required: scheduler_kwargs(args) has no learning rate (create_scheduler_v2 reads it from the optimizer); add the optimizer's lr as `lr`" : `create_scheduler_v2() requires ${key}`),
  }, sink);
  if (typeof args.noise === 'number') k.noise = args.noise;
  return k;
}

/** scheduler_kwargs(args) for a namespace, with train.py's defaults and its lr rule; problems into `sink`. */
function fromNamespace(args: Kwargs, o: { batch?: number; world?: number }, sink: IssueSink): Kwargs | undefined {
  for (const key of Object.keys(args)) {
    if (ARGS_READ.includes(key)) continue;
    const hint = misspelt(key, ARGS_READ, ARGS_NEAR, 4);
    if (hint !== undefined) sink.add('unknown_key', [key], `'${hint}'`, args[key], `timm's train.py has no argument ${key} (did you mean '${hint}'?)`);
  }
  const get = (key: string): unknown => (args[key] === undefined ? ARGS_DEFAULTS[key] : args[key]);
  const numberAt = (key: string, ok: (v: number) => boolean = () => true, words = 'a finite number'): number => {
    const v = get(key);
    if (typeof v === 'number' && Number.isFinite(v) && ok(v)) return v;
    sink.add(typeof v === 'number' ? 'out_of_range' : 'invalid_type', [key], words, v, `${key} must be ${words}, got ${formatReceived(v)}`);
    return Number.NaN;
  };
  const out: Kwargs = {};
  for (const [from, to] of Object.entries(RENAMES)) out[to] = get(from);
  out.step_on_epochs = get('sched_on_updates') !== true;
  const metric = get('eval_metric');
  out.plateau_mode = typeof metric === 'string' && metric.includes('loss') ? 'min' : 'max';
  const lr = get('lr');
  if (lr === null || lr === 0) {
    // train.py: `if not args.lr:` lr = lr_base · (global batch / lr_base_size), square-rooted for 'sqrt'
    const base = numberAt('lr_base');
    const size = numberAt('lr_base_size', (v) => v > 0, 'a positive number');
    let global = o.batch;
    if (global === undefined && o.world !== undefined) global = numberAt('batch_size', (v) => v > 0, 'a positive number') * o.world * numberAt('grad_accum_steps', (v) => v >= 1, 'an integer >= 1');
    if (global === undefined) {
      sink.add('missing', ['options', 'batchSize'], 'the global batch size', undefined,
        'lr is null, so timm computes lr = lr_base × global batch / lr_base_size: pass options.batchSize (batch_size × world size × grad_accum_steps) or options.worldSize');
      return undefined;
    }
    let scale = get('lr_base_scale');
    const opt = get('opt');
    if (scale === '' || scale === null) scale = typeof opt === 'string' && ['ada', 'lamb'].some((x) => opt.toLowerCase().includes(x)) ? 'sqrt' : 'linear';
    if (scale !== 'linear' && scale !== 'sqrt') {
      sink.add('invalid_enum', ['lr_base_scale'], "'', 'linear' or 'sqrt'", scale, `lr_base_scale must be '', 'linear' or 'sqrt', got ${formatReceived(scale)}`);
      return undefined;
    }
    const ratio = global / size;
    out.lr = base * (scale === 'sqrt' ? ratio ** 0.5 : ratio);
  } else out.lr = lr;
  return readV2(out, sink);
}

function build(k: Kwargs, upe: number, v2Form: boolean): Policy {
  const sink = new IssueSink();
  const sched = k.sched as string;
  const path = (key: string): SpecPath => [v2Form ? key : (Object.entries(RENAMES).find(([, v]) => v === key)?.[0] ?? key)];
  if (!(TIMM_ARGS_SCHEDULERS as readonly string[]).includes(sched)) {
    const hint = nearest(sched, TIMM_ARGS_SCHEDULERS);
    sink.add('unknown_type', path('sched'), `one of ${TIMM_ARGS_SCHEDULERS.join(', ')}`, sched,
      `unknown timm sched ${formatReceived(sched)}${hint ? ` (did you mean '${hint}'?)` : ''}; timm knows ${TIMM_ARGS_SCHEDULERS.join(', ')} (create_scheduler_v2 builds no scheduler for any other name)`);
    throw new ScheduleSpecError(sink.issues());
  }
  const perUpdate = k.step_on_epochs === false;
  if (v2Form && k.updates_per_epoch !== 0 && k.updates_per_epoch !== upe) {
    sink.add('conflict', ['updates_per_epoch'], String(upe), k.updates_per_epoch, `updates_per_epoch = ${String(k.updates_per_epoch)} but options.updatesPerEpoch = ${upe}: give one`);
  }
  if (sched === 'plateau' && perUpdate) sink.add('unsupported', path('step_on_epochs'), 'stepping on epochs', true, 'timm asserts: Plateau LR only supports step per epoch (sched_on_updates must be false)');
  if (sink.count > 0) throw new ScheduleSpecError(sink.issues());
  // create_scheduler_v2: lengths in epochs, in updates when stepping on updates
  const scale = perUpdate ? upe : 1;
  const tInitial = (k.num_epochs as number) * scale;
  const warmupT = (k.warmup_epochs as number) * scale;
  const decayT = (k.decay_epochs as number) * scale;
  const milestones = (k.decay_milestones as number[]).map((d) => d * scale);
  const cooldownT = (k.cooldown_epochs as number) * scale;
  let noiseRange: unknown;
  if (k.noise !== null && k.noise !== undefined) {
    const n = k.noise;
    if (Array.isArray(n)) noiseRange = n.length === 1 ? (n[0] as number) * tInitial : n.map((x) => (x as number) * tInitial);
    else noiseRange = (n as number) * tInitial;
  }
  const lr = k.lr as number;
  const common: Kwargs = { lr, warmup_t: warmupT, warmup_lr_init: k.warmup_lr, warmup_prefix: k.warmup_prefix, noise_pct: k.noise_pct, noise_std: k.noise_std, noise_seed: k.noise_seed };
  if (noiseRange !== undefined) common.noise_range_t = noiseRange;
  const cycles = { cycle_mul: k.cycle_mul, cycle_decay: k.cycle_decay, cycle_limit: k.cycle_limit };
  const byName: Record<string, Kwargs> = {
    cosine: { sched, t_initial: tInitial, lr_min: k.min_lr, ...cycles, k_decay: k.k_decay, ...common },
    tanh: { sched, t_initial: tInitial, lr_min: k.min_lr, ...cycles, ...common },
    step: { sched, decay_t: decayT, decay_rate: k.decay_rate, ...common },
    multistep: { sched, decay_t: milestones, decay_rate: k.decay_rate, ...common },
    poly: { sched, power: k.decay_rate, t_initial: tInitial, lr_min: k.min_lr, k_decay: k.k_decay, ...cycles, ...common },
  };
  let lrSchedule: Schedule;
  let plateau: Policy['plateau'];
  try {
    if (sched === 'plateau') {
      // PlateauLRScheduler: warmup_lr_init + epoch·s up to warmup_t, then the lr ReduceLROnPlateau cuts
      const w = warmupT;
      const init = k.warmup_lr as number;
      const warm: Schedule = w > 0
        ? { type: 'join', parts: [{ schedule: { type: 'linear', from: init, to: lr, steps: w }, steps: w }, { schedule: { type: 'constant', value: lr } }] }
        : { type: 'constant', value: lr };
      lrSchedule = warm;
      if (noiseRange !== undefined) lrSchedule = noisy(fromTimm({ sched: 'step', lr, decay_t: 1, decay_rate: 1, noise_range_t: noiseRange, noise_pct: k.noise_pct, noise_seed: k.noise_seed }), warm);
      plateau = plateauFromPeer('timm', { decay_rate: k.decay_rate, patience_t: k.patience_epochs, lr_min: k.min_lr, mode: k.plateau_mode, cooldown_t: 0 });
    } else lrSchedule = fromTimm(byName[sched]);
  } catch (error) {
    if (error instanceof ScheduleSpecError) throw new ScheduleSpecError(error.issues.map((i) => renamed(i, v2Form)));
    if (error instanceof RangeError) throw new ScheduleSpecError([issue('invalid_value', path('decay_rate'), 'a value timm accepts', k.decay_rate, error.message)]);
    throw error;
  }
  // timm's update 0 (epoch 0) runs at the constructor's value: no noise there
  lrSchedule = quietAtZero(lrSchedule);
  if (!perUpdate) lrSchedule = { type: 'epochs', stepsPerEpoch: upe, schedule: lrSchedule };
  const runT = runLength(sched, tInitial, k, cooldownT, warmupT);
  const run = runT === undefined ? '' : `, a run of ${perUpdate ? Math.floor(runT / upe) : runT} epochs (cooldown included)`;
  const policy: Policy = { version: 1, description: `imported from timm ${sched}, stepped per ${perUpdate ? 'update' : 'epoch'}${run}`, lr: lrSchedule };
  if (plateau !== undefined) policy.plateau = plateau;
  return sealPolicy(policy);
}

/** A noise node of `from` (a throwaway import that carries timm's window and seed) moved onto `onto`. */
function noisy(from: Schedule, onto: Schedule): Schedule {
  return from.type === 'noise' ? { ...from, schedule: onto } : onto;
}

/** The noise window starts at t = 1 at the earliest: t = 0 is the scheduler's constructor value. */
function quietAtZero(spec: Schedule): Schedule {
  if (spec.type !== 'noise' || (spec.start ?? 0) >= 1) return spec;
  if (spec.end !== undefined && spec.end <= 1) return spec.schedule;
  return { ...spec, start: 1 };
}

/** get_cycle_length() + cooldown, as create_scheduler_v2 recomputes num_epochs (cosine, tanh, poly). */
function runLength(sched: string, tInitial: number, k: Kwargs, cooldown: number, warmupT: number): number | undefined {
  if (!['cosine', 'tanh', 'poly'].includes(sched)) return undefined;
  const cycles = Math.max(1, k.cycle_limit as number);
  const mul = k.cycle_mul as number;
  const t = mul === 1 ? tInitial * cycles : Math.floor(-tInitial * (mul ** cycles - 1) / (1 - mul));
  return (k.warmup_prefix === true ? t + warmupT : t) + cooldown;
}

/** fromTimm's issue paths (`kwargs.t_initial`) back onto the keys the user wrote. */
function renamed(i: SpecIssue, v2Form: boolean): SpecIssue {
  const key = i.path[1];
  const back: Record<string, [string, string]> = {
    t_initial: ['num_epochs', 'epochs'], lr_min: ['min_lr', 'min_lr'], warmup_t: ['warmup_epochs', 'warmup_epochs'], warmup_lr_init: ['warmup_lr', 'warmup_lr'],
    decay_t: ['decay_epochs', 'decay_epochs'], cycle_mul: ['cycle_mul', 'lr_cycle_mul'], cycle_decay: ['cycle_decay', 'lr_cycle_decay'],
    cycle_limit: ['cycle_limit', 'lr_cycle_limit'], k_decay: ['k_decay', 'lr_k_decay'], noise_range_t: ['noise', 'lr_noise'],
    noise_pct: ['noise_pct', 'lr_noise_pct'], noise_seed: ['noise_seed', 'seed'], power: ['decay_rate', 'decay_rate'], lr: ['lr', 'lr'],
  };
  if (typeof key !== 'string' || !(key in back)) return { ...i, path: i.path.slice(1) };
  return { ...i, path: [back[key][v2Form ? 0 : 1], ...i.path.slice(2)] };
}
