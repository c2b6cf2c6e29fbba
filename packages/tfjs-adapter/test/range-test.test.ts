import { analyzeRangeTest, planRangeTest, rangeTestSchedule, valueAt } from '@cyclr/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindOptimizer, lrRangeTest, TfjsAdapterError } from '../src/index.js';
import { tf, useBackend } from './backends.js';

type Model = ReturnType<typeof tf.sequential>;

function makeModel(optimizer: tf.Optimizer, seed = 1): Model {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

function dataset(n = 64, seed = 3): { x: ReturnType<typeof tf.tensor2d>; y: ReturnType<typeof tf.tensor2d> } {
  const x = tf.randomUniform([n, 4], -1, 1, 'float32', seed) as ReturnType<typeof tf.tensor2d>;
  const y = tf.tidy(() => x.matMul(tf.tensor2d([[0.5], [-1], [2], [0.25]])).add(0.1)) as ReturnType<typeof tf.tensor2d>;
  return { x, y };
}

async function state(model: Model): Promise<{ weights: number[][]; optimizer: Array<{ name: string; values: number[] }>; iterations: number }> {
  const opt = model.optimizer;
  const ow = await opt.getWeights();
  const out = {
    weights: model.getWeights().map((w) => Array.from(w.dataSync())),
    optimizer: ow.map((w) => ({ name: w.name, values: Array.from(w.tensor.dataSync()) })),
    iterations: opt.iterations,
  };
  ow[0].tensor.dispose(); // getWeights makes a new scalar for the iteration count
  return out;
}

describe('lrRangeTest', () => {
  beforeAll(() => useBackend('wasm'));

  it('records the core range schedule and loss at each step and returns core\'s analysis', async () => {
    const model = makeModel(tf.train.sgd(0.01));
    const { x, y } = dataset();
    const result = await lrRangeTest({ model, data: { x, y, batchSize: 16 }, minLr: 1e-4, maxLr: 1, steps: 30, stopOnDivergence: false });
    const schedule = rangeTestSchedule({ minLr: 1e-4, maxLr: 1, steps: 30 });
    expect(result.lrs).toEqual(Array.from({ length: 30 }, (_, t) => valueAt(schedule, t)));
    expect(result.lrs[0]).toBe(1e-4);
    expect(result.lrs[29]).toBe(1);
    expect(result.losses).toHaveLength(30);
    expect(result.losses.every(Number.isFinite)).toBe(true);
    expect(result.analysis).toEqual(analyzeRangeTest({ lrs: result.lrs, losses: result.losses, plannedSteps: 30 }));
    expect(result.plot.recommended).toEqual(result.analysis.recommended);
    expect(result.runs).toHaveLength(1);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('restores the weights and the Adam state bit-for-bit, so later training matches a twin that never ran it', async () => {
    const { x, y } = dataset();
    const model = makeModel(tf.train.adam(0.01));
    const twin = makeModel(tf.train.adam(0.01));
    twin.setWeights(model.getWeights());
    await model.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false });
    await twin.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false });
    const before = await state(model);
    const numTensors = tf.memory().numTensors;
    const result = await lrRangeTest({ model, data: { x, y, batchSize: 16 }, minLr: 1e-5, maxLr: 10, steps: 40 });
    expect(result.losses.length).toBeGreaterThan(1);
    expect(await state(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(numTensors);
    await model.fit(x, y, { batchSize: 16, epochs: 2, shuffle: false });
    await twin.fit(x, y, { batchSize: 16, epochs: 2, shuffle: false });
    const unnamed = (st: Awaited<ReturnType<typeof state>>) => ({ ...st, optimizer: st.optimizer.map((w) => w.values) });
    expect(unnamed(await state(model))).toEqual(unnamed(await state(twin)));
    tf.dispose([x, y]);
    model.dispose();
    twin.dispose();
  });

  it('restores everything bit-for-bit on the cpu backend too', async () => {
    await useBackend('cpu');
    try {
      const { x, y } = dataset(16);
      const model = makeModel(tf.train.rmsprop(0.01, 0.9, 0.5));
      await model.fit(x, y, { batchSize: 8, epochs: 1, shuffle: false });
      const before = await state(model);
      const result = await lrRangeTest({ model, data: { x, y, batchSize: 8 }, minLr: 1e-4, maxLr: 1e6, steps: 12, stopOnDivergence: false });
      expect(result.losses.length).toBeGreaterThan(2);
      expect(await state(model)).toEqual(before);
      tf.dispose([x, y]);
      model.dispose();
    } finally {
      await useBackend('wasm');
    }
  });

  it('stops at a non-finite loss and still restores everything bit-for-bit', async () => {
    const { x, y } = dataset();
    const model = makeModel(tf.train.momentum(0.01, 0.9));
    await model.fit(x, y, { batchSize: 32, epochs: 1, shuffle: false });
    const before = await state(model);
    const result = await lrRangeTest({ model, data: [{ xs: x, ys: y }], minLr: 1e-3, maxLr: 1e12, steps: 60, stopOnDivergence: false });
    expect(result.stoppedEarly).toBe(true);
    expect(Number.isFinite(result.losses[result.losses.length - 1])).toBe(false);
    expect(result.analysis.diverged).toBe(true);
    expect(await state(model)).toEqual(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('stops when core\'s analysis says the loss diverged', async () => {
    const { x, y } = dataset();
    const model = makeModel(tf.train.sgd(0.01));
    const result = await lrRangeTest({ model, data: [{ xs: x, ys: y }], minLr: 1e-4, maxLr: 100, steps: 80 });
    expect(result.stoppedEarly).toBe(true);
    expect(result.analysis.diverged).toBe(true);
    expect(result.losses.length).toBeLessThan(80);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('restores everything when the run throws midway (a batch of the wrong shape)', async () => {
    const { x, y } = dataset();
    const model = makeModel(tf.train.rmsprop(0.01, 0.9, 0.5));
    await model.fit(x, y, { batchSize: 32, epochs: 1, shuffle: false });
    const before = await state(model);
    const bad = tf.zeros([8, 3]);
    const data = [{ xs: x, ys: y }, { xs: x, ys: y }, { xs: bad, ys: y.slice(0, 8) }];
    await expect(lrRangeTest({ model, data, minLr: 1e-4, maxLr: 1, steps: 10, stopOnDivergence: false })).rejects.toThrow(
      "data batch 2: xs has shape [8, 3], but the model's input expects [null, 4]",
    );
    expect(await state(model)).toEqual(before);
    tf.dispose([x, y, bad, data[2].ys]);
    model.dispose();
  });

  it('takes batches from a tf.data.Dataset, cycling it, and records a validation loss every k steps', async () => {
    const { x, y } = dataset(32);
    const model = makeModel(tf.train.sgd(0.01));
    const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(x)), ys: tf.data.array(tf.unstack(y)) }).batch(8) as unknown as Parameters<typeof lrRangeTest>[0]['data'];
    const before = await state(model);
    const result = await lrRangeTest({ model, data: ds, minLr: 1e-4, maxLr: 1e-1, steps: 10, validationData: { x, y }, validateEvery: 4, stopOnDivergence: false });
    expect(result.losses).toHaveLength(10);
    expect(result.validation?.steps).toEqual([3, 7, 9]);
    expect(result.validation?.losses.every(Number.isFinite)).toBe(true);
    expect(await state(model)).toEqual(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('sweeps real decoupled weight decays from the same starting point and analyses the sweep', async () => {
    const { x, y } = dataset();
    const model = makeModel(tf.train.adam(0.01));
    const before = await state(model);
    const result = await lrRangeTest({ model, data: { x, y, batchSize: 32 }, minLr: 1e-4, maxLr: 1, steps: 12, weightDecays: [0, 0.5], stopOnDivergence: false });
    expect(result.runs.map((r) => r.weightDecay)).toEqual([0, 0.5]);
    // the same first batch at the same lr: the first losses agree, later ones differ by the decay
    expect(result.runs[0].losses[0]).toBe(result.runs[1].losses[0]);
    expect(result.runs[0].losses[11]).not.toBe(result.runs[1].losses[11]);
    expect(result.sweep?.perRun).toHaveLength(2);
    expect(await state(model)).toEqual(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('can test another optimizer on the model and leaves the model\'s own in place', async () => {
    const { x, y } = dataset();
    const own = tf.train.sgd(0.01);
    const model = makeModel(own);
    const other = tf.train.adamax(0.01, 0.9, 0.999);
    const result = await lrRangeTest({ model, optimizer: other, data: { x, y, batchSize: 32 }, minLr: 1e-4, maxLr: 1, steps: 8, stopOnDivergence: false });
    expect(result.losses).toHaveLength(8);
    expect(model.optimizer).toBe(own);
    expect(own.iterations).toBe(0);
    expect(other.iterations).toBe(0);
    expect((model as unknown as { model: { isOptimizerOwned: boolean } }).model.isOptimizerOwned).toBe(false);
    tf.dispose([x, y]);
    model.dispose();
  });

  describe('bad input leaves the model untouched', () => {
    it.each([
      ['min >= max', { minLr: 1, maxLr: 1 }, /maxLr must be greater than minLr/],
      ['a non-positive minLr', { minLr: 0, maxLr: 1 }, /minLr/],
      ['too few steps', { minLr: 1e-3, maxLr: 1, steps: 1 }, /steps/],
    ])('rejects %s', async (_name, patch, message) => {
      const { x, y } = dataset(16);
      const model = makeModel(tf.train.sgd(0.01));
      const before = await state(model);
      await expect(lrRangeTest({ model, data: { x, y, batchSize: 8 }, steps: 10, ...patch } as never)).rejects.toThrow(message);
      expect(await state(model)).toEqual(before);
      tf.dispose([x, y]);
      model.dispose();
    });

    it('rejects data of the wrong shape before training', async () => {
      const model = makeModel(tf.train.sgd(0.01));
      const before = await state(model);
      const x = tf.zeros([8, 5]);
      const y = tf.zeros([8, 1]);
      await expect(lrRangeTest({ model, data: { x, y, batchSize: 4 }, minLr: 1e-3, maxLr: 1, steps: 5 })).rejects.toThrow(TfjsAdapterError);
      await expect(lrRangeTest({ model, data: { x, y, batchSize: 4 }, minLr: 1e-3, maxLr: 1, steps: 5 })).rejects.toThrow("data batch 0: xs has shape [4, 5], but the model's input expects [null, 4]");
      await expect(lrRangeTest({ model, data: { x, y: tf.zeros([7, 1]), batchSize: 4 }, minLr: 1e-3, maxLr: 1, steps: 5 })).rejects.toThrow('data.x has 8 examples but data.y has 7');
      await expect(lrRangeTest({ model, data: [] as never, minLr: 1e-3, maxLr: 1, steps: 5 })).rejects.toThrow('empty array of batches');
      expect(await state(model)).toEqual(before);
      tf.dispose([x, y]);
      model.dispose();
    });

    it('rejects an uncompiled model', async () => {
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1 })] });
      const x = tf.zeros([4, 4]);
      const y = tf.zeros([4, 1]);
      await expect(lrRangeTest({ model, data: { x, y, batchSize: 4 }, minLr: 1e-3, maxLr: 1, steps: 5 })).rejects.toThrow(/compile/);
      tf.dispose([x, y]);
      model.dispose();
    });
  });

  describe('the options it shares with the ONNX trainer\'s range test (core\'s RangeTestRunOptions)', () => {
    it('defaults minLr, maxLr and steps to core\'s RANGE_TEST_RUN_DEFAULTS: 100 learning rates from 1e-7 to 10 (all three were required)', async () => {
      const model = makeModel(tf.train.sgd(0.01));
      const { x, y } = dataset(32);
      const result = await lrRangeTest({ model, data: { x, y, batchSize: 16 }, stopOnDivergence: false });
      expect(result.lrs).toEqual(Array.from({ length: 100 }, (_, t) => valueAt(planRangeTest().schedule, t)));
      expect([result.lrs[0], result.lrs[99]]).toEqual([1e-7, 10]);
      expect(result).toMatchObject({ updates: 100, stoppedEarly: false });
      tf.dispose([x, y]);
      model.dispose();
    });

    it('holds each learning rate for holdSteps batches and records their mean loss, as training on the sweep schedule does', async () => {
      const { x, y } = dataset(48);
      const model = makeModel(tf.train.momentum(0.01, 0.9));
      const twin = makeModel(tf.train.momentum(0.01, 0.9));
      twin.setWeights(model.getWeights());
      const result = await lrRangeTest({ model, data: { x, y, batchSize: 8 }, minLr: 1e-3, maxLr: 1, steps: 4, holdSteps: 3, stopOnDivergence: false });
      expect(result.updates).toBe(12);
      const binding = bindOptimizer(twin.optimizer, { version: 1, lr: planRangeTest({ minLr: 1e-3, maxLr: 1, steps: 4, holdSteps: 3 }).schedule }, { initialStep: 0 });
      const losses: number[] = [];
      for (let u = 0; u < 12; u++) {
        const start = (u % 6) * 8;
        const [xb, yb] = [x.slice(start, 8), y.slice(start, 8)];
        losses.push((await twin.trainOnBatch(xb, yb)) as number);
        tf.dispose([xb, yb]);
      }
      const lrs = binding.history.map((r) => r.values.lr);
      binding.unbind();
      expect(lrs.slice(0, 3)).toEqual([lrs[0], lrs[0], lrs[0]]);
      expect(result.lrs).toEqual([0, 3, 6, 9].map((u) => lrs[u]));
      expect(result.losses).toEqual([0, 3, 6, 9].map((u) => (losses[u] + losses[u + 1] + losses[u + 2]) / 3));
      tf.dispose([x, y]);
      model.dispose();
      twin.dispose();
    });

    it('stops between updates when its signal aborts, restores the model and optimizer exactly and rejects with the reason', async () => {
      const { x, y } = dataset(64);
      const model = makeModel(tf.train.adam(0.01));
      await model.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false });
      const before = await state(model);
      const controller = new AbortController();
      const reason = new Error('stop the sweep');
      let served = 0;
      const batches = Array.from({ length: 4 }, (_, i) => ({ xs: x.slice(i * 16, 16), ys: y.slice(i * 16, 16) }));
      const tensors = tf.memory().numTensors;
      const data = {
        async iterator() {
          let i = 0;
          return {
            async next() {
              served += 1;
              if (served === 6) controller.abort(reason);
              if (i === batches.length) return { value: undefined, done: true };
              const b = batches[i++];
              return { value: { xs: b.xs.clone(), ys: b.ys.clone() }, done: false };
            },
          };
        },
      };
      await expect(lrRangeTest({ model, data, steps: 30, signal: controller.signal })).rejects.toBe(reason);
      expect(await state(model)).toEqual(before);
      expect(tf.memory().numTensors).toBe(tensors);
      tf.dispose(batches.flatMap((b) => [b.xs, b.ys]));
      tf.dispose([x, y]);
      model.dispose();
    });

    it('says after how many batches a dataset ran out when it cannot start again', async () => {
      const { x, y } = dataset(16);
      const model = makeModel(tf.train.sgd(0.01));
      const before = await state(model);
      let started = 0;
      const data = {
        async iterator() {
          const first = started++ === 0;
          let i = 0;
          return { async next() { return first && i < 2 ? { value: { xs: x.slice(8 * i, 8), ys: y.slice(8 * i++, 8) }, done: false } : { value: undefined, done: true }; } };
        },
      };
      await expect(lrRangeTest({ model, data, steps: 5 })).rejects.toThrow('data (a tf.data.Dataset) ran out after 2 batches and yields nothing when iterated again');
      expect(await state(model)).toEqual(before);
      tf.dispose([x, y]);
      model.dispose();
    });

    it('names every bad shared option with its value and what was expected, before any update', async () => {
      const { x, y } = dataset(16);
      const model = makeModel(tf.train.sgd(0.01));
      await expect(lrRangeTest({ model, data: { x, y, batchSize: 8 }, steps: 2.5, holdSteps: 0 })).rejects.toThrow(
        'invalid lrRangeTest options:\n✖ steps must be an integer >= 2, got 2.5\n  → at steps\n✖ holdSteps must be an integer >= 1, got 0\n  → at holdSteps',
      );
      // the analysis options are checked before the first update too, by a dry run of the analysis
      await expect(lrRangeTest({ model, data: { x, y, batchSize: 8 }, analysis: { divergeFactor: 0 } })).rejects.toThrow(
        'invalid lrRangeTest options:\n✖ analysis.divergeFactor must be a finite number > 1, got 0\n  → at analysis.divergeFactor',
      );
      tf.dispose([x, y]);
      model.dispose();
    });
  });
});
