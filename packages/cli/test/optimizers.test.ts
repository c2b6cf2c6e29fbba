// `cyclr lint --optimizer` accepts the names in OPTIMIZERS; this holds each group to what core's
// lintSchedule does with it, so the list cannot drift from core.
import { LINT_OPTIMIZERS, lintSchedule, type Policy } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { KNOWN_OPTIMIZERS, OPTIMIZERS } from '../src/registry.js';

const withMomentum: Policy = { version: 1, lr: { type: 'constant', value: 0.1 }, momentum: { type: 'constant', value: 0.9 } };
const withBeta: Policy = { version: 1, lr: { type: 'constant', value: 0.1 }, beta1: { type: 'constant', value: 0.9 } };
const codes = (policy: Policy, optimizer: string): string[] => lintSchedule(policy, { optimizer }).map((f) => f.code);

describe('the optimizers cyclr lint knows', () => {
  it("are core's LINT_OPTIMIZERS, in its order, each in one group", () => {
    expect([...KNOWN_OPTIMIZERS]).toEqual([...LINT_OPTIMIZERS]);
    expect([...OPTIMIZERS.withoutMomentum, ...OPTIMIZERS.withMomentum, ...OPTIMIZERS.adamLike].sort()).toEqual([...LINT_OPTIMIZERS].sort());
  });

  it.each(OPTIMIZERS.withoutMomentum)('%s: core warns about a momentum schedule and a beta schedule', (name) => {
    expect(codes(withMomentum, name)).toContain('momentum-without-momentum');
    expect(codes(withBeta, name)).toContain('betas-without-adam');
  });
  it.each(OPTIMIZERS.withMomentum)('%s: core accepts a momentum schedule, warns about betas', (name) => {
    expect(codes(withMomentum, name)).not.toContain('momentum-without-momentum');
    expect(codes(withBeta, name)).toContain('betas-without-adam');
  });
  it.each(OPTIMIZERS.adamLike)('%s: core accepts betas and says to cycle beta1 instead of momentum', (name) => {
    expect(codes(withBeta, name)).not.toContain('betas-without-adam');
    expect(lintSchedule(withMomentum, { optimizer: name }).find((f) => f.code === 'momentum-without-momentum')?.message).toContain('cycle beta1 instead');
  });
});
