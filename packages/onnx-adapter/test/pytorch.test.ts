import { describe, expect, it } from 'vitest';
import { buildTrainStep, initialState } from '../src/train-step.js';
import { createTrainer } from '../src/trainer.js';
import type { OnnxModelSpec } from '../src/forward/onnx.js';
import type { TensorLike } from '../src/runtime.js';
import { f32, ort, session } from './helpers.js';
import { FIXTURES, loadFixture, relativeError } from './pytorch-fixtures.js';

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
