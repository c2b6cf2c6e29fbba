import { ScheduleSpecError, type SpecIssue, type SpecPath } from '../base/errors.js';
import { isName, Validator } from '../validate/engine.js';
import { IssueSink } from '../validate/issues.js';
import { snapshot } from '../validate/snapshot.js';
import { PLATEAU_FIELDS, type PlateauOptions } from './fields.js';

export { PLATEAU_FIELDS, type PlateauOptions } from './fields.js';

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
