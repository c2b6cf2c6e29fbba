// The registry: every family by its `type` name, from the list in families/index.ts.
import type { Family } from './base/family.js';
import type { FieldTable } from './base/fields.js';
import * as families from './families/index.js';
import type { ScheduleType } from './spec.js';

type Families = typeof families;

/** Every family, by type name. */
export type FamilyTable = { readonly [N in keyof Families as Families[N]['type']]: Families[N] };

/** A family of any type (what code outside family files dispatches to). */
export type AnyFamily = Family<string, FieldTable>;

const table: Record<string, AnyFamily> = Object.create(null) as Record<string, AnyFamily>;
// sorted by type name: a module namespace's key order is not the same everywhere (native ESM sorts the
// export names, bundlers and Vitest keep the source order), and the registry order shows in messages
// and in the generated JSON Schema
const sorted = (Object.values(families) as unknown as AnyFamily[]).sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
for (const family of sorted) table[family.type] = family;

/** The families by type name (frozen). */
export const FAMILIES: FamilyTable = Object.freeze(table) as unknown as FamilyTable;

/** Every schedule type name, sorted. */
export const SCHEDULE_TYPES: readonly ScheduleType[] = Object.freeze(Object.keys(table) as ScheduleType[]);

/** The family of a type name, or undefined (own keys only: `toString` is not a family). */
export function familyOf(type: unknown): AnyFamily | undefined {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(table, type) ? table[type] : undefined;
}
