import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as adapter from '../src/index.js';
import { tf, useBackend } from './backends.js';

describe('the package surface', () => {
  beforeAll(() => useBackend('wasm'));

  it('exports explicit factories and helpers only', async () => {
    expect(Object.keys(adapter).sort()).toEqual([
      'SUPPORTED_OPTIMIZERS',
      'TfjsAdapterError',
      'acceptedHyperparameters',
      'bindOptimizer',
      'disposeOptimizerSnapshot',
      'lrRangeTest',
      'optimizerClassName',
      'quirksFor',
      'restoreOptimizer',
      'scheduleCallback',
      'snapshotOptimizer',
    ]);
    // the wasm backend's training kernels are their own entry, so other backends' bundles leave them out
    expect(Object.keys(await import('../src/wasm.js')).sort()).toEqual(['registerWasmTrainingKernels', 'unregisterWasmTrainingKernels']);
    expect(adapter.SUPPORTED_OPTIMIZERS).toEqual(['SGD', 'Momentum', 'Adam', 'Adamax', 'RMSProp', 'Adagrad', 'Adadelta']);
  });

  it('registers nothing at import time: optimizers and kernels are tfjs\'s own until asked', () => {
    const opt = tf.train.adam(0.1);
    expect(Object.prototype.hasOwnProperty.call(opt, 'applyGradients')).toBe(false);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    opt.dispose();
  });

  it('lists what each class accepts', () => {
    const accepted = (o: tf.Optimizer) => adapter.acceptedHyperparameters(adapter.quirksFor(o));
    expect(accepted(tf.train.sgd(1))).toEqual(['lr', 'weightDecay']);
    expect(accepted(tf.train.momentum(1, 0.9))).toEqual(['lr', 'momentum', 'weightDecay']);
    expect(accepted(tf.train.adam())).toEqual(['lr', 'beta1', 'beta2', 'weightDecay']);
    expect(accepted(tf.train.adamax())).toEqual(['lr', 'beta1', 'beta2', 'weightDecay']);
    expect(accepted(tf.train.rmsprop(0.1))).toEqual(['lr', 'momentum', 'rho', 'weightDecay']);
    expect(accepted(tf.train.adagrad(0.1))).toEqual(['lr', 'weightDecay']);
    expect(accepted(tf.train.adadelta())).toEqual(['lr', 'rho', 'weightDecay']);
  });

  it("reaches tfjs only through the user's tf: no module imports a tfjs package at run time", () => {
    const dir = new URL('../src/', import.meta.url);
    const runtimeImports = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/^import (?!type )[^'"]*?from '(@tensorflow\/[^']+|zod[^']*)'/gm)].map((m) => `${f}: ${m[1]}`));
    expect(runtimeImports).toEqual([]);
  });
});
