/**
 * Builders: sugar over the spec fields, one generic function per family. Each takes the family's
 * fields as options, plus an epoch alias for every length (`epochs`, `upEpochs`, `warmupEpochs`,
 * `milestoneEpochs`, ... with `stepsPerEpoch`) and the family's own sugar (one-cycle's `maxLr`,
 * `divFactor`), and returns a validated, sealed spec (or throws one ScheduleSpecError with every
 * issue). Builders never return closures: `JSON.parse(JSON.stringify(spec))` gives the same values.
 */
import { ScheduleSpecError, type SpecIssue } from './base/errors.js';
import type { Family, LazyTools } from './base/family.js';
import type { AnyField, ArrayField, FieldTable, TimeField } from './base/fields.js';
import * as F from './families/index.js';
import * as X from './families/tools.js';
import type { AnyFamily } from './registry.js';
import type { AnyTools } from './tools-registry.js';
import type { FieldValueOf, Schedule, SpecOf } from './spec.js';
import { snapshot } from './validate/snapshot.js';
import { Validator } from './validate/engine.js';
import { IssueSink } from './validate/issues.js';
import { sealSchedule } from './validate/parse.js';

type EpochAlias<X> = X extends { epochs?: infer E } ? ([E] extends [never] ? never : string extends E ? never : E) : never;
type Aliased<T extends FieldTable> = { [K in keyof T]: [EpochAlias<T[K]>] extends [never] ? never : K }[keyof T];
type Required_<T extends FieldTable> = { [K in keyof T]: T[K] extends { required: true } ? K : never }[keyof T];

/** The options of a family's builder: its fields, epoch aliases of its lengths, and its sugar. */
export type BuilderOptions<T extends FieldTable, O extends FieldTable = Record<never, never>, Fills extends PropertyKey = never> = {
  -readonly [K in keyof T as K extends Required_<T> ? (K extends Aliased<T> | Fills ? never : K) : never]: FieldValueOf<T[K]>;
} & {
  -readonly [K in keyof T as K extends Required_<T> ? (K extends Aliased<T> | Fills ? K : never) : K]?: FieldValueOf<T[K]>;
} & {
  -readonly [K in keyof T as EpochAlias<T[K]> & string]?: T[K] extends ArrayField ? readonly number[] : number;
} & ([Aliased<T>] extends [never] ? unknown : { /** updates per epoch, for the options given in epochs */ stepsPerEpoch?: number }) & {
  -readonly [K in keyof O]?: FieldValueOf<O[K]>;
} & { description?: string };

/** A builder: options in, a sealed spec out. */
export type Builder<K extends Schedule['type'], T extends FieldTable, O extends FieldTable, Fl extends string> = (options: BuilderOptions<T, O, Fl>) => SpecOf<K>;

function aliasOf(field: AnyField): string | undefined {
  return field.kind === 'time' ? (field as TimeField).epochs : field.kind === 'array' ? (field as ArrayField).epochs : undefined;
}

