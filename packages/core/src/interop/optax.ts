import { formatReceived, type SpecPath } from '../base/errors.js';
import type { Schedule, SpecOf } from '../spec.js';
import { sealSchedule } from '../validate/parse.js';
import { nearest } from '../validate/suggest.js';
import { fail, isKwargs as isObject, kwargsReader, withHint } from './kwargs.js';

/**
 * optax (`optax/schedules/_schedule.py`, `_join.py`): a schedule constructor name and its keyword
 * arguments as a cyclr schedule with the same value at every step (optax's `count` is cyclr's `t`).
 *
 * Where optax logs and silently falls back (a non-positive `transition_steps` turns a polynomial or
 * exponential schedule into a constant, a negative `transition_begin` becomes 0, `join_schedules`
 * truncates mismatched lists), the import refuses with an error that says what optax would do.
 */

/** Every optax schedule constructor `fromOptax` understands. */
export const OPTAX_SCHEDULE_NAMES = [
  'constant_schedule',
  'linear_schedule',
  'polynomial_schedule',
  'cosine_decay_schedule',
  'warmup_constant_schedule',
  'warmup_cosine_decay_schedule',
  'warmup_exponential_decay_schedule',
  'exponential_decay',
  'piecewise_constant_schedule',
  'piecewise_interpolate_schedule',
  'cosine_onecycle_schedule',
  'linear_onecycle_schedule',
  'sgdr_schedule',
  'join_schedules',
] as const;

/** optax names refused, with the reason (the error message). */
export const OPTAX_REFUSED: Readonly<Record<string, string>> = {
  inject_hyperparams: 'inject_hyperparams wraps an optimizer, not a schedule: import the schedule it injects (e.g. learning_rate=optax.warmup_cosine_decay_schedule(...))',
  inject_stateful_hyperparams: 'inject_stateful_hyperparams wraps an optimizer, not a schedule: import the schedule it injects',
};

type Part = { schedule: Schedule; steps?: number };
type JoinPart = SpecOf<'join'>['parts'][number];

const PARAMS: Record<(typeof OPTAX_SCHEDULE_NAMES)[number], readonly string[]> = {
  constant_schedule: ['value'],
  linear_schedule: ['init_value', 'end_value', 'transition_steps', 'transition_begin'],
  polynomial_schedule: ['init_value', 'end_value', 'power', 'transition_steps', 'transition_begin'],
  cosine_decay_schedule: ['init_value', 'decay_steps', 'alpha', 'exponent'],
  warmup_constant_schedule: ['init_value', 'peak_value', 'warmup_steps'],
  warmup_cosine_decay_schedule: ['init_value', 'peak_value', 'warmup_steps', 'decay_steps', 'end_value', 'exponent'],
  warmup_exponential_decay_schedule: ['init_value', 'peak_value', 'warmup_steps', 'transition_steps', 'decay_rate', 'transition_begin', 'staircase', 'end_value'],
  exponential_decay: ['init_value', 'transition_steps', 'decay_rate', 'transition_begin', 'staircase', 'end_value'],
  piecewise_constant_schedule: ['init_value', 'boundaries_and_scales'],
  piecewise_interpolate_schedule: ['interpolate_type', 'init_value', 'boundaries_and_scales'],
  cosine_onecycle_schedule: ['transition_steps', 'peak_value', 'pct_start', 'div_factor', 'final_div_factor'],
  linear_onecycle_schedule: ['transition_steps', 'peak_value', 'pct_start', 'pct_final', 'div_factor', 'final_div_factor'],
  sgdr_schedule: ['cosine_kwargs'],
  join_schedules: ['schedules', 'boundaries'],
};

/** Reads Python keyword arguments (`null` is Python's None: absent), refusing unknown ones. */
function reader(kwargs: unknown, path: SpecPath, name: string) {
  if (!isObject(kwargs)) fail('invalid_type', path, `${name} kwargs must be an object, got ${formatReceived(kwargs)}`, kwargs, 'an object');
  return kwargsReader(
    kwargs,
    path,
    {
      unknown: (key, hint) => withHint(`${name}() got an unexpected keyword argument '${key}'`, hint),
      missing: (key) => `${name}() missing required argument: '${key}'`,
      intMin: -Infinity,
      notInteger: (key, _min, v) => `${key} must be an integer number of steps, got ${formatReceived(v)}`,
    },
    PARAMS[name as keyof typeof PARAMS],
  );
}

type Reader = ReturnType<typeof reader>;

