import { horizonOf, stepsForCycles, type Schedule } from '@cyclr/core';

/**
 * How many steps a plot shows by default: the horizon plus 5% so the final hold is visible; for
 * schedules that never settle, three cycles of a cyclic schedule (core's `stepsForCycles`), or
 * 1,000 steps.
 */
export function defaultSteps(spec: Schedule): number {
  const h = horizonOf(spec);
  if (Number.isFinite(h) && h > 0) return Math.ceil(h + Math.max(1, h * 0.05)) + 1;
  if (h === 0) return 100;
  try {
    return Math.min(1e7, stepsForCycles(spec, 3)) + 1;
  } catch {
    return 1000;
  }
}
