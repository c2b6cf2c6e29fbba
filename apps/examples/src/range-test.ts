// The LR range test on its own (`npm run range-test`): a small MLP (or the tutorial CNN) on the
// first 5,000 images of the shipped Fashion-MNIST, momentum SGD swept exponentially from 1e-5 to 10 with
// @cyclr/tfjs-adapter's lrRangeTest; prints every suggestion of core's analysis (fastai's valley,
// steep, minimum and slide, pytorch-lr-finder's steepest by index) and the recommended one, proves
// the model's weights are bit-identical before and after, and writes the plot to out/range-test.html.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rangeTestChart, renderHtmlReport, renderTerminal } from '@cyclr/plot';
import { lrRangeTest, type RangeTestResult } from '@cyclr/tfjs-adapter';
import { registerWasmTrainingKernels } from '@cyclr/tfjs-adapter/wasm';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { z } from 'zod';
import { buildCnn, toTensors } from './cnn.js';
import { loadFashionMnist, permutation, QUICK } from './data.js';
import { runCommand, type Io } from './example-cli.js';
import { formatDuration } from './progress.js';

const optionsSchema = z
  .object({
    model: z.enum(['mlp', 'cnn']).default('mlp'),
    steps: z.coerce.number().int().min(10).default(150),
    minLr: z.coerce.number().positive().default(1e-5),
    maxLr: z.coerce.number().positive().default(10),
    batchSize: z.coerce.number().int().positive().default(64),
    subset: z.coerce.number().int().positive().optional(),
    hidden: z.coerce.number().int().positive().default(128),
    seed: z.coerce.number().int().nonnegative().default(42),
    backend: z.enum(['wasm', 'cpu']).default('wasm'),
    out: z.string().default('out'),
  })
  .strict()
  .refine((o) => o.maxLr > o.minLr, { message: 'must be greater than --min-lr', path: ['maxLr'] });

export type RangeTestExampleOptions = z.infer<typeof optionsSchema>;

export const RANGE_TEST_HELP = `Usage: npm run range-test -- [options]

Runs an LR range test (momentum SGD, exponential sweep) on the first 5,000 images of the shipped
Fashion-MNIST, prints every suggestion and the recommended learning rate, checks the weights are
restored bit for bit, and writes out/range-test.html.

  --model mlp|cnn     784-128-10 MLP (default) or the TFA tutorial CNN
  --steps N           updates in the sweep, default 150
  --min-lr X          default 1e-5
  --max-lr X          default 10
  --batch-size N      default 64
  --subset N          training images to cycle through (default: the first 5,000)
  --hidden N          MLP hidden units, default 128
  --seed N            initial weights and batch order, default 42
  --backend wasm|cpu  default wasm
  --out DIR           default ./out
`;

/** A 784-hidden-10 MLP with seeded Glorot initial weights (input [28, 28, 1], as the CNN's). */
export function buildMlp(seed: number, hidden = 128): tf.Sequential {
  const kernel = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  return tf.sequential({
    name: 'fashion_mlp',
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: kernel(1) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: kernel(2) }),
    ],
  });
}