/** Resolves a family's builder options into its spec (time aliases, sugar, undefined dropped) and seals it. */
export function build(family: AnyFamily, tools: AnyTools | undefined, input: unknown): Schedule {
  const sink = new IssueSink();
  const read = snapshot(input, sink);
  if (sink.count > 0) throw new ScheduleSpecError(sink.issues());
  if (typeof read !== 'object' || read === null || Array.isArray(read)) {
    throw new ScheduleSpecError([{ code: 'invalid_type', path: [], expected: `the options of ${family.type}(...)`, received: read, message: `${family.type}(...) takes an options object` }]);
  }
  const o: Record<string, unknown> = { ...(read as Record<string, unknown>) };
  const issues: SpecIssue[] = [];
  const perEpoch = o.stepsPerEpoch;
  let usedEpochs = false;
  // fields given in epochs or filled by sugar: one left unresolved is already reported under the caller's option
  const derived = new Set<string>(tools?.sugar?.fills ?? []);
  for (const [key, field] of Object.entries(family.fields)) {
    const alias = aliasOf(field);
    if (alias === undefined || o[alias] === undefined) continue;
    usedEpochs = true;
    derived.add(key);
    const epochs = o[alias];
    delete o[alias];
    if (o[key] !== undefined) {
      issues.push({ code: 'conflict', path: [alias], expected: `either ${key} or ${alias}, not both`, received: epochs, message: `give either ${key} or ${alias}, not both` });
      continue;
    }
    o[key] = inSteps(epochs, perEpoch, alias, issues);
  }
  if (perEpoch !== undefined && !(typeof perEpoch === 'number' && Number.isFinite(perEpoch) && perEpoch > 0)) {
    issues.push({ code: 'invalid_value', path: ['stepsPerEpoch'], expected: 'a positive number of updates per epoch', received: perEpoch, message: `stepsPerEpoch must be a positive number, got ${JSON.stringify(perEpoch)}` });
  } else if (usedEpochs && perEpoch === undefined) {
    issues.push({ code: 'missing', path: ['stepsPerEpoch'], expected: 'a positive number of updates per epoch', received: undefined, message: 'stepsPerEpoch is required when a duration is given in epochs' });
  }
  if (!Object.prototype.hasOwnProperty.call(family.fields, 'stepsPerEpoch')) delete o.stepsPerEpoch;
  const sugar = tools?.sugar;
  if (sugar !== undefined) {
    // the sugar options are checked against their own field table first (divFactor: -5 is refused, not resolved)
    const given: Record<string, unknown> = {};
    for (const key of Object.keys(sugar.fields)) if (o[key] !== undefined) given[key] = o[key];
    const sugarIssues = new IssueSink();
    new Validator(sugarIssues).table(sugar.fields, given, [], 0);
    issues.push(...sugarIssues.issues());
    const resolved = sugarIssues.count > 0 ? {} : sugar.resolve(o, issues);
    for (const key of Object.keys(sugar.fields)) delete o[key];
    Object.assign(o, resolved);
  }
  // the spec's keys in the order of the family's field table (readable JSON), then any others (reported as unknown)
  const spec: Record<string, unknown> = { type: family.type };
  if (typeof o.description === 'string') spec.description = o.description;
  for (const k of Object.keys(family.fields)) if (o[k] !== undefined) spec[k] = o[k];
  for (const [k, v] of Object.entries(o)) if (v !== undefined && !(k in spec)) spec[k] = v;
  if (issues.length > 0) {
    // report the sugar's issues together with the spec's own
    let more: readonly SpecIssue[] = [];
    try {
      sealSchedule(spec);
    } catch (error) {
      if (error instanceof ScheduleSpecError) more = error.issues.filter((i) => !issues.some((j) => j.path.join('.') === i.path.join('.')) && !(derived.has(String(i.path[0])) && i.received === undefined));
    }
    throw new ScheduleSpecError([...issues, ...more]);
  }
  return sealSchedule(spec);
}

function inSteps(epochs: unknown, perEpoch: unknown, alias: string, issues: SpecIssue[]): unknown {
  if (typeof perEpoch !== 'number' || !(perEpoch > 0)) return undefined;
  const one = (e: unknown, path: Array<string | number>): number | undefined => {
    if (typeof e !== 'number' || !Number.isFinite(e) || e < 0) {
      issues.push({ code: 'invalid_value', path, expected: 'a non-negative number of epochs', received: e, message: `${path.join('[')}${path.length > 1 ? ']' : ''} must be a non-negative number of epochs, got ${JSON.stringify(e)}` });
      return undefined;
    }
    // a whole number of steps up to float noise (1.1 × 100 = 110.00000000000001) is that whole number
    const steps = e * perEpoch;
    const whole = Math.round(steps);
    return Math.abs(steps - whole) <= 1e-9 * Math.max(1, steps) ? whole : steps;
  };
  if (Array.isArray(epochs)) return epochs.map((e, i) => one(e, [alias, i]));
  return one(epochs, [alias]);
}

