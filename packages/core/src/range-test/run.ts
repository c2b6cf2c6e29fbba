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
import { escapeText, formatReceived as shown } from '../base/errors.js';
import type { Schedule } from '../spec.js';
import { analyzeRangeTest, type RangeTestAnalysis, type RangeTestOptions } from './analyze.js';
import { rangeTestMonitorInit, rangeTestMonitorUpdate, type RangeTestMonitorState } from './monitor.js';
import { rangeTestSchedule } from './schedule.js';

/** The analysis options of a range test run (`plannedSteps` is the run's `steps`). */
export type RangeTestAnalysisOptions = Omit<RangeTestOptions, 'lrs' | 'losses' | 'plannedSteps'>;

/** What stops a run between updates: an `AbortSignal` fits. */
export interface RangeTestSignal {
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
  /** stops the test between updates; the adapter restores the model and rejects with `signal.reason` */
  signal?: RangeTestSignal;
}

export const RANGE_TEST_RUN_DEFAULTS = { minLr: 1e-7, maxLr: 10, steps: 100, mode: 'exp', holdSteps: 1, stopOnDivergence: true } as const;

/** The option names of `RangeTestRunOptions` (adapters accept these plus their own). */
export const RANGE_TEST_RUN_KEYS: readonly string[] = [...Object.keys(RANGE_TEST_RUN_DEFAULTS), 'analysis', 'signal'];

const ANALYSIS_KEYS = ['preset', 'smoothing', 'divergeFactor', 'skipStart', 'skipEnd', 'slide'];

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
  const o = options as Record<string, unknown>;
  const issues: string[] = [];
  const positive = (key: string) => {
    const v = o[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) issues.push(`${key} must be a positive finite number, got ${shown(v)}`);
  };
  positive('minLr');
  positive('maxLr');
  for (const key of ['steps', 'holdSteps']) {
    const v = o[key];
    const min = key === 'steps' ? 2 : 1;
    if (v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= min)) issues.push(`${key} must be an integer >= ${min}, got ${shown(v)}`);
  }
  if (o.mode !== undefined && o.mode !== 'exp' && o.mode !== 'linear') issues.push(`mode must be "exp" or "linear", got ${shown(o.mode)}`);
  if (o.stopOnDivergence !== undefined && typeof o.stopOnDivergence !== 'boolean') issues.push(`stopOnDivergence must be true or false, got ${shown(o.stopOnDivergence)}`);
  const signal = o.signal as { aborted?: unknown } | undefined;
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && typeof signal.aborted === 'boolean')) issues.push(`signal must be an AbortSignal, got ${shown(signal)}`);
  if (issues.length === 0) {
    const minLr = (o.minLr as number | undefined) ?? RANGE_TEST_RUN_DEFAULTS.minLr;
    const maxLr = (o.maxLr as number | undefined) ?? RANGE_TEST_RUN_DEFAULTS.maxLr;
    if (!(maxLr > minLr)) issues.push(`maxLr must be greater than minLr (${minLr}${o.minLr === undefined ? ', the default' : ''}), got ${maxLr}${o.maxLr === undefined ? ' (the default)' : ''}`);
  }
  const analysis = o.analysis;
  if (analysis !== undefined) {
    if (typeof analysis !== 'object' || analysis === null || Array.isArray(analysis)) issues.push(`analysis must be an object of analyzeRangeTest options, got ${shown(analysis)}`);
    else {
      const unknown = Object.keys(analysis).filter((key) => !ANALYSIS_KEYS.includes(key));
      for (const key of unknown) issues.push(`analysis.${escapeText(key)} is not an analysis option (analysis takes ${ANALYSIS_KEYS.join(', ')})`);
      if (unknown.length === 0) {
        // the analysis options are checked now, not after the test: a dry run on a three-point curve
        try {
          analyzeRangeTest({ ...(analysis as RangeTestAnalysisOptions), lrs: [1, 2, 3], losses: [1, 1, 1], plannedSteps: 3 });
        } catch (error) {
          issues.push(`analysis.${(error as Error).message}`);
        }
      }
    }
  }
  return issues;
}

