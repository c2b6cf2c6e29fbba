import * as ort from 'onnxruntime-node';
import { createSession } from '../src/session.js';
import { mulberry32 } from '../src/forward/random.js';
import type { SessionLike, TensorLike } from '../src/runtime.js';

export { ort };

export function session(bytes: Uint8Array): Promise<SessionLike> {
  return createSession(ort, bytes, { sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 } });
}

export function f32(data: ArrayLike<number>, dims: number[]): TensorLike {
  return new ort.Tensor('float32', Float32Array.from(data), dims);
}

export function i64(data: ArrayLike<number>, dims: number[]): TensorLike {
  return new ort.Tensor('int64', BigInt64Array.from(Array.from(data), (v) => BigInt(v)), dims);
}

/** Deterministic pseudo-random numbers in [-1, 1) (mulberry32). */
export function rng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() * 2 - 1;
}
