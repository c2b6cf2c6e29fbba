import type { Schedule } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { historyChart, rangeTestChart, renderGridSvg, renderSvg, scheduleChart } from '../src/index.js';
import { elements, pathCommands, tickLabels, tickValues } from './svg-query.js';

const linear: Schedule = { type: 'linear', from: 0.1, to: 0.001, steps: 100 };
const stepDecay: Schedule = { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 10 };

describe('renderSvg of a schedule', () => {
  const svg = renderSvg(scheduleChart(linear, { steps: 101 }));

  it('is a standalone SVG document with a title for screen readers', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/role="img" aria-labelledby="cyclr-title"/);
    expect(svg).toContain('<title id="cyclr-title">linear schedule</title>');
  });

  it('has x and y axes with labels and nice ticks', () => {
    expect(tickValues(svg, 'x')).toEqual([0, 20, 40, 60, 80, 100]);
    expect(tickValues(svg, 'y')).toEqual([0, 0.02, 0.04, 0.06, 0.08, 0.1]);
    expect(svg).toMatch(/<text class="label"[^>]*>step<\/text>/);
    expect(svg).toMatch(/<text class="label"[^>]*>learning rate<\/text>/);
  });

  it('draws one point per step: a move and 100 line segments', () => {
    const [path] = elements(svg, 'path', 'line');
    expect(path['data-points']).toBe('101');
    const cmds = pathCommands(path.d);
    expect(cmds).toHaveLength(101);
    expect(cmds[0].cmd).toBe('M');
    expect(cmds.slice(1).every((c) => c.cmd === 'L')).toBe(true);
  });

  it('places the first point at the top-left corner and the end value lower', () => {
    const [path] = elements(svg, 'path', 'line');
    const cmds = pathCommands(path.d);
    expect(cmds[0].x).toBe(0);
    expect(cmds[0].y).toBe(0); // 0.1 is the top of the nice domain [0, 0.1]
    expect(cmds[100].y).toBeGreaterThan(cmds[50].y);
  });

  it('has a legend entry per series', () => {
    expect(elements(svg, 'g', 'legend-item')).toHaveLength(1);
  });
});

describe('piecewise-constant schedules', () => {
  it('are drawn as step-after segments: two commands per later point', () => {
    const svg = renderSvg(scheduleChart(stepDecay, { steps: 30 }));
    const [path] = elements(svg, 'path', 'line');
    expect(path['data-curve']).toBe('stepAfter');
    const cmds = pathCommands(path.d);
    expect(cmds).toHaveLength(1 + 2 * 29);
    // A horizontal segment then a vertical one: the value holds until the next step.
    expect(cmds[1].y).toBe(cmds[0].y);
    expect(cmds[2].x).toBe(cmds[1].x);
  });
});

describe('log y axis', () => {
  it('has ticks at 1, 2 and 5 times powers of ten and marks the axis as log', () => {
    const svg = renderSvg(scheduleChart(linear, { steps: 101, log: true }));
    expect(svg).toMatch(/<g class="axis y" data-scale="log"/);
    expect(tickValues(svg, 'y')).toEqual([0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1]);
    expect(tickLabels(svg, 'y')).toEqual(['0.001', '0.002', '0.005', '0.01', '0.02', '0.05', '0.1']);
  });

  it('leaves a gap where a value is zero instead of drawing to -infinity', () => {
    const warmFromZero: Schedule = { type: 'linear', from: 0, to: 1, steps: 10 };
    const svg = renderSvg(scheduleChart(warmFromZero, { steps: 11, log: true }));
    const [path] = elements(svg, 'path', 'line');
    expect(path['data-points']).toBe('10');
    expect(path.d).not.toMatch(/NaN|Infinity/);
  });
});

