import { attrFloat } from '../ir.js';
import type { OpGradient } from '../reverse.js';

// Elementwise ops: y = f(x) or y = f(a, b) with numpy broadcasting (gradients summed back to each
// input's dims). Rules read the output where they can (Relu, Sigmoid, Tanh, Exp, Sqrt), so the
// forward op can stay fused with what produced its input.

export const elementwise: Record<string, OpGradient> = {
  Identity: { rule: (c) => [c.dy(0)] },
  Add: { rule: (c) => [c.wants(0) ? c.unbroadcast(c.dy(0)!, c.y(0), c.x(0)) : undefined, c.wants(1) ? c.unbroadcast(c.dy(0)!, c.y(0), c.x(1)) : undefined] },
  Sub: {
    rule: (c) => [c.wants(0) ? c.unbroadcast(c.dy(0)!, c.y(0), c.x(0)) : undefined, c.wants(1) ? c.unbroadcast(c.g.op('Neg', [c.dy(0)!]), c.y(0), c.x(1)) : undefined],
  },
  Sum: { rule: (c) => c.node.inputs.map((x, i) => (c.wants(i) ? c.unbroadcast(c.dy(0)!, c.y(0), x) : undefined)) },
  Mul: {
    rule: (c) => {
      const dy = c.dy(0)!;
      return [
        c.wants(0) ? c.unbroadcast(c.g.op('Mul', [dy, c.x(1)]), c.y(0), c.x(0)) : undefined,
        c.wants(1) ? c.unbroadcast(c.g.op('Mul', [dy, c.x(0)]), c.y(0), c.x(1)) : undefined,
      ];
    },
  },
  Div: {
    // y = a / b: da = dy / b, db = -dy·y / b
    rule: (c) => {
      const dy = c.dy(0)!;
      const da = c.wants(0) || c.wants(1) ? c.g.op('Div', [dy, c.x(1)]) : undefined;
      return [c.wants(0) ? c.unbroadcast(da!, c.y(0), c.x(0)) : undefined, c.wants(1) ? c.unbroadcast(c.g.op('Neg', [c.g.op('Mul', [da!, c.y(0)])]), c.y(0), c.x(1)) : undefined];
    },
  },
  Neg: { rule: (c) => [c.g.op('Neg', [c.dy(0)!])] },
  Pow: {
    // y = a^b, b constant: da = dy·b·a^(b-1)
    nondiff: [1],
    nondiffWhat: 'the exponent',
    rule: (c) => {
      const { g } = c;
      const b = c.x(1);
      const k = c.constant(b);
      const exponent = k !== undefined && k.data.length === 1 ? Number(k.data[0]) : undefined;
      let local: string;
      if (exponent === 2) local = g.op('Mul', [c.x(0), c.f(2)]);
      else if (exponent !== undefined) local = g.op('Mul', [g.op('Pow', [c.x(0), g.op('CastLike', [c.f(exponent - 1), b])]), g.op('CastLike', [c.f(exponent), c.x(0)])]);
      else local = g.op('Mul', [g.op('CastLike', [b, c.x(0)]), g.op('Pow', [c.x(0), g.op('Sub', [b, g.op('CastLike', [c.f(1), b])])])]);
      return [c.unbroadcast(g.op('Mul', [c.dy(0)!, local]), c.y(0), c.x(0))];
    },
  },
  Relu: { rule: (c) => [c.g.op('Where', [c.g.op('Greater', [c.y(0), c.f(0)]), c.dy(0)!, c.f(0)])] },
  LeakyRelu: {
    rule: (c) => {
      const alpha = attrFloat(c.node, 'alpha', 0.01);
      const positive = c.g.op('Greater', [alpha > 0 ? c.y(0) : c.x(0), c.f(0)]);
      return [c.g.op('Where', [positive, c.dy(0)!, c.g.op('Mul', [c.dy(0)!, c.f(alpha)])])];
    },
  },
  Sigmoid: { rule: (c) => [c.g.op('Mul', [c.dy(0)!, c.g.op('Mul', [c.y(0), c.g.op('Sub', [c.f(1), c.y(0)])])])] },
  Tanh: { rule: (c) => [c.g.op('Mul', [c.dy(0)!, c.g.op('Sub', [c.f(1), c.g.op('Mul', [c.y(0), c.y(0)])])])] },
  Erf: {
    // d erf(x)/dx = 2/√π · exp(-x²)
    rule: (c) => [c.g.op('Mul', [c.dy(0)!, c.g.op('Mul', [c.f(2 / Math.sqrt(Math.PI)), c.g.op('Exp', [c.g.op('Neg', [c.g.op('Mul', [c.x(0), c.x(0)])])])])])],
  },
  Exp: { rule: (c) => [c.g.op('Mul', [c.dy(0)!, c.y(0)])] },
  Log: { rule: (c) => [c.g.op('Div', [c.dy(0)!, c.x(0)])] },
  Sqrt: { rule: (c) => [c.g.op('Div', [c.dy(0)!, c.g.op('Mul', [c.y(0), c.f(2)])])] },
  Reciprocal: { rule: (c) => [c.g.op('Neg', [c.g.op('Mul', [c.dy(0)!, c.g.op('Mul', [c.y(0), c.y(0)])])])] },
  Abs: { rule: (c) => [c.g.op('Mul', [c.dy(0)!, c.g.op('Sign', [c.x(0)])])] },
  Softplus: { rule: (c) => [c.g.op('Mul', [c.dy(0)!, c.g.op('Sigmoid', [c.x(0)])])] },
  Clip: {
    // passes where min <= x <= max (PyTorch's clamp)
    nondiff: [1, 2],
    nondiffWhat: 'a bound',
    rule: (c) => {
      const { g } = c;
      let pass: string | undefined;
      if ((c.x(1) ?? '') !== '') pass = g.op('GreaterOrEqual', [c.x(0), c.x(1)]);
      if ((c.x(2) ?? '') !== '') {
        const upper = g.op('LessOrEqual', [c.x(0), c.x(2)]);
        pass = pass === undefined ? upper : g.op('And', [pass, upper]);
      }
      return [pass === undefined ? c.dy(0) : g.op('Where', [pass, c.dy(0)!, c.f(0)])];
    },
  },
  Where: {
    nondiff: [0],
    nondiffWhat: 'the condition',
    rule: (c) => {
      const { g } = c;
      const dy = c.dy(0)!;
      return [
        undefined,
        c.wants(1) ? c.unbroadcast(g.op('Where', [c.x(0), dy, c.f(0)]), c.y(0), c.x(1)) : undefined,
        c.wants(2) ? c.unbroadcast(g.op('Where', [c.x(0), c.f(0), dy]), c.y(0), c.x(2)) : undefined,
      ];
    },
  },
  Cast: {
    // float to float only (a cast to an integer type stops the gradient: see ZERO_GRADIENT_OPS)
    rule: (c) => [c.g.op('CastLike', [c.dy(0)!, c.x(0)])],
  },
};
