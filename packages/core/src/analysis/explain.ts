import type { StepFn } from '../base/family.js';
import type { AnyField, FieldTable, ScheduleNode } from '../base/fields.js';
import { formatValue } from '../base/format.js';
import { compiledOf } from '../evaluate/compile.js';
import { policyEntries } from '../evaluate/api.js';
import { PLATEAU_DEFAULTS, type PlateauOptions } from '../plateau/options.js';
import type { Policy, Schedule } from '../spec.js';
import { sealPolicy, sealSchedule } from '../validate/parse.js';
import { integerSteps, nodeBreakpoints } from './breakpoints.js';
import { nodeCycleSteps } from './cycles.js';
import { nodeHorizon } from './horizon.js';
import { childrenOf, familyOfNode, isPolicy } from './tree.js';

export { formatValue };

/** One phase: steps `start` (inclusive) to `end` (exclusive; Infinity for the last, held phase). */
export interface ExplainedPhase {
  start: number;
  end: number;
  /** value at `start` */
  from: number;
  /** value the phase ends on: at `end` for a ramp that reaches it, else at `end - 1` */
  to: number;
  /** 'rises' | 'falls' | 'holds' | 'varies' */
  trend: 'rises' | 'falls' | 'holds' | 'varies';
  text: string;
}

export interface ScheduleExplanation {
  phases: ExplainedPhase[];
  /**
   * highest value over the explained steps (first step reaching it); every step of a phase up to
   * 1024 steps long is sampled, 513 evenly spaced steps (ends included) of a longer one
   */
  peak: { step: number; value: number };
  /** lowest value over the explained steps (first step reaching it) */
  min: { step: number; value: number };
  /** the last step explained: the horizon, `totalSteps - 1`, two cycles, or ten time scales of an unbounded decay */
  until: number;
  /** true when the schedule keeps changing after `until` (cyclic, unbounded) */
  continues: boolean;
  sentences: string[];
}

export interface PolicyExplanation extends ScheduleExplanation {
  /** the explanation of every scheduled hyperparameter (`lr` is also the top level) */
  byHyperparameter: Record<string, ScheduleExplanation>;
}

export interface ExplainOptions {
  /** explain the steps a run of this many updates uses (0 .. totalSteps - 1) */
  totalSteps?: number;
  /** the hyperparameter's name in sentences, default 'the value' ('lr' etc. for a policy) */
  name?: string;
}

/** The largest time field anywhere in the spec (from the field tables): the time scale an unbounded schedule works on. */
function timeScale(node: ScheduleNode, memo: Map<object, number> = new Map()): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let m = 0;
  const visit = (field: AnyField, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (field.kind === 'time' && typeof value === 'number') m = Math.max(m, value);
    else if (field.kind === 'array') for (const item of value as unknown[]) visit(field.items, item);
    else if (field.kind === 'object') table(field.fields, value as Record<string, unknown>);
  };
  const table = (fields: FieldTable, value: Record<string, unknown>) => {
    for (const [k, f] of Object.entries(fields)) visit(f, value[k]);
  };
  table(familyOfNode(node).fields, node as unknown as Record<string, unknown>);
  for (const [, child] of childrenOf(node)) m = Math.max(m, timeScale(child, memo));
  memo.set(node, m);
  return m;
}

/**
 * The steps explained: `0 .. last` (inclusive). A finished schedule is explained up to its horizon
 * (then one held phase); a run of `totalSteps` up to `totalSteps - 1`; a cyclic schedule over two
 * cycles; an unbounded decay over ten times its time scale.
 */
function explainWindow(spec: ScheduleNode, options: ExplainOptions): { last: number; held: boolean } {
  const horizon = nodeHorizon(spec);
  if (options.totalSteps !== undefined) {
    if (!Number.isSafeInteger(options.totalSteps) || options.totalSteps < 1) throw new RangeError(`totalSteps must be a positive integer, got ${String(options.totalSteps)}`);
    return { last: options.totalSteps - 1, held: false };
  }
  if (Number.isFinite(horizon)) return { last: Math.ceil(horizon), held: true };
  let cycles: number | undefined;
  try {
    cycles = nodeCycleSteps(spec, 2);
  } catch {
    cycles = undefined;
  }
  const window = cycles !== undefined && Number.isFinite(cycles) ? Math.max(1, Math.ceil(cycles)) : Math.min(1e9, Math.ceil(10 * Math.max(10, timeScale(spec))));
  return { last: window - 1, held: false };
}

/** Integer steps sampled in [start, end]: all of them for short spans, else 512 plus both ends. */
function stepsIn(start: number, end: number): number[] {
  if (end - start <= 1024) return Array.from({ length: end - start + 1 }, (_, i) => start + i);
  const out: number[] = [];
  for (let i = 0; i <= 512; i++) out.push(Math.round(start + ((end - start) * i) / 512));
  return out;
}

