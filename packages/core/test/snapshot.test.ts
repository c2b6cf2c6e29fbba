// Input is read exactly once: what is validated is what is evaluated.
import { describe, expect, it } from 'vitest';
import { explainSchedule, parsePolicy, parseSchedule, validateSchedule, valueAt, ScheduleSpecError, type Schedule } from '../src/index.js';

function issuesOf(input: unknown): Array<{ code: string; path: string }> {
  try {
    parseSchedule(input);
    return [];
  } catch (e) {
    if (!(e instanceof ScheduleSpecError)) throw e;
    return e.issues.map((i) => ({ code: i.code, path: i.path.join('.') }));
  }
}

describe('parseSchedule reads its input once', () => {
  it('calls each getter once and evaluates the value it read, not a later one', () => {
    let reads = 0;
    const spec = { type: 'linear', from: 0, to: 1, get steps() { reads++; return reads === 1 ? 4 : NaN; } };
    const sealed = parseSchedule(spec);
    expect(reads).toBe(1);
    expect(valueAt(sealed, 2)).toBe(0.5);
    expect(reads).toBe(1);
  });

  it('ignores inherited and non-enumerable fields, as JSON does (so a required one is missing)', () => {
    const inherited = Object.assign(Object.create({ to: 1 }) as object, { type: 'linear', from: 0, steps: 4 });
    expect(issuesOf(inherited)).toContainEqual({ code: 'not_plain_data', path: '' });
    const hidden = { type: 'linear', from: 0, steps: 4 };
    Object.defineProperty(hidden, 'to', { value: 1, enumerable: false });
    expect(issuesOf(hidden)).toEqual([{ code: 'missing', path: 'to' }]);
  });

  it('refuses holes, class instances, symbols, functions and bigints with their paths', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(issuesOf({ type: 'multiStep', from: 1, decay: 0.1, milestones: [1, , 3] })).toEqual([{ code: 'hole', path: 'milestones.1' }]);
    expect(issuesOf({ type: 'constant', value: new Date() })).toEqual([{ code: 'not_plain_data', path: 'value' }]);
    expect(issuesOf({ type: 'constant', value: 10n })).toEqual([{ code: 'not_plain_data', path: 'value' }]);
    expect(issuesOf({ type: 'constant', value: () => 1 })).toEqual([{ code: 'not_plain_data', path: 'value' }]);
    expect(issuesOf(new Map([['type', 'constant']]))).toEqual([{ code: 'not_plain_data', path: '' }]);
  });

  it('reports a proxy or getter that throws as unreadable, with its path, and never throws anything else', () => {
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('no keys for you'); } });
    expect(issuesOf({ type: 'scale', schedule: trap })).toEqual([{ code: 'unreadable', path: 'schedule' }]);
    const getter = { type: 'constant', get value(): number { throw new Error('boom'); } };
    expect(issuesOf(getter)).toContainEqual({ code: 'unreadable', path: 'value' });
  });

  it('refuses a document that contains itself', () => {
    const spec: Record<string, unknown> = { type: 'scale' };
    spec.schedule = spec;
    expect(issuesOf(spec)).toEqual([{ code: 'cycle', path: 'schedule' }]);
  });

  it('refuses __proto__, constructor and prototype keys in schedules, policies and nested objects', () => {
    expect(issuesOf(JSON.parse('{"type":"constant","value":1,"__proto__":{"polluted":true}}'))).toEqual([{ code: 'reserved_key', path: '__proto__' }]);
    expect(issuesOf({ type: 'constant', value: 1, constructor: 1 })).toEqual([{ code: 'reserved_key', path: 'constructor' }]);
    expect(() => parsePolicy(JSON.parse('{"version":1,"lr":{"type":"constant","value":1},"__proto__":{"type":"constant","value":2}}'))).toThrow(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds descriptions and nesting with ScheduleSpecErrors, never a RangeError from the stack', () => {
    expect(issuesOf({ type: 'constant', value: 1, description: 'x'.repeat(5000) })).toEqual([{ code: 'too_long', path: 'description' }]);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(issuesOf({ type: 'constant', value: 1, description: deep }).map((i) => i.code)).toEqual(['too_deep']);
    let nested: Schedule = { type: 'constant', value: 1 };
    for (let i = 0; i < 70; i++) nested = { type: 'scale', schedule: nested };
    expect(issuesOf(nested).map((i) => i.code)).toEqual(['too_deep']);
  });

  it('reads a shared sub-object once, so a DAG of depth 30 costs its distinct size', () => {
    let reads = 0;
    const counted = (target: object): object => new Proxy(target, { ownKeys: (t) => { reads++; return Reflect.ownKeys(t); } });
    let node: object = counted({ type: 'constant', value: 0.5 });
    for (let i = 0; i < 30; i++) node = counted({ type: 'multiply', factors: [node, node] });
    const sealed = parseSchedule(node);
    // 31 objects and 30 arrays are read: each once, although the tree has 2^31 paths
    expect(reads).toBe(31);
    expect(valueAt(sealed, 0)).toBe(0.5 ** (2 ** 30));
    expect(explainSchedule(sealed).sentences.length).toBeGreaterThan(0);
  });

  it('keeps at most 1000 issues of a hostile document and counts the rest', () => {
    const issues = validateSchedule({ type: 'multiStep', from: 1, decay: 0.1, milestones: Array.from({ length: 100_000 }, () => -1) });
    expect(issues).toHaveLength(1001);
    expect(issues[1000]).toMatchObject({ code: 'too_many_issues', received: 99_000 });
  });

  it('offers a did-you-mean only for short strings, and echoes control characters escaped', () => {
    const long = validateSchedule({ type: 'cosine'.repeat(1_000_000) });
    expect(long[0].code).toBe('unknown_type');
    expect(long[0].message).not.toMatch(/did you mean/);
    expect(long[0].message.length).toBeLessThan(200);
    const evil = validateSchedule({ type: '\u001b]0;PWNED\u0007' });
    expect(evil[0].message).not.toMatch(/[\u0000-\u001f]/);
    expect(evil[0].message).toContain('\\x1b');
  });
});

describe('valueAt', () => {
  it('is a RangeError for a bigint, fractional, negative or non-finite step', () => {
    const spec = parseSchedule({ type: 'constant', value: 1 });
    for (const bad of [5n, 1.5, -1, NaN, Infinity, '3', 2 ** 53]) expect(() => valueAt(spec, bad as unknown as number)).toThrow(RangeError);
  });

  it('validates an ordinary object on every call, and evaluates what it validated', () => {
    const spec: { type: 'linear'; from: number; to: number; steps: number } = { type: 'linear', from: 0, to: 1, steps: 4 };
    expect(valueAt(spec, 2)).toBe(0.5);
    spec.steps = -1;
    expect(() => valueAt(spec, 2)).toThrow(ScheduleSpecError);
  });
});
