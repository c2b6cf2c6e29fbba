import { describe, expect, it } from 'vitest';
import {
  breakpointsOf, compileSchedule, cosineRestarts, epochs, horizonOf, isPiecewiseConstant, lintSchedule, linear, multiStep, sample, stepDecay, stepsForCycles, stretch,
  valueAt, validateSchedule, type Schedule,
} from '../index.js';

/**
 * PyTorch CosineAnnealingWarmRestarts.step(epoch) with an explicit (fractional) epoch
 * (torch/optim/lr_scheduler.py), as its docs drive it: `scheduler.step(epoch + i / iters)`.
 */
function torchWarmRestartsAt(base: number, etaMin: number, t0: number, tMult: number, epoch: number): number {
  let tCur: number;
  let tI: number;
  if (epoch >= t0) {
    if (tMult === 1) {
      tCur = epoch % t0;
      tI = t0;
    } else {
      const n = Math.floor(Math.log((epoch / t0) * (tMult - 1) + 1) / Math.log(tMult));
      tCur = epoch - (t0 * (tMult ** n - 1)) / (tMult - 1);
      tI = t0 * tMult ** n;
    }
  } else {
    tI = t0;
    tCur = epoch;
  }
  return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
}

const steps = (n: number) => Array.from({ length: n }, (_, t) => t);

