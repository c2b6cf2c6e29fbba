import { ScheduleSpecError } from '../src/base/errors.js';

/** The ScheduleSpecError `f` throws (any other outcome fails the test). */
export function specError(f: () => unknown): ScheduleSpecError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScheduleSpecError) return e;
    throw e;
  }
  throw new Error('expected a ScheduleSpecError');
}
