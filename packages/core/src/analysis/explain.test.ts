import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError, explainSchedule, formatValue, valueAt, type Schedule } from '../index.js';

describe('explainSchedule', () => {
  it('describes a warmup into a cosine decay phase by phase', () => {
    const e = explainSchedule({ type: 'warmup', steps: 500, from: 0, schedule: { type: 'cosine', from: 0.01, to: 0, steps: 9500 } });
    expect(e.phases).toEqual([
      { start: 0, end: 500, from: 0, to: 0.01, trend: 'rises', text: 'Steps 0 to 499 (500 steps): rises from 0 to 0.01.' },
      { start: 500, end: 10_000, from: 0.01, to: 0, trend: 'falls', text: 'Steps 500 to 9999 (9500 steps): falls from 0.01 to 0.' },
      { start: 10_000, end: Infinity, from: 0, to: 0, trend: 'holds', text: 'From step 10000 on: holds 0.' },
    ]);
    expect(e.peak).toEqual({ step: 500, value: 0.01 });
    expect(e.min).toEqual({ step: 0, value: 0 });
    expect(e.continues).toBe(false);
    expect(e.sentences).toEqual([
      'The first update uses 0.',
      ...e.phases.map((p) => p.text),
      'Highest value: 0.01 at step 500; lowest: 0 at step 0.',
    ]);
  });

  it('puts one-cycle phase ends where PyTorch does (peak at pct·T - 1)', () => {
    const spec: Schedule = { type: 'oneCycle', steps: 100, from: 0.004, peak: 0.1, to: 4e-7 };
    const e = explainSchedule(spec);
    // PyTorch's cos anneal gives 0.1 + (0.004 - 0.1)·(cos 0 + 1)/2 = 0.0040000000000000036 at t = 0
    expect(e.phases.map((p) => [p.start, p.end, p.from, p.to, p.trend])).toEqual([
      [0, 29, valueAt(spec, 0), 0.1, 'rises'],
      [29, 99, 0.1, valueAt(spec, 99), 'falls'],
      [99, Infinity, valueAt(spec, 99), valueAt(spec, 99), 'holds'],
    ]);
    expect(e.phases[2].text).toBe('From step 99 on: holds 4e-7.');
    expect(e.peak).toEqual({ step: 29, value: 0.1 });
  });

  it('shows step milestones as held phases, with the Keras boundary one step later', () => {
    expect(explainSchedule({ type: 'multiStep', from: 0.1, decay: 0.1, milestones: [30, 60] }).phases.map((p) => p.text)).toEqual([
      'Steps 0 to 29 (30 steps): holds 0.1.',
      'Steps 30 to 59 (30 steps): holds 0.01.',
      'From step 60 on: holds 0.001.',
    ]);
    const keras = explainSchedule({ type: 'piecewiseConstant', boundaries: [10, 20], values: [1, 0.5, 0.25], owner: 'previous' });
    expect(keras.phases.map((p) => [p.start, p.from])).toEqual([[0, 1], [11, 0.5], [21, 0.25]]);
  });

  it('explains two cycles of a cyclic schedule and says it keeps going', () => {
    const e = explainSchedule({ type: 'cyclic', from: 0.001, peak: 0.006, upSteps: 2000 });
    expect(e.until).toBe(7999);
    expect(e.continues).toBe(true);
    expect(e.phases.map((p) => [p.start, p.end, p.from, p.to, p.trend])).toEqual([
      [0, 2000, 0.001, 0.006, 'rises'],
      [2000, 4000, 0.006, 0.001, 'falls'],
      [4000, 6000, 0.001, 0.006, 'rises'],
      [6000, 8000, 0.006, 0.001, 'falls'],
    ]);
    expect(e.sentences.at(-1)).toBe('It keeps changing after step 7999 (cyclic or unbounded).');
  });

  it('starts phases on whole steps when lengths are fractional', () => {
    const e = explainSchedule({ type: 'linear', from: 0, to: 1, steps: 2.5 });
    expect(e.phases.map((p) => p.text)).toEqual(['Steps 0 to 2 (3 steps): rises from 0 to 1.', 'From step 3 on: holds 1.']);
    // a 7-step PyTorch one-cycle ends its phases at 1.1 and 6: the fall starts at step 2
    const oneCycle = explainSchedule({ type: 'oneCycle', steps: 7, from: 0.04, peak: 1, to: 4e-6 });
    expect(oneCycle.phases.map((p) => [p.start, p.end, p.trend])).toEqual([[0, 2, 'rises'], [2, 6, 'falls'], [6, Infinity, 'holds']]);
  });

  it('explains an unbounded decay over ten times its time scale', () => {
    const e = explainSchedule({ type: 'exponential', from: 1, decay: 0.5, steps: 10 });
    expect([e.until, e.continues]).toEqual([99, true]);
    expect(e.sentences.at(-1)).toBe('It keeps changing after step 99 (cyclic or unbounded).');
  });

  it('explains the steps a run uses when given totalSteps', () => {
    const e = explainSchedule({ type: 'cosine', from: 1, to: 0, steps: 100 }, { totalSteps: 50 });
    expect(e.phases).toHaveLength(1);
    expect(e.phases[0]).toMatchObject({ start: 0, end: 50, from: 1, trend: 'falls' });
    expect(e.phases[0].to).toBe(valueAt({ type: 'cosine', from: 1, to: 0, steps: 100 }, 49));
    expect(e.sentences.at(-1)).toBe('It keeps changing after step 49.');
  });

  it('explains every hyperparameter of a policy, by name, and its plateau control', () => {
    const e = explainSchedule({
      version: 1,
      lr: { type: 'linear', from: 0.1, to: 0.01, steps: 10 },
      momentum: { type: 'linear', from: 0.85, to: 0.95, steps: 10 },
      plateau: { patience: 3, factor: 0.5 },
    });
    expect(Object.keys(e.byHyperparameter)).toEqual(['lr', 'momentum']);
    expect(e.phases).toEqual(e.byHyperparameter.lr.phases);
    expect(e.sentences).toContain('The first update uses momentum = 0.85.');
    expect(e.sentences).toContain('Highest lr: 0.1 at step 0; lowest: 0.01 at step 10.');
    expect(e.sentences.at(-1)).toBe('Plateau control multiplies lr by 0.5 after more than 3 evaluations in a row without improvement.');
  });

  it('rejects an invalid document with every issue', () => {
    expect(() => explainSchedule({ type: 'linear', from: 0, to: 1, steps: -3 } as Schedule)).toThrow(ScheduleSpecError);
  });

  it('phases tile the explained steps and the peak is the largest sampled value (property)', () => {
    const specs: fc.Arbitrary<Schedule> = fc.oneof(
      fc.record({ type: fc.constant('linear' as const), from: fc.double({ min: -1, max: 1, noNaN: true }), to: fc.double({ min: -1, max: 1, noNaN: true }), steps: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0.5, max: 300, noNaN: true })) }),
      fc.record({ type: fc.constant('cosine' as const), from: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }), steps: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ type: fc.constant('oneCycle' as const), steps: fc.integer({ min: 20, max: 300 }), from: fc.constant(0.04), peak: fc.constant(1), to: fc.constant(1e-5) }),
      fc.record({ type: fc.constant('cyclic' as const), from: fc.constant(0.1), peak: fc.constant(1), upSteps: fc.double({ min: 0.5, max: 50, noNaN: true }), downSteps: fc.double({ min: 0.5, max: 50, noNaN: true }) }),
    );
    fc.assert(
      fc.property(specs, (spec) => {
        const e = explainSchedule(spec);
        expect(e.phases[0].start).toBe(0);
        for (let i = 1; i < e.phases.length; i++) expect(e.phases[i].start).toBe(e.phases[i - 1].end);
        // a finished schedule ends on a held phase; a cyclic one on the window's last step
        expect(e.phases.at(-1)!.end).toBe(e.continues ? e.until + 1 : Infinity);
        for (let t = 0; t <= e.until; t++) {
          expect(valueAt(spec, t)).toBeLessThanOrEqual(e.peak.value);
          expect(valueAt(spec, t)).toBeGreaterThanOrEqual(e.min.value);
        }
        expect(valueAt(spec, e.peak.step)).toBe(e.peak.value);
      }),
      { numRuns: 40 },
    );
  });
});

describe('formatValue', () => {
  it('prints four significant digits without float noise', () => {
    expect([0, 0.1 + 0.2, 0.0001, 4e-7, 1234.5678, 3e9, -0.25].map(formatValue)).toEqual(['0', '0.3', '1e-4', '4e-7', '1235', '3e9', '-0.25']);
  });
});
