import { ScheduleSpecError } from './base/errors.js';
import { cyclic, oneCycle } from './builders.js';
import type { Policy, Schedule } from './spec.js';
import { sealPolicy } from './validate/parse.js';

/**
 * Builders for the coupled standards: one document that schedules the learning rate and, inversely,
 * momentum (SGD) or Adam's beta1. Both return a validated, sealed `Policy` (`{ version: 1, lr,
 * momentum }` or `{ version: 1, lr, beta1 }`).
 */

/** Which hyperparameter carries momentum: SGD-style `momentum`, or Adam-style `beta1` (PyTorch `betas[0]`). */
export type MomentumOptimizer = 'sgd' | 'adam';

/** `{ base, max }`: momentum falls to `base` while the learning rate peaks, and sits at `max` otherwise. */
export interface MomentumRange {
  base: number;
  max: number;
}

/** Options of `oneCyclePolicy`. */
export interface OneCyclePolicyOptions {
  maxLr: number;
  /** the cycle's length in steps, or give `epochs` and `stepsPerEpoch` */
  steps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** default 'pytorch' */
  preset?: 'pytorch' | 'fastai';
  /** default: the preset's (0.85/0.95 for both); `false` schedules the learning rate only */
  momentum?: MomentumRange | false;
  /** default 'sgd' (key `momentum`); 'adam' schedules `beta1` */
  optimizer?: MomentumOptimizer;
  pctStart?: number;
  divFactor?: number;
  /** PyTorch: final = initial/finalDivFactor; fastai: final = maxLr/finalDivFactor (its div_final) */
  finalDivFactor?: number;
  shape?: 'cosine' | 'linear';
  threePhase?: boolean;
  peakAt?: 'pytorch' | 'optax';
  after?: 'hold' | 'continue';
}

const ONE_CYCLE_PRESETS = {
  // torch.optim.lr_scheduler.OneCycleLR defaults
  pytorch: { pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4, peakAt: 'pytorch', momentum: { base: 0.85, max: 0.95 } },
  // fastai Learner.fit_one_cycle: div 25, div_final 1e5, pct_start 0.25, moms (0.95, 0.85, 0.95)
  fastai: { pctStart: 0.25, divFactor: 25, finalDivFactor: 1e5, peakAt: 'optax', momentum: { base: 0.85, max: 0.95 } },
} as const;

/**
 * One-cycle learning rate with inverse momentum (Smith & Topin 2018).
 *
 * - `preset: 'pytorch'` (default) is OneCycleLR: pct_start 0.3, div_factor 25, final_div_factor 1e4
 *   (`final = initial/1e4`), base/max momentum 0.85/0.95, phase ends at `pct·T - 1` and `T - 1`.
 * - `preset: 'fastai'` is `fit_one_cycle`: pct_start 0.25, div 25, div_final 1e5 (`final = maxLr/1e5`),
 *   moms 0.95/0.85/0.95, cosine phases over positions `t/T` (peak at step `0.25·T`, final value reached
 *   only at `T`, one step after the last update). Exact when `0.25·T` is a whole number; otherwise the
 *   peak lands on `floor(0.25·T)` (fastai's own boundary is fractional).
 * - Any option overrides the preset and applies to both schedules (momentum uses the same phases).
 *
 * Example: `oneCyclePolicy({ maxLr: 0.1, steps: 1000 })` gives lr 0.004 → 0.1 (t = 299) → 4e-7
 * and momentum 0.95 → 0.85 → 0.95.
 */
