/** The frameworks `cyclr convert --from` imports, and the JSON each expects (help and errors). */
export const FROM_FORMATS = ['torch', 'keras', 'optax', 'timm', 'transformers'] as const;
export type FromFormat = (typeof FROM_FORMATS)[number];

export const EXPECTED: Record<FromFormat, string> = {
  torch: '{ "class": "CyclicLR", "kwargs": { ... }, "optimizer": { "type": "SGD", "lr": 0.1, "momentum": 0.9 } }',
  keras: 'a serialized Keras schedule { "class_name": "CosineDecay", "config": { ... } } (or an optimizer config holding one)',
  optax: '{ "name": "warmup_cosine_decay_schedule", "kwargs": { ... } }',
  timm: 'the timm scheduler kwargs { "sched": "cosine", "num_epochs": 100, ... }',
  transformers: '{ "name": "cosine", "kwargs": { "num_warmup_steps": 100, "num_training_steps": 1000 }, "optimizer": { "lr": 5e-5 } }',
};
