import type { Chart, Series } from './chart.js';
import { seriesPath } from './path.js';
import { axisTicks as ticksFor, chartScales, tickLabel, type NumericScale } from './scales.js';
import { escapeXml, textWidth } from './text.js';

export interface SvgOptions {
  /** px, default 720 */
  width?: number;
  /** px, default 420 */
  height?: number;
  /** base font size in px, default 12 */
  fontSize?: number;
  /** default 'white' */
  background?: string;
  /** prefix for element ids (several charts in one document need different ones), default 'cyclr' */
  idPrefix?: string;
}

export const FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif";

const n2 = (v: number): string => String(Math.round(v * 100) / 100);

interface LegendItem {
  label: string;
  color: string;
  dash?: string;
  marker?: boolean;
}

function legendItems(chart: Chart): LegendItem[] {
  const items: LegendItem[] = chart.series
    .filter((s) => !s.hideInLegend)
    .map((s) => ({ label: s.axis === 'right' && chart.series.some((o) => o.axis !== 'right') ? `${s.name} (right axis)` : s.name, color: s.color, dash: s.dash }));
  return items;
}

/** Lays legend items out in rows; returns each item's position and the total height. */
function layoutLegend(items: LegendItem[], width: number, fontSize: number): { placed: Array<LegendItem & { x: number; y: number }>; height: number } {
  const rowHeight = fontSize + 6;
  const placed: Array<LegendItem & { x: number; y: number }> = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = 28 + textWidth(item.label, fontSize) + 16;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    placed.push({ ...item, x, y: row * rowHeight });
    x += w;
  }
  return { placed, height: items.length === 0 ? 0 : (row + 1) * rowHeight };
}


/**
 * Renders a chart to a standalone SVG document (a string; no DOM needed). Structure, for tests and
 * styling: `g.axis.x|y|y2 > g.tick[data-value]`, `path.line[data-series][data-points]`,
 * `g.marker`, `line.vline`.
 */