/** The plan for `options` (defaults filled in); a RangeError listing every problem otherwise. */
export function planRangeTest(options: RangeTestRunOptions = {}): RangeTestPlan {
  const issues = rangeTestRunIssues(options);
  if (issues.length > 0) throw new RangeError(`invalid range test options:\n${issues.map((i) => `✖ ${i}`).join('\n')}`);
  const d = RANGE_TEST_RUN_DEFAULTS;
  const plan = {
    minLr: options.minLr ?? d.minLr,
    maxLr: options.maxLr ?? d.maxLr,
    steps: options.steps ?? d.steps,
    mode: options.mode ?? d.mode,
    holdSteps: options.holdSteps ?? d.holdSteps,
    stopOnDivergence: options.stopOnDivergence ?? d.stopOnDivergence,
    analysis: { ...options.analysis },
  };
  return { ...plan, updates: plan.steps * plan.holdSteps, schedule: rangeTestSchedule(plan) };
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
  readonly stop?: RangeTestStop;
}

export function rangeTestRunInit(): RangeTestRunState {
  return { updates: 0, pointSum: 0, monitor: rangeTestMonitorInit() };
}

/** Feeds the raw loss of one update. Pure: returns the next state. */
export function rangeTestRunUpdate(plan: RangeTestPlan, state: RangeTestRunState, loss: number): RangeTestRunState {
  if (state.stop !== undefined) return state;
  if (typeof loss !== 'number') throw new TypeError(`loss must be a number, got ${typeof loss}`);
  const updates = state.updates + 1;
  if (!Number.isFinite(loss)) return { ...state, updates, stop: 'non-finite' };
  const pointSum = state.pointSum + loss;
  if (updates % plan.holdSteps !== 0) return { ...state, updates, pointSum };
  let monitor = state.monitor;
  if (plan.stopOnDivergence) {
    const { preset, smoothing, divergeFactor } = plan.analysis;
    monitor = rangeTestMonitorUpdate(monitor, pointSum / plan.holdSteps, { preset, smoothing, divergeFactor });
  }
  const stop: RangeTestStop | undefined = monitor.stop ? 'loss-above-k-best' : updates >= plan.updates ? 'complete' : undefined;
  return { updates, pointSum: 0, monitor, ...(stop === undefined ? {} : { stop }) };
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
 * The result from the per-update learning rates and losses an adapter recorded (the same length):
 * point means, and core's `analyzeRangeTest` on them (`plannedSteps` = `steps`). Throws the
 * analysis' RangeError when fewer than two points are usable.
 */
export function rangeTestRunResult(plan: RangeTestPlan, lrs: readonly number[], losses: readonly number[], state: RangeTestRunState): RangeTestRunResult {
  if (lrs.length !== losses.length) throw new RangeError(`lrs and losses must have the same length, got ${lrs.length} and ${losses.length}`);
  const k = plan.holdSteps;
  const pointLrs: number[] = [];
  const pointLosses: number[] = [];
  for (let start = 0; start < lrs.length; start += k) {
    const end = Math.min(start + k, lrs.length);
    let sum = 0;
    for (let i = start; i < end; i++) sum += losses[i];
    pointLrs.push(lrs[start]);
    pointLosses.push(sum / (end - start));
  }
  if (pointLrs.length < 2) {
    const why = state.stop === 'non-finite' ? `the loss was not finite at update ${lrs.length - 1}` : `only ${lrs.length} update(s) were recorded`;
    throw new RangeError(`the range test stopped at its first learning rate (${why}): nothing to analyse; lower minLr or check the model and the data`);
  }
  const early = lrs.length < plan.updates && (state.stop === 'non-finite' || state.stop === 'loss-above-k-best') ? state.stop : undefined;
  const analysis = analyzeRangeTest({ ...plan.analysis, lrs: pointLrs, losses: pointLosses, plannedSteps: plan.steps });
  return { lrs: pointLrs, losses: pointLosses, updates: lrs.length, stoppedEarly: early !== undefined, ...(early === undefined ? {} : { reason: early }), analysis };
}
