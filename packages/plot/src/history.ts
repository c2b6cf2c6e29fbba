import type { Chart, Series, VLine } from './chart.js';
import { colorAt } from './palette.js';

/**
 * A training history as Keras keeps it: `epoch` (0-based indices) and one array per metric
 * (`loss`, `val_loss`, `accuracy`, ...). `boundaries` (set by `concatHistories`) are the positions
 * where a later run starts.
 */
export interface History {
  epoch?: number[];
  history: Record<string, number[]>;
  boundaries?: number[];
}

/** A history, Keras's bare `history.history` record, or either with a run name. */
export type HistoryInput = History | Record<string, number[]> | { name: string; history: History | Record<string, number[]> };

function isHistory(value: unknown): value is History {
  return typeof value === 'object' && value !== null && 'history' in value && typeof (value as History).history === 'object' && !Array.isArray((value as History).history);
}

function asHistory(input: History | Record<string, number[]>): History {
  return isHistory(input) ? input : { history: input };
}

function lengthOf(h: History): number {
  return Math.max(h.epoch?.length ?? 0, ...Object.values(h.history).map((v) => v.length));
}

export interface ConcatOptions {
  /** renumber epochs 0, 1, 2, ... across the runs (keras_one_cycle_clr's `reindex_epoch`), default false */
  reindexEpochs?: boolean;
}

/**
 * Joins consecutive runs (e.g. a frozen then an unfrozen fine-tuning phase) into one history, as
 * keras_one_cycle_clr's `concatenate_history`: epochs and every metric concatenated in order. Unlike
 * it, a metric missing from one run is padded with NaN so every metric stays aligned with the
 * epochs; `boundaries` records where each later run starts. Inputs are not modified.
 */
export function concatHistories(histories: ReadonlyArray<History | Record<string, number[]>>, options: ConcatOptions = {}): History {
  const list = histories.map(asHistory);
  const keys: string[] = [];
  for (const h of list) for (const k of Object.keys(h.history)) if (!keys.includes(k)) keys.push(k);
  const out: History = { epoch: [], history: Object.fromEntries(keys.map((k) => [k, [] as number[]])), boundaries: [] };
  let offset = 0;
  list.forEach((h, i) => {
    const n = lengthOf(h);
    if (i > 0) out.boundaries?.push(offset);
    for (let e = 0; e < n; e++) out.epoch?.push(h.epoch?.[e] ?? e);
    for (const k of keys) {
      const values = h.history[k] ?? [];
      for (let e = 0; e < n; e++) out.history[k].push(values[e] ?? NaN);
    }
    offset += n;
  });
  if (options.reindexEpochs) out.epoch = out.epoch?.map((_, i) => i);
  return out;
}

export interface HistoryChartOptions {
  /** metrics to draw, default every metric except learning rates */
  metrics?: readonly string[];
  title?: string;
  /** log scale for the loss axis */
  log?: boolean;
}

const LEFT = /loss|error|mse|mae|perplexity/i;
const HIDDEN = /^(lr|learning_rate)$/i;

/**
 * Loss (left axis) and other metrics such as accuracy (right axis) per epoch, for one run or several
 * compared; validation metrics are dashed in the colour of their training metric. Epochs are 1-based
 * positions; run boundaries of concatenated histories are drawn as rules.
 */
export function historyChart(input: HistoryInput | readonly HistoryInput[], options: HistoryChartOptions = {}): Chart {
  const runs = ((Array.isArray(input) ? input : [input]) as readonly HistoryInput[]).map((r, i) => {
    if (typeof r === 'object' && r !== null && 'name' in r && typeof (r as { name: unknown }).name === 'string' && 'history' in r) {
      return { name: (r as { name: string }).name, history: asHistory((r as { history: History | Record<string, number[]> }).history) };
    }
    return { name: `run ${i + 1}`, history: asHistory(r as History | Record<string, number[]>) };
  });
  if (runs.length === 0) throw new RangeError('historyChart needs at least one history');
  const series: Series[] = [];
  const bases: string[] = [];
  let anyRight = false;
  let anyLeft = false;
  runs.forEach((run, r) => {
    const metrics = options.metrics ?? Object.keys(run.history.history).filter((k) => !HIDDEN.test(k));
    for (const metric of metrics) {
      const values = run.history.history[metric];
      if (!values) continue;
      const base = metric.replace(/^val_/, '');
      if (!bases.includes(base)) bases.push(base);
      const left = LEFT.test(metric);
      anyLeft ||= left;
      anyRight ||= !left;
      const isVal = metric.startsWith('val_');
      series.push({
        name: runs.length > 1 ? `${run.name} ${metric}` : metric,
        x: values.map((_, i) => i + 1),
        y: values,
        axis: left ? 'left' : 'right',
        color: runs.length > 1 ? colorAt(r) : colorAt(bases.indexOf(base)),
        dash: isVal ? (left ? '6 3' : '8 3 2 3') : left ? undefined : runs.length > 1 ? '2 3' : undefined,
      });
    }
  });
  if (!anyLeft) for (const s of series) s.axis = 'left';
  const vlines: VLine[] = [];
  if (runs.length === 1) for (const b of runs[0].history.boundaries ?? []) vlines.push({ x: b + 0.5, label: 'next run', title: `a new run starts at epoch ${b + 1}` });
  const chart: Chart = {
    kind: 'history',
    title: options.title ?? (runs.length > 1 ? `Training history: ${runs.map((r) => r.name).join(' vs ')}` : 'Training history'),
    x: { label: 'epoch', integer: true },
    y: { label: anyLeft ? 'loss' : 'metric', scale: options.log ? 'log' : 'linear' },
    series,
    vlines,
  };
  if (anyLeft && anyRight) chart.y2 = { label: bases.filter((b) => !LEFT.test(b)).join(', ') };
  return chart;
}
