import type { LossKind } from '../forward/loss.js';

/** Activation applied after a layer (the GELU is the exact, erf form). */
export type Activation = 'linear' | 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'gelu';

/** A size given once for both spatial axes, or as `[height, width]`. */
export type Pair = number | readonly [number, number];

/**
 * One layer of a `sequential` model. Images are channels-first (`[N, C, H, W]`, as in PyTorch and
 * ONNX). Every layer may carry a `name`; parameters are named `<name>.weight`, `<name>.bias` (and
 * `<name>.running_mean`, `<name>.running_var` for batchNorm), the name defaulting to the layer's
 * index in the list, as in PyTorch's `nn.Sequential`.
 */
export type LayerSpec =
  | { type: 'conv2d'; filters: number; kernelSize: Pair; strides?: Pair; padding?: 'valid' | 'same' | Pair; dilation?: Pair; groups?: number; activation?: Activation; useBias?: boolean; name?: string }
  | { type: 'maxPool2d'; poolSize: Pair; strides?: Pair; padding?: 'valid' | 'same' | Pair; name?: string }
  | { type: 'avgPool2d'; poolSize: Pair; strides?: Pair; padding?: 'valid' | 'same' | Pair; name?: string }
  | { type: 'globalAvgPool'; name?: string }
  | { type: 'flatten'; name?: string }
  | { type: 'dense'; units: number; activation?: Activation; useBias?: boolean; name?: string }
  | { type: 'dropout'; rate: number; name?: string }
  | { type: 'spatialDropout2d'; rate: number; name?: string }
  | { type: 'batchNorm'; momentum?: number; epsilon?: number; name?: string }
  | { type: 'activation'; activation: Activation; name?: string };

export type LayerType = LayerSpec['type'];

export const LAYER_TYPES: readonly LayerType[] = ['conv2d', 'maxPool2d', 'avgPool2d', 'globalAvgPool', 'flatten', 'dense', 'dropout', 'spatialDropout2d', 'batchNorm', 'activation'];

export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'gelu'];

/**
 * A model built from a list of layers (like Keras `Sequential` or PyTorch `nn.Sequential`): its
 * forward graph is emitted in ONNX ops and trained through the same autodiff as an imported model.
 * - `input`: the dims of one example, e.g. `[1, 28, 28]` (channels first) or `[784]`; the batch
 *   input `x` is `[N, ...input]` float32.
 * - `loss` (default `'crossEntropy'`, labels `y [N]` int64): the last layer's output are the logits.
 * - Initial weights: Glorot uniform (Keras's default) from a seeded generator, biases zero;
 *   batchNorm starts at weight 1, bias 0, running mean 0, running variance 1.
 * - `dropoutSeed` keys the dropout masks (default 0).
 */
export interface SequentialModelSpec {
  kind: 'sequential';
  input: readonly number[];
  layers: readonly LayerSpec[];
  loss?: LossKind;
  dropoutSeed?: number;
}
