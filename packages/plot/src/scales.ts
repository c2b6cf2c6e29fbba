import { extent } from 'd3-array';
import { scaleLinear, scaleLog } from 'd3-scale';
import type { Axis, Chart, Series } from './chart.js';
import { formatNumber } from './text.js';

/**
 * A continuous numeric scale (d3-scale's linear or log scale, seen through the methods this package
 * uses). Declared here so that the published types need no `@types/d3-scale`.
 */
export interface NumericScale {
  (value: number): number;
  domain(): number[];
  range(): number[];
  ticks(count?: number): number[];
  invert(value: number): number;
}

/** The finite values of `values` (positive only when `positiveOnly`) as [min, max], or undefined. */
function finiteExtent(values: ArrayLike<number>, positiveOnly: boolean): [number, number] | undefined {
  const [lo, hi] = extent(Array.prototype.filter.call(values, (v: number) => Number.isFinite(v) && (!positiveOnly || v > 0)) as number[]);
  return lo === undefined || hi === undefined ? undefined : [lo, hi];
}

/** The data extent of one axis over the series that use it (positive values only on a log axis). */
export function dataDomain(series: Series[], pick: (s: Series) => ArrayLike<number>, log: boolean): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    const e = finiteExtent(pick(s), log);
    if (e) {
      lo = Math.min(lo, e[0]);
      hi = Math.max(hi, e[1]);
    }
  }
  if (lo === Infinity) return log ? [1e-3, 1] : [0, 1];
  return [lo, hi];
}

/**
 * A d3 scale for an axis: log scales use base 10 and nice decades; linear y scales get a nice domain
 * and a flat series is padded so it sits in the middle.
 */
export function makeScale(axis: Axis, data: [number, number], range: [number, number], nice: boolean): NumericScale {
  let [lo, hi] = axis.domain ?? data;
  if (axis.scale === 'log') {
    if (lo === hi) {
      lo /= 2;
      hi *= 2;
    }
    const s = scaleLog().domain([lo, hi]).range(range);
    return nice && !axis.domain ? s.nice() : s;
  }
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const s = scaleLinear().domain([lo, hi]).range(range);
  return nice && !axis.domain ? s.nice() : s;
}

function isOneTwoFive(v: number): boolean {
  const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9) * 1e6) / 1e6;
  return mantissa === 1 || mantissa === 2 || mantissa === 5;
}

/**
 * Tick values. Log axes keep d3's ticks whose mantissa is 1, 2 or 5 (falling back to all of d3's
 * ticks when that leaves fewer than two); across many decades d3 already gives powers of ten.
 */
export function ticksOf(scale: NumericScale, log: boolean, count: number): number[] {
  const all = scale.ticks(count);
  if (!log) return all;
  const oneTwoFive = all.filter(isOneTwoFive);
  if (oneTwoFive.length >= 2) {
    if (oneTwoFive.length <= count * 1.5) return oneTwoFive;
    const decades = oneTwoFive.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
    return decades.length >= 2 ? decades : oneTwoFive;
  }
  return all;
}

/** A tick label: short decimal or exponent notation. */
export function tickLabel(value: number): string {
  return formatNumber(value, 3);
}

export interface ChartScales {
  x: NumericScale;
  y: NumericScale;
  y2?: NumericScale;
}

/** Scales for a chart drawn into the given pixel ranges. */
export function chartScales(chart: Chart, xRange: [number, number], yRange: [number, number]): ChartScales {
  const left = chart.series.filter((s) => s.axis !== 'right');
  const right = chart.series.filter((s) => s.axis === 'right');
  const leftMarkers = (chart.markers ?? []).filter((m) => m.axis !== 'right');
  const xLog = chart.x.scale === 'log';
  const xData = dataDomain(chart.series, (s) => s.x, xLog);
  const x = makeScale(chart.x, xData, xRange, xLog);
  const yLog = chart.y.scale === 'log';
  const yData = dataDomain([...left, ...leftMarkers.map((m) => ({ name: '', x: [m.x], y: [m.y], color: '' }))], (s) => s.y, yLog);
  const y = makeScale(chart.y, yData, yRange, true);
  let y2: NumericScale | undefined;
  if (right.length > 0) {
    const axis = chart.y2 ?? {};
    y2 = makeScale(axis, dataDomain(right, (s) => s.y, axis.scale === 'log'), yRange, true);
  }
  return { x, y, y2 };
}

/** Ticks for an axis: 1-2-5 on log axes, whole numbers only on integer axes. */
export function axisTicks(axis: Axis | undefined, scale: NumericScale, count: number): number[] {
  const ticks = ticksOf(scale, axis?.scale === 'log', count);
  if (!axis?.integer) return ticks;
  const whole = ticks.filter((t) => Number.isInteger(t));
  if (whole.length >= 2) return whole;
  const [lo, hi] = scale.domain();
  const out: number[] = [];
  for (let t = Math.ceil(lo); t <= Math.floor(hi); t++) out.push(t);
  return out;
}
