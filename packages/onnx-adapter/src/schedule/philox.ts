import type { Emitter } from './ops.js';

/**
 * Core's counter-based generator (Philox4x32-10, counter `(stepLo, stepHi, draw, attempt)`, key
 * `(seedLo, seedHi)`) in ONNX integer ops: 32-bit words live in int64 tensors, products use 16-bit
 * limbs so every intermediate stays below 2^50, shifts are integer divisions of non-negative values,
 * and XOR is `BitwiseXor` (opset 18). The bits are therefore identical to core's; only the final
 * float transform (uniform scaling, the polar method's log and sqrt) runs in the compute dtype.
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO_32 = 4294967296;
const MASK32 = 0xffffffff;
/** polar-method attempts, as core (probability of exhausting them: (1 - π/4)^64 ≈ 1e-43) */
export const NORMAL_ATTEMPTS = 64;

function and(e: Emitter, a: string, mask: number): string {
  return e.op('BitwiseAnd', [a, e.ci(mask)]);
}
function shr(e: Emitter, a: string, bits: number): string {
  return e.op('Div', [a, e.ci(2 ** bits)]);
}
function xor(e: Emitter, a: string, b: string): string {
  return e.op('BitwiseXor', [a, b]);
}

/** high 32 bits of the 64-bit product of the constant `m` and the word `b` (Hacker's Delight mulhu) */
function mulhi(e: Emitter, m: number, b: string): string {
  const mLo = e.ci(m & 0xffff);
  const mHi = e.ci(m >>> 16);
  const bLo = and(e, b, 0xffff);
  const bHi = shr(e, b, 16);
  const m1 = e.add(e.mul(mHi, bLo), shr(e, e.mul(mLo, bLo), 16));
  const m2 = e.add(e.mul(mLo, bHi), and(e, m1, 0xffff));
  return e.add(e.add(e.mul(mHi, bHi), shr(e, m1, 16)), shr(e, m2, 16));
}

/** low 32 bits of the product of the constant `m` and the word `b` */
function mullo(e: Emitter, m: number, b: string): string {
  const bLo = and(e, b, 0xffff);
  const bHi = shr(e, b, 16);
  const cross = e.mul(and(e, e.mul(e.ci(m), bHi), 0xffff), e.ci(65536));
  return and(e, e.add(e.mul(e.ci(m), bLo), cross), MASK32);
}

/** Philox4x32-10 of int64 word tensors (broadcasting) and a constant key; returns the 4 output words. */
export function philoxBlock(e: Emitter, counter: [string, string, string, string], seed: number): [string, string, string, string] {
  let [c0, c1, c2, c3] = counter;
  let k0 = seed % TWO_32 >>> 0;
  let k1 = Math.floor(seed / TWO_32) >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi(e, M0, c0);
    const lo0 = mullo(e, M0, c0);
    const hi1 = mulhi(e, M1, c2);
    const lo1 = mullo(e, M1, c2);
    const n0 = xor(e, xor(e, hi1, c1), e.ci(k0));
    const n2 = xor(e, xor(e, hi0, c3), e.ci(k1));
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
  }
  return [c0, c1, c2, c3];
}

function counterOf(e: Emitter, t: string, draw: number, attempt: string): [string, string, string, string] {
  return [and(e, t, MASK32), shr(e, t, 32), e.op('Expand', [e.ci(draw), e.op('Shape', [t])]), attempt];
}

/** 53-bit integer k = (w0 >>> 5)·2^26 + (w1 >>> 6), as int64 */
function bits53(e: Emitter, w0: string, w1: string): string {
  return e.add(e.mul(shr(e, w0, 5), e.ci(67108864)), shr(e, w1, 6));
}

/** core's uniformAt(seed, t, draw) in [0, 1): k / 2^53 */
export function emitUniform(e: Emitter, seed: number, t: string, draw: number): string {
  const [w0, w1] = philoxBlock(e, counterOf(e, t, draw, e.op('Expand', [e.ci(0), e.op('Shape', [t])])), seed);
  return e.div(e.f(bits53(e, w0, w1)), e.c(2 ** 53));
}

/**
 * core's normalAt(seed, t, d) for d = firstDraw..firstDraw+draws-1, shape `[...t.shape, draws]`: Marsaglia's polar
 * method with `attempts` attempts computed side by side (an extra trailing axis), taking the first
 * accepted pair; 0 when none is accepted. Core tries 64 attempts; fewer differ from it only when
 * all of them are rejected, with probability (1 - π/4)^attempts (2e-11 for 16).
 */
