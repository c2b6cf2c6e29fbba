// The schedule gallery (`npm run gallery`): every schedule of the seeds — the CLR paper's three
// modes, TFA's CyclicalLearningRate and ExponentialCyclicalLearningRate (imported with fromKeras),
// Keras CosineDecay with warmup, LinearCosineDecay, NoisyLinearCosineDecay, the Keras TPU tutorial's
// ramp-up/sustain/exponential-decay function, one-cycle with momentum and keras_one_cycle_clr's CLR
// with amplitude decay — each as a declarative spec, drawn on a linear and a log axis, with its JSON,
// explainSchedule's sentences and the largest difference from the peer's own formula, in one HTML page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join as joinPath, resolve } from 'node:path';
import {
  constant,
  cosine,
  cyclic,
  explainSchedule,
  exponential,
  fromKeras,
  join,
  linearCosine,
  noisyLinearCosine,
  oneCyclePolicy,
  scale,
  valueAt,
  valuesAt,
  warmup,
  type Policy,
  type Schedule,
} from '@cyclr/core';
import { normalAt, NOISY_LINEAR_COSINE_STREAM } from '@cyclr/core/internal';
import { renderHtmlReport, scheduleChart, type Chart, type ReportSection } from '@cyclr/plot';
import { z } from 'zod';
import { runCommand, type Io } from './example-cli.js';
import { clrFormula, kerasCosineDecay, kerasOneCycleClr, tfLinearCosine, torchOneCycle, tpuLrfn } from './peer-formulas.js';

export interface GalleryEntry {
  id: string;
  title: string;
  /** where the schedule comes from and the formula it follows */
  source: string;
  spec: Schedule | Policy;
  /** steps drawn (values at 0 .. steps - 1) */
  steps: number;
  /** draw the x axis in epochs (the TPU tutorial's function is called once per epoch) */
  stepsPerEpoch?: number;
  /** the peer's formula for the learning rate, written out directly (the reference the spec is checked against) */
  reference: (t: number) => number;
}

export interface GalleryOptions {
  /** length of the cyclical schedules' half cycle; every length scales with it (default 500) */
  stepSize: number;
  out: string;
}

/** The learning rate of a schedule or policy at step t. */
export function lrAt(spec: Schedule | Policy, t: number): number {
  return 'version' in spec ? valuesAt(spec, t).lr : valueAt(spec, t);
}

/** The Keras TPU tutorial's `lrfn(epoch)`: linear ramp-up, sustain, then exponential decay towards a floor. */
export const TPU_LRFN = { start: 1e-5, max: 4e-4, min: 1e-5, rampup: 5, sustain: 2, decay: 0.8 };


/**
 * The gallery's schedules. `stepSize` is the CLR half cycle; the other schedules are sized from it
 * (a run of 6·stepSize steps).
 */
