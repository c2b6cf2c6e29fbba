import type { Dim } from '../onnx/graph.js';

/**
 * Symbolic dimensions: a number, or a product of named symbols with an optional integer factor,
 * written `N`, `N*M` or `32*N` (factors sorted), so that shape arithmetic with a symbolic batch size
 * stays exact: `Reshape([N, 32, 1, 1], [-1, 32])` is `[N, 32]`.
 */
interface Monomial {
  coef: number;
  syms: string[];
}

function parse(d: Dim): Monomial {
  if (typeof d === 'number') return { coef: d, syms: [] };
  let coef = 1;
  const syms: string[] = [];
  for (const part of d.split('*')) {
    if (/^\d+$/.test(part)) coef *= Number(part);
    else syms.push(part);
  }
  return { coef, syms: syms.sort() };
}

function format(m: Monomial): Dim {
  if (m.syms.length === 0) return m.coef;
  return m.coef === 1 ? m.syms.join('*') : `${m.coef}*${m.syms.join('*')}`;
}

export function mulDim(a: Dim, b: Dim): Dim {
  const x = parse(a);
  const y = parse(b);
  return format({ coef: x.coef * y.coef, syms: [...x.syms, ...y.syms].sort() });
}

export function productDims(dims: readonly Dim[]): Dim {
  return dims.reduce<Dim>((acc, d) => mulDim(acc, d), 1);
}

/** a / b when it divides exactly (symbols included), else undefined. */
export function divDim(a: Dim, b: Dim): Dim | undefined {
  const x = parse(a);
  const y = parse(b);
  if (y.coef === 0 || x.coef % y.coef !== 0) return undefined;
  const syms = [...x.syms];
  for (const s of y.syms) {
    const i = syms.indexOf(s);
    if (i < 0) return undefined;
    syms.splice(i, 1);
  }
  return format({ coef: x.coef / y.coef, syms });
}

export const isStatic = (dims: readonly Dim[] | null): dims is number[] => dims !== null && dims.every((d) => typeof d === 'number');

export const showDims = (dims: readonly Dim[] | null): string => (dims === null ? '[?]' : `[${dims.join(', ')}]`);

/** Numpy broadcasting of two shapes; undefined when they cannot broadcast. */
export function broadcastDims(a: readonly Dim[], b: readonly Dim[]): Dim[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else if (typeof x === 'number' && typeof y === 'number') return undefined;
    else out.push(typeof x === 'number' ? x : y); // a symbol against a size: the size (or the symbol is 1)
  }
  return out;
}
