import type { Schedule } from '../spec.js';
import { formatReceived } from '../base/errors.js';
import { sealSchedule } from '../validate/parse.js';

export interface RangeTestScheduleOptions {
  /** learning rate of the first point, > 0 */
  minLr: number;
  /** learning rate of the last point, exactly; > minLr */
  maxLr: number;
  /** number of learning rates tried (points), >= 2 */
  steps: number;
  /** 'exp' (default): `minLr·(maxLr/minLr)^(i/(steps-1))`; 'linear': evenly spaced */
  mode?: 'exp' | 'linear';
  /**
   * updates each learning rate is held for (keras_one_cycle_clr's `batches_per_step`), default 1;
   * the test then takes `steps·holdSteps` updates: average the losses per point with `meanLossPerLr`
   */
  holdSteps?: number;
}

const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
const integer = (min: number) => (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** An option, what it must be, and its check. */
export type OptionCheck = readonly [key: string, expected: string, ok: (v: unknown) => boolean];

/** The sweep's fields (shared with the range test run's options). */
const SWEEP_FIELDS: readonly OptionCheck[] = [
  ['minLr', 'a positive finite number', positive],
  ['maxLr', 'a positive finite number', positive],
  ['steps', 'an integer >= 2', integer(2)],
  ['mode', '"exp" or "linear"', (v) => v === 'exp' || v === 'linear'],
  ['holdSteps', 'an integer >= 1', integer(1)],
];

/**
 * Every problem with the sweep's fields (`minLr`, `maxLr`, `steps`, `mode`, `holdSteps`) and the
 * `more` checks, one sentence each naming the field, the value and what was expected. With
 * `required`, `minLr`, `maxLr` and `steps` must be there; without, a missing one takes `defaults`.
 */
export function sweepIssues(options: object, required: boolean, defaults: Partial<RangeTestScheduleOptions> = {}, more: readonly OptionCheck[] = []): string[] {
  const o = options as Record<string, unknown>;
  const issues: string[] = [];
  [...SWEEP_FIELDS, ...more].forEach(([key, expected, ok], i) => {
    const v = o[key];
    // minLr, maxLr and steps (the first three) may be required
    if (v === undefined ? required && i < 3 : !ok(v)) issues.push(`${key} must be ${expected}, got ${formatReceived(v)}`);
  });
  const minLr = (o.minLr ?? defaults.minLr) as number;
  const maxLr = (o.maxLr ?? defaults.maxLr) as number;
  if (issues.length === 0 && !(maxLr > minLr)) issues.push(`maxLr must be greater than minLr (${minLr}), got ${maxLr}`);
  return issues;
}

/**
 * The LR range test schedule: `minLr` at t = 0, exactly `maxLr` at the last point (and after).
 * 'exp' is pytorch-lr-finder's `start·(end/start)^(i/(N-1))`, as a `join` of an `exponential` over
 * `steps - 1` steps (bounded by `max: maxLr`) and a `constant` holding `maxLr`, so the last value
 * is `maxLr` bit for bit (the product `min·(max/min)` is not always). 'linear' is a `linear` spec
 * over `steps - 1` steps. With `holdSteps: k` each point is held for k updates (an exponential
 * staircase, or piecewise-constant levels for 'linear'); the last point starts at `(steps - 1)·k`.
 * (fastai's `lr_find` uses `i/N`, never quite reaching its end; build that with `exponential` directly.)
 */
export function rangeTestSchedule(options: RangeTestScheduleOptions): Schedule {
  const issues = sweepIssues(options, true);
  if (issues.length > 0) throw new RangeError(issues.join('; '));
  const { minLr, maxLr, steps, mode = 'exp', holdSteps = 1 } = options;
  const k = holdSteps;
  if (mode === 'linear') {
    if (k === 1) return sealSchedule({ type: 'linear', from: minLr, to: maxLr, steps: steps - 1 });
    const values = Array.from({ length: steps }, (_, i) => (i === steps - 1 ? maxLr : minLr + (maxLr - minLr) * (i / (steps - 1))));
    return sealSchedule({ type: 'piecewiseConstant', boundaries: values.slice(1).map((_, i) => (i + 1) * k), values });
  }
  const exp: Schedule = k === 1
    ? { type: 'exponential', from: minLr, decay: maxLr / minLr, steps: steps - 1, max: maxLr }
    : { type: 'exponential', from: minLr, decay: (maxLr / minLr) ** (1 / (steps - 1)), steps: k, staircase: true, max: maxLr };
  return sealSchedule({
    type: 'join',
    parts: [
      { schedule: exp, steps: (steps - 1) * k },
      { schedule: { type: 'constant', value: maxLr } },
    ],
  });
}

/**
 * Averages the losses of consecutive updates that used the same learning rate (a range test with
 * `holdSteps`, as keras_one_cycle_clr's LrRangeTest averages each lr's batches). A non-finite loss
 * makes its point's mean non-finite, which the analysis treats as divergence.
 */
export function meanLossPerLr(lrs: readonly number[], losses: readonly number[]): { lrs: number[]; losses: number[] } {
  if (lrs.length !== losses.length) throw new RangeError(`lrs and losses must have the same length, got ${lrs.length} and ${losses.length}`);
  const outLrs: number[] = [];
  const outLosses: number[] = [];
  let sum = 0;
  let count = 0;
  for (let i = 0; i < lrs.length; i++) {
    if (i > 0 && lrs[i] !== lrs[i - 1]) {
      outLrs.push(lrs[i - 1]);
      outLosses.push(sum / count);
      sum = 0;
      count = 0;
    }
    sum += losses[i];
    count += 1;
  }
  if (count > 0) {
    outLrs.push(lrs[lrs.length - 1]);
    outLosses.push(sum / count);
  }
  return { lrs: outLrs, losses: outLosses };
}
