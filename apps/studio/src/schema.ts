/**
 * core's JSON Schema (`scheduleJsonSchema()`) read at a place in the editor's syntax tree: which
 * properties an object may have, what a property takes, and the words to show for each. The schema
 * is the only source: a family added to core shows up here with its descriptions, no edit needed.
 */
import { KNOWN_HYPERPARAMETERS, type JsonSchema } from '@cyclr/core';
import type { SyntaxNode } from '@lezer/common';
import { keyText, properties } from './json-paths.js';

type Node = JsonSchema & {
  $ref?: string;
  $defs?: Record<string, Node>;
  oneOf?: Node[];
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  type?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

export interface SchemaReader {
  /** the schema of the object node (its family's definition for a schedule), or undefined */
  objectSchema(object: SyntaxNode): Node | undefined;
  /** the schema of property `key` of that object */
  propertySchema(object: SyntaxNode, key: string): Node | undefined;
  /** the definition of a schedule family by its type name */
  family(type: string): Node | undefined;
  /** follows `$ref`s */
  deref(node: Node | undefined): Node | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value of a string property of an object node, as written (`"type": "oneCycle"` → 'oneCycle'). */
function stringProperty(text: string, object: SyntaxNode, key: string): string | undefined {
  const p = properties(text, object).find((q) => q.key === key);
  if (!p?.value || p.value.name !== 'String') return undefined;
  try {
    const v: unknown = JSON.parse(text.slice(p.value.from, p.value.to));
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function schemaReader(root: JsonSchema, text: string): SchemaReader {
  const doc = root as Node;
  const defs = doc.$defs ?? {};
  const deref = (n: Node | undefined): Node | undefined => {
    let cur = n;
    for (let i = 0; cur?.$ref && i < 8; i++) cur = defs[cur.$ref.replace('#/$defs/', '')];
    return cur;
  };
  const family = (type: string): Node | undefined => (Object.hasOwn(defs, type) && defs[type].properties?.type?.const === type ? defs[type] : undefined);

  /** A schema that is a choice, resolved for this object: the root (a schedule when it has a `type`, else a policy), `schedule` (by its type), a oneOf (its object alternative). */
  const choose = (schema: Node | undefined, object: SyntaxNode): Node | undefined => {
    const s = deref(schema);
    if (s === doc) return properties(text, object).some((p) => p.key === 'type') ? choose(defs.schedule, object) : defs.policy;
    if (s === defs.schedule) {
      const type = stringProperty(text, object, 'type');
      return (type !== undefined ? family(type) : undefined) ?? s;
    }
    if (s?.oneOf && !s.properties) return s.oneOf.map(deref).find((o) => o?.type === 'object');
    return s;
  };

  const memo = new Map<number, Node | undefined>();
  const objectSchema = (object: SyntaxNode): Node | undefined => {
    if (memo.has(object.from)) return memo.get(object.from);
    let result: Node | undefined;
    const parent = object.parent;
    if (!parent || parent.name === 'JsonText') result = choose(doc, object);
    else if (parent.name === 'Property') {
      const owner = parent.parent;
      const name = parent.getChild('PropertyName');
      if (owner && name) result = choose(propertySchema(owner, keyText(text, name)), object);
    } else if (parent.name === 'Array') {
      const holder = parent.parent;
      if (holder?.name === 'Property') {
        const owner = holder.parent;
        const name = holder.getChild('PropertyName');
        if (owner && name) result = choose(deref(propertySchema(owner, keyText(text, name)))?.items, object);
      }
    }
    memo.set(object.from, result);
    return result;
  };

  const propertySchema = (object: SyntaxNode, key: string): Node | undefined => {
    const s = objectSchema(object);
    if (!s) return undefined;
    const own = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
    if (own) return own;
    if (isRecord(s.additionalProperties)) return s.additionalProperties as Node;
    return undefined;
  };

  return {
    objectSchema: (o) => {
      try {
        return objectSchema(o);
      } catch {
        return undefined;
      }
    },
    propertySchema: (o, k) => {
      try {
        return propertySchema(o, k);
      } catch {
        return undefined;
      }
    },
    family,
    deref,
  };
}

export interface KeyOption {
  key: string;
  required: boolean;
  /** one line: the kind of value and its default */
  detail: string;
  description: string;
}

/** A short account of what a property schema takes: "number ≥ 1e-9, default 0.3", "'cosine' | 'linear'". */
export function describeValue(reader: SchemaReader, node: Node | undefined): string {
  if (!node) return '';
  if (node.$ref) return node.$ref.endsWith('/schedule') ? 'schedule' : (reader.deref(node)?.type ?? 'object');
  const s = node;
  const parts: string[] = [];
  if (s.const !== undefined) parts.push(JSON.stringify(s.const));
  else if (s.enum) parts.push(s.enum.map((v) => JSON.stringify(v)).join(' | '));
  else if (s.oneOf) parts.push(s.oneOf.map((o) => o.type ?? (o.$ref ? 'schedule' : 'value')).join(' or '));
  else if (s.type === 'object' && s.properties?.type) parts.push('schedule');
  else if (s.type) parts.push(s.type);
  else if (s.properties || s.required) parts.push('schedule');
  if (s.minimum !== undefined && s.minimum > -1e300) parts.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < 1e300 && s.maximum < 9e15) parts.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) parts.push(`< ${s.exclusiveMaximum}`);
  let out = parts.join(' ');
  if (s.default !== undefined) out += `, default ${JSON.stringify(s.default)}`;
  return out;
}

/** The keys an object may take that it does not have yet (required first), with their docs. */
export function keyOptions(reader: SchemaReader, text: string, object: SyntaxNode): KeyOption[] {
  const s = reader.objectSchema(object);
  if (!s) return [];
  const present = new Set(properties(text, object).map((p) => p.key));
  const required = new Set(s.required ?? []);
  const out: KeyOption[] = [];
  for (const [key, p] of Object.entries(s.properties ?? {})) {
    if (present.has(key) || key === '$schema') continue;
    out.push({ key, required: required.has(key), detail: describeValue(reader, p), description: p.description ?? reader.deref(p)?.description ?? '' });
  }
  // a policy: the hyperparameters core knows, as schedules
  if (isRecord(s.additionalProperties)) {
    for (const key of KNOWN_HYPERPARAMETERS) {
      if (present.has(key) || out.some((o) => o.key === key)) continue;
      out.push({ key, required: false, detail: 'schedule', description: `the ${key} schedule` });
    }
  }
  return out.sort((a, b) => Number(b.required) - Number(a.required));
}

export interface ValueOption {
  label: string;
  /** the JSON to insert */
  apply: string;
  detail?: string;
  description?: string;
}

/** The values a property takes when they can be listed: enum and const values, booleans, family names. */
export function valueOptions(reader: SchemaReader, object: SyntaxNode, key: string): ValueOption[] {
  const s = reader.deref(reader.propertySchema(object, key));
  if (!s) return [];
  const values = s.enum ?? (s.const !== undefined ? [s.const] : s.type === 'boolean' ? [true, false] : []);
  return values.map((v) => {
    const fam = key === 'type' && typeof v === 'string' ? reader.family(v) : undefined;
    return { label: String(v), apply: JSON.stringify(v), detail: fam ? 'family' : undefined, description: fam?.description };
  });
}

/** Hover text for a key (its description and what it takes) or a family name. */
export function hoverText(reader: SchemaReader, object: SyntaxNode, key: string, valueText?: string): { title: string; body: string } | undefined {
  if (key === 'type' && valueText !== undefined) {
    const fam = reader.family(valueText);
    if (fam) return { title: valueText, body: fam.description ?? '' };
  }
  const s = reader.propertySchema(object, key);
  if (!s) return undefined;
  const required = reader.objectSchema(object)?.required?.includes(key);
  return { title: `${key}${required ? ' (required)' : ''}: ${describeValue(reader, s)}`, body: s.description ?? reader.deref(s)?.description ?? '' };
}
