import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradcheck, type GradCase } from '../../test/gradcheck.js';
import { rng } from '../../test/helpers.js';
import type { IrBuilder } from './ir-builder.js';
import { GRADIENTS } from './rules/index.js';
import { DIFFERENTIABLE_OPS, SPATIAL_ATTR } from '../forward/lower.js';

// Every gradient rule against central finite differences of onnxruntime's forward pass, on shapes
// (and attributes) drawn at random per seed. Values of kinked functions (Relu, Abs, MaxPool, Clip)
// are kept away from their kinks so the differences are meaningful.

const SEEDS = [1, 2, 3];

type Gen = (r: () => number) => GradCase;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(((r() + 1) / 2) * (hi - lo + 1));
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[int(r, 0, xs.length - 1)];
const awayFromZero = (_: string, r: () => number) => (r() < 0 ? -1 : 1) * (0.2 + Math.abs(r()));
const positive = (_: string, r: () => number) => 0.5 + Math.abs(r());
const dims = (r: () => number, rank: number, lo = 1, hi = 4) => Array.from({ length: rank }, () => int(r, lo, hi));
/** values distinct by at least 0.05 (a shuffled ramp) so that maxima do not tie */
function ramp(n: number, seed: number): (name: string, r: () => number, i: number) => number {
  const order = Array.from({ length: n }, (_, i) => i);
  const r = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(((r() + 1) / 2) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return (_name, _r, i) => (order[i] - n / 2) * 0.05;
}
/** a shape broadcastable to `to`: leading dims dropped, some dims set to 1 */
function broadcastable(r: () => number, to: number[]): number[] {
  const drop = int(r, 0, to.length);
  return to.slice(drop).map((d) => (r() < -0.3 ? 1 : d));
}

const unary = (op: string, value?: GradCase['value'], attrs: Record<string, number | { float: number }> = {}): Gen => (r) => ({
  params: { x: dims(r, int(r, 1, 3)) },
  value,
  build: (b: IrBuilder) => b.op(op, ['x'], attrs),
});

function binary(op: string): Gen {
  return (r) => {
    const a = dims(r, int(r, 1, 3));
    const bd = broadcastable(r, a);
    const [pa, pb] = r() < 0 ? [a, bd] : [bd, a];
    return { params: { a: pa, b: pb }, value: op === 'Div' ? (n, rr) => (n === 'b' ? Math.sign(rr() || 1) * (0.5 + Math.abs(rr())) : rr()) : undefined, build: (b) => b.op(op, ['a', 'b']) };
  };
}

const conv: Gen = (r) => {
  const group = pick(r, [1, 1, 2]);
  const c = group * int(r, 1, 2);
  const m = group * int(r, 1, 2);
  const k = [int(r, 1, 3), int(r, 1, 3)];
  const strides = [int(r, 1, 2), int(r, 1, 2)];
  const dil = [int(r, 1, 2), int(r, 1, 2)];
  const pads = [int(r, 0, 1), int(r, 0, 1), int(r, 0, 2), int(r, 0, 1)];
  const hw = [int(r, 4, 7), int(r, 4, 7)];
  return {
    params: { x: [int(r, 1, 2), c, ...hw], w: [m, c / group, ...k], bias: [m] },
    build: (b) => b.op('Conv', ['x', 'w', 'bias'], { kernel_shape: k, strides, dilations: dil, pads, group }),
  };
};

const cases: Record<string, Gen[]> = {
  Identity: [unary('Identity')],
  Add: [binary('Add')],
  Sub: [binary('Sub')],
  Mul: [binary('Mul')],
  Div: [binary('Div')],
  Sum: [(r) => {
    const a = dims(r, 2);
    return { params: { a, b: broadcastable(r, a), c: a }, build: (b) => b.op('Sum', ['a', 'b', 'c']) };
  }],
  Neg: [unary('Neg')],
  Relu: [unary('Relu', awayFromZero)],
  LeakyRelu: [unary('LeakyRelu', awayFromZero, { alpha: { float: 0.1 } }), unary('LeakyRelu', awayFromZero)],
  Sigmoid: [unary('Sigmoid')],
  Tanh: [unary('Tanh')],
  Erf: [unary('Erf')],
  Exp: [unary('Exp')],
  Log: [unary('Log', positive)],
  Sqrt: [unary('Sqrt', positive)],
  Reciprocal: [unary('Reciprocal', awayFromZero)],
  Abs: [unary('Abs', awayFromZero)],
  Softplus: [unary('Softplus')],
  Pow: [2, 3, 0.5, -1.5].map((e): Gen => (r) => ({ params: { x: dims(r, 2) }, value: positive, build: (b) => b.op('Pow', ['x', b.constant(e)]) })),
  Clip: [(r) => ({ params: { x: dims(r, 2) }, value: (_, rr) => pick(rr, [-1, -0.3, 0.3, 1]) + rr() * 0.05, build: (b) => b.op('Clip', ['x', b.constant(-0.5), b.constant(0.5)]) })],
  Where: [(r) => {
    const d = dims(r, 2);
    return { params: { a: d, b: broadcastable(r, d) }, build: (b) => b.op('Where', [b.constant(Array.from({ length: d[0] * d[1] }, (_, i) => i % 3 === 0 ? 1 : 0), 'bool', d), 'a', 'b']) };
  }],
  Cast: [(r) => ({ params: { x: dims(r, 2) }, build: (b) => b.op('Cast', [b.op('Mul', [b.op('Cast', ['x'], { to: 11 }), b.constant(3, 'double')])], { to: 1 }) })],
  Gemm: [(r) => {
    const [m, k, n] = dims(r, 3, 1, 5);
    const transA = int(r, 0, 1);
    const transB = int(r, 0, 1);
    const cDims = pick(r, [[n], [m, n], [1, n], [m, 1], []]);
    return { params: { a: transA ? [k, m] : [m, k], b: transB ? [n, k] : [k, n], c: cDims }, build: (bb) => bb.op('Gemm', ['a', 'b', 'c'], { transA, transB, alpha: { float: 0.7 }, beta: { float: 1.3 } }) };
  }],
  MatMul: [
    (r) => {
      const [m, k, n] = dims(r, 3, 1, 4);
      return { params: { a: [m, k], b: [k, n] }, build: (b) => b.op('MatMul', ['a', 'b']) };
    },
    (r) => {
      const [bt, m, k, n] = dims(r, 4, 1, 3);
      return { params: { a: [bt, m, k], b: [k, n] }, build: (b) => b.op('MatMul', ['a', 'b']) };
    },
    (r) => {
      const [m, k, n] = dims(r, 3, 1, 3);
      return { params: { a: [2, 1, m, k], b: [3, k, n] }, build: (b) => b.op('MatMul', ['a', 'b']) };
    },
    (r) => {
      const [k, n] = dims(r, 2, 1, 4);
      return { params: { a: [k], b: [k, n] }, build: (b) => b.op('MatMul', ['a', 'b']) };
    },
    (r) => {
      const [m, k] = dims(r, 2, 1, 4);
      return { params: { a: [2, m, k], b: [k] }, build: (b) => b.op('MatMul', ['a', 'b']) };
    },
  ],
  Softmax: [(r) => {
    const d = dims(r, 3);
    return { params: { x: d }, build: (b) => b.op('Softmax', ['x'], { axis: int(r, -3, 2) }) };
  }],
  LogSoftmax: [(r) => {
    const d = dims(r, 3);
    return { params: { x: d }, build: (b) => b.op('LogSoftmax', ['x'], { axis: int(r, -3, 2) }) };
  }],
  Conv: [
    conv,
    (r) => ({ ...conv(r), params: { x: [1, 2, 5], w: [3, 2, 2], bias: [3] }, build: (b: IrBuilder) => b.op('Conv', ['x', 'w', 'bias'], { kernel_shape: [2], strides: [2], pads: [1, 0] }) }),
  ],
  ConvTranspose: [(r) => {
    const group = pick(r, [1, 2]);
    const c = group * int(r, 1, 2);
    const mg = int(r, 1, 2);
    const k = [int(r, 1, 3), int(r, 1, 3)];
    const strides = [int(r, 1, 2), int(r, 1, 2)];
    const pads = [int(r, 0, 1), 0, int(r, 0, 1), 0].map((p, i) => Math.min(p, k[i % 2] - 1));
    const outputPadding = strides.map((s) => int(r, 0, s - 1));
    return {
      params: { x: [int(r, 1, 2), c, int(r, 2, 4), int(r, 2, 4)], w: [c, mg, ...k], bias: [mg * group] },
      build: (b) => b.op('ConvTranspose', ['x', 'w', 'bias'], { kernel_shape: k, strides, pads, group, output_padding: outputPadding }),
    };
  }],
  MaxPool: [
    (r) => {
      const d = [int(r, 1, 2), int(r, 1, 2), 2 * int(r, 1, 3), 2 * int(r, 1, 3)];
      return { params: { x: d }, value: ramp(d.reduce((a, b) => a * b), int(r, 0, 99)), build: (b) => b.op('MaxPool', ['x'], { kernel_shape: [2, 2], strides: [2, 2] }) };
    },
    (r) => {
      const d = [1, int(r, 1, 2), int(r, 3, 5), int(r, 3, 5)];
      return { params: { x: d }, value: ramp(d.reduce((a, b) => a * b), int(r, 0, 99)), build: (b) => b.op('MaxPool', ['x'], { kernel_shape: [3, 3], strides: [1, 2], pads: [1, 1, 1, 0] }) };
    },
    (r) => {
      const d = [2, 3, 6];
      return { params: { x: d }, value: ramp(36, int(r, 0, 99)), build: (b) => b.op('MaxPool', ['x'], { kernel_shape: [3], strides: [2] }) };
    },
  ],
  AveragePool: [(r) => {
    const k = [int(r, 1, 3), int(r, 2, 3)];
    const strides = [int(r, 1, 2), int(r, 1, 2)];
    const pads = [int(r, 0, 1), int(r, 0, 1), int(r, 0, 1), int(r, 0, 1)].map((p, i) => Math.min(p, k[i % 2] - 1));
    return { params: { x: [int(r, 1, 2), int(r, 1, 2), int(r, 4, 6), int(r, 4, 6)] }, build: (b) => b.op('AveragePool', ['x'], { kernel_shape: k, strides, pads, count_include_pad: int(r, 0, 1) }) };
  }],
  GlobalAveragePool: [(r) => ({ params: { x: [int(r, 1, 2), int(r, 1, 3), int(r, 1, 4), int(r, 1, 4)] }, build: (b) => b.op('GlobalAveragePool', ['x']) })],
  Flatten: [(r) => ({ params: { x: dims(r, 3) }, build: (b) => b.op('Flatten', ['x'], { axis: int(r, 0, 3) }) })],
  Reshape: [(r) => {
    const d = dims(r, 3);
    return { params: { x: d }, build: (b) => b.op('Reshape', ['x', b.constant([d[2], -1], 'int64')]) };
  }],
  Transpose: [(r) => {
    const perm = pick(r, [[0, 2, 1], [2, 0, 1], [1, 2, 0], [2, 1, 0]]);
    return { params: { x: dims(r, 3, 2, 4) }, build: (b) => b.op('Transpose', ['x'], { perm }) };
  }],
  Squeeze: [(r) => ({ params: { x: [int(r, 1, 3), 1, int(r, 1, 3)] }, build: (b) => b.op('Squeeze', ['x', b.constant([1], 'int64')]) })],
  Unsqueeze: [(r) => ({ params: { x: dims(r, 2) }, build: (b) => b.op('Unsqueeze', ['x', b.constant([0, -1], 'int64')]) })],
  Expand: [(r) => {
    const d = [1, int(r, 1, 3)];
    return { params: { x: d }, build: (b) => b.op('Expand', ['x', b.constant([int(r, 2, 3), 2, d[1]], 'int64')]) };
  }],
  Concat: [(r) => {
    const axis = int(r, 0, 1);
    const d = dims(r, 2);
    const other = [...d];
    other[axis] = int(r, 1, 3);
    return { params: { a: d, b: other, c: d }, build: (b) => b.op('Concat', ['a', 'b', 'c'], { axis }) };
  }],
  Split: [(r) => {
    const n = int(r, 3, 6);
    const first = int(r, 1, n - 1);
    return {
      params: { x: [2, n] },
      // the second part is unused: its gradient is zero
      build: (b) => {
        const [p, q] = b.opN('Split', ['x', b.constant([first, n - first], 'int64')], 2, { axis: 1 });
        void q;
        return b.op('Mul', [p, b.constant(2)]);
      },
    };
  }, (r) => ({ params: { x: [4, int(r, 1, 3)] }, build: (b) => b.op('Concat', b.opN('Split', ['x'], 2, { axis: 0, num_outputs: 2 }).reverse(), { axis: 1 }) })],
  Slice: [(r) => {
    const d = [int(r, 3, 6), int(r, 3, 6)];
    return { params: { x: d }, build: (b) => b.op('Slice', ['x', b.constant([1, -int(r, 2, 3)], 'int64'), b.constant([d[0] - 1, 2 ** 62], 'int64'), b.constant([0, 1], 'int64')]) };
  }],
  Gather: [
    (r) => ({ params: { x: [int(r, 3, 5), 2] }, build: (b) => b.op('Gather', ['x', b.constant([0, 2, -1, 2], 'int64', [2, 2])], { axis: 0 }) }),
    (r) => ({ params: { x: [2, int(r, 3, 5), 3] }, build: (b) => b.op('Gather', ['x', b.constant([1, 1, 0], 'int64')], { axis: 1 }) }),
    () => ({ params: { x: [4, 3] }, build: (b) => b.op('Gather', ['x', b.constant(2, 'int64')], { axis: 1 }) }),
  ],
  GatherElements: [() => ({ params: { x: [3, 4] }, build: (b) => b.op('GatherElements', ['x', b.constant([0, 3, 3, 1, 2, 2], 'int64', [3, 2])], { axis: 1 }) })],
  ReduceSum: [(r) => ({ params: { x: dims(r, 3, 2, 4) }, build: (b) => b.op('ReduceSum', ['x', b.constant(pick(r, [[0], [1, 2], [-1]]), 'int64')], { keepdims: int(r, 0, 1) }) }), (r) => ({ params: { x: dims(r, 2) }, build: (b) => b.op('ReduceSum', ['x'], { keepdims: 0 }) })],
  ReduceMean: [(r) => ({ params: { x: dims(r, 3, 2, 4) }, build: (b) => b.op('ReduceMean', ['x', b.constant(pick(r, [[0], [0, 2], [-2]]), 'int64')], { keepdims: int(r, 0, 1) }) })],
  LayerNormalization: [(r) => {
    const d = dims(r, 3, 2, 4);
    const axis = pick(r, [-1, -2]);
    const norm = axis === -1 ? [d[2]] : [d[1], d[2]];
    return { params: { x: d, scale: norm, bias: norm }, build: (b) => b.op('LayerNormalization', ['x', 'scale', 'bias'], { axis, epsilon: { float: 1e-5 } }) };
  }],
  BatchNormalization: [(r) => {
    const c = int(r, 1, 3);
    return {
      params: { x: [2, c, 3, 2], scale: [c], bias: [c] },
      build: (b) => b.op('BatchNormalization', ['x', 'scale', 'bias', b.constant(Array.from({ length: c }, () => r()), 'float', [c]), b.constant(Array.from({ length: c }, () => 0.5 + Math.abs(r())), 'float', [c])], { epsilon: { float: 1e-3 } }),
    };
  }],
  Pad: [(r) => ({ params: { x: dims(r, 2) }, build: (b) => b.op('Pad', ['x', b.constant([int(r, 0, 2), 1, 0, int(r, 0, 2)], 'int64'), b.constant(0.5)]) })],
};

describe('gradient rules against central finite differences', () => {
  for (const [op, gens] of Object.entries(cases)) {
    gens.forEach((gen, k) => {
      it(`${op}${gens.length > 1 ? ` (form ${k + 1})` : ''} on random shapes`, async () => {
        for (const seed of SEEDS) {
          const c = gen(rng(seed * 101 + k));
          const res = await gradcheck(c, seed);
          expect(res.ops.has(op) || op === 'Cast', `${op} was differentiated`).toBe(true);
          expect(res.checked).toBeGreaterThan(0);
          expect(res.relative, `${op} seed ${seed}: relative error`).toBeLessThan(3e-3);
          expect(res.worst, `${op} seed ${seed}: worst element`).toBeLessThan(1e-2);
        }
      });
    });
  }

  it('covers every op that has a gradient rule', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(GRADIENTS).sort());
  });

  it("exports the sorted op list that the package README's \"Differentiable ops\" paragraph names", () => {
    expect(DIFFERENTIABLE_OPS).toEqual([...Object.keys(GRADIENTS), 'Dropout'].sort());
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const listed = /Differentiable ops \(exported as `DIFFERENTIABLE_OPS`\): ([\s\S]*?)\. Also accepted/.exec(readme)![1]!.replace(/\([^)]*\)/g, '').split(',').map((op) => op.trim());
    expect(listed.sort()).toEqual([...DIFFERENTIABLE_OPS]);
  });
});

describe('training-mode ops, lowered to plain ops first', () => {
  it('dropout passes the gradient through its mask, scaled by 1/(1 - ratio)', async () => {
    for (const spatial of [false, true]) {
      const res = await gradcheck({ params: { x: [3, 4, 2, 2] }, lowerAtStep: 3, build: (b) => b.op('Dropout', ['x', b.constant(0.4), b.constant(1, 'bool')], spatial ? { [SPATIAL_ATTR]: 1 } : {}) }, 1);
      expect(res.relative).toBeLessThan(3e-3);
    }
  });

  it('training-mode BatchNormalization differentiates through the batch statistics', async () => {
    for (const seed of SEEDS) {
      const res = await gradcheck({
        params: { x: [3, 2, 2, 2], scale: [2], bias: [2] },
        lowerAtStep: 0,
        build: (b) => b.opN('BatchNormalization', ['x', 'scale', 'bias', b.constant([0, 0]), b.constant([1, 1])], 1, { epsilon: { float: 1e-3 }, momentum: { float: 0.9 }, training_mode: 1 })[0],
      }, seed);
      expect(res.ops.has('ReduceMean')).toBe(true);
      expect(res.relative).toBeLessThan(5e-3);
    }
  });
});