function builder<K extends Schedule['type'], T extends FieldTable, O extends FieldTable, Fl extends string>(family: Family<K, T>, tools: LazyTools<K, T, O, Fl>): Builder<K, T, O, Fl> {
  return ((options: unknown) => build(family as unknown as AnyFamily, tools.get() as unknown as AnyTools, options)) as Builder<K, T, O, Fl>;
}

// ---------------------------------------------------------------- one builder per family

export const linear = /* @__PURE__ */ builder(F.linearFamily, X.linearTools);
export const polynomial = /* @__PURE__ */ builder(F.polynomialFamily, X.polynomialTools);
export const exponential = /* @__PURE__ */ builder(F.exponentialFamily, X.exponentialTools);
export const inverseTime = /* @__PURE__ */ builder(F.inverseTimeFamily, X.inverseTimeTools);
export const inverseSqrt = /* @__PURE__ */ builder(F.inverseSqrtFamily, X.inverseSqrtTools);
export const stepDecay = /* @__PURE__ */ builder(F.stepDecayFamily, X.stepDecayTools);
export const multiStep = /* @__PURE__ */ builder(F.multiStepFamily, X.multiStepTools);
export const piecewiseConstant = /* @__PURE__ */ builder(F.piecewiseConstantFamily, X.piecewiseConstantTools);
export const piecewiseLinear = /* @__PURE__ */ builder(F.piecewiseLinearFamily, X.piecewiseLinearTools);
export const cosine = /* @__PURE__ */ builder(F.cosineFamily, X.cosineTools);
export const cosineRestarts = /* @__PURE__ */ builder(F.cosineRestartsFamily, X.cosineRestartsTools);
export const tanh = /* @__PURE__ */ builder(F.tanhFamily, X.tanhTools);
export const linearCosine = /* @__PURE__ */ builder(F.linearCosineFamily, X.linearCosineTools);
export const noisyLinearCosine = /* @__PURE__ */ builder(F.noisyLinearCosineFamily, X.noisyLinearCosineTools);
export const warmupStableDecay = /* @__PURE__ */ builder(F.warmupStableDecayFamily, X.warmupStableDecayTools);
export const cyclic = /* @__PURE__ */ builder(F.cyclicFamily, X.cyclicTools);
export const oneCycle = /* @__PURE__ */ builder(F.oneCycleFamily, X.oneCycleTools);
export const warmup = /* @__PURE__ */ builder(F.warmupFamily, X.warmupTools);
export const scale = /* @__PURE__ */ builder(F.scaleFamily, X.scaleTools);
export const clamp = /* @__PURE__ */ builder(F.clampFamily, X.clampTools);
export const repeat = /* @__PURE__ */ builder(F.repeatFamily, X.repeatTools);
export const noise = /* @__PURE__ */ builder(F.noiseFamily, X.noiseTools);
export const epochs = /* @__PURE__ */ builder(F.epochsFamily, X.epochsTools);

/** `constant(0.1)`: the same value at every step. */
export function constant(value: number): SpecOf<'constant'> {
  return build(F.constantFamily as unknown as AnyFamily, X.constantTools.get() as unknown as AnyTools, { value }) as unknown as SpecOf<'constant'>;
}

/**
 * Parts one after the other, each on its own clock. Example:
 * `join([{ schedule: linear({ from: 0, to: 0.1, steps: 500 }), steps: 500 }, { schedule: cosine({ ... }) }])`.
 */
export function join(parts: ReadonlyArray<{ schedule: Schedule; steps?: number }>): SpecOf<'join'> {
  return build(F.joinFamily as unknown as AnyFamily, X.joinTools.get() as unknown as AnyTools, { parts }) as unknown as SpecOf<'join'>;
}

/** The product of several schedules at the same step. */
export function multiply(factors: readonly Schedule[]): SpecOf<'multiply'> {
  return build(F.multiplyFamily as unknown as AnyFamily, X.multiplyTools.get() as unknown as AnyTools, { factors }) as unknown as SpecOf<'multiply'>;
}
