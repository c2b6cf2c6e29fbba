import { describe, expect, it } from 'vitest';
import { ScheduleSpecError } from '../base/errors.js';
import { IssueSink } from '../validate/issues.js';
import { kwargsReader, readSignature, withHint, type Signature } from './kwargs.js';

const messages = { unknown: (key: string, hint: string | undefined) => withHint(`f() got an unexpected keyword argument '${key}'`, hint), missing: (key: string) => `f() requires ${key}` };

function thrown(fn: () => unknown): ScheduleSpecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScheduleSpecError) return e;
    throw e;
  }
  throw new Error('expected a ScheduleSpecError');
}

describe('readSignature checks every argument of a declared signature at once', () => {
  const signature: Signature = {
    rate: { kind: 'number', required: true },
    steps: { kind: 'integer', default: 5 },
    after: { kind: 'number', nullable: true, default: null },
    names: { kind: 'integers', default: [] },
    parts: { kind: 'entries', default: [{}], expected: 'a non-empty array of parts' },
    fn: { kind: 'closure', nullable: true, default: null, refusal: 'fn is Python code: write a schedule instead' },
    flag: { kind: 'boolean', default: false },
  };

  it('returns the arguments with defaults for the absent ones, None kept where a parameter takes it', () => {
    const sink = new IssueSink();
    expect(readSignature({ rate: 0.5, after: null }, ['kwargs'], signature, messages, sink)).toEqual({ rate: 0.5, steps: 5, after: null, names: [], parts: [{}], fn: null, flag: false });
    expect(sink.count).toBe(0);
  });

  it('reports unknown arguments first, then each parameter in order, every one with its path and code', () => {
    const sink = new IssueSink();
    readSignature({ rat: 1, steps: 2.5, names: [1, 'x'], parts: [], fn: 'lambda t: t', flag: null }, ['kwargs'], signature, messages, sink);
    expect(sink.issues().map((i) => [i.code, i.path.join('.'), i.message])).toEqual([
      ['unknown_key', 'kwargs.rat', "f() got an unexpected keyword argument 'rat' (did you mean 'rate'?)"],
      ['missing', 'kwargs.rate', 'f() requires rate'],
      ['not_integer', 'kwargs.steps', 'steps must be an integer, got 2.5'],
      ['invalid_type', 'kwargs.names', 'names must be an array of integers, got [1,"x"]'],
      ['invalid_type', 'kwargs.parts', 'parts must be a non-empty array of parts, got []'],
      ['closure', 'kwargs.fn', 'fn is Python code: write a schedule instead'],
      ['invalid_type', 'kwargs.flag', 'flag cannot be None/null'],
    ]);
  });

  it('lets the peer word a list given for one number', () => {
    const sink = new IssueSink();
    readSignature({ rate: [0.1, 0.2] }, [], signature, { ...messages, listForNumber: (key) => `${key}: one param group only` }, sink);
    expect(sink.issues()[0]).toMatchObject({ code: 'invalid_type', path: ['rate'], message: 'rate: one param group only' });
  });
});

describe('kwargsReader refuses on the first problem, with the same checks', () => {
  it('refuses an unknown argument before reading any', () => {
    const e = thrown(() => kwargsReader({ rate: 1, stpes: 2 }, ['kwargs'], messages, ['rate', 'steps']));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ code: 'unknown_key', path: ['kwargs', 'stpes'], message: "f() got an unexpected keyword argument 'stpes' (did you mean 'steps'?)" });
  });

  it('reads numbers, integers, booleans and choices, with None as absent', () => {
    const r = kwargsReader({ a: 1.5, b: 3, c: null, d: true, e: 'cos' }, [], messages);
    expect([r.num('a'), r.int('b'), r.num('c', 7), r.bool('d', false), r.choice('e', ['cos', 'linear'], 'linear')]).toEqual([1.5, 3, 7, true, 'cos']);
    expect(r.has('c')).toBe(false);
  });

  type Read = (r: ReturnType<typeof kwargsReader>) => unknown;
  it.each<[string, Record<string, unknown>, Read, string, string]>([
    ['a string for a number', { a: '1' }, (r) => r.num('a'), 'invalid_type', 'a must be a finite number, got "1"'],
    ['a fraction for an integer', { a: 2.5 }, (r) => r.int('a'), 'not_integer', 'a must be an integer >= 0, got 2.5'],
    ['an integer below the minimum', { a: -1 }, (r) => r.int('a'), 'too_small', 'a must be an integer >= 0, got -1'],
    ['a missing argument', {}, (r) => r.num('a'), 'missing', 'f() requires a'],
    ['a misspelt choice', { a: 'linaer' }, (r) => r.choice('a', ['cos', 'linear'], 'cos'), 'invalid_enum', "Unknown a \"linaer\", expected 'cos', 'linear' (did you mean 'linear'?)"],
    ['a list with a non-number', { a: [1, null] }, (r) => r.numbers('a'), 'invalid_type', 'a must be a list of numbers, got [1,null]'],
  ])('refuses %s', (_, kwargs, read, code, message) => {
    const e = thrown(() => read(kwargsReader(kwargs, ['kwargs'], messages)));
    expect(e.issues).toEqual([expect.objectContaining({ code, path: ['kwargs', 'a'], message })]);
  });
});
