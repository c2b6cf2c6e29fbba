import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeRangeTest, analyzeWeightDecaySweep, meanLossPerLr, parseSchedule, rangeTestMonitorInit, rangeTestMonitorUpdate, rangeTestSchedule, sample, valueAt, type RangeTestMonitorState } from '../index.js';
import { valleyIndex } from './suggest.js';

// ---------------------------------------------------------------- peer references (transliterated)
// Read from fastai/fastai fastai/callback/schedule.py (commit 0a049e8a90b86d70860f68072698245a1ee787ca:
// LRFinder, valley, slide, minimum, steep, lr_find) and davidtvs/pytorch-lr-finder
// torch_lr_finder/lr_finder.py (commit 00abb9079101da04867e49fa67b16396f45d9179: range_test, plot).

/** fastai `LRFinder` + `AvgSmoothLoss` (fastai/callback/schedule.py, fastai/learner.py): the recorded smoothed losses. */
function fastaiRecord(losses: number[], numIt: number, beta = 0.98): number[] {
  const out: number[] = [];
  let val = 0;
  let best = Infinity;
  for (let i = 0; i < losses.length; i++) {
    val = losses[i] + beta * (val - losses[i]); // torch.lerp(loss, val, beta)
    const smooth = val / (1 - beta ** (i + 1));
    out.push(smooth); // Recorder.after_batch records before LRFinder.after_batch checks
    if (smooth < best) best = smooth;
    if (smooth > 4 * best) break;
    if (i + 1 >= numIt) break;
  }
  return out;
}

/** fastai `valley`. */
function fastaiValley(lrs: number[], losses: number[]): [number, number] {
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
  let idx = maxStart + Math.floor(sections) + Math.floor(sections / 2);
  if (idx < 0) idx += n; // Python indexing
  return [lrs[idx], idx];
}

/** numpy `np.gradient` (unit spacing, edge_order 1). */
function npGradient(f: number[]): number[] {
  const n = f.length;
  return f.map((_, i) => (i === 0 ? f[1] - f[0] : i === n - 1 ? f[n - 1] - f[n - 2] : (f[i + 1] - f[i - 1]) / 2));
}

const argmin = (a: number[]) => a.reduce((k, v, i) => (v < a[k] ? i : k), 0);

/** fastai `slide` (returns the lr and the index it came from). */
function fastaiSlide(lrs: number[], losses: number[], lrDiff = 15, thresh = 0.005): [number, number] {
  const g = npGradient(losses);
  const n = losses.length;
  const at = (i: number) => (i < 0 ? n + i : i);
  let rIdx = -1;
  let lIdx = rIdx - lrDiff;
  let localMin = at(lIdx);
  while (lIdx >= -n && Math.abs(g[at(rIdx)] - g[at(lIdx)]) > thresh) {
    localMin = at(lIdx);
    rIdx -= 1;
    lIdx -= 1;
  }
  return [lrs[localMin], localMin];
}

/** fastai `minimum`. */
function fastaiMinimum(lrs: number[], losses: number[]): [number, number] {
  const i = argmin(losses);
  return [lrs[i] / 10, i];
}

/** fastai `steep`. */
function fastaiSteep(lrs: number[], losses: number[]): [number, number] {
  const grads = losses.slice(1).map((l, i) => (l - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i])));
  const i = argmin(grads);
  return [lrs[i], i];
}

/** pytorch-lr-finder `LRFinder.range_test` (torch_lr_finder/lr_finder.py): the recorded smoothed losses. */
function lrFinderRecord(losses: number[], smoothF = 0.05, divergeTh = 5): number[] {
  const history: number[] = [];
  let best = 0;
  for (let i = 0; i < losses.length; i++) {
    let loss = losses[i];
    if (i === 0) best = loss;
    else {
      if (smoothF > 0) loss = smoothF * loss + (1 - smoothF) * history[history.length - 1];
      if (loss < best) best = loss;
    }
    history.push(loss);
    if (loss > divergeTh * best) break;
  }
  return history;
}

