import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTrainStep, initialState } from '../src/train-step.js';
import { createTrainer } from '../src/trainer.js';
import type { OnnxModelSpec } from '../src/forward/onnx.js';
import type { TensorLike } from '../src/runtime.js';
import { f32, ort, session } from './helpers.js';
import { decodeFloats, FIXTURE_DIR, FIXTURES, loadFixture, relativeError } from './pytorch-fixtures.js';

// Whole models exported from PyTorch 1.13 (torch.onnx.export, opset 17) against PyTorch autograd:
// the loss and every gradient at the initial weights, the weights after one SGD step, and the
// weights and momentum buffers after three momentum steps. Errors are relative to each tensor's
// largest element (float32 arithmetic in both, summed in different orders; measured worst 1.7e-6, bench/agreement.ts).
const TOLERANCE = 1e-5;

describe('models exported from PyTorch train like PyTorch', () => {
  for (const name of FIXTURES) {
    describe(name, () => {
      const fx = loadFixture(name);
      const model: OnnxModelSpec = { kind: 'onnx', bytes: fx.bytes, loss: fx.loss };

      it('starts from the exported initializers, named as PyTorch names its parameters', () => {
        const state = initialState(model, { type: 'sgd' });
        expect(Object.keys(state).sort()).toEqual(Object.keys(fx.grads).sort());
        for (const [k, v] of Object.entries(state)) expect(Array.from(v.data)).toEqual(Array.from(fx.initial[k]));
      });

      it('computes PyTorch’s loss and gradients, and its weights after one SGD step', async () => {
        const built = buildTrainStep({ model, optimizer: { type: 'sgd' }, exposeGradients: true });
        const s = await session(built.bytes);
        const feeds: Record<string, TensorLike> = { ...fx.batches[0], lr: f32([fx.sgd.hyperparameters.lr], []), weight_decay: f32([fx.sgd.hyperparameters.weight_decay], []) };
        for (const [k, v] of Object.entries(initialState(model, { type: 'sgd' }))) feeds[k] = f32(v.data, v.dims);
        const out = await s.run(feeds);
        expect(Math.abs((out.loss.data as Float32Array)[0] - fx.lossAtInitial) / fx.lossAtInitial).toBeLessThan(TOLERANCE);
        for (const k of Object.keys(fx.grads)) {
          expect(relativeError(out[`${k}.grad`].data as Float32Array, fx.grads[k]), `${k}.grad`).toBeLessThan(TOLERANCE);
          expect(relativeError(out[`${k}.next`].data as Float32Array, fx.sgd.weights[k]), `${k} after SGD`).toBeLessThan(TOLERANCE);
        }
      });

      it('matches PyTorch’s weights and momentum buffers after three momentum steps', async () => {
        const optimizer = { type: 'momentum' } as const;
        const { lr, momentum, weight_decay } = fx.momentum.hyperparameters;
        const trainer = createTrainer({
          session: await session(buildTrainStep({ model, optimizer }).bytes),
          Tensor: ort.Tensor,
          state: initialState(model, optimizer),
          fixed: { lr, momentum, weight_decay },
        });
        for (const b of fx.batches) await trainer.step(b);
        trainer.history.loss.forEach((l, i) => expect(Math.abs(l - fx.momentum.losses[i]) / fx.momentum.losses[i]).toBeLessThan(TOLERANCE));
        const state = trainer.readState();
        for (const k of Object.keys(fx.grads)) {
          expect(relativeError(state[k] as Float32Array, fx.momentum.weights[k]), k).toBeLessThan(TOLERANCE);
          expect(relativeError(state[`${k}.buf`] as Float32Array, fx.momentum.buffers[k]), `${k}.buf`).toBeLessThan(TOLERANCE);
        }
      });
    });
  }
});

describe('a model exported from PyTorch in training mode', () => {
  const json = JSON.parse(readFileSync(`${FIXTURE_DIR}training-mode.json`, 'utf8'));
  const model: OnnxModelSpec = { kind: 'onnx', bytes: new Uint8Array(readFileSync(`${FIXTURE_DIR}training-mode.onnx`)), loss: 'crossEntropy', dropoutSeed: 3 };
  const batch = { x: f32(decodeFloats(json.batches[0].x), json.batches[0].x.dims), y: new ort.Tensor('int64', BigInt64Array.from(json.batches[0].y.int64, (v: number) => BigInt(v)), json.batches[0].y.dims) };

  it('keeps BatchNorm’s running statistics as state and updates them from the batch (ONNX’s population variance)', async () => {
    const optimizer = { type: 'sgd' } as const;
    const built = buildTrainStep({ model, optimizer });
    expect(built.convention.state.map((s) => s.name)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '5.weight', '5.bias', '1.running_mean', '1.running_var']);
    expect(built.convention.step).toBe(true); // the Dropout node's masks are keyed by step
    const trainer = createTrainer({ session: await session(built.bytes), Tensor: ort.Tensor, state: initialState(model, optimizer), fixed: { lr: 0.1, weight_decay: 0 } });
    await trainer.step(batch);
    const state = trainer.readState();
    expect(relativeError(state['1.running_mean'] as Float32Array, decodeFloats(json.runningMean))).toBeLessThan(1e-5);
    // PyTorch blends in the unbiased batch variance, ONNX the population one (n/(n-1) smaller); the
    // export itself ran one training-mode forward pass, so both start from the exported statistics
    const n = json.count;
    const start = initialState(model, optimizer)['1.running_var'].data;
    const fromTorch = Array.from(decodeFloats(json.runningVar), (v, c) => 0.9 * start[c] + ((v - 0.9 * start[c]) * (n - 1)) / n);
    expect(relativeError(state['1.running_var'] as Float32Array, fromTorch)).toBeLessThan(1e-5);
  });
});
