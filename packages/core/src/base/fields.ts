/**
 * Field descriptors: a family declares its fields once, in a table of these. The table drives
 * validation (`parseSchedule`), the generated JSON Schema, the spec's TypeScript type (inferred from
 * the table, see `Infer` here and `Schedule` in spec.ts) and the builder's options (epoch aliases of
 * time fields). Numbers are always finite.
 */

/** A schedule inside a family's own code: its children are opaque nodes (the registry knows them). */
export interface ScheduleNode {
  readonly type: string;
}

interface Base<R extends boolean> {
  required: R;
  /** one line for docs, the JSON Schema and explain */
  description: string;
  /** documented default (applied by the family's math, never written into specs) */
  default?: unknown;
}

/** A finite number, optionally bounded. */
export interface NumberField<R extends boolean = boolean> extends Base<R> {
  kind: 'number';
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
}

/** A safe integer `>= min` (and `<= max`). */
export interface IntegerField<R extends boolean = boolean> extends Base<R> {
  kind: 'integer';
  min: number;
  max?: number;
}

/**
 * A time: a finite real number of steps `>= 0` (`> 0` when `positive`), at most `MAX_TIME`. A
 * length (`steps`, `upSteps`, ...) or a position (`milestones`, `boundaries`). `epochs` names the
 * builder option that gives it in epochs instead (with `stepsPerEpoch`).
 */
export interface TimeField<R extends boolean = boolean, E extends string = string> extends Base<R> {
  kind: 'time';
  positive: boolean;
  epochs?: E;
}

export interface BooleanField<R extends boolean = boolean> extends Base<R> {
  kind: 'boolean';
}

export interface EnumField<V extends string = string, R extends boolean = boolean> extends Base<R> {
  kind: 'enum';
  values: readonly V[];
}

/** A short non-empty string (a hyperparameter name), at most `maxLength` characters. */
export interface StringField<R extends boolean = boolean> extends Base<R> {
  kind: 'string';
  maxLength: number;
}

/** A child schedule. */
export interface ScheduleField<R extends boolean = boolean> extends Base<R> {
  kind: 'schedule';
}

export interface ArrayField<I extends AnyField = AnyField, R extends boolean = boolean, E extends string = string> extends Base<R> {
  kind: 'array';
  items: I;
  minItems?: number;
  /** for arrays of times: the builder option giving them in epochs */
  epochs?: E;
}

export interface ObjectField<T extends FieldTable = FieldTable, R extends boolean = boolean> extends Base<R> {
  kind: 'object';
  fields: T;
}

/** An object with any (identifier-like) keys, every value of the same field type. */
export interface RecordField<V extends AnyField = AnyField, R extends boolean = boolean> extends Base<R> {
  kind: 'record';
  values: V;
}

/** A number, or a record of numbers (chosen by the JSON type of the value). */
export interface NumberOrRecordField<R extends boolean = boolean> extends Base<R> {
  kind: 'numberOrRecord';
  number: NumberField;
}

/** `null`, or a value of the inner field. */
export interface NullableField<I extends AnyField = AnyField, R extends boolean = boolean> extends Base<R> {
  kind: 'nullable';
  inner: I;
}

export type AnyField =
  | NullableField<AnyField>
  | NumberField
  | IntegerField
  | TimeField
  | BooleanField
  | EnumField
  | StringField
  | ScheduleField
  | ArrayField<AnyField>
  | ObjectField<FieldTable>
  | RecordField<AnyField>
  | NumberOrRecordField;

export type FieldTable = Readonly<Record<string, AnyField>>;

/** The longest time a spec may hold: 2^53 steps (beyond it steps are no longer exact integers). */
export const MAX_TIME = 2 ** 53;

// ---------------------------------------------------------------- inference

/** The value type a field holds, with child schedules typed as `S`. */
export type FieldValue<F, S> =
  F extends NumberField | IntegerField | TimeField ? number
  : F extends BooleanField ? boolean
  : F extends EnumField<infer V> ? V
  : F extends StringField ? string
  : F extends ScheduleField ? S
  : F extends ArrayField<infer I> ? Array<FieldValue<I, S>>
  : F extends ObjectField<infer T> ? Infer<T, S>
  : F extends RecordField<infer V> ? Record<string, FieldValue<V, S>>
  : F extends NumberOrRecordField ? number | Record<string, number>
  : F extends NullableField<infer I> ? FieldValue<I, S> | null
  : never;

