/**
 * The public spec types, derived from the families' field tables: a schedule is a plain JSON object,
 * a discriminated union on `type`. Conventions (README, docs/ARCHITECTURE.md):
 * - `t` is the 0-based count of completed optimizer updates; the value at `t` is what update `t + 1` uses.
 * - Every length is a real number of steps, relative to its own segment (a part of a `join` sees its
 *   own local clock starting at 0).
 * - Past its end a finite schedule holds its last value; cyclic ones keep cycling. Where a peer
 *   extrapolates instead, the spec says so: `after: 'continue'` (PyTorch CosineAnnealingLR, OneCycleLR
 *   at its last allowed step) or `after: 'cycle'` (Keras PolynomialDecay cycle).
 */
import type * as families from './families/index.js';
import type { Family } from './base/family.js';
import type {
  ArrayField,
  BooleanField,
  EnumField,
  FieldTable,
  IntegerField,
  NumberField,
  NumberOrRecordField,
  NullableField,
  ObjectField,
  RecordField,
  ScheduleField,
  StringField,
  TimeField,
} from './base/fields.js';

type Families = typeof families;

/** The value a field holds in a public spec (child schedules typed as `Schedule`). */
export type FieldValueOf<F> =
  F extends NumberField | IntegerField | TimeField ? number
  : F extends BooleanField ? boolean
  : F extends EnumField<infer V> ? V
  : F extends StringField ? string
  : F extends ScheduleField ? Schedule
  : F extends ArrayField<infer I> ? Array<FieldValueOf<I>>
  : F extends ObjectField<infer T> ? SpecFields<T>
  : F extends RecordField<infer V> ? Record<string, FieldValueOf<V>>
  : F extends NumberOrRecordField ? number | Record<string, number>
  : F extends NullableField<infer I> ? FieldValueOf<I> | null
  : never;

type RequiredKeys<T extends FieldTable> = { [K in keyof T]: T[K] extends { required: true } ? K : never }[keyof T];

/** The object a field table describes, with child schedules as `Schedule`. */
export type SpecFields<T extends FieldTable> = {
  -readonly [K in keyof T as K extends RequiredKeys<T> ? K : never]: FieldValueOf<T[K]>;
} & {
  -readonly [K in keyof T as K extends RequiredKeys<T> ? never : K]?: FieldValueOf<T[K]>;
};

type SpecOfFamily<F> = F extends Family<infer K, infer T> ? { type: K; description?: string } & SpecFields<T> : never;

/** Any schedule spec. */
export type Schedule = { [N in keyof Families]: SpecOfFamily<Families[N]> }[keyof Families];

/** A family's `type` name. */
export type ScheduleType = Schedule['type'];

/** The spec of one family, by its `type` name. */
export type SpecOf<K extends ScheduleType> = Extract<Schedule, { type: K }>;

/** Keys of a policy document that are not hyperparameters. */
export const POLICY_RESERVED_KEYS = ['version', '$schema', 'description', 'plateau'] as const;

/**
 * Several hyperparameters scheduled together: `lr` plus any other named schedule (`momentum`,
 * `beta1`, `beta2`, `weightDecay`, ...). Reserved keys: `version`, `$schema`, `description`, `plateau`.
 */
export interface Policy {
  version: 1;
  $schema?: string;
  description?: string;
  lr: Schedule;
  momentum?: Schedule;
  beta1?: Schedule;
  beta2?: Schedule;
  weightDecay?: Schedule;
  /** metric-driven plateau control (see `plateauUpdate`), configured per policy */
  plateau?: PlateauOptions;
  [hyperparameter: string]: Schedule | PlateauOptions | string | number | undefined;
}

/** Values of every scheduled hyperparameter at one step. */
export type HyperparameterValues = { lr: number } & Record<string, number>;

import type { PlateauOptions } from './plateau/fields.js';