export function renderSvg(chart: Chart, options: SvgOptions = {}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const fs = options.fontSize ?? 12;
  const id = options.idPrefix ?? 'cyclr';
  const hasY2 = chart.series.some((s) => s.axis === 'right');
  const titleH = chart.title ? fs * 1.4 + 12 : 8;
  const legend = layoutLegend(legendItems(chart), width - 40, fs);
  // Tick labels depend on the domain only, so a provisional layout sizes the side margins.
  const probe = chartScales(chart, [0, 100], [Math.max(20, height - 100), 0]);
  const labelRoom = (scale: NumericScale | undefined, log: boolean): number =>
    scale ? Math.max(0, ...ticksFor({ scale: log ? 'log' : 'linear' }, scale, Math.max(2, Math.floor((height - 100) / 40))).map((t) => textWidth(tickLabel(t), fs))) : 0;
  const margin = {
    top: titleH + legend.height + 12,
    left: Math.max(48, labelRoom(probe.y, chart.y.scale === 'log') + 8 + fs * 2),
    right: hasY2 ? Math.max(48, labelRoom(probe.y2, chart.y2?.scale === 'log') + 8 + fs * 2) : 20,
    bottom: fs * 3.4 + 8,
  };
  const pw = Math.max(20, width - margin.left - margin.right);
  const ph = Math.max(20, height - margin.top - margin.bottom);
  const xLog = chart.x.scale === 'log';
  const yLog = chart.y.scale === 'log';
  const y2Log = chart.y2?.scale === 'log';
  const scales = chartScales(chart, [0, pw], [ph, 0]);
  const out: string[] = [];
  const titleId = `${id}-title`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"` +
      ` aria-labelledby="${titleId}"${chart.description ? ` aria-describedby="${id}-desc"` : ''} class="cyclr-chart" data-kind="${chart.kind}" font-family="${escapeXml(FONT_FAMILY)}" font-size="${fs}">`,
  );
  out.push(`<title id="${titleId}">${escapeXml(chart.title ?? `${chart.kind} chart`)}</title>`);
  if (chart.description) out.push(`<desc id="${id}-desc">${escapeXml(chart.description)}</desc>`);
  out.push(`<rect class="background" width="${width}" height="${height}" fill="${escapeXml(options.background ?? 'white')}"/>`);
  if (chart.title) {
    out.push(`<text class="chart-title" x="${n2(width / 2)}" y="${n2(fs * 1.4 + 4)}" text-anchor="middle" font-size="${n2(fs * 1.35)}" font-weight="bold" fill="#222">${escapeXml(chart.title)}</text>`);
  }
  // legend
  if (legend.placed.length > 0) {
    out.push(`<g class="legend" transform="translate(${n2(margin.left)},${n2(titleH + 4)})">`);
    for (const item of legend.placed) {
      const cy = item.y + fs / 2;
      out.push(
        `<g class="legend-item"><line x1="${n2(item.x)}" y1="${n2(cy)}" x2="${n2(item.x + 22)}" y2="${n2(cy)}" stroke="${item.color}" stroke-width="2.5"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/>` +
          `<text x="${n2(item.x + 28)}" y="${n2(cy + fs * 0.35)}" fill="#222">${escapeXml(item.label)}</text></g>`,
      );
    }
    out.push('</g>');
  }
  out.push(`<g class="plot" transform="translate(${n2(margin.left)},${n2(margin.top)})">`);
  out.push(`<clipPath id="${id}-clip"><rect x="-2" y="-2" width="${n2(pw + 4)}" height="${n2(ph + 4)}"/></clipPath>`);
  out.push(`<rect class="plot-area" width="${n2(pw)}" height="${n2(ph)}" fill="none" stroke="#bbb"/>`);

  const xTicks = ticksFor(chart.x, scales.x, Math.max(2, Math.floor(pw / 80)));
  const yTicks = ticksFor(chart.y, scales.y, Math.max(2, Math.floor(ph / 40)));
  // grid
  out.push('<g class="grid" stroke="#e6e6e6" stroke-width="1">');
  for (const t of xTicks) out.push(`<line x1="${n2(scales.x(t))}" x2="${n2(scales.x(t))}" y1="0" y2="${n2(ph)}"/>`);
  for (const t of yTicks) out.push(`<line x1="0" x2="${n2(pw)}" y1="${n2(scales.y(t))}" y2="${n2(scales.y(t))}"/>`);
  out.push('</g>');
  // axes
  out.push(`<g class="axis x" data-scale="${xLog ? 'log' : 'linear'}" transform="translate(0,${n2(ph)})" fill="#333">`);
  out.push(`<line class="domain" x1="0" x2="${n2(pw)}" y1="0" y2="0" stroke="#333"/>`);
  for (const t of xTicks) {
    const x = scales.x(t);
    out.push(`<g class="tick" data-value="${t}"><line x1="${n2(x)}" x2="${n2(x)}" y1="0" y2="5" stroke="#333"/><text x="${n2(x)}" y="${n2(fs + 8)}" text-anchor="middle">${escapeXml(tickLabel(t))}</text></g>`);
  }
  if (chart.x.label) out.push(`<text class="label" x="${n2(pw / 2)}" y="${n2(fs * 2.6 + 10)}" text-anchor="middle" fill="#222">${escapeXml(chart.x.label)}</text>`);
  out.push('</g>');
  out.push(verticalAxis('y', scales.y, yTicks, yLog, ph, fs, chart.y.label, 'left', margin.left, 0));
  if (scales.y2) {
    const y2Ticks = ticksFor(chart.y2, scales.y2, Math.max(2, Math.floor(ph / 40)));
    out.push(verticalAxis('y2', scales.y2, y2Ticks, y2Log, ph, fs, chart.y2?.label, 'right', margin.right, pw));
  }
  // phase boundaries and other rules
  if (chart.vlines && chart.vlines.length > 0) {
    out.push('<g class="vlines">');
    for (const v of chart.vlines) {
      const x = scales.x(v.x);
      if (!Number.isFinite(x) || x < 0 || x > pw) continue;
      out.push(`<g class="vline" data-x="${v.x}">${v.title ? `<title>${escapeXml(v.title)}</title>` : ''}<line class="vline" x1="${n2(x)}" x2="${n2(x)}" y1="0" y2="${n2(ph)}" stroke="#777" stroke-dasharray="4 4"/>`);
      if (v.label) out.push(`<text x="${n2(x + 3)}" y="${n2(fs)}" font-size="${n2(fs * 0.85)}" fill="#555">${escapeXml(v.label)}</text>`);
      out.push('</g>');
    }
    out.push('</g>');
  }
  // series
  out.push(`<g class="series" clip-path="url(#${id}-clip)" fill="none" stroke-linejoin="round" stroke-linecap="round">`);
  for (const s of chart.series) out.push(seriesElement(s, scales, xLog, yLog, y2Log));
  out.push('</g>');
  // markers
  if (chart.markers && chart.markers.length > 0) {
    out.push('<g class="markers">');
    // Labels of neighbouring plain markers go on staggered rows below their points.
    const plainOrder = chart.markers.filter((m) => !m.emphasis).sort((a, b) => a.x - b.x);
    for (const m of chart.markers) {
      const ys = m.axis === 'right' && scales.y2 ? scales.y2 : scales.y;
      const x = scales.x(m.x);
      const y = ys(m.y);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const r = m.emphasis ? 6 : 4.5;
      out.push(`<g class="marker${m.emphasis ? ' recommended' : ''}" data-x="${m.x}" data-y="${m.y}"><circle cx="${n2(x)}" cy="${n2(y)}" r="${r}" fill="${m.color}" stroke="white" stroke-width="1.5"/>`);
      if (m.label) {
        const right = x + 8 + textWidth(m.label, fs) > pw;
        const ly = m.emphasis ? y - 9 : y + fs + 6 + (plainOrder.indexOf(m) % 3) * (fs + 3);
        out.push(`<text x="${n2(right ? x - 8 : x + 8)}" y="${n2(ly)}" text-anchor="${right ? 'end' : 'start'}" fill="${m.color}"${m.emphasis ? ' font-weight="bold"' : ''} stroke="white" stroke-width="3" paint-order="stroke">${escapeXml(m.label)}</text>`);
      }
      out.push('</g>');
    }
    out.push('</g>');
  }
  out.push('</g></svg>');
  return out.join('\n');
}

