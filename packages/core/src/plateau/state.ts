import { formatReceived, ScheduleSpecError, type SpecIssue, type SpecPath } from '../base/errors.js';
import { int, nullable, num, type Infer } from '../base/fields.js';
import { Validator } from '../validate/engine.js';
import { IssueSink } from '../validate/issues.js';
import { snapshot } from '../validate/snapshot.js';
import { PLATEAU_DEFAULTS, resolvePlateauOptions, type PlateauOptions, type ResolvedPlateauOptions } from './options.js';

/**
 * Plateau control: a metric-driven multiplier that composes with any time schedule.
 *
 * `plateauUpdate(state, metric, options)` is a pure reducer, called once per evaluation (usually once
 * per epoch) with the monitored metric. `valuesAt(policy, step, { plateau: state })` multiplies the
 * hyperparameters named in `applyTo` by `state.multiplier`, never taking them below `minValue`.
 *
 * Per call, in this order (PyTorch `ReduceLROnPlateau.step`):
 * 1. the metric is better than `best` (see `threshold`) → `best = metric`, `badEpochs = 0`;
 *    otherwise `badEpochs += 1`. A non-finite metric is never better (it counts as a bad epoch).
 * 2. in cooldown (`cooldownLeft > 0`) → `cooldownLeft -= 1`, `badEpochs = 0`.
 * 3. `badEpochs > patience` (trigger '>', PyTorch) or `>= patience` (trigger '>=', Keras, fastai) →
 *    reduce: `multiplier *= factor` (skipped when it would lower the applied value by `eps` or less),
 *    `cooldownLeft = cooldown` (`cooldown - 1` with `cooldownFrom: 'reduction'`, Keras), `badEpochs = 0`.
 */

/** The state, declared once: `PlateauState`, `validatePlateauState` and restored checkpoints use this table. */
export const PLATEAU_STATE_FIELDS = {
  best: nullable('best metric seen so far; null before the first finite metric', num('a metric')),
  badEpochs: int('consecutive evaluations without improvement', 0),
  cooldownLeft: int('evaluations of cooldown left', 0),
  multiplier: num('product of the reductions applied so far: 1 at the start, in (0, 1]', { min: 0, minExclusive: true, max: 1 }),
  reductions: int('number of reductions applied', 0),
  evaluations: int('number of metrics seen', 0),
  lastReductionAt: nullable('the `evaluations` count at the last reduction (1-based), null if none', int('an evaluation count', 1)),
} as const;

/** The reducer's state: plain JSON (finite numbers and null), safe to save and resume. */
export type PlateauState = Infer<typeof PLATEAU_STATE_FIELDS>;

/**
 * Every problem in a plateau state (a restored checkpoint's, say), as data: each field of the
 * table, and `reductions <= evaluations`, `lastReductionAt <= evaluations`. Empty when valid.
 */
export function validatePlateauState(value: unknown, path: SpecPath = []): SpecIssue[] {
  const sink = new IssueSink();
  const v = snapshot(value, sink, path);
  if (sink.count > 0) return sink.issues();
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    sink.add('invalid_type', path, 'a plateau state object (see plateauInit())', v);
    return sink.issues();
  }
  new Validator(sink).table(PLATEAU_STATE_FIELDS, v as Record<string, unknown>, path, 0);
  if (sink.count > 0) return sink.issues();
  const s = v as PlateauState;
  if (s.reductions > s.evaluations) sink.add('invalid_value', [...path, 'reductions'], `at most evaluations (${s.evaluations})`, s.reductions);
  if (s.lastReductionAt !== null && s.lastReductionAt > s.evaluations) sink.add('invalid_value', [...path, 'lastReductionAt'], `at most evaluations (${s.evaluations})`, s.lastReductionAt);
  return sink.issues();
}

/** The starting state (`options` is accepted for symmetry and validated). */
export function plateauInit(options?: PlateauOptions): PlateauState {
  if (options !== undefined) resolvePlateauOptions(options);
  return { best: null, badEpochs: 0, cooldownLeft: 0, multiplier: 1, reductions: 0, evaluations: 0, lastReductionAt: null };
}

