/** A mistake in the command line itself: printed with a usage hint, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Bad input (unreadable file, invalid JSON or spec, failed conversion, unwritable output): exit code 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Exit codes: 0 success, 1 invalid input, a failed check or an I/O failure, 2 a usage error,
 * 70 an internal error (a bug in cyclr: please report it; `--debug` prints the stack trace).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 70 } as const;