type RequiredKeys<T extends FieldTable> = { [K in keyof T]: T[K] extends { required: true } ? K : never }[keyof T];

/** The object type a field table describes (child schedules typed as `S`). */
export type Infer<T extends FieldTable, S = ScheduleNode> = {
  -readonly [K in keyof T as K extends RequiredKeys<T> ? K : never]: FieldValue<T[K], S>;
} & {
  -readonly [K in keyof T as K extends RequiredKeys<T> ? never : K]?: FieldValue<T[K], S>;
};

// ---------------------------------------------------------------- constructors (short, uniform tables)

type Range = Omit<NumberField, 'kind' | 'required' | 'description' | 'default'>;

/** A required finite number, optionally bounded. */
export function num(description: string, range: Range = {}): NumberField<true> {
  return { kind: 'number', required: true, description, ...range };
}
export const positive = (description: string): NumberField<true> => num(description, { min: 0, minExclusive: true });
export const nonNegative = (description: string): NumberField<true> => num(description, { min: 0 });
/** A number in [0, 1]. */
export const fraction = (description: string): NumberField<true> => num(description, { min: 0, max: 1 });
export function int(description: string, min: number, max?: number): IntegerField<true> {
  return max === undefined ? { kind: 'integer', required: true, description, min } : { kind: 'integer', required: true, description, min, max };
}
/** A required length in steps, `> 0` (`>= 0` with `{ zero: true }`); `epochs` names its builder alias. */
export function length<const E extends string = never>(description: string, options: { epochs?: E; zero?: boolean } = {}): TimeField<true, E> {
  const f: TimeField<true, E> = { kind: 'time', required: true, description, positive: options.zero !== true };
  if (options.epochs !== undefined) f.epochs = options.epochs;
  return f;
}
/** A required position in steps (`>= 0`). */
export function position(description: string): TimeField<true, never> {
  return { kind: 'time', required: true, description, positive: false };
}
export const bool = (description: string): BooleanField<true> => ({ kind: 'boolean', required: true, description });
export function oneOf<const V extends string>(description: string, values: readonly V[]): EnumField<V, true> {
  return { kind: 'enum', required: true, description, values };
}
export const name = (description: string, maxLength = 64): StringField<true> => ({ kind: 'string', required: true, description, maxLength });
export const schedule = (description: string): ScheduleField<true> => ({ kind: 'schedule', required: true, description });
export function list<I extends AnyField, const E extends string = never>(description: string, items: I, options: { minItems?: number; epochs?: E } = {}): ArrayField<I, true, E> {
  const f: ArrayField<I, true, E> = { kind: 'array', required: true, description, items };
  if (options.minItems !== undefined) f.minItems = options.minItems;
  if (options.epochs !== undefined) f.epochs = options.epochs;
  return f;
}
export function object<const T extends FieldTable>(description: string, fields: T): ObjectField<T, true> {
  return { kind: 'object', required: true, description, fields };
}
export function record<V extends AnyField>(description: string, values: V): RecordField<V, true> {
  return { kind: 'record', required: true, description, values };
}
export function numberOrRecord(description: string, number: NumberField): NumberOrRecordField<true> {
  return { kind: 'numberOrRecord', required: true, description, number };
}

export function nullable<I extends AnyField>(description: string, inner: I): NullableField<I, true> {
  return { kind: 'nullable', required: true, description, inner };
}

/** The same field, optional, with its documented default. */
export function optional<F extends AnyField>(field: F, defaultValue?: unknown): Omit<F, 'required'> & { required: false } {
  const out = { ...field, required: false as const };
  if (defaultValue !== undefined) out.default = defaultValue;
  return out;
}

/** The same field with an item type narrowed for element descriptions (docs only). */
export function describe<F extends AnyField>(field: F, description: string): F {
  return { ...field, description };
}
