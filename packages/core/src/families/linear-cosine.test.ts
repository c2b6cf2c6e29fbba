import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, linearCosine, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';

type LinearCosineSpec = SpecOf<'linearCosine'>;

const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

/** TF2 LinearCosineDecay.__call__ in float64. */
function tf(initial: number, decaySteps: number, numPeriods: number, alpha: number, beta: number, step: number): number {
  const t = Math.min(step, decaySteps);
  const linearDecayed = (decaySteps - t) / decaySteps;
  const fraction = 2 * numPeriods * (t / decaySteps);
  const cosineDecayed = 0.5 * (1 + Math.cos(Math.PI * fraction));
  return initial * ((alpha + linearDecayed) * cosineDecayed + beta);
}

describe('linearCosine', () => {
  it('gives the documented example (defaults cycles 0.5, alpha 0, beta 0.001)', () => {
    const spec = linearCosine({ from: 1, steps: 4 });
    expect([0, 2, 4, 5].map((t) => valueAt(spec, t))).toEqual([1.001, 0.251, 0.001, 0.001]);
  });

  it('matches TF2 LinearCosineDecay(0.1, 100) worked by hand', () => {
    const spec = linearCosine({ from: 0.1, steps: 100 });
    close(valueAt(spec, 0), 0.1001);
    close(valueAt(spec, 50), 0.0251);
    close(valueAt(spec, 100), 0.0001);
  });

  it('runs several cosine periods with alpha and beta: num_periods 2, alpha 0.1, beta 0.01 over 8 steps', () => {
    const spec: LinearCosineSpec = { type: 'linearCosine', from: 1, steps: 8, cycles: 2, alpha: 0.1, beta: 0.01 };
    close(valueAt(spec, 2), 0.01);
    close(valueAt(spec, 4), 0.61);
    close(valueAt(spec, 8), 0.11);
    for (let t = 0; t <= 12; t++) expect(valueAt(spec, t)).toBe(tf(1, 8, 2, 0.1, 0.01, t));
  });

  it('holds the end value from t = steps on: t = steps-1, steps, steps+1, 1e12', () => {
    const spec: LinearCosineSpec = { type: 'linearCosine', from: 0.5, steps: 10, alpha: 0.2 };
    expect(valueAt(spec, 9)).toBe(tf(0.5, 10, 0.5, 0.2, 0.001, 9));
    expect([10, 11, 1e12].map((t) => valueAt(spec, t))).toEqual([tf(0.5, 10, 0.5, 0.2, 0.001, 10), tf(0.5, 10, 0.5, 0.2, 0.001, 10), tf(0.5, 10, 0.5, 0.2, 0.001, 10)]);
    expect(horizonOf(spec)).toBe(10);
  });

  it('agrees with the TF formula bit for bit and with compileSchedule (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.integer({ min: 0, max: 2e6 }),
        (steps, cycles, alpha, beta, t) => {
          const spec: LinearCosineSpec = { type: 'linearCosine', from: 0.1, steps, cycles, alpha, beta };
          const v = valueAt(spec, t);
          expect(v).toBe(tf(0.1, steps, cycles, alpha, beta, t));
          expect(compileSchedule(spec)(t) === v).toBe(true); // === : the JSON copy in compileSchedule turns -0 into 0
          expect(v).toBeGreaterThanOrEqual(0.1 * beta - 1e-15);
          expect(v).toBeLessThanOrEqual(0.1 * (1 + alpha + beta) + 1e-15);
        },
      ),
    );
    const spec = linearCosine({ from: 1, steps: 9, cycles: 1.5 });
    const ts = Array.from({ length: 20 }, (_, t) => t);
    expect(Array.from(sample(spec, { count: 20 }))).toEqual(ts.map((t) => valueAt(spec, t)));
  });

  it('rejects a scale whose values leave ±1e300, naming the node and the interval', () => {
    const [issue] = validateSchedule({ type: 'linearCosine', from: -1e300, steps: 1, beta: -1e300 });
    expect(issue).toMatchObject({ code: 'overflow', path: [] });
    expect(issue.message).toMatch(/^this linearCosine schedule's values reach \[.*\], beyond ±1e\+300/);
    expect(validateSchedule({ type: 'linearCosine', from: 1e300, steps: 1, beta: 0 })).toEqual([]);
  });

  it('rejects a zero steps and non-numbers, with paths', () => {
    expect(validateSchedule({ type: 'linearCosine', from: 1, steps: 0, cycles: 'half', beta: Infinity }).map((i) => i.path)).toEqual([['steps'], ['cycles'], ['beta']]);
  });

  it('accepts a fractional steps, as TF computes with a float decay_steps', () => {
    const spec: LinearCosineSpec = { type: 'linearCosine', from: 1, steps: 2.5, cycles: 1, alpha: 0.1, beta: 0.01 };
    for (let t = 0; t <= 4; t++) expect(valueAt(spec, t)).toBe(tf(1, 2.5, 1, 0.1, 0.01, t));
    // t = 1: (0.1 + 0.6)·(1 + cos(0.8π))/2 + 0.01
    close(valueAt(spec, 1), 0.7 * ((1 - 0.8090169943749475) / 2) + 0.01);
    expect(horizonOf(spec)).toBe(3);
  });

  it('builds steps from epochs with stepsPerEpoch', () => {
    expect(linearCosine({ from: 1, epochs: 4, stepsPerEpoch: 25, beta: 0 })).toEqual({ type: 'linearCosine', from: 1, steps: 100, beta: 0 });
  });
});
