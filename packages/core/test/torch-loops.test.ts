/**
 * fromTorch with the ways training scripts step PyTorch schedulers, against real PyTorch 1.13 runs
 * (fixtures/torch-loops.json, written by fixtures/generate_torch_loops.py with Debian's python3-torch):
 * once per epoch (`stepsPerEpoch`), `step(epoch + i / iters)` (`fractionalEpochs`), ChainedScheduler
 * with an affine CosineAnnealingLR (eta_min != 0), per-group lists (`fromTorchGroups`), and a
 * fractional CyclicLR step_size_up.
 *
 * Tolerance: |cyclr - torch| <= 1e-12·|torch| at every recorded update, no absolute floor.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromTorch, fromTorchGroups, ScheduleSpecError, valueAt, type Policy, type Schedule, type TorchImportOptions, type TorchOptimizer } from '../src/index.js';

interface LoopCase {
  id: string;
  loop: 'update' | 'epoch' | 'fractional';
  className: string;
  kwargs: Record<string, unknown>;
  optimizer: { type: string; lr: number; momentum?: number; betas?: number[]; groups?: Array<Record<string, unknown>> };
  epochs: number;
  iters: number;
  lr: number[] | number[][];
  momentum?: number[] | number[][];
  beta1?: number[] | number[][];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/torch-loops.json', import.meta.url), 'utf8')) as { torch: string; cases: LoopCase[] };

/** The fixture's optimizer as fromTorch takes it: per-group values as lists. */
function optimizerOf(c: LoopCase): TorchOptimizer {
  const { groups, ...rest } = c.optimizer;
  if (!groups) return rest;
  const list = (key: string) => groups.map((g) => (g[key] ?? (rest as Record<string, unknown>)[key]) as number);
  const out: TorchOptimizer = { ...rest, lr: list('lr') as unknown as number };
  if (rest.momentum !== undefined) out.momentum = list('momentum') as unknown as number;
  if (groups.some((g) => g.betas)) out.betas = groups.map((g) => (g.betas ?? rest.betas ?? [0.9, 0.999]) as number[]) as unknown as number[];
  return out;
}

function optionsOf(c: LoopCase): TorchImportOptions {
  if (c.loop === 'epoch') return { stepsPerEpoch: c.iters };
  if (c.loop === 'fractional') return { stepsPerEpoch: c.iters, fractionalEpochs: true };
  return {};
}

let worst = 0;
function expectTorch(spec: Schedule, expected: readonly number[], what: string): void {
  expected.forEach((want, u) => {
    const got = valueAt(spec, u);
    const err = Math.abs(got - want);
    worst = Math.max(worst, want === 0 ? err : err / Math.abs(want));
    if (!(err <= 1e-12 * Math.abs(want))) expect.fail(`${what}, update ${u}: torch ${want}, cyclr ${got} (relative ${(err / Math.abs(want)).toExponential(2)})`);
  });
}

describe(`fromTorch against real PyTorch ${fixture.torch} training loops`, () => {
  it('has the cases the issue lists: per-epoch stepping, a fractional-epoch warm restart, a chained warmup + cosine with eta_min', () => {
    const ids = fixture.cases.map((c) => c.id).join('\n');
    expect(ids).toContain('per epoch');
    expect(ids).toContain('CosineAnnealingWarmRestarts step(epoch + i / iters)');
    expect(ids).toContain('ChainedScheduler LinearLR warmup and CosineAnnealingLR with eta_min');
  });

  for (const c of fixture.cases) {
    it(`reproduces ${c.id} (${c.loop} loop) update by update`, () => {
      const grouped = Array.isArray(c.lr[0]);
      const policies: Policy[] = grouped ? fromTorchGroups(c.className, c.kwargs, optimizerOf(c), optionsOf(c)) : [fromTorch(c.className, c.kwargs, optimizerOf(c), optionsOf(c))];
      const per = <T>(v: T[] | T[][] | undefined, g: number): T[] | undefined => (v === undefined ? undefined : grouped ? (v as T[][])[g] : (v as T[]));
      expect(policies.length).toBe(grouped ? (c.lr as number[][]).length : 1);
      policies.forEach((policy, g) => {
        expectTorch(policy.lr, per(c.lr, g) as number[], `group ${g} lr`);
        for (const key of ['momentum', 'beta1'] as const) {
          const m = per(c[key], g);
          if (m) expectTorch(policy[key] as Schedule, m, `group ${g} ${key}`);
        }
      });
    });
  }

  it('stays within 1e-12 relative of PyTorch over every case (the worst case is measured above)', () => {
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it('refuses step(epoch + i / iters) for SequentialLR, whose step() takes no epoch, and lists of the wrong length', () => {
    const seq = { schedulers: [{ ConstantLR: {} }, { ExponentialLR: { gamma: 0.9 } }], milestones: [2] };
    expect(() => fromTorch('SequentialLR', seq, { lr: 0.1 }, { stepsPerEpoch: 4, fractionalEpochs: true })).toThrow(ScheduleSpecError);
    expect(() => fromTorch('StepLR', { step_size: 2 }, { lr: 0.1 }, { fractionalEpochs: true })).toThrow(/needs stepsPerEpoch/);
    expect(() => fromTorchGroups('CyclicLR', { base_lr: [0.001, 0.01, 0.1], max_lr: [0.1, 0.2] }, { lr: [0.1, 0.1] as unknown as number })).toThrow(/expected 2 values/);
    expect(() => fromTorch('CyclicLR', { base_lr: [0.001, 0.01], max_lr: 0.1 })).toThrow(/fromTorchGroups/);
  });
});
