import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeRangeTest, planRangeTest, rangeTestMonitorInit, rangeTestMonitorUpdate, rangeTestRunInit, rangeTestRunIssues, rangeTestRunResult, rangeTestRunUpdate,
  rangeTestSchedule, valueAt, RANGE_TEST_RUN_DEFAULTS, RANGE_TEST_RUN_KEYS, type RangeTestPlan, type RangeTestRunState,
} from '../index.js';

/** Runs the reducer over `losses` as an adapter would: stops when it says so. */
function run(plan: RangeTestPlan, losses: readonly number[]): { state: RangeTestRunState; lrs: number[]; recorded: number[] } {
  let state = rangeTestRunInit();
  const lrs: number[] = [];
  const recorded: number[] = [];
  for (const loss of losses) {
    if (state.stop !== undefined) break;
    lrs.push(valueAt(plan.schedule, state.updates));
    recorded.push(loss);
    state = rangeTestRunUpdate(plan, state, loss);
  }
  return { state, lrs, recorded };
}

describe('planRangeTest', () => {
  it('fills in the defaults: 100 learning rates from 1e-7 to 10, each for one update, stopping on divergence', () => {
    const plan = planRangeTest();
    expect(RANGE_TEST_RUN_DEFAULTS).toEqual({ minLr: 1e-7, maxLr: 10, steps: 100, mode: 'exp', holdSteps: 1, stopOnDivergence: true });
    expect(plan).toMatchObject({ ...RANGE_TEST_RUN_DEFAULTS, updates: 100, analysis: {} });
    expect(plan.schedule).toEqual(rangeTestSchedule({ minLr: 1e-7, maxLr: 10, steps: 100 }));
    expect(valueAt(plan.schedule, 0)).toBe(1e-7);
    expect(valueAt(plan.schedule, 99)).toBe(10);
  });

  it('holds each learning rate for holdSteps updates: steps·holdSteps updates, the last point starting at (steps - 1)·holdSteps', () => {
    const plan = planRangeTest({ minLr: 1e-3, maxLr: 1, steps: 4, holdSteps: 3 });
    expect(plan.updates).toBe(12);
    expect(Array.from({ length: 13 }, (_, u) => valueAt(plan.schedule, u))).toEqual([1e-3, 1e-3, 1e-3, 1e-2, 1e-2, 1e-2, 0.1, 0.1, 0.1, 1, 1, 1, 1].map((v, u) => (u < 9 ? expect.closeTo(v, 15) : v)));
  });

  it('names every bad option, its value and what was expected, all at once', () => {
    expect(rangeTestRunIssues({ minLr: -1, steps: 1.5, holdSteps: 0, mode: 'log' as never, stopOnDivergence: 'yes' as never })).toEqual([
      'minLr must be a positive finite number, got -1',
      'steps must be an integer >= 2, got 1.5',
      'mode must be "exp" or "linear", got "log"',
      'holdSteps must be an integer >= 1, got 0',
      'stopOnDivergence must be true or false, got "yes"',
    ]);
    expect(rangeTestRunIssues({ maxLr: 1e-8 })).toEqual(['maxLr must be greater than minLr (1e-7), got 1e-8']);
    expect(rangeTestRunIssues({ minLr: 20 })).toEqual(['maxLr must be greater than minLr (20), got 10']);
    expect(() => planRangeTest({ steps: 1 })).toThrow(new RangeError('steps must be an integer >= 2, got 1'));
  });

  it('checks the analysis options before any update runs, not after the test', () => {
    expect(rangeTestRunIssues({ analysis: { divergeFactor: 0.5 } })).toEqual(['analysis.divergeFactor must be a finite number > 1, got 0.5']);
    expect(rangeTestRunIssues({ analysis: { skipStart: -1 } })).toEqual(['analysis.skipStart must be a non-negative integer, got -1']);
    expect(rangeTestRunIssues({ analysis: { preset: 'keras' as never } })).toEqual(['analysis.preset must be "fastai" or "pytorch-lr-finder", got "keras"']);
    expect(rangeTestRunIssues({ analysis: [] as never })).toEqual(['analysis must be an object, got []']);
    expect(rangeTestRunIssues({ analysis: { preset: 'pytorch-lr-finder', skipStart: 2 }, signal: new AbortController().signal })).toEqual([]);
  });

  it('lists its option names for the adapters', () => {
    expect(RANGE_TEST_RUN_KEYS).toEqual(['minLr', 'maxLr', 'steps', 'mode', 'holdSteps', 'stopOnDivergence', 'analysis', 'signal']);
  });
});

