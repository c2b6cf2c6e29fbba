/**
 * The few tfjs engine calls this package makes (tidy, keep, a scalar, the variable registry), taken
 * from the user's tfjs at run time: this package imports nothing from `@tensorflow/tfjs-core` but
 * types. Every tfjs build (`@tensorflow/tfjs`, `tfjs-node`, a bare `tfjs-core` with a backend) keeps
 * its one engine on the global object as `_tfengine` (tfjs-core's `getOrMakeEngine`), which is how
 * several copies of tfjs-core in one app already share it; the optimizers, tensors and models handed
 * to this package all live in that engine.
 */
import type { Scalar, Tensor, TensorContainer, Variable } from '@tensorflow/tfjs-core';
import { TfjsAdapterError } from './errors.js';

interface Engine {
  tidy<T extends TensorContainer>(fn: () => T): T;
  keep<T extends Tensor>(result: T): T;
  makeTensor(values: Float32Array, shape: number[], dtype: 'float32'): Tensor;
  registeredVariables: Record<string, Variable>;
}

function engine(): Engine {
  const e = (globalThis as { _tfengine?: Engine })._tfengine;
  if (e === undefined || typeof e.tidy !== 'function') {
    throw new TfjsAdapterError('no_tfjs', 'no TensorFlow.js engine is loaded: import @tensorflow/tfjs (or tfjs-node) before using @cyclr/tfjs-adapter');
  }
  return e;
}

export const tidy = <T extends TensorContainer>(fn: () => T): T => engine().tidy(fn);
export const keep = <T extends Tensor>(t: T): T => engine().keep(t);
/** A float32 scalar, as `tf.scalar(value)`. */
export const scalar = (value: number): Scalar => engine().makeTensor(Float32Array.of(value), [], 'float32') as Scalar;
/** The engine's variables by name. */
export const registeredVariables = (): Record<string, Variable> => engine().registeredVariables;
