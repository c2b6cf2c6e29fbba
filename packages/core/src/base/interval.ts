/**
 * Closed intervals of values, for the range proofs every family gives: a family states the interval
 * its values lie in (over steps 0 to `PROOF_HORIZON`) from its fields and its children's intervals;
 * validation refuses a spec whose interval is not inside `[-MAX_VALUE, MAX_VALUE]`. Because every
 * bound is at most 1e300 in magnitude, the few additions and products by constants of order one
 * inside a family's formula cannot overflow; products and powers that can are bounded explicitly.
 */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** Largest magnitude of a value, a field value or a range bound: 1e300. */
export const MAX_VALUE = 1e300;

/** Steps over which the ranges (and the promise of finite values) hold: 0 to 1e12. */
export const PROOF_HORIZON = 1e12;

export const point = (v: number): Interval => ({ lo: v, hi: v });

export function between(a: number, b: number): Interval {
  return a <= b ? { lo: a, hi: b } : { lo: b, hi: a };
}

/** The smallest interval holding all of `xs`. */
export function hull(...xs: Interval[]): Interval {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x.lo < lo || Number.isNaN(x.lo)) lo = Number.isNaN(x.lo) ? NaN : x.lo;
    if (x.hi > hi || Number.isNaN(x.hi)) hi = Number.isNaN(x.hi) ? NaN : x.hi;
  }
  return { lo, hi };
}

export function plus(a: Interval, b: Interval): Interval {
  return { lo: a.lo + b.lo, hi: a.hi + b.hi };
}

export function minus(a: Interval, b: Interval): Interval {
  return { lo: a.lo - b.hi, hi: a.hi - b.lo };
}

export function times(a: Interval, b: Interval): Interval {
  const c = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map((x) => (Number.isNaN(x) ? 0 : x));
  return { lo: Math.min(...c), hi: Math.max(...c) };
}

export function timesConst(a: Interval, k: number): Interval {
  return between(a.lo * k, a.hi * k);
}

/** The largest magnitude in `a`. */
export function magnitude(a: Interval): number {
  return Math.max(Math.abs(a.lo), Math.abs(a.hi));
}

/** Whether both bounds are finite and at most `MAX_VALUE` in magnitude. */
export function bounded(a: Interval): boolean {
  return magnitude(a) <= MAX_VALUE;
}

/** `a` limited to `[min, max]` (either bound optional). */
export function clampInterval(a: Interval, min: number | undefined, max: number | undefined): Interval {
  let { lo, hi } = a;
  if (min !== undefined) {
    lo = Math.max(lo, min);
    hi = Math.max(hi, min);
  }
  if (max !== undefined) {
    lo = Math.min(lo, max);
    hi = Math.min(hi, max);
  }
  return { lo, hi };
}

/** Readable form for messages: `[0.001, 0.1]`. */
export function formatInterval(a: Interval): string {
  return `[${a.lo}, ${a.hi}]`;
}

/** The smallest interval holding every number of `values` (no spread: safe for huge arrays). */
export function spanOf(values: Iterable<number>): Interval {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}
