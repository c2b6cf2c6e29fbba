// The main job (`npm start`): the seed tutorial's experiment (TensorFlow Addons, "Cyclical Learning
// Rate") in full — the Fashion-MNIST CNN on all 60,000 training images, validated on the 10,000
// test images, 10 epochs at batch 64, three ways from the same initial weights (constant-lr SGD,
// triangular2 CLR 1e-4 → 1e-2 with a step size of 2 epochs, and one-cycle with momentum cycling
// whose peak an LR range test picks) — on onnxruntime-node by default (@cyclr/onnx-adapter's layer
// spec and autodiff) or on TensorFlow.js (`--runtime tfjs`, or `both`). Prints a table and writes an
// HTML report with the schedules, the range test and the curves to ./out/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyChart, rangeTestChart, renderHtmlReport, scheduleChart, type ReportSection } from '@cyclr/plot';
import { z } from 'zod';
import { DEBIAN_DIR, loadFashionMnist, QUICK } from './data.js';
import { parseFlags } from './example-cli.js';
import { RUN_NAMES, RUNTIMES, TUTORIAL, type Progress, type RunResult, type Runtime } from './experiment.js';
import { formatDuration, progressLine } from './progress.js';

export { RUN_NAMES };

const optionsSchema = z
  .object({
    runtime: z.enum([...RUNTIMES, 'both']).default('onnx'),
    quick: z.boolean().default(false),
    epochs: z.coerce.number().int().positive().optional(),
    subset: z.coerce.number().int().positive().optional(),
    testSubset: z.coerce.number().int().positive().optional(),
    data: z.string().optional(),
    runs: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((r) => r.trim()) : v), z.array(z.enum(RUN_NAMES)).min(1).default([...RUN_NAMES])),
    batchSize: z.coerce.number().int().positive().default(64),
    seed: z.coerce.number().int().nonnegative().default(42),
    out: z.string().default('out'),
    rangeTestSteps: z.coerce.number().int().min(10).default(120),
    backend: z.enum(['wasm', 'cpu']).default('wasm'),
    workers: z.coerce.number().int().nonnegative().optional(),
  })
  .strict();

export type MainOptions = z.input<typeof optionsSchema>;
type Resolved = z.infer<typeof optionsSchema>;

const HELP = `Usage: npm start -- [options]

Runs the TFA CLR tutorial's experiment: its Fashion-MNIST CNN trained three ways from the same
initial weights (constant SGD 0.01, triangular2 CLR 1e-4 → 1e-2 with a step size of 2 epochs,
one-cycle after an LR range test), on all 60,000 / 10,000 images for 10 epochs at batch 64, and
writes an HTML report.

  --runtime onnx|tfjs|both  onnxruntime-node (default), TensorFlow.js, or both one after the other
  --quick               smoke test: the first 5,000 / 1,000 images, 5 epochs
  --epochs N            epochs per run (default 10)
  --subset N            use the first N training images
  --test-subset N       use the first N validation images
  --data [DIR]          the four Fashion-MNIST IDX files from DIR (default DIR: ${DEBIAN_DIR});
                        without --data: the copy committed in apps/examples/data/fashion-mnist
  --runs LIST           comma-separated subset of ${RUN_NAMES.join(',')} (default: all)
  --batch-size N        default 64
  --seed N              initial weights, dropout masks and shuffling, default 42
  --range-test-steps N  default 120
  --workers N           onnx: worker threads, one run each (default: one per run; 0 trains in
                        this thread, one run after another)
  --backend wasm|cpu    tfjs backend, default wasm
  --out DIR             report directory, default ./out
`;

/** Parses `--key value` / `--flag` arguments into options (throws with a readable message). */
export function parseArgs(argv: string[]): Resolved | 'help' {
  return parseFlags(argv, optionsSchema, { data: DEBIAN_DIR }, ['quick']);
}

function resolveOptions(raw: unknown): Resolved {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

export interface MainResult {
  runs: RunResult[];
  stepsPerEpoch: number;
  epochs: number;
  reportPath: string;
  wallMs: number;
  source: string;
}

type Io = { stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }; stderr: NodeJS.WritableStream };

/** Progress of concurrent runs: one line each, redrawn in place on a terminal; summaries otherwise. */
function progressBoard(stream: Io['stdout']) {
  const lines = new Map<string, Progress>();
  let drawn = 0;
  let last = 0;
  const draw = (force: boolean) => {
    if (!stream.isTTY) return;
    const now = Date.now();
    if (!force && now - last < 150) return;
    last = now;
    const width = (stream.columns ?? 100) - 1;
    let text = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const p of lines.values()) text += `\r${progressLine({ ...p, run: `${p.runtime} ${p.run}` }, width)}\x1b[K\n`;
    drawn = lines.size;
    stream.write(text);
  };
  return {
    update(p: Progress) {
      lines.set(`${p.runtime}/${p.run}`, p);
      draw(p.step === p.steps);
    },
    clear() {
      lines.clear();
      if (stream.isTTY && drawn > 0) stream.write(`\x1b[${drawn}A\x1b[J`);
      drawn = 0;
    },
  };
}

