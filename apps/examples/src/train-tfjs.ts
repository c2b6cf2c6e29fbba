// The main job on TensorFlow.js (wasm backend by default): the tutorial CNN in tfjs layers
// (channels last), the three runs one after another from the same initial weights, the
// schedules applied by @cyclr/tfjs-adapter's callback.
import { lrRangeTest, scheduleCallback } from '@cyclr/tfjs-adapter';
import { registerWasmTrainingKernels } from '@cyclr/tfjs-adapter/wasm';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildCnn, toTensors } from './cnn.js';
import { permutation, type FashionMnist } from './data.js';
import { LABELS, RANGE_TEST, runPolicy, type EpochLog, type Progress, type RangeTestSummary, type RunName, type RunResult } from './experiment.js';

export interface TfjsOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  rangeTestSteps: number;
  backend: 'wasm' | 'cpu';
}

export async function trainTfjs(runs: readonly RunName[], options: TfjsOptions, data: FashionMnist, progress: (p: Progress) => void): Promise<RunResult[]> {
  tf.env().set('PROD', true); // no "install tfjs-node" banner
  registerWasmTrainingKernels(tf);
  await tf.setBackend(options.backend);
  await tf.ready();
  const stepsPerEpoch = Math.ceil(data.train.count / options.batchSize);
  const test = toTensors(tf, data.test.images, data.test.labels);
  const compile = (model: tf.Sequential, optimizer: tf.Optimizer) => model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const out: RunResult[] = [];
  for (const name of runs) {
    let rangeTest: RangeTestSummary | undefined;
    let maxLr = 0.05;
    if (name === 'onecycle') {
      // LR range test with momentum SGD, as the run uses, from the same initial weights
      const model = buildCnn(tf, options.seed);
      compile(model, tf.train.momentum(RANGE_TEST.minLr, RANGE_TEST.momentum));
      const { x, y } = toTensors(tf, data.train.images, data.train.labels, permutation(data.train.count, options.seed + 1000));
      const t0 = Date.now();
      const r = await lrRangeTest({ model, data: { x, y, batchSize: options.batchSize }, minLr: RANGE_TEST.minLr, maxLr: RANGE_TEST.maxLr, steps: options.rangeTestSteps });
      x.dispose();
      y.dispose();
      model.dispose();
      maxLr = Math.min(r.analysis.recommended.lr, 1);
      rangeTest = { steps: r.lrs.length, wallMs: Date.now() - t0, recommended: r.analysis.recommended, plot: { ...r.plot, lrs: Array.from(r.plot.lrs), losses: Array.from(r.plot.losses), smoothed: r.plot.smoothed === undefined ? undefined : Array.from(r.plot.smoothed) } };
    }
    const policy = runPolicy(name, stepsPerEpoch, options.epochs, maxLr);
    const model = buildCnn(tf, options.seed);
    compile(model, name === 'onecycle' ? tf.train.momentum(maxLr / 25, 0.95) : tf.train.sgd(0.01));
    const schedule = scheduleCallback(policy, { tf });
    const epochs: EpochLog[] = [];
    const t0 = Date.now();
    let trainMs = 0;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const { x, y } = toTensors(tf, data.train.images, data.train.labels, permutation(data.train.count, options.seed + epoch));
      const epochStart = Date.now();
      let stepStart = performance.now();
      const bar = new tf.CustomCallback({
        onBatchBegin: async () => {
          stepStart = performance.now();
        },
        onBatchEnd: async (batch, logs) => {
          trainMs += performance.now() - stepStart;
          const last = schedule.history[schedule.history.length - 1];
          progress({ runtime: 'tfjs', run: name, epoch: epoch + 1, epochs: options.epochs, step: batch + 1, steps: stepsPerEpoch, loss: Number(logs?.loss ?? Number.NaN), lr: last?.values.lr ?? Number.NaN, elapsedMs: Date.now() - epochStart });
        },
      });
      const h = await model.fit(x, y, { batchSize: options.batchSize, epochs: epoch + 1, initialEpoch: epoch, shuffle: false, validationData: [test.x, test.y], callbacks: [schedule as unknown as tf.CustomCallback, bar], verbose: 0 });
      x.dispose();
      y.dispose();
      const pick = (key: string) => Number((h.history[key] as number[] | undefined)?.[0] ?? Number.NaN);
      epochs.push({ loss: pick('loss'), acc: pick('acc'), val_loss: pick('val_loss'), val_acc: pick('val_acc') });
    }
    out.push({
      runtime: 'tfjs',
      name,
      label: LABELS[name],
      policy,
      epochs,
      wallMs: Date.now() - t0,
      stepMs: trainMs / Math.max(1, schedule.history.length),
      applied: schedule.history.map((r) => ({ step: r.step, values: { ...r.values } })),
      rangeTest,
    });
    model.dispose();
  }
  test.x.dispose();
  test.y.dispose();
  return out;
}
