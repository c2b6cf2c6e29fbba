// ONNX training (`npm run onnx`): @cyclr/onnx-adapter builds a train-step graph for an MLP
// (forward, backward and PyTorch's momentum-SGD update in standard ONNX ops) and trains it on
// onnxruntime-node with a one-cycle policy on the first 5,000 images of the shipped Fashion-MNIST, the learning rate
// and momentum fed as scalar inputs every step. Then the same policy is compiled into ONNX twice:
// a standalone schedule model (out/schedule.onnx: int64 step in, float32 lr out) and a train step
// that computes lr and momentum from its `step` input (out/train-step-with-schedule.onnx); both are
// run and compared with core's valueAt, and the second is trained too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { oneCyclePolicy, valueAt, valuesAt, type Policy, type Schedule } from '@cyclr/core';
import {
  buildEvalModel,
  buildTrainStep,
  createSession,
  createTrainer,
  initialState,
  scheduleToOnnx,
  type Batch,
  type ModelSpec,
  type OptimizerSpec,
  type SessionLike,
  type Trainer,
} from '@cyclr/onnx-adapter';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { loadFashionMnist, permutation, QUICK, type Split } from './data.js';
import { runCommand, type Io } from './example-cli.js';
import { formatDuration } from './progress.js';

const optionsSchema = z
  .object({
    epochs: z.coerce.number().int().positive().default(5),
    batchSize: z.coerce.number().int().positive().default(50),
    subset: z.coerce.number().int().positive().optional(),
    testSubset: z.coerce.number().int().positive().optional(),
    hidden: z.coerce.number().int().positive().default(128),
    maxLr: z.coerce.number().positive().default(0.2),
    seed: z.coerce.number().int().nonnegative().default(1),
    threads: z.coerce.number().int().positive().default(1),
    scheduleDtype: z.enum(['float32', 'float64']).default('float64'),
    out: z.string().default('out'),
  })
  .strict();

export type OnnxTrainOptions = z.infer<typeof optionsSchema>;

export const ONNX_HELP = `Usage: npm run onnx -- [options]

Builds a train-step ONNX graph for a 784-128-10 MLP, trains it on onnxruntime-node with a one-cycle
policy (lr and momentum) on the first 5,000 training / 1,000 test images of the shipped
Fashion-MNIST and prints the accuracy; then compiles the policy into out/schedule.onnx and
out/train-step-with-schedule.onnx, runs both and compares them with valueAt.

  --epochs N        default 5
  --batch-size N    default 50
  --subset N        training images (default: the first 5,000)
  --test-subset N   test images (default: the first 1,000)
  --hidden N        hidden units, default 128
  --max-lr X        one-cycle peak, default 0.2
  --seed N          initial weights and shuffling, default 1
  --threads N       onnxruntime intra-op threads, default 1
  --schedule-dtype float64|float32
                    arithmetic of the compiled schedules, default float64 (the output is float32
                    either way: float64 gives Math.fround(valueAt) exactly, float32 is cheaper)
  --out DIR         default ./out
`;

const MODEL_INPUTS = 784;

/** Batches of `x [n, 784]` float32 in [0, 1] and `y [n]` int64 labels, in `order`. */
export function onnxBatches(split: Split, order: ArrayLike<number>, size: number): Batch[] {
  const out: Batch[] = [];
  for (let start = 0; start < order.length; start += size) {
    const n = Math.min(size, order.length - start);
    const x = new Float32Array(n * MODEL_INPUTS);
    const y = new BigInt64Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[start + k];
      const base = i * MODEL_INPUTS;
      for (let p = 0; p < MODEL_INPUTS; p++) x[k * MODEL_INPUTS + p] = split.images[base + p] / 255;
      y[k] = BigInt(split.labels[i]);
    }
    out.push({ x: new ort.Tensor('float32', x, [n, MODEL_INPUTS]), y: new ort.Tensor('int64', y, [n]) });
  }
  return out;
}

const identity = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

export interface ScheduleCheck {
  steps: number;
  /** max |onnx - valueAt| */
  maxAbs: number;
  /** max |onnx - valueAt| / |valueAt| */
  maxRel: number;
  /** max |onnx - fround(valueAt)| in units of the float32 spacing at the value */
  maxUlps: number;
  /** steps where the model's float32 output equals Math.fround(valueAt) exactly */
  exact: number;
}

