import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicy, scheduleJsonSchema, validateSchedule } from '../src/index.js';
import { FAMILIES, MAX_VALUE, type AnyField, type AnyFamily } from '../src/internal.js';
import { VALID_SPECS } from './corpus.js';

// ajv is CommonJS: under NodeNext its default import is the module object, whose `default` is the class
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const schemaAccepts = ajv.compile(scheduleJsonSchema());
const parseAccepts = (doc: unknown) => validateSchedule(doc).length === 0;

/** Values a field of this kind must reject, at field level (JSON Schema and parseSchedule alike). */
function badValuesFor(field: AnyField): unknown[] {
  switch (field.kind) {
    case 'number': {
      const out: unknown[] = ['0.1', null, true, 2 * MAX_VALUE, -2 * MAX_VALUE];
      if (field.min !== undefined) out.push(field.minExclusive ? field.min : field.min - 1);
      if (field.max !== undefined) out.push(field.maxExclusive ? field.max : field.max + 1);
      return out;
    }
    case 'integer':
      return [field.min - 1, field.min + 0.5, '3', Number.MAX_SAFE_INTEGER + 2];
    case 'time':
      // a length is > 0 (at least 1e-9 steps), a position >= 0; both at most 2^53 steps
      return [-1, '3', null, 2 ** 53 * 2, ...(field.positive ? [0, 1e-10] : [])];
    case 'boolean':
      return ['true', 1, null];
    case 'enum':
      return ['nope', 1, null];
    case 'string':
      return ['', 'x'.repeat(field.maxLength + 1), 3];
    case 'schedule':
      return [{ type: 'nope' }, {}, 3, { type: 'constant' }];
    case 'array':
      return [{}, 'x', ...(field.minItems ? [[]] : []), [...badValuesFor(field.items).slice(0, 1)]];
    case 'object':
      return [3, [], 'x'];
    case 'record':
      return [3, [], { lr: badValuesFor(field.values)[0] }];
    case 'numberOrRecord':
      return ['x', null, { lr: 'x' }];
    case 'nullable':
      return badValuesFor(field.inner).filter((v) => v !== null);
  }
}

/** Mutations of a valid document that break exactly one field-level rule. */
function mutations(doc: Record<string, unknown>): Array<{ what: string; doc: Record<string, unknown> }> {
  const family = (FAMILIES as unknown as Record<string, AnyFamily>)[doc.type as string];
  const out: Array<{ what: string; doc: Record<string, unknown> }> = [];
  for (const [name, field] of Object.entries(family.fields)) {
    for (const bad of badValuesFor(field)) out.push({ what: `${name} = ${JSON.stringify(bad)}`, doc: { ...doc, [name]: bad } });
    if (field.required) {
      const copy = { ...doc };
      delete copy[name];
      out.push({ what: `without ${name}`, doc: copy });
    }
  }
  out.push({ what: 'unknown key', doc: { ...doc, colour: 'blue' } });
  out.push({ what: 'unknown type', doc: { ...doc, type: 'cosinus' } });
  return out;
}

describe('schedule.schema.json', () => {
  it('is the schema generated from the field tables (run `npm run schema -w @cyclr/core` after a build to refresh)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../schedule.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(scheduleJsonSchema());
  });

  it('is a valid draft 2020-12 schema', () => {
    expect(ajv.validateSchema(scheduleJsonSchema())).toBe(true);
  });

  it.each(VALID_SPECS)('accepts the valid $name spec, and so does parseSchedule', ({ spec }) => {
    expect(schemaAccepts(spec)).toBe(true);
    expect(parseAccepts(spec)).toBe(true);
    expect(schemaAccepts({ version: 1, lr: spec, momentum: spec })).toBe(true);
    expect(() => parsePolicy({ version: 1, lr: spec, momentum: spec })).not.toThrow();
  });

  it.each(VALID_SPECS.filter(({ spec }) => Object.keys((FAMILIES as unknown as Record<string, AnyFamily>)[spec.type].fields).length > 0))(
    'agrees with parseSchedule on every single-field mutation of $name',
    ({ spec }) => {
      for (const { what, doc } of mutations(spec as unknown as Record<string, unknown>)) {
        expect({ what, schema: schemaAccepts(doc) }).toEqual({ what, schema: false });
        expect({ what, parse: parseAccepts(doc) }).toEqual({ what, parse: false });
      }
    },
  );

  it('never accepts a document that parseSchedule rejects at field level, nor rejects one it accepts', () => {
    const leaf = fc.oneof(
      fc.record({ type: fc.constant('linear'), from: fc.double(), to: fc.double(), steps: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double()) }, { requiredKeys: ['type'] }),
      fc.record({ type: fc.constant('constant'), value: fc.oneof(fc.double(), fc.string()) }, { requiredKeys: ['type'] }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(leaf, (doc) => {
        const parsed = parseAccepts(doc);
        const schema = schemaAccepts(doc);
        // parse may reject more (rules across fields); it never accepts what the schema rejects
        return parsed ? schema : true;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the policy schema', () => {
  const base = { version: 1, lr: { type: 'cosine', from: 0.1, to: 0, steps: 100 }, momentum: { type: 'constant', value: 0.9 } };

  it('accepts plateau options that parsePolicy accepts', () => {
    const doc = { ...base, plateau: { mode: 'min', patience: 3, factor: 0.5, applyTo: ['lr'] } };
    expect(schemaAccepts(doc)).toBe(true);
    expect(() => parsePolicy(doc)).not.toThrow();
  });

  it.each([
    ['an unknown plateau option', { patiense: 3 }],
    ['a factor of 1', { factor: 1 }],
    ['a negative patience', { patience: -1 }],
  ])('rejects %s, as parsePolicy does', (_what, plateau) => {
    const doc = { ...base, plateau };
    expect(schemaAccepts(doc)).toBe(false);
    expect(() => parsePolicy(doc)).toThrow();
  });

  it('rejects a policy without lr or with the wrong version, as parsePolicy does', () => {
    for (const doc of [{ version: 1, momentum: base.momentum }, { ...base, version: 2 }, { ...base, momentum: 0.9 }]) {
      expect(schemaAccepts(doc)).toBe(false);
      expect(() => parsePolicy(doc)).toThrow();
    }
  });
});
