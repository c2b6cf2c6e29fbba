import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { f32, i64, ort, rng, session } from '../../test/helpers.js';
import { decodeFloats, FIXTURE_DIR, loadFixture } from '../../test/pytorch-fixtures.js';
import { gradModels } from '../../test/gradcheck.js';
import { createTrainer, type Batch } from '../trainer.js';
import { buildEvalModel, buildTrainStep, initialState } from '../train-step.js';
import type { LayerSpec, SequentialModelSpec } from './spec.js';

/** The TFA CLR tutorial's CNN, channels first; layer names as in the PyTorch fixture's nn.Sequential. */
const tutorialCnn = (dropout: boolean): SequentialModelSpec => ({
  kind: 'sequential',
  input: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 16, kernelSize: 5, activation: 'relu', name: '0' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'conv2d', filters: 32, kernelSize: 5, activation: 'relu', name: '3' },
    { type: 'maxPool2d', poolSize: 2 },
    ...(dropout ? [{ type: 'spatialDropout2d', rate: 0.2 } as const] : []),
    { type: 'globalAvgPool' },
    { type: 'dense', units: 128, activation: 'relu', name: '8' },
    { type: 'dense', units: 10, name: '10' },
  ],
});

const momentum = { type: 'momentum' } as const;

describe('the sequential layer spec', () => {
  it('trains the tutorial CNN to the same weights as the same CNN exported from PyTorch and imported', async () => {
    const fx = loadFixture('tutorial-cnn');
    fx.batches.forEach((b) => expect(b.x.dims).toEqual([8, 1, 28, 28]));
    const fixed = fx.momentum.hyperparameters;
    const run = async (model: Parameters<typeof buildTrainStep>[0]['model']) => {
      const state = initialState(model, momentum);
      for (const k of Object.keys(fx.initial)) state[k].data.set(fx.initial[k]);
      const t = createTrainer({ session: await session(buildTrainStep({ model, optimizer: momentum }).bytes), Tensor: ort.Tensor, state, fixed });
      for (const b of fx.batches) await t.step(b);
      return t.readState();
    };
    const layers = await run(tutorialCnn(false));
    const imported = await run({ kind: 'onnx', bytes: fx.bytes, loss: 'crossEntropy' });
    expect(Object.keys(layers).sort()).toEqual(Object.keys(imported).sort());
    for (const k of Object.keys(imported)) expect(Array.from(layers[k] as Float32Array), k).toEqual(Array.from(imported[k] as Float32Array));
  });

  it('trains BatchNorm with batch statistics and updates the running ones like PyTorch', async () => {
    const json = JSON.parse(readFileSync(`${FIXTURE_DIR}batchnorm-cnn.json`, 'utf8'));
    const model: SequentialModelSpec = {
      kind: 'sequential',
      input: [2, 6, 6],
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, padding: 1 },
        { type: 'batchNorm' },
        { type: 'activation', activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 6 },
        { type: 'batchNorm' },
        { type: 'activation', activation: 'relu' },
        { type: 'dense', units: 3 },
      ],
    };
    const state = initialState(model, momentum);
    expect(Object.keys(state).filter((k) => !k.endsWith('.buf')).sort()).toEqual(Object.keys(json.initial).sort());
    for (const k of Object.keys(json.initial)) state[k].data.set(decodeFloats(json.initial[k]));
    const trainer = createTrainer({
      session: await session(buildTrainStep({ model, optimizer: momentum }).bytes),
      evalSession: await session(buildEvalModel(model).bytes),
      Tensor: ort.Tensor,
      state,
      fixed: json.momentum.hyperparameters,
    });
    const batches: Batch[] = json.batches.map((b: { x: { dims: number[]; data: string }; y: { dims: number[]; int64: number[] } }) => ({ x: f32(decodeFloats(b.x), b.x.dims), y: i64(b.y.int64, b.y.dims) }));
    for (const b of batches) await trainer.step(b);
    trainer.history.loss.forEach((l, i) => expect(Math.abs(l - json.momentum.losses[i])).toBeLessThan(1e-5 * json.momentum.losses[i]));
    const after = trainer.readState();
    // relative to each tensor's scale; a conv bias before BatchNorm has a gradient of 0 up to rounding (~1e-9), hence the floor
    const rel = (a: Float32Array, b: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]))) / Math.max(...Array.from(b, Math.abs), 1e-3);
    for (const [k, v] of Object.entries(json.momentum.state)) expect(rel(after[k] as Float32Array, decodeFloats(v as never)), k).toBeLessThan(1e-5);
    // the momentum buffers of the conv bias before BatchNorm sum gradients that are 0 up to rounding: compare them absolutely
    const abs = (a: Float32Array, b: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
    for (const [k, v] of Object.entries(json.momentum.buffers)) expect(abs(after[`${k}.buf`] as Float32Array, decodeFloats(v as never)), `${k}.buf`).toBeLessThan(1e-6);
    // evaluation normalizes with the running statistics
    const ev = await trainer.evaluate([batches[0]]);
    expect(Math.abs(ev.loss - json.evalLossAfter)).toBeLessThan(1e-5 * json.evalLossAfter);
  });

  it('names parameters after the layer (its name, or its index in the list) and initializes them Glorot-uniform with zero biases', () => {
    const model = tutorialCnn(true);
    const state = initialState(model, { type: 'sgd' }, 3);
    expect(Object.keys(state)).toEqual(['0.weight', '0.bias', '3.weight', '3.bias', '8.weight', '8.bias', '10.weight', '10.bias']);
    expect(state['3.weight'].dims).toEqual([32, 16, 5, 5]);
    const limit = Math.sqrt(6 / (16 * 25 + 32 * 25));
    const w = Array.from(state['3.weight'].data);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(state['3.bias'].data.every((v) => v === 0)).toBe(true);
    expect(Array.from(initialState(model, { type: 'sgd' }, 3)['0.weight'].data)).toEqual(Array.from(state['0.weight'].data));
  });

  it.each<[string, LayerSpec[], RegExp]>([
    ['a dense layer on images', [{ type: 'dense', units: 10 }], /layers\[0\] \(dense\) needs a \[N, features\] input, but its input has dims \[N, 1, 28, 28\]: add \{ type: 'flatten' \}/],
    ['an unknown layer type', [{ type: 'conv3d' } as never], /layers\[0\]\.type must be one of "conv2d", "maxPool2d"/],
    ['a bad filter count', [{ type: 'conv2d', filters: 0, kernelSize: 3 }], /layers\[0\]\.filters must be a positive integer, got 0/],
    ['a kernel larger than its input', [{ type: 'conv2d', filters: 2, kernelSize: 29 }], /a 29×29 kernel does not fit its 28×28 input/],
    ['a dropout rate of 1', [{ type: 'flatten' }, { type: 'dropout', rate: 1 }, { type: 'dense', units: 2 }], /layers\[1\]\.rate must be in \[0, 1\), got 1/],
    ['no logits at the end', [{ type: 'flatten' }, { type: 'dense', units: 1 }], /crossEntropy loss needs the last layer to give logits \[N, classes\] \(at least 2\), got \[N, 1\]/],
  ])('rejects %s, naming the layer, before any session exists', (_, layers, message) => {
    expect(() => buildTrainStep({ model: { kind: 'sequential', input: [1, 28, 28], layers }, optimizer: momentum })).toThrow(message);
  });
});

