import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixtures from '../../test/fixtures/torch.json' with { type: 'json' };
import { ScheduleSpecError, compileSchedule, horizonOf, oneCycle, sample, valueAt, validateSchedule, type SpecOf } from '../index.js';

type OneCycleSpec = SpecOf<'oneCycle'>;

const at = (spec: OneCycleSpec, steps: number[]) => steps.map((t) => valueAt(spec, t));

describe('oneCycle (PyTorch convention)', () => {
  it('matches OneCycleLR with max_lr 1 over 100 steps: 0.04 at 0, 1 at 29, 4e-6 at 99', () => {
    const spec = oneCycle({ maxLr: 1, steps: 100 });
    expect(spec).toEqual({ type: 'oneCycle', steps: 100, from: 1 / 25, peak: 1, to: 1 / 25 / 1e4 });
    expect(valueAt(spec, 0)).toBeCloseTo(0.04, 15); // PyTorch: 0.040000000000000036
    expect(valueAt(spec, 29)).toBe(1);
    expect(valueAt(spec, 99)).toBe(spec.to);
    expect(spec.to / 4e-6).toBeCloseTo(1, 15);
  });

  it('puts the phase end on step pctStart·T - 1, enumerated around the boundaries (linear)', () => {
    const spec = oneCycle({ from: 0, peak: 1, to: 0, steps: 10, shape: 'linear' });
    // phase 1 ends at 0.3·10 - 1 = 2, phase 2 at 9
    const want = [0, 0.5, 1, 6 / 7, 5 / 7, 4 / 7, 3 / 7, 2 / 7, 1 / 7, 0, 0, 0];
    at(spec, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1e9]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
    expect(valueAt(spec, 2)).toBe(1);
  });

  it("continues the last phase past the end with after: 'continue', as PyTorch does at t = T", () => {
    const spec = oneCycle({ from: 0, peak: 1, to: 0, steps: 10, shape: 'linear', after: 'continue' });
    expect(valueAt(spec, 10)).toBeCloseTo(-1 / 7, 15);
    const cos = oneCycle({ maxLr: 1, steps: 100, after: 'continue' });
    // p = (100 - 29)/70
    expect(valueAt(cos, 100)).toBe(cos.to + ((1 - cos.to) / 2) * (Math.cos((Math.PI * 71) / 70) + 1));
  });

  it('runs three phases: up to the peak, back to `from` at 2·pct·T - 2, then to `to` at T - 1', () => {
    const spec = oneCycle({ from: 0.1, peak: 1, to: 0.001, steps: 20, pctStart: 0.25, threePhase: true, shape: 'linear' });
    // ends at 4, 8, 19
    const want = [0.1, 1, 0.1, 0.001, 0.001];
    at(spec, [0, 4, 8, 19, 25]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
    expect(valueAt(spec, 4)).toBe(1);
    expect(valueAt(spec, 2)).toBeCloseTo(0.55, 15);
    expect(valueAt(spec, 6)).toBeCloseTo(0.55, 15);
  });

  it('anneals momentum inversely when peak < from', () => {
    const m = oneCycle({ from: 0.95, peak: 0.85, to: 0.95, steps: 100 });
    expect(valueAt(m, 0)).toBe(0.95);
    expect(valueAt(m, 29)).toBe(0.85);
    expect(valueAt(m, 99)).toBe(0.95);
  });

  it('rejects zero-length phases (where PyTorch raises ZeroDivisionError) at pctStart', () => {
    const paths = (spec: unknown) => validateSchedule(spec).map((i) => `${i.path.join('.')}:${i.code}`);
    const base = { type: 'oneCycle', from: 0.04, peak: 1, to: 4e-6 };
    expect(paths({ ...base, steps: 10, pctStart: 0.1 })).toEqual(['pctStart:zero_length_phase']);
    expect(paths({ ...base, steps: 10, pctStart: 1 })).toEqual(['pctStart:zero_length_phase']);
    expect(paths({ ...base, steps: 20, pctStart: 0.05, threePhase: true })).toEqual(['pctStart:zero_length_phase', 'pctStart:zero_length_phase']);
    expect(paths({ ...base, steps: 10, pctStart: 0 })).toEqual([]); // PyTorch accepts this: t = 0 is already in phase 2
    expect(() => oneCycle({ maxLr: 1, steps: 10, pctStart: 0.1 })).toThrow(/first phase of this one-cycle has zero length[\s\S]*→ at pctStart/);
  });
});

describe('oneCycle with a fractional length', () => {
  it('puts the phase ends at the real times pctStart·T - 1 and T - 1, holding the value at T - 1', () => {
    // T = 12.5: phase 1 ends at 2.75, phase 2 at 11.5; t = 3 is 0.25 of 8.75 steps into the fall
    const spec = oneCycle({ from: 0, peak: 1, to: 0, steps: 12.5, shape: 'linear' });
    const want = [0, 1 / 2.75, 2 / 2.75, 1 - 0.25 / 8.75];
    at(spec, [0, 1, 2, 3]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
    expect(valueAt(spec, 11)).toBeCloseTo(1 - 8.25 / 8.75, 15);
    expect(at(spec, [12, 13, 1e12])).toEqual([0, 0, 0]);
    expect(horizonOf(spec)).toBe(12);
  });
});

describe('oneCycle (optax convention)', () => {
  it('peaks at floor(pctStart·T) and reaches `to` at T (cosine_onecycle_schedule)', () => {
    const spec = oneCycle({ maxLr: 1, steps: 10, pctStart: 0.25, peakAt: 'optax' });
    // boundaries int(0.25·10) = 2 and 10; a boundary step belongs to the next phase
    expect(valueAt(spec, 0)).toBeCloseTo(0.04, 15);
    expect(valueAt(spec, 1)).toBeCloseTo(0.52, 15);
    expect(valueAt(spec, 2)).toBeCloseTo(1, 15);
    expect(valueAt(spec, 6)).toBeCloseTo((1 + spec.to) / 2, 15);
    expect(valueAt(spec, 9)).toBeCloseTo(spec.to + ((1 - spec.to) / 2) * (Math.cos((Math.PI * 7) / 8) + 1), 15);
    expect(at(spec, [10, 11, 1e12])).toEqual([spec.to, spec.to, spec.to]);
  });

  it('runs three linear phases with pctEnd (linear_onecycle_schedule)', () => {
    const spec = oneCycle({ maxLr: 1, steps: 100, peakAt: 'optax', threePhase: true, pctEnd: 0.85, shape: 'linear' });
    expect(valueAt(spec, 30)).toBe(1);
    expect(valueAt(spec, 85)).toBeCloseTo(0.04, 15);
    expect(valueAt(spec, 15)).toBeCloseTo(0.52, 15);
    expect(valueAt(spec, 100)).toBe(spec.to);
    expect(validateSchedule({ ...spec, pctEnd: 0.3 }).map((i) => i.path.join('.'))).toEqual(['pctEnd']);
    expect(validateSchedule({ ...spec, peakAt: 'pytorch' }).map((i) => i.path.join('.'))).toEqual(['pctEnd']);
  });
});

describe('oneCycle builder', () => {
  it('resolves epochs·stepsPerEpoch and the div factors as OneCycleLR does', () => {
    const spec = oneCycle({ maxLr: 0.01, epochs: 4, stepsPerEpoch: 25, divFactor: 10, finalDivFactor: 100, pctStart: 0.25 });
    expect(spec).toEqual({ type: 'oneCycle', steps: 100, from: 0.01 / 10, peak: 0.01, to: 0.01 / 10 / 100, pctStart: 0.25 });
  });

  it('rejects missing or conflicting durations and peaks with ScheduleSpecError', () => {
    expect(() => oneCycle({ maxLr: 1 })).toThrow(/steps is required/);
    expect(() => oneCycle({ maxLr: 1, steps: 10, epochs: 2, stepsPerEpoch: 5 })).toThrow(/not both/);
    expect(() => oneCycle({ maxLr: 1, peak: 1, steps: 10 })).toThrow(/exactly one/);
    expect(() => oneCycle({ steps: 10 })).toThrow(ScheduleSpecError);
  });

  it('refuses div factors that are not positive, under their own names, instead of building from them', () => {
    const issuesOf = (options: Parameters<typeof oneCycle>[0]) => {
      try {
        oneCycle(options);
      } catch (error) {
        return (error as ScheduleSpecError).issues.map((i) => [i.path, i.message]);
      }
      return [];
    };
    expect(issuesOf({ maxLr: 1, steps: 10, divFactor: -5 })).toEqual([[['divFactor'], 'divFactor must be a positive number, got -5']]);
    expect(issuesOf({ maxLr: 1, steps: 10, finalDivFactor: 0 })).toEqual([[['finalDivFactor'], 'finalDivFactor must be a positive number, got 0']]);
    expect(issuesOf({ maxLr: 1, steps: 10, divFactor: 5, finalDivFactor: 2 })).toEqual([]);
  });

  it('takes a fractional number of epochs: 2.5 epochs of 4 steps is a 10-step cycle', () => {
    expect(oneCycle({ maxLr: 1, epochs: 2.5, stepsPerEpoch: 4 })).toEqual(oneCycle({ maxLr: 1, steps: 10 }));
  });
});

describe('oneCycle properties', () => {
  const specs = fc
    .record({
      steps: fc.integer({ min: 2, max: 5000 }),
      pctStart: fc.double({ min: 0, max: 1, noNaN: true }),
      pctEnd: fc.double({ min: 0, max: 1, noNaN: true }),
      shape: fc.constantFrom('cosine', 'linear') as fc.Arbitrary<'cosine' | 'linear'>,
      threePhase: fc.boolean(),
      peakAt: fc.constantFrom('pytorch', 'optax') as fc.Arbitrary<'pytorch' | 'optax'>,
      peak: fc.double({ min: 1e-6, max: 10, noNaN: true }),
      div: fc.double({ min: 1, max: 1e3, noNaN: true }),
      finalDiv: fc.double({ min: 1, max: 1e5, noNaN: true }),
    })
    .map(({ pctEnd, ...r }) => {
      const spec: OneCycleSpec = {
        type: 'oneCycle',
        steps: r.steps,
        from: r.peak / r.div,
        peak: r.peak,
        to: r.peak / r.div / r.finalDiv,
        pctStart: r.pctStart,
        shape: r.shape,
        threePhase: r.threePhase,
        peakAt: r.peakAt,
      };
      if (r.threePhase && r.peakAt === 'optax') spec.pctEnd = Math.max(pctEnd, r.pctStart);
      return spec;
    });

  it('stays within [to, peak] at every step for every valid two- and three-phase spec', () => {
    fc.assert(
      fc.property(specs, fc.oneof(fc.nat(6000), fc.nat(1e12)), (spec, t) => {
        fc.pre(validateSchedule(spec).length === 0);
        // PyTorch's three-phase with pctStart > ~0.5 ends its second phase after T - 1: still bounded
        const v = valueAt(spec, t);
        // the formulas round at the scale of the peak: allow 1e-15 of it
        expect(v).toBeGreaterThanOrEqual(spec.to - 1e-15 * spec.peak);
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
        const n = Math.min(spec.steps + 3, 300);
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
      steps: k.total_steps as number | undefined,
      epochs: k.epochs as number | undefined,
      stepsPerEpoch: k.steps_per_epoch as number | undefined,
      pctStart: k.pct_start as number | undefined,
      shape: k.anneal_strategy === undefined ? undefined : k.anneal_strategy === 'cos' ? ('cosine' as const) : ('linear' as const),
      threePhase: k.three_phase as boolean | undefined,
      after: 'continue' as const,
    };
    const lr = oneCycle({ maxLr: k.max_lr as number, divFactor: k.div_factor as number | undefined, finalDivFactor: k.final_div_factor as number | undefined, ...common });
    c.lr.forEach((want, t) => expect(Math.abs(valueAt(lr, t) - want), `t = ${t}`).toBeLessThanOrEqual(1e-15 * Math.abs(want)));
    const moms = c.momentum ?? c.beta1;
    if (moms) {
      const max = (k.max_momentum as number | undefined) ?? 0.95;
      const m = oneCycle({ from: max, peak: (k.base_momentum as number | undefined) ?? 0.85, to: max, ...common });
      moms.forEach((want, t) => expect(Math.abs(valueAt(m, t) - want), `t = ${t}`).toBeLessThanOrEqual(1e-15 * Math.abs(want)));
    }
  });
});
