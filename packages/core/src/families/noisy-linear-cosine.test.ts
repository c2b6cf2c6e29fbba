import { describe, expect, it } from 'vitest';
import { compileSchedule, horizonOf, noisyLinearCosine, sample, valueAt, validateSchedule } from '../index.js';
import { NOISY_LINEAR_COSINE_STREAM, normalAt } from '../internal.js';

describe('noisyLinearCosine', () => {
  it('is from·((alpha + linear + eps)·cos + beta) with eps ~ N(0, 1/(1 + t)^0.55) drawn at (seed, t)', () => {
    const spec = noisyLinearCosine({ from: 0.1, steps: 100, seed: 5 });
    // t = 0: linear 1, cos 1, std 1
    expect(valueAt(spec, 0)).toBe(0.1 * ((0 + (1 + normalAt(5, 0, NOISY_LINEAR_COSINE_STREAM))) * 1 + 0.001));
    // t = 50: linear 0.5, cos (1 + cos(π/2))/2, std (1/51^0.55)^(1/2)
    const std = Math.sqrt(1 / 51 ** 0.55);
    const cos = 0.5 * (1 + Math.cos(Math.PI * 0.5));
    expect(valueAt(spec, 50)).toBe(0.1 * ((0 + (0.5 + std * normalAt(5, 50, NOISY_LINEAR_COSINE_STREAM))) * cos + 0.001));
  });

  it('reduces to linearCosine with variance 0', () => {
    const noisy = noisyLinearCosine({ from: 0.1, steps: 40, cycles: 2, alpha: 0.1, beta: 0.01, variance: 0 });
    const plain = { type: 'linearCosine', from: 0.1, steps: 40, cycles: 2, alpha: 0.1, beta: 0.01 } as const;
    for (const t of [0, 1, 7, 20, 39, 40, 41, 1e12]) expect(valueAt(noisy, t)).toBeCloseTo(valueAt(plain, t), 16);
  });

  it('holds from·beta past the end with the default half period (the cosine factor is 0 there)', () => {
    const spec = noisyLinearCosine({ from: 0.1, steps: 100, seed: 1 });
    for (const t of [100, 101, 1e9, 1e12]) expect(valueAt(spec, t)).toBe(0.1 * 0.001);
  });

  it('has noise with the TF variance: std over 4,000 seeds at t = 99 is (1/100^0.55)^(1/2)', () => {
    const t = 99;
    const n = 4000;
    const linear = 1 / 100;
    const cos = 0.5 * (1 + Math.cos((Math.PI * 99) / 100));
    let sum = 0;
    let sq = 0;
    for (let seed = 0; seed < n; seed++) {
      const eps = (valueAt(noisyLinearCosine({ from: 1, steps: 100, seed }), t) - 0.001) / cos - linear;
      sum += eps;
      sq += eps * eps;
    }
    const mean = sum / n;
    const std = Math.sqrt(sq / n - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.02); // standard error 0.0045
    expect(Math.abs(std / Math.sqrt(1 / 100 ** 0.55) - 1)).toBeLessThan(0.05); // standard error 1.1%
  });

  it('gives identical values through valueAt, compileSchedule and sample, and resolves epochs', () => {
    const spec = noisyLinearCosine({ from: 0.1, epochs: 3, stepsPerEpoch: 10, seed: 11, varianceDecay: 0.3 });
    expect(spec.steps).toBe(30);
    const f = compileSchedule(spec);
    const s = sample(spec, { count: 40 });
    for (let t = 0; t < 40; t++) {
      expect(f(t)).toBe(valueAt(spec, t));
      expect(s[t]).toBe(f(t));
    }
  });

  it('accepts a fractional steps: the linear and cosine terms run over real time, the noise keyed by the integer step', () => {
    const noisy = noisyLinearCosine({ from: 1, steps: 2.5, variance: 0 });
    const plain = { type: 'linearCosine', from: 1, steps: 2.5 } as const;
    for (const t of [0, 1, 2, 3, 4]) expect(valueAt(noisy, t)).toBeCloseTo(valueAt(plain, t), 16);
    // cycles 0.5: the cosine factor is 0 from t = steps on, so it settles at from·beta from step 3
    expect(horizonOf(noisyLinearCosine({ from: 1, steps: 2.5, seed: 3 }))).toBe(3);
    expect(horizonOf(noisyLinearCosine({ from: 1, steps: 2.5, seed: 3, cycles: 1 }))).toBe(Infinity);
  });

  it('refuses a variance whose noise could take the values beyond ±1e300', () => {
    expect(validateSchedule({ type: 'noisyLinearCosine', from: 1, steps: 100, variance: 1e308 }).map((i) => [i.code, i.path])).toEqual([['out_of_range', ['variance']]]);
    expect(validateSchedule({ type: 'noisyLinearCosine', from: 1e200, steps: 100, variance: 1e250 }).map((i) => [i.code, i.path])).toEqual([['overflow', []]]);
    expect(validateSchedule({ type: 'noisyLinearCosine', from: 0.1, steps: 100, variance: 1e10 })).toEqual([]);
  });
});