/** pytorch-lr-finder `LRFinder.plot` suggestion: argmin of np.gradient on [skip_start : -skip_end]. */
function lrFinderSteepest(lrs: number[], losses: number[], skipStart = 10, skipEnd = 5): [number, number] {
  const l = losses.slice(skipStart, losses.length - skipEnd);
  const i = argmin(npGradient(l));
  return [lrs.slice(skipStart)[i], skipStart + i];
}

// ---------------------------------------------------------------- fixed curves

const N = 100;
/** pytorch-lr-finder's exponential lrs, 1e-7 → 10. */
const LRS = Array.from({ length: N }, (_, i) => 1e-7 * (10 / 1e-7) ** (i / (N - 1)));
/** A typical curve: flat, a valley around 1e-3..1e-2, divergence past 1e-1, with fixed wiggles. */
const CURVE = LRS.map((lr, i) => {
  const x = Math.log10(lr);
  return 2.3 - 1.6 / (1 + Math.exp(-2.2 * (x + 3.2))) + 0.05 * Math.exp(4 * (x + 1)) + 0.03 * Math.sin(i * 1.7);
});

function expectClose(actual: number[], expected: number[], rel = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(rel * Math.abs(expected[i])));
}

describe('rangeTestSchedule', () => {
  it('reaches maxLr exactly at the last step and holds it', () => {
    for (const steps of [2, 3, 100, 137, 1000]) {
      const spec = rangeTestSchedule({ minLr: 1e-7, maxLr: 10, steps });
      expect(parseSchedule(spec)).toEqual(spec);
      expect(valueAt(spec, 0)).toBe(1e-7);
      expect(valueAt(spec, steps - 1)).toBe(10);
      expect(valueAt(spec, steps + 5)).toBe(10);
    }
    const lin = rangeTestSchedule({ minLr: 1e-4, maxLr: 1, steps: 11, mode: 'linear' });
    expect(valueAt(lin, 0)).toBe(1e-4);
    expect(valueAt(lin, 10)).toBe(1);
  });

  it("follows pytorch-lr-finder's start·(end/start)^(i/(N-1)) in between", () => {
    const got = Array.from(sample(rangeTestSchedule({ minLr: 1e-7, maxLr: 10, steps: N }), { count: N - 1 }));
    expectClose(got, LRS.slice(0, N - 1), 1e-13);
  });

  it("follows pytorch-lr-finder's LinearLR base + i/(N-1)·(end - base) in linear mode", () => {
    const got = Array.from(sample(rangeTestSchedule({ minLr: 1e-3, maxLr: 1, steps: 50, mode: 'linear' }), { count: 50 }));
    expectClose(got, Array.from({ length: 50 }, (_, i) => 1e-3 + (i / 49) * (1 - 1e-3)), 1e-15);
  });

  it('is strictly increasing (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.double({ min: 1.001, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 400 }), (minLr, k, steps) => {
        const values = Array.from(sample(rangeTestSchedule({ minLr, maxLr: minLr * k, steps }), { count: steps }));
        for (let i = 1; i < steps; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
        expect(values[steps - 1]).toBe(minLr * k);
      }),
      { numRuns: 100 },
    );
  });

  it('holds each learning rate for holdSteps updates, ending exactly at maxLr', () => {
    const spec = rangeTestSchedule({ minLr: 1e-4, maxLr: 1, steps: 5, holdSteps: 3 });
    expect(parseSchedule(spec)).toEqual(spec);
    const values = Array.from(sample(spec, { count: 16 }));
    const levels = [1e-4, 1e-3, 1e-2, 1e-1, 1];
    values.slice(0, 15).forEach((v, t) => expect(Math.abs(v - levels[Math.floor(t / 3)])).toBeLessThanOrEqual(1e-15 * levels[Math.floor(t / 3)]));
    expect(values.slice(12)).toEqual([1, 1, 1, 1]);
    const lin = rangeTestSchedule({ minLr: 0.1, maxLr: 0.5, steps: 5, holdSteps: 2, mode: 'linear' });
    expect(Array.from(sample(lin, { count: 11 }))).toEqual([0.1, 0.1, 0.2, 0.2, 0.30000000000000004, 0.30000000000000004, 0.4, 0.4, 0.5, 0.5, 0.5]);
  });

  it('returns a sealed spec: frozen, and a JSON copy gives the same values', () => {
    const spec = rangeTestSchedule({ minLr: 1e-7, maxLr: 10, steps: 100, holdSteps: 2 });
    expect(Object.isFrozen(spec)).toBe(true);
    const copy = JSON.parse(JSON.stringify(spec));
    for (const t of [0, 1, 2, 57, 197, 198, 199, 1e6]) expect(valueAt(copy, t)).toBe(valueAt(spec, t));
  });

  it('rejects impossible ranges with a clear error', () => {
    expect(() => rangeTestSchedule({ minLr: 1e-3, maxLr: 1, steps: 10, holdSteps: 0 })).toThrow('holdSteps must be an integer >= 1, got 0');
    expect(() => rangeTestSchedule({ minLr: 0, maxLr: 1, steps: 10 })).toThrow('minLr must be a positive finite number, got 0');
    expect(() => rangeTestSchedule({ minLr: 1, maxLr: 1, steps: 10 })).toThrow(/greater than minLr/);
    expect(() => rangeTestSchedule({ minLr: 1e-3, maxLr: 1, steps: 1 })).toThrow(/steps must be an integer >= 2/);
  });
});