/** Join parts on local clocks; zero-length parts (never visible) are dropped, nested joins flattened. */
function join(parts: Part[]): Schedule {
  const flat: Part[] = [];
  parts.forEach((p, i) => {
    const last = i === parts.length - 1;
    if (!last && (p.steps ?? 0) <= 0) return;
    if (p.schedule.type === 'join') {
      let used = 0;
      const inner = p.schedule.parts;
      for (let k = 0; k < inner.length; k++) {
        const innerLast = k === inner.length - 1;
        const budget = last ? undefined : (p.steps as number) - used;
        let steps = innerLast ? budget : inner[k].steps;
        if (budget !== undefined && steps !== undefined) steps = Math.min(steps, budget);
        if (steps !== undefined && steps <= 0) break;
        flat.push({ schedule: inner[k].schedule, steps });
        used += steps ?? 0;
        if (budget !== undefined && used >= (p.steps as number)) break;
      }
      return;
    }
    flat.push(last ? { schedule: p.schedule } : p);
  });
  if (flat.length === 1) return flat[0].schedule;
  const out: JoinPart[] = flat.map((p, i) => (i === flat.length - 1 ? { schedule: p.schedule } : { schedule: p.schedule, steps: p.steps }));
  return { type: 'join', parts: out };
}

function nonNegativeSteps(r: Reader, key: string, fallback?: number): number {
  const v = r.int(key, fallback);
  if (v < 0) {
    fail('out_of_range', [...r.path, key], `${key} = ${v} is negative; optax would silently use 0 instead. Pass 0 if that is what you mean`, v, 'an integer >= 0');
  }
  return v;
}

function positiveSteps(r: Reader, key: string, name: string, what: string): number {
  const v = r.int(key);
  if (v <= 0) {
    fail('out_of_range', [...r.path, key], `${name}: ${key} = ${v} is not positive; optax would only log this and ${what}. Use constant_schedule if a constant is what you mean`, v, 'a positive integer');
  }
  return v;
}

/** optax `polynomial_schedule` (linear when `power` is 1 and `linear` is set). */
function polynomial(r: Reader, name: string, init: number, end: number, power: number, asLinear: boolean): Schedule {
  const steps = positiveSteps(r, 'transition_steps', name, `return the constant init_value (${init})`);
  const begin = nonNegativeSteps(r, 'transition_begin', 0);
  let body: Schedule;
  if (power === 0) body = { type: 'constant', value: init };
  else if (asLinear && power === 1) body = { type: 'linear', from: init, to: end, steps };
  else body = { type: 'polynomial', from: init, to: end, steps, power };
  return join([{ schedule: { type: 'constant', value: init }, steps: begin }, { schedule: body }]);
}

/** optax `exponential_decay`. */
function exponentialDecay(r: Reader, name: string, init: number): Schedule {
  const steps = positiveSteps(r, 'transition_steps', name, `return the constant init_value (${init})`);
  const rate = r.num('decay_rate');
  if (rate === 0) {
    fail('out_of_range', [...r.path, 'decay_rate'], `${name}: decay_rate = 0; optax would only log this and return the constant init_value (${init}). Use constant_schedule if a constant is what you mean`, rate, 'a non-zero number');
  }
  const begin = nonNegativeSteps(r, 'transition_begin', 0);
  const staircase = r.bool('staircase', false);
  const end = r.has('end_value') ? r.num('end_value') : undefined;
  // optax clips with max(., end) for a decay (rate < 1) and min(., end) otherwise, before and after transition_begin.
  const clip = (v: number) => (end === undefined ? v : rate < 1 ? Math.max(v, end) : Math.min(v, end));
  if (end !== undefined && clip(init) === end) return { type: 'constant', value: end };
  const body: SpecOf<'exponential'> = { type: 'exponential', from: init, decay: rate, steps, staircase };
  if (end !== undefined) {
    if (rate < 1) body.min = end;
    else body.max = end;
  }
  return join([{ schedule: { type: 'constant', value: clip(init) }, steps: begin }, { schedule: body }]);
}

function cosineDecay(init: number, decaySteps: number, alpha: number, exponent: number, path: SpecPath): SpecOf<'cosine'> {
  if (!(decaySteps > 0)) fail('too_small', path, `The cosine_decay_schedule requires positive decay_steps, got decay_steps=${decaySteps}.`, decaySteps, 'a positive integer');
  const spec: SpecOf<'cosine'> = { type: 'cosine', from: init, to: init * alpha, steps: decaySteps };
  if (exponent !== 1) spec.power = exponent;
  return spec;
}

