import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ISSUE_CODES, ScheduleSpecError, parsePolicy, parseSchedule, validatePolicy, validateSchedule, valueAt } from '../src/index.js';

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleSpecError);
    return (error as ScheduleSpecError).issues;
  }
  throw new Error('expected a ScheduleSpecError');
}

describe('parsePolicy', () => {
  it('prints every issue with its path, the received value and what was expected', () => {
    const doc = {
      version: 1,
      lr: {
        type: 'join',
        parts: [
          { schedule: { type: 'linear', from: 0, to: 0.1, steps: 10 }, steps: 10 },
          { schedule: { type: 'cyclic', from: 0.001, peak: 0.01, upSteps: -5 } },
        ],
      },
    };
    let message = '';
    try {
      parsePolicy(doc);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('✖ upSteps must be a positive number of steps, got -5\n  → at lr.parts[1].schedule.upSteps');
  });

  it('collects every problem, not just the first', () => {
    const issues = issuesOf(() => parsePolicy({ version: 2, lr: { type: 'linear', from: 'a', to: 1 }, momentum: 3 }));
    expect(issues.map((i) => i.path.join('.'))).toEqual(['version', 'lr.from', 'lr.steps', 'momentum']);
    expect(issues[1]).toMatchObject({ code: 'invalid_type', received: 'a', expected: 'a finite number' });
  });

  it('requires lr', () => {
    expect(issuesOf(() => parsePolicy({ version: 1 }))[0].message).toMatch(/lr is required/);
  });

  it('accepts a JSON string', () => {
    expect(parsePolicy('{"version":1,"lr":{"type":"constant","value":0.1}}').lr).toEqual({ type: 'constant', value: 0.1 });
  });

  it('reports malformed JSON text as a spec error', () => {
    expect(issuesOf(() => parsePolicy('{"version":1,'))[0].code).toBe('invalid_json');
  });
});

describe('parseSchedule', () => {
  it('suggests the nearest family for an unknown type', () => {
    const [issue] = issuesOf(() => parseSchedule({ type: 'cosin', from: 1, to: 0, steps: 10 }));
    expect(issue).toMatchObject({ code: 'unknown_type', path: ['type'], received: 'cosin' });
    expect(issue.message).toBe('unknown schedule type "cosin" (did you mean "cosine"?)');
  });

  it('rejects unknown fields with a suggestion instead of ignoring them', () => {
    const [issue] = issuesOf(() => parseSchedule({ type: 'linear', from: 0, to: 1, step: 10 }).valueOf());
    expect(issue.code).toBe('missing');
    const issues = issuesOf(() => parseSchedule({ type: 'linear', from: 0, to: 1, steps: 10, form: 2 }));
    expect(issues[0].message).toBe('unknown field "form" (did you mean "from"?)');
  });

  it('rejects NaN and Infinity, and accepts a fractional length', () => {
    const issues = issuesOf(() => parseSchedule({ type: 'linear', from: Number.NaN, to: Infinity, steps: 2.5 }));
    expect(issues.map((i) => [i.code, i.path[0]])).toEqual([
      ['not_finite', 'from'],
      ['not_finite', 'to'],
    ]);
    expect(issues[0].message).toBe('from must be a finite number, got NaN');
    expect(valueAt(parseSchedule({ type: 'linear', from: 0, to: 1, steps: 2.5 }), 1)).toBe(0.4);
  });

  it('refuses lengths below 1e-9 steps or beyond 2^53, and numbers beyond ±1e300', () => {
    const paths = (doc: unknown) => validateSchedule(doc).map((i) => [i.code, i.path.join('.')]);
    expect(paths({ type: 'linear', from: 0, to: 1, steps: 1e-10 })).toEqual([['too_small', 'steps']]);
    expect(paths({ type: 'linear', from: 0, to: 1, steps: 2 ** 54 })).toEqual([['out_of_range', 'steps']]);
    expect(paths({ type: 'linear', from: 1e301, to: -1e300, steps: 1 })).toEqual([['out_of_range', 'from']]);
    expect(validateSchedule({ type: 'linear', from: 0, to: 1, steps: 1e-10 })[0].message).toBe('steps must be a positive number of steps, got 1e-10 (lengths below 1e-9 steps are not supported)');
    expect(paths({ type: 'linear', from: 1e300, to: -1e300, steps: 1e-9 })).toEqual([]);
  });

  it('rejects self-referencing objects and absurd nesting without overflowing the stack', () => {
    const loop: Record<string, unknown> = { type: 'scale', factor: 2 };
    loop.schedule = loop;
    expect(issuesOf(() => parseSchedule(loop))[0].code).toBe('cycle');
    let deep: unknown = { type: 'constant', value: 1 };
    for (let i = 0; i < 200; i++) deep = { type: 'scale', schedule: deep };
    expect(issuesOf(() => parseSchedule(deep)).some((i) => i.code === 'too_deep')).toBe(true);
  });

  it('throws nothing but ScheduleSpecError for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseSchedule(value);
        } catch (error) {
          return error instanceof ScheduleSpecError && error.issues.length > 0 && error.issues.every((i) => Array.isArray(i.path));
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('rejects fuzzed near-valid documents with a path for every issue', () => {
    const field = fc.constantFrom('type', 'from', 'to', 'steps', 'peak', 'upSteps', 'parts', 'schedule', 'value', 'decay', 'stepsPerEpoch');
    const junk = fc.oneof(fc.string(), fc.double(), fc.integer({ min: -5, max: 5 }), fc.constant(null), fc.jsonValue());
    fc.assert(
      fc.property(fc.dictionary(field, junk), (doc) => {
        const issues = validateSchedule(doc);
        const policyIssues = validatePolicy({ version: 1, lr: doc });
        return issues.every((i) => i.message.length > 0) && policyIssues.every((i) => i.path[0] !== undefined);
      }),
      { numRuns: 500 },
    );
  });

  it('uses only the closed list of issue codes, for any document (fuzzed)', () => {
    const codes = new Set<string>(ISSUE_CODES);
    const field = fc.constantFrom('type', 'from', 'to', 'steps', 'peak', 'upSteps', 'parts', 'schedule', 'value', 'milestones', 'boundaries', 'values', 'factors');
    const type = fc.constantFrom('linear', 'cyclic', 'join', 'multiStep', 'piecewiseConstant', 'multiply', 'epochs', 'tanh', 'nope');
    const junk = fc.oneof(fc.string(), fc.double(), fc.integer({ min: -5, max: 5 }), fc.constant(null), fc.jsonValue(), fc.array(fc.double(), { maxLength: 3 }));
    fc.assert(
      fc.property(type, fc.dictionary(field, junk), (t, doc) => {
        for (const issue of [...validateSchedule({ ...doc, type: t }), ...validatePolicy({ version: 1, lr: { ...doc, type: t }, plateau: doc })]) {
          expect(codes.has(issue.code), issue.code).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('validatePolicy', () => {
  it('refuses a hyperparameter name that is not a name, and a $schema that is not a string', () => {
    const issues = validatePolicy({ version: 1, lr: { type: 'constant', value: 0.1 }, 'beta 2': { type: 'constant', value: 0.99 }, $schema: 3 });
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['invalid_type', '$schema'],
      ['invalid_value', 'beta 2'],
    ]);
    expect(issues[1].message).toBe('"beta 2" is not a valid hyperparameter name');
  });

  it('reads a JSON string as a schedule or a policy, and reports its syntax error escaped', () => {
    expect(valueAt(parseSchedule('{"type":"linear","from":0,"to":1,"steps":2.5}'), 2)).toBe(0.8);
    const [issue] = issuesOf(() => parseSchedule('{"type":"constant","value":\u0001}'));
    expect(issue.code).toBe('invalid_json');
    // the parser echoes the control character; the issue shows it as an escape
    expect(issue.message).not.toContain('\u0001');
    expect(issue.message).toContain('\\x01');
  });
});
