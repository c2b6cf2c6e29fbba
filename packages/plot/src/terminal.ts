import type { Chart, Series } from './chart.js';
import { ansi256 } from './color.js';
import { axisTicks, chartScales, tickLabel, ticksOf, type NumericScale } from './scales.js';

export interface TerminalOptions {
  /** total width in characters, default 80 (at least 30) */
  width?: number;
  /** rows of the plot area, default 16 */
  height?: number;
  /** ANSI 256-colour escapes, default false (pass `stream.isTTY && stream.hasColors()`) */
  color?: boolean;
}

// Braille dot bits by [row][column] inside a 2×4 cell.
const DOT = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

class Canvas {
  readonly bits: Uint8Array;
  readonly colors: Int16Array;
  readonly glyphs = new Map<number, string>();
  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.bits = new Uint8Array(cols * rows);
    this.colors = new Int16Array(cols * rows).fill(-1);
  }
  dot(px: number, py: number, color: number): void {
    const x = Math.round(px);
    const y = Math.round(py);
    if (x < 0 || y < 0 || x >= this.cols * 2 || y >= this.rows * 4) return;
    const cell = (y >> 2) * this.cols + (x >> 1);
    this.bits[cell] |= DOT[y & 3][x & 1];
    this.colors[cell] = color;
  }
  line(x0: number, y0: number, x1: number, y1: number, color: number): void {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= n; i++) this.dot(x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n, color);
  }
  glyph(px: number, py: number, ch: string, color: number): void {
    const x = Math.floor(Math.round(px) / 2);
    const y = Math.floor(Math.round(py) / 4);
    if (x < 0 || y < 0 || x >= this.cols || y >= this.rows) return;
    this.glyphs.set(y * this.cols + x, ch);
    this.colors[y * this.cols + x] = color;
  }
  char(cell: number): string {
    return this.glyphs.get(cell) ?? (this.bits[cell] === 0 ? ' ' : String.fromCharCode(0x2800 + this.bits[cell]));
  }
}

function drawSeries(canvas: Canvas, s: Series, x: NumericScale, y: NumericScale, xLog: boolean, yLog: boolean, color: number): void {
  const n = Math.min(s.x.length, s.y.length);
  let prev: [number, number] | undefined;
  for (let i = 0; i < n; i++) {
    const xv = s.x[i];
    const yv = s.y[i];
    if (!Number.isFinite(xv) || !Number.isFinite(yv) || (xLog && xv <= 0) || (yLog && yv <= 0)) {
      prev = undefined;
      continue;
    }
    const px = x(xv);
    const py = y(yv);
    if (prev === undefined) canvas.dot(px, py, color);
    else if (s.curve === 'stepAfter') {
      canvas.line(prev[0], prev[1], px, prev[1], color);
      canvas.line(px, prev[1], px, py, color);
    } else canvas.line(prev[0], prev[1], px, py, color);
    prev = [px, py];
  }
}

/** Text for the terminal: control characters (from a title, a file name, a metric name) escaped. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** An x tick label: whole numbers exactly (1200, 11496, 1000000), others short. */
function xTickLabel(value: number, integer: boolean): string {
  return (integer || Number.isInteger(value)) && Number.isSafeInteger(value) ? String(value) : tickLabel(value);
}

/** Glyphs that tell series apart where there is no colour. */
const SERIES_MARKS = ['●', '▲', '■', '◆', '▼', '✚', '○', '△'];

function paint(text: string, color: number | undefined, enabled: boolean): string {
  return enabled && color !== undefined && color >= 0 ? `\x1b[38;5;${color}m${text}\x1b[0m` : text;
}

/** Y tick labels by character row (the row each tick falls in). */
function rowLabels(scale: NumericScale, log: boolean, rows: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const t of ticksOf(scale, log, Math.max(2, Math.floor(rows / 3)))) {
    const row = Math.floor(Math.round(scale(t)) / 4);
    if (row >= 0 && row < rows && !out.has(row)) out.set(row, tickLabel(t));
  }
  return out;
}

/**
 * Renders a chart as Unicode braille text that fits `width` characters: y tick labels (left, and right
 * for a second axis), an x axis with ticks, markers as ◆ (★ for the recommended one), and a legend.
 */
