import { formatReceived } from './errors.js';

/**
 * Checks a step count: a non-negative safe integer number (the 0-based count of completed
 * updates). Throws a RangeError that echoes the value otherwise (a bigint, a string, NaN, 1.5, -1).
 */
export function checkStep(step: unknown, what = 'step'): asserts step is number {
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
    const meaning = what === 'step' ? ' (the 0-based count of completed updates)' : '';
    const hint = typeof step === 'bigint' ? ' (a bigint: pass a number)' : typeof step === 'number' && Number.isInteger(step) && step > 0 ? ' (beyond 2^53, where steps are no longer exact)' : '';
    throw new RangeError(`${what} must be a non-negative integer${meaning}, got ${formatReceived(step)}${hint}`);
  }
}

/** The fast form of `checkStep` for hot paths: one comparison chain, `checkStep` only when it fails. */
export function isStep(step: unknown): step is number {
  return typeof step === 'number' && step >= 0 && step <= Number.MAX_SAFE_INTEGER && Math.floor(step) === step;
}