export function galleryEntries(stepSize = 500): GalleryEntry[] {
  const s = stepSize;
  const run = 6 * s;
  const base = 1e-4;
  const peak = 1e-2;
  const gamma = 0.999 ** (500 / s);

  // Keras CosineDecay(initial_learning_rate=0, decay_steps, alpha, warmup_target, warmup_steps)
  const warm = Math.round(run / 10);
  const decaySteps = run - warm;
  const target = 0.1;
  const alpha = 0.01;

  // TF LinearCosineDecay / NoisyLinearCosineDecay with two periods
  const lcInitial = 0.1;
  const periods = 2;
  const noiseSeed = 7;
  const variance = 0.01;

  const { start, max, min, rampup, sustain, decay } = TPU_LRFN;
  const epochs = 30;

  const cycles = 3;
  const phaseOne = 0.3;
  const cycleLength = 2 * s;
  const up = Math.round(phaseOne * cycleLength);
  const amplitude = (c: number) => (1 / 3) ** c;

  return [
    {
      id: 'clr-triangular',
      title: 'CLR triangular',
      source: `Smith (2017), PyTorch CyclicLR mode='triangular': cycle = floor(1 + t/(2s)), x = |t/s - 2·cycle + 1|, lr = base + (max - base)·max(0, 1 - x); s = ${s}.`,
      spec: cyclic({ from: base, peak, upSteps: s, mode: 'triangular' }),
      steps: run,
      reference: clrFormula(base, peak, s, () => 1, 'cycle'),
    },
    {
      id: 'clr-triangular2',
      title: 'CLR triangular2',
      source: 'Smith (2017), PyTorch CyclicLR mode=\'triangular2\': the amplitude halves every cycle, scale = 1/2^(cycle - 1).',
      spec: cyclic({ from: base, peak, upSteps: s, mode: 'triangular2' }),
      steps: run,
      reference: clrFormula(base, peak, s, (c) => 1 / 2 ** (c - 1), 'cycle'),
    },
    {
      id: 'clr-exp-range',
      title: 'CLR exp_range',
      source: `Smith (2017), PyTorch CyclicLR mode='exp_range': scale = gamma^t on the total step count; gamma = ${gamma}.`,
      spec: cyclic({ from: base, peak, upSteps: s, mode: 'expRange', decay: gamma }),
      steps: run,
      reference: clrFormula(base, peak, s, (t) => gamma ** t, 'iterations'),
    },
    {
      id: 'tfa-cyclical',
      title: 'TFA CyclicalLearningRate (fromKeras)',
      source:
        'tfa.optimizers.CyclicalLearningRate as in the TFA tutorial, scale_fn = lambda x: 1/(2.**(x - 1)), scale_mode=\'cycle\'; the Python function cannot be serialized, so fromKeras takes its declarative equivalent (an exponential of the 0-based cycle index with decay 1/2).',
      spec: fromKeras(
        {
          class_name: 'Addons>CyclicalLearningRate',
          config: { initial_learning_rate: base, maximal_learning_rate: peak, step_size: s, scale_fn: '<lambda>', scale_mode: 'cycle', name: 'CyclicalLearningRate' },
        },
        { scaleFn: { by: 'cycle', schedule: exponential({ from: 1, decay: 0.5 }) } },
      ),
      steps: run,
      reference: clrFormula(base, peak, s, (x) => 1 / 2 ** (x - 1), 'cycle'),
    },
    {
      id: 'tfa-exponential-cyclical',
      title: 'TFA ExponentialCyclicalLearningRate (fromKeras)',
      source: `tfa.optimizers.ExponentialCyclicalLearningRate(gamma=${gamma}), scale_mode='iterations': scale = gamma^t.`,
      spec: fromKeras({
        class_name: 'Addons>ExponentialCyclicalLearningRate',
        config: { initial_learning_rate: base, maximal_learning_rate: peak, step_size: s, scale_mode: 'iterations', gamma, name: 'ExponentialCyclicalLearningRate' },
      }),
      steps: run,
      reference: clrFormula(base, peak, s, (t) => gamma ** t, 'iterations'),
    },
    {
      id: 'keras-cosine-decay',
      title: 'Keras CosineDecay with warmup',
      source: `keras.optimizers.schedules.CosineDecay(initial_learning_rate=0, decay_steps=${decaySteps}, alpha=${alpha}, warmup_target=${target}, warmup_steps=${warm}): linear warmup to the target, then a half cosine to target·alpha over decay_steps (which exclude the warmup), held after.`,
      spec: warmup({ steps: warm, from: 0, schedule: cosine({ from: target, to: target * alpha, steps: decaySteps }) }),
      steps: run,
      reference: kerasCosineDecay({ initial: 0, decay: decaySteps, alpha, target, warmup: warm }),
    },
    {
      id: 'linear-cosine-decay',
      title: 'LinearCosineDecay',
      source: `tf.compat.v1.train.linear_cosine_decay / Keras LinearCosineDecay(${lcInitial}, decay_steps=${run}, num_periods=${periods}, alpha=0, beta=0.001) (Bello et al. 2017): lr = initial·((alpha + (T - t)/T)·(1 + cos(2π·periods·t/T))/2 + beta).`,
      spec: linearCosine({ from: lcInitial, steps: run, cycles: periods }),
      steps: run,
      reference: tfLinearCosine({ initial: lcInitial, steps: run, periods }),
    },
    {
      id: 'noisy-linear-cosine-decay',
      title: 'NoisyLinearCosineDecay',
      source: `TF NoisyLinearCosineDecay(${lcInitial}, decay_steps=${run}, initial_variance=${variance}, variance_decay=0.55, num_periods=${periods}): Gaussian noise of variance initial_variance/(1 + t)^0.55 on the linear term. TF's noise is unseeded; cyclr's is a pure function of (seed ${noiseSeed}, step). Near the cosine's troughs the noise can push the value slightly below zero, as TF's does; the log panel leaves those steps out.`,
      spec: noisyLinearCosine({ from: lcInitial, steps: run, cycles: periods, variance, seed: noiseSeed }),
      steps: run,
      reference: tfLinearCosine({ initial: lcInitial, steps: run, periods, noise: (u, t) => Math.sqrt(variance / (1 + u) ** 0.55) * normalAt(noiseSeed, t, NOISY_LINEAR_COSINE_STREAM) }),
    },
    {
      id: 'tpu-rampup-sustain-decay',
      title: 'Ramp-up, sustain, exponential decay (Keras TPU tutorial lrfn)',
      source: `The custom per-epoch function of the Keras/TPU flowers tutorials, called by LearningRateScheduler: linear from ${start} to ${max} over ${rampup} epochs, held ${sustain} epochs, then (max - min)·${decay}^(epoch - ${rampup + sustain}) + min with min = ${min}. Here one step is one epoch, written as warmup → join(constant, scale(exponential)).`,
      spec: warmup({
        steps: rampup,
        from: start,
        schedule: join([
          { schedule: constant(max), steps: sustain },
          { schedule: scale({ schedule: exponential({ from: 1, decay: decay }), factor: max - min, offset: min }) },
        ]),
      }),
      steps: epochs,
      stepsPerEpoch: 1,
      reference: tpuLrfn(TPU_LRFN),
    },
    {
      id: 'one-cycle-momentum',
      title: 'One-cycle with momentum',
      source: `Smith & Topin (2018), PyTorch OneCycleLR(max_lr=0.1, total_steps=${run}, pct_start=0.3, anneal_strategy='cos', div_factor=25, final_div_factor=1e4, cycle_momentum=True, base_momentum=0.85, max_momentum=0.95): the momentum (right axis) moves against the learning rate.`,
      spec: oneCyclePolicy({ maxLr: 0.1, steps: run, momentum: { base: 0.85, max: 0.95 } }),
      steps: run,
      reference: torchOneCycle({ maxLr: 0.1, total: run }),
    },
    {
      id: 'keras-one-cycle-clr-amplitude',
      title: "keras_one_cycle_clr's CLR with amplitude decay",
      source: `keras_one_cycle_clr CLR(cyc=${cycles}, lr_range=(${base}, ${peak}), phase_one_fraction=${phaseOne}, amplitude_fn=lambda x: (1/3)**x): each cycle rises along a half cosine from the low lr to low + amplitude·(1/3)^c over ${phaseOne * 100}% of the cycle, then falls along a half cosine to 0 (not to the low lr: the library's formula), restarting at the low lr. Written as a join of half cosines, one pair per cycle.`,
      spec: join(
        Array.from({ length: cycles }, (_, c) => {
          const top = base + (peak - base) * amplitude(c);
          return [
            { schedule: cosine({ from: base, to: top, steps: up }), steps: up },
            { schedule: cosine({ from: top, to: 0, steps: cycleLength - up }), steps: cycleLength - up },
          ];
        }).flat(),
      ),
      steps: cycles * cycleLength,
      reference: kerasOneCycleClr(base, peak, cycles, cycles * cycleLength, phaseOne, amplitude),
    },
  ];
}

