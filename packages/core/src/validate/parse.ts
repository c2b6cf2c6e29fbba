import { escapeText, ScheduleSpecError, type SpecIssue, type SpecPath } from '../base/errors.js';
import type { StepFn } from '../base/family.js';
import type { ScheduleNode } from '../base/fields.js';
import { compiledOf, compileTree, sealTree } from '../evaluate/compile.js';
import { checkPlateauOptions } from '../plateau/options.js';
import { POLICY_RESERVED_KEYS, type Policy, type Schedule } from '../spec.js';
import { isName, MAX_DESCRIPTION, Validator } from './engine.js';
import { IssueSink } from './issues.js';
import { snapshot } from './snapshot.js';

/** Longest JSON text `parseSchedule` and `parsePolicy` read: 64 MiB. */
export const MAX_JSON_TEXT = 64 * 1024 * 1024;

const RESERVED = new Set<string>(POLICY_RESERVED_KEYS);

interface Read<T> {
  value: T;
  issues: SpecIssue[];
  compiled: Map<object, StepFn>;
}

/**
 * Reads an untrusted schedule once: a plain-data snapshot of it (see `snapshot`), validated. The
 * object later evaluated is the snapshot, never the input.
 */
function readSchedule(input: unknown, path: SpecPath = []): Read<unknown> {
  const sink = new IssueSink();
  const value = snapshot(input, sink, path);
  const v = new Validator(sink);
  if (sink.count === 0) v.schedule(value, path);
  return { value, issues: sink.issues(), compiled: v.compiled };
}

/** Every problem in a schedule document, as data (empty when valid). */
export function validateSchedule(value: unknown): SpecIssue[] {
  if (compiledOf(value) !== undefined) return [];
  return readSchedule(value).issues;
}

/** A sealed copy of a valid input, or throws a ScheduleSpecError with every issue. */
export function sealSchedule(input: unknown): Schedule {
  if (compiledOf(input) !== undefined) return input as Schedule;
  const read = readSchedule(input);
  if (read.issues.length > 0) throw new ScheduleSpecError(read.issues);
  compileTree(read.value as ScheduleNode, read.compiled);
  return sealTree(read.value, read.compiled) as Schedule;
}

/**
 * Takes untrusted JSON (text, or an already parsed value) and returns the typed schedule, sealed
 * (a deeply frozen copy that carries its compiled function), or throws one ScheduleSpecError
 * listing every issue with its path. The input is read exactly once.
 */
export function parseSchedule(json: unknown): Schedule {
  return sealSchedule(typeof json === 'string' ? parseJsonText(json) : json);
}

function readPolicy(input: unknown): Read<Record<string, unknown> | undefined> {
  const sink = new IssueSink();
  const doc = snapshot(input, sink);
  const v = new Validator(sink);
  if (sink.count > 0) return { value: undefined, issues: sink.issues(), compiled: v.compiled };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    sink.add('invalid_type', [], 'a policy object { "version": 1, "lr": <schedule>, ... }', doc);
    return { value: undefined, issues: sink.issues(), compiled: v.compiled };
  }
  const policy = doc as Record<string, unknown>;
  if (policy.version !== 1) sink.add(policy.version === undefined ? 'missing' : 'invalid_value', ['version'], 'the number 1', policy.version);
  if (policy.$schema !== undefined && (typeof policy.$schema !== 'string' || policy.$schema.length > MAX_DESCRIPTION)) sink.add('invalid_type', ['$schema'], 'a string (a URL)', policy.$schema);
  v.description(policy.description, ['description']);
  if (policy.lr === undefined) sink.add('missing', ['lr'], 'a schedule object with a "type"', undefined, 'lr is required: every policy schedules the learning rate');
  const names: string[] = [];
  for (const key of Object.keys(policy)) {
    if (RESERVED.has(key)) continue;
    if (!isName(key)) {
      sink.add('invalid_value', [key], 'a hyperparameter name (letters, digits and _, at most 64 characters)', key, `${JSON.stringify(escapeText(key))} is not a valid hyperparameter name`);
      continue;
    }
    names.push(key);
    v.schedule(policy[key], [key]);
  }
  if (policy.plateau !== undefined) checkPlateauOptions(policy.plateau, ['plateau'], sink, names);
  return { value: policy, issues: sink.issues(), compiled: v.compiled };
}

/** Every problem in a policy document, as data (empty when valid). */
export function validatePolicy(value: unknown): SpecIssue[] {
  if (isSealedPolicy(value)) return [];
  return readPolicy(value).issues;
}

const SEALED_POLICIES = new WeakSet<object>();

function isSealedPolicy(value: unknown): boolean {
  return typeof value === 'object' && value !== null && SEALED_POLICIES.has(value);
}

/** A sealed copy of a valid policy, or throws a ScheduleSpecError with every issue. */
export function sealPolicy(input: unknown): Policy {
  if (isSealedPolicy(input)) return input as Policy;
  const read = readPolicy(input);
  if (read.issues.length > 0 || read.value === undefined) throw new ScheduleSpecError(read.issues);
  const policy = read.value;
  for (const key of Object.keys(policy)) if (!RESERVED.has(key)) compileTree(policy[key] as ScheduleNode, read.compiled);
  sealTree(policy, read.compiled);
  SEALED_POLICIES.add(policy);
  return policy as unknown as Policy;
}

/** Takes untrusted JSON (text or a parsed value) and returns the typed, sealed policy, or throws one ScheduleSpecError with every issue. */
export function parsePolicy(json: unknown): Policy {
  return sealPolicy(typeof json === 'string' ? parseJsonText(json) : json);
}

/** JSON text → value, or a ScheduleSpecError (`invalid_json`) with the parser's message, escaped. */
export function parseJsonText(text: string): unknown {
  if (text.length > MAX_JSON_TEXT) {
    throw new ScheduleSpecError([{ code: 'too_large', path: [], expected: `at most ${MAX_JSON_TEXT} characters of JSON`, received: `(${text.length} characters)`, message: `the JSON text is ${text.length} characters long; at most ${MAX_JSON_TEXT} are read` }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = escapeText(error instanceof Error ? error.message : String(error), 120);
    throw new ScheduleSpecError([{ code: 'invalid_json', path: [], expected: 'valid JSON', received: escapeText(text, 60), message: `not valid JSON: ${message}` }]);
  }
}
