import { escapeText, formatReceived, mustBe, type SpecPath } from '../base/errors.js';
import type { CheckContext, StepFn } from '../base/family.js';
import { MAX_TIME, type AnyField, type FieldTable, type ScheduleNode } from '../base/fields.js';
import { bounded, formatInterval, MAX_VALUE, type Interval } from '../base/interval.js';
import { compileTree } from '../evaluate/compile.js';
import { familyOf, SCHEDULE_TYPES } from '../registry.js';
import { didYouMean } from './suggest.js';
import type { IssueSink } from './issues.js';

/** Deepest nesting of schedules inside schedules. */
export const MAX_SCHEDULE_DEPTH = 64;

/** Longest `description` of a schedule or policy. */
export const MAX_DESCRIPTION = 2000;

/** Shortest positive length: 1e-9 steps (below it, t/length leaves the floats' range). */
export const MIN_LENGTH = 1e-9;

const NODE_KEYS = ['type', 'description'];

/** What a field type expects, in words. */
export function describeField(type: AnyField): string {
  switch (type.kind) {
    case 'number': {
      const lo = type.min;
      const hi = type.max;
      if (lo === 0 && type.minExclusive && hi === undefined) return 'a positive number';
      if (lo === 0 && !type.minExclusive && hi === undefined) return 'a non-negative number';
      if (lo !== undefined && hi !== undefined) return `a number in ${type.minExclusive ? '(' : '['}${lo}, ${hi}${type.maxExclusive ? ')' : ']'}`;
      if (lo !== undefined) return `a number ${type.minExclusive ? '>' : '>='} ${lo}`;
      if (hi !== undefined) return `a number ${type.maxExclusive ? '<' : '<='} ${hi}`;
      return 'a finite number';
    }
    case 'integer':
      return type.min === 1 ? 'a positive integer' : type.min === 0 ? 'a non-negative integer' : `an integer >= ${type.min}`;
    case 'time':
      return type.positive ? 'a positive number of steps' : 'a non-negative number of steps';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${type.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'string':
      return `a name of 1 to ${type.maxLength} characters`;
    case 'schedule':
      return 'a schedule object with a "type"';
    case 'array': {
      const item = describeField(type.items).replace(/^an? /, '');
      return type.minItems ? `an array of at least ${type.minItems} ${item}s` : `an array of ${item}s`;
    }
    case 'object':
      return 'an object';
    case 'record':
      return `an object of ${describeField(type.values).replace(/^an? /, '')}s by name`;
    case 'numberOrRecord':
      return `${describeField(type.number)}, or an object of them by name`;
    case 'nullable':
      return `null or ${describeField(type.inner)}`;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JS-identifier-like name of at most 64 characters (hyperparameter names, record keys). */
export function isName(key: string): boolean {
  return key.length <= 64 && /^[A-Za-z_$][\w$]*$/.test(key);
}

/**
 * Validates a plain-data snapshot (see `snapshot`): field tables, cross-field checks, value ranges.
 * Each distinct node is validated once (a shared sub-object costs its size once), children before
 * parents, so a family's `check` and `range` see valid children only. Valid schedule nodes are
 * compiled once; their functions and ranges are kept for sealing.
 */
export class Validator {
  readonly compiled = new Map<object, StepFn>();
  readonly ranges = new Map<object, Interval>();
  private readonly verdict = new Map<object, boolean>();
  private readonly ctx: CheckContext;
  private reporter: (path: SpecPath) => CheckContext['report'];

  constructor(private readonly sink: IssueSink) {
    this.reporter = (base) => (p, message, received, expected, code = 'invalid_value') => this.sink.add(code, [...base, ...p], expected, received, message);
    this.ctx = {
      report: () => undefined,
      compile: (child) => compileTree(child, this.compiled),
      rangeOf: (child) => this.ranges.get(child) ?? { lo: -Infinity, hi: Infinity },
    };
  }

  /** Validates a schedule at `path`; true when it (and everything in it) is valid. */
  schedule(value: unknown, path: SpecPath, depth = 0): boolean {
    if (depth > MAX_SCHEDULE_DEPTH) {
      this.sink.add('too_deep', path, `at most ${MAX_SCHEDULE_DEPTH} levels of nested schedules`, '(nested schedule)', `schedules nest more than ${MAX_SCHEDULE_DEPTH} levels deep`);
      return false;
    }
    if (!isObject(value)) {
      this.sink.add('invalid_type', path, 'a schedule object with a "type"', value);
      return false;
    }
    const known = this.verdict.get(value);
    if (known !== undefined) return known;
    const family = familyOf(value.type);
    if (family === undefined) {
      const type = value.type;
      this.sink.add(type === undefined ? 'missing' : typeof type === 'string' ? 'unknown_type' : 'invalid_type', [...path, 'type'], `one of ${SCHEDULE_TYPES.join(', ')}`, type,
        type === undefined ? 'type is required: the schedule family name' : `unknown schedule type ${formatReceived(type)}${didYouMean(type, SCHEDULE_TYPES)}`);
      this.verdict.set(value, false);
      return false;
    }
    const before = this.sink.count;
    this.description(value.description, [...path, 'description']);
    this.table(family.fields, value, path, depth, NODE_KEYS);
    let ok = this.sink.count === before;
    if (ok && family.check) {
      family.check(value as never, { ...this.ctx, report: this.reporter(path) });
      ok = this.sink.count === before;
    }
    if (ok) {
      const range = family.range(value as never, { ...this.ctx, report: this.reporter(path) });
      ok = this.sink.count === before;
      if (ok && !bounded(range)) {
        this.sink.add('overflow', path, `values within ±${MAX_VALUE}`, formatInterval(range),
          `this ${family.type} schedule's values reach ${formatInterval(range)}, beyond ±${MAX_VALUE}: its arithmetic would not stay finite`);
        ok = false;
      }
      if (ok) this.ranges.set(value, range);
    }
    this.verdict.set(value, ok);
    return ok;
  }

  description(value: unknown, path: SpecPath): void {
    if (value === undefined) return;
    if (typeof value !== 'string') this.sink.add('invalid_type', path, 'a string', value);
    else if (value.length > MAX_DESCRIPTION) this.sink.add('too_long', path, `a string of at most ${MAX_DESCRIPTION} characters`, `(${value.length} characters)`, `description is ${value.length} characters long; at most ${MAX_DESCRIPTION} are allowed`);
  }

  /** Validates an object against a field table; `extraKeys` are allowed besides the table's. */
  table(fields: FieldTable, value: Record<string, unknown>, path: SpecPath, depth: number, extraKeys: readonly string[] = []): void {
    for (const key of Object.keys(fields)) {
      const field = fields[key];
      const v = value[key];
      if (v === undefined) {
        if (field.required) this.sink.add('missing', [...path, key], describeField(field), undefined, `${key} is required: ${describeField(field)}`);
        continue;
      }
      this.field(field, v, [...path, key], depth);
    }
    for (const key of Object.keys(value)) {
      if (Object.prototype.hasOwnProperty.call(fields, key) || extraKeys.includes(key)) continue;
      const names = [...Object.keys(fields), ...extraKeys];
      this.sink.add('unknown_key', [...path, key], `one of the known fields (${names.join(', ')})`, value[key],
        `unknown field ${JSON.stringify(escapeText(key))}${didYouMean(key, names)}`);
    }
  }

  field(type: AnyField, value: unknown, path: SpecPath, depth: number): void {
    const add = (code: Parameters<IssueSink['add']>[0], message?: string) => this.sink.add(code, path, describeField(type), value, message);
    switch (type.kind) {
      case 'number':
        if (typeof value !== 'number') add('invalid_type');
        else if (!Number.isFinite(value)) add('not_finite');
        else if (Math.abs(value) > MAX_VALUE) this.sink.add('out_of_range', path, `${describeField(type)} within ±1e300`, value, `${mustBe(path, `${describeField(type)} within ±1e300`, value)} (larger magnitudes are not supported: the arithmetic could overflow)`);
        else if ((type.min !== undefined && (type.minExclusive ? value <= type.min : value < type.min)) || (type.max !== undefined && (type.maxExclusive ? value >= type.max : value > type.max))) add('out_of_range');
        return;
      case 'integer':
        if (typeof value !== 'number') add('invalid_type');
        else if (!Number.isSafeInteger(value)) add(Number.isFinite(value) ? 'not_integer' : 'not_finite');
        else if (value < type.min || (type.max !== undefined && value > type.max)) add('too_small');
        return;
      case 'time':
        if (typeof value !== 'number') add('invalid_type');
        else if (!Number.isFinite(value)) add('not_finite');
        else if (type.positive ? value <= 0 : value < 0) add('too_small');
        else if (type.positive && value < MIN_LENGTH) add('too_small', `${mustBe(path, describeField(type), value)} (lengths below ${MIN_LENGTH} steps are not supported)`);
        else if (value > MAX_TIME) add('out_of_range', `${mustBe(path, 'at most 2^53 steps', value)}`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') add('invalid_type');
        return;
      case 'enum':
        if (typeof value !== 'string' || !type.values.includes(value)) add('invalid_enum', `${mustBe(path, describeField(type), value)}${didYouMean(value, type.values)}`);
        return;
      case 'string':
        if (typeof value !== 'string') add('invalid_type');
        else if (value.length === 0 || value.length > type.maxLength) add('too_long');
        return;
      case 'schedule':
        this.schedule(value, path, depth + 1);
        return;
      case 'array':
        if (!Array.isArray(value)) add('invalid_type');
        else {
          if (type.minItems !== undefined && value.length < type.minItems) add('too_small');
          for (let i = 0; i < value.length; i++) this.field(type.items, value[i], [...path, i], depth);
        }
        return;
      case 'object':
        if (!isObject(value)) add('invalid_type');
        else this.table(type.fields, value, path, depth);
        return;
      case 'record':
        if (!isObject(value)) add('invalid_type');
        else {
          for (const key of Object.keys(value)) {
            if (!isName(key)) this.sink.add('invalid_value', [...path, key], 'a name (letters, digits and _, at most 64 characters)', key, `${JSON.stringify(escapeText(key))} is not a valid name`);
            else this.field(type.values, value[key], [...path, key], depth);
          }
        }
        return;
      case 'nullable':
        if (value !== null) this.field(type.inner, value, path, depth);
        return;
      case 'numberOrRecord':
        if (isObject(value)) this.field({ kind: 'record', required: true, description: '', values: type.number }, value, path, depth);
        else this.field(type.number, value, path, depth);
        return;
    }
  }
}

/** The nodes of a validated document that are schedules (for sealing). */
export function scheduleNodes(v: Validator): Iterable<ScheduleNode> {
  return v.compiled.keys() as Iterable<ScheduleNode>;
}
