// The root README's "Ten lines" example, run: the code in the README and the values in its comments
// must stay true.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError, cyclic, oneCyclePolicy, parsePolicy, valueAt, valuesAt } from '../src/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const block = readme.split('## Ten lines')[1]?.split('```ts')[1]?.split('```')[0] ?? '';

describe('the README example', () => {
  it('is the code this test runs', () => {
    for (const line of [
      "const policy = oneCyclePolicy({ maxLr: 0.1, epochs: 10, stepsPerEpoch: 469 });",
      'valuesAt(policy, 0);      // { lr: 0.004, momentum: 0.95 }',
      'valuesAt(policy, 1406);   // the peak: { lr: 0.1, momentum: 0.85 }',
      "const clr = cyclic({ from: 1e-4, peak: 1e-2, upSteps: 938, mode: 'triangular2' });",
      'valueAt(clr, 938);        // 0.01',
    ]) {
      expect(block).toContain(line);
    }
  });

  it('gives the values its comments state', () => {
    const policy = oneCyclePolicy({ maxLr: 0.1, epochs: 10, stepsPerEpoch: 469 });
    const start = valuesAt(policy, 0);
    expect(start.lr).toBeCloseTo(0.004, 15);
    expect(start.momentum).toBe(0.95);
    expect(valuesAt(policy, 1406)).toEqual({ lr: 0.1, momentum: 0.85 });
    const clr = cyclic({ from: 1e-4, peak: 1e-2, upSteps: 938, mode: 'triangular2' });
    expect(valueAt(clr, 938)).toBe(0.01);
    expect(() => parsePolicy('{"version":1,"lr":{"type":"cyclic","from":1e-4,"peak":1e-2,"upSteps":-5}}')).toThrow(ScheduleSpecError);
  });
});
