import { horizonOf, plannedStepsOf } from './analysis/horizon.js';
import { isPolicy } from './analysis/tree.js';
import { policyEntries } from './evaluate/api.js';
import type { Policy, Schedule, SpecOf } from './spec.js';
import { sealPolicy, sealSchedule } from './validate/parse.js';

/**
 * Units: epochs and steps, batch-size scaling. A "step" is one optimizer update (with gradient
 * accumulation, one update per `gradientAccumulation` micro-batches).
 */

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${String(v)}`);
  return v;
}

function positiveNumber(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive finite number, got ${String(v)}`);
  return v;
}

export interface StepsPerEpochOptions {
  /** training samples per epoch */
  samples: number;
  /** samples per micro-batch (per device times devices, if data-parallel) */
  batchSize: number;
  /** drop the last incomplete batch (PyTorch DataLoader `drop_last`), default false */
  dropLast?: boolean;
  /** micro-batches per optimizer update, default 1 */
  gradientAccumulation?: number;
  /**
   * with accumulation, what happens to the micro-batches left at the end of an epoch: 'step'
   * (default; HF Trainer, Lightning: one last, smaller update) or 'drop' (no update for them)
   */
  accumulationRemainder?: 'step' | 'drop';
}

/** Optimizer updates per epoch. Throws when an epoch would have no update at all. */
export function stepsPerEpoch(options: StepsPerEpochOptions): number {
  const samples = positiveInt('samples', options.samples);
  const batchSize = positiveInt('batchSize', options.batchSize);
  const accumulation = positiveInt('gradientAccumulation', options.gradientAccumulation ?? 1);
  const remainder = options.accumulationRemainder ?? 'step';
  if (remainder !== 'step' && remainder !== 'drop') throw new RangeError(`accumulationRemainder must be "step" or "drop", got ${JSON.stringify(remainder)}`);
  const batches = options.dropLast ? Math.floor(samples / batchSize) : Math.ceil(samples / batchSize);
  const steps = remainder === 'step' ? Math.ceil(batches / accumulation) : Math.floor(batches / accumulation);
  if (steps < 1) {
    throw new RangeError(`an epoch of ${samples} samples in batches of ${batchSize}${accumulation > 1 ? ` with ${accumulation} micro-batches per update` : ''} makes no optimizer update`);
  }
  return steps;
}

/**
 * `epochs × stepsPerEpoch` as an integer step count. A fractional result is an error unless
 * `round` says how to round it ('floor' | 'ceil' | 'round').
 */
export function epochsToSteps(epochs: number, perEpoch: number, options: { round?: 'exact' | 'floor' | 'ceil' | 'round' } = {}): number {
  if (typeof epochs !== 'number' || !Number.isFinite(epochs) || epochs < 0) throw new RangeError(`epochs must be a non-negative finite number, got ${String(epochs)}`);
  positiveInt('stepsPerEpoch', perEpoch);
  const raw = epochs * perEpoch;
  const round = options.round ?? 'exact';
  // tolerate float noise such as 0.1 × 30 = 3.0000000000000004
  const nearest = Math.round(raw);
  if (Math.abs(raw - nearest) <= 1e-9 * Math.max(1, Math.abs(raw))) return nearest;
  switch (round) {
    case 'floor':
      return Math.floor(raw);
    case 'ceil':
      return Math.ceil(raw);
    case 'round':
      return nearest;
    case 'exact':
      throw new RangeError(`${epochs} epochs × ${perEpoch} steps per epoch = ${raw} is not a whole number of steps; pass { round: 'floor' | 'ceil' | 'round' }`);
    default:
      throw new RangeError(`round must be one of "exact", "floor", "ceil", "round", got ${JSON.stringify(round)}`);
  }
}

/**
 * Total optimizer updates of a run: `epochs × stepsPerEpoch`, where steps per epoch are given or
 * computed from the data (`samples`, `batchSize`, `dropLast`, `gradientAccumulation`). This is the
 * number to build a finite schedule for (PyTorch OneCycleLR's `total_steps = epochs × steps_per_epoch`).
 */
export function totalSteps(
  options: ({ stepsPerEpoch: number } | StepsPerEpochOptions) & { epochs: number; round?: 'exact' | 'floor' | 'ceil' | 'round' },
): number {
  const perEpoch = 'stepsPerEpoch' in options && options.stepsPerEpoch !== undefined ? options.stepsPerEpoch : stepsPerEpoch(options as StepsPerEpochOptions);
  const steps = epochsToSteps(options.epochs, perEpoch, { round: options.round });
  if (steps < 1) throw new RangeError(`${options.epochs} epochs of ${perEpoch} steps make no update`);
  return steps;
}

