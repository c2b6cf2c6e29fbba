import type { SpecPath } from '../base/errors.js';
import type { AnyField, FieldTable, ScheduleNode } from '../base/fields.js';
import { familyOf, type AnyFamily } from '../registry.js';
import { toolsOf, type AnyTools } from '../tools-registry.js';
import type { Policy, Schedule } from '../spec.js';
import { sealPolicy, sealSchedule } from '../validate/parse.js';

/** The tools (analysis hooks) of a validated node's family. */
export function toolsOfNode(node: ScheduleNode): AnyTools {
  const tools = toolsOf(node.type);
  if (tools === undefined) throw new TypeError(`no tools for schedule type ${JSON.stringify(node.type)}`);
  return tools;
}

/** The family of a validated node. */
export function familyOfNode(node: ScheduleNode): AnyFamily {
  const family = familyOf(node.type);
  if (family === undefined) throw new TypeError(`unknown schedule type ${JSON.stringify(node.type)}`);
  return family;
}

function collect(field: AnyField, value: unknown, path: Array<string | number>, out: Array<[SpecPath, ScheduleNode]>): void {
  if (value === undefined || value === null) return;
  switch (field.kind) {
    case 'schedule':
      out.push([path, value as ScheduleNode]);
      return;
    case 'array':
      (value as unknown[]).forEach((item, i) => collect(field.items, item, [...path, i], out));
      return;
    case 'object':
      collectTable(field.fields, value as Record<string, unknown>, path, out);
      return;
    default:
      return;
  }
}

function collectTable(fields: FieldTable, value: Record<string, unknown>, path: Array<string | number>, out: Array<[SpecPath, ScheduleNode]>): void {
  for (const [key, field] of Object.entries(fields)) collect(field, value[key], [...path, key], out);
}

/** A node's child schedules with their paths relative to it, from its family's field table. */
export function childrenOf(node: ScheduleNode): Array<[SpecPath, ScheduleNode]> {
  const out: Array<[SpecPath, ScheduleNode]> = [];
  collectTable(familyOfNode(node).fields, node as unknown as Record<string, unknown>, [], out);
  return out;
}

/** Every node of a schedule with its path, depth first, parents before children. */
export function* walkSchedule(spec: Schedule | ScheduleNode, path: SpecPath = []): Generator<[ScheduleNode, SpecPath]> {
  yield [spec, path];
  for (const [rel, child] of childrenOf(spec)) yield* walkSchedule(child, [...path, ...rel]);
}

/** Whether a document is a policy (`{ version, lr, ... }`) rather than a schedule (`{ type, ... }`). */
export function isPolicy(v: unknown): v is Policy {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type !== 'string' && 'lr' in v;
}

/** A validated, sealed schedule or policy (throws a ScheduleSpecError with every issue). */
export function sealed<T extends Schedule | Policy>(target: T): T {
  return (isPolicy(target) ? sealPolicy(target) : sealSchedule(target)) as T;
}

/** Memoizes a per-node analysis by node identity (shared nodes cost once). */
export function memoized<R>(fn: (node: ScheduleNode, self: (node: ScheduleNode) => R) => R): (node: ScheduleNode) => R {
  const memo = new Map<object, R>();
  const self = (node: ScheduleNode): R => {
    if (memo.has(node)) return memo.get(node) as R;
    const r = fn(node, self);
    memo.set(node, r);
    return r;
  };
  return self;
}
