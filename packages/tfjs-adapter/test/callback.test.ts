import { plateauInit, plateauUpdate, valuesAt, type PlateauOptions, type PlateauState, type Policy } from '@cyclr/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleCallback, TfjsAdapterError } from '../src/index.js';
import { BACKENDS, tf, useBackend } from './backends.js';

type Model = ReturnType<typeof tf.sequential>;

function makeModel(optimizer: tf.Optimizer): Model {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [3], units: 4, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }));
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

function data(n = 24): { x: ReturnType<typeof tf.tensor2d>; y: ReturnType<typeof tf.tensor2d> } {
  const x = tf.randomUniform([n, 3], -1, 1, 'float32', 11) as ReturnType<typeof tf.tensor2d>;
  const y = tf.tidy(() => x.sum(1, true).mul(0.5)) as ReturnType<typeof tf.tensor2d>;
  return { x, y };
}

const weightsOf = (m: Model): number[][] => m.getWeights().map((w) => Array.from(w.dataSync()));

describe.each(BACKENDS)('scheduleCallback on the %s backend', (backend) => {
  beforeAll(() => useBackend(backend));
  const epochs = backend === 'cpu' ? 2 : 4;

  it('applies valuesAt(policy, t) for every update of model.fit and writes lr into history.history', async () => {
    const { x, y } = data();
    const model = makeModel(tf.train.momentum(0.1, 0.9));
    const policy: Policy = { version: 1, lr: { type: 'linear', from: 0.1, to: 0.01, steps: 10 }, momentum: { type: 'linear', from: 0.8, to: 0.95, steps: 10 } };
    const cb = scheduleCallback(policy, { tf });
    const h = await model.fit(x, y, { batchSize: 8, epochs, shuffle: false, callbacks: [cb] });
    const steps = epochs * 3;
    expect(cb.history.map((r) => r.step)).toEqual(Array.from({ length: steps }, (_, t) => t));
    expect(cb.history.map((r) => r.values)).toEqual(Array.from({ length: steps }, (_, t) => valuesAt(policy, t)));
    expect(h.history.lr).toEqual(Array.from({ length: epochs }, (_, e) => valuesAt(policy, e * 3 + 2).lr));
    expect(h.history.momentum).toEqual(Array.from({ length: epochs }, (_, e) => valuesAt(policy, e * 3 + 2).momentum));
    expect(Object.prototype.hasOwnProperty.call(model.optimizer, 'applyGradients')).toBe(false);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('trains bit-for-bit like plain model.fit under a constant schedule', async () => {
    const { x, y } = data();
    const plain = makeModel(tf.train.sgd(0.05));
    const scheduled = makeModel(tf.train.sgd(0.05));
    scheduled.setWeights(plain.getWeights());
    await plain.fit(x, y, { batchSize: 8, epochs, shuffle: false });
    const cb = scheduleCallback({ version: 1, lr: { type: 'constant', value: 0.05 } }, { tf });
    await scheduled.fit(x, y, { batchSize: 8, epochs, shuffle: false, callbacks: [cb] });
    expect(weightsOf(scheduled)).toEqual(weightsOf(plain));
    tf.dispose([x, y]);
    plain.dispose();
    scheduled.dispose();
  });
});

describe('scheduleCallback', () => {
  beforeAll(() => useBackend('wasm'));

  it('continues the schedule across fit calls (resume from optimizer.iterations), as a plain callback object too', async () => {
    const { x, y } = data();
    const model = makeModel(tf.train.sgd(0.1));
    const policy: Policy = { version: 1, lr: { type: 'linear', from: 0, to: 1e6, steps: 1e6 } };
    const cb = scheduleCallback(policy, { model });
    await model.fit(x, y, { batchSize: 8, epochs: 1, shuffle: false, callbacks: cb as never });
    await model.fit(x, y, { batchSize: 8, epochs: 1, shuffle: false, callbacks: cb as never });
    expect(cb.history.map((r) => r.values.lr)).toEqual([0, 1, 2, 3, 4, 5]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('schedules model.fitDataset', async () => {
    const { x, y } = data();
    const model = makeModel(tf.train.adam(0.01));
    const policy: Policy = { version: 1, lr: { type: 'linear', from: 0.01, to: 0.001, steps: 6 }, beta1: { type: 'linear', from: 0.85, to: 0.95, steps: 6 } };
    const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(x)), ys: tf.data.array(tf.unstack(y)) }).batch(8);
    const cb = scheduleCallback(policy, { tf });
    const h = await model.fitDataset(ds as never, { epochs: 2, callbacks: [cb] });
    expect(cb.history.map((r) => r.values)).toEqual(Array.from({ length: 6 }, (_, t) => valuesAt(policy, t)));
    expect(h.history.beta1).toEqual([valuesAt(policy, 2).beta1, valuesAt(policy, 5).beta1]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('feeds the monitored metric to the plateau controller at each epoch end, as core\'s reducer does', async () => {
    const { x, y } = data();
    const model = makeModel(tf.train.sgd(1e-9));
    const plateau: PlateauOptions = { patience: 1, factor: 0.5, eps: 0 };
    const policy: Policy = { version: 1, lr: { type: 'constant', value: 1e-9 }, plateau };
    const cb = scheduleCallback(policy, { tf, monitor: 'val_loss' });
    const h = await model.fit(x, y, { batchSize: 8, epochs: 5, shuffle: false, validationData: [x, y], callbacks: [cb] });
    // replay core's reducer on the logged metric: the state after epoch e drives epoch e + 1
    let state: PlateauState = plateauInit(plateau);
    const states = [state];
    for (const v of h.history.val_loss as number[]) {
      state = plateauUpdate(state, v, plateau, valuesAt(policy, 0, { plateau: state }).lr);
      states.push(state);
    }
    expect(state.reductions).toBeGreaterThan(0);
    expect(cb.plateauState).toEqual(state);
    expect(cb.history.map((r) => r.values.lr)).toEqual(cb.history.map((r) => valuesAt(policy, r.step, { plateau: states[Math.floor(r.step / 3)] }).lr));
    expect(h.history.lr).toEqual([0, 1, 2, 3, 4].map((e) => valuesAt(policy, 0, { plateau: states[e] }).lr));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('names the missing metric when a plateau policy has nothing to monitor', async () => {
    const { x, y } = data();
    const model = makeModel(tf.train.sgd(0.01));
    const cb = scheduleCallback({ version: 1, lr: { type: 'constant', value: 0.01 }, plateau: {} }, { tf });
    await expect(model.fit(x, y, { batchSize: 8, epochs: 1, callbacks: [cb] })).rejects.toThrow(/monitoring "val_loss", which the epoch logs lack \(they have loss, lr\)/);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('stops on a non-finite loss and puts back the weights and optimizer state of the last good epoch', async () => {
    const { x, y } = data();
    const policy: Policy = { version: 1, lr: { type: 'piecewiseConstant', boundaries: [6], values: [0.05, 1e30] } };
    const model = makeModel(tf.train.momentum(0.05, 0.9));
    const twin = makeModel(tf.train.momentum(0.05, 0.9));
    twin.setWeights(model.getWeights());
    await twin.fit(x, y, { batchSize: 8, epochs: 2, shuffle: false });
    const slots = async (m: Model) => (await m.optimizer.getWeights()).map((w) => Array.from(w.tensor.dataSync()));
    const cb = scheduleCallback(policy, { tf, stopOnNonFinite: true });
    const h = await model.fit(x, y, { batchSize: 8, epochs: 6, shuffle: false, callbacks: [cb] });
    expect(cb.stoppedOnNonFinite).toBe(true);
    expect(h.epoch.length).toBe(3);
    expect(weightsOf(model)).toEqual(weightsOf(twin));
    expect(await slots(model)).toEqual(await slots(twin));
    expect(model.optimizer.iterations).toBe(6);
    tf.dispose([x, y]);
    model.dispose();
    twin.dispose();
  });

  it('rejects bad options and invalid policies before training', () => {
    expect(() => scheduleCallback({ version: 1, lr: { type: 'constant', value: 0.1 } }, {} as never)).toThrow(/pass the user's tf/);
    expect(() => scheduleCallback({ version: 1, lr: { type: 'constnt' } } as never, { tf })).toThrow(/did you mean "constant"/);
    expect(() => scheduleCallback({ version: 1, lr: { type: 'constant', value: 0.1 } }, { tf, monitor: '' })).toThrow(TfjsAdapterError);
  });
});
