import type { Policy, Schedule } from '@cyclr/core';
import type { RangeTestData } from '../src/index.js';

/** A CLR policy: triangular2 learning rate with momentum cycling inversely (PyTorch CyclicLR style). */
export const clrPolicy = {
  version: 1,
  description: 'CLR triangular2 with inverse momentum',
  lr: { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 200, mode: 'triangular2' },
  momentum: { type: 'cyclic', from: 0.95, peak: 0.85, upSteps: 200, mode: 'triangular2' },
} as unknown as Policy;

/** PyTorch OneCycleLR defaults over 1,000 steps, with momentum. */
export const oneCyclePolicy = {
  version: 1,
  description: 'One-cycle (PyTorch defaults), 1,000 steps',
  lr: { type: 'oneCycle', steps: 1000, from: 0.004, peak: 0.1, to: 4e-7 },
  momentum: { type: 'oneCycle', steps: 1000, from: 0.95, peak: 0.85, to: 0.95 },
} as unknown as Policy;

/** One small multiple per common family. */
export const gallery: Array<{ label: string; spec: Schedule }> = [
  { label: 'step', spec: { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 30 } },
  { label: 'multiStep', spec: { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [50, 80] } },
  { label: 'exponential (staircase)', spec: { type: 'exponential', from: 0.1, decay: 0.5, steps: 20, staircase: true } },
  { label: 'cosine', spec: { type: 'cosine', from: 0.1, to: 0.001, steps: 100 } },
  { label: 'cosineRestarts', spec: { type: 'cosineRestarts', from: 0.1, to: 0.001, steps: 20, periodMultiplier: 2 } },
  { label: 'cyclic (triangular)', spec: { type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 20 } },
  { label: 'polynomial', spec: { type: 'polynomial', from: 0.1, to: 0.001, steps: 100, power: 2 } },
  { label: 'warmupStableDecay', spec: { type: 'warmupStableDecay', peak: 0.1, warmupSteps: 10, stableSteps: 50, decaySteps: 40 } },
  { label: 'piecewiseLinear', spec: { type: 'piecewiseLinear', points: [{ step: 0, value: 0 }, { step: 20, value: 0.1 }, { step: 100, value: 0.01 }] } },
];

/** Raw learning rates and losses of a synthetic range test (core analyses them). */
export function rawRangeTest(): { lrs: number[]; losses: number[] } {
  const { lrs, losses } = syntheticRangeTest();
  return { lrs: lrs as number[], losses: losses as number[] };
}

/** A synthetic range test shaped like a real one: flat, falling, a valley, then divergence. */
export function syntheticRangeTest(): RangeTestData {
  const n = 100;
  const lrs = Array.from({ length: n }, (_, i) => 1e-7 * 10 ** ((8 * i) / (n - 1)));
  const losses = lrs.map((lr, i) => {
    const x = Math.log10(lr);
    const base = 2.3 - 1.6 / (1 + Math.exp(-(x + 3.5) * 2.2)) + (x > -1 ? (x + 1) ** 2 * 3 : 0);
    return base + 0.06 * Math.sin(i * 1.7);
  });
  const smoothed: number[] = [];
  let avg = 0;
  losses.forEach((l, i) => {
    avg = 0.9 * avg + 0.1 * l;
    smoothed.push(avg / (1 - 0.9 ** (i + 1)));
  });
  return {
    lrs,
    losses,
    smoothed,
    stopIndex: 92,
    diverged: true,
    suggestions: [
      { method: 'steepest', lr: lrs[50], index: 50 },
      { method: 'valley', lr: lrs[62], index: 62 },
      { method: 'minimum', lr: lrs[74] / 10, index: 62 },
    ],
    recommended: { lr: lrs[62], method: 'valley', reason: 'longest descending run' },
  };
}
