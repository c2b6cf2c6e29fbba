import type { OpSink } from '../autodiff/ir-builder.js';

/**
 * Philox4x32-10 (Salmon et al. 2011, the generator of core's noise) over many counters at once, in
 * few ONNX nodes: the two words each round multiplies are stacked in one int64 tensor `[2, n]`
 * (so one Mul serves both products), and the stack alternates its row order from round to round
 * instead of swapping words. 32-bit words live in int64; a 32×32-bit product is split at 16 bits
 * (every intermediate below 2^49), so the bits are exactly Philox's.
 *
 * Returns the four output words of each counter (c0[i], c1, c2, c3) as int64 `[n]` tensors.
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

export function philoxWords(b: OpSink, c0: string, c1: string, c2: string, c3: string, key: [number, number]): [string, string, string, string] {
  const i64 = (v: number | number[], dims?: number[]) => b.constant(v, 'int64', dims);
  const lo16 = i64(0xffff);
  const two16 = i64(65536);
  const lo32 = i64(0xffffffff);
  const count = b.op('Shape', [c0]);
  const row = (v: string) => b.op('Unsqueeze', [b.op('Expand', [v, count]), i64([0])]);
  let s = b.op('Concat', [row(c0), row(c2)], { axis: 0 }); // words multiplied this round
  let t = b.op('Concat', [row(c1), row(c3)], { axis: 0 }); // words xored in
  const swap = i64([1, 0]);
  let [k0, k1] = key;
  let flipped = false; // false: s = [c0; c2], t = [c1; c3]; true: s = [c2; c0], t = [c3; c1]
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const m = i64(flipped ? [M1, M0] : [M0, M1], [2, 1]);
    const hiHalf = b.op('Mul', [m, b.op('Div', [s, two16])]);
    const loHalf = b.op('Mul', [m, b.op('BitwiseAnd', [s, lo16])]);
    const hi = b.op('Div', [b.op('Add', [hiHalf, b.op('Div', [loHalf, two16])]), two16]);
    const lo = b.op('BitwiseAnd', [b.op('Add', [b.op('Mul', [b.op('BitwiseAnd', [hiHalf, lo16]), two16]), loHalf]), lo32]);
    const keys = i64(flipped ? [k0, k1] : [k1, k0], [2, 1]);
    s = b.op('BitwiseXor', [b.op('BitwiseXor', [hi, b.op('Gather', [t, swap], { axis: 0 })]), keys]);
    t = lo;
    flipped = !flipped;
  }
  // ten rounds: back to s = [c0; c2], t = [c1; c3]
  const pick = (x: string, r: number) => b.op('Squeeze', [b.op('Slice', [x, i64([r]), i64([r + 1])]), i64([0])]);
  return [pick(s, 0), pick(t, 0), pick(s, 1), pick(t, 1)];
}
