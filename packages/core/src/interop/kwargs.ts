/**
 * Reading a peer's keyword arguments (Python kwargs as JSON): the one engine every importer uses.
 * `null` is Python's None (treated as absent, unless a declared parameter is nullable). Two ways
 * to read, with the same checks and wording:
 * - `kwargsReader`: typed getters that refuse on the first problem, for importers that read their
 *   arguments as they build (Keras, optax, timm, transformers);
 * - `readSignature`: every argument of a declared signature checked at once, every problem
 *   reported together (PyTorch's constructors).
 * Every refusal is a ScheduleSpecError with the path of the argument; the wording of the
 * peer-specific messages (unknown argument, missing argument, integer rule) is the caller's.
 */
import { formatReceived, issue, MAX_ISSUES, ScheduleSpecError, type IssueCode, type SpecIssue, type SpecPath } from '../base/errors.js';
import type { IssueSink } from '../validate/issues.js';
import { editDistance, nearest } from '../validate/suggest.js';

export type Kwargs = Record<string, unknown>;

/** Throws a ScheduleSpecError with one issue. */
export function fail(code: IssueCode, path: SpecPath, message: string, received: unknown, expected: string): never {
  throw new ScheduleSpecError([issue(code, path, expected, received, message)]);
}

export const isKwargs = (v: unknown): v is Kwargs => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The key of `known` that `key` misspells (at most two edits), for configs whose other keys are
 * ignored (a peer's whole argument namespace): a strict did-you-mean, so that fields of their own
 * (a subclass's, another version's) are not taken for typos. `near` lists real keys to leave alone.
 */
export function misspelt(key: string, known: readonly string[], near: ReadonlySet<string>, minLength: number): string | undefined {
  if (near.has(key) || key.length < minLength) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= 2 ? best : undefined;
}

/** `message` with " (did you mean 'hint'?)" when there is a hint. */
export function withHint(message: string, hint: string | undefined): string {
  return hint ? `${message} (did you mean '${hint}'?)` : message;
}

export interface KwargsMessages {
  /** the whole message for an unknown argument, given the nearest known name (if any) */
  unknown?: (key: string, hint: string | undefined) => string;
  /** `expected` of an unknown-argument issue (default: "one of <known names>") */
  unknownExpected?: (hint: string | undefined, known: readonly string[]) => string;
  /** message for a required argument that is missing */
  missing: (key: string) => string;
  /** message for a number that is not an integer >= min */
  notInteger?: (key: string, min: number, received: number) => string;
  /** the smallest integer `int` accepts by default (default 0; -Infinity for any integer) */
  intMin?: number;
  /** did-you-mean for an unknown argument, default: the nearest known name */
  hint?: (key: string, known: readonly string[]) => string | undefined;
  /** message for a list where one number belongs (PyTorch: per-param-group lists) */
  listForNumber?: (key: string, received: unknown) => string;
  /** message for None where a parameter does not take it */
  notNull?: (key: string) => string;
}

/** What a declared parameter holds. `entries`: a non-empty array (of nested configs); `closure`: Python code, refused unless None. */
export type ParamKind = 'number' | 'integer' | 'boolean' | 'string' | 'numbers' | 'integers' | 'entries' | 'closure';

export interface Param {
  kind: ParamKind;
  required?: boolean;
  /** the value when the argument is absent */
  default?: unknown;
  /** None (JSON null) allowed, and kept as null */
  nullable?: boolean;
  /** what the parameter expects, in words, when the kind's own words are not enough */
  expected?: string;
  /** the refusal for a closure parameter given a value (what to use instead) */
  refusal?: string;
}

/** A peer constructor's parameters, by name, in the order they are checked. */
export type Signature = Readonly<Record<string, Param>>;

const WORDS: Record<ParamKind, string> = {
  number: 'a finite number',
  integer: 'an integer',
  boolean: 'true or false',
  string: 'a string',
  numbers: 'a list of numbers',
  integers: 'an array of integers',
  entries: 'a non-empty array',
  closure: 'nothing (closures cannot be imported)',
};

interface Problem {
  code: IssueCode;
  message: string;
  expected: string;
}

/** The problem with `value` as a `kind`, or undefined when it is one. */
function check(kind: ParamKind, key: string, value: unknown, messages: KwargsMessages, words = WORDS[kind]): Problem | undefined {
  const got = formatReceived(value);
  const problem = (code: IssueCode, message = `${key} must be ${words}, got ${got}`): Problem => ({ code, message, expected: words });
  switch (kind) {
    case 'number':
      if (Array.isArray(value) && messages.listForNumber) return problem('invalid_type', messages.listForNumber(key, value));
      return typeof value === 'number' && Number.isFinite(value) ? undefined : problem(typeof value === 'number' ? 'not_finite' : 'invalid_type');
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return undefined;
      return problem(typeof value === 'number' && Number.isFinite(value) ? 'not_integer' : 'invalid_type');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : problem('invalid_type');
    case 'string':
      return typeof value === 'string' ? undefined : problem('invalid_type');
    case 'numbers':
      return Array.isArray(value) && value.every((x) => typeof x === 'number' && Number.isFinite(x)) ? undefined : problem('invalid_type');
    case 'integers':
      return Array.isArray(value) && value.every((x) => Number.isSafeInteger(x)) ? undefined : problem('invalid_type');
    case 'entries':
      return Array.isArray(value) && value.length > 0 ? undefined : problem('invalid_type');
    case 'closure':
      return problem('closure', `${key} is a closure and cannot be imported`);
  }
}

function unknownIssue(kwargs: Kwargs, key: string, known: readonly string[], path: SpecPath, messages: KwargsMessages) {
  const hint = (messages.hint ?? nearest)(key, known);
  const message = messages.unknown ? messages.unknown(key, hint) : withHint(`unexpected keyword argument '${key}'`, hint);
  const expected = messages.unknownExpected ? messages.unknownExpected(hint, known) : `one of ${known.join(', ')}`;
  return issue('unknown_key', [...path, key], expected, kwargs[key], message);
}

/** Refuses every key of `kwargs` not in `known` at once, each with a did-you-mean suggestion. */
export function refuseUnknown(kwargs: Kwargs, known: readonly string[], path: SpecPath, messages: KwargsMessages): void {
  const issues = Object.keys(kwargs).filter((key) => !known.includes(key)).map((key) => unknownIssue(kwargs, key, known, path, messages));
  if (issues.length > 0) throw new ScheduleSpecError(issues.slice(0, MAX_ISSUES));
}

/** The issues for every key of `kwargs` not in `known` (for importers that collect all problems). */
export function unknownIssues(kwargs: Kwargs, known: readonly string[], path: SpecPath, messages: KwargsMessages): SpecIssue[] {
  return Object.keys(kwargs).filter((key) => !known.includes(key)).map((key) => unknownIssue(kwargs, key, known, path, messages));
}

/**
 * Checks every argument of `signature` at once: unknown arguments first, then each parameter in
 * order (missing, None where not allowed, wrong kind, a closure). Every problem goes into `sink`;
 * the arguments (with defaults for absent ones) come back for the caller to use when `sink` stays empty.
 */
export function readSignature(kwargs: Kwargs, path: SpecPath, signature: Signature, messages: KwargsMessages, sink: IssueSink): Kwargs {
  const names = Object.keys(signature);
  for (const key of Object.keys(kwargs)) {
    if (!Object.prototype.hasOwnProperty.call(signature, key)) sink.push(unknownIssue(kwargs, key, names, path, messages));
  }
  const out: Kwargs = {};
  for (const [name, param] of Object.entries(signature)) {
    const p = [...path, name];
    const value = kwargs[name];
    const words = param.expected ?? WORDS[param.kind];
    if (value === undefined) {
      if (param.required) sink.add('missing', p, words, undefined, messages.missing(name));
      else out[name] = param.default;
      continue;
    }
    if (value === null) {
      if (param.nullable) out[name] = null;
      else sink.add('invalid_type', p, words, value, messages.notNull ? messages.notNull(name) : `${name} cannot be None/null`);
      continue;
    }
    const problem = check(param.kind, name, value, messages, words);
    if (problem === undefined) out[name] = value;
    else sink.add(problem.code, p, problem.expected, value, param.kind === 'closure' && param.refusal !== undefined ? param.refusal : problem.message);
  }
  return out;
}

/** Typed getters over `kwargs` that refuse on the first problem; checks unknown keys first when `known` is given. */
export function kwargsReader(kwargs: Kwargs, path: SpecPath, messages: KwargsMessages, known?: readonly string[]) {
  if (known !== undefined && messages.unknown !== undefined) refuseUnknown(kwargs, known, path, messages);
  const get = (key: string) => (kwargs[key] === null ? undefined : kwargs[key]);
  const has = (key: string) => get(key) !== undefined;
  const refuse = (kind: ParamKind, key: string, v: unknown, words?: string): void => {
    const problem = check(kind, key, v, messages, words);
    if (problem) fail(problem.code, [...path, key], problem.message, v, problem.expected);
  };
  const num = (key: string, fallback?: number): number => {
    const v = get(key);
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      return fail('missing', [...path, key], messages.missing(key), undefined, WORDS.number);
    }
    refuse('number', key, v);
    return v as number;
  };
  const int = (key: string, fallback?: number, min = messages.intMin ?? 0): number => {
    const v = num(key, fallback);
    if (!Number.isSafeInteger(v) || v < min) {
      const expected = min === -Infinity ? 'an integer' : `an integer >= ${min}`;
      const message = messages.notInteger ? messages.notInteger(key, min, v) : `${key} must be ${expected}, got ${formatReceived(v)}`;
      return fail(Number.isSafeInteger(v) ? 'too_small' : 'not_integer', [...path, key], message, v, expected);
    }
    return v;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = get(key) ?? fallback;
    refuse('boolean', key, v);
    return v as boolean;
  };
  const choice = <T extends string>(key: string, values: readonly T[], fallback: T): T => {
    const v = get(key) ?? fallback;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      const hint = typeof v === 'string' ? nearest(v, values) : undefined;
      return fail('invalid_enum', [...path, key], `Unknown ${key} ${formatReceived(v)}, expected ${values.map((x) => `'${x}'`).join(', ')}${hint ? ` (did you mean '${hint}'?)` : ''}`, v, `one of ${values.join(', ')}`);
    }
    return v as T;
  };
  const numbers = (key: string): number[] => {
    const v = get(key);
    refuse('numbers', key, v);
    return v as number[];
  };
  return { get, has, num, int, bool, choice, numbers, path };
}

export type KwargsReader = ReturnType<typeof kwargsReader>;
