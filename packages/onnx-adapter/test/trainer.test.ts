import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planRangeTest, valuesAt, type Policy } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../src/checkpoint.js';
import { buildEvalModel, buildTrainStep, initialState } from '../src/train-step.js';
import { createTrainer, TrainerError, type Batch, type Trainer } from '../src/trainer.js';
import type { ModelSpec } from '../src/models.js';
import type { OptimizerSpec } from '../src/optimizers.js';
import { f32, i64, ort, rng, session } from './helpers.js';

const model: ModelSpec = { kind: 'mlp', inputs: 4, hidden: [8], classes: 3 };
const momentum: OptimizerSpec = { type: 'momentum', nesterov: true };

function batches(count: number, seed = 1, n = 6): Batch[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, b) => ({
    x: f32(Array.from({ length: n * 4 }, () => r()), [n, 4]),
    y: i64(Array.from({ length: n }, (_, i) => (i + b) % 3), [n]),
  }));
}

const lrPolicy = (lr: Policy['lr'], others: Record<string, unknown> = {}): Policy => ({ version: 1, lr, ...others }) as Policy;

async function trainer(policy: Policy, opt: OptimizerSpec = momentum, extra: Partial<Parameters<typeof createTrainer>[0]> = {}): Promise<Trainer> {
  const built = buildTrainStep({ model, optimizer: opt });
  return createTrainer({
    session: await session(built.bytes),
    Tensor: ort.Tensor,
    policy,
    state: initialState(model, opt, 7),
    fixed: { weight_decay: 0 },
    ...extra,
  });
}

const bits = (t: Trainer): Record<string, number[]> => Object.fromEntries(Object.entries(t.readState()).map(([k, v]) => [k, Array.from(new Uint32Array((v as Float32Array).buffer))]));