export interface GalleryResult {
  entries: Array<GalleryEntry & { charts: [Chart, Chart]; sentences: string[]; maxDifference: number }>;
  html: string;
  path: string;
}

/** The largest |spec - reference| over steps 0 .. steps - 1 (the learning rate of a policy). */
export function maxDifferenceFromReference(entry: GalleryEntry): number {
  let max = 0;
  for (let t = 0; t < entry.steps; t++) max = Math.max(max, Math.abs(lrAt(entry.spec, t) - entry.reference(t)));
  return max;
}

export function buildGallery(options: GalleryOptions): Omit<GalleryResult, 'path'> {
  const entries = galleryEntries(options.stepSize).map((entry) => {
    const chartOptions = { steps: entry.steps, ...(entry.stepsPerEpoch ? { stepsPerEpoch: entry.stepsPerEpoch } : {}) };
    const input = { label: entry.title, spec: entry.spec };
    const charts: [Chart, Chart] = [
      scheduleChart(input, { ...chartOptions, title: 'linear scale' }),
      scheduleChart(input, { ...chartOptions, title: 'log scale', log: true }),
    ];
    const sentences =
      'version' in entry.spec
        ? Object.values(explainSchedule(entry.spec, { totalSteps: entry.steps }).byHyperparameter).flatMap((e) => e.sentences)
        : explainSchedule(entry.spec, { totalSteps: entry.steps, name: 'lr' }).sentences;
    return { ...entry, charts, sentences, maxDifference: maxDifferenceFromReference(entry) };
  });
  const sections: ReportSection[] = entries.map((e) => ({
    heading: e.title,
    text: [e.source, e.sentences.join(' '), `Largest difference from the peer's formula over the ${e.steps} steps drawn: ${e.maxDifference.toExponential(2)}.`],
    grid: e.charts,
    gridColumns: 2,
    code: JSON.stringify(e.spec, null, 2),
  }));
  const html = renderHtmlReport({
    title: 'cyclr schedule gallery',
    subtitle: `${entries.length} schedules from PyTorch, Keras, TensorFlow Addons, the CLR and one-cycle papers and two Keras libraries, each a JSON spec evaluated by valueAt; left linear, right log scale`,
    sections,
    chartWidth: 520,
    chartHeight: 300,
  });
  return { entries, html };
}

