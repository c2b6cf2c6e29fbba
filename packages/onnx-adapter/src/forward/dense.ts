import { IrBuilder } from '../autodiff/ir-builder.js';
import type { IrGraph } from '../autodiff/ir.js';
import { TRAIN_OPSET } from '../autodiff/decode.js';
import type { ValueInfo } from '../onnx/graph.js';
import { mulberry32 } from './random.js';
import type { ForwardModel, ParamInfo } from './types.js';

/**
 * The built-in dense models. Parameters are named `w1, b1, w2, b2, ...` (layer `i` from 1), weights
 * `[in, out]`:
 * - `linear`: linear regression, `x [N, inputs]`, `y [N, outputs]` float, mean squared error over all
 *   elements.
 * - `logistic`: binary logistic regression, `x [N, inputs]`, `y [N, 1]` float in {0, 1}, mean
 *   binary cross-entropy on the logits (numerically stable form); metric `accuracy`.
 * - `mlp`: dense layers with ReLU between them, softmax cross-entropy over `classes`, `x [N, inputs]`,
 *   `y [N]` int64 labels; metric `accuracy`.
 */
export type DenseModelSpec =
  | { kind: 'linear'; inputs: number; outputs?: number }
  | { kind: 'logistic'; inputs: number }
  | { kind: 'mlp'; inputs: number; hidden: readonly number[]; classes: number };

/** Layer sizes `[inputs, ..., outputs]`. */
export function layerSizes(model: DenseModelSpec): number[] {
  if (model.kind === 'linear') return [model.inputs, model.outputs ?? 1];
  if (model.kind === 'logistic') return [model.inputs, 1];
  return [model.inputs, ...model.hidden, model.classes];
}

function check(model: DenseModelSpec): void {
  const bad = (field: string, v: unknown) => new TypeError(`model.${field} must be a positive integer, got ${JSON.stringify(v)}`);
  if (!Number.isInteger(model.inputs) || model.inputs < 1) throw bad('inputs', model.inputs);
  if (model.kind === 'linear' && model.outputs !== undefined && (!Number.isInteger(model.outputs) || model.outputs < 1)) throw bad('outputs', model.outputs);
  if (model.kind === 'mlp') {
    if (!Array.isArray(model.hidden)) throw new TypeError(`model.hidden must be a list of layer sizes (e.g. [128]), got ${JSON.stringify(model.hidden)}`);
    model.hidden.forEach((h, i) => {
      if (!Number.isInteger(h) || h < 1) throw bad(`hidden[${i}]`, h);
    });
    if (!Number.isInteger(model.classes) || model.classes < 2) throw new TypeError(`model.classes must be an integer of at least 2, got ${JSON.stringify(model.classes)}`);
  }
}

export function denseForward(model: DenseModelSpec): ForwardModel {
  check(model);
  const sizes = layerSizes(model);
  const params: ParamInfo[] = [];
  for (let i = 1; i < sizes.length; i++) {
    params.push({ name: `w${i}`, dims: [sizes[i - 1], sizes[i]], fanIn: sizes[i - 1], kind: 'weight' });
    params.push({ name: `b${i}`, dims: [sizes[i]], fanIn: sizes[i - 1], kind: 'bias' });
  }
  const x: ValueInfo = { name: 'x', type: 'float', dims: ['N', model.inputs] };
  const graph: IrGraph = { nodes: [], constants: new Map(), inputs: [x], outputs: [], opset: TRAIN_OPSET };
  const b = new IrBuilder(graph, 'cyclr.model/');
  for (const p of params) b.tensor(p.name, { type: 'float', dims: p.dims, data: new Float32Array(p.dims.reduce((a, c) => a * c, 1)) });
  let h = 'x';
  for (let i = 1; i < sizes.length; i++) {
    const z = b.op('Add', [b.op('MatMul', [h, `w${i}`]), `b${i}`], {}, `z${i}`);
    h = i < sizes.length - 1 ? b.op('Relu', [z], {}, `h${i}`) : z;
  }
  const out = sizes[sizes.length - 1];
  graph.outputs.push({ name: h, type: 'float', dims: ['N', out] });
  const labels: ValueInfo = model.kind === 'mlp' ? { name: 'y', type: 'int64', dims: ['N'] } : { name: 'y', type: 'float', dims: ['N', out] };
  return {
    graph,
    output: h,
    loss: model.kind === 'mlp' ? 'crossEntropy' : model.kind === 'logistic' ? 'bce' : 'mse',
    labels,
    classes: model.kind === 'mlp' ? model.classes : 0,
    params,
    buffers: [],
    dropoutSeed: 0,
    // weights uniform in ±sqrt(6/fanIn) (He uniform), biases zero
    initial(seed) {
      const rand = mulberry32(seed);
      const out: Record<string, Float32Array> = {};
      for (const p of params) {
        const data = new Float32Array(p.dims.reduce((a, c) => a * c, 1));
        if (p.kind === 'weight') {
          const bound = Math.sqrt(6 / p.fanIn);
          for (let i = 0; i < data.length; i++) data[i] = (rand() * 2 - 1) * bound;
        }
        out[p.name] = data;
      }
      return out;
    },
  };
}
