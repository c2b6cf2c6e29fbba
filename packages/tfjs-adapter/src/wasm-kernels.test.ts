import { describe, expect, it } from 'vitest';
import { tf } from '../test/backends.js';
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from './wasm-kernels.js';

type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];

/** Gradient of sum(conv2d(x, w) · dy) with respect to w, i.e. Conv2DBackpropFilter(x, dy). */
function filterGrad(x: number[][][][], dy: number[][][][], strides: number, pad: Pad, filter = [3, 3, 2, 4]): Float32Array {
  return tf.tidy(() => tf.grad((w: tf.Tensor) => tf.conv2d(tf.tensor4d(x), w as tf.Tensor4D, strides, pad).mul(tf.tensor4d(dy)).sum())(tf.zeros(filter)).dataSync() as Float32Array);
}

/** Gradient of sum(conv2d(x, w) · dy) with respect to x, i.e. Conv2DBackpropInput(dy, w). */
function inputGrad(xShape: number[], w: number[][][][], dy: number[][][][], strides: number, pad: Pad): Float32Array {
  return tf.tidy(() => tf.grad((x: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, tf.tensor4d(w), strides, pad).mul(tf.tensor4d(dy)).sum())(tf.zeros(xShape)).dataSync() as Float32Array);
}

const worstOf = (expected: Float32Array, got: Float32Array) => Math.max(...Array.from(expected, (e, i) => Math.abs(e - got[i]) / Math.max(1, Math.abs(e))));

describe('registerWasmTrainingKernels', () => {
  it('gives the wasm backend a Conv2DBackpropFilter that agrees with the cpu backend, in both of its forms', async () => {
    const explicit: Pad = [[0, 0], [1, 2], [0, 1], [0, 0]];
    for (const patchesUpTo of [0, Infinity]) {
      unregisterWasmTrainingKernels(tf);
      expect(registerWasmTrainingKernels(tf, { patchesUpTo })).toBe(true);
      expect(registerWasmTrainingKernels(tf)).toBe(false);
      for (const [strides, pad] of [[1, 'valid'], [1, 'same'], [2, 'valid'], [2, 'same'], [3, 'same'], [1, explicit], [2, explicit]] as const) {
        await tf.setBackend('cpu');
        const x = tf.randomNormal([3, 9, 8, 2], 0, 1, 'float32', 1).arraySync() as number[][][][];
        const outShape = tf.conv2d(tf.tensor4d(x), tf.zeros([3, 3, 2, 4]) as tf.Tensor4D, strides, pad).shape;
        const dy = tf.randomNormal(outShape, 0, 1, 'float32', 2).arraySync() as number[][][][];
        const expected = filterGrad(x, dy, strides, pad);
        await tf.setBackend('wasm');
        const before = tf.memory().numTensors;
        const got = filterGrad(x, dy, strides, pad);
        expect(tf.memory().numTensors).toBe(before);
        expect(worstOf(expected, got), `${patchesUpTo === 0 ? 'conv' : 'patches'}: strides ${strides}, pad ${JSON.stringify(pad)}`).toBeLessThan(1e-5);
      }
    }
  });

  it('replaces the wasm backend’s Conv2DBackpropInput for stride 1 and agrees with the cpu backend for every stride', async () => {
    registerWasmTrainingKernels(tf);
    const explicit: Pad = [[0, 0], [2, 0], [1, 1], [0, 0]];
    for (const [strides, pad, k] of [[1, 'valid', 3], [1, 'same', 3], [1, 'same', 4], [1, explicit, 3], [2, 'same', 3], [2, 'valid', 2], [1, 'valid', 1]] as const) {
      await tf.setBackend('cpu');
      const xShape: [number, number, number, number] = [2, 7, 6, 3];
      const w = tf.randomNormal([k, k, 3, 5], 0, 1, 'float32', 4).arraySync() as number[][][][];
      const outShape = tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.tensor4d(w), strides, pad).shape;
      const dy = tf.randomNormal(outShape, 0, 1, 'float32', 5).arraySync() as number[][][][];
      const expected = inputGrad(xShape, w, dy, strides, pad);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const got = inputGrad(xShape, w, dy, strides, pad);
      expect(tf.memory().numTensors).toBe(before);
      expect(worstOf(expected, got), `strides ${strides}, pad ${JSON.stringify(pad)}, kernel ${k}`).toBeLessThan(1e-5);
    }
    // installed once: a second call changes nothing; unregistering restores the backend's kernel
    expect(registerWasmTrainingKernels(tf)).toBe(false);
    const ours = tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc;
    expect(unregisterWasmTrainingKernels(tf)).toBe(true);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).not.toBe(ours);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(unregisterWasmTrainingKernels(tf)).toBe(false);
    const got = inputGrad([2, 7, 6, 3], tf.ones([3, 3, 3, 5]).arraySync() as number[][][][], tf.ones([2, 7, 6, 5]).arraySync() as number[][][][], 1, 'same');
    expect(got[0]).toBe(20); // the backend's own kernel: a corner sees 2·2 taps of 5 channels
    registerWasmTrainingKernels(tf);
  });

  it('lets a Conv2D model train on wasm', async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels(tf);
    const model = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 2 })],
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const kernelBefore = model.layers[0].getWeights()[0].dataSync().slice();
    const history = await model.fit(tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 3), tf.ones([4, 2]), { epochs: 1, batchSize: 4, verbose: 0 });
    expect(Number.isFinite(history.history.loss[0] as number)).toBe(true);
    const kernelAfter = model.layers[0].getWeights()[0].dataSync();
    expect(Array.from(kernelAfter).some((v, i) => v !== kernelBefore[i])).toBe(true);
    model.dispose();
  });
});
