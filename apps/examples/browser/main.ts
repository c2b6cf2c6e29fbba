// The browser example: a small MLP learns two interleaved spirals with tfjs on the WebGL backend,
// momentum SGD under a one-cycle policy applied by @cyclr/tfjs-adapter's scheduleCallback, and a
// live SVG chart (from @cyclr/plot's browser-safe entry) of the learning rate applied and the batch
// loss. Query parameters size the run (?epochs=8&points=512&batch=32); the results are exposed on
// `window.__cyclr` for the end-to-end test.
import { oneCyclePolicy, valuesAt } from '@cyclr/core';
import { renderSvg, type Chart } from '@cyclr/plot';
import { scheduleCallback } from '@cyclr/tfjs-adapter';
import * as tf from '@tensorflow/tfjs';
import type { BrowserResult } from './result.js';

declare global {
  interface Window {
    __cyclr?: BrowserResult;
  }
}

const params = new URLSearchParams(location.search);
const int = (name: string, fallback: number): number => {
  const v = Number(params.get(name));
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const EPOCHS = int('epochs', 12);
const POINTS = int('points', 512);
const BATCH = int('batch', 32);
const MAX_LR = Number(params.get('maxLr')) > 0 ? Number(params.get('maxLr')) : 0.3;

const status = document.querySelector<HTMLDivElement>('#status')!;
const chartBox = document.querySelector<HTMLDivElement>('#chart')!;
const epochRows = document.querySelector<HTMLTableSectionElement>('#epochs tbody')!;

/** Two interleaved spirals in a shuffled order, deterministic (a small LCG for jitter and order). */
function spirals(n: number): { x: number[][]; y: number[] } {
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const x: number[][] = [];
  const y: number[] = [];
  for (const i of order) {
    const label = i % 2;
    const r = (i / n) * 2.5 + 0.2;
    const angle = r * 2.2 + label * Math.PI;
    x.push([r * Math.cos(angle) + 0.08 * (rand() - 0.5), r * Math.sin(angle) + 0.08 * (rand() - 0.5)]);
    y.push(label);
  }
  return { x, y };
}

function liveChart(applied: BrowserResult['applied'], losses: number[], totalSteps: number): Chart {
  const steps = applied.map((r) => r.step);
  return {
    kind: 'custom',
    title: 'learning rate applied and batch loss',
    x: { label: 'step', integer: true, domain: [0, Math.max(1, totalSteps - 1)] },
    y: { label: 'learning rate' },
    y2: { label: 'loss' },
    series: [
      { name: 'lr (applied)', x: steps, y: applied.map((r) => r.lr), color: '#0072B2' },
      { name: 'batch loss', x: steps.slice(0, losses.length), y: losses, axis: 'right', color: '#D55E00', width: 1.5 },
    ],
  };
}

async function run(): Promise<BrowserResult> {
  const t0 = performance.now();
  if (!(await tf.setBackend('webgl'))) throw new Error('the WebGL backend did not start');
  await tf.ready();
  const { x, y } = spirals(POINTS);
  const xs = tf.tensor2d(x);
  const ys = tf.oneHot(tf.tensor1d(y, 'int32'), 2);
  const stepsPerEpoch = Math.ceil(POINTS / BATCH);
  const totalSteps = EPOCHS * stepsPerEpoch;
  const policy = oneCyclePolicy({ maxLr: MAX_LR, steps: totalSteps, momentum: { base: 0.85, max: 0.95 } });

  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.momentum(MAX_LR / 25, 0.95), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const schedule = scheduleCallback(policy, { tf });
  const applied: BrowserResult['applied'] = [];
  const batchLosses: number[] = [];
  const epochs: BrowserResult['epochs'] = [];
  let lastDraw = 0;
  const draw = () => {
    chartBox.innerHTML = renderSvg(liveChart(applied, batchLosses, totalSteps), { width: 760, height: 420, idPrefix: 'live' });
  };
  const live = new tf.CustomCallback({
    onBatchEnd: async (_batch, logs) => {
      const last = schedule.history[schedule.history.length - 1];
      if (last) applied.push({ step: last.step, lr: last.values.lr, momentum: last.values.momentum });
      batchLosses.push(Number(logs?.loss));
      status.textContent = `step ${applied.length}/${totalSteps} · lr ${last?.values.lr.toExponential(2)} · momentum ${last?.values.momentum.toFixed(3)} · loss ${Number(logs?.loss).toFixed(4)} · backend ${tf.getBackend()}`;
      if (performance.now() - lastDraw > 100) {
        lastDraw = performance.now();
        draw();
        await tf.nextFrame();
      }
    },
    onEpochEnd: async (epoch, logs) => {
      const row = { loss: Number(logs?.loss), acc: Number(logs?.acc ?? logs?.accuracy), lr: applied[applied.length - 1]?.lr ?? Number.NaN };
      epochs.push(row);
      epochRows.insertAdjacentHTML('beforeend', `<tr><td>${epoch + 1}</td><td>${row.loss.toFixed(4)}</td><td>${(100 * row.acc).toFixed(1)}%</td><td>${row.lr.toExponential(2)}</td></tr>`);
    },
  });
  await model.fit(xs, ys, { epochs: EPOCHS, batchSize: BATCH, shuffle: false, callbacks: [schedule, live], verbose: 0 });
  draw();

  const mismatches: string[] = [];
  if (schedule.history.length !== totalSteps) mismatches.push(`${schedule.history.length} records for ${totalSteps} steps`);
  schedule.history.forEach((r, t) => {
    const want = valuesAt(policy, t);
    if (r.step !== t) mismatches.push(`record ${t} has step ${r.step}`);
    for (const k of Object.keys(want)) if (r.values[k] !== want[k]) mismatches.push(`t=${t} ${k}: applied ${r.values[k]}, valuesAt ${want[k]}`);
  });
  xs.dispose();
  ys.dispose();
  model.dispose();
  const wallMs = performance.now() - t0;
  const final = epochs[epochs.length - 1];
  status.textContent = `done: ${totalSteps} steps on ${tf.getBackend()} in ${(wallMs / 1000).toFixed(1)} s · final loss ${final?.loss.toFixed(4)} · accuracy ${(100 * (final?.acc ?? 0)).toFixed(1)}% · applied values ${mismatches.length === 0 ? 'equal valuesAt at every step' : `differ at ${mismatches.length} steps`}`;
  return { done: true, backend: tf.getBackend(), policy, steps: totalSteps, applied, mismatches, batchLosses, epochs, wallMs };
}

run().then(
  (result) => {
    window.__cyclr = result;
  },
  (error: Error) => {
    status.textContent = `error: ${error.message}`;
    window.__cyclr = { done: true, backend: tf.getBackend() ?? '', policy: { version: 1, lr: { type: 'constant', value: 0 } }, steps: 0, applied: [], mismatches: [], batchLosses: [], epochs: [], wallMs: 0, error: String(error.stack ?? error) };
  },
);