describe('analyzeRangeTest against fastai lr_find', () => {
  it("finds fastai's valley on curves worked by hand", () => {
    // longest strictly decreasing run ending at each point: 1 2 1 3 4 4 5 1, so the valley ends
    // at index 6 (length 5) and fastai puts its start at 6 - 5 = 1; sections = 5/3, and the
    // answer is 1 + ⌊5/3⌋ + ⌊5/6⌋ = 2
    expect(valleyIndex([5, 4, 6, 3, 2, 2.5, 1, 7])).toBe(2);
    // two points going down: start 1 - 2 = -1, sections 2/3, idx -1, which Python reads as the last
    expect(valleyIndex([2, 1])).toBe(1);
    // never going down: every run has length 1, start = end = 0
    expect(valleyIndex([1, 2, 3])).toBe(0);
  });

  it('smooths, stops and suggests exactly as fastai does', () => {
    const recorded = fastaiRecord(CURVE, N);
    const a = analyzeRangeTest({ lrs: LRS, losses: CURVE, preset: 'fastai' });
    expectClose(a.smoothed, recorded);
    expect(a.stopIndex).toBe(recorded.length - 1);
    expect(a.diverged).toBe(true);
    expect(a.reason).toBe('loss-above-k-best');
    // lr_find's window: recorded[num_it // 10 : -5]
    const s = Math.floor(N / 10);
    const wLrs = LRS.slice(s, recorded.length - 5);
    const wLosses = recorded.slice(s, recorded.length - 5);
    const expected = {
      valley: fastaiValley(wLrs, wLosses),
      steepest: fastaiSteep(wLrs, wLosses),
      minimum: fastaiMinimum(wLrs, wLosses),
      slide: fastaiSlide(wLrs, wLosses),
    };
    for (const [method, [lr, idx]] of Object.entries(expected)) {
      const got = a.suggestions.find((x) => x.method === method);
      expect(got, method).toEqual({ method, lr, index: s + idx });
    }
    expect(a.recommended).toMatchObject({ method: 'valley', lr: expected.valley[0] });
    // the valley sits in the descending part of the curve, before the minimum
    expect(expected.valley[0]).toBeGreaterThan(1e-5);
    expect(expected.valley[0]).toBeLessThan(a.best.lr);
  });

  it('uses the planned number of iterations for the window start when the test stopped early', () => {
    const a = analyzeRangeTest({ lrs: LRS.slice(0, 60), losses: CURVE.slice(0, 60), plannedSteps: 200 });
    const recorded = fastaiRecord(CURVE.slice(0, 60), 200);
    const [, idx] = fastaiValley(LRS.slice(20, recorded.length - 5), recorded.slice(20, recorded.length - 5));
    expect(a.suggestions.find((x) => x.method === 'valley')?.index).toBe(20 + idx);
  });
});