function isBetter(metric: number, best: number | null, o: ResolvedPlateauOptions): boolean {
  if (!Number.isFinite(metric)) return false;
  if (best === null) return true;
  if (o.mode === 'min') return o.thresholdMode === 'rel' ? metric < best * (1 - o.threshold) : metric < best - o.threshold;
  return o.thresholdMode === 'rel' ? metric > best * (1 + o.threshold) : metric > best + o.threshold;
}

/** Throws unless `state` is a valid plateau state (a ScheduleSpecError naming each bad field). */
export function checkPlateauState(state: PlateauState): void {
  // the common case first: a state this module made
  const ok =
    typeof state === 'object' && state !== null &&
    (state.best === null || Number.isFinite(state.best)) &&
    Number.isSafeInteger(state.badEpochs) && state.badEpochs >= 0 &&
    Number.isSafeInteger(state.cooldownLeft) && state.cooldownLeft >= 0 &&
    typeof state.multiplier === 'number' && state.multiplier > 0 && state.multiplier <= 1 &&
    Number.isSafeInteger(state.reductions) && state.reductions >= 0 &&
    Number.isSafeInteger(state.evaluations) && state.evaluations >= 0;
  if (ok) return;
  const issues = validatePlateauState(state);
  if (issues.length > 0) throw new ScheduleSpecError(issues);
  throw new TypeError(`not a plateau state (use plateauInit()), got ${formatReceived(state)}`);
}

/** The minimum for one hyperparameter name. */
export function plateauMinFor(minValue: number | Record<string, number>, name: string): number {
  return typeof minValue === 'number' ? minValue : (minValue[name] ?? 0);
}

/**
 * The next state after one evaluation of the monitored `metric`. Pure: `state` is not modified.
 *
 * `current` is the value of the first `applyTo` hyperparameter as applied now (after the plateau
 * multiplier); it makes the `eps` and `minValue` checks exactly PyTorch's (`old - max(old·factor,
 * min) > eps`). Without it the check runs on the multiplier (a base value of 1).
 */
export function plateauUpdate(state: PlateauState, metric: number, options: PlateauOptions = {}, current?: number): PlateauState {
  checkPlateauState(state);
  if (typeof metric !== 'number') throw new TypeError(`metric must be a number, got ${formatReceived(metric)}`);
  const o = resolvePlateauOptions(options);
  const next: PlateauState = { ...state, evaluations: state.evaluations + 1 };
  if (isBetter(metric, state.best, o)) {
    next.best = metric;
    next.badEpochs = 0;
  } else {
    next.badEpochs = state.badEpochs + 1;
  }
  if (next.cooldownLeft > 0) {
    next.cooldownLeft -= 1;
    next.badEpochs = 0;
  }
  const triggered = o.trigger === '>' ? next.badEpochs > o.patience : next.badEpochs >= o.patience;
  if (triggered) {
    const old = current ?? next.multiplier;
    const min = current === undefined ? 0 : plateauMinFor(o.minValue, o.applyTo[0]);
    const reduced = Math.max(old * o.factor, min);
    // (a multiplier that would underflow to 0 stays where it is)
    if (old - reduced > o.eps && state.multiplier * o.factor > 0) {
      next.multiplier = state.multiplier * o.factor;
      next.reductions = state.reductions + 1;
      next.lastReductionAt = next.evaluations;
    }
    next.cooldownLeft = o.cooldownFrom === 'next' ? o.cooldown : Math.max(o.cooldown - 1, 0);
    next.badEpochs = 0;
  }
  return next;
}

/**
 * Applies a plateau state to values computed from the time schedules (in place and returned): each
 * name in `applyTo` becomes `max(value·multiplier, min(minValue, value))`.
 */
export function applyPlateau<T extends Record<string, number>>(values: T, state: PlateauState, options: PlateauOptions = {}): T {
  checkPlateauState(state);
  const applyTo = options.applyTo ?? PLATEAU_DEFAULTS.applyTo;
  const minValue = options.minValue ?? PLATEAU_DEFAULTS.minValue;
  if (state.multiplier === 1) return values;
  for (const name of applyTo) {
    const v = values[name];
    if (v === undefined) continue;
    const floor = Math.min(plateauMinFor(minValue, name), v);
    (values as Record<string, number>)[name] = Math.max(v * state.multiplier, floor);
  }
  return values;
}
