// The root README's "Configs in, code out" example, run: its code and the values in its comments
// must stay true.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromTimmArgs, fromTorch, fromTrainingArguments, toTorch, valueAt } from '../src/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const block = readme.split('### Configs in, code out')[1]?.split('```ts')[1]?.split('```')[0] ?? '';

describe("the README's interop example", () => {
  it('shows fromTrainingArguments, fromTimmArgs, the per-epoch torch import and toTorch', () => {
    for (const name of ['fromTrainingArguments(', 'fromTimmArgs(', '{ stepsPerEpoch: 390 }', 'toTorch(hf)']) expect(block).toContain(name);
    expect(readme.split('### Configs in, code out')[1]).toContain('--to torch');
  });

  it('gives the values its comments state', () => {
    const hf = fromTrainingArguments({ lr_scheduler_type: 'cosine', learning_rate: 2e-5, num_train_epochs: 3, warmup_ratio: 0.1,
      per_device_train_batch_size: 16, gradient_accumulation_steps: 2 }, { trainSamples: 10_000, worldSize: 4 });
    expect(hf.description).toContain('237 steps, 24 warmup steps');
    expect(valueAt(hf.lr, 24)).toBe(2e-5);
    const timm = fromTimmArgs({ sched: 'step', lr: 0.064, decay_epochs: 2.4, decay_rate: 0.97, warmup_epochs: 3, warmup_lr: 1e-6 }, { updatesPerEpoch: 625 });
    expect(valueAt(timm.lr, 3 * 625)).toBeCloseTo(0.06208, 15);
    const step = fromTorch('StepLR', { step_size: 30, gamma: 0.1 }, { type: 'SGD', lr: 0.1 }, { stepsPerEpoch: 390 });
    expect(valueAt(step.lr, 30 * 390 - 1)).toBe(0.1);
    expect(valueAt(step.lr, 30 * 390)).toBeCloseTo(0.01, 15);
    expect(toTorch(hf)).toMatch(/def make_scheduler\(optimizer\):[\s\S]*LambdaLR\(optimizer, lr_at\)/);
  });
});