describe('analyzeRangeTest against pytorch-lr-finder', () => {
  it('smooths with an EMA seeded by the first loss, stops at 5× best and suggests the steepest gradient by index', () => {
    const recorded = lrFinderRecord(CURVE);
    const a = analyzeRangeTest({ lrs: LRS, losses: CURVE, preset: 'pytorch-lr-finder' });
    expectClose(a.smoothed, recorded);
    expect(a.stopIndex).toBe(recorded.length - 1);
    const [lr, index] = lrFinderSteepest(LRS.slice(0, recorded.length), recorded);
    expect(a.suggestions.find((x) => x.method === 'steepestByIndex')).toEqual({ method: 'steepestByIndex', lr, index });
  });

  it('honours explicit smoothing, divergence factor and skips', () => {
    const recorded = lrFinderRecord(CURVE, 0.2, 3);
    const a = analyzeRangeTest({ lrs: LRS, losses: CURVE, smoothing: { factor: 0.8, debias: false }, divergeFactor: 3, skipStart: 4, skipEnd: 0 });
    expectClose(a.smoothed, recorded, 1e-12);
    const [lr, index] = lrFinderSteepest(LRS.slice(0, recorded.length), recorded, 4, 0);
    expect(a.suggestions.find((x) => x.method === 'steepestByIndex')).toEqual({ method: 'steepestByIndex', lr, index });
  });
});

describe('analyzeRangeTest on awkward curves', () => {
  const finite = (a: ReturnType<typeof analyzeRangeTest>) => {
    for (const s of a.suggestions) expect(Number.isFinite(s.lr) && s.lr > 0).toBe(true);
    expect(Number.isFinite(a.recommended.lr) && a.recommended.lr > 0).toBe(true);
    for (const v of a.smoothed) expect(Number.isFinite(v)).toBe(true);
  };

  it('stops before the first non-finite loss, as fastai truncates at the first NaN', () => {
    const losses = CURVE.map((l, i) => (i >= 70 ? Number.NaN : l));
    const a = analyzeRangeTest({ lrs: LRS, losses, divergeFactor: 1e9 });
    expect([a.stopIndex, a.diverged, a.reason]).toEqual([69, true, 'non-finite']);
    finite(a);
    const inf = analyzeRangeTest({ lrs: LRS, losses: CURVE.map((l, i) => (i === 50 ? Infinity : l)), divergeFactor: 1e9 });
    expect(inf.stopIndex).toBe(49);
  });

  it('gives an answer for a flat curve and says the range did nothing', () => {
    const a = analyzeRangeTest({ lrs: LRS, losses: LRS.map(() => 0.7) });
    expect(a.diverged).toBe(false);
    expect(a.stopIndex).toBe(N - 1);
    expect(a.recommended.reason).toMatch(/did not change/);
    finite(a);
  });

  it('gives an answer for a curve that diverges at once, with the unavailable methods listed', () => {
    const losses = LRS.map((_, i) => (i === 0 ? 1 : 100 * i));
    const a = analyzeRangeTest({ lrs: LRS, losses, preset: 'pytorch-lr-finder' });
    expect([a.stopIndex, a.reason]).toEqual([1, 'loss-above-k-best']);
    expect(a.suggestions).toEqual([]);
    expect(a.unavailable.map((u) => u.method).sort()).toEqual(['minimum', 'slide', 'steepest', 'steepestByIndex', 'valley']);
    expect(a.recommended).toMatchObject({ method: 'minimum', lr: LRS[0] / 10 });
    expect(a.recommended.reason).toMatch(/too few/);
    finite(a);
  });

  it('gives every suggestion for a curve that never diverges', () => {
    const losses = LRS.map((_, i) => 3 - 2 * (i / N) ** 2 + 0.01 * Math.cos(i));
    const a = analyzeRangeTest({ lrs: LRS, losses });
    expect(a.diverged).toBe(false);
    expect(a.reason).toBeUndefined();
    expect(a.suggestions.map((s) => s.method)).toEqual(['valley', 'steepest', 'minimum', 'slide', 'steepestByIndex']);
    finite(a);
  });

  it('throws a clear error when nothing is usable', () => {
    expect(() => analyzeRangeTest({ lrs: [1e-3, 1e-2], losses: [Number.NaN, 1] })).toThrow(/first loss .* not finite/);
    expect(() => analyzeRangeTest({ lrs: [1e-3, 1e-2, 1e-1], losses: [1, Number.NaN, 1] })).toThrow(/only one usable point/);
    expect(() => analyzeRangeTest({ lrs: [1e-3, 1e-3], losses: [1, 1] })).toThrow(/strictly increasing/);
    expect(() => analyzeRangeTest({ lrs: [1e-3], losses: [1] })).toThrow(/at least 2 points/);
    expect(() => analyzeRangeTest({ lrs: [1e-3, 1e-2], losses: [1] })).toThrow(/same length/);
  });

  it('never returns NaN for any finite curve (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 80 }), (losses) => {
        const lrs = losses.map((_, i) => 1e-6 * 1.2 ** i);
        finite(analyzeRangeTest({ lrs, losses }));
        finite(analyzeRangeTest({ lrs, losses, preset: 'pytorch-lr-finder' }));
      }),
      { numRuns: 200 },
    );
  });
});