/** optax `warmup_cosine_decay_schedule`: decay_steps includes the warmup. */
function warmupCosineDecay(r: Reader): Schedule {
  const init = r.num('init_value');
  const peak = r.num('peak_value');
  const warmup = nonNegativeSteps(r, 'warmup_steps');
  const decay = r.int('decay_steps');
  const end = r.num('end_value', 0);
  const exponent = r.num('exponent', 1);
  const alpha = peak === 0 ? 0 : end / peak;
  const cos = cosineDecay(peak, decay - warmup, alpha, exponent, [...r.path, 'decay_steps']);
  if (peak !== 0) cos.to = end;
  return join([{ schedule: { type: 'linear', from: init, to: peak, steps: Math.max(1, warmup) }, steps: warmup }, { schedule: cos }]);
}

/** Python's `int(x)` for a float: truncation toward zero. */
const pyInt = (x: number) => Math.trunc(x);

/** optax `piecewise_interpolate_schedule` from sorted (boundary, scale) pairs. */
function piecewiseInterpolate(kind: 'linear' | 'cosine', init: number, entries: Array<[number, number]>, path: SpecPath, name: string): Schedule {
  if (entries.some(([, s]) => !(s >= 0))) fail('out_of_range', path, `\`${name}\` expects non-negative scale factors`, entries.map(([, s]) => s), 'non-negative scales');
  entries.forEach(([b]) => {
    if (!Number.isSafeInteger(b) || b < 0) fail('unsupported', path, `boundary ${b} must be a non-negative integer step`, b, 'a non-negative integer');
  });
  const bounds = [0, ...entries.map(([b]) => b)];
  const values = [init];
  for (const [, s] of entries) values.push(values[values.length - 1] * s);
  // optax interval i is [bounds[i], bounds[i+1]); an empty interval (equal bounds) never shows.
  const live: number[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) if (bounds[i + 1] > bounds[i]) live.push(i);
  const last = values[values.length - 1];
  if (kind === 'linear') {
    const points = live.map((i) => ({ step: bounds[i], value: values[i] }));
    points.push({ step: bounds[bounds.length - 1], value: last });
    return points.length === 1 ? { type: 'constant', value: last } : { type: 'piecewiseLinear', points };
  }
  const parts: Part[] = live.map((i) => ({
    schedule: { type: 'cosine', from: values[i], to: values[i + 1], steps: bounds[i + 1] - bounds[i] },
    steps: bounds[i + 1] - bounds[i],
  }));
  parts.push({ schedule: { type: 'constant', value: last } });
  return join(parts);
}

/** A Python dict `{int: float}` given as JSON: an object with integer-string keys, or `[[b, s], ...]`. */
function boundariesAndScales(value: unknown, path: SpecPath): Array<[number, number]> {
  const entries: Array<[number, number]> = [];
  if (value === undefined || value === null) return entries;
  if (Array.isArray(value)) {
    const seen = new Map<number, number>();
    value.forEach((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number' || typeof pair[1] !== 'number') {
        fail('invalid_type', [...path, i], `boundaries_and_scales entries must be [boundary, scale] pairs, got ${formatReceived(pair)}`, pair, '[number, number]');
      }
      seen.set(pair[0] as number, pair[1] as number);
    });
    entries.push(...seen.entries());
  } else if (isObject(value)) {
    for (const [k, s] of Object.entries(value)) {
      const b = Number(k);
      if (k.trim() === '' || !Number.isFinite(b)) fail('invalid_type', [...path, k], `boundary ${JSON.stringify(k)} is not a number`, k, 'an integer step');
      if (typeof s !== 'number' || !Number.isFinite(s)) fail('invalid_type', [...path, k], `scale at boundary ${k} must be a finite number, got ${formatReceived(s)}`, s, 'a finite number');
      entries.push([b, s]);
    }
  } else {
    fail('invalid_type', path, `boundaries_and_scales must be an object {step: scale}, got ${formatReceived(value)}`, value, 'an object');
  }
  return entries.sort((a, b) => a[0] - b[0]);
}

/**
 * The cyclr schedule for `optax.<name>(**kwargs)`. Names may carry an `optax.` or
 * `optax.schedules.` prefix. `join_schedules` takes `{ schedules: [{ name, kwargs }, ...],
 * boundaries }` (each nested schedule on its own local clock, as optax does); `sgdr_schedule` takes
 * `{ cosine_kwargs: [warmup_cosine_decay_schedule kwargs, ...] }`.
 */