/** SHA-256 of every weight's bytes in order, and the number of values. */
export function weightsDigest(model: tf.LayersModel): { sha256: string; tensors: number; values: number } {
  const hash = createHash('sha256');
  let values = 0;
  const weights = model.getWeights();
  for (const w of weights) {
    const data = w.dataSync() as Float32Array;
    values += data.length;
    hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return { sha256: hash.digest('hex'), tensors: weights.length, values };
}

export interface RangeTestExampleResult {
  result: RangeTestResult;
  before: ReturnType<typeof weightsDigest>;
  after: ReturnType<typeof weightsDigest>;
  identical: boolean;
  reportPath: string;
}

export async function runRangeTest(options: RangeTestExampleOptions, io: Io): Promise<RangeTestExampleResult> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  tf.env().set('PROD', true);
  registerWasmTrainingKernels(tf);
  await tf.setBackend(options.backend);
  await tf.ready();

  const data = loadFashionMnist({ subset: options.subset ?? QUICK.train, testSubset: 1 });
  const model = options.model === 'cnn' ? buildCnn(tf, options.seed) : buildMlp(options.seed, options.hidden);
  model.compile({ optimizer: tf.train.momentum(options.minLr, 0.9), loss: 'categoricalCrossentropy' });
  const { x, y } = toTensors(tf, data.train.images, data.train.labels, permutation(data.train.count, options.seed + 1000));
  say(`LR range test: ${options.model} on ${data.train.count} images from ${data.source}, backend ${tf.getBackend()}`);
  say(`momentum SGD (0.9), batch ${options.batchSize}, ${options.steps} steps from ${options.minLr} to ${options.maxLr} (exponential)`);

  const before = weightsDigest(model);
  const t0 = Date.now();
  const result = await lrRangeTest({ model, data: { x, y, batchSize: options.batchSize }, minLr: options.minLr, maxLr: options.maxLr, steps: options.steps });
  const wall = Date.now() - t0;
  const after = weightsDigest(model);
  x.dispose();
  y.dispose();
  model.dispose();

  const a = result.analysis;
  say(`${result.lrs.length} steps in ${formatDuration(wall)}${result.stoppedEarly ? `, stopped early (${a.reason ?? 'diverged'})` : ''}; lowest smoothed loss ${a.best.loss.toFixed(4)} at lr ${a.best.lr.toExponential(2)}`);
  say('');
  say(renderTerminal(rangeTestChart(result.plot, { title: 'loss against learning rate' }), { width: 72, height: 16 }));
  say('');
  say('suggestions:');
  for (const s of a.suggestions) say(`  ${s.method.padEnd(16)} lr ${s.lr.toExponential(3)}  (point ${s.index})`);
  for (const u of a.unavailable) say(`  ${u.method.padEnd(16)} unavailable: ${u.reason}`);
  say(`recommended: lr ${a.recommended.lr.toExponential(3)} (${a.recommended.method}: ${a.recommended.reason})`);
  const identical = before.sha256 === after.sha256 && before.values === after.values;
  say(`weights before: sha256 ${before.sha256.slice(0, 16)}… (${before.tensors} tensors, ${before.values} values)`);
  say(`weights after:  sha256 ${after.sha256.slice(0, 16)}… — ${identical ? 'bit-identical, the model was restored' : 'DIFFERENT'}`);

  const dir = resolve(options.out);
  mkdirSync(dir, { recursive: true });
  const reportPath = join(dir, 'range-test.html');
  writeFileSync(
    reportPath,
    renderHtmlReport({
      title: 'cyclr: LR range test',
      subtitle: `${options.model} on ${data.train.count} Fashion-MNIST images, momentum SGD 0.9, batch ${options.batchSize}, ${result.lrs.length} steps from ${options.minLr} towards ${options.maxLr}, tfjs ${tf.version.tfjs} on ${options.backend}`,
      sections: [
        {
          heading: 'Loss against learning rate',
          text: `Raw and smoothed training loss; the markers are the suggestions. Recommended: ${a.recommended.lr.toExponential(3)} (${a.recommended.method}: ${a.recommended.reason}).`,
          charts: [rangeTestChart(result.plot, { title: 'LR range test' })],
        },
        {
          heading: 'Suggestions',
          table: {
            columns: ['method', 'learning rate', 'point'],
            rows: [...a.suggestions.map((s) => [s.method, s.lr.toExponential(3), s.index]), ...a.unavailable.map((u) => [u.method, `unavailable: ${u.reason}`, ''])],
          },
        },
        {
          heading: 'The model is restored',
          text: `SHA-256 of all ${before.values} weight values before the test: ${before.sha256}; after: ${after.sha256} (${identical ? 'bit-identical' : 'different'}).`,
        },
      ],
    }),
  );
  say(`\nreport: ${reportPath}`);
  return { result, before, after, identical, reportPath };
}

export function rangeTestCli(argv: string[], io: Io): Promise<number> {
  return runCommand(argv, io, optionsSchema, RANGE_TEST_HELP, runRangeTest);
}
