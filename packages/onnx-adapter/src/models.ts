import type { GraphBuilder, ValueInfo } from './onnx/graph.js';

/**
 * A model for the train-step builder. Parameters are named `w1, b1, w2, b2, ...` (layer `i` from 1).
 * - `linear`: linear regression, `x [N, inputs]`, `y [N, outputs]` float, mean squared error over all
 *   elements.
 * - `logistic`: binary logistic regression, `x [N, inputs]`, `y [N, 1]` float in {0, 1}, mean
 *   binary cross-entropy on the logits (numerically stable form); metric `accuracy`.
 * - `mlp`: dense layers with ReLU between them, softmax cross-entropy over `classes`, `x [N, inputs]`,
 *   `y [N]` int64 labels; metric `accuracy`.
 */
export type ModelSpec =
  | { kind: 'linear'; inputs: number; outputs?: number }
  | { kind: 'logistic'; inputs: number }
  | { kind: 'mlp'; inputs: number; hidden: readonly number[]; classes: number };

export interface ParamInfo {
  name: string;
  dims: number[];
  /** fan-in, for initialization */
  fanIn: number;
  kind: 'weight' | 'bias';
}

/** Layer sizes `[inputs, ..., outputs]`. */
export function layerSizes(model: ModelSpec): number[] {
  if (model.kind === 'linear') return [model.inputs, model.outputs ?? 1];
  if (model.kind === 'logistic') return [model.inputs, 1];
  return [model.inputs, ...model.hidden, model.classes];
}

export function modelParams(model: ModelSpec): ParamInfo[] {
  const sizes = layerSizes(model);
  const out: ParamInfo[] = [];
  for (let i = 1; i < sizes.length; i++) {
    out.push({ name: `w${i}`, dims: [sizes[i - 1], sizes[i]], fanIn: sizes[i - 1], kind: 'weight' });
    out.push({ name: `b${i}`, dims: [sizes[i]], fanIn: sizes[i - 1], kind: 'bias' });
  }
  return out;
}

/** Batch inputs: `x` and `y`, with the symbolic batch dimension `N`. */
export function batchInputs(model: ModelSpec): ValueInfo[] {
  const sizes = layerSizes(model);
  const x: ValueInfo = { name: 'x', type: 'float', dims: ['N', model.inputs] };
  if (model.kind === 'mlp') return [x, { name: 'y', type: 'int64', dims: ['N'] }];
  return [x, { name: 'y', type: 'float', dims: ['N', sizes[sizes.length - 1]] }];
}

export function modelMetrics(model: ModelSpec): string[] {
  return model.kind === 'linear' ? [] : ['accuracy'];
}

export interface ForwardResult {
  loss: string;
  metrics: Record<string, string>;
  /** gradient value name per parameter name (only when `backward` was asked for) */
  grads: Record<string, string>;
}

/**
 * Emits the forward pass (and, with `backward`, the explicit backward pass) reading parameters from
 * `params[name]` and the batch from `x`, `y`.
 */
export function emitModel(g: GraphBuilder, model: ModelSpec, params: Record<string, string>, backward: boolean): ForwardResult {
  const sizes = layerSizes(model);
  const layers = sizes.length - 1;
  const acts: string[] = ['x']; // h_0 .. h_{L-1}
  const pre: string[] = []; // z_1 .. z_L (index i-1)
  for (let i = 1; i <= layers; i++) {
    const z = g.op('Add', [g.op('MatMul', [acts[i - 1], params[`w${i}`]]), params[`b${i}`]], {}, `z${i}`);
    pre.push(z);
    if (i < layers) acts.push(g.op('Relu', [z], {}, `h${i}`));
  }
  const z = pre[layers - 1];
  const metrics: Record<string, string> = {};
  let loss: string;
  let dz: string | undefined;
  if (model.kind === 'linear') {
    const diff = g.op('Sub', [z, 'y']);
    loss = g.op('ReduceMean', [g.op('Mul', [diff, diff])], { keepdims: 0 });
    if (backward) {
      const count = g.op('Cast', [g.op('Size', [diff])], { to: 1 });
      dz = g.op('Mul', [diff, g.op('Div', [g.constant(2), count])]);
    }
  } else if (model.kind === 'logistic') {
    // max(z, 0) - z·y + log(1 + exp(-|z|))
    const soft = g.op('Log', [g.op('Add', [g.constant(1), g.op('Exp', [g.op('Neg', [g.op('Abs', [z])])])])]);
    const per = g.op('Add', [g.op('Sub', [g.op('Relu', [z]), g.op('Mul', [z, 'y'])]), soft]);
    loss = g.op('ReduceMean', [per], { keepdims: 0 });
    const predicted = g.op('Greater', [z, g.constant(0)]);
    const truth = g.op('Greater', ['y', g.constant(0.5)]);
    metrics.accuracy = g.op('ReduceMean', [g.op('Cast', [g.op('Equal', [predicted, truth])], { to: 1 })], { keepdims: 0 });
    if (backward) {
      const count = g.op('Cast', [g.op('Size', [z])], { to: 1 });
      dz = g.op('Div', [g.op('Sub', [g.op('Sigmoid', [z]), 'y']), count]);
    }
  } else {
    const classes = sizes[layers];
    const onehot = g.op('OneHot', ['y', g.constant(classes, 'int64'), g.constant([0, 1])], { axis: -1 });
    const logp = g.op('LogSoftmax', [z], { axis: 1 });
    const n = g.op('Cast', [g.op('Gather', [g.op('Shape', [z]), g.constant(0, 'int64')], { axis: 0 })], { to: 1 });
    loss = g.op('Div', [g.op('Neg', [g.op('ReduceSum', [g.op('Mul', [onehot, logp])], { keepdims: 0 })]), n]);
    const argmax = g.op('ArgMax', [z], { axis: 1, keepdims: 0 });
    metrics.accuracy = g.op('ReduceMean', [g.op('Cast', [g.op('Equal', [argmax, 'y'])], { to: 1 })], { keepdims: 0 });
    if (backward) dz = g.op('Div', [g.op('Sub', [g.op('Softmax', [z], { axis: 1 }), onehot]), n]);
  }
  const grads: Record<string, string> = {};
  if (backward && dz !== undefined) {
    let d = dz;
    const axis0 = g.constant([0], 'int64');
    for (let i = layers; i >= 1; i--) {
      grads[`w${i}`] = g.op('MatMul', [g.op('Transpose', [acts[i - 1]], { perm: [1, 0] }), d], {}, `dw${i}`);
      grads[`b${i}`] = g.op('ReduceSum', [d, axis0], { keepdims: 0 }, `db${i}`);
      if (i > 1) {
        const dh = g.op('MatMul', [d, g.op('Transpose', [params[`w${i}`]], { perm: [1, 0] })]);
        const mask = g.op('Cast', [g.op('Greater', [pre[i - 2], g.constant(0)])], { to: 1 });
        d = g.op('Mul', [dh, mask], {}, `dz${i - 1}`);
      }
    }
  }
  return { loss, metrics, grads };
}
