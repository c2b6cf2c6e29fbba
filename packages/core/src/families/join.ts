import { defineFamily, defineTools, type StepFn } from '../base/family.js';
import type { ScheduleNode } from '../base/fields.js';
import { length, list, object, optional, schedule, MAX_TIME } from '../base/fields.js';
import type { Interval } from '../base/interval.js';
import { countAtMost } from '../base/math.js';

/**
 * `join`: parts one after the other, each on its own local clock (optax join_schedules, PyTorch
 * SequentialLR).
 *
 * With part i starting at `s_i = steps_0 + ... + steps_(i-1)` (real lengths allowed):
 * - `s_i <= t < s_i + steps_i`: `parts[i].schedule` at `t - s_i`
 * - from the last part's start on: the last part at `t - s_last`, forever (its own `steps`, if
 *   given, only documents its length; past it the part behaves as it does alone, e.g. holds)
 *
 * Boundary: step `s_i` belongs to the next part (its local t = 0), as in PyTorch and optax. The part
 * holding a step is found by binary search over the starts: O(log parts) per value.
 * Example: `[{ linear 0 → 1 over 2, steps: 2 }, { constant 5 }]` gives 0, 0.5, 5, 5, ...
 */
export const joinFamily = defineFamily({
  type: 'join',
  description: 'Parts one after the other, each on its own local clock; the boundary step belongs to the next part.',
  fields: {
    parts: list(
      'the parts, in order',
      object('a part', {
        schedule: schedule('the schedule of this part, on its own clock starting at 0'),
        steps: optional(length('duration of this part in steps (required for every part but the last)')),
      }),
      { minItems: 1 },
    ),
  },
  check(spec, { report }) {
    const parts = spec.parts;
    let total = 0;
    for (let i = 0; i < parts.length - 1; i++) {
      const steps = parts[i].steps;
      if (steps === undefined) report(['parts', i, 'steps'], `steps is required for every part but the last (part ${i} of ${parts.length})`, undefined, 'a positive number of steps', 'missing');
      else total += steps;
    }
    if (!(total <= MAX_TIME)) report(['parts'], 'the parts are longer than 2^53 steps in total', total, 'a total of at most 2^53 steps', 'too_large');
  },
  compile(spec, compileChild) {
    const fns = spec.parts.map((p) => compileChild(p.schedule));
    const starts = startsOf(spec.parts);
    const n = fns.length;
    if (n === 1) return fns[0];
    if (n === 2) {
      const [f0, f1] = fns;
      const b = starts[1];
      return (t) => (t < b ? f0(t) : f1(t - b));
    }
    if (n <= 8) {
      const last = n - 1;
      return (t) => {
        let i = 0;
        while (i < last && t >= starts[i + 1]) i++;
        return (fns[i] as StepFn)(t - starts[i]);
      };
    }
    // starts[0] = 0 <= t: the part is the last start <= t
    return (t) => {
      const i = countAtMost(starts, t) - 1;
      return (fns[i] as StepFn)(t - starts[i]);
    };
  },
  range(spec, { rangeOf }) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const part of spec.parts) {
      const r: Interval = rangeOf(part.schedule);
      if (r.lo < lo) lo = r.lo;
      if (r.hi > hi) hi = r.hi;
    }
    return { lo, hi };
  },
});

/** join's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const joinTools = /* @__PURE__ */ defineTools(joinFamily, () => ({
  horizon(spec, { horizonOf }) {
    const starts = startsOf(spec.parts);
    return starts[starts.length - 1] + horizonOf(spec.parts[spec.parts.length - 1].schedule);
  },
  breakpoints(spec, limit, { breakpointsOf }) {
    const out: number[] = [];
    let start = 0;
    for (const part of spec.parts) {
      if (start > limit) break;
      const len = part.steps ?? Infinity;
      for (const b of breakpointsOf(part.schedule, Math.min(len, limit - start))) if (b < len) out.push(start + b);
      if (part.steps === undefined) break;
      start += part.steps;
      out.push(start);
    }
    return out;
  },
  cycleSteps(spec, cycles, { cycleStepsOf }) {
    let start = 0;
    for (const part of spec.parts) {
      const c = cycleStepsOf(part.schedule, cycles);
      if (c !== undefined) return start + c;
      start += part.steps ?? 0;
    }
    return undefined;
  },
  stretch(spec, a, map, ctx) {
    const parts = spec.parts;
    const starts = startsOf(parts);
    // the part that holds time a (the last part runs on past its documented steps)
    const k = countAtMost(starts, a) - 1;
    const start = starts[k];
    const first = ctx.remainderOf(parts[k].schedule, a - start, (p) => map(start + p) - start);
    if (k === parts.length - 1) return first;
    let end = start + (parts[k].steps as number);
    const out: Array<{ schedule: ScheduleNode; steps?: number }> = [{ schedule: first, steps: ctx.span(map, a, end) }];
    let prev = Math.round(map(end));
    for (let j = k + 1; j < parts.length; j++) {
      const s = end;
      const child = ctx.remainderOf(parts[j].schedule, 0, (p) => map(s + p) - map(s));
      const len = parts[j].steps;
      if (len === undefined) {
        out.push({ schedule: child });
        break;
      }
      end += len;
      const next = Math.round(map(end));
      out.push({ schedule: child, steps: Math.max(1, next - prev) });
      prev = next;
    }
    return { type: 'join', parts: out };
  },
  piecewiseConstant: (spec, isPC) => spec.parts.every((p) => isPC(p.schedule)),
  childOffset: (spec, path) => startsOf(spec.parts)[path[1] as number],
}));

const STARTS = new WeakMap<object, Float64Array>();

/** `starts[i]`: where part i starts (real), with `starts[0] = 0` (kept per parts array: specs are frozen). */
function startsOf(parts: ReadonlyArray<{ steps?: number }>): Float64Array {
  const known = Object.isFrozen(parts) ? STARTS.get(parts) : undefined;
  if (known !== undefined) return known;
  const starts = new Float64Array(parts.length);
  let s = 0;
  for (let i = 0; i < parts.length; i++) {
    starts[i] = s;
    s += parts[i].steps ?? 0;
  }
  if (Object.isFrozen(parts)) STARTS.set(parts, starts);
  return starts;
}
