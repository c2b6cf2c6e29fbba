import type { IssueCode, SpecIssue, SpecPath } from './errors.js';
import type { FieldTable, Infer, ScheduleNode } from './fields.js';
import type { Interval } from './interval.js';

/**
 * A family of schedules: everything that differs by `type` lives in one object of this shape, in
 * the family's own file (`families/<name>.ts`). Code outside family files dispatches through the
 * registry and never switches on `type`.
 *
 * Time inside a family is a real number `t >= 0` on the node's own clock: the adapters' integer
 * step at the root, a local clock inside `join`, epochs inside `epochs`. Every length is a real
 * number of steps (see `TimeField`).
 */

/** A function of the node's time `t` (a real `t >= 0`; an integer at the root). */
export type StepFn = (t: number) => number;

/** Reports one problem between fields; `path` is relative to the node being checked. */
export type Report = (path: SpecPath, message: string, received: unknown, expected: string, code?: IssueCode) => void;

/** A family's view of its own spec: its fields, with child schedules as opaque nodes. */
export type Node<K extends string, T extends FieldTable> = { readonly type: K } & Infer<T>;

/** What the validator lends a family's `check` and `range`: its children's compiled functions and ranges. */
export interface CheckContext {
  report: Report;
  /** the compiled function of a (valid) child */
  compile(child: ScheduleNode): StepFn;
  /** the proven range of a (valid) child */
  rangeOf(child: ScheduleNode): Interval;
}

export interface HorizonContext {
  /** a child's horizon on its own clock */
  horizonOf(child: ScheduleNode): number;
}

export interface BreakpointContext {
  /** a child's breakpoints on its own clock, up to `limit` */
  breakpointsOf(child: ScheduleNode, limit: number): number[];
}

export interface CycleContext {
  cycleStepsOf(child: ScheduleNode, cycles: number): number | undefined;
}

/** A time map of a re-planned run: old position → new position. */
export type TimeMap = (p: number) => number;

export interface StretchContext {
  /** the remainder of a child from its local time `a` on, re-planned with `map` */
  remainderOf(child: ScheduleNode, a: number, map: TimeMap): ScheduleNode;
  /** the compiled function of this node */
  compile(node: ScheduleNode): StepFn;
  /** re-planned length from `a` to `p`: at least 1 step, rounded to a whole step */
  span(map: TimeMap, a: number, p: number): number;
}

export interface LintHookContext {
  /** the peer a config was imported from */
  importedFrom?: 'pytorch' | 'keras' | 'optax' | 'fastai' | 'timm' | 'transformers';
  /** the run's number of updates */
  totalSteps?: number;
  /** the hyperparameter's name ('lr', 'momentum', ...) */
  name: string;
  /** whether this node is the hyperparameter's whole schedule */
  isRoot: boolean;
  add(code: string, severity: 'warning' | 'info', message: string): void;
}

/** Builder sugar a family adds to its fields (PyTorch's `maxLr`/`divFactor` for one-cycle). */
export interface Sugar<O extends FieldTable, Fl extends string> {
  /** extra builder options (all optional) */
  fields: O;
  /** spec fields a builder may leave out because the sugar fills them in */
  fills: readonly Fl[];
  /**
   * The spec fields from the options (sugar resolved, time aliases already in steps). Reports bad
   * sugar into `issues`; returns the fields to write (undefined ones are dropped).
   */
  resolve(options: Record<string, unknown>, issues: SpecIssue[]): Record<string, unknown>;
}

export interface Family<K extends string = string, T extends FieldTable = FieldTable> {
  type: K;
  /** one sentence, for docs, the JSON Schema and explain */
  description: string;
  fields: T;
  /** cross-field rules the field table cannot express; called only when every field (and child) is valid */
  check?(spec: Node<K, T>, ctx: CheckContext): void;
  /**
   * The formula, the only one in JavaScript: a specialised function of the node's time. `spec` is a
   * validated, frozen snapshot. Children are compiled with `compileChild`. No allocation per call;
   * closed form (no loops over steps): exact at t = 1e12 as at t = 10.
   */
  compile(spec: Node<K, T>, compileChild: (child: ScheduleNode) => StepFn): StepFn;
  /**
   * The interval the values lie in for every time from 0 to PROOF_HORIZON, from the fields and the
   * children's ranges. Report an `overflow` for arithmetic that cannot stay finite; validation also
   * refuses any interval beyond ±MAX_VALUE. Called after `check` passes.
   */
  range(spec: Node<K, T>, ctx: CheckContext): Interval;
}

