import { basename } from 'node:path';
import { historyChart, rangeTestChart, renderHtmlReport, renderSvg, renderTerminal, scheduleChart, scheduleReport, type Chart } from '@cyclr/plot';
import { InputError, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { displayName, documentFrom, readJson, writeOutput } from '../load.js';
import type { CommandRun } from '../command.js';
import { MAX_ECHO, clip, escapeControl } from '../text.js';

interface PlotOptions {
  steps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  log?: boolean;
  output?: string;
  title?: string;
  width?: number;
  height?: number;
  color?: boolean;
}

function useColor(io: CliIO, forced: boolean | undefined): boolean {
  if (forced !== undefined) return forced;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true && (io.stdout.hasColors?.() ?? true);
}

/** Text from the outside that ends up in a chart (titles, series names): no control characters. */
const label = (text: string): string => escapeControl(clip(text, MAX_ECHO));

/** PNG bytes through @cyclr/plot/node, whose optional peers may be missing (an InputError naming them). */
async function png(svg: string, width: number | undefined): Promise<Uint8Array> {
  const { svgToPng } = await import('@cyclr/plot/node');
  try {
    return svgToPng(svg, { width: width ? undefined : 1440 });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_PNG_DEPENDENCY') throw new InputError((error as Error).message);
    throw error;
  }
}

async function writeChartFile(output: string, ext: string, svgOf: () => string, width: number | undefined, io: CliIO): Promise<void> {
  const svg = svgOf();
  await writeOutput(output, ext === 'png' ? await png(svg, width) : svg, io);
}

export const run: CommandRun = async (args, io) => {
  const o = args.options as PlotOptions;
  if (o.epochs !== undefined && o.stepsPerEpoch === undefined) throw new UsageError('--epochs needs --steps-per-epoch', 'plot');
  if (o.epochs !== undefined && o.steps !== undefined) throw new UsageError('give --steps or --epochs, not both', 'plot');
  if (args.positionals.length === 0) throw new UsageError('plot needs a spec file (or - for stdin)', 'plot');
  if (args.positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once', 'plot');
  const title = o.title === undefined ? undefined : label(o.title);
  const labelOf = (path: string): string => (path === '-' ? 'stdin' : label(basename(path).replace(/\.json$/i, '')));
  const raws: unknown[] = [];
  for (const path of args.positionals) raws.push(await readJson(path, io));
  // Training histories and range tests plot too (one file of that kind at a time).
  if (raws.length === 1) {
    const chart = recordedChart(raws[0], title, o.log);
    if (chart) return writeRecorded(chart, { ...o, title }, io);
  }
  const docs = args.positionals.map((path, i) => ({ label: labelOf(path), spec: documentFrom(raws[i], path).spec }));
  const input = docs.length === 1 ? docs[0].spec : docs;
  const chartOptions = { steps: o.steps, epochs: o.epochs, stepsPerEpoch: o.stepsPerEpoch, title };
  if (o.output === undefined) {
    const chart = scheduleChart(input, { ...chartOptions, log: o.log });
    io.stdout.write(renderTerminal(chart, { width: o.width ?? io.stdout.columns ?? 80, height: o.height, color: useColor(io, o.color) }));
    return 0;
  }
  const ext = o.output.toLowerCase().replace(/^.*\./, '');
  if ((ext === 'html' || ext === 'htm') && docs.length === 1) {
    await writeOutput(o.output, scheduleReport(docs[0].spec, chartOptions), io);
  } else if (ext === 'html' || ext === 'htm') {
    const charts = [scheduleChart(input, chartOptions), scheduleChart(input, { ...chartOptions, log: true })];
    await writeOutput(o.output, renderHtmlReport({ title: title ?? `${docs.length} schedules`, sections: [{ heading: 'Schedules', charts }, { heading: 'Specs', code: JSON.stringify(Object.fromEntries(docs.map((d) => [d.label, d.spec])), null, 2) }] }), io);
  } else {
    await writeChartFile(o.output, ext, () => renderSvg(scheduleChart(input, { ...chartOptions, log: o.log }), { width: o.width, height: o.height }), o.width, io);
  }
  io.stderr.write(`wrote ${displayName(o.output)}\n`);
  return 0;
};

const isNumberArray = (v: unknown): v is Array<number | null> => Array.isArray(v) && v.every((x) => typeof x === 'number' || x === null);

/**
 * A chart for recorded data rather than a spec: a range test `{ lrs, losses }` or a Keras-style
 * history (`{ loss: [...], ... }` or `{ history: { ... } }`); undefined for anything else.
 */
function recordedChart(raw: unknown, title: string | undefined, log: boolean | undefined): Chart | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  if ('type' in o || 'lr' in o || 'version' in o) return undefined;
  if (isNumberArray(o.lrs) && isNumberArray(o.losses)) {
    return rangeTestChart({ lrs: o.lrs.map((v) => v ?? NaN), losses: o.losses.map((v) => v ?? NaN) }, { title });
  }
  const metrics = typeof o.history === 'object' && o.history !== null && !Array.isArray(o.history) ? (o.history as Record<string, unknown>) : o;
  const entries = Object.entries(metrics);
  if (entries.length > 0 && entries.every(([, v]) => isNumberArray(v))) {
    const history = Object.fromEntries(entries.map(([k, v]) => [label(k), (v as Array<number | null>).map((x) => x ?? NaN)]));
    return historyChart(history, { title, log });
  }
  return undefined;
}

async function writeRecorded(chart: Chart, o: PlotOptions, io: CliIO): Promise<number> {
  if (o.output === undefined) {
    io.stdout.write(renderTerminal(chart, { width: o.width ?? io.stdout.columns ?? 80, height: o.height, color: useColor(io, o.color) }));
    return 0;
  }
  const ext = o.output.toLowerCase().replace(/^.*\./, '');
  if (ext === 'html' || ext === 'htm') {
    await writeOutput(o.output, renderHtmlReport({ title: o.title ?? chart.title ?? 'cyclr', sections: [{ charts: [chart] }] }), io);
  } else {
    await writeChartFile(o.output, ext, () => renderSvg(chart, { width: o.width, height: o.height }), o.width, io);
  }
  io.stderr.write(`wrote ${displayName(o.output)}\n`);
  return 0;
}