export function fromOptax(name: string, kwargs: Record<string, unknown> = {}): Schedule {
  return sealSchedule(build(name, kwargs, ['name'], ['kwargs']));
}

function build(name: unknown, kwargs: unknown, namePath: SpecPath, path: SpecPath): Schedule {
  if (typeof name !== 'string') return fail('invalid_type', namePath, `the schedule name must be a string, got ${formatReceived(name)}`, name, 'a string');
  const key = name.trim().replace(/^optax\.(schedules\.)?/, '');
  if (Object.hasOwn(OPTAX_REFUSED, key)) fail('unsupported', namePath, OPTAX_REFUSED[key], name, 'a schedule constructor name');
  if (!(OPTAX_SCHEDULE_NAMES as readonly string[]).includes(key)) {
    const hint = nearest(key, OPTAX_SCHEDULE_NAMES) ?? nearest(`${key}_schedule`, OPTAX_SCHEDULE_NAMES);
    fail('unknown_type', namePath, `unknown optax schedule ${formatReceived(name)}${hint ? ` (did you mean '${hint}'?)` : ''}; known: ${OPTAX_SCHEDULE_NAMES.join(', ')}`, name, `one of ${OPTAX_SCHEDULE_NAMES.join(', ')}`);
  }
  const r = reader(kwargs, path, key);
  switch (key as (typeof OPTAX_SCHEDULE_NAMES)[number]) {
    case 'constant_schedule':
      return { type: 'constant', value: r.num('value') };
    case 'linear_schedule':
      return polynomial(r, key, r.num('init_value'), r.num('end_value'), 1, true);
    case 'polynomial_schedule':
      return polynomial(r, key, r.num('init_value'), r.num('end_value'), r.num('power'), false);
    case 'cosine_decay_schedule':
      return cosineDecay(r.num('init_value'), r.int('decay_steps'), r.num('alpha', 0), r.num('exponent', 1), [...path, 'decay_steps']);
    case 'warmup_constant_schedule': {
      const init = r.num('init_value');
      const peak = r.num('peak_value');
      const warmup = positiveSteps(r, 'warmup_steps', key, `return the constant init_value (${init}), never reaching peak_value`);
      return { type: 'linear', from: init, to: peak, steps: warmup };
    }
    case 'warmup_cosine_decay_schedule':
      return warmupCosineDecay(r);
    case 'warmup_exponential_decay_schedule': {
      const init = r.num('init_value');
      const peak = r.num('peak_value');
      const warmup = nonNegativeSteps(r, 'warmup_steps');
      const decay = exponentialDecay(r, key, peak);
      return join([{ schedule: { type: 'linear', from: init, to: peak, steps: Math.max(1, warmup) }, steps: warmup }, { schedule: decay }]);
    }
    case 'exponential_decay':
      return exponentialDecay(r, key, r.num('init_value'));
    case 'piecewise_constant_schedule': {
      const init = r.num('init_value');
      const entries = boundariesAndScales(r.get('boundaries_and_scales'), [...path, 'boundaries_and_scales']);
      if (entries.some(([, s]) => !(s >= 0))) fail('out_of_range', [...path, 'boundaries_and_scales'], '`piecewise_constant_schedule` expects non-negative scale factors', entries.map(([, s]) => s), 'non-negative scales');
      // count >= threshold takes the scale; on the integer grid a threshold b acts at ceil(b), and at 0 when b <= 0.
      let v = init;
      const boundaries: number[] = [];
      const values: number[] = [init];
      for (const [threshold, scale] of entries) {
        const at = Math.max(0, Math.ceil(threshold));
        v = scale * v;
        if (at === 0) values[0] = v;
        else if (boundaries.length > 0 && boundaries[boundaries.length - 1] === at) values[values.length - 1] = v;
        else {
          boundaries.push(at);
          values.push(v);
        }
      }
      if (boundaries.length === 0) return { type: 'constant', value: values[0] };
      return { type: 'piecewiseConstant', boundaries, values };
    }
    case 'piecewise_interpolate_schedule': {
      const kind = r.get('interpolate_type');
      if (kind !== 'linear' && kind !== 'cosine') fail('invalid_enum', [...path, 'interpolate_type'], "`interpolate_type` must be either 'cosine' or 'linear'", kind, "'linear' or 'cosine'");
      return piecewiseInterpolate(kind, r.num('init_value'), boundariesAndScales(r.get('boundaries_and_scales'), [...path, 'boundaries_and_scales']), [...path, 'boundaries_and_scales'], key);
    }
    case 'cosine_onecycle_schedule':
    case 'linear_onecycle_schedule': {
      const total = r.int('transition_steps');
      if (total <= 0) fail('too_small', [...path, 'transition_steps'], `A ${key === 'cosine_onecycle_schedule' ? 'cosine' : 'linear'} onecycle schedule was set with a non-positive \`transition_steps\``, total, 'a positive integer');
      const peak = r.num('peak_value');
      const pctStart = r.num('pct_start', 0.3);
      const div = r.num('div_factor', 25);
      const finalDiv = r.num('final_div_factor', 1e4);
      // A Python dict literal: a repeated key keeps the last value.
      const dict = new Map<number, number>();
      if (key === 'cosine_onecycle_schedule') {
        dict.set(pyInt(pctStart * total), div);
        dict.set(total, 1 / (div * finalDiv));
      } else {
        const pctFinal = r.num('pct_final', 0.85);
        dict.set(pyInt(pctStart * total), div);
        dict.set(pyInt(pctFinal * total), 1 / div);
        dict.set(total, 1 / finalDiv);
      }
      const entries = [...dict.entries()].sort((a, b) => a[0] - b[0]);
      return piecewiseInterpolate(key === 'cosine_onecycle_schedule' ? 'cosine' : 'linear', peak / div, entries, [...path, 'pct_start'], 'piecewise_interpolate_schedule');
    }
    case 'sgdr_schedule': {
      const list = r.get('cosine_kwargs');
      if (!Array.isArray(list) || list.length === 0) fail('invalid_type', [...path, 'cosine_kwargs'], `cosine_kwargs must be a non-empty list of warmup_cosine_decay_schedule kwargs, got ${formatReceived(list)}`, list, 'a non-empty array of objects');
      const parts = list.map((kw, i) => {
        const inner = reader(kw, [...path, 'cosine_kwargs', i], 'warmup_cosine_decay_schedule');
        return { schedule: warmupCosineDecay(inner), steps: inner.int('decay_steps') };
      });
      return join(parts);
    }
    case 'join_schedules': {
      const schedules = r.get('schedules');
      const boundaries = r.get('boundaries');
      if (!Array.isArray(schedules) || schedules.length === 0) fail('invalid_type', [...path, 'schedules'], `schedules must be a non-empty list of { name, kwargs } entries, got ${formatReceived(schedules)}`, schedules, 'a non-empty array');
      if (!Array.isArray(boundaries)) fail('invalid_type', [...path, 'boundaries'], `boundaries must be a list of integers, got ${formatReceived(boundaries)}`, boundaries, 'an array of integers');
      if (boundaries.length !== schedules.length - 1) {
        fail('wrong_length', [...path, 'boundaries'], `join_schedules needs one boundary fewer than schedules: ${schedules.length} schedules and ${boundaries.length} boundaries (optax would silently ignore the extra ones)`, boundaries, `an array of ${schedules.length - 1} integers`);
      }
      boundaries.forEach((b, i) => {
        if (typeof b !== 'number' || !Number.isSafeInteger(b) || b < 0) fail('not_integer', [...path, 'boundaries', i], `boundaries[${i}] must be a non-negative integer step, got ${formatReceived(b)}`, b, 'a non-negative integer');
        if (i > 0 && b < (boundaries[i - 1] as number)) {
          fail('out_of_order', [...path, 'boundaries', i], `boundaries must not decrease: boundaries[${i}] = ${b} comes after ${String(boundaries[i - 1])} (optax would hide the schedules in between)`, b, `an integer >= ${String(boundaries[i - 1])}`);
        }
      });
      const parts = schedules.map((entry, i) => {
        const at = [...path, 'schedules', i];
        if (!isObject(entry)) fail('invalid_type', at, `each schedule must be { name, kwargs } (a callable cannot be imported), got ${formatReceived(entry)}`, entry, '{ name, kwargs }');
        const schedule = build(entry.name, entry.kwargs ?? {}, [...at, 'name'], [...at, 'kwargs']);
        const start = i === 0 ? 0 : (boundaries[i - 1] as number);
        return i === schedules.length - 1 ? { schedule } : { schedule, steps: (boundaries[i] as number) - start };
      });
      return join(parts);
    }
  }
}