function verticalAxis(cls: string, scale: NumericScale, ticks: number[], log: boolean, ph: number, fs: number, label: string | undefined, side: 'left' | 'right', room: number, x0: number): string {
  const out: string[] = [];
  const dir = side === 'left' ? -1 : 1;
  out.push(`<g class="axis ${cls}" data-scale="${log ? 'log' : 'linear'}" transform="translate(${n2(x0)},0)" fill="#333">`);
  out.push(`<line class="domain" x1="0" x2="0" y1="0" y2="${n2(ph)}" stroke="#333"/>`);
  for (const t of ticks) {
    const y = scale(t);
    out.push(
      `<g class="tick" data-value="${t}"><line x1="0" x2="${dir * 5}" y1="${n2(y)}" y2="${n2(y)}" stroke="#333"/>` +
        `<text x="${dir * 8}" y="${n2(y + fs * 0.35)}" text-anchor="${side === 'left' ? 'end' : 'start'}">${escapeXml(tickLabel(t))}</text></g>`,
    );
  }
  if (label) {
    const lx = dir * (room - fs * 0.9);
    out.push(`<text class="label" transform="translate(${n2(lx)},${n2(ph / 2)}) rotate(${side === 'left' ? -90 : 90})" text-anchor="middle" fill="#222">${escapeXml(label)}</text>`);
  }
  out.push('</g>');
  return out.join('');
}

function seriesElement(s: Series, scales: { x: NumericScale; y: NumericScale; y2?: NumericScale }, xLog: boolean, yLog: boolean, y2Log: boolean): string {
  const right = s.axis === 'right' && scales.y2 !== undefined;
  const { d, points } = seriesPath(s, scales.x, right ? (scales.y2 as NumericScale) : scales.y, xLog, right ? y2Log : yLog);
  return (
    `<path class="line" data-series="${escapeXml(s.name)}" data-points="${points}" data-curve="${s.curve ?? 'linear'}" d="${d}" stroke="${s.color}" stroke-width="${s.width ?? 2}"` +
    `${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}${s.opacity !== undefined ? ` stroke-opacity="${s.opacity}"` : ''}><title>${escapeXml(s.name)}</title></path>`
  );
}

export interface GridOptions {
  /** charts per row, default 2 */
  columns?: number;
  /** size of each small chart, default 360 × 240 */
  cellWidth?: number;
  cellHeight?: number;
  title?: string;
  fontSize?: number;
  idPrefix?: string;
}

/** Small multiples: several charts in one SVG, `columns` per row. */
export function renderGridSvg(charts: readonly Chart[], options: GridOptions = {}): string {
  const columns = Math.max(1, Math.min(options.columns ?? 2, charts.length || 1));
  const cw = options.cellWidth ?? 360;
  const chh = options.cellHeight ?? 240;
  const fs = options.fontSize ?? 10;
  const id = options.idPrefix ?? 'cyclr-grid';
  const rows = Math.ceil(charts.length / columns);
  const titleH = options.title ? 32 : 0;
  const width = columns * cw;
  const height = titleH + rows * chh;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" class="cyclr-chart cyclr-grid" data-kind="grid" font-family="${escapeXml(FONT_FAMILY)}">`);
  out.push(`<title>${escapeXml(options.title ?? `${charts.length} charts`)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) out.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold" fill="#222">${escapeXml(options.title)}</text>`);
  charts.forEach((chart, i) => {
    const x = (i % columns) * cw;
    const y = titleH + Math.floor(i / columns) * chh;
    const inner = renderSvg(chart, { width: cw, height: chh, fontSize: fs, idPrefix: `${id}-${i}` }).replace(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /,
      `<svg x="${x}" y="${y}" `,
    );
    out.push(`<g class="cell" data-index="${i}">${inner}</g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