describe('rangeTestRunUpdate and rangeTestRunResult', () => {
  it('runs every planned update on a falling loss and analyses it as analyzeRangeTest does', () => {
    const plan = planRangeTest({ minLr: 1e-4, maxLr: 1, steps: 30 });
    const losses = Array.from({ length: 40 }, (_, i) => 2 - i / 40);
    const { state, lrs, recorded } = run(plan, losses);
    expect(state.stop).toBe('complete');
    expect(recorded).toHaveLength(30);
    const result = rangeTestRunResult(plan, lrs, recorded, state);
    expect(result).toMatchObject({ updates: 30, stoppedEarly: false, lrs, losses: recorded });
    expect(result.reason).toBeUndefined();
    expect(result.analysis).toEqual(analyzeRangeTest({ lrs, losses: recorded, plannedSteps: 30 }));
  });

  it('stops at once on a non-finite loss, mid-point too, and leaves it out of the analysis', () => {
    const plan = planRangeTest({ minLr: 1e-4, maxLr: 1, steps: 10, holdSteps: 2, stopOnDivergence: false });
    const { state, lrs, recorded } = run(plan, [3, 3, 2, 2, 1, 1, NaN, 1, 1, 1]);
    expect(state).toMatchObject({ updates: 7, stop: 'non-finite' });
    const result = rangeTestRunResult(plan, lrs, recorded, state);
    expect(result.losses.slice(0, 3)).toEqual([3, 2, 1]);
    expect(result.losses[3]).toBeNaN();
    expect(result).toMatchObject({ updates: 7, stoppedEarly: true, reason: 'non-finite' });
    expect(result.analysis.stopIndex).toBe(2);
  });

  it('stops on divergence of the point means exactly where the analysis finds it, with the analysis\' divergeFactor', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 6, maxLength: 40 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(2, 4, 8), (raw, k, divergeFactor) => {
        const plan = planRangeTest({ minLr: 1e-5, maxLr: 1, steps: Math.floor(raw.length / k), holdSteps: k, analysis: { divergeFactor } });
        const { state, lrs, recorded } = run(plan, raw);
        const means = Array.from({ length: Math.ceil(recorded.length / k) }, (_, p) => recorded.slice(p * k, p * k + k).reduce((a, b) => a + b, 0) / Math.min(k, recorded.length - p * k));
        let monitor = rangeTestMonitorInit();
        let stopAt = -1;
        for (let p = 0; p < means.length && stopAt < 0; p++) {
          monitor = rangeTestMonitorUpdate(monitor, means[p], { divergeFactor });
          if (monitor.stop) stopAt = p;
        }
        if (state.stop === 'loss-above-k-best') expect(stopAt).toBe(means.length - 1);
        else expect(stopAt).toBe(-1);
        if (means.length >= 2) {
          const result = rangeTestRunResult(plan, lrs, recorded, state);
          expect(result.losses).toEqual(means);
          expect(result.analysis.diverged).toBe(state.stop === 'loss-above-k-best');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps going past a diverging loss with stopOnDivergence false', () => {
    const plan = planRangeTest({ minLr: 1e-4, maxLr: 1, steps: 6, stopOnDivergence: false });
    const { state, recorded } = run(plan, [1, 1, 50, 60, 70, 80]);
    expect(state.stop).toBe('complete');
    expect(recorded).toHaveLength(6);
  });

  it('ignores losses after the stop, and stops at a loss that is not a finite number', () => {
    const plan = planRangeTest({ steps: 2 });
    const done = run(plan, [1, 1]).state;
    expect(rangeTestRunUpdate(plan, done, 5)).toBe(done);
    expect(rangeTestRunUpdate(plan, rangeTestRunInit(), '1' as never)).toMatchObject({ updates: 1, stop: 'non-finite' });
  });

  it('throws the analysis\' RangeError when fewer than two points are usable', () => {
    const plan = planRangeTest({ steps: 5 });
    const { state, lrs, recorded } = run(plan, [Infinity]);
    expect(() => rangeTestRunResult(plan, lrs, recorded, state)).toThrow(new RangeError('a range test needs at least 2 points, got 1'));
    const two = run(planRangeTest({ steps: 5 }), [1, NaN]);
    expect(() => rangeTestRunResult(plan, two.lrs, two.recorded, two.state)).toThrow('the range test has only one usable point before the loss stopped being finite');
  });
});
