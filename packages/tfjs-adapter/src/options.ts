/**
 * Checks the option objects of this package's functions: a handful of fields each, so a small
 * checker instead of a schema library (nothing to ship to browsers). Every problem is collected, with
 * its path, into one TfjsAdapterError:
 *
 *   invalid bindOptimizer options:
 *   ✖ initialStep must be a non-negative integer, got -1
 *     → at initialStep
 */
import { TfjsAdapterError } from './errors.js';

/** One problem: where, and the sentence after the field name ("must be ...", "is not ..."). */
interface Problem {
  path: string;
  message: string;
}

/** Checks one field's value; pushes its problems (relative to `path`). */
export type FieldCheck = (value: unknown, path: string, problems: Problem[]) => void;

const shown = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'function' ? 'a function' : `an ${typeof value}`;
};

/** A field check from a predicate and what it expects ("a positive number"). */
export const check =
  (ok: (value: unknown) => boolean, expected: string): FieldCheck =>
  (value, path, problems) => {
    if (!ok(value)) problems.push({ path, message: `${path} must be ${expected}, got ${shown(value)}` });
  };

export const isInteger = (min: number): FieldCheck => check((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min, min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`);
export const positiveNumber: FieldCheck = check((v) => typeof v === 'number' && Number.isFinite(v) && v > 0, 'a positive finite number');
export const boolean: FieldCheck = check((v) => typeof v === 'boolean', 'true or false');
export const nonEmptyString: FieldCheck = check((v) => typeof v === 'string' && v.length > 0, 'a non-empty string');
export const plainObject: FieldCheck = check((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object');
export const oneOf = (values: readonly string[]): FieldCheck => check((v) => typeof v === 'string' && values.includes(v), `one of ${values.map((s) => JSON.stringify(s)).join(', ')}`);

/** An array (readonly ones included) whose items pass `item`; with `minLength`. */
export const arrayOf =
  (item: FieldCheck, minLength = 0): FieldCheck =>
  (value, path, problems) => {
    if (!Array.isArray(value)) {
      problems.push({ path, message: `${path} must be an array, got ${shown(value)}` });
      return;
    }
    if (value.length < minLength) problems.push({ path, message: `${path} must have at least ${minLength} item${minLength === 1 ? '' : 's'}` });
    value.forEach((v, i) => item(v, `${path}[${i}]`, problems));
  };

/** Name patterns: strings or RegExps. */
export const patterns: FieldCheck = arrayOf(check((v) => typeof v === 'string' || v instanceof RegExp, 'a string or a RegExp'));

/**
 * Checks `value` (undefined means `{}`) against `fields`: unknown keys, and every field that is not
 * undefined. `more` adds checks across fields. Returns the value itself (not a copy), typed.
 */
export function checkOptions<T>(value: unknown, fields: Record<string, FieldCheck>, what: string, more?: (o: Record<string, unknown>, problems: Problem[]) => void): T {
  const o = value ?? {};
  const problems: Problem[] = [];
  if (typeof o !== 'object' || Array.isArray(o)) {
    problems.push({ path: '(root)', message: `${what} options must be an object, got ${shown(o)}` });
  } else {
    const record = o as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!Object.prototype.hasOwnProperty.call(fields, key)) problems.push({ path: '(root)', message: `unknown option ${shown(key)} (${what} accepts ${Object.keys(fields).join(', ')})` });
    }
    for (const [key, field] of Object.entries(fields)) if (record[key] !== undefined) field(record[key], key, problems);
    if (problems.length === 0) more?.(record, problems);
  }
  if (problems.length > 0) {
    throw new TfjsAdapterError('invalid_options', `invalid ${what} options:\n${problems.map((p) => `✖ ${p.message}\n  → at ${p.path}`).join('\n')}`);
  }
  return o as T;
}
