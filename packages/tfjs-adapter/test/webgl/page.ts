// Runs inside headless Chromium: a small model trains on the WebGL backend with a one-cycle policy
// driven by scheduleCallback, and the page checks the applied values against core's valuesAt.
import * as tf from '@tensorflow/tfjs';
import { valuesAt, type Policy } from '@cyclr/core';
import { scheduleCallback } from '../../src/index.js';

interface PageResult {
  backend: string;
  steps: number;
  mismatches: string[];
  lrLog: number[];
  finalLoss: number;
  firstLoss: number;
  error?: string;
}

async function run(): Promise<PageResult> {
  const ok = await tf.setBackend('webgl');
  if (!ok) throw new Error('the webgl backend did not start');
  await tf.ready();
  const n = 64;
  const x = tf.randomUniform([n, 4], -1, 1, 'float32', 5);
  const y = tf.tidy(() => x.matMul(tf.tensor2d([[1], [-2], [0.5], [1.5]])).tanh());
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.momentum(0.05, 0.9), loss: 'meanSquaredError' });
  const epochs = 6;
  const steps = epochs * (n / 16);
  const policy: Policy = {
    version: 1,
    lr: { type: 'oneCycle', steps: steps, from: 0.004, peak: 0.1, to: 4e-7 },
    momentum: { type: 'oneCycle', steps: steps, from: 0.95, peak: 0.85, to: 0.95 },
  };
  const cb = scheduleCallback(policy, { tf });
  const h = await model.fit(x, y, { batchSize: 16, epochs, shuffle: false, callbacks: [cb] });
  const mismatches: string[] = [];
  if (cb.history.length !== steps) mismatches.push(`history has ${cb.history.length} records, expected ${steps}`);
  cb.history.forEach((r, t) => {
    const want = valuesAt(policy, t);
    if (r.step !== t) mismatches.push(`record ${t} has step ${r.step}`);
    for (const k of Object.keys(want)) if (r.values[k] !== want[k]) mismatches.push(`t=${t} ${k}: applied ${r.values[k]}, valuesAt ${want[k]}`);
  });
  const losses = h.history.loss as number[];
  return { backend: tf.getBackend(), steps, mismatches, lrLog: h.history.lr as number[], firstLoss: losses[0], finalLoss: losses[losses.length - 1] };
}

const w = globalThis as unknown as { __result?: PageResult };
run().then(
  (r) => (w.__result = r),
  (e: Error) => (w.__result = { backend: '', steps: 0, mismatches: [], lrLog: [], firstLoss: NaN, finalLoss: NaN, error: String(e?.stack ?? e) }),
);
