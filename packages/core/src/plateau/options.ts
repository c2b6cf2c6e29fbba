import { ScheduleSpecError, type SpecIssue, type SpecPath } from '../base/errors.js';
import { int, name, list, nonNegative, num, numberOrRecord, oneOf, optional, type Infer } from '../base/fields.js';
import { isName, Validator } from '../validate/engine.js';
import { IssueSink } from '../validate/issues.js';
import { snapshot } from '../validate/snapshot.js';

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

/** Options with every default filled in. */
export type ResolvedPlateauOptions = Required<Omit<PlateauOptions, 'minValue' | 'applyTo'>> & { minValue: number | Record<string, number>; applyTo: string[] };

/** The defaults (PyTorch ReduceLROnPlateau's). */
export const PLATEAU_DEFAULTS: Readonly<ResolvedPlateauOptions> = Object.freeze({
  mode: 'min',
  threshold: 1e-4,
  thresholdMode: 'rel',
  patience: 10,
  trigger: '>',
  cooldown: 0,
  cooldownFrom: 'next',
  factor: 0.1,
  minValue: 0,
  eps: 1e-8,
  applyTo: ['lr'],
});

/**
 * Every problem in plateau options, as data, with paths under `path` (default `['plateau']`, as in a
 * policy document). With `scheduled` (the policy's hyperparameter names), `applyTo` and per-name
 * `minValue` keys may only name those. Empty when valid.
 */
export function validatePlateauOptions(value: unknown, path: SpecPath = ['plateau'], scheduled?: readonly string[]): SpecIssue[] {
  const sink = new IssueSink();
  checkPlateauOptions(snapshot(value, sink, path), path, sink, scheduled);
  return sink.issues();
}

/** Validates a snapshot of plateau options into `sink` (the policy parser's entry point). */
export function checkPlateauOptions(value: unknown, path: SpecPath, sink: IssueSink, scheduled?: readonly string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    sink.add('invalid_type', path, 'an object of plateau options', value, 'plateau must be an object of plateau options');
    return;
  }
  new Validator(sink).table(PLATEAU_FIELDS, value as Record<string, unknown>, path, 0);
  if (scheduled === undefined) return;
  // checked together with the other options' issues (every problem at once), on the names that are names
  const o = value as Record<string, unknown>;
  (Array.isArray(o.applyTo) ? o.applyTo : []).forEach((n: unknown, i) => {
    if (typeof n === 'string' && n.length > 0 && n.length <= 64 && !scheduled.includes(n)) {
      sink.add('invalid_value', [...path, 'applyTo', i], `one of the policy's hyperparameters (${scheduled.join(', ')})`, n, `applyTo[${i}] names ${JSON.stringify(n)}, which the policy does not schedule`);
    }
  });
  const minValue = o.minValue;
  if (typeof minValue !== 'object' || minValue === null || Array.isArray(minValue)) return;
  for (const n of Object.keys(minValue)) {
    if (isName(n) && !scheduled.includes(n)) {
      sink.add('invalid_value', [...path, 'minValue', n], `one of the policy's hyperparameters (${scheduled.join(', ')})`, n, `minValue names ${JSON.stringify(n)}, which the policy does not schedule`);
    }
  }
}

/** Validates and fills in defaults; throws a ScheduleSpecError listing every issue. */
export function resolvePlateauOptions(options: PlateauOptions = {}): ResolvedPlateauOptions {
  const issues = validatePlateauOptions(options, []);
  if (issues.length > 0) throw new ScheduleSpecError(issues);
  const out = { ...PLATEAU_DEFAULTS } as ResolvedPlateauOptions;
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  out.applyTo = [...out.applyTo];
  if (typeof out.minValue === 'object') out.minValue = { ...out.minValue };
  return out;
}
