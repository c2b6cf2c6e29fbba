import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, exponential, horizonOf, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';

type ExponentialSpec = SpecOf<'exponential'>;

const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('exponential', () => {
  it('gives the documented example', () => {
    const spec = exponential({ from: 1, decay: 0.5, steps: 2 });
    expect([0, 1, 2].map((t) => valueAt(spec, t))).toEqual([1, 0.7071067811865476, 0.5]);
  });

  it('decays continuously as Keras ExponentialDecay(0.1, decay_steps=100, decay_rate=0.96)', () => {
    const spec = exponential({ from: 0.1, decay: 0.96, steps: 100 });
    expect(valueAt(spec, 0)).toBe(0.1);
    close(valueAt(spec, 50), 0.1 * Math.sqrt(0.96));
    close(valueAt(spec, 100), 0.096);
    close(valueAt(spec, 250), 0.1 * 0.96 ** 2.5);
  });

  it('steps on the boundary itself with staircase: t = 99, 100, 101 and 199, 200, 201', () => {
    const spec = exponential({ from: 0.1, decay: 0.96, steps: 100, staircase: true });
    expect([0, 99, 100, 101, 199, 200, 201].map((t) => valueAt(spec, t))).toEqual([
      0.1, 0.1, 0.1 * 0.96, 0.1 * 0.96, 0.1 * 0.96, 0.1 * Math.pow(0.96, 2), 0.1 * Math.pow(0.96, 2),
    ]);
  });

  it('matches PyTorch ExponentialLR(gamma=0.95) stepped recursively, within 1e-12 over 300 steps', () => {
    const spec: ExponentialSpec = { type: 'exponential', from: 0.1, decay: 0.95 };
    let lr = 0.1;
    for (let t = 0; t < 300; t++) {
      if (t > 0) lr *= 0.95;
      close(valueAt(spec, t), lr);
    }
  });

  it('holds a floor for a decay and a ceiling for a growth, reporting the step where it is reached', () => {
    const floor: ExponentialSpec = { type: 'exponential', from: 1, decay: 0.5, min: 0.01 };
    expect([6, 7, 8, 1e12].map((t) => valueAt(floor, t))).toEqual([0.015625, 0.01, 0.01, 0.01]);
    expect(horizonOf(floor)).toBe(7);
    const ceiling: ExponentialSpec = { type: 'exponential', from: 1, decay: 2, max: 100 };
    expect([6, 7, 1e12].map((t) => valueAt(ceiling, t))).toEqual([64, 100, 100]);
    expect(horizonOf(ceiling)).toBe(7);
    const stairs: ExponentialSpec = { type: 'exponential', from: 1, decay: 0.5, steps: 10, staircase: true, min: 0.2 };
    expect(horizonOf(stairs)).toBe(30);
    expect([29, 30].map((t) => valueAt(stairs, t))).toEqual([0.25, 0.2]);
    expect(horizonOf({ type: 'exponential', from: 1, decay: 0.5 })).toBe(Infinity);
  });

  it('is accurate at steps 1e9 and 1e12 (one pow, no accumulation)', () => {
    const spec: ExponentialSpec = { type: 'exponential', from: 1, decay: 0.5, steps: 1e10 };
    expect(valueAt(spec, 1e12)).toBe(2 ** -100);
    close(valueAt(spec, 1e9), 2 ** -0.1);
    expect(valueAt({ type: 'exponential', from: 1, decay: 0.9 }, 1e12)).toBe(0);
  });

  it('never increases for decay <= 1 and stays within [min, from] (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 0, max: 1e12 }),
        (decay, steps, staircase, min, t) => {
          const spec: ExponentialSpec = { type: 'exponential', from: 0.5, decay, steps, staircase, min };
          const v = valueAt(spec, t);
          expect(v).toBeGreaterThanOrEqual(min);
          expect(v).toBeLessThanOrEqual(0.5);
          expect(valueAt(spec, t + 1)).toBeLessThanOrEqual(v);
          expect(compileSchedule(spec)(t) === v).toBe(true); // === : the JSON copy in compileSchedule turns -0 into 0
        },
      ),
    );
  });

  it('gives the same values through valueAt, compileSchedule and sample for each variant', () => {
    for (const spec of [
      exponential({ from: 0.1, decay: 0.9 }),
      exponential({ from: 0.1, decay: 0.9, steps: 3 }),
      exponential({ from: 0.1, decay: 0.9, steps: 3, staircase: true }),
      exponential({ from: 0.1, decay: 0.9, steps: 3, min: 0.05 }),
      exponential({ from: 0.1, decay: 1.1, steps: 3, staircase: true, max: 0.2 }),
    ]) {
      const ts = Array.from({ length: 60 }, (_, t) => t);
      expect(Array.from(sample(spec, { count: 60 }))).toEqual(ts.map((t) => valueAt(spec, t)));
    }
  });

  it('rejects bounds that would replace the schedule from step 0 and a growth beyond 1e300, with paths', () => {
    const paths = (s: unknown) => validateSchedule(s).map((i) => i.path.join('.'));
    expect(paths({ type: 'exponential', from: 0.1, decay: 0.9, min: 0.2 })).toEqual(['min']);
    expect(paths({ type: 'exponential', from: 0.1, decay: 1.1, max: 0.05 })).toEqual(['max']);
    expect(paths({ type: 'exponential', from: 0.1, decay: 1.1 })).toEqual(['decay']);
    expect(paths({ type: 'exponential', from: -0.1, decay: 1.1, max: 1 })).toEqual(['decay']);
    expect(paths({ type: 'exponential', from: -0.1, decay: 1.1, min: -1 })).toEqual([]);
    expect(paths({ type: 'exponential', from: 1, decay: 1.1, steps: 1e12 })).toEqual([]);
    expect(paths({ type: 'exponential', from: 1, decay: -0.5, steps: 0 })).toEqual(['decay', 'steps']);
    const [growth] = validateSchedule({ type: 'exponential', from: 0.1, decay: 1.1 });
    expect(growth).toMatchObject({ code: 'overflow', message: 'decay 1.1 > 1 grows 0.1 beyond 1e300 before step 1e12; add max to bound it' });
    expect(validateSchedule({ type: 'exponential', from: -0.1, decay: 1.1 })[0].message).toBe('decay 1.1 > 1 grows -0.1 beyond -1e300 before step 1e12; add min to bound it');
  });

  it('accepts a growth from 0, which stays 0 at every step (0·decay^t is never computed)', () => {
    const zero = exponential({ from: 0, decay: 1.1 });
    expect([0, 1, 1e4, 1e12].map((t) => valueAt(zero, t))).toEqual([0, 0, 0, 0]);
    expect(horizonOf(zero)).toBe(0);
  });

  it('accepts a fractional steps: decay^(t/steps) over real time, a staircase at floor(t/steps)', () => {
    const smooth = exponential({ from: 1, decay: 0.5, steps: 2.5 });
    expect(valueAt(smooth, 5)).toBe(0.25);
    close(valueAt(smooth, 1), 0.5 ** 0.4);
    // floor(t/2.5) for t = 0..5 is 0, 0, 0, 1, 1, 2
    const stairs = exponential({ from: 1, decay: 0.5, steps: 2.5, staircase: true });
    expect([0, 1, 2, 3, 4, 5].map((t) => valueAt(stairs, t))).toEqual([1, 1, 1, 0.5, 0.5, 0.25]);
    expect(horizonOf(exponential({ from: 1, decay: 0.5, steps: 2.5, staircase: true, min: 0.25 }))).toBe(5);
  });

  it('builds steps from epochs with stepsPerEpoch', () => {
    expect(exponential({ from: 0.1, decay: 0.94, epochs: 2.4, stepsPerEpoch: 5, staircase: true })).toEqual({ type: 'exponential', from: 0.1, decay: 0.94, steps: 12, staircase: true });
  });
});
