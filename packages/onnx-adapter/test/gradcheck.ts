// Gradient checks against central finite differences: a forward graph built with IrBuilder from
// parameters (and optional fixed data), reduced to a scalar by a random projection
// L = Σ y·R, differentiated by the autodiff, and compared element by element with
// (L(p + h) - L(p - h)) / 2h evaluated by onnxruntime.
import { TRAIN_OPSET } from '../src/autodiff/decode.js';
import { IrBuilder } from '../src/autodiff/ir-builder.js';
import type { IrGraph } from '../src/autodiff/ir.js';
import { differentiate, prepareForward } from '../src/autodiff/reverse.js';
import { inferShapes } from '../src/autodiff/shapes.js';
import { lowerForward } from '../src/forward/lower.js';
import { GraphBuilder, type Dim } from '../src/onnx/graph.js';
import type { TensorLike } from '../src/runtime.js';
import { f32, i64, ort, rng, session } from './helpers.js';

export interface GradCase {
  /** parameter dims (differentiated) */
  params: Record<string, number[]>;
  /** fixed float inputs: dims as declared (a string is a run-time dim) and the dims fed */
  data?: Record<string, { declared: Dim[]; fed: number[] }>;
  /** emits the op(s) under test; returns the output */
  build(b: IrBuilder): string;
  /** draws parameter values (default uniform in [-1, 1)) */
  value?: (name: string, r: () => number, i: number) => number;
  /** finite-difference step, default 1e-2 */
  h?: number;
  /** run lowerForward (Dropout, training-mode BatchNormalization) first, with this step */
  lowerAtStep?: number;
}

export interface GradResult {
  /** ||grad - fd|| / ||grad|| over the checked elements */
  relative: number;
  /** max |grad - fd| / max(max |grad|, 1e-3) */
  worst: number;
  checked: number;
  /** the op types the reverse pass differentiated */
  ops: Set<string>;
}

function feedsFor(c: GradCase, seed: number): Record<string, TensorLike> {
  const r = rng(seed);
  const feeds: Record<string, TensorLike> = {};
  for (const [name, dims] of Object.entries(c.params)) {
    const n = dims.reduce((a, b) => a * b, 1);
    feeds[name] = f32(Array.from({ length: n }, (_, i) => (c.value ? c.value(name, r, i) : r())), dims);
  }
  for (const [name, d] of Object.entries(c.data ?? {})) {
    const n = d.fed.reduce((a, b) => a * b, 1);
    feeds[name] = f32(Array.from({ length: n }, () => r()), d.fed);
  }
  return feeds;
}

/** Builds the gradient and the loss-only models of a case. */
export function gradModels(c: GradCase, seed: number): { grad: Uint8Array; loss: Uint8Array; params: string[]; ops: Set<string> } {
  let graph: IrGraph = {
    nodes: [],
    constants: new Map(),
    inputs: [
      ...Object.entries(c.params).map(([name, dims]) => ({ name, type: 'float' as const, dims })),
      ...Object.entries(c.data ?? {}).map(([name, d]) => ({ name, type: 'float' as const, dims: d.declared })),
    ],
    outputs: [],
    opset: TRAIN_OPSET,
  };
  const b = new IrBuilder(graph, 'case/');
  const out = c.build(b);
  if (c.lowerAtStep !== undefined) {
    graph.inputs.push({ name: 'step', type: 'int64', dims: [] });
    graph = lowerForward(graph, 'train', { step: 'step', seed: 5 }).graph;
  }
  const shapes0 = inferShapes(graph);
  const yd = shapes0.get(out)!.dims!;
  // the projection R: static dims where known, the fed dims of run-time sizes
  const fedOf = (d: Dim, i: number): number => (typeof d === 'number' ? d : Object.values(c.data ?? {})[0].fed[i]);
  const rDims = yd.map(fedOf);
  const r = rng(seed + 7);
  const lb = new IrBuilder(graph, 'loss/');
  const proj = lb.constant(Array.from({ length: rDims.reduce((a, v) => a * v, 1) }, () => r()), 'float', rDims);
  const loss = lb.op('ReduceSum', [lb.op('Mul', [out, proj])], { keepdims: 0 });
  const params = Object.keys(c.params);
  const make = (withGrad: boolean) => {
    const g = new GraphBuilder('grad/');
    for (const v of graph.inputs) g.input(v.name, v.type, v.dims);
    const work: IrGraph = { ...graph, nodes: graph.nodes.map((n) => ({ ...n, inputs: [...n.inputs], outputs: [...n.outputs] })) };
    let ops = new Set<string>();
    if (withGrad) prepareForward(work, inferShapes(work), params, (hint) => g.fresh(hint));
    const shapes = inferShapes(work);
    for (const [name, value] of work.constants) g.initializer(name, value);
    for (const n of work.nodes) g.nodeTo(n.op, n.inputs, n.outputs, n.attrs);
    g.alias(loss, 'L');
    g.output('L', 'float', []);
    if (withGrad) {
      const d = differentiate(work, shapes, g, params, loss);
      ops = d.ops;
      for (const p of params) {
        g.alias(d.grads[p], `${p}.grad`);
        g.output(`${p}.grad`, 'float', null);
      }
    }
    return { bytes: g.toModel('gradcheck', TRAIN_OPSET), ops };
  };
  const grad = make(true);
  return { grad: grad.bytes, loss: make(false).bytes, params, ops: grad.ops };
}

/** Compares the autodiff gradients of a case with central finite differences (at most `limit` elements per parameter). */
export async function gradcheck(c: GradCase, seed: number, limit = 48): Promise<GradResult> {
  const models = gradModels(c, seed);
  const gs = await session(models.grad);
  const ls = await session(models.loss);
  const feeds = feedsFor(c, seed);
  if (c.lowerAtStep !== undefined) feeds.step = i64([c.lowerAtStep], []);
  const out = await gs.run(feeds);
  const lossAt = async (f: Record<string, TensorLike>) => Number(((await ls.run(f)).L.data as Float32Array)[0]);
  const h = c.h ?? 1e-2;
  let num = 0;
  let den = 0;
  let maxDiff = 0;
  let maxGrad = 0;
  let checked = 0;
  const pick = rng(seed + 13);
  for (const p of models.params) {
    const base = feeds[p].data as Float32Array;
    const grad = out[`${p}.grad`].data as Float32Array;
    if (grad.length !== base.length) throw new Error(`${p}.grad has ${grad.length} elements, ${p} has ${base.length}`);
    const idx = Array.from({ length: base.length }, (_, i) => i);
    while (idx.length > limit) idx.splice(Math.floor(((pick() + 1) / 2) * idx.length), 1);
    for (const i of idx) {
      const plus = Float32Array.from(base);
      plus[i] += h;
      const minus = Float32Array.from(base);
      minus[i] -= h;
      const dims = [...feeds[p].dims];
      const fd = ((await lossAt({ ...feeds, [p]: new ort.Tensor('float32', plus, dims) })) - (await lossAt({ ...feeds, [p]: new ort.Tensor('float32', minus, dims) }))) / (plus[i] - minus[i]);
      num += (fd - grad[i]) ** 2;
      den += grad[i] ** 2;
      maxDiff = Math.max(maxDiff, Math.abs(fd - grad[i]));
      maxGrad = Math.max(maxGrad, Math.abs(grad[i]));
      checked++;
    }
  }
  return { relative: Math.sqrt(num / Math.max(den, 1e-30)), worst: maxDiff / Math.max(maxGrad, 1e-3), checked, ops: models.ops };
}
