import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specError as error } from '../../test/spec-error.js';
import { valueAt } from '../evaluate/api.js';
import { fromTrainingArguments, type TrainingArgumentsDataset } from './training-arguments.js';

interface HfCase { id: string; args: Record<string, unknown>; dataset?: TrainingArgumentsDataset; steps: number; warmup: number; lr: number[] }

// HF Trainer's schedules for TrainingArguments recipes: test/fixtures/generate_hf.py re-implements
// transformers' formulas (optimization.py, training_args.py, trainer.py; commits in the fixture)
// and runs them in a real torch LambdaLR.
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/hf-trainer.json', import.meta.url), 'utf8')) as { cases: HfCase[] };

describe('fromTrainingArguments', () => {
  it('has the recipes the issue lists (epochs + ratio, max_steps + warmup_steps, v5 float ratio, a fractional restart period)', () => {
    const ids = fixture.cases.map((c) => c.id).join('\n');
    for (const word of ['warmup_ratio', 'max_steps 1000 with warmup_steps', 'v5 float warmup_steps', '422.5']) expect(ids).toContain(word);
  });

  for (const c of fixture.cases) {
    it(`runs HF Trainer's schedule for ${c.id} (within 1e-9 relative at every step)`, () => {
      const policy = fromTrainingArguments(c.args, c.dataset);
      expect(policy.description).toContain(`${c.steps} steps, ${c.warmup} warmup steps`);
      let worst = 0;
      c.lr.forEach((want, t) => {
        const got = valueAt(policy.lr, t);
        const err = want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
        worst = Math.max(worst, err);
        if (!(err <= 1e-9)) expect.fail(`t = ${t}: HF gives ${want}, cyclr ${got}`);
      });
      expect(worst).toBeLessThanOrEqual(1e-9);
    });
  }

  it('reports every unknown schedule-like key at once, with the TrainingArguments key meant', () => {
    const e = error(() => fromTrainingArguments({ max_steps: 100, warmup_step: 10, learning_rat: 1e-4, lr_schedular_type: 'cosine', output_dir: 'x', my_own_flag: true }));
    expect(e.issues.map((i) => i.path[0])).toEqual(['warmup_step', 'learning_rat', 'lr_schedular_type']);
    expect(e.issues.map((i) => i.code)).toEqual(['unknown_key', 'unknown_key', 'unknown_key']);
    expect(e.message).toContain("did you mean 'warmup_steps'");
    expect(e.message).toContain("did you mean 'learning_rate'");
    expect(e.message).toContain("did you mean 'lr_scheduler_type'");
  });

  it('points scheduler arguments at the top level to lr_scheduler_kwargs, and num_warmup_steps to warmup_steps', () => {
    const e = error(() => fromTrainingArguments({ max_steps: 100, lr_scheduler_type: 'cosine', num_cycles: 2, num_warmup_steps: 5 }));
    expect(e.issues.map((i) => i.path[0])).toEqual(['num_cycles', 'num_warmup_steps']);
    expect(e.issues[0].message).toContain('lr_scheduler_kwargs');
    expect(e.issues[1].message).toContain("did you mean 'warmup_steps'");
  });

  it('reports every problem together: a bad value, a missing dataset, an unknown scheduler name', () => {
    const e = error(() => fromTrainingArguments({ lr_scheduler_type: 'cosin', learning_rate: 'high', warmup_ratio: 2 }));
    expect(e.issues.map((i) => i.path.join('.'))).toEqual(['learning_rate', 'lr_scheduler_type', 'warmup_ratio', 'dataset']);
    expect(e.issues[1].message).toContain("did you mean 'cosine'");
  });

  it('refuses reduce_lr_on_plateau with the pointer to plateau control, and keys that change the run at run time', () => {
    const e = error(() => fromTrainingArguments({ max_steps: 10, lr_scheduler_type: 'reduce_lr_on_plateau', auto_find_batch_size: true, deepspeed: 'ds_config.json' }));
    expect(e.issues.map((i) => i.path[0])).toEqual(['lr_scheduler_type', 'auto_find_batch_size', 'deepspeed']);
    expect(e.issues[0].message).toContain('plateau');
    expect(e.issues.every((i) => i.code === 'refused')).toBe(true);
  });

  it('refuses lr_scheduler_kwargs that get_scheduler ignores (inverse_sqrt timescale), and invalid JSON text', () => {
    expect(error(() => fromTrainingArguments({ max_steps: 10, lr_scheduler_type: 'inverse_sqrt', lr_scheduler_kwargs: { timescale: 100 } })).issues[0])
      .toMatchObject({ code: 'refused', path: ['lr_scheduler_kwargs', 'timescale'] });
    expect(error(() => fromTrainingArguments({ max_steps: 10, lr_scheduler_kwargs: '{"num_cycles": 2' })).issues[0])
      .toMatchObject({ code: 'invalid_json', path: ['lr_scheduler_kwargs'] });
  });

  it("re-roots the scheduler's own errors onto TrainingArguments keys", () => {
    const e = error(() => fromTrainingArguments({ max_steps: 10, lr_scheduler_type: 'cosine', lr_scheduler_kwargs: { num_cycle: 2 } }));
    expect(e.issues[0]).toMatchObject({ code: 'unknown_key', path: ['lr_scheduler_kwargs', 'num_cycle'] });
    expect(e.message).toContain("did you mean 'num_cycles'");
  });

  it('computes the run from the dataset: ceil over devices, floor with drop_last, accumulation rounded up, fractional epochs', () => {
    // 1000 samples, batch 8 × 3 devices = 24: 42 batches (41 with drop_last); accumulation 4: 11 (11) updates; 1.5 epochs: 17
    const args = { lr_scheduler_type: 'linear', per_device_train_batch_size: 8, gradient_accumulation_steps: 4, num_train_epochs: 1.5 };
    expect(fromTrainingArguments(args, { trainSamples: 1000, worldSize: 3 }).description).toContain('17 steps');
    expect(fromTrainingArguments({ ...args, dataloader_drop_last: true, gradient_accumulation_steps: 1 }, { trainSamples: 1000, worldSize: 3 }).description).toContain('62 steps');
    expect(fromTrainingArguments(args, { stepsPerEpoch: 10 }).description).toContain('15 steps');
    expect(error(() => fromTrainingArguments(args, { stepsPerEpoch: 10, trainSamples: 5 })).issues[0].code).toBe('conflict');
  });

  it('takes v5 warmup_steps as a count (truncated) from 1 on and as a ratio (ceil) below 1; v4 warmup_steps wins over warmup_ratio', () => {
    const base = { lr_scheduler_type: 'linear', max_steps: 1000 };
    expect(fromTrainingArguments({ ...base, warmup_steps: 12.9 }).description).toContain('12 warmup steps');
    expect(fromTrainingArguments({ ...base, warmup_steps: 0.0125 }).description).toContain('13 warmup steps');
    expect(fromTrainingArguments({ ...base, warmup_steps: 7, warmup_ratio: 0.5 }).description).toContain('7 warmup steps');
    expect(error(() => fromTrainingArguments({ ...base, warmup_steps: 0.1, warmup_ratio: 0.2 })).issues[0].code).toBe('conflict');
  });

  it('needs no dataset for a schedule that never reads the run length (constant, a warmup given in steps)', () => {
    expect(valueAt(fromTrainingArguments({ lr_scheduler_type: 'constant', learning_rate: 0.01 }).lr, 123)).toBe(0.01);
    expect(valueAt(fromTrainingArguments({ lr_scheduler_type: 'constant_with_warmup', learning_rate: 0.01, warmup_steps: 10 }).lr, 5)).toBeCloseTo(0.005, 15);
    expect(error(() => fromTrainingArguments({ lr_scheduler_type: 'constant_with_warmup', warmup_ratio: 0.1 })).issues[0].path).toEqual(['dataset']);
  });
});
