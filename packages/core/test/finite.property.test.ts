// "No accepted spec yields NaN or ±Infinity at any step up to 1e12": specs drawn from every
// family's field table with extreme values (±1e308, 5e-324, -0, tiny and huge lengths), nested
// combinators included. Whatever parseSchedule accepts must evaluate to finite numbers, through
// valueAt and through compileSchedule (each family's own finite property lives here, not in its test).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError } from '../src/base/errors.js';
import { compileSchedule, valueAt } from '../src/evaluate/api.js';
import type { Schedule } from '../src/spec.js';
import { parseSchedule } from '../src/validate/parse.js';
import { FAMILIES, SCHEDULE_TYPES, type AnyFamily, type AnyField, type FieldTable } from '../src/internal.js';

const families = FAMILIES as unknown as Record<string, AnyFamily>;

const EXTREME = [1e308, -1e308, 1e300, -1e300, 5e-324, -5e-324, -0, 0, 1e-300, 1, -1, 0.5, 2, 0.999, 1.001, 1e12, 1e-12];
const TIMES = [1e-9, 5e-324, 1e-12, 0.5, 1, 2, 7.5, 10, 422.5, 1000, 1e6, 1e12, 2 ** 53, 2 ** 53 + 2, 0];
const INTS = [0, 1, 2, 3, 64, 1e6, Number.MAX_SAFE_INTEGER];

// extremes often, ordinary values mostly (so that many drawn specs are valid and get evaluated)
const number = fc.oneof(
  { arbitrary: fc.constantFrom(...EXTREME), weight: 2 },
  { arbitrary: fc.constantFrom(0, -0, 1, 2), weight: 1 },
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 6 },
  { arbitrary: fc.double({ min: -2, max: 2, noNaN: true }), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
);
const time = fc.oneof(
  { arbitrary: fc.constantFrom(...TIMES), weight: 2 },
  { arbitrary: fc.double({ min: 1, max: 1e4, noNaN: true }), weight: 7 },
  { arbitrary: fc.double({ min: 0, max: 1e13, noNaN: true }), weight: 1 },
);

function field(f: AnyField, depth: number): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'number':
      return number;
    case 'integer':
      return fc.oneof(fc.constantFrom(...INTS), fc.integer({ min: f.min, max: f.min + 100 }));
    case 'time':
      return time;
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...f.values);
    case 'string':
      return fc.constantFrom('lr', 'momentum');
    case 'schedule':
      return scheduleArb(depth + 1);
    case 'array':
      return fc.array(field(f.items, depth), { minLength: f.minItems ?? 0, maxLength: 4 });
    case 'object':
      return table(f.fields, depth);
    case 'record':
      return fc.dictionary(fc.constantFrom('lr', 'momentum'), field(f.values, depth));
    case 'numberOrRecord':
      return number;
    case 'nullable':
      return fc.option(field(f.inner, depth), { nil: null });
  }
}

function table(fields: FieldTable, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, f] of Object.entries(fields)) record[k] = f.required ? field(f, depth) : fc.option(field(f, depth), { nil: undefined });
  return fc.record(record).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

const LEAVES = SCHEDULE_TYPES.filter((t) => !Object.values(families[t].fields).some((f) => JSON.stringify(f).includes('"schedule"')));

function scheduleArb(depth: number): fc.Arbitrary<Schedule> {
  const types = depth >= 2 ? LEAVES : SCHEDULE_TYPES;
  return fc.constantFrom(...types).chain((type) => table(families[type].fields, depth).map((o) => ({ type, ...o }) as Schedule));
}

const STEPS = [0, 1, 2, 3, 7, 8, 10, 99, 100, 101, 422, 423, 1000, 65_535, 1e6, 123_456_789, 1e9, 1e10, 1e11, 1e12];

describe('finite by proof', () => {
  it.each(SCHEDULE_TYPES)('no accepted %s spec with extreme fields yields NaN or ±Infinity up to step 1e12', (type) => {
    const arb = table(families[type].fields, 0).map((o) => ({ type, ...o }) as Schedule);
    let accepted = 0;
    fc.assert(
      fc.property(arb, fc.array(fc.integer({ min: 0, max: 1e12 }), { maxLength: 5 }), (spec, more) => {
        let sealed: Schedule;
        try {
          sealed = parseSchedule(spec);
        } catch (e) {
          if (e instanceof ScheduleSpecError) return true;
          throw e;
        }
        accepted++;
        const compiled = compileSchedule(sealed);
        for (const t of [...STEPS, ...more]) {
          const v = valueAt(sealed, t);
          if (!Number.isFinite(v)) throw new Error(`${JSON.stringify(spec)} gives ${v} at step ${t}`);
          const c = compiled(t);
          if (!Number.isFinite(c)) throw new Error(`${JSON.stringify(spec)} compiled gives ${c} at step ${t}`);
        }
        return true;
      }),
      { numRuns: 3000 },
    );
    // the property must have something to check: a good share of the drawn specs are valid
    expect(accepted).toBeGreaterThan(20);
  });

  it('holds for nested combinators too', () => {
    let accepted = 0;
    fc.assert(
      fc.property(scheduleArb(0), (spec) => {
        let sealed: Schedule;
        try {
          sealed = parseSchedule(spec);
        } catch (e) {
          if (e instanceof ScheduleSpecError) return true;
          throw e;
        }
        accepted++;
        const compiled = compileSchedule(sealed);
        for (const t of STEPS) {
          const v = valueAt(sealed, t);
          if (!Number.isFinite(v)) throw new Error(`${JSON.stringify(spec)} gives ${v} at step ${t}`);
          const c = compiled(t);
          if (!Number.isFinite(c)) throw new Error(`${JSON.stringify(spec)} compiled gives ${c} at step ${t}`);
        }
        return true;
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('refuses the overflowing specs of the issue with a path and the figure', () => {
    const cases: Array<[unknown, string]> = [
      [{ type: 'linear', from: 1e308, to: -1e308, steps: 10 }, 'from'],
      [{ type: 'cyclic', from: -1e308, peak: 1e308, upSteps: 10 }, 'from'],
      [{ type: 'scale', schedule: { type: 'constant', value: 1e300 }, factor: 10 }, ''],
      [{ type: 'multiply', factors: [{ type: 'constant', value: 1e200 }, { type: 'constant', value: 1e200 }] }, 'factors'],
      [{ type: 'noise', schedule: { type: 'constant', value: 1 }, amount: 1e300 }, ''],
      [{ type: 'warmup', steps: 10, from: 5e-324, shape: 'exponential', schedule: { type: 'constant', value: 1 } }, 'from'],
      [{ type: 'noisyLinearCosine', from: 1, steps: 100, variance: 1e308 }, 'variance'],
      [{ type: 'noisyLinearCosine', from: 1e200, steps: 100, variance: 1e250 }, ''],
    ];
    for (const [spec, at] of cases) {
      let issues: readonly { code: string; path: readonly (string | number)[]; message: string }[] = [];
      try {
        parseSchedule(spec);
      } catch (e) {
        issues = (e as ScheduleSpecError).issues;
      }
      expect(issues.length, JSON.stringify(spec)).toBeGreaterThan(0);
      expect(issues.some((i) => i.path.join('.').startsWith(at)), JSON.stringify(issues)).toBe(true);
      expect(issues.some((i) => /1e\+?30|e\+|Infinity|overflow|1e300/.test(i.message)), JSON.stringify(issues)).toBe(true);
    }
  });
});
