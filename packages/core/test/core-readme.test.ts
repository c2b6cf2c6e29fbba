// packages/core/README.md's example, run: its code and the values in its comments must stay true.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import { ScheduleSpecError, compilePolicy, compileSchedule, cyclic, oneCyclePolicy, parsePolicy, sample, valueAt, valuesAt } from '../src/index.js';
import * as internal from '../src/internal.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = readme.split('```ts')[1]?.split('```')[0] ?? '';

describe('the @cyclr/core README example', () => {
  it('is the code this test runs', () => {
    for (const line of [
      "import { cyclic, oneCyclePolicy, valueAt, valuesAt, compileSchedule, compilePolicy, sample, parsePolicy } from '@cyclr/core';",
      "const clr = cyclic({ from: 1e-4, peak: 1e-2, upSteps: 2000, mode: 'triangular2' }); // a sealed JSON object",
      'valueAt(clr, 2000);                          // 0.01 — step = 0-based count of completed updates',
      'const lr = compileSchedule(clr);             // (step) => number for hot loops',
      'sample(clr, { count: 10_000 });              // Float64Array of the first 10,000 values',
      'valueAt(cyclic({ from: 0, peak: 1, upSteps: 1.5 }), 1); // 0.6666666666666666 — lengths are real numbers of steps',
      'const policy = oneCyclePolicy({ maxLr: 0.1, steps: 10_000 }); // lr and momentum, PyTorch defaults',
      'valuesAt(policy, 2999);                      // { lr: 0.1, momentum: 0.85 }',
      'compilePolicy(policy).valuesAt(2999);        // the same, into one reused object, plateau control applied',
      'parsePolicy(JSON.parse(text));               // untrusted JSON → typed, sealed policy, or one ScheduleSpecError listing every issue',
    ]) {
      expect(example).toContain(line);
    }
  });

  it('gives the values its comments state', () => {
    const clr = cyclic({ from: 1e-4, peak: 1e-2, upSteps: 2000, mode: 'triangular2' });
    expect(Object.isFrozen(clr)).toBe(true);
    expect(JSON.parse(JSON.stringify(clr))).toEqual({ type: 'cyclic', from: 1e-4, peak: 1e-2, upSteps: 2000, mode: 'triangular2' });
    expect(valueAt(clr, 2000)).toBe(0.01);
    const lr = compileSchedule(clr);
    expect(lr(2000)).toBe(0.01);
    const values = sample(clr, { count: 10_000 });
    expect([values.length, values[0], values[2000], values[6000]]).toEqual([10_000, 1e-4, 0.01, valueAt(clr, 6000)]);
    expect(valueAt(cyclic({ from: 0, peak: 1, upSteps: 1.5 }), 1)).toBe(0.6666666666666666);
    const policy = oneCyclePolicy({ maxLr: 0.1, steps: 10_000 });
    expect(valuesAt(policy, 2999)).toEqual({ lr: 0.1, momentum: 0.85 });
    expect({ ...compilePolicy(policy).valuesAt(2999) }).toEqual({ lr: 0.1, momentum: 0.85 });
    const text = JSON.stringify(policy);
    expect(parsePolicy(JSON.parse(text))).toEqual(policy);
    expect(Object.isFrozen(parsePolicy(JSON.parse(text)))).toBe(true);
    expect(() => parsePolicy({ version: 1, lr: { type: 'cyclic' } })).toThrow(ScheduleSpecError);
  });
});

describe('the @cyclr/core README lists', () => {
  const section = readme.split('## What is in it')[1] ?? '';
  const named = (list: string) => [...list.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]);

  it('every family, under its type name', () => {
    const families = section.split('**Math**')[0];
    expect(internal.SCHEDULE_TYPES.filter((t) => !named(families).includes(t))).toEqual([]);
  });

  it('only functions and constants the package exports (the rest from @cyclr/core/internal)', () => {
    const [publicPart, internalPart] = section.split('**For adapters**');
    const fields = new Set(['from', 'to', 'peak', 'steps', 'decay', 'power', 'cycles', 'shape', 'after', 'epochs', 'upEpochs', 'warmupEpochs', 'milestoneEpochs', 'stepsPerEpoch', 'step_size_up', 'cycle_momentum',
      'code', 'path', 'expected', 'received', 'message', 'issues', 'type', 'Infinity', 'RangeError', 'ScheduleSpecError']);
    const unknown = named(publicPart).filter((n) => !fields.has(n) && !internal.SCHEDULE_TYPES.includes(n as never) && !(n in core));
    expect(unknown).toEqual([]);
    expect(named(internalPart).filter((n) => !(n in internal))).toEqual([]);
    expect('uniformAt' in core).toBe(false);
  });
});
