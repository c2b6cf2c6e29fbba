/**
 * A counter-based random generator: every draw is a pure function of (seed, step, draw index), so
 * noise is identical on resume, in any evaluation order and in every JavaScript engine.
 *
 * - Bits: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011),
 *   counter `(stepLo, stepHi, draw, attempt)`, key `(seedLo, seedHi)`. Only 32-bit integer operations
 *   (`Math.imul`, `>>>`, `^`) and exact double arithmetic on integers below 2^53 are used; the
 *   Random123 known-answer vectors are in the tests.
 * - Uniforms: 53 bits per draw, `k / 2^53` in [0, 1).
 * - Normals: Marsaglia's polar method with `detLog`, a logarithm built from + - * / only (exact
 *   power-of-two range reduction, then a fixed-length atanh series), plus `Math.sqrt`. IEEE-754 rounds
 *   all of these exactly, so the result does not depend on the engine's `Math.log`/`Math.cos`. A
 *   rejected pair (s >= 1 or s = 0, probability 1 - π/4) moves to the next attempt; after 64 attempts
 *   (probability 1e-43) the draw is 0.
 */

// Philox4x32 multipliers 0xD2511F53, 0xCD9E8D57 and Weyl key increments 0x9E3779B9, 0xBB67AE85
// appear below as literals (halves for mulhi, signed int32 for Math.imul and the key bump) so that
// engines fold them even when a bundler turns module constants into `var`s. Words are kept as signed
// int32 internally (unboxed in V8); only outputs are read as unsigned.
const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;
const MAX_ATTEMPTS = 64;

/**
 * No normal draw exceeds this in magnitude: with u, v multiples of 2^-52, the smallest s = u² + v²
 * is 2^-104, and |u·sqrt(-2 ln s / s)| <= sqrt(-2 ln s) <= sqrt(208 ln 2) = 12.0069 (range proofs use it).
 */
export const NORMAL_BOUND = 12.01;

/**
 * High 32 bits of the 64-bit product of a 32-bit constant (given as 16-bit halves) and `b`, from
 * 16-bit limbs (Hacker's Delight mulhu): every intermediate stays below 2^32, so it is exact.
 */
function mulhi(aLo: number, aHi: number, b: number): number {
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const m1 = aHi * bLo + ((aLo * bLo) >>> 16);
  const m2 = aLo * bHi + (m1 & 0xffff);
  return (aHi * bHi + (m1 >>> 16) + (m2 >>> 16)) | 0;
}

// Scratch output of the last block (the module is synchronous, so one buffer suffices).
const block = new Int32Array(4);

function philoxBlock(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void {
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 - 1640531527) | 0; // + 0x9E3779B9
      k1 = (k1 - 1150833019) | 0; // + 0xBB67AE85
    }
    const hi0 = mulhi(0x1f53, 0xd251, c0);
    const lo0 = Math.imul(-766435501, c0); // 0xD2511F53
    const hi1 = mulhi(0x8d57, 0xcd9e, c2);
    const lo1 = Math.imul(-845247145, c2); // 0xCD9E8D57
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
  }
  block[0] = c0;
  block[1] = c1;
  block[2] = c2;
  block[3] = c3;
}

/**
 * Philox4x32-10 of a 4-word counter and a 2-word key (unsigned 32-bit integers), as in Random123.
 * Exposed for known-answer tests and for adapters that need raw bits.
 */
export function philox4x32(counter: readonly [number, number, number, number], key: readonly [number, number]): [number, number, number, number] {
  philoxBlock(counter[0] | 0, counter[1] | 0, counter[2] | 0, counter[3] | 0, key[0] | 0, key[1] | 0);
  return [block[0] >>> 0, block[1] >>> 0, block[2] >>> 0, block[3] >>> 0];
}

// For a non-negative safe integer, ToInt32 keeps exactly the low 32 bits, and dividing by 2^32 is exact.
function lo32(n: number): number {
  return n | 0;
}
function hi32(n: number): number {
  return (n / TWO_32) | 0;
}

/** Fills `block` for (seed, step, draw, attempt). */
function keyed(seed: number, step: number, draw: number, attempt: number): void {
  philoxBlock(lo32(step), hi32(step), draw | 0, attempt, lo32(seed), hi32(seed));
}

/**
 * A uniform draw in [0, 1) (53 random bits) keyed by `(seed, step, draw)`; `seed` and `step` are
 * non-negative safe integers, `draw` a small non-negative integer for several draws at one step.
 */
export function uniformAt(seed: number, step: number, draw = 0): number {
  keyed(seed, step, draw, 0);
  return ((block[0] >>> 5) * 67108864 + (block[1] >>> 6)) / TWO_53;
}

/** A standard normal draw keyed by `(seed, step, draw)` (polar method, engine-independent). */
export function normalAt(seed: number, step: number, draw = 0): number {
  const sLo = lo32(seed);
  const sHi = hi32(seed);
  const tLo = lo32(step);
  const tHi = hi32(step);
  const d = draw | 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    philoxBlock(tLo, tHi, d, attempt, sLo, sHi);
    // 2·k/2^53 - 1 is exact: u, v are multiples of 2^-52 in [-1, 1).
    const u = (2 * ((block[0] >>> 5) * 67108864 + (block[1] >>> 6))) / TWO_53 - 1;
    const v = (2 * ((block[2] >>> 5) * 67108864 + (block[3] >>> 6))) / TWO_53 - 1;
    const s = u * u + v * v;
    if (s >= 1 || s === 0) continue;
    return u * Math.sqrt((-2 * detLog(s)) / s);
  }
  return 0;
}

// fdlibm's split of ln 2: LN2_HI has trailing zero bits, so e·LN2_HI is exact for |e| < 2^11.
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const TWO_P32 = 4294967296;
const TWO_M32 = 1 / 4294967296;

/**
 * Natural logarithm of a positive finite `x` using only + - * / (so every engine gives the same
 * bits). `x = m·2^e` with `m` in [√½, √2] (scaling by powers of two is exact), then
 * `ln m = 2·atanh(z)`, `z = (m - 1)/(m + 1)`, |z| <= 0.1716, summed to z^23 (truncation below
 * 2^-55 relative). Within 2 ulp of the true value; not exported from the package.
 */
export function detLog(x: number): number {
  let m = x;
  let e = 0;
  while (m >= TWO_P32) {
    m *= TWO_M32;
    e += 32;
  }
  while (m < TWO_M32) {
    m *= TWO_P32;
    e -= 32;
  }
  while (m >= 2) {
    m *= 0.5;
    e += 1;
  }
  while (m < 1) {
    m *= 2;
    e -= 1;
  }
  if (m > Math.SQRT2) {
    m *= 0.5;
    e += 1;
  }
  const z = (m - 1) / (m + 1);
  const z2 = z * z;
  let series = 1 / 23;
  series = 1 / 21 + z2 * series;
  series = 1 / 19 + z2 * series;
  series = 1 / 17 + z2 * series;
  series = 1 / 15 + z2 * series;
  series = 1 / 13 + z2 * series;
  series = 1 / 11 + z2 * series;
  series = 1 / 9 + z2 * series;
  series = 1 / 7 + z2 * series;
  series = 1 / 5 + z2 * series;
  series = 1 / 3 + z2 * series;
  series = z2 * series;
  const lnM = 2 * z + 2 * z * series;
  return e * LN2_HI + (e * LN2_LO + lnM);
}
