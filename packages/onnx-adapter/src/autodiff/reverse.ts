import type { Dim, GraphBuilder, TensorValue } from '../onnx/graph.js';
import { ModelError } from './decode.js';
import { isStatic, showDims } from './dims.js';
import { describeNode, type IrGraph, type IrNode } from './ir.js';
import { GRADIENTS, ZERO_GRADIENT_OPS } from './rules/index.js';
import type { Shapes } from './shapes.js';

/**
 * What a gradient rule sees: its node, the gradients of the node's outputs, and helpers that emit
 * backward nodes into the train-step graph. A rule returns one gradient per input (undefined where
 * none is wanted).
 */
export interface GradContext {
  readonly g: GraphBuilder;
  readonly node: IrNode;
  x(i: number): string;
  y(i: number): string;
  /** the gradient of output i (summed over its consumers), or undefined when none flows */
  dy(i: number): string | undefined;
  /** whether input i needs a gradient */
  wants(i: number): boolean;
  /** dims of a forward value (throws when its rank is unknown) */
  dims(name: string): Dim[];
  /** dims of a forward value that must be static */
  staticDims(name: string, what: string): number[];
  /** the elements of a small integer value computable before the run (throws if not) */
  staticValue(i: number, what: string): number[];
  /** the contents of a forward constant, if it is one */
  constant(name: string): TensorValue | undefined;
  /** the shape of a forward value as an int64 tensor: a constant when static, else `Shape` */
  shapeOf(name: string): string;
  /**
   * sums `grad` (with the dims of the forward value `from`, or the dims given) down to the dims of
   * the forward value `to` (or `toDims`): numpy broadcasting in reverse
   */
  unbroadcast(grad: string, from: string | Dim[], to: string, toDims?: Dim[]): string;
  ints(values: readonly number[]): string;
  f(value: number): string;
  fail(message: string): never;
}

export interface OpGradient {
  /** gradients of the inputs */
  rule(c: GradContext): Array<string | undefined>;
  /** inputs that never carry a gradient (a trainable value there is an error) */
  nondiff?: readonly number[];
  /** names what a non-differentiable input is, for messages */
  nondiffWhat?: string;
  /** adjusts the forward node before it is emitted (e.g. asks MaxPool for its indices) */
  prepare?(node: IrNode, fresh: (hint: string) => string, shapes: Shapes): void;
}

const FLOAT_TYPES = new Set(['float', 'double']);

export interface DifferentiateResult {
  /** gradient value per parameter */
  grads: Record<string, string>;
  /** forward nodes on the gradient path, by op (for reports and tests) */
  ops: Set<string>;
}

/**
 * Reverse-mode differentiation of `loss` (a float scalar) with respect to `params`, emitting the
 * backward nodes into `g`: one pass over the nodes in reverse topological order, each node's rule
 * turning its outputs' gradients into its inputs', contributions summed where a value fans out.
 * Values that do not depend on a parameter (constants, shapes, labels) are never differentiated.
 *
 * Call `prepareForward` first, then emit the forward nodes, then this.
 */
export function differentiate(graph: IrGraph, shapes: Shapes, g: GraphBuilder, params: readonly string[], loss: string, extraNodes: IrNode[] = []): DifferentiateResult {
  const nodes = [...graph.nodes, ...extraNodes];
  const requires = pathFromParams(nodes, shapes, params);
  // values on the way to the loss
  const needed = new Set<string>([loss]);
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    if (!node.outputs.some((o) => needed.has(o))) continue;
    for (const i of node.inputs) if (requires.has(i)) needed.add(i);
  }
  if (!requires.has(loss)) throw new ModelError(`the loss does not depend on any trainable parameter (trainable: ${params.join(', ') || '(none)'})`);

  const contributions = new Map<string, string[]>();
  const add = (name: string, grad: string) => {
    const list = contributions.get(name);
    if (list === undefined) contributions.set(name, [grad]);
    else list.push(grad);
  };
  const total = (name: string): string | undefined => {
    const list = contributions.get(name);
    if (list === undefined || list.length === 0) return undefined;
    if (list.length > 1) {
      const sum = g.op('Sum', list, {}, 'grad_sum');
      contributions.set(name, [sum]);
      return sum;
    }
    return list[0];
  };
  add(loss, g.constant(1));
  const ops = new Set<string>();

  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    if (!node.outputs.some((o) => contributions.has(o))) continue;
    const spec = GRADIENTS[node.op];
    const wantIn = node.inputs.map((name, i) => name !== '' && requires.has(name) && needed.has(name) && !(spec?.nondiff ?? []).includes(i));
    if (!wantIn.some(Boolean)) continue;
    if (spec === undefined) throw new ModelError(`${describeNode(node)}: no gradient rule for ${node.op} (differentiable ops: ${Object.keys(GRADIENTS).sort().join(', ')})`);
    ops.add(node.op);
    const c = context(g, node, shapes, graph.constants, wantIn, total);
    const grads = spec.rule(c);
    node.inputs.forEach((name, i) => {
      if (wantIn[i] && grads[i] !== undefined) add(name, grads[i] as string);
    });
  }
  const grads: Record<string, string> = {};
  for (const p of params) {
    const grad = total(p);
    if (grad !== undefined) grads[p] = grad;
    else {
      const dims = shapes.get(p)?.dims;
      if (!isStatic(dims ?? null)) throw new ModelError(`parameter "${p}" has dims ${showDims(dims ?? null)}; parameters need static dims`);
      grads[p] = g.op('ConstantOfShape', [g.constant(dims as number[], 'int64')], { value: { tensor: { type: 'float', dims: [1], data: new Float32Array(1) } } }, 'zero_grad');
    }
  }
  return { grads, ops };
}

