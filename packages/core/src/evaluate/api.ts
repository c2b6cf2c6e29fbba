import { checkStep, isStep } from '../base/step.js';
import type { StepFn } from '../base/family.js';
import { checkPlateauState, plateauMinFor, type PlateauState } from '../plateau/state.js';
import { PLATEAU_DEFAULTS, type ResolvedPlateauOptions } from '../plateau/options.js';
import { POLICY_RESERVED_KEYS, type HyperparameterValues, type Policy, type Schedule } from '../spec.js';
import { sealPolicy, sealSchedule } from '../validate/parse.js';
import { compiledOf } from './compile.js';

const RESERVED = new Set<string>(POLICY_RESERVED_KEYS);

/** The compiled function of a spec: carried by a sealed spec, else validated and compiled now (throws a ScheduleSpecError). */
function functionOf(spec: Schedule): StepFn {
  return compiledOf(spec) ?? (compiledOf(sealSchedule(spec)) as StepFn);
}

/**
 * The value of `spec` at `step`, the 0-based count of completed optimizer updates (the value update
 * `step + 1` uses). Pure and closed form. Throws a RangeError for a negative, fractional,
 * non-finite or bigint step, and a ScheduleSpecError for an invalid spec. A sealed spec (from a
 * builder or `parseSchedule`) evaluates directly; any other object is read and validated on every
 * call: for loops, seal it once or use `compileSchedule`.
 */
export function valueAt(spec: Schedule, step: number): number {
  if (!isStep(step)) checkStep(step);
  const fn = compiledOf(spec);
  return fn !== undefined ? fn(step) : functionOf(spec)(step);
}

/**
 * Validates `spec` once and returns a specialised `(step) => number` for hot loops. The spec is
 * read once: later changes to the object do not affect the compiled function.
 */
export function compileSchedule(spec: Schedule): (step: number) => number {
  const compiled = functionOf(spec);
  return (step) => {
    // one comparison chain on the hot path; checkStep only runs (and throws) for a bad step
    if (!(typeof step === 'number' && step >= 0 && step <= Number.MAX_SAFE_INTEGER && Math.floor(step) === step)) checkStep(step);
    return compiled(step);
  };
}

export interface SampleOptions {
  /** first step, default 0 */
  start?: number;
  /** number of values */
  count: number;
  /** steps between values, default 1 */
  stride?: number;
  /** write into this array instead of allocating one (length >= count) */
  into?: Float64Array;
}

/**
 * Values at `start, start + stride, ...` (`count` of them) in a Float64Array, without per-step
 * allocation or dispatch on the spec's type.
 */
export function sample(spec: Schedule, options: SampleOptions): Float64Array {
  const { start = 0, count, stride = 1 } = options;
  checkStep(start, 'start');
  checkStep(count, 'count');
  if (!Number.isSafeInteger(stride) || stride < 1) throw new RangeError(`stride must be a positive integer, got ${String(stride)}`);
  if (count > 0) checkStep(start + (count - 1) * stride, 'the last sampled step');
  const out = options.into ?? new Float64Array(count);
  if (out.length < count) throw new RangeError(`into has length ${out.length}, but count is ${count}`);
  const fn = functionOf(spec);
  for (let i = 0, t = start; i < count; i++, t += stride) out[i] = fn(t);
  return out;
}

/** The scheduled hyperparameters of a policy, `lr` first, then in document order. */
export function policyEntries(policy: Policy): Array<[string, Schedule]> {
  const out: Array<[string, Schedule]> = [['lr', policy.lr]];
  for (const key of Object.keys(policy)) {
    if (key === 'lr' || RESERVED.has(key)) continue;
    const value = policy[key];
    if (value !== undefined) out.push([key, value as Schedule]);
  }
  return out;
}

/** A policy that schedules only `lr`, or `lr` and other named schedules (validated and sealed). */
export function policy(lr: Schedule, others: Record<string, Schedule> = {}): Policy {
  return sealPolicy({ version: 1, lr, ...others });
}

/**
 * A policy compiled for an adapter's loop: `names` (lr first) and `valuesAt(step, plateau?)` that
 * writes every hyperparameter's value into one reused object (no allocation per step), with plateau
 * control applied. The one runtime both adapters share.
 */
export interface CompiledPolicy {
  readonly policy: Policy;
  /** the scheduled hyperparameter names, `lr` first */
  readonly names: readonly string[];
  /** the resolved plateau options (defaults when the policy has none) */
  readonly plateau: Readonly<ResolvedPlateauOptions>;
  /**
   * Every value at `step`, with `state`'s multiplier applied to the plateau's `applyTo` names. Writes
   * into and returns one object owned by this CompiledPolicy: copy it to keep it.
   */
  valuesAt(step: number, state?: PlateauState): Readonly<HyperparameterValues>;
  /** one hyperparameter's function (without plateau control) */
  fn(name: string): ((step: number) => number) | undefined;
}

/** Validates a policy once (sealing it) and compiles it for a training loop (see `CompiledPolicy`). */
export function compilePolicy(input: Policy): CompiledPolicy {
  const sealed = sealPolicy(input);
  const entries = policyEntries(sealed);
  const names = entries.map(([n]) => n);
  const fns = entries.map(([, s]) => compiledOf(s) as StepFn);
  const plateau = resolvePlateau(sealed);
  const out: Record<string, number> = {};
  for (const n of names) out[n] = 0;
  const applyTo = plateau.applyTo.filter((n) => names.includes(n));
  const floors = applyTo.map((n) => plateauMinFor(plateau.minValue, n));
  return {
    policy: sealed,
    names,
    plateau,
    valuesAt(step, state) {
      if (!isStep(step)) checkStep(step);
      for (let i = 0; i < fns.length; i++) out[names[i]] = fns[i](step);
      if (state !== undefined && state.multiplier !== 1) {
        checkPlateauState(state);
        for (let i = 0; i < applyTo.length; i++) {
          const v = out[applyTo[i]];
          out[applyTo[i]] = Math.max(v * state.multiplier, Math.min(floors[i], v));
        }
      }
      return out as HyperparameterValues;
    },
    fn(name) {
      const i = names.indexOf(name);
      if (i < 0) return undefined;
      const f = fns[i];
      return (step) => {
        if (!isStep(step)) checkStep(step);
        return f(step);
      };
    },
  };
}

function resolvePlateau(policy: Policy): ResolvedPlateauOptions {
  const o = (policy.plateau ?? {}) as Record<string, unknown>;
  const out = { ...PLATEAU_DEFAULTS } as ResolvedPlateauOptions;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Every scheduled hyperparameter of `policy` at `step` (`{ lr, momentum?, ... }`), a fresh object.
 * With `{ plateau: state }` the hyperparameters named in `policy.plateau.applyTo` (default `['lr']`)
 * are multiplied by the state's multiplier, never below `minValue` (see `plateauUpdate`).
 */
export function valuesAt(policy: Policy, step: number, options: { plateau?: PlateauState } = {}): HyperparameterValues {
  checkStep(step);
  return { ...compilePolicy(policy).valuesAt(step, options.plateau) };
}
