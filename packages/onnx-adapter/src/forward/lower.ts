import { ModelError } from '../autodiff/decode.js';
import { IrBuilder } from '../autodiff/ir-builder.js';
import { attrFloat, attrInt, describeNode, type IrGraph, type IrNode } from '../autodiff/ir.js';
import { philoxWords } from './dropout-mask.js';
import { inferShapes, type Shapes } from '../autodiff/shapes.js';
import { GRADIENTS } from '../autodiff/rules/index.js';

/** Marks a Dropout node of the layer spec that drops whole feature maps (`[N, C, 1, 1]` masks). */
export const SPATIAL_ATTR = 'cyclr_spatial';
/** Marks a training-mode BatchNormalization whose running variance is the unbiased one (PyTorch). */
export const UNBIASED_ATTR = 'cyclr_unbiased';

/** Ops rewritten into plain ops before differentiation (training mode), so they need no rule of their own. */
const LOWERED_OPS = ['Dropout'];

/**
 * The ONNX ops that `buildTrainStep` differentiates through, sorted: those with a gradient rule
 * and those lowered to plain ops first. Another op on the path from a trainable parameter to the
 * loss is refused, naming the op and the node.
 */
export const DIFFERENTIABLE_OPS: readonly string[] = Object.freeze([...new Set([...Object.keys(GRADIENTS), ...LOWERED_OPS])].sort());

export interface Lowered {
  graph: IrGraph;
  /** buffer → its updated value (training mode) */
  bufferNext: Record<string, string>;
  /** whether the graph reads the int64 `step` input (dropout masks) */
  usesStep: boolean;
}

function scalarConstant(graph: IrGraph, node: IrNode, i: number, fallback: number, what: string): number {
  const name = node.inputs[i] ?? '';
  if (name === '') return fallback;
  const t = graph.constants.get(name);
  if (t === undefined || t.data.length !== 1) throw new ModelError(`${describeNode(node)}: its ${what} must be a constant scalar`);
  return Number(t.data[0]);
}

/**
 * Rewrites the ops that behave differently in training into plain ops: for `mode: 'train'`,
 * Dropout with `training_mode` true becomes a multiplication by a mask from Philox4x32-10 keyed
 * by (seed, step) (so a resumed run draws the same masks), and a training-mode
 * BatchNormalization normalizes with the batch statistics and updates its running statistics;
 * for `mode: 'eval'` both become their inference forms.
 *
 * Mask layout: element i of the flattened mask (`x`'s dims, or `[N, C, 1, 1]` for spatial dropout)
 * reads word i mod 4 of the Philox block with counter (⌊i/4⌋, layer, step mod 2^32, ⌊step/2^32⌋) and
 * key (seed mod 2^32, ⌊seed/2^32⌋); it is kept, scaled by 1/(1 - ratio), when the word is at least
 * round(ratio·2^32). `layer` counts the dropout nodes from 0 in graph order.
 */
