import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fromKeras, fromTimmArgs, fromTorch, fromTrainingArguments, toOptax, toTorch, valueAt, type Policy } from '@cyclr/core';
import { cli, fixture } from './helpers.js';

const example = (name: string) => fixture(`examples/${name}`);
const text = (name: string) => readFile(example(name), 'utf8');

describe('cyclr convert --help examples', () => {
  it('lists examples, and every one of them runs (the files named are in test/fixtures/examples)', async () => {
    const help = (await cli(['convert', '--help'])).stdout;
    const lines = help.split('\n').filter((l) => l.startsWith('  cyclr convert '));
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) {
      const argv = line.trim().split(/\s+/).slice(1).map((a) => (/\.(json|ya?ml)$/.test(a) ? example(a) : a)).filter((a, i, all) => a !== '-o' && all[i - 1] !== '-o');
      const r = await cli(argv);
      expect(r.stderr, line).toBe('');
      expect(r.code, line).toBe(0);
      expect(r.stdout.length, line).toBeGreaterThan(20);
    }
  });

  it('shows timm input that --from timm accepts (the kwargs of a scheduler class)', async () => {
    const help = (await cli(['convert', '--help'])).stdout;
    const timm = help.split('\n').find((l) => l.trim().startsWith('timm '));
    expect(timm).toContain('"t_initial": 100');
    const r = await cli(['convert', '--from', 'timm', '-'], { stdin: '{ "sched": "cosine", "lr": 0.05, "t_initial": 100 }' });
    expect(r.code).toBe(0);
  });
});

describe('cyclr convert --from hf-trainer and timm-args', () => {
  it('imports training_args.json as fromTrainingArguments does, with --train-samples and --world-size', async () => {
    const r = await cli(['convert', '--from', 'hf-trainer', example('training_args.json'), '--train-samples', '10000', '--world-size', '4']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(fromTrainingArguments(JSON.parse(await text('training_args.json')), { trainSamples: 10000, worldSize: 4 }))));
  });

  it('reads YAML: a timm args.yaml with lr: null, --steps-per-epoch and --batch-size', async () => {
    const r = await cli(['convert', '--from', 'timm-args', example('args.yaml'), '--steps-per-epoch', '625', '--batch-size', '1024']);
    expect(r.code).toBe(0);
    const expected = fromTimmArgs(parseYaml(await text('args.yaml')) as Record<string, unknown>, { updatesPerEpoch: 625, batchSize: 1024 });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
    // lr = lr_base × 1024/256 (linear scaling for rmsproptf); epoch 3 is past the warmup and 3 // 2.4 = 1 decay in
    expect(valueAt((JSON.parse(r.stdout) as Policy).lr, 3 * 625)).toBeCloseTo(0.016 * 4 * 0.97, 12);
  });

  it('reads YAML from standard input too, and names the known scheds for an unknown one', async () => {
    const r = await cli(['convert', '--from', 'timm-args', '-', '--steps-per-epoch', '10'], { stdin: 'sched: cosinee\nlr: 0.1\nepochs: 5\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cosine, tanh, step, multistep, plateau, poly');
  });

  it('reports every unknown key of a TrainingArguments file at once', async () => {
    const r = await cli(['convert', '--from', 'hf-trainer', '-'], { stdin: '{ "max_steps": 100, "warmup_step": 10, "learning_rat": 1e-4, "lr_schedular_type": "cosine" }' });
    expect(r.code).toBe(1);
    for (const key of ['warmup_step', 'learning_rat', 'lr_schedular_type']) expect(r.stderr).toContain(`→ at ${key}`);
  });

  it('exits 2 for a flag the format does not take, and timm-args without --steps-per-epoch', async () => {
    expect(await cli(['convert', '--from', 'keras', example('config.json'), '--train-samples', '5'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--train-samples applies to --from hf-trainer') });
    expect(await cli(['convert', '--from', 'timm-args', example('args.yaml')])).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --steps-per-epoch') });
  });

  it('exits 1 for YAML that does not parse, naming the file', async () => {
    const r = await cli(['convert', '--from', 'timm-args', '-', '--steps-per-epoch', '3'], { stdin: 'sched: [cosine\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not valid JSON or YAML');
  });
});

describe('cyclr convert --from torch with epochs', () => {
  it('holds each epoch (--steps-per-epoch) and follows step(epoch + i / iters) (--fractional-epochs)', async () => {
    const step = JSON.parse(await text('step-lr.json'));
    const held = await cli(['convert', '--from', 'torch', example('step-lr.json'), '--steps-per-epoch', '390']);
    expect(JSON.parse(held.stdout)).toEqual(JSON.parse(JSON.stringify(fromTorch(step.class, step.kwargs, step.optimizer, { stepsPerEpoch: 390 }))));
    const warm = JSON.parse(await text('warm-restarts.json'));
    const smooth = await cli(['convert', '--from', 'torch', example('warm-restarts.json'), '--steps-per-epoch', '390', '--fractional-epochs']);
    expect(JSON.parse(smooth.stdout)).toEqual(JSON.parse(JSON.stringify(fromTorch(warm.class, warm.kwargs, warm.optimizer, { stepsPerEpoch: 390, fractionalEpochs: true }))));
  });
});

describe('cyclr convert --to torch and optax', () => {
  it('prints toTorch and toOptax for a policy or a schedule, and chains an import', async () => {
    const policy = JSON.parse(await text('one-cycle.json')) as Policy;
    expect((await cli(['convert', '--to', 'torch', example('one-cycle.json')])).stdout).toBe(toTorch(policy));
    expect((await cli(['convert', '--to', 'optax', example('cosine.json')])).stdout).toBe(toOptax(JSON.parse(await text('cosine.json'))));
    const keras = await cli(['convert', '--from', 'keras', example('config.json'), '--to', 'torch']);
    expect(keras.stdout).toBe(toTorch(fromKeras(JSON.parse(await text('config.json')))));
  });

  it('notes what optax cannot schedule, and exits 1 for what PyTorch cannot express', async () => {
    const r = await cli(['convert', '--to', 'optax', example('one-cycle.json')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('left out: momentum');
    const noise = await cli(['convert', '--to', 'torch', '-'], { stdin: '{ "type": "noise", "amount": 0.1, "schedule": { "type": "constant", "value": 0.1 } }' });
    expect(noise.code).toBe(1);
    expect(noise.stderr).toContain('cannot convert to torch');
  });
});
