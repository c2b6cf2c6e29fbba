import { ModelError } from './autodiff/decode.js';
import { denseForward, layerSizes, type DenseModelSpec } from './forward/dense.js';
import { onnxForward, type OnnxModelSpec } from './forward/onnx.js';
import type { ForwardModel, ParamInfo } from './forward/types.js';
import { sequentialForward } from './layers/emit.js';
import type { SequentialModelSpec } from './layers/spec.js';

export type { ParamInfo };
export { layerSizes };

/**
 * A model for the train-step builder:
 * - `linear`, `logistic`, `mlp`: the built-in dense models (parameters `w1, b1, w2, ...`);
 * - `sequential`: a list of layers (`conv2d`, `maxPool2d`, `dense`, `dropout`, `batchNorm`, ...);
 * - `onnx`: your own forward model as ONNX bytes (e.g. from `torch.onnx.export`), with a loss.
 * All of them are trained through the same reverse-mode differentiation of their forward graph.
 */
export type ModelSpec = DenseModelSpec | SequentialModelSpec | OnnxModelSpec;

export const MODEL_KINDS: readonly ModelSpec['kind'][] = ['linear', 'logistic', 'mlp', 'sequential', 'onnx'];

/** The forward graph, loss and parameters of a model spec (validated: a bad spec throws here). */
export function forwardModel(model: ModelSpec): ForwardModel {
  if (typeof model !== 'object' || model === null) throw new ModelError(`model must be an object with a kind (${MODEL_KINDS.map((k) => `'${k}'`).join(', ')}), got ${model === null ? 'null' : typeof model}`);
  const kind = (model as { kind?: unknown }).kind;
  if (kind === 'linear' || kind === 'logistic' || kind === 'mlp') return denseForward(model as DenseModelSpec);
  if (kind === 'sequential') return sequentialForward(model as SequentialModelSpec);
  if (kind === 'onnx') return onnxForward(model as OnnxModelSpec);
  throw new ModelError(`model.kind must be one of ${MODEL_KINDS.map((k) => `'${k}'`).join(', ')}, got ${JSON.stringify(kind)}`);
}

/** The trainable parameters of a model, in state order. */
export function modelParams(model: ModelSpec): ParamInfo[] {
  return forwardModel(model).params.map((p) => ({ ...p, dims: [...p.dims] }));
}
