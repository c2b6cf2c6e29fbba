import type { AnyField, FieldTable } from '../base/fields.js';
import { MAX_TIME } from '../base/fields.js';
import { MAX_VALUE } from '../base/interval.js';
import { PLATEAU_FIELDS } from '../plateau/options.js';
import { FAMILIES, SCHEDULE_TYPES, type AnyFamily } from '../registry.js';
import { MAX_DESCRIPTION, MIN_LENGTH } from './engine.js';

export type JsonSchema = Record<string, unknown>;

const SCHEMA_ID = 'https://cyclr.dev/schema/schedule.schema.json';

function fieldSchema(type: AnyField): JsonSchema {
  switch (type.kind) {
    case 'number': {
      const s: JsonSchema = { type: 'number' };
      s[type.min !== undefined && type.minExclusive ? 'exclusiveMinimum' : 'minimum'] = type.min ?? -MAX_VALUE;
      s[type.max !== undefined && type.maxExclusive ? 'exclusiveMaximum' : 'maximum'] = type.max ?? MAX_VALUE;
      return s;
    }
    case 'integer':
      return { type: 'integer', minimum: type.min, maximum: type.max ?? Number.MAX_SAFE_INTEGER };
    case 'time':
      return type.positive ? { type: 'number', minimum: MIN_LENGTH, maximum: MAX_TIME } : { type: 'number', minimum: 0, maximum: MAX_TIME };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { enum: [...type.values] };
    case 'string':
      return { type: 'string', minLength: 1, maxLength: type.maxLength };
    case 'schedule':
      return { $ref: '#/$defs/schedule' };
    case 'array': {
      const s: JsonSchema = { type: 'array', items: fieldSchema(type.items) };
      if (type.minItems !== undefined) s.minItems = type.minItems;
      return s;
    }
    case 'object':
      return objectSchema(type.fields, {});
    case 'record':
      return { type: 'object', propertyNames: NAME, additionalProperties: fieldSchema(type.values) };
    case 'numberOrRecord':
      return { oneOf: [fieldSchema(type.number), { type: 'object', propertyNames: NAME, additionalProperties: fieldSchema(type.number) }] };
    case 'nullable':
      return { oneOf: [{ type: 'null' }, fieldSchema(type.inner)] };
  }
}

const NAME: JsonSchema = { type: 'string', pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$', maxLength: 64 };

function objectSchema(fields: FieldTable, extra: Record<string, JsonSchema>): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...extra };
  const required: string[] = Object.keys(extra).filter((k) => k === 'type');
  for (const [name, field] of Object.entries(fields)) {
    properties[name] = { ...fieldSchema(field), description: field.description };
    if (field.default !== undefined) properties[name].default = field.default;
    if (field.required) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

/**
 * The JSON Schema (draft 2020-12) of schedule and policy documents, generated from the same field
 * tables `parseSchedule` uses. Rules across fields (a floor above the peak, boundaries out of order,
 * value ranges) are checked by `parseSchedule` only: the schema accepts a superset of the valid documents.
 */
export function scheduleJsonSchema(): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const refs: JsonSchema[] = [];
  for (const type of SCHEDULE_TYPES) {
    const family = (FAMILIES as unknown as Record<string, AnyFamily>)[type];
    defs[type] = {
      description: family.description,
      ...objectSchema(family.fields, {
        type: { const: type },
        description: { type: 'string', maxLength: MAX_DESCRIPTION, description: 'free text, ignored by the math' },
      }),
    };
    refs.push({ $ref: `#/$defs/${type}` });
  }
  defs.schedule = {
    description: 'A schedule: a JSON object whose `type` names its family.',
    type: 'object',
    required: ['type'],
    properties: { type: { enum: [...SCHEDULE_TYPES] } },
    oneOf: refs,
  };
  defs.plateau = {
    description: 'metric-driven plateau control: multiplies the hyperparameters in applyTo by factor after patience bad evaluations',
    ...objectSchema(PLATEAU_FIELDS, {}),
  };
  defs.policy = {
    description: 'Several hyperparameters scheduled together: `lr` plus any other named schedule.',
    type: 'object',
    required: ['version', 'lr'],
    properties: {
      version: { const: 1 },
      $schema: { type: 'string' },
      description: { type: 'string', maxLength: MAX_DESCRIPTION },
      plateau: { $ref: '#/$defs/plateau' },
      lr: { $ref: '#/$defs/schedule' },
    },
    propertyNames: NAME,
    additionalProperties: { $ref: '#/$defs/schedule' },
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'cyclr schedule or policy',
    description: 'A cyclr hyperparameter policy ({ "version": 1, "lr": ..., ... }) or a single schedule ({ "type": ... }).',
    oneOf: [{ $ref: '#/$defs/policy' }, { $ref: '#/$defs/schedule' }],
    $defs: defs,
  };
}
