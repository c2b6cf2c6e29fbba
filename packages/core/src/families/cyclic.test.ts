import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixtures from '../../test/fixtures/torch.json' with { type: 'json' };
import { ScheduleSpecError, compileSchedule, cyclic, horizonOf, parseSchedule, sample, valueAt, type SpecOf } from '../index.js';

type CyclicSpec = SpecOf<'cyclic'>;

const values = (spec: CyclicSpec, steps: number[]) => steps.map((t) => valueAt(spec, t));
const closeAll = (got: number[], want: number[], digits = 14) => {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => expect(g, `index ${i}`).toBeCloseTo(want[i], digits));
};

describe('cyclic', () => {
  it('rises for upSteps and falls for downSteps steps, enumerated around every boundary', () => {
    const spec = cyclic({ from: 0, peak: 1, upSteps: 2, downSteps: 4 });
    closeAll(values(spec, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12]), [0, 0.5, 1, 0.75, 0.5, 0.25, 0, 0.5, 1, 0.75, 0]);
    expect(valueAt(spec, 0)).toBe(0);
    expect(valueAt(spec, 2)).toBe(1);
    expect(valueAt(spec, 6)).toBe(0);
    expect(valueAt(spec, 8)).toBe(1);
  });

  it('halves the amplitude every cycle in mode triangular2 (1-based cycle: the first is full)', () => {
    const spec = cyclic({ from: 0, peak: 1, upSteps: 1, mode: 'triangular2' });
    expect(values(spec, [0, 1, 2, 3, 4, 5, 6, 7])).toEqual([0, 1, 0, 0.5, 0, 0.25, 0, 0.125]);
  });

  it('scales the amplitude by decay^t with t the total step count in mode expRange', () => {
    const spec = cyclic({ from: 0, peak: 1, upSteps: 1, mode: 'expRange', decay: 0.5 });
    expect(values(spec, [0, 1, 2, 3, 5])).toEqual([0, 0.5, 0, 0.125, 0.03125]);
  });

  it('reproduces the TFA tutorial: 1e-4 to 1e-2, step size 2 epochs of 937 steps, triangular2', () => {
    // tfa.optimizers.CyclicalLearningRate(1e-4, 1e-2, scale_fn=lambda x: 1/(2.**(x-1)), step_size=2*937)
    const spec = cyclic({ from: 1e-4, peak: 1e-2, upEpochs: 2, stepsPerEpoch: 937, mode: 'triangular2' });
    expect(spec).toEqual({ type: 'cyclic', from: 1e-4, peak: 1e-2, upSteps: 1874, mode: 'triangular2' });
    const steps = [0, 937, 1874, 2811, 3748, 5622, 7496, 9370];
    // worked by hand: base + (max - base)·(1 - |t/s - 2c + 1|)/2^(c-1)
    const want = [1e-4, 0.00505, 1e-2, 0.00505, 1e-4, 0.00505, 1e-4, 0.002575];
    steps.forEach((t, i) => expect(valueAt(spec, t) / want[i]).toBeCloseTo(1, 14));
    // the tutorial's scale_fn=lambda x: 1/(2.**(x-1)) (1-based x) written declaratively: 0.5^k at the 0-based cycle k
    const custom = cyclic({
      from: 1e-4,
      peak: 1e-2,
      upSteps: 2 * 937,
      amplitude: { by: 'cycle', schedule: { type: 'exponential', from: 1, decay: 0.5 } },
    });
    for (const t of [0, 937, 1874, 2811, 3748, 5622, 9370]) expect(valueAt(custom, t)).toBe(valueAt(spec, t));
  });

  it('evaluates a custom amplitude at the 0-based cycle index or at the step', () => {
    const byCycle = cyclic({ from: 0, peak: 1, upSteps: 1, amplitude: { by: 'cycle', schedule: { type: 'linear', from: 1, to: 0, steps: 4 } } });
    expect(values(byCycle, [1, 3, 5, 7, 9])).toEqual([1, 0.75, 0.5, 0.25, 0]);
    const byStep = cyclic({ from: 0, peak: 1, upSteps: 2, amplitude: { by: 'step', schedule: { type: 'linear', from: 1, to: 0, steps: 8 } } });
    expect(values(byStep, [2, 6])).toEqual([0.75, 0.25]);
  });

  it("expresses keras_one_cycle_clr's amplitude_fn=lambda x: np.power(1/3, x) (0-based cycle) and decay^cycle declaratively", () => {
    const spec = cyclic({ from: 0, peak: 1, upSteps: 1, shape: 'cosine', amplitude: { by: 'cycle', schedule: { type: 'exponential', from: 1, decay: 1 / 3 } } });
    [1, 3, 5, 7].forEach((t, k) => expect(valueAt(spec, t)).toBeCloseTo((1 / 3) ** k, 15));
    const byStep = cyclic({ from: 0, peak: 1, upSteps: 2, amplitude: { by: 'step', schedule: { type: 'exponential', from: 1, decay: 0.9 } } });
    expect(valueAt(byStep, 6)).toBeCloseTo(0.9 ** 6, 15);
  });

  it('gives the inverse momentum cycle of PyTorch when peak < from', () => {
    const spec = cyclic({ from: 0.9, peak: 0.8, upSteps: 5 });
    expect(valueAt(spec, 0)).toBe(0.9);
    expect(valueAt(spec, 5)).toBe(0.8);
    expect(valueAt(spec, 10)).toBe(0.9);
  });

  it('draws each ramp as a half cosine with shape cosine', () => {
    const spec = cyclic({ from: 0, peak: 1, upSteps: 4, shape: 'cosine' });
    expect(valueAt(spec, 0)).toBe(0);
    expect(valueAt(spec, 4)).toBe(1);
    expect(valueAt(spec, 8)).toBe(0);
    expect(valueAt(spec, 2)).toBeCloseTo(0.5, 15);
    expect(valueAt(spec, 1)).toBeCloseTo((1 - Math.SQRT1_2) / 2, 15);
    expect(valueAt(spec, 7)).toBeCloseTo((1 - Math.SQRT1_2) / 2, 15);
  });

  it('stays exact at steps 1e9 and 1e12 (same phase as a small step, within 1e-15)', () => {
    const spec = cyclic({ from: 0.001, peak: 0.006, upSteps: 7, downSteps: 13 });
    for (const big of [1e9, 1e12, 2 ** 52]) {
      const offset = big - (big % 20);
      for (const k of [0, 1, 6, 7, 8, 19]) {
        expect(Math.abs(valueAt(spec, offset + k) - valueAt(spec, k))).toBeLessThan(1e-18);
      }
    }
    // exact phase 3/20 of the rising ramp at t = 1e12 + 3: sf = (3/20)/(7/20)
    expect(valueAt(spec, 1e12 + 3) / (0.001 + 0.005 * (3 / 7))).toBeCloseTo(1, 15);
  });

  it('never leaves [min(from, peak), max(from, peak)] for the built-in modes, at any step', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom('triangular', 'triangular2', 'expRange') as fc.Arbitrary<'triangular' | 'triangular2' | 'expRange'>,
        fc.constantFrom('linear', 'cosine') as fc.Arbitrary<'linear' | 'cosine'>,
        fc.oneof(fc.nat(100_000), fc.nat(1e12)),
        (from, peak, upSteps, downSteps, mode, shape, t) => {
          const spec = cyclic({ from, peak, upSteps, downSteps, mode, shape, decay: mode === 'expRange' ? 0.9999 : undefined });
          const v = valueAt(spec, t);
          const eps = 1e-15 * Math.max(Math.abs(from), Math.abs(peak));
          expect(v).toBeGreaterThanOrEqual(Math.min(from, peak) - eps);
          expect(v).toBeLessThanOrEqual(Math.max(from, peak) + eps);
        },
      ),
    );
  });

  it('gives identical values through valueAt, compileSchedule and sample', () => {
    const specs: CyclicSpec[] = [
      cyclic({ from: 0.001, peak: 0.006, upSteps: 5 }),
      cyclic({ from: 0.001, peak: 0.006, upSteps: 3, downSteps: 8, mode: 'triangular2' }),
      cyclic({ from: 0.001, peak: 0.006, upSteps: 3, mode: 'expRange', decay: 0.99, shape: 'cosine' }),
      cyclic({ from: 0.9, peak: 0.8, upSteps: 4, amplitude: { by: 'step', schedule: { type: 'linear', from: 1, to: 0.5, steps: 30 } } }),
      cyclic({ from: 0, peak: 1, upSteps: 2, amplitude: { by: 'cycle', schedule: { type: 'linear', from: 1, to: 0, steps: 5 } } }),
    ];
    for (const spec of specs) {
      const f = compileSchedule(spec);
      const steps = [...Array.from({ length: 60 }, (_, t) => t), 1e9 + 3, 1e12 + 1];
      for (const t of steps) expect(f(t)).toBe(valueAt(spec, t));
      expect(Array.from(sample(spec, { count: 60 }))).toEqual(steps.slice(0, 60).map(f));
    }
  });

  it('rejects contradictory options with the path of the field', () => {
    const issues = (json: unknown) => {
      try {
        parseSchedule(json);
      } catch (error) {
        expect(error).toBeInstanceOf(ScheduleSpecError);
        return (error as ScheduleSpecError).issues.map((i) => i.path.join('.'));
      }
      return [];
    };
    expect(issues({ type: 'cyclic', from: 0, peak: 1, upSteps: 4, mode: 'expRange' })).toEqual(['decay']);
    expect(issues({ type: 'cyclic', from: 0, peak: 1, upSteps: 4, decay: 0.9 })).toEqual(['decay']);
    expect(issues({ type: 'cyclic', from: 0, peak: 1, upSteps: 4, mode: 'triangular2', amplitude: { by: 'cycle', schedule: { type: 'constant', value: 1 } } })).toEqual(['amplitude']);
    expect(issues({ type: 'cyclic', from: 0, peak: 1, upSteps: 0 })).toEqual(['upSteps']);
    expect(issues({ type: 'cyclic', from: 0, peak: 1, upSteps: 2, mode: 'expRange', decay: 1.5 })).toEqual(['decay']);
    expect(issues({ type: 'cyclic', from: 0, peak: 1, upSteps: 2, amplitude: { by: 'epoch', schedule: { type: 'constant', value: 1 } } })).toEqual(['amplitude.by']);
    expect(issues({ type: 'cyclic', from: -1e308, peak: 1e308, upSteps: 2 })).toEqual(['from', 'peak']);
    expect(() => cyclic({ from: 0, peak: 1, upEpochs: 2 })).toThrow(/stepsPerEpoch is required/);
  });

  it('accepts fractional ramps, as PyTorch CyclicLR(step_size_up=1.5) computes them', () => {
    // total 3: x = t/3 - floor(t/3); sf = x/0.5 rising, (x - 1)/(0.5 - 1) falling: 0, 2/3, 2/3, 0, ...
    const spec = cyclic({ from: 0, peak: 1, upSteps: 1.5 });
    closeAll(values(spec, [0, 1, 2, 3, 4, 5, 6]), [0, 2 / 3, 2 / 3, 0, 2 / 3, 2 / 3, 0]);
    // 1.5 epochs of 3 steps is 4.5 steps up and, by default, 4.5 down: the peak 1 lies between steps 4 and 5
    const epochs = cyclic({ from: 0, peak: 1, upEpochs: 1.5, stepsPerEpoch: 3 });
    expect(epochs.upSteps).toBe(4.5);
    closeAll(values(epochs, [0, 3, 4, 5, 6, 9]), [0, 2 / 3, 8 / 9, 8 / 9, 2 / 3, 0]);
    expect(horizonOf(epochs)).toBe(Infinity);
  });
});

