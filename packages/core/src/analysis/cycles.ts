import type { ScheduleNode } from '../base/fields.js';
import type { Schedule } from '../spec.js';
import { sealSchedule } from '../validate/parse.js';
import { toolsOfNode } from './tree.js';

/** Time for `cycles` cycles of a validated node, or undefined when it has no cycles. */
export function nodeCycleSteps(node: ScheduleNode, cycles: number): number | undefined {
  const of = (n: ScheduleNode, c: number): number | undefined => toolsOfNode(n).cycleSteps?.(n as never, c, { cycleStepsOf: of });
  return of(node, cycles);
}

/**
 * Steps needed to complete `cycles` full cycles of `spec`, counted from step 0 (a warmup in front
 * counts), in the spirit of keras_one_cycle_clr's `find_n_epoch`: cyclic `cycles·(upSteps +
 * downSteps)`, cosine restarts the sum of the first periods, repeat `cycles·steps`, a continuing
 * cosine `cycles·2·steps`, a cycling polynomial `cycles·steps`. Rounded up to a whole step. Throws a
 * RangeError for a schedule without cycles.
 */
export function stepsForCycles(spec: Schedule, cycles: number): number {
  if (!Number.isSafeInteger(cycles) || cycles < 1) throw new RangeError(`cycles must be a positive integer, got ${String(cycles)}`);
  const s = sealSchedule(spec);
  const steps = nodeCycleSteps(s, cycles);
  if (steps === undefined) {
    throw new RangeError(`a ${JSON.stringify(s.type)} schedule has no cycles to count (use cyclic, cosineRestarts, repeat, a continuing cosine or a cycling polynomial)`);
  }
  // a sum of real periods that is a whole number up to float rounding counts as that number
  const r = Math.round(steps);
  return Math.abs(steps - r) <= 1e-9 * Math.max(1, steps) ? r : Math.ceil(steps);
}

/**
 * Whole epochs needed to complete `cycles` cycles: `ceil(stepsForCycles / stepsPerEpoch)`. `steps`
 * is the step count and `extraSteps` what the last epoch runs past the end of the last cycle.
 */
export function epochsForCycles(spec: Schedule, options: { cycles: number; stepsPerEpoch: number }): { epochs: number; steps: number; extraSteps: number } {
  const { cycles, stepsPerEpoch } = options;
  if (!Number.isSafeInteger(stepsPerEpoch) || stepsPerEpoch < 1) throw new RangeError(`stepsPerEpoch must be a positive integer, got ${String(stepsPerEpoch)}`);
  const steps = stepsForCycles(spec, cycles);
  const epochs = Math.ceil(steps / stepsPerEpoch);
  return { epochs, steps, extraSteps: epochs * stepsPerEpoch - steps };
}