export async function runMain(input: MainOptions, io: Io): Promise<MainResult> {
  const options = resolveOptions(input);
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const started = Date.now();
  const subset = options.subset ?? (options.quick ? QUICK.train : undefined);
  const testSubset = options.testSubset ?? (options.quick ? QUICK.test : undefined);
  const epochs = options.epochs ?? (options.quick ? 5 : 10);
  const data = loadFashionMnist({ dir: options.data, subset, testSubset });
  const stepsPerEpoch = Math.ceil(data.train.count / options.batchSize);
  const runtimes: Runtime[] = options.runtime === 'both' ? ['onnx', 'tfjs'] : [options.runtime];
  say(`cyclr main job: ${data.source}`);
  say(`batch ${options.batchSize}, ${stepsPerEpoch} steps per epoch, ${epochs} epochs per run, seed ${options.seed}; runs ${options.runs.join(', ')}`);

  const board = progressBoard(io.stdout);
  const seen = new Map<string, number>();
  const onProgress = (p: Progress) => {
    board.update(p);
    if (p.step === p.steps && seen.get(`${p.runtime}/${p.run}`) !== p.epoch) {
      seen.set(`${p.runtime}/${p.run}`, p.epoch);
      if (!io.stdout.isTTY) say(`${p.runtime} ${p.run} epoch ${p.epoch}/${p.epochs} done (${formatDuration(p.elapsedMs)}), last loss ${p.loss.toFixed(4)}`);
    }
  };
  const runs: RunResult[] = [];
  for (const runtime of runtimes) {
    const t0 = Date.now();
    if (runtime === 'onnx') {
      const { trainOnnx, defaultWorkers } = await import('./train-onnx.js');
      const workers = options.workers ?? defaultWorkers(options.runs.length);
      say(`onnxruntime-node: ${workers === 0 ? 'one run after another in this thread' : `${Math.min(workers, options.runs.length)} worker threads`}, one intra-op thread per session`);
      runs.push(...(await trainOnnx(options.runs, { epochs, batchSize: options.batchSize, seed: options.seed, rangeTestSteps: options.rangeTestSteps }, data, workers, onProgress)));
    } else {
      const { trainTfjs } = await import('./train-tfjs.js');
      say(`TensorFlow.js on the ${options.backend} backend, one run after another`);
      runs.push(...(await trainTfjs(options.runs, { epochs, batchSize: options.batchSize, seed: options.seed, rangeTestSteps: options.rangeTestSteps, backend: options.backend }, data, onProgress)));
    }
    board.clear();
    for (const r of runs.filter((x) => x.runtime === runtime)) {
      if (r.rangeTest) say(`${runtime} LR range test: ${r.rangeTest.steps} steps in ${formatDuration(r.rangeTest.wallMs)}, recommended max lr ${r.rangeTest.recommended.lr.toExponential(2)} (${r.rangeTest.recommended.method}: ${r.rangeTest.recommended.reason})`);
      const e = r.epochs[r.epochs.length - 1];
      say(`${runtime} ${r.name}: val_acc ${e.val_acc.toFixed(4)}, val_loss ${e.val_loss.toFixed(4)} after ${r.epochs.length} epoch${r.epochs.length === 1 ? '' : 's'}; ${formatDuration(r.wallMs)}, ${r.stepMs.toFixed(1)} ms per step`);
    }
    say(`${runtime}: ${formatDuration(Date.now() - t0)} for the range test and ${options.runs.length} runs`);
  }

  const wallMs = Date.now() - started;
  say('');
  say(resultsTable(runs));
  say(`\nwall time ${formatDuration(wallMs)}`);
  const outDir = resolve(options.out);
  mkdirSync(outDir, { recursive: true });
  const reportPath = join(outDir, 'report.html');
  writeFileSync(reportPath, report(runs, stepsPerEpoch, epochs, options, data.source, wallMs));
  writeFileSync(join(outDir, 'results.json'), JSON.stringify({ options: { ...options, epochs, subset, testSubset }, source: data.source, stepsPerEpoch, wallMs, runs: runs.map(({ applied: _applied, ...r }) => r) }, null, 2));
  say(`report: ${reportPath}`);
  return { runs, stepsPerEpoch, epochs, reportPath, wallMs, source: data.source };
}

