import { fromTorch, valueAt, type Policy } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { fractionOfStep, fullRange, plotModel, readoutAt, stepAtFraction, type PlotOptions } from './chart-model.js';

const OPTIONS: PlotOptions = { log: false, unit: 'steps', hidden: [], phases: true, columns: 800 };
const oneCycle = fromTorch('OneCycleLR', { max_lr: 0.1, total_steps: 100 }, { type: 'SGD', lr: 0.1, momentum: 0.9 });

describe('the studio chart model', () => {
  it('draws lr on the left and momentum on the right, over the whole schedule with phase boundaries', () => {
    const m = plotModel([{ label: 'one-cycle', policy: oneCycle }], OPTIONS);
    expect(m.range).toEqual(fullRange([{ label: '', policy: oneCycle }]));
    expect(m.chart.series.map((s) => [s.name, s.axis])).toEqual([['lr', 'left'], ['momentum', 'right']]);
    expect(m.chart.y2?.label).toBe('momentum');
    expect(m.chart.x.domain).toEqual([m.range[0], m.range[1]]);
    expect(m.chart.vlines?.map((v) => v.x)).toContain(29);
  });

  it('resamples a zoomed range at every step and puts the domain on it', () => {
    const m = plotModel([{ label: 'x', policy: oneCycle }], { ...OPTIONS, range: [20, 40] });
    expect(m.range).toEqual([20, 40]);
    expect(Array.from(m.chart.series[0].x)).toEqual(Array.from({ length: 21 }, (_, i) => 20 + i));
    expect(m.chart.series[0].y[9]).toBe(valueAt(oneCycle.lr, 29));
    expect(m.chart.vlines?.map((v) => v.x)).toEqual([29]);
  });

  it('shows epochs on the x axis when asked, with the same steps underneath', () => {
    const m = plotModel([{ label: 'x', policy: oneCycle }], { ...OPTIONS, unit: 'epochs', stepsPerEpoch: 10, range: [0, 50] });
    expect(m.chart.x.label).toBe('epoch');
    expect(m.chart.x.domain).toEqual([0, 5]);
    expect(readoutAt(m, 29, 10).epoch).toBe(2.9);
  });

  it('overlays several documents, one colour each, and leaves out hidden hyperparameters', () => {
    const other: Policy = { version: 1, lr: { type: 'cosine', from: 0.1, to: 0, steps: 200 } } as Policy;
    const m = plotModel([{ label: 'torch', policy: oneCycle }, { label: 'cosine', policy: other }], { ...OPTIONS, hidden: ['momentum'] });
    expect(m.chart.series.map((s) => s.name)).toEqual(['torch', 'cosine']);
    expect(new Set(m.chart.series.map((s) => s.color)).size).toBe(2);
    expect(m.range[1]).toBeGreaterThanOrEqual(200);
  });

  it("reads out core's exact values at a step, and maps steps to the plot's width and back", () => {
    const m = plotModel([{ label: 'x', policy: oneCycle }], { ...OPTIONS, range: [0, 100] });
    const r = readoutAt(m, 29);
    expect(r).toMatchObject({ step: 29, values: [{ key: 'lr', value: 0.1 }, { key: 'momentum', value: 0.85 }] });
    expect(readoutAt(m, 1e9).step).toBe(100);
    expect(fractionOfStep(m, 25)).toBe(0.25);
    for (const t of [0, 1, 29, 73, 100]) expect(stepAtFraction(m, fractionOfStep(m, t))).toBe(t);
  });
});
