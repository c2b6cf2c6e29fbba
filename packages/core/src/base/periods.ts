/**
 * Growing periods shared by the restart families (cosineRestarts, tanh): period i (from 0) starts at
 * `s_i = length·(m^i - 1)/(m - 1)` (`i·length` for m = 1) and lasts `length·m^i`.
 */

const EXACT = 2 ** 53;

/**
 * How close below a boundary of equal periods a time must be to count as on it: `SNAP·t`, a few
 * float64 roundings of `t/length`. A length that floats cannot represent (HF's `T/num_cycles`,
 * 20/6 = 3.3333333333333335) puts `t = 10` a rounding short of its third multiple, so `t % length`
 * is 3.333333333333333 (the very end of period 2) where the exact arithmetic, and HF's
 * `(num_cycles·progress) % 1 = 0`, restart. Integer lengths are never snapped: `t % length` is
 * exact for them.
 */
export const SNAP = 4 * Number.EPSILON;

/**
 * `s_i`, the (possibly fractional) time at which period i starts. For an integer m and an integer
 * length it is exact while it matters (below 2^53): m^i is exact there, so is the integer quotient
 * (m^i - 1)/(m - 1), and so is length times it. For a real m, expm1/log1p keep it accurate near 1.
 */
export function periodStart(i: number, length: number, m: number, lnM: number): number {
  if (m === 1) return i * length;
  if (Number.isInteger(m)) {
    const pow = Math.pow(m, i);
    if (pow <= EXACT) return length * ((pow - 1) / (m - 1));
    // a huge m (> ~9000) still has few periods below 1e12: sum 1 + m + ... + m^(i-1) by Horner,
    // exactly while the sum stays below 2^53; far past 1e12, the plain float formula
    if (i > 64) return length * ((pow - 1) / (m - 1));
    let s = 0;
    for (let j = 0; j < i; j++) s = s * m + 1;
    return length * s;
  }
  return length * (Math.expm1(i * lnM) / (m - 1));
}

/** Where time `t` falls: the period index, the time since its start and its length. */
export interface PeriodPosition {
  index: number;
  offset: number;
  length: number;
}

/**
 * The period holding `t`: the `i` with `s_i <= t < s_{i+1}`. For m = 1 by exact division (`t %
 * length`); a fractional length whose multiple `t` misses by float rounding only (`length - u <=
 * SNAP·t`) puts `t` on that boundary, the first step of the next period (see `SNAP`; integer lengths
 * are left exactly as `t % length` gives them). Else the log formula (as Keras and timm compute it)
 * fixed up against `periodStart`, so boundaries are exact even at t = 1e12. Writes into `out` (no
 * allocation).
 */
export function periodAt(t: number, length: number, m: number, lnM: number, out: PeriodPosition): PeriodPosition {
  if (m === 1) {
    let u = t % length;
    let index = Math.round((t - u) / length);
    // (a whole length has length % 1 === 0: never snapped)
    if (length - u <= SNAP * t && length % 1 !== 0) {
      index++;
      u = 0;
    }
    out.index = index;
    out.offset = u;
    out.length = length;
    return out;
  }
  const y = (t / length) * (m - 1);
  let i = Math.floor(y < 1e300 ? Math.log1p(y) / lnM : (Math.log(t / length) + Math.log(m - 1)) / lnM);
  let s0 = periodStart(i, length, m, lnM);
  let s1 = periodStart(i + 1, length, m, lnM);
  for (let j = 0; j < 4 && i > 0 && s0 > t; j++) {
    i--;
    s1 = s0;
    s0 = periodStart(i, length, m, lnM);
  }
  for (let j = 0; j < 4 && s1 <= t; j++) {
    i++;
    s0 = s1;
    s1 = periodStart(i + 1, length, m, lnM);
  }
  let u = t - s0;
  let len = s1 - s0;
  // only far past 1e15, where floats can no longer tell periods apart: keep the value finite
  if (!(u >= 0 && u < len && len < Infinity)) {
    u = 0;
    len = 1;
  }
  out.index = i;
  out.offset = u;
  out.length = len;
  return out;
}

/** Period starts `s_0 .. s_n` tabulated up to `limit` (at most `max` periods), for binary search in hot loops. */
export function periodTable(length: number, m: number, lnM: number, periods: number, limit = EXACT, max = 4096): Float64Array {
  const starts: number[] = [];
  for (let i = 0; i <= periods && i < max; i++) {
    const s = periodStart(i, length, m, lnM);
    starts.push(s);
    if (s > limit) break;
  }
  return Float64Array.from(starts);
}

/** Time needed for the first `cycles` periods. */
export function periodsLength(cycles: number, length: number, m: number): number {
  return periodStart(cycles, length, m, Math.log1p(m - 1));
}