const runLabel = (r: RunResult, all: RunResult[]) => (new Set(all.map((x) => x.runtime)).size > 1 ? `${r.runtime} ${r.name}` : r.name);

/** Validation loss and accuracy per epoch per run, and wall time, as a markdown table. */
export function resultsTable(runs: RunResult[]): string {
  const epochs = Math.max(...runs.map((r) => r.epochs.length));
  const head = ['epoch', ...runs.flatMap((r) => [`${runLabel(r, runs)} val_loss`, `${runLabel(r, runs)} val_acc`])];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (let e = 0; e < epochs; e++) {
    lines.push(`| ${e + 1} | ${runs.flatMap((r) => [r.epochs[e]?.val_loss.toFixed(4) ?? '', r.epochs[e]?.val_acc.toFixed(4) ?? '']).join(' | ')} |`);
  }
  lines.push(`| wall time | ${runs.flatMap((r) => [formatDuration(r.wallMs), '']).join(' | ')} |`);
  return lines.join('\n');
}

function report(runs: RunResult[], stepsPerEpoch: number, epochs: number, options: Resolved, source: string, wallMs: number): string {
  const histories = runs.map((r) => ({
    name: runLabel(r, runs),
    history: { loss: r.epochs.map((e) => e.loss), val_loss: r.epochs.map((e) => e.val_loss), acc: r.epochs.map((e) => e.acc), val_acc: r.epochs.map((e) => e.val_acc) },
  }));
  const schedules = runs.filter((r, i) => runs.findIndex((x) => x.name === r.name) === i || r.name === 'onecycle').map((r) => ({ label: runLabel(r, runs), spec: r.policy }));
  const sections: ReportSection[] = [
    {
      heading: 'Schedules',
      text: 'The learning rate (left) and momentum (right) each run applied, by epoch; log scale on the right-hand chart.',
      charts: [
        scheduleChart(schedules, { stepsPerEpoch, epochs, title: 'learning rate and momentum' }),
        scheduleChart(schedules, { stepsPerEpoch, epochs, log: true, title: 'learning rate (log)', hyperparameters: ['lr'] }),
      ],
    },
  ];
  for (const r of runs.filter((x) => x.rangeTest !== undefined)) {
    const rt = r.rangeTest!;
    sections.push({
      heading: runs.some((x) => x.runtime !== r.runtime) ? `LR range test (${r.runtime})` : 'LR range test',
      text: `Momentum SGD from the same initial weights, ${rt.steps} steps from 1e-5 towards 10; recommended: ${rt.recommended.lr.toExponential(2)} (${rt.recommended.reason}). The model and optimizer were restored exactly afterwards.`,
      charts: [rangeTestChart(rt.plot, { title: 'loss against learning rate' })],
    });
  }
  sections.push({
    heading: 'Training',
    text: `The tutorial reports validation accuracies of ${TUTORIAL.constant} (constant SGD) and ${TUTORIAL.clr} (triangular2 CLR) after 10 epochs.`,
    charts: [historyChart(histories, { metrics: ['loss', 'val_loss'], title: 'loss per epoch' }), historyChart(histories, { metrics: ['acc', 'val_acc'], title: 'accuracy per epoch' })],
    table: {
      caption: 'Validation loss and accuracy per epoch',
      columns: ['epoch', ...runs.flatMap((r) => [`${runLabel(r, runs)} val_loss`, `${runLabel(r, runs)} val_acc`])],
      rows: Array.from({ length: epochs }, (_, e) => [e + 1, ...runs.flatMap((r) => [r.epochs[e]?.val_loss ?? '', r.epochs[e]?.val_acc ?? ''])]),
    },
  });
  sections.push({
    heading: 'Runs',
    text: `Whole job: ${formatDuration(wallMs)}.`,
    table: { columns: ['runtime', 'run', 'schedule', 'wall time', 'ms per step'], rows: runs.map((r) => [r.runtime, r.name, r.label, formatDuration(r.wallMs), Number(r.stepMs.toFixed(2))]) },
    code: JSON.stringify(Object.fromEntries(runs.map((r) => [runLabel(r, runs), r.policy])), null, 2),
  });
  const on = [...new Set(runs.map((r) => (r.runtime === 'onnx' ? 'onnxruntime-node' : `TensorFlow.js (${options.backend})`)))].join(' and ');
  return renderHtmlReport({
    title: 'cyclr: Fashion-MNIST, three schedules',
    subtitle: `${source}; batch ${options.batchSize}, ${epochs} epochs, seed ${options.seed}, on ${on}`,
    sections,
  });
}

export async function cli(argv: string[], io: Io): Promise<number> {
  let options: Resolved | 'help';
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