/** Steps to epochs (may be fractional). */
export function stepsToEpochs(steps: number, perEpoch: number): number {
  if (!Number.isSafeInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${String(steps)}`);
  return steps / positiveInt('stepsPerEpoch', perEpoch);
}

export { plannedStepsOf };

export interface TotalStepsCheck {
  /** the step from which every schedule holds its final value (the largest horizon) */
  finishesAt: number | undefined;
  /** the run's number of updates */
  plannedSteps: number;
  /** the last step the run evaluates (`plannedSteps - 1`) */
  lastStep: number;
}

/**
 * Checks a run of `plannedSteps` updates (steps 0 .. plannedSteps - 1) against a finite schedule and
 * throws a RangeError on a mismatch: a run that goes on after the schedule finished (PyTorch's
 * OneCycleLR: "Tried to step 1002 times. The specified number of total steps is 1000"; here it would
 * silently hold the final value) or, unless `allowShorterRun`, a run that ends before it finishes.
 * Schedules with no end (cyclic, unbounded decays) pass.
 */
export function checkTotalSteps(target: Schedule | Policy, plannedSteps: number, options: { allowShorterRun?: boolean } = {}): TotalStepsCheck {
  positiveInt('plannedSteps', plannedSteps);
  const entries: Array<[string, Schedule]> = isPolicy(target) ? policyEntries(sealPolicy(target)) : [['schedule', sealSchedule(target)]];
  const lastStep = plannedSteps - 1;
  let finishesAt: number | undefined;
  for (const [name, spec] of entries) {
    const h = horizonOf(spec);
    if (!Number.isFinite(h)) continue;
    finishesAt = Math.max(finishesAt ?? 0, h);
    const end = Math.ceil(h);
    if (lastStep > end) {
      const planned = plannedStepsOf(spec);
      const total = planned !== undefined && planned !== h ? planned : undefined;
      throw new RangeError(
        `${name}: the run takes ${plannedSteps} updates but the schedule finishes at step ${h}` +
          `${total !== undefined ? ` (planned for ${total} steps; PyTorch's OneCycleLR would raise "Tried to step ${plannedSteps + 1} times")` : ''}: ` +
          `${lastStep - end === 1 ? 'the last update would use' : `the last ${lastStep - end} updates would all use`} its final value. Build it for ${plannedSteps} steps (epochs × stepsPerEpoch).`,
      );
    }
    if (!options.allowShorterRun && lastStep < h - 1) {
      throw new RangeError(
        `${name}: the run takes ${plannedSteps} updates but the schedule still changes until step ${h}: it never finishes ` +
          `(its last ${Math.ceil(h) - lastStep} steps are never used). Build it for ${plannedSteps} steps, or pass { allowShorterRun: true }.`,
      );
    }
  }
  return { finishesAt, plannedSteps, lastStep };
}

/** Batch-size scaling of a learning rate tuned at `referenceBatchSize`. */
export interface ScaleLrOptions {
  lr: number;
  batchSize: number;
  referenceBatchSize: number;
  /** 'linear' (Goyal et al. 2017, SGD) or 'sqrt' (Krizhevsky 2014; common for Adam) */
  rule: 'linear' | 'sqrt';
}

/** `lr·k` ('linear') or `lr·√k` ('sqrt') with `k = batchSize / referenceBatchSize`. */
export function scaleLr(options: ScaleLrOptions): number {
  const lr = positiveNumber('lr', options.lr);
  const k = positiveNumber('batchSize', options.batchSize) / positiveNumber('referenceBatchSize', options.referenceBatchSize);
  if (options.rule === 'linear') return lr * k;
  if (options.rule === 'sqrt') return lr * Math.sqrt(k);
  throw new RangeError(`rule must be "linear" or "sqrt", got ${JSON.stringify(options.rule)}`);
}

export interface GoyalWarmupOptions extends Omit<ScaleLrOptions, 'rule'> {
  /** default 'linear' */
  rule?: 'linear' | 'sqrt';
  stepsPerEpoch: number;
  /** default 5 (Goyal et al.) */
  warmupEpochs?: number;
  /** the schedule after the warmup (its clock starts when the warmup ends); default: the scaled lr, constant */
  after?: Schedule;
}

/**
 * Goyal et al. 2017 ("Accurate, Large Minibatch SGD"), §2.2 gradual warmup: start at the reference
 * `lr` and rise linearly, by the same amount each update, to the scaled lr `k·lr` after
 * `warmupEpochs` (5) epochs; then `after` (default: hold `k·lr`). Returns a `warmup` spec.
 */
export function goyalWarmup(options: GoyalWarmupOptions): SpecOf<'warmup'> {
  const scaled = scaleLr({ ...options, rule: options.rule ?? 'linear' });
  const steps = epochsToSteps(options.warmupEpochs ?? 5, options.stepsPerEpoch);
  if (steps < 1) throw new RangeError('warmupEpochs must give at least one warmup step');
  return sealSchedule({ type: 'warmup', steps, from: options.lr, schedule: options.after ?? { type: 'constant', value: scaled }, shape: 'linear' }) as SpecOf<'warmup'>;
}