/**
 * What tools need of a family beyond evaluating it: the analysis hooks (horizon, breakpoints,
 * cycles, stretch, lint, piecewise-constant) and the builder's sugar. Declared in the family's own
 * file next to its `Family`, as a second object, so that code that only validates and evaluates
 * specs (the adapters) does not bundle them.
 */
export interface FamilyTools<K extends string = string, T extends FieldTable = FieldTable, O extends FieldTable = FieldTable, Fl extends string = string> {
  type: K;
  /** the time from which the value never changes again (real; Infinity for cyclic or unbounded ones) */
  horizon(spec: Node<K, T>, ctx: HorizonContext): number;
  /** the run length the schedule is planned for, when it differs from the horizon (one-cycle: `steps`, its horizon `steps - 1`) */
  plannedSteps?(spec: Node<K, T>): number;
  /**
   * Times in (0, limit] where the schedule changes regime (a ramp ends, a milestone, a restart): the
   * phase boundaries explain, lint and plots use. Periodic families list at most 64.
   */
  breakpoints(spec: Node<K, T>, limit: number, ctx: BreakpointContext): number[];
  /** time needed for `cycles` whole cycles from 0 (cyclic families), else undefined */
  cycleSteps?(spec: Node<K, T>, cycles: number, ctx: CycleContext): number | undefined;
  /**
   * The part of the schedule from its local time `a` on, re-planned with `map`, on a clock starting
   * at 0 (see `stretch`). Throws a RangeError saying why to refuse. Absent: stretch refuses this
   * family with `stretchRefusal`.
   */
  stretch?(spec: Node<K, T>, a: number, map: TimeMap, ctx: StretchContext): ScheduleNode;
  /** why stretch refuses this family (when it has no `stretch`) */
  stretchRefusal?: string;
  /** whether every value is held for whole runs of steps (plots draw step-after segments); default false */
  piecewiseConstant?(spec: Node<K, T>, isPiecewiseConstant: (child: ScheduleNode) => boolean): boolean;
  /**
   * Where a child's time 0 lies on this node's clock (`path` as `childrenOf` gives it): 0 for a child
   * on the same clock (the default), a join part's start, undefined for a child on another clock
   * (a cyclic amplitude by cycle, a schedule in epochs). Lint uses it to find what starts at step 0.
   */
  childOffset?(spec: Node<K, T>, path: SpecPath): number | undefined;
  /** the length of this node's warmup from its own time 0, if it has one (lint) */
  warmupSteps?(spec: Node<K, T>): number | undefined;
  /** family-specific lint findings (peer conventions, traps) */
  lint?(spec: Node<K, T>, ctx: LintHookContext): void;
  /** builder sugar beyond the fields and their epoch aliases */
  sugar?: Sugar<O, Fl>;
}

/** Declares a family, inferring its spec type from the field table. */
export function defineFamily<const K extends string, const T extends FieldTable>(family: Family<K, T>): Family<K, T> {
  return family;
}

/**
 * A family's tools, made on first use: `make` runs once, when analysis or a builder first asks, so a
 * bundle that never asks drops the whole object (its field tables and messages included).
 */
export interface LazyTools<K extends string = string, T extends FieldTable = FieldTable, O extends FieldTable = FieldTable, Fl extends string = string> {
  readonly type: K;
  get(): FamilyTools<K, T, O, Fl>;
}

/** Declares a family's tools (see `FamilyTools`), typed by the family's own spec. */
export function defineTools<K extends string, T extends FieldTable, const O extends FieldTable = Record<never, never>, const Fl extends string & keyof T = never>(
  family: Family<K, T>,
  make: () => Omit<FamilyTools<K, T, O, Fl>, 'type'>,
): LazyTools<K, T, O, Fl> {
  let tools: FamilyTools<K, T, O, Fl> | undefined;
  return { type: family.type, get: () => (tools ??= { type: family.type, ...make() }) };
}
