// Reads the fixtures written by test/fixtures/pytorch/generate.py (real PyTorch 1.13).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LossKind } from '../src/forward/loss.js';
import type { TensorLike } from '../src/runtime.js';
import { ort } from './helpers.js';

const beside = fileURLToPath(new URL('./fixtures/pytorch/', import.meta.url));
/** test/fixtures/pytorch/ (found from the package directory when this module is bundled elsewhere, as the benchmarks do) */
export const FIXTURE_DIR = existsSync(beside) ? beside : `${process.cwd()}/test/fixtures/pytorch/`;
export const FIXTURES = ['mlp-relu', 'mlp-tanh-sigmoid', 'layernorm-gelu', 'tutorial-cnn', 'resnet-like'] as const;

interface Encoded {
  dims: number[];
  data: string;
}

export interface Fixture {
  name: string;
  bytes: Uint8Array;
  loss: LossKind;
  batches: Array<{ x: TensorLike; y: TensorLike }>;
  initial: Record<string, Float32Array>;
  lossAtInitial: number;
  grads: Record<string, Float32Array>;
  sgd: { hyperparameters: { lr: number; weight_decay: number }; weights: Record<string, Float32Array> };
  momentum: { hyperparameters: { lr: number; momentum: number; weight_decay: number }; losses: number[]; weights: Record<string, Float32Array>; buffers: Record<string, Float32Array> };
}

export function decodeFloats(e: Encoded): Float32Array {
  const bytes = Buffer.from(e.data, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const map = (o: Record<string, Encoded>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeFloats(v)]));

export function loadFixture(name: string): Fixture {
  const json = JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.json`, 'utf8'));
  const tensor = (e: Encoded) => new ort.Tensor('float32', decodeFloats(e), e.dims);
  return {
    name,
    bytes: new Uint8Array(readFileSync(`${FIXTURE_DIR}${name}.onnx`)),
    loss: json.loss,
    batches: json.batches.map((b: { x: Encoded; y: Encoded | { dims: number[]; int64: number[] } }) => ({
      x: tensor(b.x),
      y: 'int64' in b.y ? new ort.Tensor('int64', BigInt64Array.from(b.y.int64, (v) => BigInt(v)), b.y.dims) : tensor(b.y),
    })),
    initial: map(json.initial),
    lossAtInitial: json.lossAtInitial,
    grads: map(json.grads),
    sgd: { hyperparameters: json.sgd.hyperparameters, weights: map(json.sgd.weights) },
    momentum: { ...json.momentum, weights: map(json.momentum.weights), buffers: map(json.momentum.buffers) },
  };
}

/** max |a - b| / max |b| (the error relative to the tensor's scale) */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} and ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-30);
}