describe('policies', () => {
  const policy = {
    version: 1,
    lr: { type: 'linear', from: 0.001, to: 0.01, steps: 50 },
    momentum: { type: 'linear', from: 0.95, to: 0.85, steps: 50 },
  };

  it('put momentum on a second, right-hand axis', () => {
    const svg = renderSvg(scheduleChart(policy as never, { steps: 60 }));
    const y2 = tickValues(svg, 'y2');
    expect(y2.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...y2)).toBeGreaterThanOrEqual(0.85);
    expect(Math.max(...y2)).toBeLessThanOrEqual(0.95);
    const paths = elements(svg, 'path', 'line');
    expect(paths.map((p) => p['data-series'])).toEqual(['lr', 'momentum']);
    expect(svg).toContain('momentum (right axis)');
  });

  it('overlay several specs with one colour each', () => {
    const chart = scheduleChart([
      { label: 'linear', spec: linear },
      { label: 'step', spec: stepDecay },
    ], { steps: 100 });
    const svg = renderSvg(chart);
    const paths = elements(svg, 'path', 'line');
    expect(paths.map((p) => p['data-series'])).toEqual(['linear', 'step']);
    expect(new Set(paths.map((p) => p.stroke)).size).toBe(2);
  });

  it('use epochs on the x axis when asked', () => {
    const svg = renderSvg(scheduleChart(linear, { epochs: 5, stepsPerEpoch: 20 }));
    expect(svg).toMatch(/<text class="label"[^>]*>epoch<\/text>/);
    expect(tickValues(svg, 'x')).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('invalid input', () => {
  it('throws the core validation error with its path', () => {
    expect(() => scheduleChart({ type: 'linear', from: 1, to: 0, steps: -5 } as Schedule)).toThrow(/steps must be a positive number of steps, got -5/);
  });

  it('rejects epochs without stepsPerEpoch', () => {
    expect(() => scheduleChart(linear, { epochs: 3 })).toThrow(/epochs needs stepsPerEpoch/);
  });
});

describe('range test chart', () => {
  const lrs = Array.from({ length: 50 }, (_, i) => 1e-6 * 10 ** ((6 * i) / 49));
  const losses = lrs.map((_, i) => 2 - i * 0.02);
  const svg = renderSvg(
    rangeTestChart({ lrs, losses, smoothed: losses, suggestions: [{ method: 'steepest', lr: lrs[20], index: 20 }, { method: 'valley', lr: lrs[30], index: 30 }], recommended: { lr: lrs[30], method: 'valley' } }),
  );

  it('puts the learning rate on a log x axis with decade ticks', () => {
    expect(svg).toMatch(/<g class="axis x" data-scale="log"/);
    expect(tickValues(svg, 'x')).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1]);
  });

  it('marks every suggestion and labels the recommended one with its value', () => {
    const markers = elements(svg, 'g', 'marker');
    expect(markers).toHaveLength(2);
    expect(markers.map((m) => Number(m['data-x']))).toEqual([lrs[20], lrs[30]]);
    expect(elements(svg, 'g', 'recommended')).toHaveLength(1);
    expect(svg).toContain('valley: 0.00471 (recommended)');
  });

  it('draws raw and smoothed losses', () => {
    expect(elements(svg, 'path', 'line').map((p) => p['data-series'])).toEqual(['loss', 'smoothed loss']);
  });
});

describe('history chart', () => {
  it('draws loss on the left, accuracy on the right, validation dashed', () => {
    const svg = renderSvg(historyChart({ loss: [1, 0.5, 0.25], val_loss: [1.2, 0.7, 0.5], accuracy: [0.5, 0.7, 0.8] }));
    const paths = elements(svg, 'path', 'line');
    expect(paths.map((p) => p['data-series'])).toEqual(['loss', 'val_loss', 'accuracy']);
    expect(paths[1]['stroke-dasharray']).toBe('6 3');
    expect(paths[0].stroke).toBe(paths[1].stroke);
    expect(tickValues(svg, 'x')).toContain(1);
    expect(tickValues(svg, 'y2').length).toBeGreaterThanOrEqual(2);
  });
});

describe('renderGridSvg', () => {
  it('nests one chart per cell with distinct ids', () => {
    const charts = [linear, stepDecay, linear, stepDecay].map((s) => scheduleChart(s, { steps: 40 }));
    const svg = renderGridSvg(charts, { columns: 2, title: 'Four schedules' });
    expect(elements(svg, 'g', 'cell')).toHaveLength(4);
    const clipIds = [...svg.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(clipIds).size).toBe(4);
    expect([...svg.matchAll(/<svg x="(\d+)" y="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])])).toEqual([
      [0, 32],
      [360, 32],
      [0, 272],
      [360, 272],
    ]);
  });
});

describe('range test chart from raw losses', () => {
  it("asks core's analyzeRangeTest for smoothing, the stop and suggestions", async () => {
    const { analyzeRangeTest } = await import('@cyclr/core');
    const lrs = Array.from({ length: 100 }, (_, i) => 1e-7 * 10 ** ((8 * i) / 99));
    const losses = lrs.map((lr) => 2.3 - 1.6 / (1 + Math.exp(-(Math.log10(lr) + 3.5) * 2.2)) + (lr > 0.1 ? (Math.log10(lr) + 1) ** 2 * 5 : 0));
    const analysis = analyzeRangeTest({ lrs, losses });
    const chart = rangeTestChart({ lrs, losses });
    expect(Array.from(chart.series[1].y)).toEqual(analysis.smoothed);
    expect(chart.series[0].x).toHaveLength(analysis.stopIndex + 1);
    expect(chart.markers?.map((m) => m.x)).toEqual(analysis.suggestions.map((s) => s.lr));
    expect(chart.markers?.filter((m) => m.emphasis).map((m) => m.x)).toEqual([analysis.recommended.lr]);
  });
});

describe('integer axes', () => {
  it('tick epochs of a short history at whole numbers only', () => {
    const svg = renderSvg(historyChart({ loss: [1, 0.6, 0.4] }));
    expect(tickValues(svg, 'x')).toEqual([1, 2, 3]);
  });

  it('tick steps of a very short schedule at whole numbers only', () => {
    const svg = renderSvg(scheduleChart({ type: 'linear', from: 1, to: 0, steps: 3 }, { steps: 4 }));
    expect(tickValues(svg, 'x')).toEqual([0, 1, 2, 3]);
  });
});

describe('accessibility', () => {
  it("describes a single schedule in words from core's explanation (SVG <desc>)", async () => {
    const { explainSchedule } = await import('@cyclr/core');
    const svg = renderSvg(scheduleChart(linear, { steps: 101 }));
    expect(svg).toMatch(/aria-describedby="cyclr-desc"/);
    const desc = /<desc id="cyclr-desc">([^<]*)<\/desc>/.exec(svg)?.[1];
    expect(desc).toBe(explainSchedule(linear, { totalSteps: 101 }).sentences.join(' '));
  });
});
