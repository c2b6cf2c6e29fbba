// The tools registry: every family's analysis hooks and builder sugar by `type`, from
// families/tools.ts. Used by analysis and builders only (evaluation never imports it).
import type { FamilyTools, LazyTools } from './base/family.js';
import type { FieldTable } from './base/fields.js';
import * as tools from './families/tools.js';

/** A family's tools of any type. */
export type AnyTools = FamilyTools<string, FieldTable, FieldTable, string>;

const table: Record<string, LazyTools> = Object.create(null) as Record<string, LazyTools>;
for (const t of Object.values(tools) as unknown as LazyTools[]) table[t.type] = t;

/** The tools of a type name (made on first use), or undefined. */
export function toolsOf(type: unknown): AnyTools | undefined {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(table, type) ? (table[type].get() as unknown as AnyTools) : undefined;
}

/** Every type name that has tools (the capability test compares it with the registry). */
export const TOOL_TYPES: readonly string[] = Object.freeze(Object.keys(table).sort());
