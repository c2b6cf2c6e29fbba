/**
 * `lrRangeTest`: the LR range test (Smith 2017) on a compiled tfjs-layers model, that leaves the
 * model and its optimizer exactly as it found them.
 *
 * Runs core's `rangeTestSchedule` through `bindOptimizer` (so the optimizer's own update rule is what
 * is tested), one `trainOnBatch` per step, records the loss (and a validation loss every k steps),
 * stops at a non-finite loss or when core's analysis says the loss diverged, then restores the
 * model's weights and the optimizer's full state (slot variables, scalar state, iterations,
 * hyperparameters) bit-for-bit, also when the run throws. It holds one copy of the weights, in
 * memory; no files. With `weightDecays` it repeats the test once per decoupled weight decay, from
 * the same starting state, and analyses the sweep with core.
 */
import type { Optimizer, Tensor } from '@tensorflow/tfjs-core';
import {
  analyzeRangeTest,
  analyzeWeightDecaySweep,
  rangeTestSchedule,
  type Policy,
  type RangeTestAnalysis,
  type RangeTestOptions,
  type WeightDecaySweepResult,
} from '@cyclr/core';
import { bindOptimizer, type OptimizerBinding } from './bind.js';
import { batchSource, checkBatchShapes, disposeBatch, type Batch, type BatchData, type BatchSource } from './data.js';
import { TfjsAdapterError } from './errors.js';
import { arrayOf, boolean, check, checkOptions, isInteger, oneOf, plainObject, patterns, positiveNumber } from './options.js';
import { disposeWeights, restoreWeights, snapshotWeights, type LayersModelLike } from './model-weights.js';
import { disposeOptimizerSnapshot, quirksFor, restoreOptimizer, snapshotOptimizer } from './optimizer-quirks.js';

export interface LrRangeTestOptions {
  /** a compiled tfjs-layers model (its loss is what the test records) */
  model: LayersModelLike;
  /** a tf.data.Dataset of { xs, ys }, an array of { xs, ys } batches, or { x, y, batchSize }; cycled as needed */
  data: BatchData;
  /** the optimizer to test, default the model's own (either way it is restored afterwards) */
  optimizer?: Optimizer;
  minLr: number;
  maxLr: number;
  /** number of updates, >= 2 */
  steps: number;
  /** 'exp' (default) or 'linear' */
  mode?: 'exp' | 'linear';
  /** validation batches, evaluated every `validateEvery` steps (and at the last step) */
  validationData?: readonly Batch[] | { x: Tensor; y: Tensor; batchSize?: number };
  /** default 10 */
  validateEvery?: number;
  /** stop when core's analysis finds the loss diverged (default true); a non-finite loss always stops */
  stopOnDivergence?: boolean;
  /** decoupled weight decays to sweep (one range test each) */
  weightDecays?: readonly number[];
  /** variables spared from weight decay, by name */
  weightDecayExclude?: ReadonlyArray<string | RegExp>;
  /** passed to core's `analyzeRangeTest` (preset, smoothing, divergeFactor, skip rules) */
  analysis?: Omit<RangeTestOptions, 'lrs' | 'losses'>;
}

export interface RangeTestRun {
  /** the weight decay of this run (undefined without a sweep) */
  weightDecay: number | undefined;
  /** the learning rate applied at each recorded step */
  lrs: number[];
  /** the training loss of each recorded step */
  losses: number[];
  /** validation losses, at `validation.steps` */
  validation: { steps: number[]; losses: number[] } | undefined;
  /** the test ended before `steps` because the loss diverged or became non-finite */
  stoppedEarly: boolean;
  analysis: RangeTestAnalysis;
}

export interface RangeTestResult extends RangeTestRun {
  /** every run (one without a sweep); the top-level fields are the best run's */
  runs: RangeTestRun[];
  /** core's weight-decay sweep analysis, with `weightDecays` */
  sweep: WeightDecaySweepResult | undefined;
  /** the curve in the shape `@cyclr/plot`'s `rangeTestChart` takes */
  plot: {
    lrs: number[];
    losses: number[];
    smoothed: number[];
    stopIndex: number;
    diverged: boolean;
    suggestions: RangeTestAnalysis['suggestions'];
    recommended: RangeTestAnalysis['recommended'];
  };
}