describe('meanLossPerLr', () => {
  it('averages the losses of each held learning rate, and feeds the analysis', () => {
    expect(meanLossPerLr([1, 1, 2, 2, 3], [4, 2, 1, Number.NaN, 5])).toEqual({ lrs: [1, 2, 3], losses: [3, Number.NaN, 5] });
    const lrs = LRS.flatMap((lr) => [lr, lr]);
    const losses = CURVE.flatMap((l) => [l - 0.01, l + 0.01]);
    const merged = meanLossPerLr(lrs, losses);
    expect(merged.lrs).toEqual(LRS);
    expectClose(merged.losses, CURVE, 1e-14);
    expect(analyzeRangeTest(merged).recommended.method).toBe('valley');
  });
});

describe('rangeTestMonitor (live stopping for adapters)', () => {
  it('stops on the same step the analysis finds, with the same smoothed values, through JSON round trips', () => {
    for (const preset of ['fastai', 'pytorch-lr-finder'] as const) {
      const a = analyzeRangeTest({ lrs: LRS, losses: CURVE, preset });
      let state: RangeTestMonitorState = rangeTestMonitorInit();
      const seen: number[] = [];
      let stoppedAt = -1;
      for (let i = 0; i < N && !state.stop; i++) {
        state = JSON.parse(JSON.stringify(rangeTestMonitorUpdate(state, CURVE[i], { preset }))) as RangeTestMonitorState;
        seen.push(state.smoothed!);
        stoppedAt = i;
      }
      expect(state).toMatchObject({ stop: true, reason: 'loss-above-k-best' });
      expect(stoppedAt).toBe(a.stopIndex);
      expect(seen).toEqual(a.smoothed);
    }
  });

  it('stops on a non-finite loss without recording it, and ignores losses after stopping', () => {
    let s = rangeTestMonitorUpdate(rangeTestMonitorInit(), 1);
    s = rangeTestMonitorUpdate(s, Number.NaN);
    expect(s).toMatchObject({ count: 1, stop: true, reason: 'non-finite', smoothed: 1 });
    expect(rangeTestMonitorUpdate(s, 0.5)).toBe(s);
  });
});

describe('analyzeWeightDecaySweep', () => {
  it('picks the weight decay whose curve goes lowest, with that run recommended lr', () => {
    const runs = [1e-5, 1e-4, 1e-3].map((weightDecay, k) => ({ weightDecay, lrs: LRS, losses: CURVE.map((l) => l + [0.1, -0.2, 0.05][k]) }));
    const r = analyzeWeightDecaySweep(runs);
    expect(r.best.weightDecay).toBe(1e-4);
    expect(r.best.lr).toBe(r.perRun[1].analysis.recommended.lr);
    expect(r.best.loss).toBe(Math.min(...r.perRun.map((p) => p.minLoss)));
  });

  it('names the run that cannot be analysed', () => {
    expect(() => analyzeWeightDecaySweep([{ weightDecay: 0.1, lrs: [1e-3, 1e-2], losses: [Number.NaN, 1] }])).toThrow(/runs\[0\] \(weightDecay 0.1\)/);
    expect(() => analyzeWeightDecaySweep([])).toThrow(/at least one run/);
  });
});