/** Values that depend on a parameter through differentiable inputs; checks that every op on the way has a rule. */
export function pathFromParams(nodes: readonly IrNode[], shapes: Shapes, params: readonly string[]): Set<string> {
  const requires = new Set(params);
  for (const node of nodes) {
    const spec = GRADIENTS[node.op];
    const hits = node.inputs.map((name, i) => (name !== '' && requires.has(name) ? i : -1)).filter((i) => i >= 0);
    if (hits.length === 0) continue;
    if (ZERO_GRADIENT_OPS.has(node.op)) continue; // comparisons, ArgMax, Shape, rounding: no gradient flows
    if (spec === undefined) throw new ModelError(`${describeNode(node)}: no gradient rule for ${node.op}, and its input "${node.inputs[hits[0]]}" depends on a trainable parameter (differentiable ops: ${Object.keys(GRADIENTS).sort().join(', ')})`);
    const bad = hits.filter((i) => (spec.nondiff ?? []).includes(i));
    if (bad.length > 0) {
      throw new ModelError(`${describeNode(node)}: input ${bad[0]} ("${node.inputs[bad[0]]}"${spec.nondiffWhat ? `, ${spec.nondiffWhat}` : ''}) depends on a trainable parameter, but gradients do not flow there; make it a constant or leave it out of trainable`);
    }
    for (const o of node.outputs) {
      const t = shapes.get(o)?.type;
      if (o !== '' && t !== undefined && FLOAT_TYPES.has(t)) requires.add(o);
    }
  }
  return requires;
}

function context(g: GraphBuilder, node: IrNode, shapes: Shapes, constants: ReadonlyMap<string, TensorValue>, wantIn: boolean[], total: (name: string) => string | undefined): GradContext {
  const fail = (message: string): never => {
    throw new ModelError(`${describeNode(node)}: ${message}`);
  };
  const dims = (name: string): Dim[] => {
    const d = shapes.get(name)?.dims;
    if (d === null || d === undefined) return fail(`the rank of "${name}" is unknown`);
    return d;
  };
  const ints = (values: readonly number[]) => g.constant([...values], 'int64');
  const c: GradContext = {
    g,
    node,
    x: (i) => node.inputs[i],
    y: (i) => node.outputs[i],
    dy: (i) => (node.outputs[i] === undefined || node.outputs[i] === '' ? undefined : total(node.outputs[i])),
    wants: (i) => wantIn[i] === true,
    dims,
    staticDims(name, what) {
      const d = dims(name);
      if (!isStatic(d)) fail(`${what} must have static dims, got ${showDims(d)}`);
      return d as number[];
    },
    staticValue(i, what) {
      const v = shapes.get(node.inputs[i])?.value;
      if (v === undefined || !v.every((d) => typeof d === 'number')) return fail(`its ${what} must be a constant`);
      return v as number[];
    },
    constant: (name) => constants.get(name),
    shapeOf(name) {
      const d = dims(name);
      return isStatic(d) ? ints(d) : g.op('Shape', [name]);
    },
    unbroadcast(grad, from, to, toDims) {
      const out = typeof from === 'string' ? dims(from) : from;
      const target = toDims ?? dims(to);
      const lead = out.length - target.length;
      const axes: number[] = [];
      let dynamic = false;
      for (let i = 0; i < out.length; i++) {
        if (i < lead) {
          axes.push(i);
          continue;
        }
        const t = target[i - lead];
        if (t === out[i] || (typeof t === 'number' && t !== 1)) continue;
        if (t === 1) axes.push(i);
        else dynamic = true;
      }
      if (dynamic) {
        // a run-time size that may be 1: compare the shapes in the graph
        const outShape = g.op('Shape', [grad]);
        const inShape = lead > 0 ? g.op('Concat', [ints(Array(lead).fill(1)), g.op('Shape', [to])], { axis: 0 }) : g.op('Shape', [to]);
        const which = g.op('NonZero', [g.op('Not', [g.op('Equal', [inShape, outShape])])]);
        const summed = g.op('ReduceSum', [grad, g.op('Reshape', [which, ints([-1])])], { keepdims: 1, noop_with_empty_axes: 1 });
        return g.op('Reshape', [summed, g.op('Shape', [to])]);
      }
      if (axes.length === 0) return grad;
      if (axes.every((a) => a < lead)) return g.op('ReduceSum', [grad, ints(axes)], { keepdims: 0 });
      const summed = g.op('ReduceSum', [grad, ints(axes)], { keepdims: 1 });
      return lead > 0 ? g.op('Squeeze', [summed, ints(Array.from({ length: lead }, (_, i) => i))]) : summed;
    },
    ints,
    f: (value) => g.constant(value),
    fail,
  };
  return c;
}

/** Runs each rule's `prepare` hook on the nodes that will be differentiated. */
export function prepareForward(graph: IrGraph, shapes: Shapes, params: readonly string[], fresh: (hint: string) => string): void {
  const requires = pathFromParams(graph.nodes, shapes, params);
  for (const node of graph.nodes) {
    const spec = GRADIENTS[node.op];
    if (spec?.prepare === undefined) continue;
    if (!node.inputs.some((name, i) => requires.has(name) && !(spec.nondiff ?? []).includes(i))) continue;
    spec.prepare(node, fresh, shapes);
  }
}
