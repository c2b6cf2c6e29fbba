// The main job (`npm start`): train the Fashion-MNIST CNN of the TensorFlow Addons CLR tutorial with
// tfjs on the wasm backend three ways from the same initial weights — constant-lr SGD, triangular2
// CLR (1e-4 → 1e-2, step size 2 × steps per epoch), and one-cycle with momentum cycling whose
// maximum learning rate an LR range test picks first — then print a table and write an HTML report
// with the schedules, the range test and the loss/accuracy curves to ./out/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { constant, cyclic, oneCyclePolicy, policy, type Policy } from '@cyclr/core';
import { historyChart, rangeTestChart, renderHtmlReport, scheduleChart, type ReportSection } from '@cyclr/plot';
import { lrRangeTest, registerWasmTrainingKernels, scheduleCallback, type RangeTestResult } from '@cyclr/tfjs-adapter';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { z } from 'zod';
import { buildCnn, toTensors } from './cnn.js';
import { parseFlags } from './example-cli.js';
import { DEBIAN_DIR, loadFashionMnist, permutation } from './data.js';
import { formatDuration, progressWriter } from './progress.js';

export const RUN_NAMES = ['constant', 'clr', 'onecycle'] as const;
type RunName = (typeof RUN_NAMES)[number];

const optionsSchema = z
  .object({
    epochs: z.coerce.number().int().positive().default(5),
    subset: z.coerce.number().int().positive().optional(),
    testSubset: z.coerce.number().int().positive().optional(),
    data: z.string().optional(),
    runs: z
      .string()
      .default(RUN_NAMES.join(','))
      .transform((s) => s.split(',').map((r) => r.trim()))
      .pipe(z.array(z.enum(RUN_NAMES)).min(1)),
    batchSize: z.coerce.number().int().positive().default(64),
    seed: z.coerce.number().int().nonnegative().default(42),
    out: z.string().default('out'),
    rangeTestSteps: z.coerce.number().int().min(10).default(120),
    backend: z.enum(['wasm', 'cpu']).default('wasm'),
  })
  .strict();

export type MainOptions = z.infer<typeof optionsSchema>;

const HELP = `Usage: npm start -- [options]

Trains the TFA CLR tutorial's Fashion-MNIST CNN three ways (constant SGD, triangular2 CLR, one-cycle
after an LR range test) and writes an HTML report.

  --epochs N            epochs per run (default 5)
  --subset N            training images to use (default: all of the chosen data)
  --test-subset N       validation images to use (default: all)
  --data [DIR]          full Fashion-MNIST IDX files (default DIR: ${DEBIAN_DIR});
                        without --data: the 5,000/1,000-image subset shipped in apps/examples/data
  --runs LIST           comma-separated subset of ${RUN_NAMES.join(',')} (default: all)
  --batch-size N        default 64
  --seed N              initial weights and shuffling, default 42
  --range-test-steps N  default 120
  --backend wasm|cpu    default wasm
  --out DIR             report directory, default ./out
`;

/** Parses `--key value` / `--data [DIR]` arguments into MainOptions (throws with a readable message). */
export function parseArgs(argv: string[]): MainOptions | 'help' {
  return parseFlags(argv, optionsSchema, { data: DEBIAN_DIR });
}

interface EpochLog {
  loss: number;
  acc: number;
  val_loss: number;
  val_acc: number;
}

export interface RunResult {
  name: RunName;
  label: string;
  policy: Policy;
  epochs: EpochLog[];
  wallMs: number;
  applied: Array<{ step: number; values: Record<string, number> }>;
}

export interface MainResult {
  runs: RunResult[];
  rangeTest: RangeTestResult | undefined;
  stepsPerEpoch: number;
  reportPath: string;
}

type Io = { stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }; stderr: NodeJS.WritableStream };

const LABELS: Record<RunName, string> = {
  constant: 'constant SGD (lr 0.01)',
  clr: 'triangular2 CLR (1e-4 → 1e-2)',
  onecycle: 'one-cycle + momentum',
};

