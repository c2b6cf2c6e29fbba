import { fromKeras, fromOptax, fromTimm, fromTimmArgs, fromTorch, fromTrainingArguments, fromTransformers, valuesAt, type Policy } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { IMPORTERS, ImportError, importFailure, importerById } from './importers.js';

const same = (a: Policy, b: Policy, steps = 1200): void => {
  for (let t = 0; t < steps; t++) expect(valuesAt(a, t), `step ${t}`).toEqual(valuesAt(b, t));
};
const run = (id: string, values: Record<string, string>, stepsPerEpoch?: number) => importerById(id)!.run({ ...importerById(id)!.defaults, ...values }, { stepsPerEpoch });

describe('the "from" importers', () => {
  it('each imports its own defaults, giving what core gives for the same arguments', () => {
    expect(IMPORTERS.map((i) => i.id)).toEqual(['pytorch', 'keras', 'optax', 'timm', 'timm-args', 'transformers', 'hf-trainer']);
    same(run('timm-args', {}, 50).policy, fromTimmArgs({ sched: 'cosine', epochs: 100, lr: 0.001, min_lr: 1e-5, warmup_epochs: 5, warmup_lr: 1e-6, sched_on_updates: false }, { updatesPerEpoch: 50 }), 600);
    same(run('hf-trainer', {}).policy, fromTrainingArguments({ learning_rate: 5e-5, lr_scheduler_type: 'linear', warmup_ratio: 0.1, num_train_epochs: 3, per_device_train_batch_size: 16, gradient_accumulation_steps: 1 }, { trainSamples: 8000 }));
    expect(() => run('timm-args', {})).toThrow(/steps per epoch: timm schedules by epoch/);
    same(run('pytorch', {}).policy, fromTorch('OneCycleLR', { max_lr: 0.1, total_steps: 1000 }, { type: 'SGD', lr: 0.1, momentum: 0.9 }));
    same(run('keras', {}).policy, { version: 1, lr: fromKeras({ class_name: 'CosineDecay', config: { initial_learning_rate: 0.1, decay_steps: 1000, alpha: 0 } }) });
    same(run('optax', {}).policy, { version: 1, lr: fromOptax('warmup_cosine_decay_schedule', { init_value: 0, peak_value: 1e-3, warmup_steps: 100, decay_steps: 1000, end_value: 1e-5 }) });
    same(run('timm', {}).policy, { version: 1, lr: fromTimm({ sched: 'cosine', lr: 5e-4, t_initial: 100, lr_min: 1e-6, warmup_t: 5, warmup_lr_init: 1e-6 }) }, 120);
    same(run('transformers', {}).policy, { version: 1, lr: fromTransformers('cosine', { num_warmup_steps: 100, num_training_steps: 1000 }, { lr: 5e-5 }) });
  });

  it('takes the class from a pasted PyTorch call over the selector, and the optimizer from its call', () => {
    const r = run('pytorch', { className: 'StepLR', kwargs: 'CyclicLR(optimizer, base_lr=0.001, max_lr=0.01, step_size_up=20, mode="triangular2")', optimizer: 'torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)' });
    expect(r.label).toBe('PyTorch CyclicLR');
    expect(r.importedFrom).toBe('pytorch');
    same(r.policy, fromTorch('CyclicLR', { base_lr: 0.001, max_lr: 0.01, step_size_up: 20, mode: 'triangular2' }, { type: 'SGD', lr: 0.01, momentum: 0.9 }), 200);
  });

  it('fills steps_per_epoch=len(loader) from the steps-per-epoch field, and refuses it without one', () => {
    const kwargs = 'OneCycleLR(opt, max_lr=0.1, epochs=3, steps_per_epoch=len(train_loader))';
    same(run('pytorch', { kwargs }, 50).policy, fromTorch('OneCycleLR', { max_lr: 0.1, epochs: 3, steps_per_epoch: 50 }, { type: 'SGD', lr: 0.1, momentum: 0.9 }), 160);
    expect(() => run('pytorch', { kwargs })).toThrow(ImportError);
    expect(() => run('pytorch', { kwargs })).toThrow('kwargs: steps_per_epoch=len(train_loader) is not a number the studio can read: enter the steps per epoch in the form');
    expect(() => run('pytorch', { kwargs: 'max_lr=args.lr, total_steps=10' })).toThrow('max_lr=args.lr is not a number the studio can read: write its value');
  });

  it('holds each value for an epoch when the scheduler is stepped per epoch', () => {
    const r = run('pytorch', { className: 'StepLR', kwargs: 'step_size=2, gamma=0.5', optimizer: 'SGD(lr=1)', stepped: 'per epoch' }, 3);
    expect(Array.from({ length: 14 }, (_, t) => valuesAt(r.policy, t).lr)).toEqual([1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25]);
    expect(() => run('pytorch', { className: 'StepLR', kwargs: 'step_size=2', optimizer: 'SGD(lr=1)', stepped: 'per epoch' })).toThrow(/needs the steps per epoch/);
  });

  it('runs timm on epochs when steps per epoch is given (t_in_epochs)', () => {
    const r = run('timm', { kwargs: "sched='step', lr=0.1, decay_t=2, decay_rate=0.1" }, 10);
    expect([0, 19, 20, 39, 40].map((t) => valuesAt(r.policy, t).lr)).toEqual([0.1, 0.1, valueAt01(0.1, 1), valueAt01(0.1, 1), valueAt01(0.1, 2)]);
    const perUpdate = run('timm', { kwargs: "sched='step', lr=0.1, decay_t=2, decay_rate=0.1, t_in_epochs=False" }, 10);
    expect(valuesAt(perUpdate.policy, 2).lr).toBeCloseTo(0.01, 15);
  });

  it('reads Keras configs as JSON or as the Python dict get_config() prints, and HF helpers by name', () => {
    const py = run('keras', { config: "{'class_name': 'ExponentialDecay', 'config': {'initial_learning_rate': 0.1, 'decay_steps': 10, 'decay_rate': 0.5, 'staircase': True, 'name': None}}" });
    expect(py.label).toBe('Keras ExponentialDecay');
    expect([0, 9, 10, 20].map((t) => valuesAt(py.policy, t).lr)).toEqual([0.1, 0.1, 0.05, 0.025]);
    const hf = run('transformers', { name: 'constant', kwargs: 'get_linear_schedule_with_warmup(optimizer, num_warmup_steps=10, num_training_steps=110)', lr: '0.001' });
    expect(hf.label).toBe('HF linear');
    expect([0, 5, 10, 60, 110].map((t) => valuesAt(hf.policy, t).lr)).toEqual([0, 0.0005, 0.001, 0.0005, 0]);
    const gs = run('transformers', { name: 'constant', kwargs: 'get_scheduler("cosine", optimizer, num_warmup_steps=0, num_training_steps=100)', lr: '1' });
    expect(gs.label).toBe('HF cosine');
  });

  it("reports core's issues with their paths, and form problems by field", () => {
    const lines = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return importFailure(error);
      }
      throw new Error('expected a failure');
    };
    expect(lines(() => run('pytorch', { kwargs: 'max_lr=0.1, total_step=100' })).join('\n')).toMatch(/did you mean "total_steps".*\(at total_step\)$/);
    expect(lines(() => run('transformers', { lr: '' }))).toEqual(["lr: the optimizer's learning rate is needed: HF's schedules multiply it"]);
    expect(lines(() => run('optax', { kwargs: 'init_value=(' }))[0]).toMatch(/^kwargs: /);
  });
});

function valueAt01(lr: number, k: number): number {
  return lr * Math.pow(0.1, k);
}
