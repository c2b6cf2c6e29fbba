import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specError as error } from '../../test/spec-error.js';
import { valueAt } from '../evaluate/api.js';
import { fromTimmArgs, type TimmArgsOptions } from './timm-args.js';

interface TimmCase {
  id: string;
  input: Record<string, unknown>;
  options: TimmArgsOptions;
  lr_used: number;
  num_epochs: number;
  lr: number[];
  noise_window?: [number, number] | [];
  noise_pct?: number;
}

// timm's train.py loop over its schedulers, re-implemented from pytorch-image-models (commit in the
// fixture) by test/fixtures/generate_timm.py: the lr each update runs with.
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/timm-args.json', import.meta.url), 'utf8')) as { cases: TimmCase[] };

describe('fromTimmArgs', () => {
  it('has the recipes the issue lists (per-epoch cosine with warmup and cooldown; per-update with warmup_prefix and lr: null; step with decay_epochs 2.4)', () => {
    const ids = fixture.cases.map((c) => c.id).join('\n');
    for (const word of ['per-epoch cosine with warmup and cooldown', 'warmup_prefix and lr: null', 'decay_epochs 2.4']) expect(ids).toContain(word);
  });

  for (const c of fixture.cases) {
    it(`applies timm's lr at every update for ${c.id} (within 1e-9 relative)`, () => {
      const policy = fromTimmArgs(c.input, c.options);
      const [lo, hi] = c.noise_window?.length === 2 ? c.noise_window : [Infinity, Infinity];
      let noisy = 0;
      c.lr.forEach((want, u) => {
        const got = valueAt(policy.lr, u);
        if (u >= lo && u < hi) {
          // seeded noise: cyclr's draws are not torch's; the value stays within timm's bound of the noiseless one
          noisy++;
          expect(Math.abs(got - want)).toBeLessThanOrEqual(2 * (c.noise_pct as number) * Math.abs(want) + 1e-12);
          return;
        }
        const err = want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
        if (!(err <= 1e-9)) expect.fail(`update ${u}: timm gives ${want}, cyclr ${got}`);
      });
      if (c.noise_window?.length === 2) expect(noisy).toBe(hi - lo);
      if (['cosine', 'tanh', 'poly'].includes(String(c.input.sched))) expect(policy.description).toContain(`a run of ${c.num_epochs} epochs`);
    });
  }

  it('adds the plateau control for sched: plateau, its mode from eval_metric', () => {
    const c = fixture.cases.find((x) => x.input.sched === 'plateau') as TimmCase;
    const policy = fromTimmArgs(c.input, c.options);
    expect(policy.plateau).toMatchObject({ mode: 'min', patience: 2, factor: 0.1, cooldown: 0 });
  });

  it('names the known scheds for an unknown one (a timm YAML with sched: cosinee)', () => {
    const e = error(() => fromTimmArgs({ sched: 'cosinee', epochs: 10, lr: 0.1 }, { updatesPerEpoch: 5 }));
    expect(e.issues[0]).toMatchObject({ code: 'unknown_type', path: ['sched'] });
    for (const name of ['cosine', 'tanh', 'step', 'multistep', 'plateau', 'poly']) expect(e.message).toContain(name);
    expect(e.message).toContain("did you mean 'cosine'");
  });

  it('reports three misspelt scheduler keys at once, with the timm argument meant, and ignores the rest of args.yaml', () => {
    const e = error(() => fromTimmArgs({ sched: 'cosine', lr: 0.1, lr_cycle_mull: 2, warmup_epoch: 3, min_lrr: 0.001, model: 'resnet50', mixup: 0.8 }, { updatesPerEpoch: 5 }));
    expect(e.issues.map((i) => i.path[0])).toEqual(['lr_cycle_mull', 'warmup_epoch', 'min_lrr']);
    expect(e.message).toContain("did you mean 'lr_cycle_mul'");
    expect(e.message).toContain("did you mean 'warmup_epochs'");
    expect(e.message).toContain("did you mean 'min_lr'");
  });

  it('reads scheduler_kwargs(args) as create_scheduler_v2 does: every unknown keyword at once, lr required', () => {
    const e = error(() => fromTimmArgs({ sched: 'cosine', num_epochs: 10, warmup_epoch: 2, cycle_mull: 2 }, { updatesPerEpoch: 5 }));
    expect(e.issues.map((i) => i.path[0])).toEqual(['warmup_epoch', 'cycle_mull', 'lr']);
    expect(e.issues[2].message).toContain("optimizer's lr");
  });

  it('needs the global batch for lr: null, and updatesPerEpoch always', () => {
    expect(error(() => fromTimmArgs({ sched: 'cosine', lr: null }, { updatesPerEpoch: 5 })).issues[0].path).toEqual(['options', 'batchSize']);
    expect(error(() => fromTimmArgs({ sched: 'cosine', lr: 0.1 }, {} as TimmArgsOptions)).issues[0].path).toEqual(['options', 'updatesPerEpoch']);
  });

  it('refuses plateau stepped on updates, as timm asserts', () => {
    expect(error(() => fromTimmArgs({ sched: 'plateau', lr: 0.1, sched_on_updates: true }, { updatesPerEpoch: 5 })).issues[0].code).toBe('unsupported');
  });
});
