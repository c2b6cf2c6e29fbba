import { rangeTestMonitorInit, rangeTestMonitorUpdate, resolveMonitorOptions, type RangeTestSmoothing } from './monitor.js';
import { rangeSuggestions, type RangeSuggestion, type SuggestionMethod, type UnavailableSuggestion } from './suggest.js';

export type { RangeSuggestion, SuggestionMethod, UnavailableSuggestion } from './suggest.js';
export type { RangeTestSmoothing } from './monitor.js';
export { rangeTestSchedule, meanLossPerLr, type RangeTestScheduleOptions } from './schedule.js';

export interface RangeTestOptions {
  /** learning rates, one per update, finite, positive and strictly increasing */
  lrs: readonly number[];
  /** raw losses, same length (non-finite values mark divergence) */
  losses: readonly number[];
  /**
   * defaults for smoothing, divergence and skip rules: 'fastai' (default; debiased EMA 0.98, stop at
   * 4×best) or 'pytorch-lr-finder' (EMA seeded with the first loss, factor 0.95, stop at 5×best)
   */
  preset?: 'fastai' | 'pytorch-lr-finder';
  smoothing?: RangeTestSmoothing;
  /** stop at the first point whose smoothed loss exceeds `divergeFactor × best` (that point is kept) */
  divergeFactor?: number;
  /** points dropped at the start of every suggestion's window (default: each peer's rule) */
  skipStart?: number;
  /** points dropped at the end of every suggestion's window (default: each peer's rule) */
  skipEnd?: number;
  /** the test's planned number of updates (fastai's window starts at `floor(num_it/10)`), default `lrs.length` */
  plannedSteps?: number;
  /** fastai `slide`'s `lr_diff` (15), `thresh` (0.005) and `adjust_value` (1) */
  slide?: { lrDiff?: number; thresh?: number; adjustValue?: number };
}

export interface RangeTestAnalysis {
  /** the smoothed losses up to and including `stopIndex` */
  smoothed: number[];
  /** index of the last point used (the diverging point itself is kept, a non-finite one is not) */
  stopIndex: number;
  diverged: boolean;
  /** why the test stopped early; absent when it did not */
  reason?: 'loss-above-k-best' | 'non-finite';
  /** lowest smoothed loss and its index */
  best: { loss: number; index: number; lr: number };
  suggestions: RangeSuggestion[];
  /** suggestions that could not be computed, with the reason (too few points, ...) */
  unavailable: UnavailableSuggestion[];
  recommended: { lr: number; method: SuggestionMethod; reason: string };
}

function checkArrays(lrs: readonly number[], losses: readonly number[]): void {
  if (!Array.isArray(lrs) || !Array.isArray(losses)) throw new TypeError('lrs and losses must be arrays of numbers');
  if (lrs.length !== losses.length) throw new RangeError(`lrs and losses must have the same length, got ${lrs.length} and ${losses.length}`);
  if (lrs.length < 2) throw new RangeError(`a range test needs at least 2 points, got ${lrs.length}`);
  for (let i = 0; i < lrs.length; i++) {
    const lr = lrs[i];
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) throw new RangeError(`lrs[${i}] must be a positive finite number, got ${String(lr)}`);
    if (i > 0 && !(lr > lrs[i - 1])) throw new RangeError(`lrs must be strictly increasing, but lrs[${i}] = ${lr} follows ${lrs[i - 1]}`);
    if (typeof losses[i] !== 'number') throw new TypeError(`losses[${i}] must be a number, got ${typeof losses[i]}`);
  }
}

/**
 * Smooths the losses and finds where the test stopped: the first non-finite loss (dropped) or the
 * first point whose smoothed loss exceeds `divergeFactor × best smoothed so far` (kept, as both peers
 * record it). The k×best rule needs a positive best loss; while the best is <= 0 it does not apply.
 */
export function smoothRangeTestLosses(
  losses: readonly number[],
  smoothing: RangeTestSmoothing,
  divergeFactor: number,
): { smoothed: number[]; stopIndex: number; reason?: 'loss-above-k-best' | 'non-finite' } {
  const options = { smoothing, divergeFactor };
  resolveMonitorOptions(options);
  const smoothed: number[] = [];
  let state = rangeTestMonitorInit();
  for (let i = 0; i < losses.length; i++) {
    state = rangeTestMonitorUpdate(state, losses[i], options);
    if (state.reason === 'non-finite') return { smoothed, stopIndex: i - 1, reason: 'non-finite' };
    smoothed.push(state.smoothed!);
    if (state.stop) return { smoothed, stopIndex: i, reason: state.reason };
  }
  return { smoothed, stopIndex: losses.length - 1 };
}

/**
 * Analyses an LR range test: smoothing, divergence, every peer's suggestion with its own skip
 * rules, and one recommendation with the reason. Never returns NaN: a curve too short for a method
 * lists it under `unavailable`; a test with fewer than two usable points throws a RangeError.
 */
