import type { ScheduleNode } from '../base/fields.js';
import type { Schedule } from '../spec.js';
import { sealSchedule } from '../validate/parse.js';
import { toolsOfNode } from './tree.js';

/** Real breakpoints of a validated node up to `limit` (unsorted, maybe repeated). */
export function nodeBreakpoints(node: ScheduleNode, limit: number): number[] {
  // memoized by (node, limit): a node shared by several parents (a DAG) is asked once per limit
  const memo = new Map<object, { limit: number; out: number[]; more?: Map<number, number[]> }>();
  const ctx = { breakpointsOf: (n: ScheduleNode, l: number) => of(n, l) };
  const of = (n: ScheduleNode, l: number): number[] => {
    if (l < 0) return [];
    const known = memo.get(n);
    if (known !== undefined) {
      if (known.limit === l) return known.out;
      const more = known.more?.get(l);
      if (more !== undefined) return more;
    }
    const out = toolsOfNode(n).breakpoints(n as never, l, ctx);
    if (known === undefined) memo.set(n, { limit: l, out });
    else (known.more ??= new Map()).set(l, out);
    return out;
  };
  return of(node, limit);
}

/**
 * The steps where `spec` changes regime (a ramp starts or ends, a milestone, a restart), from its
 * structure, up to `limit`: the first step of each new phase (a boundary at a fractional time is its
 * first step past it). Sorted, unique integers in (0, limit]. Periodic families list at most 64 each.
 */
export function breakpointsOf(spec: Schedule, limit: number): number[] {
  return integerSteps(nodeBreakpoints(sealSchedule(spec), limit), limit);
}

export function integerSteps(raw: readonly number[], limit: number): number[] {
  const set = new Set<number>();
  for (const b of raw) {
    const r = Math.ceil(b);
    if (r > 0 && r <= limit && Number.isFinite(r)) set.add(r);
  }
  return [...set].sort((a, b) => a - b);
}
