/**
 * One LR range test, as every adapter runs it: the options they all take (with their defaults and
 * checks), the plan those options resolve to, a pure reducer over the raw losses that says when to
 * stop, and the result built from the recorded losses. The adapters own the loop (train one batch,
 * feed its loss here); everything they must agree on lives here.
 *
 * Rules:
 * - `steps` learning rates from `minLr` to exactly `maxLr` (`rangeTestSchedule`), each held for
 *   `holdSteps` updates (keras_one_cycle_clr's `batches_per_step`): `steps·holdSteps` updates.
 * - The loss of a point is the mean of its updates' losses (keras_one_cycle_clr).
 * - A non-finite loss stops the test at once. With `stopOnDivergence` (default) the point means go
 *   through `rangeTestMonitorUpdate` with the analysis' smoothing and `divergeFactor`, and the first
 *   point above `divergeFactor × best` stops it (so the live stop and `analysis.diverged` agree).
 * - When the data runs out before the last update, adapters start it again (fastai, pytorch-lr-finder
 *   and keras_one_cycle_clr do the same): a test always runs its planned updates unless it stops.
 */
import type { Schedule } from '../spec.js';
import { analyzeRangeTest, type RangeTestAnalysis, type RangeTestOptions } from './analyze.js';
import { rangeTestMonitorInit, rangeTestMonitorUpdate, type RangeTestMonitorState } from './monitor.js';
import { meanLossPerLr, rangeTestSchedule, sweepIssues, type OptionCheck } from './schedule.js';

/** The analysis options of a range test run (`plannedSteps` is the run's `steps`). */
export type RangeTestAnalysisOptions = Omit<RangeTestOptions, 'lrs' | 'losses' | 'plannedSteps'>;

/** What stops a run between updates: an `AbortSignal` fits. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** The options every adapter's range test takes; the adapters add their own (model, data, ...). */
export interface RangeTestRunOptions {
  /** learning rate of the first point, default 1e-7 (fastai's `start_lr`) */
  minLr?: number;
  /** learning rate of the last point, exactly; default 10 (fastai's `end_lr`, pytorch-lr-finder's) */
  maxLr?: number;
  /** number of learning rates tried, >= 2; default 100 (fastai's `num_it`) */
  steps?: number;
  /** 'exp' (default) or 'linear' spacing */
  mode?: 'exp' | 'linear';
  /** updates each learning rate is held for, their mean loss recorded (keras_one_cycle_clr's `batches_per_step`); default 1 */
  holdSteps?: number;
  /** stop at the first point whose smoothed loss is above `analysis.divergeFactor × best` (default true); a non-finite loss always stops */
  stopOnDivergence?: boolean;
  /** core's `analyzeRangeTest` options: preset, smoothing, divergeFactor, skipStart, skipEnd, slide */
  analysis?: RangeTestAnalysisOptions;
  /**
   * stops the test between updates (once `signal.aborted` is true); the adapter restores the model
   * and rejects with `signal.reason`
   */
  signal?: AbortSignalLike;
}

export const RANGE_TEST_RUN_DEFAULTS = { minLr: 1e-7, maxLr: 10, steps: 100, mode: 'exp', holdSteps: 1, stopOnDivergence: true } as const;

/** The option names of `RangeTestRunOptions` (adapters accept these plus their own). */
export const RANGE_TEST_RUN_KEYS: readonly string[] = [...Object.keys(RANGE_TEST_RUN_DEFAULTS), 'analysis', 'signal'];

