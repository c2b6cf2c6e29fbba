// @cyclr/plot — browser-safe entry (no DOM, no Node built-ins). PNG output lives in '@cyclr/plot/node'.
export type { Axis, Chart, ChartKind, Marker, ScaleKind, Series, VLine } from './chart.js';
export { scheduleChart, isPolicyLike, type ScheduleChartOptions, type ScheduleInput, type SpecInput, type DeepReadonly } from './schedule-chart.js';
export { historyChart, concatHistories, type History, type HistoryInput, type HistoryChartOptions, type ConcatOptions } from './history.js';
export { rangeTestChart, type RangeTestData, type RangeTestChartOptions } from './range-test-chart.js';
export { renderSvg, renderGridSvg, FONT_FAMILY, type SvgOptions, type GridOptions } from './svg.js';
export { renderTerminal, type TerminalOptions } from './terminal.js';
export { renderHtmlReport, type ReportOptions, type ReportSection, type Table } from './html.js';
export { scheduleReport, type ScheduleReportOptions } from './report.js';
export { sampleSchedule, m4, type Sampled, type SampleScheduleOptions } from './sampling.js';
export { defaultSteps } from './horizon.js';
export { ticksOf, makeScale, type NumericScale } from './scales.js';
export { PALETTE, OKABE_ITO, colorAt } from './palette.js';
