// The small MLP trainer the trainer tests share, its batches and the views of its state they compare.
import type { Policy } from '@cyclr/core';
import { crc32 } from '../src/checkpoint.js';
import { buildTrainStep, initialState } from '../src/train-step.js';
import { createTrainer, type Batch, type Trainer, type TrainerOptions } from '../src/trainer.js';
import type { ModelSpec } from '../src/models.js';
import type { OptimizerSpec } from '../src/optimizers.js';
import type { SessionLike } from '../src/runtime.js';
import { f32, i64, ort, rng, session } from './helpers.js';

export const model: ModelSpec = { kind: 'mlp', inputs: 4, hidden: [8], classes: 3 };
export const momentum: OptimizerSpec = { type: 'momentum', nesterov: true };

export function batches(count: number, seed = 1, n = 6): Batch[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, b) => ({
    x: f32(Array.from({ length: n * 4 }, () => r()), [n, 4]),
    y: i64(Array.from({ length: n }, (_, i) => (i + b) % 3), [n]),
  }));
}

export const lrPolicy = (lr: Policy['lr'], others: Record<string, unknown> = {}): Policy => ({ version: 1, lr, ...others }) as Policy;

const sessions = new Map<string, Promise<SessionLike>>();

/** One session per optimizer, shared by the trainers of a test file (a trainer owns none of it). */
export function trainStepSession(opt: OptimizerSpec): Promise<SessionLike> {
  const key = JSON.stringify(opt);
  if (!sessions.has(key)) sessions.set(key, session(buildTrainStep({ model, optimizer: opt }).bytes));
  return sessions.get(key)!;
}

export async function trainer(policy: Policy, opt: OptimizerSpec = momentum, extra: Partial<TrainerOptions> = {}): Promise<Trainer> {
  return createTrainer({
    session: await trainStepSession(opt),
    Tensor: ort.Tensor,
    policy,
    state: initialState(model, opt, 7),
    fixed: { weight_decay: 0 },
    ...extra,
  });
}

/** The state tensors' bits, by name. */
export const bits = (t: Trainer): Record<string, number[]> => Object.fromEntries(Object.entries(t.readState()).map(([k, v]) => [k, Array.from(new Uint32Array((v as Float32Array).buffer))]));

/** Everything an operation may change: the state's bits, the step, the history and the plateau state. */
export const everything = (t: Trainer) => ({ bits: bits(t), stepCount: t.stepCount, history: structuredClone(t.history), plateau: t.plateau === undefined ? undefined : { ...t.plateau } });

/** The header of a checkpoint, parsed. */
export function headerOf(bytes: Uint8Array): Record<string, unknown> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + view.getUint32(12, true)))) as Record<string, unknown>;
}

const pad8 = (n: number): number => (n + 7) & ~7;

/**
 * A forged checkpoint: `header` (any JSON text) in place of the original header, the tensor bytes
 * kept, and a recomputed CRC, so only the reader's own checks can refuse it.
 */
export function forge(bytes: Uint8Array, header: string | ((h: Record<string, unknown>) => unknown)): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const oldLength = view.getUint32(12, true);
  const text = typeof header === 'string' ? header : JSON.stringify(header(headerOf(bytes)) ?? null);
  const encoded = new TextEncoder().encode(text);
  const body = bytes.subarray(pad8(16 + oldLength), bytes.length - 4);
  const out = new Uint8Array(pad8(16 + encoded.length) + body.length + 4);
  out.set(bytes.subarray(0, 12), 0);
  const o = new DataView(out.buffer);
  o.setUint32(12, encoded.length, true);
  out.set(encoded, 16);
  out.set(body, pad8(16 + encoded.length));
  o.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}
