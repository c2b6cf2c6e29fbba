/** Small numeric helpers shared by family formulas (no schedule knowledge here). */

/**
 * `floor(t / d)` as Python computes `t // d` for floats (fmod, then the quotient rounded to the
 * nearest integer), which is what PyTorch and timm use for step sizes such as 2.4 epochs. For
 * integers it is the exact integer quotient.
 */
export function floorDiv(t: number, d: number): number {
  const mod = t % d;
  let div = (t - mod) / d;
  if (mod !== 0 && d < 0 !== mod < 0) div -= 1;
  let f = Math.floor(div);
  if (div - f > 0.5) f += 1;
  return f;
}

/**
 * `k = floor(t / total)` with `0 <= t - k·total < total` holding in floats: an estimate by
 * multiplication with `inverse = 1/total` (no division in hot loops), corrected against the
 * remainder. Exact for integers at every safe integer.
 */
export function cycleIndex(t: number, total: number, inverse: number): number {
  let c = Math.floor(t * inverse);
  let pos = t - c * total;
  for (let i = 0; i < 4 && pos < 0; i++) {
    c -= 1;
    pos += total;
  }
  for (let i = 0; i < 4 && pos >= total; i++) {
    c += 1;
    pos -= total;
  }
  return c;
}

/** Number of entries of the sorted `xs` that are `<= t` (binary search). */
export function countAtMost(xs: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries of the sorted `xs` that are `< t` (binary search). */
export function countBelow(xs: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** At most this many breakpoints from one periodic family (explain and lint show a window). */
export const MAX_PERIODIC = 64;

/** `offset + k·every` for k = 1, 2, ... up to `limit` (at most `MAX_PERIODIC` of them). */
export function multiples(every: number, limit: number, offset = 0): number[] {
  const out: number[] = [];
  if (!(every > 0)) return out;
  for (let k = 1; out.length < MAX_PERIODIC; k++) {
    const b = offset + k * every;
    if (b > limit) break;
    out.push(b);
  }
  return out;
}

const scratch = new Float64Array(1);
const bits = new BigInt64Array(scratch.buffer);

/** The smallest double above `x` (for "just after a boundary": a Keras boundary owned by the previous value). */
export function after(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  scratch[0] = x;
  bits[0] += x > 0 ? 1n : -1n;
  return scratch[0];
}