const OPTIONS = {
  model: check((v) => typeof v === 'object' && v !== null && Array.isArray((v as { weights?: unknown }).weights) && typeof (v as { trainOnBatch?: unknown }).trainOnBatch === 'function', 'a tfjs-layers LayersModel'),
  data: () => undefined, // checked by batchSource, with the shape of each batch
  optimizer: check((v) => typeof v === 'object' && v !== null, 'a tfjs optimizer'),
  minLr: positiveNumber,
  maxLr: positiveNumber,
  steps: isInteger(2),
  mode: oneOf(['exp', 'linear']),
  validationData: () => undefined, // checked against the model's shapes below
  validateEvery: isInteger(1),
  stopOnDivergence: boolean,
  weightDecays: arrayOf(check((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a non-negative finite number'), 1),
  weightDecayExclude: patterns,
  analysis: plainObject,
};
const REQUIRED = ['model', 'data', 'minLr', 'maxLr', 'steps'];

/** `Array.isArray` for readonly arrays (it narrows mutable arrays only). */
const isBatchList = (v: unknown): v is readonly Batch[] => Array.isArray(v);

function firstLoss(out: number | number[]): number {
  return Array.isArray(out) ? out[0] : out;
}

async function validationLoss(model: LayersModelLike, data: readonly Batch[]): Promise<number> {
  let total = 0;
  let count = 0;
  for (const b of data) {
    const out = model.evaluate!(b.xs, b.ys);
    const first = Array.isArray(out) ? out[0] : out;
    const value = (await first.data())[0];
    const n = (Array.isArray(b.xs) ? b.xs[0] : b.xs).shape[0] ?? 1;
    total += value * n;
    count += n;
    for (const t of Array.isArray(out) ? out : [out]) t.dispose();
  }
  return total / count;
}

/**
 * Runs the LR range test and returns the curve and core's analysis. The model's weights and the
 * optimizer's state are restored exactly before it returns or throws.
 */
export async function lrRangeTest(options: LrRangeTestOptions): Promise<RangeTestResult> {
  const o = checkOptions<LrRangeTestOptions>(options, OPTIONS, 'lrRangeTest', (v, problems) => {
    for (const key of REQUIRED) if (v[key] === undefined) problems.push({ path: key, message: `${key} is required` });
    if (problems.length === 0 && (v.maxLr as number) <= (v.minLr as number)) problems.push({ path: 'maxLr', message: 'maxLr must be greater than minLr' });
  });
  const model = o.model;
  const optimizer = (o.optimizer ?? model.optimizer) as Optimizer | undefined;
  if (optimizer == null) throw new TfjsAdapterError('not_compiled', 'the model has no optimizer: compile it (the range test uses its loss) or pass options.optimizer');
  if ((model as { loss?: unknown }).loss == null) throw new TfjsAdapterError('not_compiled', 'the model is not compiled: the range test records the loss given to model.compile');
  quirksFor(optimizer);
  const schedule = rangeTestSchedule({ minLr: o.minLr, maxLr: o.maxLr, steps: o.steps, mode: o.mode });
  const source: BatchSource = batchSource(o.data);
  let validation: readonly Batch[] | undefined;
  let ownedValidation: Batch[] = [];
  if (o.validationData !== undefined) {
    const v = o.validationData;
    if (isBatchList(v)) validation = v;
    else {
      const src = batchSource({ x: v.x, y: v.y, batchSize: v.batchSize ?? (v.x.shape[0] as number) }, 'validationData');
      const n = v.x.shape[0] as number;
      const size = v.batchSize ?? n;
      ownedValidation = [];
      for (let i = 0; i < Math.ceil(n / size); i++) ownedValidation.push((await src.next()).batch);
      validation = ownedValidation;
    }
    validation.forEach((b, i) => checkBatchShapes(b, model.inputs, model.outputs, `validationData[${i}]`));
  }
  const validateEvery = o.validateEvery ?? 10;
  const stopOnDivergence = o.stopOnDivergence !== false;

  // The first batch is checked before anything changes.
  let pending: { batch: Batch; owned: boolean } | undefined = await source.next();
  try {
    checkBatchShapes(pending.batch, model.inputs, model.outputs, 'data batch 0');
  } catch (error) {
    if (pending.owned) disposeBatch(pending.batch);
    for (const b of ownedValidation) disposeBatch(b);
    throw error;
  }

  // The model's optimizer is swapped through the public setter (Sequential forwards it to its inner
  // model); the setter also clears `isOptimizerOwned`, which is put back on whichever object holds it.
  const ownerOf = (m: unknown): Record<string, unknown> => {
    const inner = (m as { model?: unknown }).model;
    return (typeof inner === 'object' && inner !== null && 'isOptimizerOwned' in inner ? inner : m) as Record<string, unknown>;
  };
  const owner = ownerOf(model);
  const savedOptimizer = model.optimizer;
  const savedOwned = owner.isOptimizerOwned;
  const weights = snapshotWeights(model);
  const state = snapshotOptimizer(optimizer);
  const runs: RangeTestRun[] = [];
  let binding: OptimizerBinding | undefined;
  try {
    if (optimizer !== savedOptimizer) model.optimizer = optimizer;
    const decays: ReadonlyArray<number | undefined> = o.weightDecays ?? [undefined];
    for (let r = 0; r < decays.length; r++) {
      const wd = decays[r];
      if (r > 0) {
        restoreWeights(model, weights, { dispose: false });
        restoreOptimizer(optimizer, state, { dispose: false });
      }
      const policy: Policy = { version: 1, lr: schedule };
      if (wd !== undefined) policy.weightDecay = { type: 'constant', value: wd };
      binding = bindOptimizer(optimizer, policy, { initialStep: 0, weightDecayExclude: o.weightDecayExclude });
      const lrs: number[] = [];
      const losses: number[] = [];
      const vSteps: number[] = [];
      const vLosses: number[] = [];
      let stoppedEarly = false;
      for (let step = 0; step < o.steps; step++) {
        const next: { batch: Batch; owned: boolean } = pending ?? (await source.next());
        pending = undefined;
        let loss: number;
        try {
          if (step > 0) checkBatchShapes(next.batch, model.inputs, model.outputs, `data batch ${step}`);
          loss = firstLoss(await model.trainOnBatch!(next.batch.xs, next.batch.ys));
        } finally {
          if (next.owned) disposeBatch(next.batch);
        }
        lrs.push(binding.history[binding.history.length - 1].values.lr);
        losses.push(loss);
        if (!Number.isFinite(loss)) {
          stoppedEarly = step < o.steps - 1;
          break;
        }
        if (validation !== undefined && ((step + 1) % validateEvery === 0 || step === o.steps - 1)) {
          vSteps.push(step);
          vLosses.push(await validationLoss(model, validation));
        }
        if (stopOnDivergence && step >= 1 && step < o.steps - 1) {
          const a = analyzeRangeTest({ ...(o.analysis ?? {}), lrs, losses, plannedSteps: o.steps });
          if (a.diverged) {
            stoppedEarly = true;
            break;
          }
        }
      }
      binding.unbind();
      binding = undefined;
      const analysis = analyzeRangeTest({ ...(o.analysis ?? {}), lrs, losses, plannedSteps: o.steps });
      runs.push({ weightDecay: wd, lrs, losses, validation: validation === undefined ? undefined : { steps: vSteps, losses: vLosses }, stoppedEarly, analysis });
    }
  } finally {
    binding?.unbind();
    if (pending?.owned) disposeBatch(pending.batch);
    restoreWeights(model, weights, { dispose: false });
    restoreOptimizer(optimizer, state, { dispose: false });
    disposeWeights(weights);
    disposeOptimizerSnapshot(state);
    if (model.optimizer !== savedOptimizer) model.optimizer = savedOptimizer;
    owner.isOptimizerOwned = savedOwned;
    for (const b of ownedValidation) disposeBatch(b);
  }

  const sweep =
    o.weightDecays === undefined
      ? undefined
      : analyzeWeightDecaySweep(runs.map((r) => ({ weightDecay: r.weightDecay as number, lrs: r.lrs, losses: r.losses })), o.analysis ?? {});
  const best = sweep === undefined ? runs[0] : (runs.find((r) => r.weightDecay === sweep.best.weightDecay) ?? runs[0]);
  const a = best.analysis;
  return {
    ...best,
    runs,
    sweep,
    plot: { lrs: best.lrs, losses: best.losses, smoothed: a.smoothed, stopIndex: a.stopIndex, diverged: a.diverged, suggestions: a.suggestions, recommended: a.recommended },
  };
}