export function oneCyclePolicy(options: OneCyclePolicyOptions): Policy {
  const presetName = options.preset ?? 'pytorch';
  const preset = ONE_CYCLE_PRESETS[presetName];
  if (preset === undefined) {
    throw new ScheduleSpecError([
      { code: 'invalid_enum', path: ['preset'], expected: 'one of "pytorch", "fastai"', received: presetName, message: `preset must be one of "pytorch", "fastai", got ${JSON.stringify(presetName)}` },
    ]);
  }
  const divFactor = options.divFactor ?? preset.divFactor;
  const finalDivFactor = options.finalDivFactor ?? preset.finalDivFactor;
  const shared = {
    steps: options.steps,
    epochs: options.epochs,
    stepsPerEpoch: options.stepsPerEpoch,
    pctStart: options.pctStart ?? preset.pctStart,
    shape: options.shape,
    threePhase: options.threePhase,
    peakAt: options.peakAt ?? preset.peakAt,
    after: options.after,
  };
  const lr = oneCycle({
    ...shared,
    maxLr: options.maxLr,
    divFactor,
    finalDivFactor,
    to: presetName === 'fastai' ? options.maxLr / finalDivFactor : undefined,
  });
  const range = options.momentum === undefined ? preset.momentum : options.momentum;
  const out: Record<string, unknown> = { version: 1, lr };
  if (range !== false) {
    out[momentumKey(options.optimizer)] = oneCycle({ ...shared, from: range.max, peak: range.base, to: range.max });
  }
  return sealPolicy(out);
}

/** Options of `cyclicPolicy`: the `cyclic` builder's, for the learning rate, plus momentum. */
export interface CyclicPolicyOptions {
  /** the learning rate at the start of every cycle (PyTorch base_lr) */
  from: number;
  /** the learning rate at the top of the first cycle (PyTorch max_lr) */
  peak: number;
  /** or `upEpochs` with `stepsPerEpoch` */
  upSteps?: number;
  upEpochs?: number;
  downSteps?: number;
  downEpochs?: number;
  stepsPerEpoch?: number;
  mode?: 'triangular' | 'triangular2' | 'expRange';
  decay?: number;
  amplitude?: { by: 'cycle' | 'step'; schedule: Schedule };
  shape?: 'linear' | 'cosine';
  /** default `{ base: 0.8, max: 0.9 }` (PyTorch cycle_momentum); `false` for lr only */
  momentum?: Partial<MomentumRange> | false;
  /** default 'sgd' (key `momentum`); 'adam' schedules `beta1` */
  optimizer?: MomentumOptimizer;
}

/**
 * CLR with PyTorch's `cycle_momentum`: the learning rate cycles between `from` and `peak`, and
 * momentum inversely between `max` (at the lr's base) and `base` (at its peak), with the same scaling:
 * `m = max - (max - base)·sf·scale`, bit for bit as CyclicLR computes it.
 *
 * Example: `cyclicPolicy({ from: 0.001, peak: 0.006, upSteps: 2000 })` (momentum 0.9 ↔ 0.8).
 */
export function cyclicPolicy(options: CyclicPolicyOptions): Policy {
  const shape = {
    upSteps: options.upSteps,
    upEpochs: options.upEpochs,
    downSteps: options.downSteps,
    downEpochs: options.downEpochs,
    stepsPerEpoch: options.stepsPerEpoch,
    mode: options.mode,
    decay: options.decay,
    amplitude: options.amplitude,
    shape: options.shape,
  };
  const lr = cyclic({ from: options.from, peak: options.peak, ...shape });
  const out: Record<string, unknown> = { version: 1, lr };
  if (options.momentum !== false) {
    const { base = 0.8, max = 0.9 } = options.momentum ?? {};
    out[momentumKey(options.optimizer)] = cyclic({ from: max, peak: base, ...shape });
  }
  return sealPolicy(out);
}

function momentumKey(optimizer: MomentumOptimizer | undefined): 'momentum' | 'beta1' {
  if (optimizer === undefined || optimizer === 'sgd') return 'momentum';
  if (optimizer === 'adam') return 'beta1';
  throw new ScheduleSpecError([
    { code: 'invalid_enum', path: ['optimizer'], expected: 'one of "sgd", "adam"', received: optimizer, message: `optimizer must be one of "sgd", "adam", got ${JSON.stringify(optimizer)}` },
  ]);
}
