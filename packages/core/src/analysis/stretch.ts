import type { StepFn, StretchContext, TimeMap } from '../base/family.js';
import type { ScheduleNode } from '../base/fields.js';
import { compiledOf } from '../evaluate/compile.js';
import { policyEntries } from '../evaluate/api.js';
import type { Policy, Schedule } from '../spec.js';
import { sealPolicy, sealSchedule } from '../validate/parse.js';
import { nodeHorizon } from './horizon.js';
import { isPolicy, toolsOfNode } from './tree.js';

/**
 * `stretch(spec, newTotalSteps, { at })`: re-plan a finite schedule when a resumed run gets longer
 * (or shorter), keeping every value already used (steps `< at`) bit for bit.
 *
 * The result is `join([spec for at steps, remainder])`. The remainder re-plans what was left of the
 * schedule, `[at, T]`, onto `[at, newTotalSteps]` (`T` = its planned length, see `plannedStepsOf`):
 * every structural point `p > at` (a ramp's end, a milestone, a phase end) moves to
 * `at + (p - at)·(newTotalSteps - at)/(T - at)`, rounded to a step. Each part starts from the value
 * reached at `at`, so the schedule stays continuous there. Exact time-warps for linear, polynomial,
 * exponential (non-staircase), tanh, piecewise, warmup ramps and linear WSD phases; cosine-shaped
 * segments restart their shape from the value reached, which keeps the ends and the direction but
 * not the exact curvature. Each family says how it stretches, or why it refuses (cyclic and
 * unbounded schedules: rebuild them for the new length), with a RangeError.
 */
export function stretch(spec: Schedule, newTotalSteps: number, options: { at: number }): Schedule;
/**
 * A policy: every hyperparameter follows one plan. `T` is the largest planned length among them
 * and every structural point moves by the same map, so schedules that ended together still do;
 * hyperparameters that already finished, or never end (a constant, a cyclic momentum), are kept.
 */
export function stretch(policy: Policy, newTotalSteps: number, options: { at: number }): Policy;
export function stretch(target: Schedule | Policy, newTotalSteps: number, options: { at: number }): Schedule | Policy {
  const at = options?.at;
  if (!Number.isSafeInteger(at) || at < 0) throw new RangeError(`at must be a non-negative integer (the number of updates already taken), got ${String(at)}`);
  if (!Number.isSafeInteger(newTotalSteps) || newTotalSteps <= at) {
    throw new RangeError(`newTotalSteps must be an integer greater than at (${at}), got ${String(newTotalSteps)}`);
  }
  if (isPolicy(target)) return stretchPolicy(sealPolicy(target), newTotalSteps, at);
  const spec = sealSchedule(target);
  const oldTotal = plannedLength(spec);
  if (!Number.isFinite(oldTotal)) {
    throw new RangeError(`cannot stretch a ${spec.type} schedule: it never ends (cyclic or unbounded). Change its cycle count or length instead.`);
  }
  if (at >= oldTotal) {
    throw new RangeError(`cannot stretch: the schedule finished at step ${oldTotal} and ${at} steps are already taken; nothing is left to re-plan`);
  }
  return stretchWith(spec, at, planMap(at, oldTotal, newTotalSteps));
}

function plannedLength(spec: ScheduleNode): number {
  // in whole steps, as plannedStepsOf: a Keras boundary b (real horizon just after b) plans b + 1 steps
  return Math.ceil(toolsOfNode(spec).plannedSteps?.(spec as never) ?? nodeHorizon(spec));
}

function planMap(at: number, oldTotal: number, newTotal: number): TimeMap {
  const ratio = (newTotal - at) / (oldTotal - at);
  return (p: number) => (p <= at ? p : at + (p - at) * ratio);
}

const context: StretchContext = {
  remainderOf,
  compile: (node) => compiledOf(node) ?? (compiledOf(sealSchedule(node)) as StepFn),
  span: (map, a, p) => Math.max(1, Math.round(map(p) - map(a))),
};

/** Remainders already made, by node, time and map (a node shared by several parents is re-planned once). */
const made = new WeakMap<object, Array<{ a: number; map: TimeMap; out: ScheduleNode }>>();

/** The part of `node` from its local time `a` on, re-planned with `map`, on a clock starting at 0. */
function remainderOf(node: ScheduleNode, a: number, map: TimeMap): ScheduleNode {
  const known = made.get(node)?.find((m) => m.a === a && m.map === map);
  if (known !== undefined) return known.out;
  const out = replan(node, a, map);
  const list = made.get(node) ?? [];
  list.push({ a, map, out });
  made.set(node, list);
  return out;
}

function replan(node: ScheduleNode, a: number, map: TimeMap): ScheduleNode {
  const family = toolsOfNode(node);
  if (family.stretch !== undefined) return family.stretch(node as never, a, map, context);
  if (a >= nodeHorizon(node)) return { type: 'constant', value: context.compile(node)(a) } as ScheduleNode;
  throw new RangeError(`stretch does not re-plan ${JSON.stringify(node.type)} schedules${family.stretchRefusal ? ` (${family.stretchRefusal})` : ''}`);
}

function stretchWith(spec: Schedule, at: number, map: TimeMap): Schedule {
  const remainder = remainderOf(spec, at, map);
  if (at === 0) return sealSchedule(remainder);
  return sealSchedule({ type: 'join', parts: [{ schedule: JSON.parse(JSON.stringify(spec)) as Schedule, steps: at }, { schedule: remainder as Schedule }] });
}

function stretchPolicy(policy: Policy, newTotal: number, at: number): Policy {
  const entries = policyEntries(policy);
  let oldTotal = -Infinity;
  for (const [, spec] of entries) {
    const t = plannedLength(spec);
    if (Number.isFinite(t)) oldTotal = Math.max(oldTotal, t);
  }
  if (!(oldTotal > at)) {
    throw new RangeError(`cannot stretch: no hyperparameter of the policy is still planned after step ${at} (finished, or cyclic and unbounded)`);
  }
  const map = planMap(at, oldTotal, newTotal);
  const out = JSON.parse(JSON.stringify(policy)) as Record<string, unknown>;
  for (const [name, spec] of entries) {
    const h = nodeHorizon(spec);
    if (!Number.isFinite(h) || at >= h) continue;
    out[name] = stretchWith(spec, at, map);
  }
  return sealPolicy(out);
}