export function lowerForward(source: IrGraph, mode: 'train' | 'eval', options: { step: string; seed: number }): Lowered {
  const graph: IrGraph = { nodes: [], constants: new Map(source.constants), inputs: source.inputs, outputs: source.outputs, opset: source.opset };
  const b = new IrBuilder(graph, 'cyclr.lower/');
  const bufferNext: Record<string, string> = {};
  let usesStep = false;
  let layer = 0;
  let shapes: Shapes | undefined;
  const consumers = new Set(source.nodes.flatMap((n) => n.inputs));
  for (const node of source.nodes) {
    if (node.op === 'Dropout') {
      const ratio = scalarConstant(source, node, 1, 0.5, 'ratio');
      const training = scalarConstant(source, node, 2, 0, 'training_mode') !== 0;
      if ((node.outputs[1] ?? '') !== '' && consumers.has(node.outputs[1])) throw new ModelError(`${describeNode(node)}: its mask output is read by another node, which is not supported`);
      if (!(ratio >= 0 && ratio < 1)) throw new ModelError(`${describeNode(node)}: ratio must be in [0, 1), got ${ratio}`);
      const index = layer++;
      if (mode === 'eval' || !training || ratio === 0) {
        graph.nodes.push({ ...node, op: 'Identity', inputs: [node.inputs[0]], outputs: [node.outputs[0]], attrs: {} });
        continue;
      }
      usesStep = true;
      const x = node.inputs[0];
      const shape = b.op('Shape', [x]);
      const maskShape = node.attrs[SPATIAL_ATTR] === 1 ? b.op('Concat', [b.op('Slice', [shape, b.constant([0], 'int64'), b.constant([2], 'int64')]), b.constant([1, 1], 'int64')], { axis: 0 }) : shape;
      const mask = dropoutMask(b, options.seed, index, options.step, maskShape, ratio);
      graph.nodes.push({ op: 'Mul', domain: '', name: node.name, inputs: [x, mask], outputs: [node.outputs[0]], attrs: {} });
    } else if (node.op === 'BatchNormalization' && attrInt(node, 'training_mode', 0) === 1) {
      const [x, scale, bias, mean, variance] = node.inputs;
      const eps = attrFloat(node, 'epsilon', 1e-5);
      if (mode === 'eval') {
        graph.nodes.push({ op: 'BatchNormalization', domain: '', name: node.name, inputs: [x, scale, bias, mean, variance], outputs: [node.outputs[0]], attrs: { epsilon: { float: eps } } });
        continue;
      }
      const momentum = attrFloat(node, 'momentum', 0.9);
      shapes ??= inferShapes(source);
      const dims = shapes.get(x)?.dims;
      if (dims === null || dims === undefined) throw new ModelError(`${describeNode(node)}: the rank of its input is unknown`);
      const rank = dims.length;
      const axes = b.constant([0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)], 'int64');
      const spread = (v: string) => (rank > 2 ? b.op('Unsqueeze', [v, b.constant(Array.from({ length: rank - 2 }, (_, i) => i + 1), 'int64')]) : v);
      const mu = b.op('ReduceMean', [x, axes], { keepdims: 1 }, 'bn_mean');
      const centered = b.op('Sub', [x, mu]);
      const v = b.op('ReduceMean', [b.op('Mul', [centered, centered]), axes], { keepdims: 1 }, 'bn_var');
      const invstd = b.op('Reciprocal', [b.op('Sqrt', [b.op('Add', [v, b.constant(eps)])])]);
      const normed = b.op('Mul', [b.op('Mul', [centered, invstd]), spread(scale)]);
      graph.nodes.push({ op: 'Add', domain: '', name: node.name, inputs: [normed, spread(bias)], outputs: [node.outputs[0]], attrs: {} });
      const flat = (t: string) => b.op('Reshape', [t, b.constant([-1], 'int64')]);
      let batchVar = flat(v);
      if (node.attrs[UNBIASED_ATTR] === 1) {
        const count = b.op('Cast', [b.op('Div', [b.op('Size', [x]), b.op('Size', [mean])])], { to: 1 });
        batchVar = b.op('Mul', [batchVar, b.op('Div', [count, b.op('Sub', [count, b.constant(1)])])]);
      }
      const blend = (old: string, batch: string) => b.op('Add', [b.op('Mul', [old, b.constant(momentum)]), b.op('Mul', [batch, b.constant(1 - momentum)])]);
      bufferNext[mean] = blend(mean, flat(mu));
      bufferNext[variance] = blend(variance, batchVar);
    } else {
      graph.nodes.push(node);
    }
  }
  return { graph, bufferNext, usesStep };
}

/** A float mask of the given shape: 0 where dropped, 1/(1 - ratio) where kept (see lowerForward). */
function dropoutMask(b: IrBuilder, seed: number, layer: number, step: string, shape: string, ratio: number): string {
  const numel = b.op('ReduceProd', [shape], { keepdims: 0 });
  const blocks = b.op('Div', [b.op('Add', [numel, b.constant(3, 'int64')]), b.constant(4, 'int64')]);
  const index = b.op('Range', [b.constant(0, 'int64'), blocks, b.constant(1, 'int64')]);
  const stepLo = b.op('BitwiseAnd', [step, b.constant(0xffffffff, 'int64')]);
  const stepHi = b.op('Div', [step, b.constant(2 ** 32, 'int64')]);
  const words = philoxWords(b, index, b.constant(layer, 'int64'), stepLo, stepHi, [seed % 2 ** 32 >>> 0, Math.floor(seed / 2 ** 32) >>> 0]);
  const axis1 = b.constant([1], 'int64');
  const stacked = b.op('Concat', words.map((w) => b.op('Unsqueeze', [w, axis1])), { axis: 1 });
  const flat = b.op('Slice', [b.op('Reshape', [stacked, b.constant([-1], 'int64')]), b.constant([0], 'int64'), b.op('Reshape', [numel, b.constant([1], 'int64')])]);
  const keep = b.op('GreaterOrEqual', [b.op('Reshape', [flat, shape]), b.constant(Math.round(ratio * 2 ** 32), 'int64')]);
  return b.op('Where', [keep, b.constant(1 / (1 - ratio)), b.constant(0)], {}, 'dropout_mask');
}
