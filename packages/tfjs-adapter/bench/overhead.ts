// Per-step overhead of bindOptimizer against the same custom training loop with a fixed learning
// rate: same model, same data, wasm, measured in one run with the two loops alternating step by
// step (A B, B A, A B, ...), so load from other processes hits both alike. Reports the median
// per-step time of each, the overhead as the median of the paired ratios bound/fixed (robust to load
// spikes), and the binding's pure bookkeeping (schedule evaluation, no tensors) per step.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Policy } from '@cyclr/core';
import { bindOptimizer } from '../src/index.js';
import { registerWasmTrainingKernels } from '../src/wasm.js';

interface Case {
  name: string;
  backend: 'wasm' | 'cpu';
  build(): tf.Sequential;
  x: tf.Tensor;
  y: tf.Tensor;
  pairs: number;
}

function cnn(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [16, 16, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  return m;
}

function mlp(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [8], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }));
  m.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
  return m;
}

function loop(model: tf.Sequential, opt: tf.Optimizer, x: tf.Tensor, y: tf.Tensor, steps: number): number {
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    opt.minimize(() => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor) as tf.Scalar);
  }
  // make sure every queued kernel ran before the clock stops
  (model.getWeights()[0] as tf.Tensor).dataSync();
  return (performance.now() - start) / steps;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  tf.env().set('PROD', true); // no "install tfjs-node" banner, no debug checks
  // tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter: this package's explicit kernel adds it
  registerWasmTrainingKernels(tf as never);
  await tf.setBackend('wasm');
  await tf.ready();
  const scale = Number(process.env.SCALE ?? 1);
  const cases: Case[] = [
    { name: 'small CNN (16x16x1, conv8-pool-conv16-dense10, batch 16)', backend: 'wasm', build: cnn, x: tf.randomNormal([16, 16, 16, 1], 0, 1, 'float32', 1), y: tf.randomNormal([16, 10], 0, 1, 'float32', 2), pairs: 400 },
    { name: 'tiny MLP (8-16-1, batch 16)', backend: 'wasm', build: mlp, x: tf.randomNormal([16, 8], 0, 1, 'float32', 3), y: tf.randomNormal([16, 1], 0, 1, 'float32', 4), pairs: 4000 },
  ];
  const variants: Array<{ label: string; make: () => tf.Optimizer; policy: (total: number) => Policy }> = [
    {
      label: 'Adam, one-cycle lr + beta1',
      make: () => tf.train.adam(0.001, 0.9, 0.999),
      policy: (total) => ({
        version: 1,
        lr: { type: 'oneCycle', steps: total, from: 4e-5, peak: 1e-3, to: 4e-9 },
        beta1: { type: 'oneCycle', steps: total, from: 0.95, peak: 0.85, to: 0.95 },
      }),
    },
    {
      label: 'Momentum, cosine lr + momentum',
      make: () => tf.train.momentum(0.01, 0.9),
      policy: (total) => ({ version: 1, lr: { type: 'cosine', from: 0.01, to: 0, steps: total }, momentum: { type: 'linear', from: 0.85, to: 0.95, steps: total } }),
    },
    {
      // weight decay is extra work (one multiply per variable), not binding overhead; shown apart
      label: 'AdamW: Adam, one-cycle lr + weight decay 1e-4',
      make: () => tf.train.adam(0.001, 0.9, 0.999),
      policy: (total) => ({ version: 1, lr: { type: 'oneCycle', steps: total, from: 4e-5, peak: 1e-3, to: 4e-9 }, weightDecay: { type: 'constant', value: 1e-4 } }),
    },
  ];
  const rows: string[] = [];
  for (const c of cases) {
    await tf.setBackend(c.backend);
    await tf.ready();
    const x = c.x.clone();
    const y = c.y.clone();
    for (const v of variants) {
      const plainModel = c.build();
      const boundModel = c.build();
      boundModel.setWeights(plainModel.getWeights());
      const plain = v.make();
      const bound = v.make();
      const pairs = Math.max(10, Math.round(c.pairs * scale));
      const total = pairs + 20;
      const binding = bindOptimizer(bound, v.policy(total), { recordHistory: false });
      // warm-up: slot variables, kernels, JIT
      loop(plainModel, plain, x, y, 10);
      loop(boundModel, bound, x, y, 10);
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < pairs; r++) {
        if (r % 2 === 0) {
          a.push(loop(plainModel, plain, x, y, 1));
          b.push(loop(boundModel, bound, x, y, 1));
        } else {
          b.push(loop(boundModel, bound, x, y, 1));
          a.push(loop(plainModel, plain, x, y, 1));
        }
      }
      // the binding's bookkeeping alone: evaluating the policy for a step (what precedes each update)
      const t0 = performance.now();
      let sink = 0;
      for (let t = 0; t < 100_000; t++) sink += binding.valuesAt(t % total).lr;
      const bookkeeping = ((performance.now() - t0) / 100_000) * 1000;
      if (sink === -1) process.stdout.write('');
      const ma = median(a);
      const mb = median(b);
      const ratio = median(a.map((t, i) => b[i] / t));
      const steps = pairs;
      rows.push(`| ${c.name} | ${c.backend} | ${v.label} | ${steps} + ${steps} | ${(ma * 1000).toFixed(0)} µs | ${(mb * 1000).toFixed(0)} µs | ${((ratio - 1) * 100).toFixed(2)}% | ${bookkeeping.toFixed(2)} µs |`);
      binding.unbind();
      [plain, bound].forEach((o) => o.dispose());
      plainModel.dispose();
      boundModel.dispose();
    }
    tf.dispose([x, y]);
  }
  process.stdout.write(
    ['| model | backend | optimizer and policy | steps (fixed + bound) | fixed lr, median per step | bound, median per step | overhead (median of paired ratios) | policy evaluation per step |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n') + '\n',
  );
}

void main();
