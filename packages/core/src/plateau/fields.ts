import { int, list, name, nonNegative, num, numberOrRecord, oneOf, optional, type Infer } from '../base/fields.js';

/** The plateau options, declared once: validation, the JSON Schema and the `PlateauOptions` type come from this table. */
export const PLATEAU_FIELDS = {
  mode: optional(oneOf("'min': lower is better (a loss); 'max': higher is better (an accuracy)", ['min', 'max']), 'min'),
  threshold: optional(nonNegative('how much better counts as better'), 1e-4),
  thresholdMode: optional(oneOf("'rel': better means < best·(1 - threshold) (PyTorch); 'abs': < best - threshold (Keras min_delta, fastai)", ['rel', 'abs']), 'rel'),
  patience: optional(int('bad evaluations tolerated', 0), 10),
  trigger: optional(oneOf("reduce when bad evaluations '>' patience (PyTorch) or '>=' patience (Keras, fastai)", ['>', '>=']), '>'),
  cooldown: optional(int('evaluations ignored after a reduction', 0), 0),
  cooldownFrom: optional(oneOf("'next' (PyTorch): the cooldown evaluations follow the reducing one; 'reduction' (Keras): the reducing evaluation is the first of them", ['next', 'reduction']), 'next'),
  factor: optional(num("multiplier per reduction, in (0, 1) (fastai's factor=10 divides: use 0.1)", { min: 0, minExclusive: true, max: 1, maxExclusive: true }), 0.1),
  minValue: optional(numberOrRecord('the reduced value never goes below this (PyTorch/Keras min_lr); one number, or one per hyperparameter', num('a floor')), 0),
  eps: optional(nonNegative('a reduction that lowers the applied value by eps or less is skipped (PyTorch)'), 1e-8),
  applyTo: optional(list('hyperparameters it scales', name('a hyperparameter name'), { minItems: 1 }), ['lr']),
} as const;

/**
 * Plateau control options (see `plateauUpdate`): a metric-driven multiplier on the hyperparameters in
 * `applyTo`, after `patience` evaluations without improvement. Every field is optional; the
 * defaults are PyTorch ReduceLROnPlateau's.
 */
export type PlateauOptions = Infer<typeof PLATEAU_FIELDS>;

