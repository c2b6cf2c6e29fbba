/**
 * toTorch and toOptax against what their emitted code computes: fixtures/generate_export.py ran every
 * snippet (toTorch in real PyTorch 1.13 with Debian's python3-torch; toOptax against stand-ins of jax
 * and optax) and recorded the values update by update. CI checks the exporters still emit exactly
 * that text, and that the values agree with valueAt: within 1e-12 relative for PyTorch (float64),
 * within float32 rounding (6e-8) for optax's host callback, 1e-12 for optax's native formulas in
 * float64.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toOptax, toTorch, valueAt, ScheduleSpecError, type Policy, type Schedule } from '../src/index.js';

interface ExportFixture {
  id: string;
  policy: Policy;
  torch?: { code: string; values: Record<string, number[]> & { raised?: { at: number } } };
  optax?: { code: string; native: boolean; lr: number[] };
  torchError?: string;
  optaxError?: string;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/export.json', import.meta.url), 'utf8')) as { torch: string; cases: ExportFixture[] };

const worst = { torch: 0, optaxNative: 0, optaxCallback: 0 };

function check(spec: Schedule, values: readonly number[], tol: number, what: string): number {
  let w = 0;
  values.forEach((want, t) => {
    const got = valueAt(spec, t);
    const err = Math.abs(got - want);
    const rel = want === 0 ? err : err / Math.abs(want);
    w = Math.max(w, rel);
    if (!(err <= tol * Math.abs(want))) expect.fail(`${what}, t = ${t}: the emitted code gives ${want}, valueAt ${got}`);
  });
  return w;
}

describe(`code exported for PyTorch ${fixture.torch} and optax`, () => {
  it('covers native classes, LambdaLR, the multi-hyperparameter class and optax natives and callbacks', () => {
    const torch = fixture.cases.flatMap((c) => (c.torch ? [c.torch.code] : []));
    for (const cls of ['StepLR', 'MultiStepLR', 'CosineAnnealingLR', 'CosineAnnealingWarmRestarts', 'CyclicLR', 'OneCycleLR', 'LambdaLR', 'CyclrScheduler']) {
      expect(torch.some((code) => code.includes(cls)), cls).toBe(true);
    }
    expect(fixture.cases.some((c) => c.optax?.native)).toBe(true);
    expect(fixture.cases.some((c) => c.optax && !c.optax.native)).toBe(true);
  });

  for (const c of fixture.cases) {
    it(`emits the recorded code for ${c.id}, whose values agree with valueAt`, () => {
      if (c.torch) {
        expect(toTorch(c.policy)).toBe(c.torch.code);
        for (const [name, values] of Object.entries(c.torch.values)) {
          if (name === 'raised') continue;
          worst.torch = Math.max(worst.torch, check(c.policy[name] as Schedule, values as number[], 1e-12, `torch ${name}`));
        }
      } else {
        expect(() => toTorch(c.policy)).toThrow(ScheduleSpecError);
        expect(c.torchError).toContain('✖');
      }
      if (c.optax) {
        expect(toOptax(c.policy)).toBe(c.optax.code);
        const w = check(c.policy.lr, c.optax.lr, c.optax.native ? 1e-12 : 6e-8, 'optax lr');
        if (c.optax.native) worst.optaxNative = Math.max(worst.optaxNative, w);
        else worst.optaxCallback = Math.max(worst.optaxCallback, w);
      } else expect(() => toOptax(c.policy)).toThrow(ScheduleSpecError);
    });
  }

  it('stays within the stated tolerances over every case', () => {
    expect(worst.torch).toBeLessThanOrEqual(1e-12);
    expect(worst.optaxNative).toBeLessThanOrEqual(1e-12);
    expect(worst.optaxCallback).toBeLessThanOrEqual(6e-8);
  });

  it('refuses plateau control and hyperparameters PyTorch param groups do not have', () => {
    expect(() => toTorch({ version: 1, lr: { type: 'constant', value: 0.1 }, plateau: { patience: 2 } })).toThrow(/ReduceLROnPlateau/);
    expect(() => toTorch({ version: 1, lr: { type: 'constant', value: 0.1 }, dropout: { type: 'constant', value: 0.1 } } as Policy)).toThrow(/no dropout/);
    expect(() => toTorch({ version: 1, lr: { type: 'noise', amount: 0.1, schedule: { type: 'constant', value: 0.1 } } })).toThrow(/seeded generator/);
  });
});
