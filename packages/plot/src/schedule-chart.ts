import { isPiecewiseConstant, parsePolicy, parseSchedule, policyEntries, type Policy, type Schedule } from '@cyclr/core';
import type { Chart, Series, VLine } from './chart.js';
import { tryExplain } from './core-extras.js';
import { defaultSteps } from './horizon.js';
import { colorAt } from './palette.js';
import { sampleSchedule } from './sampling.js';

import { formatNumber } from './text.js';

/**
 * `T` with every property and array readonly, so `as const` literals fit; mutable values still do.
 * Inputs are validated (parseSchedule / parsePolicy) before use, so nothing is written through them.
 */
export type DeepReadonly<T> = T extends ReadonlyArray<infer U> ? ReadonlyArray<DeepReadonly<U>> : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** A schedule or policy spec as plotting functions take it: plain, frozen or `as const`. */
export type SpecInput = DeepReadonly<Schedule> | DeepReadonly<Policy>;

/** A schedule, a policy, or either with a legend label. */
export type ScheduleInput = SpecInput | { readonly label: string; readonly spec: SpecInput };

export interface ScheduleChartOptions {
  /** steps to draw (values at t = 0 .. steps - 1); default: the longest horizon plus 5% */
  steps?: number;
  /** show epochs on the x axis; with `epochs`, draws `epochs·stepsPerEpoch` steps */
  stepsPerEpoch?: number;
  epochs?: number;
  /** log scale on the (left) y axis */
  log?: boolean;
  title?: string;
  /** left y axis label, default 'learning rate' */
  yLabel?: string;
  /**
   * Which hyperparameters of a policy to draw; default lr, momentum and beta1 (those present). All but
   * lr use the right-hand axis.
   */
  hyperparameters?: readonly string[];
  /** annotate phase boundaries from core's explainSchedule (single input only), default true */
  phases?: boolean;
  /** pixel columns the curves are sampled for, default 800 */
  columns?: number;
}

/** Whether a parsed JSON value looks like a policy rather than a schedule. */
export function isPolicyLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('type' in value) && ('lr' in value || 'version' in value);
}

interface Normalised {
  label: string | undefined;
  entries: Array<[string, Schedule]>;
  source: Schedule | Policy;
}

const isInputList = (v: ScheduleInput | readonly ScheduleInput[]): v is readonly ScheduleInput[] => Array.isArray(v);

function normalise(input: ScheduleInput): Normalised {
  const labelled = typeof input === 'object' && input !== null && 'spec' in input && 'label' in input;
  const raw = labelled ? (input as { spec: unknown }).spec : input;
  const label = labelled ? (input as { label: string }).label : undefined;
  if (isPolicyLike(raw)) {
    const policy = parsePolicy(raw);
    return { label: label ?? policy.description, entries: policyEntries(policy), source: policy };
  }
  const spec = parseSchedule(raw);
  return { label, entries: [['lr', spec]], source: spec };
}

const DEFAULT_HYPERPARAMETERS = ['lr', 'momentum', 'beta1'];
const DASHES = ['6 3', '2 3', '8 3 2 3'];

/**
 * A chart of one or several schedules or policies over steps (or epochs): the learning rate on the
 * left axis, momentum/beta1 on a right-hand axis, piecewise-constant schedules as steps, phase
 * boundaries from core's explanation.
 */
export function scheduleChart(input: ScheduleInput | readonly ScheduleInput[], options: ScheduleChartOptions = {}): Chart {
  const inputs = (isInputList(input) ? input : [input]).map(normalise);
  if (inputs.length === 0) throw new RangeError('scheduleChart needs at least one schedule');
  const wanted = options.hyperparameters ?? DEFAULT_HYPERPARAMETERS;
  const spe = options.stepsPerEpoch;
  if (spe !== undefined && (!Number.isSafeInteger(spe) || spe < 1)) throw new RangeError(`stepsPerEpoch must be a positive integer, got ${String(spe)}`);
  if (options.epochs !== undefined && spe === undefined) throw new RangeError('epochs needs stepsPerEpoch');
  const steps =
    options.steps ??
    (options.epochs !== undefined && spe !== undefined
      ? Math.round(options.epochs * spe)
      : Math.max(...inputs.flatMap((n) => n.entries.filter(([k]) => wanted.includes(k)).map(([, s]) => defaultSteps(s)))));
  const toX = (t: number): number => (spe === undefined ? t : t / spe);

  const series: Series[] = [];
  const rightNames = new Set<string>();
  inputs.forEach((n, i) => {
    const color = colorAt(i);
    let extra = 0;
    for (const [name, spec] of n.entries) {
      if (!wanted.includes(name)) continue;
      const sampled = sampleSchedule(spec, { steps, columns: options.columns ?? 800 });
      const x = sampled.x.map(toX);
      const right = name !== 'lr';
      if (right) rightNames.add(name);
      const seriesName = inputs.length === 1 ? name : right ? `${n.label ?? `#${i + 1}`} · ${name}` : (n.label ?? `#${i + 1} ${spec.type}`);
      series.push({
        name: seriesName,
        x,
        y: sampled.y,
        axis: right ? 'right' : 'left',
        curve: isPiecewiseConstant(spec) ? 'stepAfter' : 'linear',
        color: inputs.length === 1 ? colorAt(right ? 1 + extra : 0) : color,
        dash: right ? DASHES[extra % DASHES.length] : undefined,
      });
      if (right) extra++;
    }
  });

  const vlines: VLine[] = [];
  let description: string | undefined;
  if (inputs.length === 1) {
    const explained = tryExplain(inputs[0].source, steps);
    description = explained?.sentences.join(' ');
    if (options.phases === false) explained?.phases.splice(0);
    for (const phase of explained?.phases ?? []) {
      if (phase.start > 0 && phase.start < steps) {
        // the boundary step exactly (11496, not 11500); in epochs, enough digits to tell steps apart
        vlines.push({ x: toX(phase.start), label: spe === undefined ? String(phase.start) : formatNumber(toX(phase.start), 6), title: phase.text });
      }
    }
  }

  const single = inputs.length === 1 ? inputs[0] : undefined;
  const title =
    options.title ??
    (single ? (single.label ?? `${single.entries[0][1].type} ${'version' in single.source ? 'policy' : 'schedule'}`) : `${inputs.length} schedules`);
  const chart: Chart = {
    kind: 'schedule',
    title,
    description,
    x: { label: spe === undefined ? 'step' : 'epoch', integer: spe === undefined },
    y: { label: options.yLabel ?? 'learning rate', scale: options.log ? 'log' : 'linear' },
    series,
    vlines,
  };
  if (rightNames.size > 0) chart.y2 = { label: [...rightNames].join(', ') };
  return chart;
}
