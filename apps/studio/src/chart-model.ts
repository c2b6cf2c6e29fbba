/**
 * The studio's chart: @cyclr/plot's chart model (plain data, drawn by its `renderSvg`) built for a
 * step range, so zooming resamples at full resolution instead of stretching pixels. The learning
 * rate is on the left axis, every other hyperparameter (momentum, beta1) on the right; several
 * documents overlay with one colour each. The read-out evaluates the exact values at a step.
 */
import { explainSchedule, isPiecewiseConstant, policyEntries, valueAt, type Policy, type Schedule } from '@cyclr/core';
import { colorAt, defaultSteps, sampleSchedule, type Chart, type Series, type VLine } from '@cyclr/plot';

export interface PlotInput {
  label: string;
  policy: Policy;
}

export interface PlotOptions {
  log: boolean;
  unit: 'steps' | 'epochs';
  stepsPerEpoch?: number;
  /** [first, last] steps; default the whole of the longest input */
  range?: readonly [number, number];
  hidden: readonly string[];
  phases: boolean;
  /** pixel columns to sample for */
  columns: number;
}

export interface Curve {
  /** series name on the chart and in the read-out */
  name: string;
  /** the hyperparameter */
  key: string;
  input: number;
  spec: Schedule;
  color: string;
}

export interface PlotModel {
  chart: Chart;
  /** the steps shown, inclusive */
  range: [number, number];
  /** the whole schedule's range (zoom out to this) */
  full: [number, number];
  curves: Curve[];
  /** x-axis value of a step (steps or epochs) */
  toX(step: number): number;
}

const DASHES = ['6 3', '2 3', '8 3 2 3'];

/** The steps the longest input needs to be seen whole (plot's default: horizon + 5%, or three cycles). */
export function fullRange(inputs: readonly PlotInput[]): [number, number] {
  let steps = 2;
  for (const input of inputs) for (const [, spec] of policyEntries(input.policy)) steps = Math.max(steps, defaultSteps(spec));
  return [0, steps - 1];
}

/** A range clamped to whole steps inside [0, 2^53), first < last. */
export function clampRange(range: readonly [number, number]): [number, number] {
  const first = Math.max(0, Math.floor(Math.min(range[0], range[1])));
  const last = Math.max(first + 1, Math.ceil(Math.max(range[0], range[1])));
  return [first, Math.min(last, Number.MAX_SAFE_INTEGER - 1)];
}

export function plotModel(inputs: readonly PlotInput[], options: PlotOptions): PlotModel {
  const full = fullRange(inputs);
  const range = clampRange(options.range ?? full);
  const spe = options.unit === 'epochs' ? options.stepsPerEpoch : undefined;
  const toX = (t: number): number => (spe === undefined ? t : t / spe);
  const single = inputs.length === 1;
  const series: Series[] = [];
  const curves: Curve[] = [];
  const rightNames = new Set<string>();
  inputs.forEach((input, i) => {
    let extra = 0;
    for (const [key, spec] of policyEntries(input.policy)) {
      if (options.hidden.includes(key)) continue;
      const right = key !== 'lr';
      const name = single ? key : right ? `${input.label} · ${key}` : input.label;
      const color = single ? colorAt(right ? 1 + extra : 0) : colorAt(i);
      const s = sampleSchedule(spec, { start: range[0], steps: range[1] - range[0] + 1, columns: options.columns });
      if (right) rightNames.add(key);
      series.push({
        name,
        x: Array.from(s.x, toX),
        y: s.y,
        axis: right ? 'right' : 'left',
        curve: isPiecewiseConstant(spec) ? 'stepAfter' : 'linear',
        color,
        dash: right ? DASHES[extra % DASHES.length] : undefined,
      });
      curves.push({ name, key, input: i, spec, color });
      if (right) extra++;
    }
  });
  const vlines: VLine[] = [];
  let description: string | undefined;
  if (inputs.length > 0) {
    try {
      const explained = explainSchedule(inputs[0].policy);
      description = explained.sentences.join(' ');
      if (options.phases) {
        for (const phase of explained.phases) {
          if (phase.start > range[0] && phase.start <= range[1]) vlines.push({ x: toX(phase.start), label: String(phase.start), title: phase.text });
        }
      }
    } catch {
      // a document core cannot explain still plots
    }
  }
  const leftKeys = curves.filter((c) => c.key === 'lr');
  const chart: Chart = {
    kind: 'schedule',
    title: single ? inputs[0].label : `${inputs.length} schedules`,
    description,
    x: { label: spe === undefined ? 'step' : 'epoch', integer: spe === undefined, domain: [toX(range[0]), toX(range[1])] },
    y: { label: leftKeys.length > 0 || rightNames.size === 0 ? 'learning rate' : '', scale: options.log ? 'log' : 'linear' },
    series,
    vlines,
  };
  if (rightNames.size > 0) chart.y2 = { label: [...rightNames].join(', '), scale: 'linear' };
  return { chart, range, full, curves, toX };
}

export interface Readout {
  step: number;
  /** the step in epochs, when the axis shows epochs */
  epoch?: number;
  values: Array<{ name: string; key: string; color: string; value: number }>;
}

/** The exact values of every drawn curve at `step` (core's valueAt, not the sampled points). */
export function readoutAt(model: PlotModel, step: number, stepsPerEpoch?: number): Readout {
  const t = Math.max(model.range[0], Math.min(model.range[1], Math.round(step)));
  return {
    step: t,
    epoch: stepsPerEpoch !== undefined && model.chart.x.label === 'epoch' ? t / stepsPerEpoch : undefined,
    values: model.curves.map((c) => ({ name: c.name, key: c.key, color: c.color, value: valueAt(c.spec, t) })),
  };
}

/** The step under a horizontal position, given as a fraction (0 = left edge of the plot area, 1 = right). */
export function stepAtFraction(model: PlotModel, fraction: number): number {
  const [a, b] = model.range;
  const f = Math.max(0, Math.min(1, fraction));
  return Math.round(a + f * (b - a));
}

/** The horizontal fraction of the plot area where `step` is drawn. */
export function fractionOfStep(model: PlotModel, step: number): number {
  const [a, b] = model.range;
  return (step - a) / (b - a);
}