export function emitNormals(e: Emitter, seed: number, t: string, draws: number, attempts: number, firstDraw = 0): string {
  const axis = e.g.constant([-1], 'int64');
  const t3 = e.op('Unsqueeze', [t, e.g.constant([-1, -2], 'int64')]); // [..., 1, 1]
  const zero3 = e.op('Mul', [t3, e.ci(0)]);
  const drawIdx = e.g.constant(Array.from({ length: draws }, (_, i) => firstDraw + i), 'int64', [draws, 1]);
  const attemptIdx = e.g.constant(Array.from({ length: attempts }, (_, i) => i), 'int64', [attempts]);
  const c2 = e.add(zero3, e.add(drawIdx, e.op('Mul', [attemptIdx, e.ci(0)]))); // [..., D, A]
  const c3 = e.add(zero3, e.add(e.op('Mul', [drawIdx, e.ci(0)]), attemptIdx));
  const [w0, w1, w2, w3] = philoxBlock(e, [and(e, t3, MASK32), shr(e, t3, 32), c2, c3], seed);
  const scale = e.c(2 ** 53);
  const u = e.sub(e.div(e.mul(e.c(2), e.f(bits53(e, w0, w1))), scale), e.c(1));
  const v = e.sub(e.div(e.mul(e.c(2), e.f(bits53(e, w2, w3))), scale), e.c(1));
  const s = e.add(e.mul(u, u), e.mul(v, v));
  const ok = e.op('And', [e.op('Less', [s, e.c(1)]), e.op('Greater', [s, e.c(0)])]);
  const okI = e.op('Cast', [ok], { to: 6 });
  const first = e.op('ArgMax', [okI], { axis: -1, keepdims: 1 }); // first accepted attempt
  const any = e.op('Squeeze', [e.op('Cast', [e.op('ReduceMax', [okI, axis], { keepdims: 1 })], { to: 9 }), axis]);
  const pick = (x: string): string => e.op('Squeeze', [e.op('GatherElements', [x, first], { axis: -1 }), axis]);
  const us = pick(u);
  const ones = e.op('Add', [e.op('Mul', [us, e.c(0)]), e.c(1)]);
  // when no attempt is accepted, read s = 1 so the log stays finite
  const ss = e.where(any, pick(s), ones);
  const value = e.mul(us, e.op('Sqrt', [e.div(e.mul(e.c(-2), e.op('Log', [ss])), ss)]));
  return e.where(any, value, e.op('Mul', [ones, e.c(0)]));
}

/** core's normalAt(seed, t, draw) (see emitNormals), same shape as `t`. */
export function emitNormal(e: Emitter, seed: number, t: string, draw: number, attempts: number): string {
  const one = emitNormals(e, seed, t, 1, attempts, draw);
  return e.op('Squeeze', [one, e.g.constant([-1], 'int64')]);
}

/**
 * core's drawNoise with a limit: the first of draws 0..draws-1 with |amount·n| < limit, else the last
 * one clamped to ±limit. Core allows 64 draws; `draws` fewer differ only when all are rejected.
 */
export function emitLimitedNormal(e: Emitter, seed: number, t: string, amount: number, limit: number, draws: number, attempts: number): string {
  const axis = e.g.constant([-1], 'int64');
  const n = e.mul(emitNormals(e, seed, t, draws, attempts), e.c(amount)); // [..., D]
  const ok = e.op('Cast', [e.op('Less', [e.op('Abs', [n]), e.c(limit)])], { to: 6 });
  const first = e.op('ArgMax', [ok], { axis: -1, keepdims: 1 });
  const any = e.op('Squeeze', [e.op('Cast', [e.op('ReduceMax', [ok, axis], { keepdims: 1 })], { to: 9 }), axis]);
  const chosen = e.op('Squeeze', [e.op('GatherElements', [n, first], { axis: -1 }), axis]);
  const last = e.op('Squeeze', [e.op('Gather', [n, e.g.constant([draws - 1], 'int64')], { axis: -1 }), axis]);
  const clamped = e.where(e.op('Less', [last, e.c(0)]), e.op('Mul', [e.op('Add', [e.op('Mul', [last, e.c(0)]), e.c(1)]), e.c(-limit)]), e.op('Mul', [e.op('Add', [e.op('Mul', [last, e.c(0)]), e.c(1)]), e.c(limit)]));
  return e.where(any, chosen, clamped);
}