export function renderTerminal(chart: Chart, options: TerminalOptions = {}): string {
  const width = Math.max(30, Math.floor(options.width ?? 80));
  const rows = Math.max(4, Math.floor(options.height ?? 16));
  const color = options.color ?? false;
  const hasY2 = chart.series.some((s) => s.axis === 'right');
  // First pass for label widths.
  const probe = chartScales(chart, [0, 100], [rows * 4 - 1, 0]);
  const yLog = chart.y.scale === 'log';
  const y2Log = chart.y2?.scale === 'log';
  const xLog = chart.x.scale === 'log';
  const leftW = Math.max(...[...rowLabels(probe.y, yLog, rows).values()].map((l) => l.length), 1) + 1;
  const rightW = hasY2 && probe.y2 ? Math.max(...[...rowLabels(probe.y2, y2Log, rows).values()].map((l) => l.length), 1) + 1 : 0;
  const cols = width - leftW - 1 - (hasY2 ? rightW + 1 : 0);
  const scales = chartScales(chart, [0, cols * 2 - 1], [rows * 4 - 1, 0]);
  const canvas = new Canvas(cols, rows);
  const colorCodes = chart.series.map((s) => ansi256(s.color));
  for (const v of chart.vlines ?? []) {
    const px = scales.x(v.x);
    if (Number.isFinite(px)) for (let py = 0; py < rows * 4; py += 2) canvas.dot(px, py, 244);
  }
  chart.series.forEach((s, i) => {
    const right = s.axis === 'right' && scales.y2 !== undefined;
    drawSeries(canvas, s, scales.x, right ? (scales.y2 as NumericScale) : scales.y, xLog, right ? y2Log : yLog, colorCodes[i]);
  });
  // Without colour, several series look alike in braille: each gets a mark (●, ▲, ...) along its
  // line, at its points when it has few, else every few columns (staggered between series).
  const shownSeries = chart.series.filter((s) => !s.hideInLegend);
  const marked = !color && shownSeries.length > 1;
  if (marked) {
    shownSeries.forEach((s, k) => {
      const right = s.axis === 'right' && scales.y2 !== undefined;
      const ys = right ? (scales.y2 as NumericScale) : scales.y;
      const logY = right ? y2Log : yLog;
      const n = Math.min(s.x.length, s.y.length);
      const every = n <= cols / 3 ? 1 : Math.max(1, Math.floor(n / Math.max(1, Math.floor(cols / (3 * shownSeries.length)))));
      for (let i = n <= cols / 3 ? 0 : Math.floor((every * k) / shownSeries.length); i < n; i += every) {
        const xv = s.x[i];
        const yv = s.y[i];
        if (!Number.isFinite(xv) || !Number.isFinite(yv) || (xLog && xv <= 0) || (logY && yv <= 0)) continue;
        canvas.glyph(scales.x(xv), ys(yv), SERIES_MARKS[k % SERIES_MARKS.length], -1);
      }
    });
  }
  for (const m of chart.markers ?? []) {
    const ys = m.axis === 'right' && scales.y2 ? scales.y2 : scales.y;
    canvas.glyph(scales.x(m.x), ys(m.y), m.emphasis ? '★' : '◆', ansi256(m.color));
  }

  const lines: string[] = [];
  if (chart.title) {
    const title = plain(chart.title).slice(0, width);
    const pad = Math.max(0, Math.floor((width - title.length) / 2));
    lines.push(' '.repeat(pad) + (color ? `\x1b[1m${title}\x1b[0m` : title));
  }
  const axisNote = [chart.y.label ? `↑ ${plain(chart.y.label)}${yLog ? ' (log)' : ''}` : '', hasY2 && chart.y2?.label ? `${plain(chart.y2.label)}${y2Log ? ' (log)' : ''} ↑` : ''];
  if (axisNote[0] || axisNote[1]) {
    const gap = Math.max(1, width - axisNote[0].length - axisNote[1].length);
    lines.push(axisNote[0] + ' '.repeat(gap) + axisNote[1]);
  }
  const left = rowLabels(scales.y, yLog, rows);
  const right = scales.y2 ? rowLabels(scales.y2, y2Log, rows) : new Map<number, string>();
  for (let r = 0; r < rows; r++) {
    let row = (left.get(r) ?? '').padStart(leftW - 1) + ' ' + (left.has(r) ? '┤' : '│');
    let run = '';
    let runColor = -2;
    for (let c = 0; c < cols; c++) {
      const cell = r * cols + c;
      const ch = canvas.char(cell);
      const col = ch === ' ' ? -1 : canvas.colors[cell];
      if (col !== runColor && run) {
        row += paint(run, runColor, color);
        run = '';
      }
      runColor = col;
      run += ch;
    }
    row += paint(run, runColor, color);
    if (hasY2) row += (right.has(r) ? '├' : '│') + (right.get(r) ?? '');
    lines.push(row.replace(/\s+$/, ''));
  }
  // x axis: a rule with tick marks, then labels placed without overlap.
  const xTicks = axisTicks(chart.x, scales.x, Math.max(2, Math.floor(cols / 12)));
  const rule = Array.from({ length: cols }, () => '─');
  const labels = Array.from({ length: width }, () => ' ');
  let lastEnd = -1;
  for (const t of xTicks) {
    const c = Math.floor(Math.round(scales.x(t)) / 2);
    if (c < 0 || c >= cols) continue;
    rule[c] = '┬';
    const text = xTickLabel(t, chart.x.integer === true);
    // centred under its tick, shifted left where it would pass the width; one that would touch the
    // previous label is left out (its tick stays), never cut
    const start = Math.min(width - text.length, Math.max(0, leftW + 1 + c - Math.floor(text.length / 2)));
    if (start <= lastEnd + 1 || start < 0) continue;
    for (let k = 0; k < text.length; k++) labels[start + k] = text[k];
    lastEnd = start + text.length - 1;
  }
  lines.push(' '.repeat(leftW) + '└' + rule.join('') + (hasY2 ? '┘' : ''));
  const xLabel = chart.x.label ? `${plain(chart.x.label)}${xLog && !/log/.test(chart.x.label) ? ' (log)' : ''} →` : '';
  lines.push(labels.join('').slice(0, width).replace(/\s+$/, ''));
  if (xLabel) lines.push(xLabel.padStart(Math.min(width, leftW + 1 + cols)));
  // legend
  chart.series.forEach((s, i) => {
    if (s.hideInLegend) return;
    const k = shownSeries.indexOf(s);
    const swatch = marked ? `${s.dash ? '╌' : '─'}${SERIES_MARKS[k % SERIES_MARKS.length]}${s.dash ? '╌' : '─'}` : s.dash ? '╌╌' : '──';
    lines.push(`${paint(swatch, colorCodes[i], color)} ${plain(s.name)}${s.axis === 'right' && chart.series.some((o) => o.axis !== 'right') ? ' (right axis)' : ''}`);
  });
  for (const m of chart.markers ?? []) {
    if (m.label) lines.push(`${paint(m.emphasis ? '★' : '◆', ansi256(m.color), color)} ${plain(m.label)}`);
  }
  return lines.join('\n') + '\n';
}