export async function runMain(options: MainOptions, io: Io): Promise<MainResult> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  tf.env().set('PROD', true); // no "install tfjs-node" banner
  registerWasmTrainingKernels(tf);
  await tf.setBackend(options.backend);
  await tf.ready();

  const data = loadFashionMnist({ dir: options.data, subset: options.subset, testSubset: options.testSubset });
  const stepsPerEpoch = Math.ceil(data.train.count / options.batchSize);
  const totalSteps = stepsPerEpoch * options.epochs;
  say(`cyclr main job: ${data.train.count} training / ${data.test.count} validation images from ${data.source}`);
  say(`backend ${tf.getBackend()}, batch ${options.batchSize}, ${stepsPerEpoch} steps per epoch, ${options.epochs} epochs per run, seed ${options.seed}`);

  const test = toTensors(tf, data.test.images, data.test.labels);
  const compile = (model: tf.Sequential, optimizer: tf.Optimizer) =>
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  // 1. LR range test for the one-cycle run (momentum SGD, as that run uses), from the same weights.
  let rangeTest: RangeTestResult | undefined;
  let maxLr = 0.05;
  if (options.runs.includes('onecycle')) {
    const model = buildCnn(tf, options.seed);
    compile(model, tf.train.momentum(1e-4, 0.9));
    const order = permutation(data.train.count, options.seed + 1000);
    const { x, y } = toTensors(tf, data.train.images, data.train.labels, order);
    const t0 = Date.now();
    rangeTest = await lrRangeTest({ model, data: { x, y, batchSize: options.batchSize }, minLr: 1e-5, maxLr: 10, steps: options.rangeTestSteps });
    x.dispose();
    y.dispose();
    model.dispose();
    const rec = rangeTest.analysis.recommended;
    maxLr = Math.min(rec.lr, 1);
    say(`LR range test: ${rangeTest.lrs.length} steps in ${formatDuration(Date.now() - t0)}, recommended max lr ${maxLr.toExponential(2)} (${rec.method}: ${rec.reason})`);
  }

  const policies: Record<RunName, { policy: Policy; optimizer: () => tf.Optimizer }> = {
    constant: { policy: policy(constant(0.01)), optimizer: () => tf.train.sgd(0.01) },
    clr: {
      policy: policy(cyclic({ from: 1e-4, peak: 1e-2, upSteps: 2 * stepsPerEpoch, mode: 'triangular2' })),
      optimizer: () => tf.train.sgd(1e-4),
    },
    onecycle: {
      policy: oneCyclePolicy({ maxLr, steps: totalSteps, momentum: { base: 0.85, max: 0.95 } }),
      optimizer: () => tf.train.momentum(maxLr / 25, 0.95),
    },
  };

  // 2. The runs, from the same initial weights and the same batch order.
  const runs: RunResult[] = [];
  const progress = progressWriter(io.stdout);
  for (const name of options.runs) {
    const { policy: runPolicy, optimizer } = policies[name];
    const model = buildCnn(tf, options.seed);
    compile(model, optimizer());
    const schedule = scheduleCallback(runPolicy, { tf });
    const epochs: EpochLog[] = [];
    const t0 = Date.now();
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = permutation(data.train.count, options.seed + epoch);
      const { x, y } = toTensors(tf, data.train.images, data.train.labels, order);
      const epochStart = Date.now();
      const bar = new tf.CustomCallback({
        onBatchEnd: async (batch, logs) => {
          const last = schedule.history[schedule.history.length - 1];
          progress.update({
            run: name,
            epoch: epoch + 1,
            epochs: options.epochs,
            step: batch + 1,
            steps: stepsPerEpoch,
            loss: Number(logs?.loss ?? Number.NaN),
            lr: last?.values.lr ?? Number.NaN,
            elapsedMs: Date.now() - epochStart,
          });
        },
      });
      const h = await model.fit(x, y, {
        batchSize: options.batchSize,
        epochs: epoch + 1,
        initialEpoch: epoch,
        shuffle: false,
        validationData: [test.x, test.y],
        callbacks: [schedule, bar],
        verbose: 0,
      });
      x.dispose();
      y.dispose();
      const pick = (key: string) => Number((h.history[key] as number[] | undefined)?.[0] ?? Number.NaN);
      const log = { loss: pick('loss'), acc: pick('acc'), val_loss: pick('val_loss'), val_acc: pick('val_acc') };
      epochs.push(log);
      progress.done(
        `${name} ${epoch + 1}/${options.epochs}  loss ${log.loss.toFixed(4)}  acc ${log.acc.toFixed(4)}  val_loss ${log.val_loss.toFixed(4)}  val_acc ${log.val_acc.toFixed(4)}  (${formatDuration(Date.now() - epochStart)})`,
      );
    }
    runs.push({ name, label: LABELS[name], policy: runPolicy, epochs, wallMs: Date.now() - t0, applied: schedule.history.map((r) => ({ step: r.step, values: { ...r.values } })) });
    model.dispose();
  }
  test.x.dispose();
  test.y.dispose();

  // 3. The table and the report.
  say('');
  say(resultsTable(runs));
  const outDir = resolve(options.out);
  mkdirSync(outDir, { recursive: true });
  const reportPath = join(outDir, 'report.html');
  writeFileSync(reportPath, report(runs, rangeTest, stepsPerEpoch, options, data.source));
  writeFileSync(join(outDir, 'results.json'), JSON.stringify({ options, stepsPerEpoch, runs: runs.map(({ applied: _applied, ...r }) => r), rangeTest: rangeTest?.plot }, null, 2));
  say(`\nreport: ${reportPath}`);
  return { runs, rangeTest, stepsPerEpoch, reportPath };
}