describe('createTrainer stepping', () => {
  it('gives the first update the value at step 0 and increments after each update', async () => {
    const t = await trainer(lrPolicy({ type: 'linear', from: 0, to: 1000, steps: 1000 }), { type: 'sgd' });
    const before = bits(t);
    const r = await t.step(batches(1)[0]);
    expect(r.step).toBe(0);
    expect(r.values.lr).toBe(0);
    expect(bits(t)).toEqual(before); // lr 0: nothing moved
    expect(t.stepCount).toBe(1);
    await t.step(batches(1)[0]);
    expect(t.history.values.lr).toEqual([0, 1]);
    expect(t.history.steps).toEqual([0, 1]);
  });

  it('refuses a second step while one is running, and the first still completes', async () => {
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.1 }, { momentum: { type: 'constant', value: 0.9 } }));
    const [b] = batches(1);
    const first = t.step(b);
    await expect(t.step(b)).rejects.toThrow('step() refused: step() is running (a trainer runs one operation at a time: await each call)');
    await expect(first).resolves.toMatchObject({ step: 0 });
    expect(t.stepCount).toBe(1);
  });

  it('records applied lr and momentum equal to valuesAt at every step', async () => {
    const policy = lrPolicy({ type: 'linear', from: 0.1, to: 0.01, steps: 7 }, { momentum: { type: 'linear', from: 0.8, to: 0.95, steps: 5 } });
    const t = await trainer(policy);
    await t.fit(batches(10));
    expect(t.history.values.lr).toEqual(Array.from({ length: 10 }, (_, s) => Math.fround(valuesAt(policy, s).lr)));
    expect(t.history.values.momentum).toEqual(Array.from({ length: 10 }, (_, s) => Math.fround(valuesAt(policy, s).momentum)));
  });

  it('trains a constant schedule to exactly the weights of a bare fixed-lr session.run loop', async () => {
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 } }));
    const data = batches(12);
    await t.fit(data);
    const s = await session(buildTrainStep({ model, optimizer: momentum }).bytes);
    let state: Record<string, ort.Tensor> = Object.fromEntries(Object.entries(initialState(model, momentum, 7)).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)]));
    for (const b of data) {
      const out = await s.run({ ...b, ...state, lr: new ort.Tensor('float32', new Float32Array([0.05]), []), momentum: new ort.Tensor('float32', new Float32Array([0.9]), []), weight_decay: new ort.Tensor('float32', new Float32Array([0]), []) } as Record<string, ort.Tensor>);
      state = Object.fromEntries(Object.keys(state).map((k) => [k, out[`${k}.next`] as ort.Tensor]));
    }
    const got = t.readState();
    for (const k of Object.keys(state)) expect(Array.from(got[k] as Float32Array)).toEqual(Array.from(state[k].data as Float32Array));
    // and a graph with the constants compiled in trains the same bits
    const baked = createTrainer({
      session: await session(buildTrainStep({ model, optimizer: momentum, schedules: { lr: { type: 'constant', value: 0.05 }, momentum: { type: 'constant', value: 0.9 } } }).bytes),
      Tensor: ort.Tensor,
      state: initialState(model, momentum, 7),
      fixed: { weight_decay: 0 },
    });
    await baked.fit(data);
    expect(bits(baked)).toEqual(bits(t));
    expect(baked.history.values.lr).toEqual(t.history.values.lr);
  });

  it('trains the same weights with and without preallocated outputs', async () => {
    const policy = lrPolicy({ type: 'linear', from: 0.2, to: 0, steps: 8 }, { momentum: { type: 'constant', value: 0.9 } });
    const a = await trainer(policy);
    const b = await trainer(policy, momentum, { preallocate: false });
    await a.fit(batches(8));
    await b.fit(batches(8));
    expect(bits(a)).toEqual(bits(b));
  });

  it('feeds the step to an embedded-schedule graph (float64 arithmetic), which trains bit for bit like the schedule fed as a scalar', async () => {
    const schedule = { type: 'linear', from: 0.2, to: 0.02, steps: 6 } as const;
    const opt: OptimizerSpec = { type: 'adamw' };
    const fed = await trainer(lrPolicy(schedule, { beta1: { type: 'constant', value: 0.9 }, beta2: { type: 'constant', value: 0.999 } }), opt);
    const built = buildTrainStep({ model, optimizer: opt, schedules: { lr: schedule }, scheduleDtype: 'float64' });
    const t2 = createTrainer({
      session: await session(built.bytes),
      Tensor: ort.Tensor,
      policy: lrPolicy(schedule, { beta1: { type: 'constant', value: 0.9 }, beta2: { type: 'constant', value: 0.999 } }),
      state: initialState(model, opt, 7),
      fixed: { weight_decay: 0 },
    });
    expect(t2.roles.embedded).toEqual({ lr: 'lr' });
    await fed.fit(batches(9));
    await t2.fit(batches(9));
    expect(t2.history.values.lr).toEqual(fed.history.values.lr);
    expect(bits(t2)).toEqual(bits(fed));
  });
});

