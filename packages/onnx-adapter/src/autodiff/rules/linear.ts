import type { AttrValue } from '../../onnx/graph.js';
import { attrFloat, attrInt } from '../ir.js';
import type { GradContext, OpGradient } from '../reverse.js';

// Y = α·A'·B' + β·C with A' = transA ? Aᵀ : A (and B'): each gradient is one more Gemm with the
// transposes folded into its flags.
function gemm(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const dy = c.dy(0)!;
  const alpha = attrFloat(c.node, 'alpha', 1);
  const beta = attrFloat(c.node, 'beta', 1);
  const ta = attrInt(c.node, 'transA', 0) === 1;
  const tb = attrInt(c.node, 'transB', 0) === 1;
  const scale: Record<string, AttrValue> = alpha === 1 ? {} : { alpha: { float: alpha } };
  const [a, b] = [c.x(0), c.x(1)];
  const da = !c.wants(0) ? undefined : ta ? g.op('Gemm', [b, dy], { transA: tb ? 1 : 0, transB: 1, ...scale }) : g.op('Gemm', [dy, b], { transB: tb ? 0 : 1, ...scale });
  const db = !c.wants(1) ? undefined : tb ? g.op('Gemm', [dy, a], { transA: 1, transB: ta ? 1 : 0, ...scale }) : g.op('Gemm', [a, dy], { transA: ta ? 0 : 1, ...scale });
  let dc: string | undefined;
  if (c.wants(2)) {
    const summed = c.unbroadcast(dy, c.y(0), c.x(2));
    dc = beta === 1 ? summed : g.op('Mul', [summed, c.f(beta)]);
  }
  return [da, db, dc];
}

// numpy matmul: rank-2 operands use Gemm; otherwise MatMul against the transposed other operand,
// with rank-1 operands lifted to matrices and broadcast batch dims summed back.
function matmul(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const dy = c.dy(0)!;
  const [a, b] = [c.x(0), c.x(1)];
  const ad = c.dims(a);
  const bd = c.dims(b);
  if (ad.length === 2 && bd.length === 2) {
    return [c.wants(0) ? g.op('Gemm', [dy, b], { transB: 1 }) : undefined, c.wants(1) ? g.op('Gemm', [a, dy], { transA: 1 }) : undefined];
  }
  const a2 = ad.length === 1 ? g.op('Unsqueeze', [a, c.ints([0])]) : a;
  const b2 = bd.length === 1 ? g.op('Unsqueeze', [b, c.ints([1])]) : b;
  const a2d = ad.length === 1 ? [1, ad[0]] : ad;
  const b2d = bd.length === 1 ? [bd[0], 1] : bd;
  const yd = c.dims(c.y(0));
  const batch = yd.slice(0, yd.length - (ad.length === 1 ? 0 : 1) - (bd.length === 1 ? 0 : 1));
  let dy2 = dy;
  if (ad.length === 1) dy2 = g.op('Unsqueeze', [dy2, c.ints([-1 - (bd.length === 1 ? 0 : 1)])]);
  if (bd.length === 1) dy2 = g.op('Unsqueeze', [dy2, c.ints([-1])]);
  const swap = (rank: number) => [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
  const out: Array<string | undefined> = [undefined, undefined];
  if (c.wants(0)) {
    const full = g.op('MatMul', [dy2, g.op('Transpose', [b2], { perm: swap(b2d.length) })]);
    let da = c.unbroadcast(full, [...batch, a2d[a2d.length - 2], a2d[a2d.length - 1]], a, a2d);
    if (ad.length === 1) da = g.op('Reshape', [da, c.ints([-1])]);
    out[0] = da;
  }
  if (c.wants(1)) {
    const full = g.op('MatMul', [g.op('Transpose', [a2], { perm: swap(a2d.length) }), dy2]);
    let db = c.unbroadcast(full, [...batch, b2d[b2d.length - 2], b2d[b2d.length - 1]], b, b2d);
    if (bd.length === 1) db = g.op('Reshape', [db, c.ints([-1])]);
    out[1] = db;
  }
  return out;
}

export const linear: Record<string, OpGradient> = {
  Gemm: { rule: gemm },
  MatMul: { rule: matmul },
};