/** Philox4x32-10 in BigInt arithmetic, the reference for the masks. */
function philox(counter: bigint[], key: bigint[]): bigint[] {
  const M = 0xffffffffn;
  let [c0, c1, c2, c3] = counter;
  let [k0, k1] = key;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + 0x9e3779b9n) & M;
      k1 = (k1 + 0xbb67ae85n) & M;
    }
    const p0 = 0xd2511f53n * c0;
    const p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [((p1 >> 32n) ^ c1 ^ k0) & M, p1 & M, ((p0 >> 32n) ^ c3 ^ k1) & M, p0 & M];
  }
  return [c0, c1, c2, c3];
}

describe('dropout', () => {
  const model: SequentialModelSpec = { kind: 'sequential', input: [6], layers: [{ type: 'dropout', rate: 0.3 }, { type: 'dense', units: 3, useBias: false }], dropoutSeed: 11 };
  const data = (n: number, seed: number): Batch => {
    const r = rng(seed);
    return { x: f32(Array.from({ length: n * 6 }, () => r()), [n, 6]), y: i64(Array.from({ length: n }, (_, i) => i % 3), [n]) };
  };

  it('draws its masks from Philox4x32-10 keyed by (seed, step): the reference mask, a new one each step', async () => {
    // d/dx Σ dropout(x)·R = mask·R/(1 - p): the mask is where that gradient is not zero
    const { grad } = gradModels({ params: { x: [40, 6] }, lowerAtStep: 0, build: (b) => b.op('Dropout', ['x', b.constant(0.3), b.constant(1, 'bool')]) }, 1);
    const s = await session(grad);
    const masks: number[][] = [];
    for (const step of [0, 1, 2 ** 33 + 5]) {
      const out = await s.run({ x: f32(new Float32Array(240).fill(1), [40, 6]), step: i64([step], []) });
      const got = Array.from(out['x.grad'].data as Float32Array, (v) => (v !== 0 ? 1 : 0));
      const want = Array.from({ length: 240 }, (_, i) => {
        // gradModels keys the masks with seed 5; this is the first (index 0) dropout node
        const word = philox([BigInt(Math.floor(i / 4)), 0n, BigInt(step % 2 ** 32), BigInt(Math.floor(step / 2 ** 32))], [5n, 0n])[i % 4];
        return word >= BigInt(Math.round(0.3 * 2 ** 32)) ? 1 : 0;
      });
      expect(got).toEqual(want);
      masks.push(got);
    }
    expect(masks[0]).not.toEqual(masks[1]);
    const dropped = masks.flat().filter((m) => m === 0).length / masks.flat().length;
    expect(dropped).toBeGreaterThan(0.25);
    expect(dropped).toBeLessThan(0.35);
  });

  it('gives a resumed run the same masks: training through a checkpoint and restore is bit-identical', async () => {
    const make = async () =>
      createTrainer({
        session: await session(buildTrainStep({ model, optimizer: momentum }).bytes),
        Tensor: ort.Tensor,
        state: initialState(model, momentum, 4),
        fixed: { lr: 0.1, momentum: 0.9, weight_decay: 0 },
      });
    const straight = await make();
    for (let i = 0; i < 6; i++) await straight.step(data(5, i));
    const first = await make();
    for (let i = 0; i < 3; i++) await first.step(data(5, i));
    const saved = first.checkpoint();
    const resumed = await make();
    resumed.restore(saved);
    for (let i = 3; i < 6; i++) await resumed.step(data(5, i));
    for (const [k, v] of Object.entries(straight.readState())) expect(Array.from(resumed.readState()[k] as Float32Array), k).toEqual(Array.from(v as Float32Array));
  });

  it('is off in the evaluation model', async () => {
    const ev = buildEvalModel(model);
    expect(ev.convention.step).toBe(false);
    const s = await session(ev.bytes);
    const w = f32(Array.from({ length: 18 }, (_, i) => i / 10), [3, 6]);
    const a = await s.run({ ...data(4, 1), '1.weight': w });
    const b = await s.run({ ...data(4, 1), '1.weight': w });
    expect((a.loss.data as Float32Array)[0]).toBe((b.loss.data as Float32Array)[0]);
  });
});
