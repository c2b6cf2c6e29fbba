// The README's examples, run as written (with a small model and data in place of the reader's).
import { valuesAt } from '@cyclr/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindOptimizer, lrRangeTest, scheduleCallback } from '../src/index.js';
import { tf, useBackend } from './backends.js';

describe('README examples', () => {
  beforeAll(() => useBackend('wasm'));

  it('model.fit in five lines records history.history.lr', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    const xs = tf.randomUniform([64, 2], -1, 1, 'float32', 1);
    const ys = xs.sum(1, true);
    // --- README
    model.compile({ optimizer: tf.train.momentum(0.1, 0.9), loss: 'meanSquaredError' });
    const policy = { version: 1, lr: { type: 'oneCycle', steps: 3000, from: 0.004, peak: 0.1, to: 4e-7 } } as const;
    const history = await model.fit(xs, ys, { epochs: 10, batchSize: 32, callbacks: [scheduleCallback(policy, { tf })] });
    // ---
    expect(history.history.lr).toEqual(Array.from({ length: 10 }, (_, e) => valuesAt(policy, 2 * e + 1).lr));
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('the range test returns core\'s recommendation and a plot-ready curve', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const xs = tf.randomUniform([64, 2], -1, 1, 'float32', 2);
    const ys = xs.sum(1, true);
    // --- README
    const result = await lrRangeTest({ model, data: { x: xs, y: ys, batchSize: 32 }, minLr: 1e-7, maxLr: 10, steps: 100 });
    // ---
    expect(result.analysis.recommended.lr).toBeGreaterThan(1e-7);
    expect(result.plot.lrs).toBe(result.lrs);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('the custom loop binds, records and unbinds', () => {
    const w = tf.variable(tf.tensor1d([1, -1]), true, 'readme_kernel');
    const b = tf.variable(tf.tensor1d([0.5]), true, 'readme_bias');
    const batches = [0, 1, 2];
    const loss = (_batch: number) => tf.tidy(() => w.square().sum().add(b.square().sum())) as ReturnType<typeof tf.scalar>;
    const policy = { version: 1, lr: { type: 'linear', from: 1e-3, to: 0, steps: 3 }, beta1: { type: 'constant', value: 0.9 }, weightDecay: { type: 'constant', value: 0.01 } } as const;
    // --- README
    const binding = bindOptimizer(tf.train.adam(1e-3), policy, { weightDecayExclude: [/bias/, /gamma|beta/] });
    for (const batch of batches) binding.minimize(() => loss(batch));
    const applied = binding.history;
    binding.unbind();
    // ---
    expect(applied.map((r) => r.values)).toEqual([0, 1, 2].map((t) => valuesAt(policy, t)));
    binding.optimizer.dispose();
    tf.dispose([w, b]);
  });
});
