import { escapeText, type SpecPath } from '../base/errors.js';
import type { IssueSink } from './issues.js';

/** Keys refused everywhere: they would reach an object's prototype machinery. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting of objects and arrays a document may have. */
export const MAX_NESTING = 256;

/**
 * A plain-data copy of `input`, read exactly once: own enumerable string-keyed data properties only
 * (each getter called once), arrays without holes, only plain objects (prototype Object.prototype or
 * null) and JSON values. What cannot be read that way is reported with its path and left out:
 * class instances, Maps, functions, symbols, bigints (`not_plain_data`), getters or proxies that
 * throw (`unreadable`), holes (`hole`), `__proto__`/`constructor`/`prototype` keys (`reserved_key`),
 * a document containing itself (`cycle`), nesting beyond 256 (`too_deep`). A sub-object shared by
 * several places is copied once and shared in the copy too, so a DAG costs its distinct size.
 * `undefined` property values are left out, as JSON.stringify leaves them out.
 */
export function snapshot(input: unknown, sink: IssueSink, path: SpecPath = []): unknown {
  const copies = new Map<object, unknown>();
  const open = new Set<object>();

  const read = (value: unknown, at: SpecPath, depth: number): unknown => {
    switch (typeof value) {
      case 'number':
      case 'string':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        sink.add('not_plain_data', at, 'a JSON value (a number, not a bigint)', value, `${label(at)} must be a JSON value, got a bigint (${String(value)}n): pass a number`);
        return undefined;
      case 'symbol':
      case 'function':
        sink.add('not_plain_data', at, 'a JSON value', typeof value, `${label(at)} must be a JSON value, got a ${typeof value}`);
        return undefined;
    }
    if (value === null) return null;
    const object = value as object;
    const done = copies.get(object);
    if (done !== undefined) return done;
    if (open.has(object)) {
      sink.add('cycle', at, 'a tree (JSON has no references)', '(circular reference)', `${label(at)} refers to the document itself (a cycle)`);
      return undefined;
    }
    if (depth > MAX_NESTING) {
      sink.add('too_deep', at, `at most ${MAX_NESTING} levels of nesting`, '(nested object)', `the document nests more than ${MAX_NESTING} levels deep`);
      return undefined;
    }
    open.add(object);
    try {
      const out = Array.isArray(object) ? readArray(object, at, depth) : readObject(object, at, depth);
      if (out !== undefined) copies.set(object, out);
      return out;
    } catch (error) {
      sink.add('unreadable', at, 'readable plain data', '(threw while reading)', `${label(at)} could not be read: ${describeError(error)}`);
      return undefined;
    } finally {
      open.delete(object);
    }
  };

  const readArray = (array: readonly unknown[], at: SpecPath, depth: number): unknown[] => {
    const length = array.length;
    const out: unknown[] = new Array(length);
    for (let i = 0; i < length; i++) {
      if (!Object.prototype.hasOwnProperty.call(array, i)) {
        sink.add('hole', [...at, i], 'an array without holes', undefined, `${label(at)}[${i}] is a hole in the array (a missing element)`);
        out[i] = undefined;
        continue;
      }
      out[i] = read(readOwn(array, String(i)), [...at, i], depth + 1);
    }
    return out;
  };

  const readObject = (object: object, at: SpecPath, depth: number): Record<string, unknown> | undefined => {
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const name = constructorName(proto);
      sink.add('not_plain_data', at, 'a plain object (JSON data)', name, `${label(at)} must be a plain object, got ${name === undefined ? 'an object with a prototype' : `a ${name}`}`);
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const key of Reflect.ownKeys(object)) {
      if (typeof key !== 'string') continue;
      const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
      if (descriptor === undefined || !descriptor.enumerable) continue;
      if (RESERVED_KEYS.has(key)) {
        sink.add('reserved_key', [...at, key], 'a key other than __proto__, constructor and prototype', key, `the key ${JSON.stringify(key)} is not allowed (it would reach the object's prototype)`);
        continue;
      }
      const raw = 'value' in descriptor ? descriptor.value : descriptor.get === undefined ? undefined : readGetter(descriptor.get, object, [...at, key]);
      const v = read(raw, [...at, key], depth + 1);
      if (v !== undefined) out[key] = v;
    }
    return out;
  };

  const readGetter = (get: () => unknown, object: object, at: SpecPath): unknown => {
    try {
      return get.call(object);
    } catch (error) {
      sink.add('unreadable', at, 'a readable value', '(the getter threw)', `${label(at)} could not be read: its getter threw (${describeError(error)})`);
      return undefined;
    }
  };

  return read(input, path, 0);
}

function readOwn(array: readonly unknown[], key: string): unknown {
  const d = Reflect.getOwnPropertyDescriptor(array, key);
  if (d === undefined) return undefined;
  return 'value' in d ? d.value : d.get?.call(array);
}

function constructorName(proto: unknown): string | undefined {
  try {
    const c = (proto as { constructor?: { name?: unknown } }).constructor;
    return typeof c?.name === 'string' && c.name !== '' ? c.name.slice(0, 40) : undefined;
  } catch {
    return undefined;
  }
}

function describeError(error: unknown): string {
  try {
    const text = error instanceof Error ? error.message : String(error);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return 'an error';
  }
}

function label(path: SpecPath): string {
  if (path.length === 0) return 'the document';
  const last = path[path.length - 1];
  return typeof last === 'number' ? `item ${last}` : escapeText(last);
}
