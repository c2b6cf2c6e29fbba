import { describe, expect, it } from 'vitest';
import { PasteError } from './python-args.js';
import { readYamlMapping } from './yaml-lite.js';

describe('readYamlMapping', () => {
  it("reads timm's args.yaml as yaml.safe_dump writes it", () => {
    const text = ['aa: rand-m9-mstd0.5-inc1', 'batch_size: 128', 'decay_milestones:', '- 90', '- 180', 'epochs: 300', 'lr: null', 'lr_base: 0.1', 'min_lr: 1.0e-05', "model: 'resnet50'", 'sched_on_updates: false', 'warmup_lr: 1.0e-05 # comment', 'input_size: [3, 224, 224]', 'lr_noise:'].join('\n');
    expect(readYamlMapping(text)).toEqual({ aa: 'rand-m9-mstd0.5-inc1', batch_size: 128, decay_milestones: [90, 180], epochs: 300, lr: null, lr_base: 0.1, min_lr: 1e-5, model: 'resnet50', sched_on_updates: false, warmup_lr: 1e-5, input_size: [3, 224, 224], lr_noise: null });
  });

  it('reads nested mappings by indentation (lr_scheduler_kwargs)', () => {
    expect(readYamlMapping('learning_rate: 2e-5\nlr_scheduler_kwargs:\n  min_lr_rate: 0.1\n  num_cycles: 0.5\nmax_steps: 1000\n')).toEqual({ learning_rate: 2e-5, lr_scheduler_kwargs: { min_lr_rate: 0.1, num_cycles: 0.5 }, max_steps: 1000 });
  });

  it('refuses what it does not read, naming the line', () => {
    expect(() => readYamlMapping('a: 1\nb: &x 2')).toThrow(PasteError);
    expect(() => readYamlMapping('a: 1\nb: &x 2')).toThrow(/^line 2: /);
    expect(() => readYamlMapping('a: 1\n    b: 2')).toThrow(/line 2: unexpected indentation/);
    expect(() => readYamlMapping('just text')).toThrow(/line 1: expected key: value/);
  });
});