function compare(onnx: ArrayLike<number>, steps: number[], spec: Schedule): ScheduleCheck {
  let maxAbs = 0;
  let maxRel = 0;
  let maxUlps = 0;
  let exact = 0;
  steps.forEach((t, i) => {
    const want = valueAt(spec, t);
    const d = Math.abs(onnx[i] - want);
    maxAbs = Math.max(maxAbs, d);
    if (want !== 0) maxRel = Math.max(maxRel, d / Math.abs(want));
    const f = Math.fround(want);
    const ulp = f === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(Math.abs(f))) - 23);
    maxUlps = Math.max(maxUlps, Math.abs(onnx[i] - f) / ulp);
    if (onnx[i] === f) exact++;
  });
  return { steps: steps.length, maxAbs, maxRel, maxUlps, exact };
}

/** Runs a standalone schedule model (scheduleToOnnx) at `steps` in one batch. */
export async function runScheduleModel(session: SessionLike, steps: number[]): Promise<Float32Array> {
  const input = new ort.Tensor('int64', BigInt64Array.from(steps, (t) => BigInt(t)), [steps.length]);
  const out = await session.run({ step: input });
  return out.value.data as Float32Array;
}

export interface OnnxTrainResult {
  policy: Policy;
  totalSteps: number;
  accuracyBefore: number;
  accuracy: number[];
  lossAfter: number;
  /** steps whose fed lr/momentum differ from Math.fround(valuesAt) */
  appliedMismatches: number;
  schedule: ScheduleCheck;
  embedded: { lr: ScheduleCheck; momentum: ScheduleCheck; accuracy: number; sameWeights: boolean };
  paths: { schedule: string; trainStep: string };
}

