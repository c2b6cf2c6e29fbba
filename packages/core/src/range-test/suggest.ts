/**
 * The peers' LR-finder suggestion rules as pure functions of (lrs, smoothed losses), each on its
 * peer's window:
 * - fastai `lr_find` (fastai/callback/schedule.py): `valley`, `steep` (here 'steepest'), `minimum`,
 *   `slide`, on `[floor(num_it/10) : -5]` of the recorded points.
 * - pytorch-lr-finder `LRFinder.plot` (torch_lr_finder/lr_finder.py): the steepest `np.gradient`
 *   by index (here 'steepestByIndex'), on `[skip_start=10 : -skip_end=5]`.
 */

export type SuggestionMethod = 'steepest' | 'steepestByIndex' | 'valley' | 'minimum' | 'slide';

/** A suggested learning rate and the index (into the analysed points) of the point it comes from. */
export interface RangeSuggestion {
  method: SuggestionMethod;
  lr: number;
  index: number;
}

export interface UnavailableSuggestion {
  method: SuggestionMethod;
  reason: string;
}

export interface SuggestionWindows {
  plannedSteps: number;
  skipStart?: number;
  skipEnd?: number;
  slide?: { lrDiff?: number; thresh?: number; adjustValue?: number };
}

/** `np.gradient` with unit spacing: one-sided differences at the ends, central inside (>= 2 points). */
export function gradientByIndex(values: readonly number[]): number[] {
  const n = values.length;
  const out = new Array<number>(n);
  out[0] = values[1] - values[0];
  out[n - 1] = values[n - 1] - values[n - 2];
  for (let i = 1; i < n - 1; i++) out[i] = (values[i + 1] - values[i - 1]) / 2;
  return out;
}

function argmin(values: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[k]) k = i;
  return k;
}

/** fastai `valley`: index (in the window) two thirds of the way down the longest valley. */
export function valleyIndex(losses: readonly number[]): number {
  const n = losses.length;
  let maxStart = 0;
  let maxEnd = 0;
  const lds = new Array<number>(n).fill(1);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i] < losses[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  const idx = maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
  // fastai indexes a tensor with idx; for a two-point window idx is -1, which Python reads from the end
  return idx < 0 ? idx + n : idx;
}

/** fastai `steep`: left point of the steepest forward difference in log lr. */
export function steepIndex(lrs: readonly number[], losses: readonly number[]): number {
  const grads: number[] = [];
  for (let i = 0; i + 1 < lrs.length; i++) grads.push((losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i])));
  return argmin(grads);
}

/** fastai `slide`: index of the lr it returns (before `adjustValue`). Needs more than `lrDiff` points. */
export function slideIndex(losses: readonly number[], lrDiff = 15, thresh = 0.005): number {
  const n = losses.length;
  const grad = gradientByIndex(losses);
  // Python's negative indices, written as offsets from the end
  let r = n - 1;
  let l = r - lrDiff;
  let found = l;
  while (l >= 0 && Math.abs(grad[r] - grad[l]) > thresh) {
    found = l;
    r -= 1;
    l -= 1;
  }
  return found;
}

/** Every suggestion that the data allow, each on its own peer's window. */
export function rangeSuggestions(
  lrs: readonly number[],
  losses: readonly number[],
  windows: SuggestionWindows,
): { suggestions: RangeSuggestion[]; unavailable: UnavailableSuggestion[] } {
  const n = lrs.length;
  const suggestions: RangeSuggestion[] = [];
  const unavailable: UnavailableSuggestion[] = [];
  const window = (start: number, end: number) => {
    const s = windows.skipStart ?? start;
    const e = n - (windows.skipEnd ?? end);
    for (const [name, v] of [['skipStart', s], ['skipEnd', windows.skipEnd ?? end]] as const) {
      if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${String(v)}`);
    }
    return { s, len: Math.max(0, e - s) };
  };
  const need = (method: SuggestionMethod, len: number, min: number, rule: string): boolean => {
    if (len >= min) return true;
    unavailable.push({ method, reason: `needs at least ${min} point(s) in its window (${rule}), has ${len}` });
    return false;
  };

  // fastai: [num_it // 10 : -5]
  const fa = window(Math.floor(windows.plannedSteps / 10), 5);
  const faRule = windows.skipStart === undefined && windows.skipEnd === undefined ? "fastai's window [num_it/10 : -5]" : 'the window after skipStart/skipEnd';
  const faLrs = lrs.slice(fa.s, fa.s + fa.len);
  const faLosses = losses.slice(fa.s, fa.s + fa.len);
  if (need('valley', fa.len, 1, faRule)) suggestions.push({ method: 'valley', lr: faLrs[valleyIndex(faLosses)], index: fa.s + valleyIndex(faLosses) });
  if (need('steepest', fa.len, 2, faRule)) {
    const i = steepIndex(faLrs, faLosses);
    suggestions.push({ method: 'steepest', lr: faLrs[i], index: fa.s + i });
  }
  if (need('minimum', fa.len, 1, faRule)) {
    const i = argmin(faLosses);
    suggestions.push({ method: 'minimum', lr: faLrs[i] / 10, index: fa.s + i });
  }
  const lrDiff = windows.slide?.lrDiff ?? 15;
  const thresh = windows.slide?.thresh ?? 0.005;
  const adjust = windows.slide?.adjustValue ?? 1;
  if (!Number.isSafeInteger(lrDiff) || lrDiff < 1) throw new RangeError(`slide.lrDiff must be a positive integer, got ${String(lrDiff)}`);
  if (need('slide', fa.len, Math.max(lrDiff + 1, 2), `${faRule}, lr_diff ${lrDiff}`)) {
    const i = slideIndex(faLosses, lrDiff, thresh);
    suggestions.push({ method: 'slide', lr: faLrs[i] * adjust, index: fa.s + i });
  }

  // pytorch-lr-finder: [skip_start=10 : -skip_end=5], np.gradient by index
  const pt = window(10, 5);
  const ptRule = windows.skipStart === undefined && windows.skipEnd === undefined ? "pytorch-lr-finder's window [10 : -5]" : 'the window after skipStart/skipEnd';
  if (need('steepestByIndex', pt.len, 2, ptRule)) {
    const i = argmin(gradientByIndex(losses.slice(pt.s, pt.s + pt.len)));
    suggestions.push({ method: 'steepestByIndex', lr: lrs[pt.s + i], index: pt.s + i });
  }
  return { suggestions, unavailable };
}
