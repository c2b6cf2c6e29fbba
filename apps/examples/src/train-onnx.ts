// The main job on onnxruntime-node: the tutorial CNN as a @cyclr/onnx-adapter layer spec, its
// train step (forward, reverse-mode backward, SGD or momentum update) built once per optimizer,
// one run per schedule. Runs go to worker threads, one each, so they share the cores; every
// session is single-threaded. `workers: 0` trains them one after another in this thread.
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { constant, policy as makePolicy, valuesAt, type Policy } from '@cyclr/core';
import { buildEvalModel, buildTrainStep, createSession, createTrainer, initialState, type Batch, type OptimizerSpec, type SequentialModelSpec, type SessionLike } from '@cyclr/onnx-adapter';
import * as ort from 'onnxruntime-node';
import { LABELS, RANGE_TEST, runPolicy, type EpochLog, type Progress, type RangeTestSummary, type RunName, type RunResult } from './experiment.js';
import { permutation, type FashionMnist, type Split } from './data.js';

/**
 * The TFA CLR tutorial's CNN, channels first: conv 5×5×16 → max-pool → conv 5×5×32 → max-pool →
 * spatial dropout 0.2 → global average pool → dense 128 → dense 10 (logits; softmax in the loss).
 */
export function tutorialCnn(seed: number): SequentialModelSpec {
  return {
    kind: 'sequential',
    input: [1, 28, 28],
    layers: [
      { type: 'conv2d', filters: 16, kernelSize: 5, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 32, kernelSize: 5, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'spatialDropout2d', rate: 0.2 },
      { type: 'globalAvgPool' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dense', units: 10 },
    ],
    dropoutSeed: seed + 3,
  };
}

export interface OnnxRunOptions {
  name: RunName;
  epochs: number;
  batchSize: number;
  seed: number;
  rangeTestSteps: number;
}

/** The data as plain arrays (shared memory when sent to workers). */
export interface SharedData {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
}

function batchOf(images: Uint8Array, labels: Uint8Array, order: ArrayLike<number> | undefined, start: number, n: number): Batch {
  const x = new Float32Array(n * 784);
  const y = new BigInt64Array(n);
  for (let k = 0; k < n; k++) {
    const i = order === undefined ? start + k : order[start + k];
    const base = i * 784;
    for (let p = 0; p < 784; p++) x[k * 784 + p] = images[base + p] / 255;
    y[k] = BigInt(labels[i]);
  }
  return { x: new ort.Tensor('float32', x, [n, 1, 28, 28]), y: new ort.Tensor('int64', y, [n]) };
}

function* batches(images: Uint8Array, labels: Uint8Array, order: ArrayLike<number> | undefined, size: number): Generator<Batch> {
  const count = labels.length;
  for (let start = 0; start < count; start += size) yield batchOf(images, labels, order, start, Math.min(size, count - start));
}

const session = (bytes: Uint8Array): Promise<SessionLike> => createSession(ort, bytes, { sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 } });

