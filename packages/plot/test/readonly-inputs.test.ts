// Plotting functions take specs as users write them: `as const` literals (readonly arrays and
// literal types) and frozen specs compile and plot without casts.
import { describe, expect, it } from 'vitest';
import { concatHistories, historyChart, renderGridSvg, scheduleChart, scheduleReport } from '../src/index.js';

describe('readonly and literal-typed inputs', () => {
  it('plot as const schedules and policies with arrays inside', () => {
    const steps = { type: 'multiStep', from: 0.1, decay: 0.5, milestones: [10, 20] } as const;
    const policy = { version: 1, lr: { type: 'join', parts: [{ schedule: { type: 'constant', value: 0.1 }, steps: 10 }, { schedule: steps }] } } as const;
    const inputs = [{ label: 'steps', spec: steps }, { label: 'policy', spec: policy }] as const;
    const chart = scheduleChart(inputs, { steps: 40, hyperparameters: ['lr'] as const });
    expect(chart.series.map((s) => s.name)).toEqual(['steps', 'policy']);
    expect(scheduleReport(policy)).toContain('<svg');
    expect(renderGridSvg([chart] as const)).toContain('data-kind="grid"');
    const runs = [{ loss: [1, 0.5] }, { loss: [0.4] }] as const satisfies ReadonlyArray<Record<string, readonly number[]>>;
    expect(historyChart(concatHistories(runs.map((r) => ({ loss: [...r.loss] }))), { metrics: ['loss'] as const }).series).toHaveLength(1);
  });
});
