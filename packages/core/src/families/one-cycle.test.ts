import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixtures from '../../test/fixtures/torch.json' with { type: 'json' };
import { ScheduleSpecError } from '../errors.js';
import { compileSchedule, sample, valueAt } from '../evaluate.js';
import type { OneCycleSpec } from '../spec.js';
import { validateSchedule } from '../validate/parse.js';
import { oneCycle } from './one-cycle.js';

const at = (spec: OneCycleSpec, steps: number[]) => steps.map((t) => valueAt(spec, t));

describe('oneCycle (PyTorch convention)', () => {
  it('matches OneCycleLR with max_lr 1 over 100 steps: 0.04 at 0, 1 at 29, 4e-6 at 99', () => {
    const spec = oneCycle({ maxLr: 1, totalSteps: 100 });
    expect(spec).toEqual({ type: 'oneCycle', totalSteps: 100, initial: 1 / 25, peak: 1, final: 1 / 25 / 1e4 });
    expect(valueAt(spec, 0)).toBeCloseTo(0.04, 15); // PyTorch: 0.040000000000000036
    expect(valueAt(spec, 29)).toBe(1);
    expect(valueAt(spec, 99)).toBe(spec.final);
    expect(spec.final / 4e-6).toBeCloseTo(1, 15);
  });

  it('puts the phase end on step pctStart·T - 1, enumerated around the boundaries (linear)', () => {
    const spec = oneCycle({ initial: 0, peak: 1, final: 0, totalSteps: 10, anneal: 'linear' });
    // phase 1 ends at 0.3·10 - 1 = 2, phase 2 at 9
    const want = [0, 0.5, 1, 6 / 7, 5 / 7, 4 / 7, 3 / 7, 2 / 7, 1 / 7, 0, 0, 0];
    at(spec, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1e9]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
    expect(valueAt(spec, 2)).toBe(1);
  });

  it("continues the last phase past the end with after: 'continue', as PyTorch does at t = T", () => {
    const spec = oneCycle({ initial: 0, peak: 1, final: 0, totalSteps: 10, anneal: 'linear', after: 'continue' });
    expect(valueAt(spec, 10)).toBeCloseTo(-1 / 7, 15);
    const cos = oneCycle({ maxLr: 1, totalSteps: 100, after: 'continue' });
    // p = (100 - 29)/70
    expect(valueAt(cos, 100)).toBe(cos.final + ((1 - cos.final) / 2) * (Math.cos((Math.PI * 71) / 70) + 1));
  });

  it('runs three phases: up to the peak, back to initial at 2·pct·T - 2, then to final at T - 1', () => {
    const spec = oneCycle({ initial: 0.1, peak: 1, final: 0.001, totalSteps: 20, pctStart: 0.25, threePhase: true, anneal: 'linear' });
    // ends at 4, 8, 19
    const want = [0.1, 1, 0.1, 0.001, 0.001];
    at(spec, [0, 4, 8, 19, 25]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
    expect(valueAt(spec, 4)).toBe(1);
    expect(valueAt(spec, 2)).toBeCloseTo(0.55, 15);
    expect(valueAt(spec, 6)).toBeCloseTo(0.55, 15);
  });

  it('anneals momentum inversely when peak < initial', () => {
    const m = oneCycle({ initial: 0.95, peak: 0.85, final: 0.95, totalSteps: 100 });
    expect(valueAt(m, 0)).toBe(0.95);
    expect(valueAt(m, 29)).toBe(0.85);
    expect(valueAt(m, 99)).toBe(0.95);
  });

  it('rejects zero-length phases (where PyTorch raises ZeroDivisionError) at pctStart', () => {
    const paths = (spec: unknown) => validateSchedule(spec).map((i) => `${i.path.join('.')}:${i.code}`);
    const base = { type: 'oneCycle', initial: 0.04, peak: 1, final: 4e-6 };
    expect(paths({ ...base, totalSteps: 10, pctStart: 0.1 })).toEqual(['pctStart:zero_length_phase']);
    expect(paths({ ...base, totalSteps: 10, pctStart: 1 })).toEqual(['pctStart:zero_length_phase']);
    expect(paths({ ...base, totalSteps: 20, pctStart: 0.05, threePhase: true })).toEqual(['pctStart:zero_length_phase', 'pctStart:zero_length_phase']);
    expect(paths({ ...base, totalSteps: 10, pctStart: 0 })).toEqual([]); // PyTorch accepts this: t = 0 is already in phase 2
    expect(() => oneCycle({ maxLr: 1, totalSteps: 10, pctStart: 0.1 })).toThrow(/first phase of this one-cycle has zero length[\s\S]*→ at pctStart/);
  });
});

describe('oneCycle (optax convention)', () => {
  it('peaks at floor(pctStart·T) and reaches final at T (cosine_onecycle_schedule)', () => {
    const spec = oneCycle({ maxLr: 1, totalSteps: 10, pctStart: 0.25, peakAt: 'optax' });
    // boundaries int(0.25·10) = 2 and 10; a boundary step belongs to the next phase
    expect(valueAt(spec, 0)).toBeCloseTo(0.04, 15);
    expect(valueAt(spec, 1)).toBeCloseTo(0.52, 15);
    expect(valueAt(spec, 2)).toBeCloseTo(1, 15);
    expect(valueAt(spec, 6)).toBeCloseTo((1 + spec.final) / 2, 15);
    expect(valueAt(spec, 9)).toBeCloseTo(spec.final + ((1 - spec.final) / 2) * (Math.cos((Math.PI * 7) / 8) + 1), 15);
    expect(at(spec, [10, 11, 1e12])).toEqual([spec.final, spec.final, spec.final]);
  });

  it('runs three linear phases with pctEnd (linear_onecycle_schedule)', () => {
    const spec = oneCycle({ maxLr: 1, totalSteps: 100, peakAt: 'optax', threePhase: true, pctEnd: 0.85, anneal: 'linear' });
    expect(valueAt(spec, 30)).toBe(1);
    expect(valueAt(spec, 85)).toBeCloseTo(0.04, 15);
    expect(valueAt(spec, 15)).toBeCloseTo(0.52, 15);
    expect(valueAt(spec, 100)).toBe(spec.final);
    expect(validateSchedule({ ...spec, pctEnd: 0.3 }).map((i) => i.path.join('.'))).toEqual(['pctEnd']);
    expect(validateSchedule({ ...spec, peakAt: 'pytorch' }).map((i) => i.path.join('.'))).toEqual(['pctEnd']);
  });
});

describe('oneCycle builder', () => {
  it('resolves epochs·stepsPerEpoch and the div factors as OneCycleLR does', () => {
    const spec = oneCycle({ maxLr: 0.01, epochs: 4, stepsPerEpoch: 25, divFactor: 10, finalDivFactor: 100, pctStart: 0.25 });
    expect(spec).toEqual({ type: 'oneCycle', totalSteps: 100, initial: 0.01 / 10, peak: 0.01, final: 0.01 / 10 / 100, pctStart: 0.25 });
  });

  it('rejects missing or conflicting durations and peaks with ScheduleSpecError', () => {
    expect(() => oneCycle({ maxLr: 1 })).toThrow(ScheduleSpecError);
    expect(() => oneCycle({ maxLr: 1, totalSteps: 10, epochs: 2, stepsPerEpoch: 5 })).toThrow(/not both/);
    expect(() => oneCycle({ maxLr: 1, peak: 1, totalSteps: 10 })).toThrow(/exactly one/);
    expect(() => oneCycle({ maxLr: 1, epochs: 2.5, stepsPerEpoch: 4 })).toThrow(/epochs must be a positive integer/);
  });
});

describe('oneCycle properties', () => {
  const specs = fc
    .record({
      totalSteps: fc.integer({ min: 2, max: 5000 }),
      pctStart: fc.double({ min: 0, max: 1, noNaN: true }),
      pctEnd: fc.double({ min: 0, max: 1, noNaN: true }),
      anneal: fc.constantFrom('cos', 'linear') as fc.Arbitrary<'cos' | 'linear'>,
      threePhase: fc.boolean(),
      peakAt: fc.constantFrom('pytorch', 'optax') as fc.Arbitrary<'pytorch' | 'optax'>,
      peak: fc.double({ min: 1e-6, max: 10, noNaN: true }),
      div: fc.double({ min: 1, max: 1e3, noNaN: true }),
      finalDiv: fc.double({ min: 1, max: 1e5, noNaN: true }),
    })
    .map(({ pctEnd, ...r }) => {
      const spec: OneCycleSpec = {
        type: 'oneCycle',
        totalSteps: r.totalSteps,
        initial: r.peak / r.div,
        peak: r.peak,
        final: r.peak / r.div / r.finalDiv,
        pctStart: r.pctStart,
        anneal: r.anneal,
        threePhase: r.threePhase,
        peakAt: r.peakAt,
      };
      if (r.threePhase && r.peakAt === 'optax') spec.pctEnd = Math.max(pctEnd, r.pctStart);
      return spec;
    });

  it('stays within [final, peak] at every step for every valid two- and three-phase spec', () => {
    fc.assert(
      fc.property(specs, fc.oneof(fc.nat(6000), fc.nat(1e12)), (spec, t) => {
        fc.pre(validateSchedule(spec).length === 0);
        // PyTorch's three-phase with pctStart > ~0.5 ends its second phase after T - 1: still bounded
        const v = valueAt(spec, t);
        // the formulas round at the scale of the peak: allow 1e-15 of it
        expect(v).toBeGreaterThanOrEqual(spec.final - 1e-15 * spec.peak);
        expect(v).toBeLessThanOrEqual(spec.peak * (1 + 1e-15));
      }),
    );
  });

  it('gives identical values through valueAt, compileSchedule and sample', () => {
    fc.assert(
      fc.property(specs, fc.constantFrom<'hold' | 'continue'>('hold', 'continue'), (spec0, after) => {
        const spec = { ...spec0, after };
        fc.pre(validateSchedule(spec).length === 0);
        const f = compileSchedule(spec);
        const n = Math.min(spec.totalSteps + 3, 300);
        const s = sample(spec, { count: n });
        for (let t = 0; t < n; t++) {
          expect(f(t)).toBe(valueAt(spec, t));
          expect(s[t]).toBe(f(t));
        }
        expect(f(1e12)).toBe(valueAt(spec, 1e12));
      }),
      { numRuns: 60 },
    );
  });
});

describe('oneCycle against PyTorch 1.13 OneCycleLR (test/fixtures/torch.json)', () => {
  type Case = { id: string; className: string; kwargs: Record<string, number | string | boolean>; lr: number[]; momentum?: number[]; beta1?: number[] };
  const cases = (fixtures.cases as unknown as Case[]).filter((c) => c.className === 'OneCycleLR');

  it('has the OneCycleLR cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s: lr and momentum within 1e-15 relative, t = 0..T', (_, c) => {
    const k = c.kwargs;
    const common = {
      totalSteps: k.total_steps as number | undefined,
      epochs: k.epochs as number | undefined,
      stepsPerEpoch: k.steps_per_epoch as number | undefined,
      pctStart: k.pct_start as number | undefined,
      anneal: k.anneal_strategy as 'cos' | 'linear' | undefined,
      threePhase: k.three_phase as boolean | undefined,
      after: 'continue' as const,
    };
    const lr = oneCycle({ maxLr: k.max_lr as number, divFactor: k.div_factor as number | undefined, finalDivFactor: k.final_div_factor as number | undefined, ...common });
    c.lr.forEach((want, t) => expect(Math.abs(valueAt(lr, t) - want), `t = ${t}`).toBeLessThanOrEqual(1e-15 * Math.abs(want)));
    const moms = c.momentum ?? c.beta1;
    if (moms) {
      const max = (k.max_momentum as number | undefined) ?? 0.95;
      const m = oneCycle({ initial: max, peak: (k.base_momentum as number | undefined) ?? 0.85, final: max, ...common });
      moms.forEach((want, t) => expect(Math.abs(valueAt(m, t) - want), `t = ${t}`).toBeLessThanOrEqual(1e-15 * Math.abs(want)));
    }
  });
});