const optionsSchema = z
  .object({
    stepSize: z.coerce.number().int().min(2).default(500),
    out: z.string().default('out'),
  })
  .strict();

export const GALLERY_HELP = `Usage: npm run gallery -- [options]

Draws every schedule of the seeds (CLR modes, TFA cyclical rates, Keras cosine decays, the TPU
tutorial's ramp-up function, one-cycle with momentum, keras_one_cycle_clr's CLR) in linear and log
scale into one HTML page, with each spec's JSON and explanation.

  --step-size N   the CLR half cycle; every schedule is sized from it (default 500)
  --out DIR       output directory, default ./out (writes gallery.html)
`;

export async function runGallery(options: GalleryOptions, io: Io): Promise<GalleryResult> {
  const { entries, html } = buildGallery(options);
  for (const e of entries) {
    io.stdout.write(`${e.title.padEnd(64)} ${String(e.steps).padStart(5)} steps  max |cyclr - peer formula| ${e.maxDifference.toExponential(2)}\n`);
  }
  const dir = resolve(options.out);
  mkdirSync(dir, { recursive: true });
  const path = joinPath(dir, 'gallery.html');
  writeFileSync(path, html);
  io.stdout.write(`\ngallery: ${path}\n`);
  return { entries, html, path };
}

export function galleryCli(argv: string[], io: Io): Promise<number> {
  return runCommand(argv, io, optionsSchema, GALLERY_HELP, runGallery);
}