/** Plain-language explanation of a schedule, or of every hyperparameter of a policy. */
export function explainSchedule(target: Policy, options?: ExplainOptions): PolicyExplanation;
export function explainSchedule(target: Schedule, options?: ExplainOptions): ScheduleExplanation;
export function explainSchedule(target: Schedule | Policy, options: ExplainOptions = {}): ScheduleExplanation | PolicyExplanation {
  if (isPolicy(target)) {
    target = sealPolicy(target);
    const byHyperparameter: Record<string, ScheduleExplanation> = {};
    const sentences: string[] = [];
    for (const [name, spec] of policyEntries(target)) {
      const e = explainOne(spec, { ...options, name });
      byHyperparameter[name] = e;
      sentences.push(...e.sentences);
    }
    if (target.plateau !== undefined) {
      const p = target.plateau as PlateauOptions;
      const patience = p.patience ?? PLATEAU_DEFAULTS.patience;
      const after = (p.trigger ?? '>') === '>' ? `more than ${patience}` : `${patience}`;
      const floor = p.minValue === undefined || p.minValue === 0 ? '' : `, never below ${typeof p.minValue === 'number' ? formatValue(p.minValue) : JSON.stringify(p.minValue)}`;
      sentences.push(
        `Plateau control multiplies ${(p.applyTo ?? ['lr']).join(' and ')} by ${p.factor ?? PLATEAU_DEFAULTS.factor} after ${after} evaluations in a row without improvement${floor}.`,
      );
    }
    return { ...byHyperparameter.lr, sentences, byHyperparameter };
  }
  return explainOne(sealSchedule(target), options);
}

function explainOne(spec: Schedule, options: ExplainOptions): ScheduleExplanation {
  const name = options.name;
  const valueAt = compiledOf(spec) as StepFn;
  const { last, held } = explainWindow(spec, options);
  const horizon = nodeHorizon(spec);
  const continues = !held && horizon > last;
  // phase starts: 0 and every breakpoint inside the window (the horizon itself starts the held phase)
  const raw = nodeBreakpoints(spec, last + 1);
  const edges = [0, ...integerSteps(raw, last).filter((b) => b < last || held)];
  if (held && edges[edges.length - 1] < last) edges.push(last);
  // the window ends where a new phase would start (a cyclic window of whole cycles)
  const endsAtBreakpoint = !held && integerSteps(raw, last + 1).includes(last + 1);
  const phases: ExplainedPhase[] = [];
  let peak = { step: 0, value: valueAt(0) };
  let min = { ...peak };
  for (let i = 0; i < edges.length; i++) {
    const start = edges[i];
    const isHeld = held && i + 1 === edges.length;
    const lastStep = i + 1 < edges.length ? edges[i + 1] - 1 : last;
    const samples = stepsIn(start, isHeld ? start : Math.max(start, lastStep));
    const values = samples.map(valueAt);
    values.forEach((v, k) => {
      if (v > peak.value) peak = { step: samples[k], value: v };
      if (v < min.value) min = { step: samples[k], value: v };
    });
    const from = values[0];
    let up = false;
    let down = false;
    for (let k = 1; k < values.length; k++) {
      if (values[k] > values[k - 1]) up = true;
      else if (values[k] < values[k - 1]) down = true;
    }
    const trend: ExplainedPhase['trend'] = up && down ? 'varies' : up ? 'rises' : down ? 'falls' : 'holds';
    const end = isHeld ? Infinity : lastStep + 1;
    let to = values[values.length - 1];
    // a ramp that arrives at the next phase's first value ends there (linear 0 → 1 over 4 steps ends at 1)
    if (!isHeld && (trend === 'rises' || trend === 'falls') && (i + 1 < edges.length || held || endsAtBreakpoint)) {
      const atEnd = valueAt(end);
      if ((trend === 'rises' && atEnd >= to) || (trend === 'falls' && atEnd <= to)) to = atEnd;
    }
    phases.push({ start, end, from, to, trend, text: phaseText(start, end, from, to, trend) });
  }
  const sentences = [
    `The first update uses ${name === undefined ? '' : `${name} = `}${formatValue(valueAt(0))}.`,
    ...phases.map((p) => p.text),
    `Highest ${name ?? 'value'}: ${formatValue(peak.value)} at step ${peak.step}; lowest: ${formatValue(min.value)} at step ${min.step}${continues || !held ? ` (steps 0 to ${last})` : ''}.`,
  ];
  if (continues) sentences.push(`It keeps changing after step ${last}${options.totalSteps === undefined ? ' (cyclic or unbounded)' : ''}.`);
  return { phases, peak, min, until: last, continues, sentences };
}

function phaseText(start: number, end: number, from: number, to: number, trend: ExplainedPhase['trend']): string {
  const span = Number.isFinite(end) ? `Steps ${start} to ${end - 1}` : `From step ${start} on`;
  const len = Number.isFinite(end) ? ` (${end - start} step${end - start === 1 ? '' : 's'})` : '';
  switch (trend) {
    case 'holds':
      return `${span}${len}: holds ${formatValue(from)}.`;
    case 'rises':
      return `${span}${len}: rises from ${formatValue(from)} to ${formatValue(to)}.`;
    case 'falls':
      return `${span}${len}: falls from ${formatValue(from)} to ${formatValue(to)}.`;
    case 'varies':
      return `${span}${len}: varies, starting at ${formatValue(from)} and ending at ${formatValue(to)}.`;
  }
}