/** Trains one run of the experiment (range test first for the one-cycle run). */
export async function trainOnnxRun(options: OnnxRunOptions, data: SharedData, progress: (p: Progress) => void): Promise<RunResult> {
  const { name, epochs, batchSize, seed } = options;
  const model = tutorialCnn(seed);
  const optimizer: OptimizerSpec = name === 'onecycle' ? { type: 'momentum' } : { type: 'sgd' };
  const trainBytes = buildTrainStep({ model, optimizer }).bytes;
  const evalSession = await session(buildEvalModel(model).bytes);
  const count = data.trainLabels.length;
  const stepsPerEpoch = Math.ceil(count / batchSize);
  const trainer = async (policy: Policy) =>
    createTrainer({ session: await session(trainBytes), evalSession, Tensor: ort.Tensor, policy, state: initialState(model, optimizer, seed), fixed: { weight_decay: 0 } });

  let rangeTest: RangeTestSummary | undefined;
  let maxLr = 0.05;
  if (name === 'onecycle') {
    const t0 = Date.now();
    const rt = await trainer(makePolicy(constant(RANGE_TEST.minLr), { momentum: constant(RANGE_TEST.momentum) }));
    // the sweep cycles through the data when it is shorter than the sweep (as the tfjs range test does)
    function* sweep(): Generator<Batch> {
      for (let pass = 0; ; pass++) yield* batches(data.trainImages, data.trainLabels, permutation(count, seed + 1000 + pass), batchSize);
    }
    const r = await rt.rangeTest(sweep(), { minLr: RANGE_TEST.minLr, maxLr: RANGE_TEST.maxLr, steps: options.rangeTestSteps });
    const a = r.analysis;
    maxLr = Math.min(a.recommended.lr, 1);
    rangeTest = {
      steps: r.lrs.length,
      wallMs: Date.now() - t0,
      recommended: a.recommended,
      plot: { lrs: r.lrs, losses: r.losses, smoothed: Array.from(a.smoothed), stopIndex: a.stopIndex, diverged: a.diverged, suggestions: a.suggestions, recommended: a.recommended },
    };
  }
  const policy = runPolicy(name, stepsPerEpoch, epochs, maxLr);
  const t = await trainer(policy);
  const logs: EpochLog[] = [];
  const test = [...batches(data.testImages, data.testLabels, undefined, 1000)];
  const t0 = Date.now();
  let stepMs = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = permutation(count, seed + epoch);
    const epochStart = Date.now();
    let loss = 0;
    let acc = 0;
    let steps = 0;
    let last = 0;
    for (const batch of batches(data.trainImages, data.trainLabels, order, batchSize)) {
      const s0 = performance.now();
      const r = await t.step(batch);
      stepMs += performance.now() - s0;
      const n = batch.y.dims[0];
      loss += r.loss * n;
      acc += (r.metrics.accuracy ?? 0) * n;
      steps += 1;
      const now = Date.now();
      if (now - last > 100 || steps === stepsPerEpoch) {
        last = now;
        progress({ runtime: 'onnx', run: name, epoch: epoch + 1, epochs, step: steps, steps: stepsPerEpoch, loss: r.loss, lr: r.values.lr, elapsedMs: now - epochStart });
      }
    }
    const ev = await t.evaluate(test);
    logs.push({ loss: loss / count, acc: acc / count, val_loss: ev.loss, val_acc: ev.metrics.accuracy });
  }
  const h = t.history;
  return {
    runtime: 'onnx',
    name,
    label: LABELS[name],
    policy,
    epochs: logs,
    wallMs: Date.now() - t0,
    stepMs: stepMs / Math.max(1, h.steps.length),
    applied: h.steps.map((step, i) => ({ step, values: Object.fromEntries(Object.entries(h.values).map(([k, v]) => [k, v[i]])) })),
    rangeTest,
  };
}

/** Copies the data into shared memory once, for the workers. */
export function shareData(data: FashionMnist): SharedData {
  const share = (a: Uint8Array) => {
    const out = new Uint8Array(new SharedArrayBuffer(a.length));
    out.set(a);
    return out;
  };
  return { trainImages: share(data.train.images), trainLabels: share(data.train.labels), testImages: share(data.test.images), testLabels: share(data.test.labels) };
}

export function plainData(train: Split, test: Split): SharedData {
  return { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels };
}

/** Every run of the experiment: in worker threads (one per run, up to `workers`), or here with 0. */
export async function trainOnnx(runs: readonly RunName[], options: Omit<OnnxRunOptions, 'name'>, data: FashionMnist, workers: number, progress: (p: Progress) => void): Promise<RunResult[]> {
  if (workers === 0) {
    const out: RunResult[] = [];
    const plain = plainData(data.train, data.test);
    for (const name of runs) out.push(await trainOnnxRun({ ...options, name }, plain, progress));
    return out;
  }
  const shared = shareData(data);
  const queue = [...runs].sort((a, b) => (a === 'onecycle' ? -1 : b === 'onecycle' ? 1 : 0)); // the longest (range test + run) first
  const results = new Map<RunName, RunResult>();
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const run = name;
      const w = new Worker(new URL('./train-onnx-worker.js', import.meta.url), { workerData: { options: { ...options, name: run }, data: shared } });
      await new Promise<void>((resolve, reject) => {
        w.on('message', (m: { type: 'progress'; progress: Progress } | { type: 'done'; result: RunResult } | { type: 'error'; message: string }) => {
          if (m.type === 'progress') progress(m.progress);
          else if (m.type === 'done') {
            results.set(run, m.result);
            resolve();
          } else reject(new Error(m.message));
        });
        w.on('error', reject);
        w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the ${run} worker exited with code ${code}`))));
      });
      await w.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, runs.length)) }, worker));
  return runs.map((r) => {
    const res = results.get(r);
    if (res === undefined) throw new Error(`the ${r} run returned no result`);
    return res;
  });
}

/** Default worker count: one per run, on at least two cores. */
export function defaultWorkers(runs: number): number {
  return cpus().length >= 2 ? runs : 0;
}

/** Checks a run applied exactly what core's valuesAt gives (float32), for the report. */
export function appliedMatches(run: RunResult): boolean {
  return run.applied.every(({ step, values }) => Object.entries(valuesAt(run.policy, step)).every(([k, v]) => values[k] === Math.fround(v)));
}
