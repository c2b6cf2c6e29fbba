import { valuesAt, type Policy } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { loadFashionMnist, type FashionMnistSplit } from './fashion-mnist-data.js';
import { buildEvalModel, buildTrainStep, initialState } from '../src/train-step.js';
import { createTrainer, type Batch } from '../src/trainer.js';
import type { ModelSpec } from '../src/models.js';
import { ort, session } from './helpers.js';

const BATCH = 50;
const EPOCHS = 15;

function batchesOf(split: FashionMnistSplit, order: number[], size: number): Batch[] {
  const d = split.side * split.side;
  const out: Batch[] = [];
  for (let start = 0; start < order.length; start += size) {
    const idx = order.slice(start, start + size);
    const x = new Float32Array(idx.length * d);
    const y = new BigInt64Array(idx.length);
    idx.forEach((i, k) => {
      x.set(split.images.subarray(i * d, (i + 1) * d), k * d);
      y[k] = split.labels[i];
    });
    out.push({ x: new ort.Tensor('float32', x, [idx.length, d]), y: new ort.Tensor('int64', y, [idx.length]) });
  }
  return out;
}

/** A seeded permutation (Fisher-Yates with a linear congruential generator). */
function shuffled(n: number, seed: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe('Fashion-MNIST (committed 14x14 subset)', () => {
  it('trains an MLP with a one-cycle policy to at least 83% test accuracy (85.2% with onnxruntime-node 1.30 on one thread), applying lr and momentum exactly as valuesAt says', async () => {
    const { train, test } = await loadFashionMnist();
    expect([train.count, test.count, train.side]).toEqual([2000, 500, 14]);
    const model: ModelSpec = { kind: 'mlp', inputs: 196, hidden: [128], classes: 10 };
    const optimizer = { type: 'momentum' } as const;
    const stepsPerEpoch = Math.ceil(train.count / BATCH);
    const total = stepsPerEpoch * EPOCHS;
    const policy: Policy = {
      version: 1,
      lr: { type: 'oneCycle', steps: total, from: 0.02, peak: 0.3, to: 2e-5 },
      momentum: { type: 'oneCycle', steps: total, from: 0.95, peak: 0.85, to: 0.95 },
    };
    const trainer = createTrainer({
      session: await session(buildTrainStep({ model, optimizer }).bytes),
      evalSession: await session(buildEvalModel(model).bytes),
      Tensor: ort.Tensor,
      policy,
      state: initialState(model, optimizer, 1),
      fixed: { weight_decay: 1e-4 },
    });
    const before = await trainer.evaluate(batchesOf(test, Array.from({ length: test.count }, (_, i) => i), 250));
    await trainer.fit((epoch) => batchesOf(train, shuffled(train.count, epoch + 1), BATCH), { epochs: EPOCHS });
    const after = await trainer.evaluate(batchesOf(test, Array.from({ length: test.count }, (_, i) => i), 250));
    expect(before.metrics.accuracy).toBeLessThan(0.3);
    expect(after.metrics.accuracy).toBeGreaterThanOrEqual(0.83);
    expect(after.loss).toBeLessThan(before.loss / 2);
    expect(trainer.stepCount).toBe(total);
    expect(trainer.history.values.lr).toEqual(Array.from({ length: total }, (_, t) => Math.fround(valuesAt(policy, t).lr)));
    expect(trainer.history.values.momentum).toEqual(Array.from({ length: total }, (_, t) => Math.fround(valuesAt(policy, t).momentum)));
  });
});
