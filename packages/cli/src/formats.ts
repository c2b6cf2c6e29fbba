/** The frameworks `cyclr convert --from` imports, and what each expects (help and errors). */
export const FROM_FORMATS = ['torch', 'keras', 'optax', 'timm', 'transformers', 'hf-trainer', 'timm-args'] as const;
export type FromFormat = (typeof FROM_FORMATS)[number];

/** What `cyclr convert --to` writes. */
export const TO_FORMATS = ['cyclr', 'keras', 'torch', 'optax'] as const;
export type ToFormat = (typeof TO_FORMATS)[number];

export const EXPECTED: Record<FromFormat, string> = {
  torch: '{ "class": "CyclicLR", "kwargs": { ... }, "optimizer": { "type": "SGD", "lr": 0.1, "momentum": 0.9 } }',
  keras: 'a serialized schedule or optimizer, a compile dict, get_compile_config(), or a .keras config.json',
  optax: '{ "name": "warmup_cosine_decay_schedule", "kwargs": { ... } }',
  timm: 'a timm scheduler\'s kwargs { "sched": "cosine", "lr": 0.05, "t_initial": 100, ... }',
  transformers: '{ "name": "cosine", "kwargs": { "num_warmup_steps": 100, "num_training_steps": 1000 }, "optimizer": { "lr": 5e-5 } }',
  'hf-trainer': 'an HF TrainingArguments dict (training_args.json, a YAML recipe); --train-samples [--world-size] or --steps-per-epoch unless max_steps is set',
  'timm-args': "timm's args.yaml (or a --config recipe, or scheduler_kwargs(args) with lr); --steps-per-epoch N, and --batch-size or --world-size for lr: null",
};
