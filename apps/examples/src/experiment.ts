// The seed tutorial's experiment (TensorFlow Addons, "Cyclical Learning Rate"), shared by both
// runtimes of the main job: the Fashion-MNIST CNN trained three ways from the same initial
// weights — constant-lr SGD (0.01), triangular2 CLR (1e-4 → 1e-2, step size 2 epochs, plain SGD),
// and a one-cycle policy (momentum 0.95 → 0.85 → 0.95) whose peak an LR range test picks.
import { constant, cyclic, oneCyclePolicy, policy, type Policy } from '@cyclr/core';
import type { RangeTestAnalysis } from '@cyclr/core';
import type { ProgressState } from './progress.js';

export const RUN_NAMES = ['constant', 'clr', 'onecycle'] as const;
export type RunName = (typeof RUN_NAMES)[number];
export const RUNTIMES = ['onnx', 'tfjs'] as const;
export type Runtime = (typeof RUNTIMES)[number];

export const LABELS: Record<RunName, string> = {
  constant: 'constant SGD (lr 0.01)',
  clr: 'triangular2 CLR (1e-4 → 1e-2)',
  onecycle: 'one-cycle + momentum',
};

/** The range test of the one-cycle run: momentum SGD (0.9) swept exponentially from 1e-5 towards 10. */
export const RANGE_TEST = { minLr: 1e-5, maxLr: 10, momentum: 0.9 } as const;

/** What the tutorial reports after 10 epochs (validation accuracy), for the results table. */
export const TUTORIAL = { constant: 0.7465, clr: 0.6918 } as const;

/** The policy of a run; the one-cycle peak is the range test's recommendation, capped at 1. */
export function runPolicy(name: RunName, stepsPerEpoch: number, epochs: number, maxLr = 0.05): Policy {
  if (name === 'constant') return policy(constant(0.01));
  if (name === 'clr') return policy(cyclic({ from: 1e-4, peak: 1e-2, upSteps: 2 * stepsPerEpoch, mode: 'triangular2' }));
  return oneCyclePolicy({ maxLr: Math.min(maxLr, 1), steps: stepsPerEpoch * epochs, momentum: { base: 0.85, max: 0.95 } });
}

export interface EpochLog {
  loss: number;
  acc: number;
  val_loss: number;
  val_acc: number;
}

/** The range test's curve and analysis, in the shape `rangeTestChart` takes. */
export interface RangeTestPlot {
  lrs: number[];
  losses: number[];
  smoothed?: number[];
  stopIndex?: number;
  diverged?: boolean;
  suggestions?: RangeTestAnalysis['suggestions'];
  recommended?: RangeTestAnalysis['recommended'];
}

export interface RangeTestSummary {
  steps: number;
  wallMs: number;
  recommended: RangeTestAnalysis['recommended'];
  plot: RangeTestPlot;
}

export interface RunResult {
  runtime: Runtime;
  name: RunName;
  label: string;
  policy: Policy;
  epochs: EpochLog[];
  wallMs: number;
  /** mean wall time of a training step (the update only) */
  stepMs: number;
  applied: Array<{ step: number; values: Record<string, number> }>;
  rangeTest?: RangeTestSummary;
}

/** A progress report from a run (for the progress bars). */
export interface Progress extends ProgressState {
  runtime: Runtime;
  run: RunName;
}