/** Validation loss and accuracy per epoch per run, and wall time, as a markdown table. */
export function resultsTable(runs: RunResult[]): string {
  const epochs = Math.max(...runs.map((r) => r.epochs.length));
  const head = ['epoch', ...runs.flatMap((r) => [`${r.name} val_loss`, `${r.name} val_acc`])];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (let e = 0; e < epochs; e++) {
    lines.push(`| ${e + 1} | ${runs.flatMap((r) => [r.epochs[e]?.val_loss.toFixed(4) ?? '', r.epochs[e]?.val_acc.toFixed(4) ?? '']).join(' | ')} |`);
  }
  lines.push(`| wall time | ${runs.flatMap((r) => [formatDuration(r.wallMs), '']).join(' | ')} |`);
  return lines.join('\n');
}

function report(runs: RunResult[], rangeTest: RangeTestResult | undefined, stepsPerEpoch: number, options: MainOptions, source: string): string {
  const histories = runs.map((r) => ({
    name: r.name,
    history: {
      loss: r.epochs.map((e) => e.loss),
      val_loss: r.epochs.map((e) => e.val_loss),
      acc: r.epochs.map((e) => e.acc),
      val_acc: r.epochs.map((e) => e.val_acc),
    },
  }));
  const sections: ReportSection[] = [
    {
      heading: 'Schedules',
      text: 'The learning rate (left) and momentum (right) each run applied, by epoch; log scale on the right-hand chart.',
      charts: [
        scheduleChart(runs.map((r) => ({ label: r.name, spec: r.policy })), { stepsPerEpoch, epochs: options.epochs, title: 'learning rate and momentum' }),
        scheduleChart(runs.map((r) => ({ label: r.name, spec: r.policy })), { stepsPerEpoch, epochs: options.epochs, log: true, title: 'learning rate (log)', hyperparameters: ['lr'] }),
      ],
    },
  ];
  if (rangeTest) {
    sections.push({
      heading: 'LR range test',
      text: `Momentum SGD from the same initial weights, ${rangeTest.lrs.length} steps from 1e-5 towards 10; recommended: ${rangeTest.analysis.recommended.lr.toExponential(2)} (${rangeTest.analysis.recommended.reason}). The model and optimizer were restored exactly afterwards.`,
      charts: [rangeTestChart(rangeTest.plot, { title: 'loss against learning rate' })],
    });
  }
  sections.push({
    heading: 'Training',
    charts: [historyChart(histories, { metrics: ['loss', 'val_loss'], title: 'loss per epoch' }), historyChart(histories, { metrics: ['acc', 'val_acc'], title: 'accuracy per epoch' })],
    table: {
      caption: 'Validation loss and accuracy per epoch',
      columns: ['epoch', ...runs.flatMap((r) => [`${r.name} val_loss`, `${r.name} val_acc`])],
      rows: Array.from({ length: options.epochs }, (_, e) => [e + 1, ...runs.flatMap((r) => [r.epochs[e]?.val_loss ?? '', r.epochs[e]?.val_acc ?? ''])]),
    },
  });
  sections.push({
    heading: 'Runs',
    table: { columns: ['run', 'schedule', 'wall time'], rows: runs.map((r) => [r.name, r.label, formatDuration(r.wallMs)]) },
    code: JSON.stringify(Object.fromEntries(runs.map((r) => [r.name, r.policy])), null, 2),
  });
  return renderHtmlReport({
    title: 'cyclr: Fashion-MNIST, three schedules',
    subtitle: `${source}; batch ${options.batchSize}, ${options.epochs} epochs, seed ${options.seed}, tfjs ${tf.version.tfjs} on ${tf.getBackend()}`,
    sections,
  });
}

export async function cli(argv: string[], io: Io): Promise<number> {
  let options: MainOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout.write(HELP);
    return 0;
  }
  try {
    await runMain(options, io);
    return 0;
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
}