describe('epochs', () => {
  it('gives the documented example: a step decay written in epochs, held for each epoch of 2 updates', () => {
    const spec = epochs({ stepsPerEpoch: 2, schedule: stepDecay({ from: 1, decay: 0.1, steps: 1 }) });
    // from·decay^k for epoch k, computed as Math.pow: 0.1^2 is 0.010000000000000002
    expect([0, 1, 2, 3, 4, 5].map((t) => valueAt(spec, t))).toEqual([1, 1, 0.1, 0.1, 0.1 ** 2, 0.1 ** 2]);
  });

  it('holds each epoch’s value for all its updates, as a PyTorch scheduler stepped once per epoch (torchvision MultiStepLR recipe)', () => {
    const inner = multiStep({ from: 0.1, decay: 0.1, milestones: [30, 60] });
    const spec = epochs({ stepsPerEpoch: 100, schedule: inner });
    for (const t of [0, 99, 2999, 3000, 3099, 5999, 6000, 1e9]) expect(valueAt(spec, t), `t = ${t}`).toBe(valueAt(inner, Math.floor(t / 100)));
    expect([2999, 3000].map((t) => valueAt(spec, t))).toEqual([0.1, 0.1 * 0.1]);
  });

  it("advances by fractions of an epoch with within: 'fraction', as PyTorch's step(epoch + i / iters) does, bit for bit", () => {
    for (const [t0, mult] of [[2, 1], [1, 2], [3, 2]] as const) {
      const spec = epochs({ stepsPerEpoch: 7, within: 'fraction', schedule: cosineRestarts({ from: 0.1, to: 0.001, steps: t0, periodMultiplier: mult }) });
      for (const t of steps(120)) {
        const epoch = Math.floor(t / 7);
        const i = t - 7 * epoch;
        expect(valueAt(spec, t), `T_0 ${t0}, T_mult ${mult}, t = ${t}`).toBe(torchWarmRestartsAt(0.1, 0.001, t0, mult, epoch + i / 7));
      }
    }
  });

  it('takes a fractional number of updates per epoch: epoch k covers the steps in [k·n, (k + 1)·n)', () => {
    // n = 2.5: epochs 0, 0, 0, 1, 1, 2, 2, 2, 3, 3 for t = 0..9
    const counter = linear({ from: 0, to: 100, steps: 100 });
    const held = epochs({ stepsPerEpoch: 2.5, schedule: counter });
    expect(steps(10).map((t) => valueAt(held, t))).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 3, 3]);
    const fraction = epochs({ stepsPerEpoch: 2.5, within: 'fraction', schedule: counter });
    steps(10).forEach((t) => expect(valueAt(fraction, t)).toBeCloseTo(t / 2.5, 13));
  });

  it('settles at the first step of the epoch where the inner schedule settles (held), or at its real time (fraction)', () => {
    const ramp = linear({ from: 1, to: 0, steps: 7.5 });
    expect(horizonOf(epochs({ stepsPerEpoch: 3, schedule: ramp }))).toBe(24);
    expect(horizonOf(epochs({ stepsPerEpoch: 3, within: 'fraction', schedule: ramp }))).toBe(23);
    expect(horizonOf(epochs({ stepsPerEpoch: 3, schedule: cosineRestarts({ from: 1, to: 0, steps: 2 }) }))).toBe(Infinity);
  });

  it('puts its breakpoints on the first step of each epoch holding a new phase', () => {
    const inner = multiStep({ from: 1, decay: 0.5, milestones: [1.5, 3] });
    expect(breakpointsOf(epochs({ stepsPerEpoch: 4, schedule: inner }), 100)).toEqual([8, 12]);
    expect(breakpointsOf(epochs({ stepsPerEpoch: 4, within: 'fraction', schedule: inner }), 100)).toEqual([6, 12]);
  });

  it('is piecewise constant when it holds each epoch, or when what it advances through is', () => {
    const ramp = linear({ from: 1, to: 0, steps: 10 });
    expect(isPiecewiseConstant(epochs({ stepsPerEpoch: 4, schedule: ramp }))).toBe(true);
    expect(isPiecewiseConstant(epochs({ stepsPerEpoch: 4, within: 'fraction', schedule: ramp }))).toBe(false);
    expect(isPiecewiseConstant(epochs({ stepsPerEpoch: 4, within: 'fraction', schedule: stepDecay({ from: 1, decay: 0.5, steps: 2 }) }))).toBe(true);
  });

  it('counts cycles in whole epochs when held', () => {
    const sgdr = cosineRestarts({ from: 1, to: 0, steps: 1.5 });
    // two periods are 3 epochs: 3·4 steps either way; three are 4.5 epochs: 5 whole epochs held, 4.5 advanced
    expect(stepsForCycles(epochs({ stepsPerEpoch: 4, schedule: sgdr }), 2)).toBe(12);
    expect(stepsForCycles(epochs({ stepsPerEpoch: 4, schedule: sgdr }), 3)).toBe(20);
    expect(stepsForCycles(epochs({ stepsPerEpoch: 4, within: 'fraction', schedule: sgdr }), 3)).toBe(18);
  });

  it('refuses to stretch, saying to stretch the inner schedule instead', () => {
    expect(() => stretch(epochs({ stepsPerEpoch: 4, schedule: linear({ from: 1, to: 0, steps: 10 }) }), 100, { at: 5 })).toThrow(/stretch the inner schedule \(in epochs\)/);
  });

  it('keeps lint from reading an inner warmup in epochs as a warmup in steps', () => {
    const inner: Schedule = { type: 'warmup', steps: 5, from: 0.01, schedule: { type: 'constant', value: 0.1 } };
    // 5 epochs of 100 steps is 500 steps, longer than a 50-step run, but lint cannot tell on the inner clock
    expect(lintSchedule({ type: 'epochs', stepsPerEpoch: 100, schedule: inner }, { totalSteps: 50 }).map((f) => f.code)).not.toContain('warmup-longer-than-run');
    expect(lintSchedule(inner, { totalSteps: 4 }).map((f) => f.code)).toContain('warmup-longer-than-run');
  });

  it('gives identical values through valueAt, compileSchedule and sample', () => {
    for (const spec of [
      epochs({ stepsPerEpoch: 3, schedule: cosineRestarts({ from: 1, to: 0, steps: 2, periodMultiplier: 2 }) }),
      epochs({ stepsPerEpoch: 2.5, within: 'fraction', schedule: cosineRestarts({ from: 1, to: 0, steps: 2, periodMultiplier: 2 }) }),
    ]) {
      const f = compileSchedule(spec);
      const s = sample(spec, { count: 60 });
      for (let t = 0; t < 60; t++) {
        expect(f(t)).toBe(valueAt(spec, t));
        expect(s[t]).toBe(f(t));
      }
      for (const t of [1e9, 1e12]) expect(f(t)).toBe(valueAt(spec, t));
    }
  });

  it('rejects a zero stepsPerEpoch and an unknown within, with paths', () => {
    const schedule = { type: 'constant', value: 1 };
    expect(validateSchedule({ type: 'epochs', stepsPerEpoch: 0, within: 'step', schedule }).map((i) => [i.code, i.path])).toEqual([
      ['too_small', ['stepsPerEpoch']],
      ['invalid_enum', ['within']],
    ]);
    expect(validateSchedule({ type: 'epochs', stepsPerEpoch: 4 }).map((i) => [i.code, i.path])).toEqual([['missing', ['schedule']]]);
  });
});
