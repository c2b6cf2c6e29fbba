// The README's examples, run as written (with small data).
import { analyzeRangeTest, type Policy } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { concatHistories, historyChart, rangeTestChart, renderGridSvg, renderHtmlReport, renderSvg, renderTerminal, scheduleChart, scheduleReport } from '../src/index.js';
import { renderPng } from '../src/node.js';
import { rawRangeTest } from './fixtures.js';

const policy = {
  version: 1,
  lr: { type: 'oneCycle', steps: 1000, from: 0.004, peak: 0.1, to: 4e-7 },
  momentum: { type: 'oneCycle', steps: 1000, from: 0.95, peak: 0.85, to: 0.95 },
} as unknown as Policy;

describe('README examples', () => {
  it('plot a one-cycle policy with momentum on the right axis, log y, epochs and overlays', () => {
    const chart = scheduleChart(policy);
    expect(chart.series.map((s) => [s.name, s.axis])).toEqual([
      ['lr', 'left'],
      ['momentum', 'right'],
    ]);
    // one-cycle phases from core's explanation: the peak at 299 and the end at 999
    expect(chart.vlines?.map((v) => v.x)).toEqual([299, 999]);
    expect(renderSvg(chart, { width: 720, height: 420 })).toContain('<svg');
    expect(renderTerminal(chart, { width: 80, color: false })).toContain('momentum (right axis)');
    expect(scheduleChart(policy, { log: true }).y.scale).toBe('log');
    expect(scheduleChart(policy, { epochs: 10, stepsPerEpoch: 100 }).x.label).toBe('epoch');
    const a = { type: 'cosine', from: 0.1, to: 0, steps: 100 } as const;
    const b = { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 30 } as const;
    expect(scheduleChart([{ label: 'A', spec: a }, { label: 'B', spec: b }]).series.map((s) => s.name)).toEqual(['A', 'B']);
  });

  it('concatenate and compare histories', () => {
    const frozen = { history: { loss: [1, 0.8], accuracy: [0.5, 0.6] } };
    const unfrozen = { history: { loss: [0.6, 0.5], accuracy: [0.7, 0.75] } };
    const h = concatHistories([frozen.history, unfrozen.history]);
    expect(historyChart(h).vlines).toHaveLength(1);
    expect(historyChart([{ name: 'clr', history: frozen.history }, { name: 'fixed', history: unfrozen.history }]).series).toHaveLength(4);
  });

  it('chart a range test from raw losses or from an analysis', () => {
    const { lrs, losses } = rawRangeTest();
    expect(rangeTestChart({ lrs, losses }).markers?.length).toBeGreaterThan(0);
    const analysis = analyzeRangeTest({ lrs, losses, preset: 'pytorch-lr-finder' });
    const chart = rangeTestChart({ lrs, losses, ...analysis });
    expect(chart.markers?.find((m) => m.emphasis)?.x).toBe(analysis.recommended.lr);
  });

  it('small multiples, reports and PNG', () => {
    const specs = [
      { type: 'cosine', from: 0.1, to: 0, steps: 100 },
      { type: 'linear', from: 0.1, to: 0, steps: 100 },
    ] as const;
    expect(renderGridSvg(specs.map((s) => scheduleChart(s, { title: s.type })), { columns: 3 })).toContain('data-kind="grid"');
    expect(scheduleReport(policy)).toContain('<h2>What it does</h2>');
    const chart = scheduleChart(policy);
    expect(renderHtmlReport({ title: 'Run 42', sections: [{ heading: 'LR', charts: [chart] }, { table: { columns: ['a'], rows: [[1]] } }] })).toContain('<table>');
    expect(renderPng(chart, { scale: 2 }).subarray(1, 4).toString()).toBe('PNG');
  });
});