export async function runOnnxTrain(options: OnnxTrainOptions, io: Io): Promise<OnnxTrainResult> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const sessionOptions = { intraOpNumThreads: options.threads, interOpNumThreads: 1 };
  const session = (bytes: Uint8Array) => createSession(ort, bytes, { sessionOptions });
  const data = loadFashionMnist({ subset: options.subset ?? QUICK.train, testSubset: options.testSubset ?? QUICK.test });
  const model: ModelSpec = { kind: 'mlp', inputs: MODEL_INPUTS, hidden: [options.hidden], classes: 10 };
  const optimizer: OptimizerSpec = { type: 'momentum' };
  const stepsPerEpoch = Math.ceil(data.train.count / options.batchSize);
  const totalSteps = stepsPerEpoch * options.epochs;
  const policy = oneCyclePolicy({ maxLr: options.maxLr, steps: totalSteps, momentum: { base: 0.85, max: 0.95 } });
  const test = onnxBatches(data.test, identity(data.test.count), 250);
  const trainBatches = (epoch: number) => onnxBatches(data.train, permutation(data.train.count, options.seed + epoch), options.batchSize);
  const evalSession = await session(buildEvalModel(model).bytes);

  say(`ONNX training: ${model.kind} ${MODEL_INPUTS}-${options.hidden}-10 on ${data.train.count}/${data.test.count} images from ${data.source}`);
  say(`onnxruntime-node ${ort.env.versions.node ?? ''}, momentum SGD (weight decay 5e-4), batch ${options.batchSize}, ${options.epochs} epochs = ${totalSteps} steps`);
  say(`policy: one-cycle, lr ${valuesAt(policy, 0).lr.toExponential(2)} → ${options.maxLr} → ${valuesAt(policy, totalSteps - 1).lr.toExponential(2)}, momentum 0.95 → 0.85 → 0.95`);

  // 1. Hyperparameters fed as scalar inputs, read from the policy before each step.
  const built = buildTrainStep({ model, optimizer });
  const trainer = createTrainer({
    session: await session(built.bytes),
    evalSession,
    Tensor: ort.Tensor,
    policy,
    state: initialState(model, optimizer, options.seed),
    fixed: { weight_decay: 5e-4 },
  });
  const accuracyBefore = (await trainer.evaluate(test)).metrics.accuracy;
  say(`test accuracy before training: ${(100 * accuracyBefore).toFixed(1)}%`);
  const accuracy: number[] = [];
  const t0 = Date.now();
  let lossAfter = Number.NaN;
  await trainer.fit(trainBatches, {
    epochs: options.epochs,
    onEpoch: async (summary) => {
      const ev = await trainer.evaluate(test);
      accuracy.push(ev.metrics.accuracy);
      lossAfter = ev.loss;
      say(`epoch ${summary.epoch + 1}/${options.epochs}  train loss ${summary.loss.toFixed(4)}  test loss ${ev.loss.toFixed(4)}  test accuracy ${(100 * ev.metrics.accuracy).toFixed(1)}%  lr ${trainer.history.values.lr.at(-1)?.toExponential(2)}`);
    },
  });
  say(`trained ${trainer.stepCount} steps in ${formatDuration(Date.now() - t0)}`);
  const appliedMismatches = countMismatches(trainer, policy, totalSteps);
  say(`applied lr and momentum equal Math.fround(valuesAt(policy, t)) at ${totalSteps - appliedMismatches} of ${totalSteps} steps`);

  // 2. The schedule compiled into a standalone ONNX model.
  const dir = resolve(options.out);
  mkdirSync(dir, { recursive: true });
  const schedulePath = join(dir, 'schedule.onnx');
  const scheduleBytes = scheduleToOnnx(policy.lr as Schedule, { dtype: options.scheduleDtype });
  writeFileSync(schedulePath, scheduleBytes);
  const probe = [...Array.from({ length: totalSteps + 10 }, (_, t) => t), 10 * totalSteps, 1_000_000];
  const schedule = compare(await runScheduleModel(await session(scheduleBytes), probe), probe, policy.lr as Schedule);
  say(`\n${schedulePath} (${scheduleBytes.length} bytes, ${options.scheduleDtype} arithmetic): lr at ${probe.length} steps (0..${totalSteps + 9}, ${10 * totalSteps}, 1e6)`);
  say(`  equals Math.fround(valueAt) at ${schedule.exact} of ${schedule.steps} steps; max abs diff from valueAt ${schedule.maxAbs.toExponential(2)}, max ${schedule.maxUlps.toFixed(1)} float32 ulps`);

  // 3. A train step that computes lr and momentum from its int64 `step` input.
  const withSchedule = buildTrainStep({ model, optimizer, schedules: { lr: policy.lr as Schedule, momentum: policy.momentum as Schedule }, scheduleDtype: options.scheduleDtype });
  const trainStepPath = join(dir, 'train-step-with-schedule.onnx');
  writeFileSync(trainStepPath, withSchedule.bytes);
  const embeddedTrainer = createTrainer({
    session: await session(withSchedule.bytes),
    evalSession,
    Tensor: ort.Tensor,
    state: initialState(model, optimizer, options.seed),
    fixed: { weight_decay: 5e-4 },
  });
  await embeddedTrainer.fit(trainBatches, { epochs: options.epochs });
  const steps = Array.from({ length: totalSteps }, (_, t) => t);
  const embedded = {
    lr: compare(embeddedTrainer.history.values.lr, steps, policy.lr as Schedule),
    momentum: compare(embeddedTrainer.history.values.momentum, steps, policy.momentum as Schedule),
    accuracy: (await embeddedTrainer.evaluate(test)).metrics.accuracy,
    sameWeights: sameState(trainer.readState(), embeddedTrainer.readState()),
  };
  say(`${trainStepPath} (${withSchedule.bytes.length} bytes, inputs: ${withSchedule.convention.batch.map((b) => b.name).join(', ')}, ${withSchedule.convention.state.length} state tensors, ${withSchedule.convention.hyperparameters.join(', ')}, step)`);
  say(`  trained ${embeddedTrainer.stepCount} steps computing lr and momentum in the graph: lr.applied = Math.fround(valueAt) at ${embedded.lr.exact} of ${totalSteps} steps (max ${embedded.lr.maxUlps.toFixed(1)} ulps), momentum.applied at ${embedded.momentum.exact} (max ${embedded.momentum.maxUlps.toFixed(1)} ulps)`);
  say(`  test accuracy ${(100 * embedded.accuracy).toFixed(1)}% (fed scalars: ${(100 * (accuracy.at(-1) ?? Number.NaN)).toFixed(1)}%); final weights ${embedded.sameWeights ? 'bit-identical to' : 'differ from'} the fed-scalar run's`);
  return { policy, totalSteps, accuracyBefore, accuracy, lossAfter, appliedMismatches, schedule, embedded, paths: { schedule: schedulePath, trainStep: trainStepPath } };
}

function sameState(a: Record<string, ArrayLike<number | bigint>>, b: Record<string, ArrayLike<number | bigint>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => b[k] !== undefined && a[k].length === b[k].length && Array.prototype.every.call(a[k], (v: number | bigint, i: number) => Object.is(v, b[k][i])));
}

function countMismatches(trainer: Trainer, policy: Policy, total: number): number {
  let bad = trainer.history.steps.length === total ? 0 : Math.abs(total - trainer.history.steps.length);
  for (let t = 0; t < Math.min(total, trainer.history.steps.length); t++) {
    const want = valuesAt(policy, t);
    if (trainer.history.values.lr[t] !== Math.fround(want.lr) || trainer.history.values.momentum[t] !== Math.fround(want.momentum)) bad++;
  }
  return bad;
}

export function onnxTrainCli(argv: string[], io: Io): Promise<number> {
  return runCommand(argv, io, optionsSchema, ONNX_HELP, runOnnxTrain);
}
