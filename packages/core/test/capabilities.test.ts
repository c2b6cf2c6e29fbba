// Registry-driven: every family of the registry is covered by every capability, so adding a family
// that a capability forgets fails here (and the corpus must hold an example of it).
import { describe, expect, it } from 'vitest';
import {
  breakpointsOf, compileSchedule, explainSchedule, horizonOf, isPiecewiseConstant, lintSchedule, parseSchedule, sample,
  scheduleJsonSchema, stretch, toKeras, valueAt, ScheduleSpecError, type Schedule,
} from '../src/index.js';
import { FAMILIES, SCHEDULE_TYPES, TOOL_TYPES, toolsOf, walkSchedule, type AnyFamily } from '../src/internal.js';
import { VALID_SPECS } from './corpus.js';

const families = FAMILIES as unknown as Record<string, AnyFamily>;

function typesIn(spec: Schedule): string[] {
  return [...walkSchedule(spec)].map(([node]) => node.type);
}

describe('every family of the registry', () => {
  it('has an example in the test corpus', () => {
    const covered = new Set(VALID_SPECS.flatMap(({ spec }) => typesIn(spec)));
    expect(SCHEDULE_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });

  it('has its tools registered beside it (families/index.ts and families/tools.ts list the same types)', () => {
    expect([...TOOL_TYPES]).toEqual([...SCHEDULE_TYPES].sort());
  });

  it('declares every hook the engine and the tools need, and documents each field', () => {
    for (const type of SCHEDULE_TYPES) {
      const f = families[type];
      const tools = toolsOf(type);
      expect(f.type, type).toBe(type);
      expect(tools?.type, type).toBe(type);
      expect(f.description.length, type).toBeGreaterThan(10);
      for (const hook of ['compile', 'range'] as const) expect(typeof f[hook], `${type}.${hook}`).toBe('function');
      for (const hook of ['horizon', 'breakpoints'] as const) expect(typeof tools?.[hook], `${type}.${hook}`).toBe('function');
      // stretch either re-plans or says why it refuses
      expect(tools?.stretch !== undefined || (tools?.stretchRefusal ?? '').length > 0, `${type} stretch`).toBe(true);
      for (const [name, field] of Object.entries(f.fields)) expect(field.description.length, `${type}.${name}`).toBeGreaterThan(3);
    }
  });

  it('has a definition in the generated JSON Schema', () => {
    const defs = scheduleJsonSchema().$defs as Record<string, unknown>;
    expect(SCHEDULE_TYPES.filter((t) => defs[t] === undefined)).toEqual([]);
  });
});

describe.each(VALID_SPECS.map(({ name, spec }) => [name, spec] as const))('corpus spec %s', (_name, spec) => {
  it('parses, and valueAt, compileSchedule and sample agree on it', () => {
    const sealed = parseSchedule(spec);
    const fn = compileSchedule(spec);
    const steps = [0, 1, 2, 3, 10, 99, 100, 101, 1000, 12_345, 1e6, 1e9];
    const sampled = sample(sealed, { count: 200 });
    for (let t = 0; t < 200; t++) expect(sampled[t]).toBe(fn(t));
    for (const t of steps) expect(valueAt(spec, t)).toBe(fn(t));
  });

  it('is explained, linted, plotted (piecewise or not) and given a horizon and breakpoints without throwing', () => {
    expect(explainSchedule(spec).sentences.length).toBeGreaterThan(1);
    expect(Array.isArray(lintSchedule(spec, { totalSteps: 1000 }))).toBe(true);
    expect(typeof isPiecewiseConstant(spec)).toBe('boolean');
    const h = horizonOf(spec);
    expect(h === Infinity || Number.isSafeInteger(h)).toBe(true);
    const b = breakpointsOf(spec, 10_000);
    expect(b).toEqual([...b].sort((x, y) => x - y));
  });

  it('stretches, or refuses with a RangeError that says why', () => {
    try {
      const out = stretch(spec, 50_000, { at: 10 });
      for (let t = 0; t < 10; t++) expect(valueAt(out, t)).toBe(valueAt(spec, t));
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      expect((e as Error).message.length).toBeGreaterThan(20);
    }
  });

  it('exports to Keras, or says which field Keras cannot express', () => {
    try {
      expect(toKeras(spec)).toHaveProperty('class_name');
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleSpecError);
      expect((e as ScheduleSpecError).issues[0].code).toBe('not_expressible');
    }
  });
});
