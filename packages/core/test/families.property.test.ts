import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, parseSchedule, sample, valueAt } from '../src/index.js';
import { SCHEDULE_TYPES } from '../src/internal.js';
import { VALID_SPECS, familiesIn } from './corpus.js';

const LARGE_STEPS = [1e6, 1e9 + 7, 1e10, 1e12];

describe('every family', () => {
  it('appears in the test corpus', () => {
    const seen = new Set<string>();
    for (const { spec } of VALID_SPECS) for (const t of familiesIn(spec)) seen.add(t);
    expect([...SCHEDULE_TYPES].filter((t) => !seen.has(t))).toEqual([]);
  });
});

describe.each(VALID_SPECS)('$name', ({ spec }) => {
  it('is accepted by parseSchedule unchanged', () => {
    expect(parseSchedule(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('gives identical values through valueAt, compileSchedule and sample for the first 1,500 steps, sealed or not', () => {
    // the one formula: a family's compile, reached through every entry point
    const sealed = parseSchedule(spec);
    const compiled = compileSchedule(spec);
    const sampled = sample(spec, { count: 1500 });
    const sampledSealed = sample(sealed, { count: 1500 });
    for (let t = 0; t < 1500; t++) {
      const v = valueAt(spec, t);
      expect(Object.is(compiled(t), v) && Object.is(sampled[t], v) && Object.is(sampledSealed[t], v) && Object.is(valueAt(sealed, t), v), `t = ${t}`).toBe(true);
    }
  });

  it('gives identical values after a JSON round trip, at any step up to 1e12', () => {
    const copy = JSON.parse(JSON.stringify(spec));
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1e12 })), (t) => {
        expect(valueAt(copy, t)).toBe(valueAt(spec, t));
      }),
      { numRuns: 200 },
    );
  });

  it('is finite at every step up to 1e12', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (t) => Number.isFinite(valueAt(spec, t))),
      { numRuns: 300 },
    );
    for (const t of LARGE_STEPS) expect(Number.isFinite(valueAt(spec, t))).toBe(true);
  });

  it('samples with a start and a stride exactly like valueAt', () => {
    const out = sample(spec, { start: 1_000_000, count: 50, stride: 997 });
    out.forEach((v, i) => expect(v).toBe(valueAt(spec, 1_000_000 + i * 997)));
  });
});

describe('compileSchedule', () => {
  it('copies the spec, so later changes to the object do not leak into the compiled function', () => {
    const spec = { type: 'linear' as const, from: 0, to: 1, steps: 10 };
    const f = compileSchedule(spec);
    spec.to = 100;
    expect(f(10)).toBe(1);
    expect(valueAt(spec, 10)).toBe(100);
  });

  it('rejects an invalid spec before compiling', () => {
    expect(() => compileSchedule({ type: 'linear', from: 0, to: 1, steps: 0 })).toThrow(/steps must be a positive number of steps, got 0/);
  });

  it('checks the step of every call', () => {
    const f = compileSchedule({ type: 'constant', value: 1 });
    expect(() => f(-3)).toThrow(RangeError);
    expect(() => f(1.5)).toThrow(/1\.5/);
  });
});

describe('sample', () => {
  it('fills a caller-provided array', () => {
    const into = new Float64Array(8).fill(-1);
    const out = sample({ type: 'linear', from: 0, to: 1, steps: 4 }, { count: 5, into });
    expect(out).toBe(into);
    expect(Array.from(into)).toEqual([0, 0.25, 0.5, 0.75, 1, -1, -1, -1]);
  });

  it('rejects a bad start, count or stride', () => {
    const spec = { type: 'constant', value: 1 } as const;
    expect(() => sample(spec, { start: -1, count: 1 })).toThrow(/start must be a non-negative integer, got -1/);
    expect(() => sample(spec, { count: 2.5 })).toThrow(/count/);
    expect(() => sample(spec, { count: 2, stride: 0 })).toThrow(/stride must be a positive integer, got 0/);
  });
});

describe('sealed specs (what builders and parseSchedule return)', () => {
  it('are frozen copies with the same values; changing one throws instead of going stale', async () => {
    const { cosine, parseSchedule: parse } = await import('../src/index.js');
    const input = { type: 'cosine', from: 1, to: 0, steps: 10 } as const;
    const sealed = parse(input);
    expect(sealed).not.toBe(input);
    expect(sealed).toEqual(input);
    expect(Object.isFrozen(sealed)).toBe(true);
    expect(() => {
      (sealed as { steps: number }).steps = 20;
    }).toThrow(TypeError);
    const built = cosine({ from: 1, to: 0, steps: 10 });
    for (let t = 0; t < 12; t++) expect(valueAt(built, t)).toBe(valueAt(input, t));
    // a copy is an ordinary, editable spec
    const edited = { ...built, steps: 20 };
    expect(valueAt(edited, 10)).toBe(0.5);
    expect(JSON.parse(JSON.stringify(built))).toEqual(input);
  });

  it('leave the caller’s object alone', () => {
    const parts = [{ schedule: { type: 'constant' as const, value: 1 }, steps: 5 }, { schedule: { type: 'constant' as const, value: 2 } }];
    parseSchedule({ type: 'join', parts });
    expect(Object.isFrozen(parts) || Object.isFrozen(parts[0])).toBe(false);
  });
});