const RUN_FIELDS: readonly OptionCheck[] = [
  ['stopOnDivergence', 'true or false', (v) => typeof v === 'boolean'],
  ['analysis', 'an object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v)],
];

/** A resolved run: every option with its default, and the sweep. */
export interface RangeTestPlan {
  readonly minLr: number;
  readonly maxLr: number;
  readonly steps: number;
  readonly mode: 'exp' | 'linear';
  readonly holdSteps: number;
  readonly stopOnDivergence: boolean;
  readonly analysis: RangeTestAnalysisOptions;
  /** `steps · holdSteps` */
  readonly updates: number;
  /** core's `rangeTestSchedule` for these options (sealed): the learning rate of update `u` is its value at `u` */
  readonly schedule: Schedule;
}


/**
 * Every problem with the shared options, one sentence each naming the option, the value and what
 * was expected (`steps must be an integer >= 2, got 1.5`). Keys outside `RANGE_TEST_RUN_KEYS` are
 * the adapter's to check. Empty when the options are valid.
 */
export function rangeTestRunIssues(options: RangeTestRunOptions): string[] {
  const issues = sweepIssues(options, false, RANGE_TEST_RUN_DEFAULTS, RUN_FIELDS);
  const analysis = (options as { analysis?: object }).analysis;
  // the analysis options are checked now, not after the test: a dry run on a three-point curve
  try {
    if (analysis !== undefined && issues.length === 0) analyzeRangeTest({ ...analysis, lrs: [1, 2, 3], losses: [1, 1, 1], plannedSteps: 3 });
  } catch (error) {
    issues.push(`analysis.${(error as Error).message}`);
  }
  return issues;
}

/** The plan for `options` (defaults filled in); a RangeError naming every problem otherwise. */
export function planRangeTest(options: RangeTestRunOptions = {}): RangeTestPlan {
  const issues = rangeTestRunIssues(options);
  if (issues.length > 0) throw new RangeError(issues.join('; '));
  const plan: Record<string, unknown> = { analysis: { ...options.analysis } };
  for (const [key, value] of Object.entries(RANGE_TEST_RUN_DEFAULTS)) plan[key] = (options as Record<string, unknown>)[key] ?? value;
  const p = plan as Omit<RangeTestPlan, 'updates' | 'schedule'>;
  return { ...p, updates: p.steps * p.holdSteps, schedule: rangeTestSchedule(p) };
}

/** Why a run stopped: it ran every update, or stopped early. */
export type RangeTestStop = 'complete' | 'non-finite' | 'loss-above-k-best';

/** The reducer's state (plain JSON). */
export interface RangeTestRunState {
  /** updates recorded so far */
  readonly updates: number;
  /** sum of the losses of the point being recorded */
  readonly pointSum: number;
  /** the monitor over the point means */
  readonly monitor: RangeTestMonitorState;
  /** set once the run should stop; further losses are ignored */
  readonly stop?: RangeTestStop | undefined;
}

export function rangeTestRunInit(): RangeTestRunState {
  return { updates: 0, pointSum: 0, monitor: rangeTestMonitorInit() };
}

/** Feeds the raw loss of one update (anything but a finite number stops the run as non-finite). Pure: returns the next state. */
export function rangeTestRunUpdate(plan: RangeTestPlan, state: RangeTestRunState, loss: number): RangeTestRunState {
  if (state.stop !== undefined) return state;
  const updates = state.updates + 1;
  let { pointSum, monitor } = state;
  let stop: RangeTestStop | undefined;
  if (!Number.isFinite(loss)) stop = 'non-finite';
  else {
    pointSum += loss;
    if (updates % plan.holdSteps === 0) {
      // a point is complete: its mean goes through the same monitor as analyzeRangeTest
      if (plan.stopOnDivergence) monitor = rangeTestMonitorUpdate(monitor, pointSum / plan.holdSteps, plan.analysis);
      pointSum = 0;
      stop = monitor.stop ? 'loss-above-k-best' : updates >= plan.updates ? 'complete' : undefined;
    }
  }
  return { updates, pointSum, monitor, stop };
}

/** A finished run. */
export interface RangeTestRunResult {
  /** the learning rate of each point, as applied (the first update's of the point) */
  lrs: number[];
  /** the mean loss of each point's updates */
  losses: number[];
  /** updates run */
  updates: number;
  /** the test stopped before its last update (divergence or a non-finite loss) */
  stoppedEarly: boolean;
  /** why it stopped early; absent when it ran every update */
  reason?: 'loss-above-k-best' | 'non-finite';
  analysis: RangeTestAnalysis;
}

/**
 * The result from the per-update learning rates and losses an adapter recorded (one each per update):
 * the mean loss of each learning rate (`meanLossPerLr`: consecutive updates at the same learning
 * rate, `holdSteps` of them), and core's `analyzeRangeTest` on them (`plannedSteps` = `steps`).
 * Throws the analysis' RangeError when fewer than two points are usable.
 */
export function rangeTestRunResult(plan: RangeTestPlan, lrs: readonly number[], losses: readonly number[], state: RangeTestRunState): RangeTestRunResult {
  const points = meanLossPerLr(lrs, losses);
  const early = lrs.length < plan.updates && state.stop !== 'complete' ? state.stop : undefined;
  const analysis = analyzeRangeTest({ ...plan.analysis, ...points, plannedSteps: plan.steps });
  return { ...points, updates: lrs.length, stoppedEarly: early !== undefined, ...(early === undefined ? {} : { reason: early }), analysis };
}
