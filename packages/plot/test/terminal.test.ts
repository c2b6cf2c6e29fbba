import type { Schedule } from '@cyclr/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rangeTestChart, renderTerminal, scheduleChart } from '../src/index.js';

const ESC = String.fromCharCode(27);
const stripAnsi = (s: string): string => s.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
const policy = {
  version: 1,
  lr: { type: 'linear', from: 0.001, to: 0.01, steps: 50 },
  momentum: { type: 'linear', from: 0.95, to: 0.85, steps: 50 },
};

describe('renderTerminal', () => {
  it('fits every line in the requested width, with and without a second axis', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 200 }), fc.integer({ min: 4, max: 30 }), fc.boolean(), (width, height, withMomentum) => {
        const chart = scheduleChart((withMomentum ? policy : policy.lr) as Schedule, { steps: 60 });
        const text = renderTerminal(chart, { width, height });
        for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
      }),
      { numRuns: 40 },
    );
  });

  it('has no escape codes unless colour is asked for', () => {
    const chart = scheduleChart(policy as never, { steps: 60 });
    expect(renderTerminal(chart)).not.toContain(ESC);
    const coloured = renderTerminal(chart, { color: true });
    expect(coloured).toContain(`${ESC}[38;5;`);
    // one series needs no marks: colour is then the only difference
    const single = scheduleChart(policy.lr as never, { steps: 60 });
    expect(stripAnsi(renderTerminal(single, { color: true }))).toBe(renderTerminal(single));
  });

  it('draws a constant schedule as one row of braille dots', () => {
    const text = renderTerminal(scheduleChart({ type: 'constant', value: 0.5 }, { steps: 100 }), { width: 60, height: 8 });
    const plotRows = text.split('\n').filter((l) => /[│┤]/.test(l) && /[\u2801-\u28ff]/.test(l));
    expect(plotRows).toHaveLength(1);
    expect(plotRows[0]).toMatch(/0\.5 ┤/);
  });

  it('draws a rising ramp from the bottom-left to the top-right', () => {
    const lines = renderTerminal(scheduleChart({ type: 'linear', from: 0, to: 1, steps: 100 }, { steps: 101 }), { width: 60, height: 10 }).split('\n');
    const rows = lines.filter((l) => /[│┤]/.test(l));
    const firstDot = (l: string): number => [...l].findIndex((c) => c >= '\u2801' && c <= '\u28ff');
    expect(firstDot(rows[rows.length - 1])).toBeLessThan(firstDot(rows[0]));
  });

  it('shows the title, axis labels and a legend', () => {
    const text = renderTerminal(scheduleChart(policy as never, { steps: 60, title: 'My policy' }));
    expect(text.split('\n')[0].trim()).toBe('My policy');
    expect(text).toContain('↑ learning rate');
    expect(text).toContain('momentum ↑');
    expect(text).toContain('step →');
    // without colour each series carries its own mark, in the legend and along its line
    expect(text).toContain('─●─ lr');
    expect(text).toContain('╌▲╌ momentum (right axis)');
    expect(renderTerminal(scheduleChart(policy as never, { steps: 60 }), { color: true })).toContain('╌╌\u001b[0m momentum (right axis)');
  });

  it('marks range-test suggestions, the recommended one with a star', () => {
    const lrs = Array.from({ length: 40 }, (_, i) => 1e-5 * 10 ** (i / 8));
    const losses = lrs.map((_, i) => 3 - i * 0.05);
    const text = renderTerminal(rangeTestChart({ lrs, losses, suggestions: [{ method: 'steepest', lr: lrs[10], index: 10 }, { method: 'valley', lr: lrs[20], index: 20 }], recommended: { lr: lrs[20], method: 'valley' } }));
    expect(text).toContain('◆ steepest');
    expect(text).toMatch(/★ valley: 0\.00316 \(recommended\)/);
    expect(text).toContain('learning rate (log) →');
  });

  it('labels x ticks with exact integers, the last one inside the width', () => {
    const chart = scheduleChart({ type: 'multiStep', from: 0.1, decay: 0.5, milestones: [11496] }, { steps: 12_100 });
    for (const width of [40, 60, 61, 79]) {
      const lines = renderTerminal(chart, { width, height: 6 }).split('\n');
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
      const labels = lines.find((l) => /^\s+0\s+\d/.test(l)) ?? '';
      for (const label of labels.trim().split(/\s+/)) expect(Number(label) % 1000).toBe(0);
    }
    expect(chart.vlines?.map((v) => v.label)).toEqual(['11496']);
  });

  it('escapes control characters in titles and series names', () => {
    const chart = scheduleChart([{ label: 'a\u001b[2Jb', spec: { type: 'constant', value: 1 } }, { label: 'c', spec: { type: 'constant', value: 2 } }], { steps: 10, title: 't\u0007' });
    const text = renderTerminal(chart);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain('a\\x1b[2Jb');
  });
});
