import { parsePolicy, parseSchedule, policyEntries, valueAt, type Policy, type Schedule } from '@cyclr/core';
import { tryExplain, tryLint } from './core-extras.js';
import { renderHtmlReport, type ReportSection } from './html.js';
import { defaultSteps } from './horizon.js';
import { isPolicyLike, scheduleChart, type ScheduleChartOptions, type SpecInput } from './schedule-chart.js';
import { formatNumber } from './text.js';

export interface ScheduleReportOptions extends Omit<ScheduleChartOptions, 'log'> {
  /** page title, default from the spec */
  title?: string;
}

/**
 * A self-contained HTML report of one schedule or policy: linear and log charts side by side, the
 * explanation in sentences and lint findings (when core provides them), values at the interesting
 * steps, and the spec itself.
 */
export function scheduleReport(input: SpecInput, options: ScheduleReportOptions = {}): string {
  const isPolicy = isPolicyLike(input);
  const spec: Schedule | Policy = isPolicy ? parsePolicy(input) : parseSchedule(input);
  const entries: Array<[string, Schedule]> = isPolicy ? policyEntries(spec as Policy) : [['lr', spec as Schedule]];
  const steps = options.steps ?? (options.epochs !== undefined && options.stepsPerEpoch ? Math.round(options.epochs * options.stepsPerEpoch) : defaultSteps(entries[0][1]));
  const chartOptions = { ...options, steps };
  const title = options.title ?? ((spec as Policy).description || `${entries[0][1].type} schedule`);
  const linear = scheduleChart(spec, { ...chartOptions, title: `${title} (linear)` });
  const log = scheduleChart(spec, { ...chartOptions, title: `${title} (log)`, log: true });
  const sections: ReportSection[] = [{ heading: 'Schedule', charts: [linear, log] }];

  // The run length is known only when the caller gave it; otherwise explain and lint the spec as is.
  const runLength = options.steps !== undefined || options.epochs !== undefined ? steps : undefined;
  const explained = tryExplain(spec, runLength);
  if (explained && explained.sentences.length > 0) sections.push({ heading: 'What it does', text: explained.sentences });
  const lint = tryLint(spec, runLength);
  if (lint) {
    sections.push(
      lint.length === 0
        ? { heading: 'Lint', text: 'No findings.' }
        : { heading: 'Lint', table: { columns: ['severity', 'code', 'path', 'message'], rows: lint.map((f) => [f.severity, f.code, f.path.join('.'), f.message]) } },
    );
  }
  const marks = new Set<number>([0, Math.floor((steps - 1) / 4), Math.floor((steps - 1) / 2), Math.floor((3 * (steps - 1)) / 4), steps - 1]);
  for (const p of explained?.phases ?? []) {
    if (p.start < steps) marks.add(p.start);
    if (p.end < steps) marks.add(p.end);
  }
  const sorted = [...marks].filter((t) => Number.isSafeInteger(t) && t >= 0).sort((a, b) => a - b);
  sections.push({
    heading: 'Values',
    table: {
      caption: `Values at selected steps (of ${steps})`,
      columns: ['step', ...entries.map(([name]) => name)],
      rows: sorted.map((t) => [String(t), ...entries.map(([, s]) => formatNumber(valueAt(s, t), 6))]),
    },
  });
  sections.push({ heading: 'Spec', code: JSON.stringify(spec, null, 2) });
  return renderHtmlReport({ title, subtitle: `${steps} steps`, sections });
}