describe('checkpoint and restore', () => {
  const policy = lrPolicy({ type: 'cosine', from: 0.1, to: 0.001, steps: 12 }, { beta1: { type: 'linear', from: 0.95, to: 0.85, steps: 12 }, beta2: { type: 'constant', value: 0.99 } });
  const adamw: OptimizerSpec = { type: 'adamw' };

  it('resumes mid-run in a fresh trainer to the same final weights as an uninterrupted run, bit for bit', async () => {
    const data = batches(12, 4);
    const whole = await trainer(policy, adamw);
    await whole.fit(data);
    const first = await trainer(policy, adamw);
    await first.fit(data.slice(0, 5));
    const bytes = first.checkpoint();
    const resumed = await trainer(policy, adamw);
    resumed.restore(bytes);
    expect(resumed.stepCount).toBe(5);
    await resumed.fit(data.slice(5));
    expect(resumed.stepCount).toBe(12);
    expect(bits(resumed)).toEqual(bits(whole));
    expect(resumed.history.values.beta1).toEqual(whole.history.values.beta1.slice(5));
  });

  it('round-trips through a file written as a Buffer', async () => {
    const t = await trainer(policy, adamw);
    await t.fit(batches(3));
    const path = join(mkdtempSync(join(tmpdir(), 'cyclr-')), 'run.ckpt');
    writeFileSync(path, t.checkpoint({ note: 'epoch 1' }));
    const u = await trainer(policy, adamw);
    u.restore(readFileSync(path));
    expect(bits(u)).toEqual(bits(t));
    expect(u.stepCount).toBe(3);
  });

  it('starts with the documented header: magic CYCLRCKP, version 1, header length, JSON header', async () => {
    const t = await trainer(policy, adamw);
    const bytes = t.checkpoint();
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('CYCLRCKP');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(8, true)).toBe(1);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + view.getUint32(12, true))));
    expect(header.step).toBe(0);
    expect(header.tensors.map((x: { name: string }) => x.name).slice(0, 4)).toEqual(['w1', 'b1', 'w2', 'b2']);
  });

  it('rejects a corrupt, truncated or foreign checkpoint with a clear error and keeps the previous state', async () => {
    const t = await trainer(policy, adamw);
    await t.fit(batches(2));
    const good = t.checkpoint();
    await t.step(batches(1, 9)[0]);
    const before = bits(t);
    const flipped = Uint8Array.from(good);
    flipped[good.length - 40] ^= 0x10;
    expect(() => t.restore(flipped)).toThrow(/invalid checkpoint: checksum mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\): the file is corrupt or truncated/);
    expect(() => t.restore(good.subarray(0, 100))).toThrow(CheckpointError);
    const foreign = Uint8Array.from(good);
    foreign.set(new TextEncoder().encode('NOTACKPT'), 0);
    expect(() => t.restore(foreign)).toThrow('invalid checkpoint: bad magic "NOTACKPT" (expected "CYCLRCKP"): not a cyclr checkpoint');
    const other = await trainer(lrPolicy({ type: 'constant', value: 0.1 }, { momentum: { type: 'constant', value: 0.9 } }), momentum);
    expect(() => t.restore(other.checkpoint())).toThrow(/does not match this trainer: it has no tensor "w1.m"/);
    expect(bits(t)).toEqual(before);
    expect(t.stepCount).toBe(3);
  });
});

describe('bad input', () => {
  it('lists what the model has when the state names an input the model lacks', async () => {
    const built = buildTrainStep({ model, optimizer: momentum });
    const state = { ...initialState(model, momentum, 1), w9: { data: new Float32Array(1), dims: [1] } };
    await expect(async () =>
      createTrainer({ session: await session(built.bytes), Tensor: ort.Tensor, policy: lrPolicy({ type: 'constant', value: 0.1 }, { momentum: { type: 'constant', value: 0.9 } }), state, fixed: { weight_decay: 0 } }),
    ).rejects.toThrow(/state tensor "w9" is not a model input[\s\S]*state tensor "w9" has no updated output "w9.next"[\s\S]*the model has inputs "x", "y", "w1"/);
  });

  it('rejects a policy naming a hyperparameter the graph lacks, and an unfed hyperparameter input', async () => {
    await expect(trainer(lrPolicy({ type: 'constant', value: 0.1 }, { beta1: { type: 'constant', value: 0.9 } }), momentum)).rejects.toThrow(
      /the policy schedules "beta1", bound to graph input "beta1", which the model does not have[\s\S]*graph input "momentum" is a hyperparameter that is neither scheduled nor fixed/,
    );
  });

  it('rejects state tensors of the wrong dtype or shape', async () => {
    const built = buildTrainStep({ model, optimizer: { type: 'sgd' } });
    const state = { ...initialState(model, { type: 'sgd' }, 1), w1: { data: new Float32Array(8 * 5), dims: [5, 8] } };
    await expect(async () => createTrainer({ session: await session(built.bytes), Tensor: ort.Tensor, policy: lrPolicy({ type: 'constant', value: 0.1 }), state, fixed: { weight_decay: 0 } })).rejects.toThrow(
      'state tensor "w1" has dims [5, 8], the model input has [4, 8]',
    );
  });

  it('rejects a batch with a wrong dtype, a wrong shape or a missing input before running, and keeps the state', async () => {
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.1 }, { momentum: { type: 'constant', value: 0.9 } }));
    await t.step(batches(1)[0]);
    const before = bits(t);
    const good = batches(1)[0];
    await expect(t.step({ x: good.x, y: f32([0, 1, 2, 0, 1, 2], [6]) })).rejects.toThrow('batch input "y" is float32, the model expects int64');
    await expect(t.step({ x: f32(new Float32Array(30), [6, 5]), y: good.y })).rejects.toThrow('batch input "x" has dims [6, 5], the model expects [N, 4]');
    await expect(t.step({ x: good.x, y: i64([0, 1, 2], [3]) })).rejects.toThrow('batch input "y" has dims [3], the model expects [N] (with N = 6)');
    await expect(t.step({ x: good.x })).rejects.toThrow('missing batch input "y"');
    await expect(t.step({ x: good.x })).rejects.toBeInstanceOf(TrainerError);
    await expect(t.step({ ...good, z: good.y })).rejects.toThrow('batch has "z", which is not a batch input of the model');
    expect(bits(t)).toEqual(before);
    expect(t.stepCount).toBe(1);
    expect(t.history.steps).toEqual([0]);
  });
});

