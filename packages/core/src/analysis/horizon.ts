import type { ScheduleNode } from '../base/fields.js';
import type { Schedule } from '../spec.js';
import { sealSchedule } from '../validate/parse.js';
import { memoized, toolsOfNode } from './tree.js';

/** The horizon of a validated node on its own clock (real; Infinity when it never settles). */
export function nodeHorizon(node: ScheduleNode): number {
  const of = memoized<number>((n, self) => toolsOfNode(n).horizon(n as never, { horizonOf: self }));
  return of(node);
}

/**
 * The first step from which the value of `spec` never changes again (so the last step at which it
 * changes): an integer, or `Infinity` for cyclic, periodic or unbounded schedules. Validates `spec`.
 */
export function horizonOf(spec: Schedule): number {
  const h = nodeHorizon(sealSchedule(spec));
  return Number.isFinite(h) ? Math.ceil(h) : Infinity;
}

/**
 * The run length `spec` was planned for: its horizon, except where the family plans differently
 * (one-cycle: `steps` updates, whose last one already has the final value). Undefined when it never ends.
 */
export function plannedStepsOf(spec: Schedule): number | undefined {
  const s = sealSchedule(spec);
  const planned = toolsOfNode(s).plannedSteps?.(s as never) ?? nodeHorizon(s);
  return Number.isFinite(planned) ? Math.ceil(planned) : undefined;
}
