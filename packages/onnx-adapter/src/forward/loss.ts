import type { OpSink } from '../autodiff/ir-builder.js';

/**
 * Losses on a model's output `z` and the labels `y`, written as forward ops (the autodiff
 * differentiates them like the rest of the model):
 * - `crossEntropy`: softmax cross-entropy of logits `[N, classes]` against int64 labels `[N]`, mean
 *   over the batch (PyTorch's `CrossEntropyLoss`); metric `accuracy` (argmax).
 * - `mse`: mean squared error over all elements, float labels of the output's dims (`MSELoss`).
 * - `bce`: binary cross-entropy on logits, numerically stable, float labels in [0, 1] of the
 *   output's dims (`BCEWithLogitsLoss`); metric `accuracy` (logit > 0 against label > 0.5).
 */
export type LossKind = 'crossEntropy' | 'mse' | 'bce';

export const LOSS_KINDS: readonly LossKind[] = ['crossEntropy', 'mse', 'bce'];

export function lossMetrics(loss: LossKind): string[] {
  return loss === 'mse' ? [] : ['accuracy'];
}

/** Emits the loss (a float scalar) and its metrics. */
export function emitLoss(g: OpSink, loss: LossKind, z: string, y: string, classes: number): { loss: string; metrics: Record<string, string> } {
  const metrics: Record<string, string> = {};
  if (loss === 'mse') {
    const diff = g.op('Sub', [z, y]);
    return { loss: g.op('ReduceMean', [g.op('Mul', [diff, diff])], { keepdims: 0 }), metrics };
  }
  if (loss === 'bce') {
    // max(z, 0) - z·y + log(1 + exp(-|z|))
    const soft = g.op('Log', [g.op('Add', [g.constant(1), g.op('Exp', [g.op('Neg', [g.op('Abs', [z])])])])]);
    const per = g.op('Add', [g.op('Sub', [g.op('Relu', [z]), g.op('Mul', [z, y])]), soft]);
    const predicted = g.op('Greater', [z, g.constant(0)]);
    const truth = g.op('Greater', [y, g.constant(0.5)]);
    metrics.accuracy = g.op('ReduceMean', [g.op('Cast', [g.op('Equal', [predicted, truth])], { to: 1 })], { keepdims: 0 });
    return { loss: g.op('ReduceMean', [per], { keepdims: 0 }), metrics };
  }
  const onehot = g.op('OneHot', [y, g.constant(classes, 'int64'), g.constant([0, 1])], { axis: -1 });
  const logp = g.op('LogSoftmax', [z], { axis: 1 });
  const n = g.op('Cast', [g.op('Gather', [g.op('Shape', [z]), g.constant(0, 'int64')], { axis: 0 })], { to: 1 });
  const argmax = g.op('ArgMax', [z], { axis: 1, keepdims: 0 });
  metrics.accuracy = g.op('ReduceMean', [g.op('Cast', [g.op('Equal', [argmax, y])], { to: 1 })], { keepdims: 0 });
  return { loss: g.op('Div', [g.op('Neg', [g.op('ReduceSum', [g.op('Mul', [onehot, logp])], { keepdims: 0 })]), n]), metrics };
}