export function analyzeRangeTest(options: RangeTestOptions): RangeTestAnalysis {
  const { lrs, losses, preset = 'fastai' } = options;
  checkArrays(lrs, losses);
  const planned = options.plannedSteps ?? lrs.length;
  if (!Number.isSafeInteger(planned) || planned < 1) throw new RangeError(`plannedSteps must be a positive integer, got ${String(planned)}`);
  const slide = options.slide ?? {};
  for (const key of ['thresh', 'adjustValue'] as const) {
    const v = slide[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && (key === 'thresh' ? v >= 0 : v > 0))) {
      throw new RangeError(`slide.${key} must be a ${key === 'thresh' ? 'non-negative' : 'positive'} finite number, got ${String(v)}`);
    }
  }
  const { smoothing, divergeFactor } = resolveMonitorOptions({ preset, smoothing: options.smoothing, divergeFactor: options.divergeFactor });
  const { smoothed, stopIndex, reason } = smoothRangeTestLosses(losses, smoothing, divergeFactor);
  if (stopIndex < 1) {
    throw new RangeError(
      stopIndex < 0
        ? 'the first loss of the range test is not finite: nothing to analyse (check the model and the smallest learning rate)'
        : 'the range test has only one usable point before the loss stopped being finite: lower minLr or check the model',
    );
  }
  const used = lrs.slice(0, stopIndex + 1);
  let bestIndex = 0;
  for (let i = 1; i < smoothed.length; i++) if (smoothed[i] < smoothed[bestIndex]) bestIndex = i;
  const { suggestions, unavailable } = rangeSuggestions(used, smoothed, {
    plannedSteps: planned,
    skipStart: options.skipStart,
    skipEnd: options.skipEnd,
    slide: options.slide,
  });
  return {
    smoothed,
    stopIndex,
    diverged: reason !== undefined,
    ...(reason !== undefined ? { reason } : {}),
    best: { loss: smoothed[bestIndex], index: bestIndex, lr: used[bestIndex] },
    suggestions,
    unavailable,
    recommended: recommend(used, smoothed, suggestions, reason, lrs.length),
  };
}

function recommend(
  lrs: readonly number[],
  smoothed: readonly number[],
  suggestions: readonly RangeSuggestion[],
  reason: RangeTestAnalysis['reason'],
  total: number,
): RangeTestAnalysis['recommended'] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of smoothed) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const flat = hi - lo <= 1e-9 * Math.max(Math.abs(hi), Math.abs(lo), 1e-300);
  const byMethod = (m: SuggestionMethod) => suggestions.find((s) => s.method === m);
  const pick = byMethod('valley') ?? byMethod('steepest') ?? byMethod('steepestByIndex') ?? byMethod('minimum');
  const note = reason === 'non-finite' ? ' The loss became non-finite; the analysis stops before that point.' : '';
  if (flat) {
    const flatReason = `The loss did not change over the range (${lo}): no learning rate in it makes progress, so any suggestion is arbitrary; widen the range upwards.${note}`;
    return pick ? { lr: pick.lr, method: pick.method, reason: flatReason } : { lr: lrs[0], method: 'minimum', reason: flatReason };
  }
  if (pick === undefined) {
    let i = 0;
    for (let j = 1; j < smoothed.length; j++) if (smoothed[j] < smoothed[i]) i = j;
    return {
      lr: lrs[i] / 10,
      method: 'minimum',
      reason: `Only ${smoothed.length} usable point(s) of ${total}: too few for the peers' windows, so this is the learning rate at the lowest loss divided by 10.${note}`,
    };
  }
  const why: Record<SuggestionMethod, string> = {
    valley: "fastai's default: two thirds of the way down the longest valley of the loss curve.",
    steepest: 'where the loss falls fastest per unit of log learning rate (no valley found).',
    steepestByIndex: 'where the loss falls fastest per test step (pytorch-lr-finder).',
    minimum: 'one tenth of the learning rate at the lowest loss.',
    slide: 'the interval slide rule.',
  };
  return { lr: pick.lr, method: pick.method, reason: `${why[pick.method]}${note}` };
}

/** One run of a weight-decay sweep: a range test at a fixed weight decay. */
export interface WeightDecayRun {
  weightDecay: number;
  lrs: readonly number[];
  losses: readonly number[];
}

export interface WeightDecaySweepResult {
  /** the run whose smoothed loss went lowest, with its recommended lr */
  best: { lr: number; weightDecay: number; loss: number };
  perRun: Array<{ weightDecay: number; minLoss: number; minLossLr: number; analysis: RangeTestAnalysis }>;
}

/**
 * A 2-D sweep (Smith 2018, "A disciplined approach...", §4): one range test per weight decay. The
 * best weight decay is the run whose smoothed loss reaches the lowest value; the lr is that run's
 * recommended lr. Runs whose analysis fails (no usable points) are reported by the thrown error.
 */
export function analyzeWeightDecaySweep(
  runs: readonly WeightDecayRun[],
  options: Omit<RangeTestOptions, 'lrs' | 'losses'> = {},
): WeightDecaySweepResult {
  if (!Array.isArray(runs) || runs.length === 0) throw new RangeError('analyzeWeightDecaySweep needs at least one run');
  const perRun = runs.map((run, i) => {
    if (typeof run.weightDecay !== 'number' || !Number.isFinite(run.weightDecay) || run.weightDecay < 0) {
      throw new RangeError(`runs[${i}].weightDecay must be a non-negative number, got ${String(run.weightDecay)}`);
    }
    let analysis: RangeTestAnalysis;
    try {
      analysis = analyzeRangeTest({ ...options, lrs: run.lrs, losses: run.losses });
    } catch (error) {
      throw new RangeError(`runs[${i}] (weightDecay ${run.weightDecay}): ${(error as Error).message}`);
    }
    return { weightDecay: run.weightDecay, minLoss: analysis.best.loss, minLossLr: analysis.best.lr, analysis };
  });
  let b = perRun[0];
  for (const r of perRun) if (r.minLoss < b.minLoss) b = r;
  return { best: { lr: b.analysis.recommended.lr, weightDecay: b.weightDecay, loss: b.minLoss }, perRun };
}
