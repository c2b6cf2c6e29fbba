import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { keep } from './tf-runtime.js';

/** The slice of a tfjs-layers model this package uses. */
export interface LayersModelLike {
  weights: Array<{ name: string; read(): Tensor }>;
  optimizer: unknown;
  stopTraining: boolean;
  inputs?: Array<{ shape: Array<number | null> }>;
  outputs?: Array<{ shape: Array<number | null> }>;
  trainOnBatch?(x: Tensor | Tensor[], y: Tensor | Tensor[]): Promise<number | number[]>;
  evaluate?(x: Tensor | Tensor[], y: Tensor | Tensor[], args?: { batchSize?: number }): Tensor | Tensor[];
}

/** Copies of a model's weights (trainable and not), sharing memory until the originals change. */
export type WeightsSnapshot = Tensor[];

export function snapshotWeights(model: LayersModelLike): WeightsSnapshot {
  return model.weights.map((w) => keep(w.read().clone()));
}

/** Writes the snapshot back bit-for-bit (no constraints applied); disposes it unless `dispose: false`. */
export function restoreWeights(model: LayersModelLike, snapshot: WeightsSnapshot, options: { dispose?: boolean } = {}): void {
  model.weights.forEach((w, i) => (w.read() as Variable).assign(snapshot[i]));
  if (options.dispose !== false) disposeWeights(snapshot);
}

export function disposeWeights(snapshot: WeightsSnapshot): void {
  for (const t of snapshot) t.dispose();
}