describe('fit, evaluation, plateau control and the range test', () => {
  it('calls onStep and onEpoch, reshuffles through a batch function, and stops on abort between steps', async () => {
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 } }));
    const seen: number[] = [];
    const epochs: number[] = [];
    const result = await t.fit((epoch) => batches(4, epoch), { epochs: 3, onStep: (r) => void seen.push(r.step), onEpoch: (e) => void epochs.push(e.step) });
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(epochs).toEqual([4, 8, 12]);
    expect(result).toMatchObject({ steps: 12, aborted: false });
    const controller = new AbortController();
    const stopped = await t.fit(batches(10), { onStep: (r) => (r.step === 14 ? controller.abort() : undefined), signal: controller.signal });
    expect(stopped).toMatchObject({ steps: 3, aborted: true });
    expect(t.stepCount).toBe(15);
  });

  it('evaluates with an eval graph, weighting batches by size', async () => {
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 } }), momentum, { evalSession: await session(buildEvalModel(model).bytes) });
    const data = batches(2, 3, 5);
    const ev = await session(buildEvalModel(model).bytes);
    const direct = await Promise.all(data.map((b) => ev.run({ ...b, ...t.state })));
    const r = await t.evaluate(data);
    expect(r.examples).toBe(10);
    expect(r.loss).toBeCloseTo(direct.reduce((s, o) => s + Number((o.loss.data as Float32Array)[0]), 0) / 2, 6);
    expect(r.metrics.accuracy).toBeCloseTo(direct.reduce((s, o) => s + Number((o.accuracy.data as Float32Array)[0]), 0) / 2, 6);
  });

  it('lowers lr through plateau control when the validation metric stops improving, as valuesAt with the plateau state says', async () => {
    const policy = lrPolicy({ type: 'constant', value: 0.1 }, { momentum: { type: 'constant', value: 0.9 }, plateau: { patience: 0, factor: 0.5 } });
    const t = await trainer(policy);
    const metrics = [1, 2, 3];
    const result = await t.fit(batches(2), { epochs: 3, validate: () => metrics.shift() as number });
    expect(result.epochs.map((e) => e.plateau?.multiplier)).toEqual([1, 0.5, 0.25]);
    expect(t.history.values.lr).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05].map(Math.fround));
    expect(t.nextValues().lr).toBe(valuesAt(policy, 6, { plateau: t.plateau! }).lr);
  });

  it('runs an LR range test with core\'s schedule and analysis, then restores state, step and history exactly', async () => {
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 } }));
    await t.fit(batches(3));
    const before = bits(t);
    const result = await t.rangeTest(batches(30, 8), { minLr: 1e-4, maxLr: 1, steps: 30 });
    expect(result.lrs[0]).toBe(Math.fround(1e-4));
    expect(result.lrs).toHaveLength(result.losses.length);
    expect(result.lrs.length).toBeGreaterThan(10);
    expect(result.analysis.recommended.lr).toBeGreaterThan(0);
    expect(bits(t)).toEqual(before);
    expect(t.stepCount).toBe(3);
    expect(t.history.steps).toEqual([0, 1, 2]);
  });

  it('holds each learning rate for holdSteps batches and records their mean loss, as training on the sweep schedule does', async () => {
    const data = batches(12, 8);
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 } }));
    const result = await t.rangeTest(data, { minLr: 1e-3, maxLr: 1, steps: 4, holdSteps: 3, stopOnDivergence: false });
    expect(result.updates).toBe(12);
    const plan = planRangeTest({ minLr: 1e-3, maxLr: 1, steps: 4, holdSteps: 3 });
    const direct = await trainer(lrPolicy(plan.schedule, { momentum: { type: 'constant', value: 0.9 } }));
    await direct.fit(data);
    const lr = direct.history.values.lr;
    const loss = direct.history.loss;
    expect(result.lrs).toEqual([0, 3, 6, 9].map((u) => lr[u]));
    expect(lr.slice(0, 3)).toEqual([lr[0], lr[0], lr[0]]);
    expect(result.losses).toEqual([0, 3, 6, 9].map((u) => (loss[u] + loss[u + 1] + loss[u + 2]) / 3));
  });

  it('refuses bad options before the first update, naming each one (stopFactor is gone)', async () => {
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 } }));
    const before = bits(t);
    await expect(t.rangeTest(batches(4), { stopFactor: 10, steps: 1, holdSteps: 0, speed: 2, hyperparameter: 'lr' } as never)).rejects.toThrow(
      new TrainerError([
        'invalid rangeTest options:',
        '  ✖ steps must be an integer >= 2, got 1',
        '  ✖ holdSteps must be an integer >= 1, got 0',
        '  ✖ stopFactor is gone: the test stops where the analysis finds divergence, set by analysis.divergeFactor (on the smoothed loss), or never with stopOnDivergence: false',
        '  ✖ unknown option "speed" (rangeTest takes minLr, maxLr, steps, mode, holdSteps, stopOnDivergence, analysis, signal, hyperparameter)',
      ].join('\n'), 'invalid_options'),
    );
    await expect(t.rangeTest(batches(4), { hyperparameter: 'beta1' })).rejects.toThrow('hyperparameter "beta1" is not a hyperparameter the policy feeds to the graph (fed: "lr", "momentum")');
    await expect(t.rangeTest(batches(4), { analysis: { divergeFactor: 1 } })).rejects.toMatchObject({ code: 'invalid_options', message: expect.stringContaining('analysis.divergeFactor must be a finite number > 1, got 1') });
    expect(bits(t)).toEqual(before);
  });

  it('stops between updates when its signal aborts, rejecting with the signal\'s reason and leaving the trainer as it was', async () => {
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 } }));
    await t.step(batches(1)[0]);
    const before = { bits: bits(t), step: t.stepCount, history: structuredClone(t.history) };
    const controller = new AbortController();
    const reason = new Error('stop now');
    let seen = 0;
    const data = (async function* () {
      for (const b of batches(40, 8)) {
        seen += 1;
        if (seen === 5) controller.abort(reason);
        yield b;
      }
    })();
    await expect(t.rangeTest(data, { steps: 40, signal: controller.signal })).rejects.toBe(reason);
    expect(seen).toBe(5);
    expect({ bits: bits(t), step: t.stepCount, history: t.history }).toEqual(before);
  });

  it('is a diverged TrainerError when the loss is not finite at the first learning rate', async () => {
    const t = await trainer(lrPolicy({ type: 'constant', value: 0.05 }, { momentum: { type: 'constant', value: 0.9 } }));
    const nan = { ...batches(1)[0], x: f32(new Float32Array(24).fill(Number.NaN), [6, 4]) };
    await expect(t.rangeTest([nan], { steps: 5 })).rejects.toMatchObject({ name: 'TrainerError', code: 'diverged', message: 'rangeTest(): a range test needs at least 2 points, got 1 (it stopped after 1 update(s) from minLr 1e-7: lower minLr or check the model and the data)' });
  });
});
