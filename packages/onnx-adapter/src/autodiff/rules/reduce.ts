import { productDims } from '../dims.js';
import { attrFloat, attrInt, attrInts } from '../ir.js';
import type { GradContext, OpGradient } from '../reverse.js';

// Reductions and normalizations: the gradient of a reduced value is broadcast back over the
// reduced axes.

const normAxis = (a: number, rank: number) => (a < 0 ? a + rank : a);

function reducedAxes(c: GradContext): number[] | 'none' {
  const rank = c.dims(c.x(0)).length;
  const given = (c.node.inputs[1] ?? '') !== '' ? c.staticValue(1, 'axes') : (attrInts(c.node, 'axes') ?? []);
  if (given.length === 0) return attrInt(c.node, 'noop_with_empty_axes', 0) === 1 ? 'none' : Array.from({ length: rank }, (_, i) => i);
  return given.map((a) => normAxis(a, rank)).sort((a, b) => a - b);
}

function reduce(mean: boolean) {
  return (c: GradContext): Array<string | undefined> => {
    const { g } = c;
    const axes = reducedAxes(c);
    let dy = c.dy(0)!;
    if (axes === 'none') return [dy];
    if (mean) {
      const xd = c.dims(c.x(0));
      const count = productDims(axes.map((a) => xd[a]));
      const n = typeof count === 'number' ? c.f(count) : g.op('Cast', [g.op('Div', [g.op('Size', [c.x(0)]), g.op('Size', [c.y(0)])])], { to: 1 });
      dy = g.op('Div', [dy, n]);
    }
    if (attrInt(c.node, 'keepdims', 1) === 0) dy = g.op('Unsqueeze', [dy, c.ints(axes)]);
    return [g.op('Expand', [dy, c.shapeOf(c.x(0))])];
  };
}

function softmax(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const axis = normAxis(attrInt(c.node, 'axis', -1), c.dims(c.x(0)).length);
  const y = c.y(0);
  const dy = c.dy(0)!;
  const inner = g.op('ReduceSum', [g.op('Mul', [dy, y]), c.ints([axis])], { keepdims: 1 });
  return [g.op('Mul', [y, g.op('Sub', [dy, inner])])];
}

function logSoftmax(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const axis = normAxis(attrInt(c.node, 'axis', -1), c.dims(c.x(0)).length);
  const dy = c.dy(0)!;
  const sum = g.op('ReduceSum', [dy, c.ints([axis])], { keepdims: 1 });
  return [g.op('Sub', [dy, g.op('Mul', [g.op('Exp', [c.y(0)]), sum])])];
}

// y = x̂·scale + bias with x̂ = (x - mean)·invstd over the axes from `axis` on; the forward node is
// asked for its Mean and InvStdDev outputs. dx = invstd·(dx̂ - mean(dx̂) - x̂·mean(dx̂·x̂)).
function layerNorm(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const x = c.x(0);
  const rank = c.dims(x).length;
  const axis = normAxis(attrInt(c.node, 'axis', -1), rank);
  const axes = c.ints(Array.from({ length: rank - axis }, (_, i) => axis + i));
  const dy = c.dy(0)!;
  const xhat = g.op('Mul', [g.op('Sub', [x, c.y(1)]), c.y(2)]);
  const out: Array<string | undefined> = [undefined, undefined, undefined];
  if (c.wants(1)) out[1] = c.unbroadcast(g.op('Mul', [dy, xhat]), c.y(0), c.x(1));
  if (c.wants(2)) out[2] = c.unbroadcast(dy, c.y(0), c.x(2));
  if (c.wants(0)) {
    const dxhat = g.op('Mul', [dy, c.x(1)]);
    const m1 = g.op('ReduceMean', [dxhat, axes], { keepdims: 1 });
    const m2 = g.op('ReduceMean', [g.op('Mul', [dxhat, xhat]), axes], { keepdims: 1 });
    out[0] = g.op('Mul', [c.y(2), g.op('Sub', [g.op('Sub', [dxhat, m1]), g.op('Mul', [xhat, m2])])]);
  }
  return out;
}

// Inference form: y = (x - mean)·scale/√(var + ε) + bias with the running statistics constant.
function batchNorm(c: GradContext): Array<string | undefined> {
  const { g } = c;
  if (attrInt(c.node, 'training_mode', 0) === 1) c.fail('a training-mode BatchNormalization must be lowered before differentiation');
  const x = c.x(0);
  const rank = c.dims(x).length;
  const spread = (v: string) => (rank > 2 ? g.op('Unsqueeze', [v, c.ints(Array.from({ length: rank - 2 }, (_, i) => i + 1))]) : v);
  const eps = attrFloat(c.node, 'epsilon', 1e-5);
  const invstd = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [c.x(4), c.f(eps)])])]);
  const dy = c.dy(0)!;
  const others = c.ints([0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)]);
  const out: Array<string | undefined> = [undefined, undefined, undefined, undefined, undefined];
  if (c.wants(0)) out[0] = g.op('Mul', [dy, spread(g.op('Mul', [c.x(1), invstd]))]);
  if (c.wants(1)) {
    const xhat = g.op('Mul', [g.op('Sub', [x, spread(c.x(3))]), spread(invstd)]);
    out[1] = g.op('ReduceSum', [g.op('Mul', [dy, xhat]), others], { keepdims: 0 });
  }
  if (c.wants(2)) out[2] = g.op('ReduceSum', [dy, others], { keepdims: 0 });
  return out;
}

export const reductions: Record<string, OpGradient> = {
  ReduceSum: { rule: reduce(false), nondiff: [1], nondiffWhat: 'the axes' },
  ReduceMean: { rule: reduce(true), nondiff: [1], nondiffWhat: 'the axes' },
  Softmax: { rule: softmax },
  LogSoftmax: { rule: logSoftmax },
  LayerNormalization: {
    rule: layerNorm,
    prepare(node, fresh) {
      while (node.outputs.length < 3) node.outputs.push('');
      if (node.outputs[1] === '') node.outputs[1] = fresh('ln_mean');
      if (node.outputs[2] === '') node.outputs[2] = fresh('ln_invstd');
    },
  },
  BatchNormalization: { rule: batchNorm, nondiff: [3, 4], nondiffWhat: 'a running statistic' },
};
