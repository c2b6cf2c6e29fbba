/**
 * The live side of an LR range test, for adapters: a pure reducer over the raw losses that smooths
 * them and says when to stop. `analyzeRangeTest` replays the same rule over the recorded arrays.
 */

/** Loss smoothing: an exponential moving average. */
export interface RangeTestSmoothing {
  /**
   * weight kept from the running average, in [0, 1): fastai's `beta` 0.98; pytorch-lr-finder's
   * `smooth_f` 0.05 (the weight of the new loss) is factor 0.95; 0 turns smoothing off
   */
  factor: number;
  /**
   * true (fastai `AvgSmoothLoss`): start the average at 0 and divide by `1 - factor^(i+1)`;
   * false (pytorch-lr-finder): start it at the first loss
   */
  debias: boolean;
}

export interface RangeTestMonitorOptions {
  /** 'fastai' (default: debiased EMA 0.98, stop at 4×best) or 'pytorch-lr-finder' (EMA seeded with the first loss, factor 0.95, stop at 5×best) */
  preset?: 'fastai' | 'pytorch-lr-finder';
  smoothing?: RangeTestSmoothing;
  /** stop at the first smoothed loss above `divergeFactor × best` (needs a positive best) */
  divergeFactor?: number;
}

/** Plain JSON. */
export interface RangeTestMonitorState {
  /** losses seen */
  count: number;
  /** the running average (before debiasing) */
  average: number;
  /** the last smoothed loss, null before the first */
  smoothed: number | null;
  /** the lowest smoothed loss, null before the first */
  best: number | null;
  /** true once the test should stop; further losses are ignored */
  stop: boolean;
  reason?: 'loss-above-k-best' | 'non-finite';
}

export const RANGE_TEST_PRESETS = {
  fastai: { smoothing: { factor: 0.98, debias: true }, divergeFactor: 4 },
  'pytorch-lr-finder': { smoothing: { factor: 0.95, debias: false }, divergeFactor: 5 },
} as const;

/** Options with the preset's defaults filled in, checked. */
export function resolveMonitorOptions(options: RangeTestMonitorOptions): { smoothing: RangeTestSmoothing; divergeFactor: number } {
  const preset = options.preset ?? 'fastai';
  if (!Object.prototype.hasOwnProperty.call(RANGE_TEST_PRESETS, preset)) throw new RangeError(`preset must be "fastai" or "pytorch-lr-finder", got ${JSON.stringify(preset)}`);
  const smoothing = options.smoothing ?? RANGE_TEST_PRESETS[preset].smoothing;
  const divergeFactor = options.divergeFactor ?? RANGE_TEST_PRESETS[preset].divergeFactor;
  if (!(smoothing.factor >= 0 && smoothing.factor < 1)) throw new RangeError(`smoothing.factor must be in [0, 1), got ${String(smoothing.factor)}`);
  if (!(divergeFactor > 1) || !Number.isFinite(divergeFactor)) throw new RangeError(`divergeFactor must be a finite number > 1, got ${String(divergeFactor)}`);
  return { smoothing, divergeFactor };
}

export function rangeTestMonitorInit(): RangeTestMonitorState {
  return { count: 0, average: 0, smoothed: null, best: null, stop: false };
}

/**
 * Feeds one raw loss. Pure: returns a new state. A non-finite loss stops the test without becoming
 * part of the curve; a smoothed loss above `divergeFactor × best` stops it and is kept (both peers
 * record that point).
 */
export function rangeTestMonitorUpdate(state: RangeTestMonitorState, loss: number, options: RangeTestMonitorOptions = {}): RangeTestMonitorState {
  if (state.stop) return state;
  if (typeof loss !== 'number') throw new TypeError(`loss must be a number, got ${typeof loss}`);
  const { smoothing, divergeFactor } = resolveMonitorOptions(options);
  if (!Number.isFinite(loss)) return { ...state, stop: true, reason: 'non-finite' };
  const { factor, debias } = smoothing;
  const i = state.count;
  let average: number;
  let smoothed: number;
  if (debias) {
    average = loss + factor * (state.average - loss); // torch.lerp(loss, avg, beta), as fastai's AvgSmoothLoss
    smoothed = average / (1 - factor ** (i + 1));
  } else {
    average = i === 0 ? loss : (1 - factor) * loss + factor * state.average;
    smoothed = average;
  }
  const best = state.best === null || smoothed < state.best ? smoothed : state.best;
  const next: RangeTestMonitorState = { count: i + 1, average, smoothed, best, stop: false };
  // the k×best rule assumes positive losses (as both peers do); with best <= 0 it is off
  if (best > 0 && smoothed > divergeFactor * best) return { ...next, stop: true, reason: 'loss-above-k-best' };
  return next;
}