describe('cyclic against PyTorch 1.13 CyclicLR (test/fixtures/torch.json)', () => {
  type Case = { id: string; className: string; kwargs: Record<string, number | string | boolean>; lr: number[]; momentum?: number[]; beta1?: number[] };
  const cases = (fixtures.cases as unknown as Case[]).filter((c) => c.className === 'CyclicLR');

  it('has the CyclicLR cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s: lr and momentum within 1e-13 relative', (_, c) => {
    const k = c.kwargs;
    const mode = ({ triangular: 'triangular', triangular2: 'triangular2', exp_range: 'expRange' } as const)[(k.mode as string) ?? 'triangular'];
    const common = {
      upSteps: k.step_size_up as number,
      downSteps: k.step_size_down as number | undefined,
      mode,
      decay: mode === 'expRange' ? (k.gamma as number) : undefined,
    };
    const lr = cyclic({ from: k.base_lr as number, peak: k.max_lr as number, ...common });
    c.lr.forEach((want, t) => expect(Math.abs(valueAt(lr, t) - want)).toBeLessThanOrEqual(1e-13 * Math.abs(want)));
    const moms = c.momentum ?? c.beta1;
    if (moms) {
      const m = cyclic({ from: (k.max_momentum as number) ?? 0.9, peak: (k.base_momentum as number) ?? 0.8, ...common });
      moms.forEach((want, t) => expect(Math.abs(valueAt(m, t) - want)).toBeLessThanOrEqual(1e-13 * Math.abs(want)));
    }
  });
});

describe('cyclic docs example', () => {
  it('gives 0, 0.5, 1, 0.5, 0, ... and a second triangular2 peak of 0.5', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((t) => valueAt({ type: 'cyclic', from: 0, peak: 1, upSteps: 2 }, t))).toEqual([0, 0.5, 1, 0.5, 0, 0.5, 1]);
    expect(valueAt({ type: 'cyclic', from: 0, peak: 1, upSteps: 2, mode: 'triangular2' }, 6)).toBe(0.5);
  });
});
