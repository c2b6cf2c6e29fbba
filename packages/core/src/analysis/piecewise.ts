import type { Schedule } from '../spec.js';
import { sealSchedule } from '../validate/parse.js';
import { memoized, toolsOfNode } from './tree.js';

/**
 * Whether every value of `spec` is held for whole runs of steps (plots draw step-after segments):
 * constant, step and multi-step decays, piecewise constant, staircase decays, per-epoch holding,
 * and combinators built only from those. Each family says so itself.
 */
export function isPiecewiseConstant(spec: Schedule): boolean {
  const of = memoized<boolean>((n, self) => toolsOfNode(n).piecewiseConstant?.(n as never, self) ?? false);
  return of(sealSchedule(spec));
}
