import { formatReceived, issue, ScheduleSpecError, type SpecIssue, type SpecPath } from '../base/errors.js';
import type { Schedule, ScheduleType, SpecOf } from '../spec.js';
import { sealSchedule } from '../validate/parse.js';
import { nearest } from '../validate/suggest.js';
import { fail, kwargsReader, withHint } from './kwargs.js';

/**
 * Keras (`keras/src/optimizers/schedules/learning_rate_schedule.py`), tf.keras 2
 * (`LinearCosineDecay`, `NoisyLinearCosineDecay`) and TensorFlow Addons
 * (`tensorflow_addons/optimizers/cyclical_learning_rate.py`) serialized schedules, both ways.
 *
 * Keras evaluates a schedule at `optimizer.iterations`, the count of applied updates: cyclr's `t`.
 * Keras computes in float32; the imported schedule computes the same formulas in float64.
 * `CosineDecayRestarts` with a real `t_mul` finds the period with a float `log`, which can round down
 * exactly at a restart (e.g. `t_mul = 10` at step 111·first_decay_steps) and show the previous
 * period's floor for that one step; cyclr restarts on the exact step.
 */

/** A serialized Keras object: `{ class_name, config }`, with `module` / `registered_name` in Keras 3. */
export interface KerasConfig {
  class_name: string;
  config: Record<string, unknown>;
  module?: string | null;
  registered_name?: string | null;
}

/** A cyclic schedule's custom amplitude: `{ by: 'cycle' | 'step', schedule }`. */
export type CyclicAmplitude = NonNullable<SpecOf<'cyclic'>['amplitude']>;

export interface FromKerasOptions {
  /**
   * The declarative equivalent of a TFA `CyclicalLearningRate`'s `scale_fn` (a Python function,
   * which a config cannot carry), used as the cyclic schedule's `amplitude`: `by: 'cycle'` for
   * `scale_mode='cycle'` (the schedule at the 0-based cycle index c equals `scale_fn(c + 1)`),
   * `by: 'step'` for `scale_mode='iterations'`.
   */
  scaleFn?: CyclicAmplitude;
}

/** Every schedule class `fromKeras` imports (TFA classes also with their `Addons>` registered names). */
export const KERAS_SCHEDULE_NAMES = [
  'ExponentialDecay',
  'PiecewiseConstantDecay',
  'PolynomialDecay',
  'InverseTimeDecay',
  'CosineDecay',
  'CosineDecayRestarts',
  'LinearCosineDecay',
  'NoisyLinearCosineDecay',
  'CyclicalLearningRate',
  'TriangularCyclicalLearningRate',
  'Triangular2CyclicalLearningRate',
  'ExponentialCyclicalLearningRate',
] as const;

type KerasName = (typeof KERAS_SCHEDULE_NAMES)[number];
type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const PARAMS: Record<KerasName, readonly string[]> = {
  ExponentialDecay: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'],
  PiecewiseConstantDecay: ['boundaries', 'values', 'name'],
  PolynomialDecay: ['initial_learning_rate', 'decay_steps', 'end_learning_rate', 'power', 'cycle', 'name'],
  InverseTimeDecay: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'],
  CosineDecay: ['initial_learning_rate', 'decay_steps', 'alpha', 'name', 'warmup_target', 'warmup_steps'],
  CosineDecayRestarts: ['initial_learning_rate', 'first_decay_steps', 't_mul', 'm_mul', 'alpha', 'name'],
  LinearCosineDecay: ['initial_learning_rate', 'decay_steps', 'num_periods', 'alpha', 'beta', 'name'],
  NoisyLinearCosineDecay: ['initial_learning_rate', 'decay_steps', 'initial_variance', 'variance_decay', 'num_periods', 'alpha', 'beta', 'seed', 'name'],
  CyclicalLearningRate: ['initial_learning_rate', 'maximal_learning_rate', 'step_size', 'scale_fn', 'scale_mode', 'name'],
  TriangularCyclicalLearningRate: ['initial_learning_rate', 'maximal_learning_rate', 'step_size', 'scale_mode', 'name'],
  Triangular2CyclicalLearningRate: ['initial_learning_rate', 'maximal_learning_rate', 'step_size', 'scale_mode', 'name'],
  ExponentialCyclicalLearningRate: ['initial_learning_rate', 'maximal_learning_rate', 'step_size', 'scale_mode', 'gamma', 'name'],
};

function reader(config: unknown, path: SpecPath, cls: KerasName) {
  if (!isObject(config)) fail('invalid_type', path, `${cls} config must be an object, got ${formatReceived(config)}`, config, 'an object');
  const r = kwargsReader(config, path, { unknown: (key, hint) => withHint(`${cls} got an unexpected keyword argument '${key}'`, hint), missing: (key) => `${cls} requires \`${key}\`` }, PARAMS[cls]);
  /** A positive number of steps, as Keras takes it (a float; cyclr's lengths are real too). */
  const steps = (key: string): number => {
    const v = r.num(key);
    if (v <= 0) fail('too_small', [...path, key], `Argument \`${key}\` must be > 0. Received: ${key}=${v}`, v, 'a positive number');
    return v;
  };
  /**
   * A positive whole number of steps: where Keras's float arithmetic and cyclr's could put a
   * restart one step apart for a fractional length (a period not exactly representable).
   */
  const wholeSteps = (key: string): number => {
    const v = steps(key);
    if (!Number.isSafeInteger(v)) fail('not_integer', [...path, key], `${key} must be a whole number of steps for an exact import, got ${v}`, v, 'a positive integer');
    return v;
  };
  return { get: r.get, has: r.has, num: r.num, steps, wholeSteps, bool: r.bool, numbers: r.numbers, path };
}

type Reader = ReturnType<typeof reader>;

/** The class name without a `Package>` registration prefix (`Addons>TriangularCyclicalLearningRate`). */
function bareName(name: string): string {
  const i = name.lastIndexOf('>');
  return i >= 0 ? name.slice(i + 1) : name;
}

/**
 * Keras optimizers (Keras 3 at 3422977a, `keras/src/optimizers/*.py`; tf.keras 2 the same) and the
 * learning rate each takes by default, for an optimizer given by name (`compile(optimizer='adam')`)
 * or a config without `learning_rate`.
 */
export const KERAS_OPTIMIZER_DEFAULT_LR: Readonly<Record<string, number>> = {
  SGD: 0.01, Adam: 0.001, AdamW: 0.001, Adamax: 0.001, Nadam: 0.001, RMSprop: 0.001, Adagrad: 0.001, Adadelta: 0.001,
  Adafactor: 0.001, Ftrl: 0.001, Lion: 0.001, Lamb: 0.001, Muon: 0.001, ScheduleFreeAdamW: 0.0025,
};

/** Where `fromKeras` looks for the optimizer, in the error for a document without one. */
const LOOKED = 'compile_config.optimizer (a .keras config.json), optimizer (a compile dict or get_compile_config()), training_config.optimizer_config (tf.keras), an optimizer { class_name, config: { learning_rate } }, or a schedule { class_name, config }';

/**
 * The cyclr schedule for a Keras learning rate, wherever the document holds it:
 * - a serialized schedule `{ class_name, config }` (Keras 3 or tf.keras, with or without `module` /
 *   `registered_name`);
 * - a serialized optimizer (`{ class_name: 'Adam', config: { learning_rate: ... } }`) or its
 *   `get_config()` dict, a `LossScaleOptimizer` (its `inner_optimizer`), an optimizer named by a
 *   string (`'adam'`: the class's default learning rate);
 * - a compile dict (`{ optimizer, loss, ... }`, the arguments of `model.compile`), Keras 3's
 *   `model.get_compile_config()`, a `.keras` archive's `config.json` (a model with
 *   `compile_config.optimizer`), or a tf.keras saved model's `training_config.optimizer_config`.
 * A plain number as the learning rate gives a constant. tf.keras's legacy optimizer `decay` (`lr /
 * (1 + decay·t)`) multiplies the schedule by that inverse-time factor. The result is sealed.
 *
 * Refused with a reason: a document with no optimizer (the error says where it looked), an
 * optimizer with `gradient_accumulation_steps` (Keras 3 evaluates the schedule at the batch count,
 * not the update count), TFA `CyclicalLearningRate` without `options.scaleFn` (its `scale_fn` is a
 * Python function), `CosineDecay` with `warmup_steps > 0` but no `warmup_target` (Keras silently
 * ignores the warmup), a fractional `first_decay_steps`, `t_mul < 1`, and unknown classes (with a
 * suggestion). Other lengths may be fractional, as Keras allows.
 */
export function fromKeras(config: unknown, options: FromKerasOptions = {}): Schedule {
  return sealSchedule(fromAny(config, [], options, 0));
}

const optimizerNames = Object.keys(KERAS_OPTIMIZER_DEFAULT_LR);
const optimizerByLower = new Map(optimizerNames.map((n) => [n.toLowerCase(), n]));

/** The learning rate of an optimizer given by name, as `keras.optimizers.get(name)` builds it. */
function byName(name: string, path: SpecPath): Schedule {
  const cls = optimizerByLower.get(name.toLowerCase());
  if (cls === undefined) {
    const hint = nearest(name, optimizerNames);
    return fail('unknown_type', path, `unknown Keras optimizer ${formatReceived(name)}${hint ? ` (did you mean '${hint.toLowerCase()}'?)` : ''}; known: ${optimizerNames.map((n) => n.toLowerCase()).join(', ')}`, name, 'a Keras optimizer name');
  }
  return { type: 'constant', value: KERAS_OPTIMIZER_DEFAULT_LR[cls] };
}

/** The schedule of a serialized optimizer's config (class `cls`, or an anonymous get_config() dict). */
function fromOptimizer(cls: string | undefined, cfg: Obj, path: SpecPath, options: FromKerasOptions, depth: number): Schedule {
  const issues: SpecIssue[] = [];
  const accumulation = cfg.gradient_accumulation_steps;
  if (typeof accumulation === 'number' && accumulation >= 2) {
    issues.push(issue('unsupported', [...path, 'gradient_accumulation_steps'], 'null', accumulation,
      `with gradient_accumulation_steps = ${accumulation} Keras evaluates the learning rate schedule at the batch count (optimizer._iterations), not at the count of updates; import the schedule itself and evaluate it at the batch count`));
  }
  const key = cfg.learning_rate !== undefined ? 'learning_rate' : cfg.lr !== undefined ? 'lr' : undefined;
  let lr: Schedule | undefined;
  if (key !== undefined) {
    try {
      lr = fromAny(cfg[key], [...path, key], options, depth + 1);
    } catch (error) {
      if (!(error instanceof ScheduleSpecError)) throw error;
      issues.push(...error.issues);
    }
  } else if (cls !== undefined && Object.hasOwn(KERAS_OPTIMIZER_DEFAULT_LR, cls)) lr = { type: 'constant', value: KERAS_OPTIMIZER_DEFAULT_LR[cls] };
  else issues.push(issue('missing', [...path, 'learning_rate'], 'a learning rate or a schedule', undefined, `the optimizer config has no learning_rate; looked at ${LOOKED}`));
  const decay = cfg.decay;
  if (decay !== undefined && decay !== null && !(typeof decay === 'number' && Number.isFinite(decay) && decay >= 0)) {
    issues.push(issue('invalid_type', [...path, 'decay'], 'a number >= 0', decay, `decay must be a number >= 0, got ${formatReceived(decay)}`));
  }
  if (issues.length > 0) throw new ScheduleSpecError(issues);
  const schedule = lr as Schedule;
  if (typeof decay !== 'number' || decay === 0) return schedule;
  // tf.keras legacy optimizers: lr_t = lr(t) / (1 + decay·t)
  const factor: Schedule = { type: 'inverseTime', from: 1, rate: decay, steps: 1 };
  return schedule.type === 'constant' ? { type: 'inverseTime', from: schedule.value, rate: decay, steps: 1 } : { type: 'multiply', factors: [schedule, factor] };
}

function fromAny(value: unknown, path: SpecPath, options: FromKerasOptions, depth: number): Schedule {
  if (depth > 6) fail('too_deep', path, 'optimizer configs nest too deeply', '(nested object)', 'a schedule config');
  if (typeof value === 'number' && Number.isFinite(value)) return { type: 'constant', value };
  if (typeof value === 'string' && path[path.length - 1] === 'optimizer') return byName(value, path);
  if (!isObject(value)) {
    return fail('invalid_type', path, `expected a serialized Keras schedule { class_name, config } or an optimizer config, got ${formatReceived(value)}`, value, '{ class_name, config }');
  }
  // a model (a .keras archive's config.json): its compile_config
  if ('compile_config' in value && typeof value.class_name === 'string' && !isObject(value.compile_config)) {
    return fail('missing', [...path, 'compile_config'], `this ${value.class_name} model was saved without compile() (compile_config is ${formatReceived(value.compile_config)}), so it holds no optimizer; looked at ${LOOKED}`, value.compile_config, 'a compile config with an optimizer');
  }
  for (const key of ['compile_config', 'training_config', 'optimizer_config', 'optimizer']) {
    if (isObject(value[key]) || (key === 'optimizer' && typeof value[key] === 'string')) return fromAny(value[key], [...path, key], options, depth + 1);
  }
  if (typeof value.class_name !== 'string') {
    if (value.learning_rate !== undefined || value.lr !== undefined) return fromOptimizer(undefined, value, path, options, depth);
    return fail('missing', [...path, 'class_name'], `no optimizer or schedule found; looked at ${LOOKED}`, undefined, 'a class name');
  }
  const raw = value.class_name;
  const cls = bareName(typeof value.registered_name === 'string' ? value.registered_name : raw);
  const cfg = value.config;
  if (!(KERAS_SCHEDULE_NAMES as readonly string[]).includes(cls)) {
    if (cls === 'LossScaleOptimizer' && isObject(cfg) && cfg.inner_optimizer !== undefined) return fromAny(cfg.inner_optimizer, [...path, 'config', 'inner_optimizer'], options, depth + 1);
    const optimizer = optimizerByLower.get(cls.toLowerCase());
    if (isObject(cfg) && (optimizer !== undefined || cfg.learning_rate !== undefined || cfg.lr !== undefined)) return fromOptimizer(optimizer, cfg, [...path, 'config'], options, depth);
    const hint = nearest(cls, [...KERAS_SCHEDULE_NAMES, ...optimizerNames]);
    return fail('unknown_type', [...path, 'class_name'],
      `unknown Keras schedule or optimizer class ${formatReceived(raw)}${hint ? ` (did you mean '${hint}'?)` : ''}; known schedules: ${KERAS_SCHEDULE_NAMES.join(', ')}`, raw, `one of ${KERAS_SCHEDULE_NAMES.join(', ')}`);
  }
  const name = cls as KerasName;
  return IMPORTERS[name](reader(cfg, [...path, 'config'], name), options);
}

/** One importer per Keras class: its config (read through `r`) as a cyclr schedule. */
const IMPORTERS: { [K in KerasName]: (r: Reader, options: FromKerasOptions) => Schedule } = {
  ExponentialDecay: (r) => ({ type: 'exponential', from: r.num('initial_learning_rate'), decay: r.num('decay_rate'), steps: r.steps('decay_steps'), staircase: r.bool('staircase', false) }),
  InverseTimeDecay: (r) => ({ type: 'inverseTime', from: r.num('initial_learning_rate'), rate: r.num('decay_rate'), steps: r.steps('decay_steps'), staircase: r.bool('staircase', false) }),
  PolynomialDecay: (r) => ({
    type: 'polynomial', from: r.num('initial_learning_rate'), to: r.num('end_learning_rate', 0.0001), steps: r.steps('decay_steps'),
    power: r.num('power', 1), after: r.bool('cycle', false) ? 'cycle' : 'hold',
  }),
  PiecewiseConstantDecay(r) {
    const boundaries = r.numbers('boundaries');
    const values = r.numbers('values');
    if (boundaries.length !== values.length - 1) {
      fail('wrong_length', [...r.path, 'values'], `The length of boundaries should be 1 less than the length of values. Received: boundaries of length ${boundaries.length}, and values of length ${values.length}.`, values, `an array of ${boundaries.length + 1} numbers`);
    }
    if (boundaries.length === 0) fail('too_small', [...r.path, 'boundaries'], 'PiecewiseConstantDecay needs at least one boundary (Keras indexes boundaries[0])', boundaries, 'a non-empty array');
    // `t <= b` keeps the old value: on integer steps a boundary b acts as floor(b); b < 0 never holds.
    const b: number[] = [];
    const v: number[] = [values[0]];
    boundaries.forEach((x, i) => {
      if (i > 0 && x <= boundaries[i - 1]) fail('unsupported', [...r.path, 'boundaries', i], `boundaries must be strictly increasing: boundaries[${i}] = ${x} comes after ${boundaries[i - 1]}`, x, `a number > ${boundaries[i - 1]}`);
      const at = Math.floor(x);
      if (at < 0) v[0] = values[i + 1];
      else if (b.length > 0 && b[b.length - 1] === at) v[v.length - 1] = values[i + 1];
      else {
        b.push(at);
        v.push(values[i + 1]);
      }
    });
    if (b.length === 0) return { type: 'constant', value: v[0] };
    return { type: 'piecewiseConstant', boundaries: b, values: v, owner: 'previous' };
  },
  CosineDecay(r) {
    const initial = r.num('initial_learning_rate');
    const decaySteps = r.steps('decay_steps');
    const alpha = r.num('alpha', 0);
    const warmupSteps = r.num('warmup_steps', 0);
    if (!r.has('warmup_target')) {
      if (warmupSteps > 0) {
        fail('conflict', [...r.path, 'warmup_steps'],
          `CosineDecay has warmup_steps = ${warmupSteps} but no warmup_target: Keras silently ignores the warmup. Set warmup_target (the learning rate at the end of the warmup) or warmup_steps = 0`,
          warmupSteps, 'warmup_target set, or warmup_steps = 0');
      }
      return { type: 'cosine', from: initial, to: initial * alpha, steps: decaySteps };
    }
    const target = r.num('warmup_target');
    if (warmupSteps < 0) fail('too_small', [...r.path, 'warmup_steps'], `warmup_steps must be a number of steps >= 0, got ${warmupSteps}`, warmupSteps, 'a number >= 0');
    const decay: Schedule = { type: 'cosine', from: target, to: target * alpha, steps: decaySteps };
    if (warmupSteps === 0) return decay;
    return { type: 'join', parts: [{ schedule: { type: 'linear', from: initial, to: target, steps: warmupSteps }, steps: warmupSteps }, { schedule: decay }] };
  },
  CosineDecayRestarts(r) {
    const initial = r.num('initial_learning_rate');
    const tMul = r.num('t_mul', 2);
    if (tMul < 1) fail('unsupported', [...r.path, 't_mul'], `t_mul ${tMul} < 1 shrinks the periods until Keras's log formula returns NaN; use t_mul >= 1`, tMul, 'a number >= 1');
    return { type: 'cosineRestarts', from: initial, to: initial * r.num('alpha', 0), steps: r.wholeSteps('first_decay_steps'), periodMultiplier: tMul, decay: r.num('m_mul', 1) };
  },
  LinearCosineDecay: (r) => ({ type: 'linearCosine', from: r.num('initial_learning_rate'), steps: r.steps('decay_steps'), cycles: r.num('num_periods', 0.5), alpha: r.num('alpha', 0), beta: r.num('beta', 0.001) }),
  NoisyLinearCosineDecay(r) {
    const seed = r.has('seed') ? r.num('seed') : 0;
    if (!Number.isSafeInteger(seed) || seed < 0) fail('not_integer', [...r.path, 'seed'], `seed must be a non-negative integer, got ${seed}`, seed, 'a non-negative integer');
    return {
      type: 'noisyLinearCosine', from: r.num('initial_learning_rate'), steps: r.steps('decay_steps'), variance: r.num('initial_variance', 1),
      varianceDecay: r.num('variance_decay', 0.55), cycles: r.num('num_periods', 0.5), alpha: r.num('alpha', 0), beta: r.num('beta', 0.001), seed,
    };
  },
  CyclicalLearningRate: (r, options) => cyclical('CyclicalLearningRate', r, options),
  TriangularCyclicalLearningRate: (r, options) => cyclical('TriangularCyclicalLearningRate', r, options),
  Triangular2CyclicalLearningRate: (r, options) => cyclical('Triangular2CyclicalLearningRate', r, options),
  ExponentialCyclicalLearningRate: (r, options) => cyclical('ExponentialCyclicalLearningRate', r, options),
};

function cyclical(cls: KerasName, r: Reader, options: FromKerasOptions): Schedule {
  const from = r.num('initial_learning_rate');
  const peak = r.num('maximal_learning_rate');
  const stepSize = r.steps('step_size');
  const modeDefault = cls === 'ExponentialCyclicalLearningRate' ? 'iterations' : 'cycle';
  const scaleMode = r.get('scale_mode') ?? modeDefault;
  if (scaleMode !== 'cycle' && scaleMode !== 'iterations') {
    fail('invalid_enum', [...r.path, 'scale_mode'], `scale_mode must be 'cycle' or 'iterations', got ${formatReceived(scaleMode)}`, scaleMode, "'cycle' or 'iterations'");
  }
  const spec: SpecOf<'cyclic'> = { type: 'cyclic', from, peak, upSteps: stepSize };
  if (cls === 'TriangularCyclicalLearningRate') return spec;
  if (cls === 'Triangular2CyclicalLearningRate') {
    if (scaleMode === 'cycle') return { ...spec, mode: 'triangular2' };
    // scale_fn(t) = 1/2^(t - 1) = 2·0.5^t on the step.
    return { ...spec, amplitude: { by: 'step', schedule: { type: 'exponential', from: 2, decay: 0.5 } } };
  }
  if (cls === 'ExponentialCyclicalLearningRate') {
    const gamma = r.num('gamma', 1);
    if (scaleMode === 'iterations') return { ...spec, mode: 'expRange', decay: gamma };
    // scale_fn(cycle) = gamma^cycle with the 1-based cycle: gamma·gamma^c at the 0-based index c.
    return { ...spec, amplitude: { by: 'cycle', schedule: { type: 'exponential', from: gamma, decay: gamma } } };
  }
  // The base CyclicalLearningRate: scale_fn is a Python function.
  const by = scaleMode === 'cycle' ? 'cycle' : 'step';
  if (options.scaleFn === undefined) {
    fail('closure', [...r.path, 'scale_fn'],
      `CyclicalLearningRate's scale_fn is a Python function that a config cannot carry. Use its declarative equivalent: ` +
      `TriangularCyclicalLearningRate / { type: 'cyclic', mode: 'triangular' } for scale_fn = lambda x: 1; ` +
      `Triangular2CyclicalLearningRate / mode: 'triangular2' for lambda x: 1/2**(x-1); ` +
      `ExponentialCyclicalLearningRate / mode: 'expRange', decay: gamma for lambda x: gamma**x; ` +
      `or pass fromKeras(config, { scaleFn: { by: '${by}', schedule } }) with any cyclr schedule of the ${by === 'cycle' ? '0-based cycle index (scale_fn(c + 1))' : 'step'}`,
      r.get('scale_fn'), 'a declarative scale (options.scaleFn)');
  }
  if (options.scaleFn.by !== by) {
    fail('conflict', ['options', 'scaleFn', 'by'], `options.scaleFn.by is '${options.scaleFn.by}' but the config's scale_mode '${scaleMode}' evaluates scale_fn by ${by === 'cycle' ? 'cycle' : 'step'}; use by: '${by}'`, options.scaleFn.by, `'${by}'`);
  }
  return { ...spec, amplitude: options.scaleFn };
}

// ---------------------------------------------------------------- export

const KERAS_MODULE = 'keras.optimizers.schedules';

function keras(cls: string, config: Obj): KerasConfig {
  return { module: KERAS_MODULE, class_name: cls, config, registered_name: null };
}

function tf2(cls: string, config: Obj): KerasConfig {
  return { class_name: cls, config };
}

function addons(cls: string, config: Obj): KerasConfig {
  return { class_name: `Addons>${cls}`, config };
}

function cannot(path: SpecPath, message: string, received: unknown, expected: string): never {
  return fail('not_expressible', path, message, received, expected);
}

const EXPRESSIBLE = 'constant, exponential (without min/max), inverseTime, polynomial, linear, stepDecay (whole steps), multiStep, piecewiseConstant, cosine (hold, power 1), ' +
  'cosineRestarts (whole steps, no cycleLimit, kDecay 1), linearCosine, noisyLinearCosine, cyclic (linear, symmetric), and a linear warmup into a cosine';

function alphaOf(from: number, to: number, path: SpecPath): number {
  if (from === 0) {
    if (to !== 0) cannot([...path, 'to'], `Keras expresses the floor as alpha·initial_learning_rate, so from = 0 allows only to = 0, got to = ${to}`, to, '0');
    return 0;
  }
  return to / from;
}

/**
 * PiecewiseConstantDecay from "new value at t >= b" boundaries: on integer steps the new value
 * starts at ceil(b), so Keras (which keeps the old value while t <= its boundary) gets ceil(b) - 1;
 * boundaries that land on the same step merge (the later value wins).
 */
function previousOwner(boundaries: readonly number[], values: readonly number[]): KerasConfig {
  const b: number[] = [];
  const v: number[] = [values[0]];
  boundaries.forEach((x, i) => {
    const at = Math.ceil(x) - 1;
    if (at < 0) v[0] = values[i + 1];
    else if (b.length > 0 && b[b.length - 1] === at) v[v.length - 1] = values[i + 1];
    else {
      b.push(at);
      v.push(values[i + 1]);
    }
  });
  if (b.length === 0) return keras('ExponentialDecay', { initial_learning_rate: v[0], decay_steps: 1, decay_rate: 1, staircase: false, name: 'ExponentialDecay' });
  return keras('PiecewiseConstantDecay', { boundaries: b, values: v, name: 'PiecewiseConstant' });
}

function cosineDecay(initial: number, c: SpecOf<'cosine'>, path: SpecPath, warmupSteps?: number): KerasConfig {
  if ((c.after ?? 'hold') !== 'hold') cannot([...path, 'after'], `Keras CosineDecay holds its final value; after: '${c.after}' cannot be expressed`, c.after, "'hold'");
  if ((c.power ?? 1) !== 1) cannot([...path, 'power'], `Keras CosineDecay has no exponent (optax's cosine has one): power ${c.power} cannot be expressed`, c.power, '1');
  const config: Obj = { initial_learning_rate: initial, decay_steps: c.steps, alpha: alphaOf(c.from, c.to, path), name: 'CosineDecay', warmup_target: null, warmup_steps: 0 };
  if (warmupSteps !== undefined) {
    config.warmup_target = c.from;
    config.warmup_steps = warmupSteps;
  } else config.initial_learning_rate = c.from;
  return keras('CosineDecay', config);
}

/** What Keras cannot express at all: the family, at `type`. */
function none(type: ScheduleType): (spec: Schedule, path: SpecPath) => never {
  return (_spec, path) => cannot([...path, 'type'], `Keras has no schedule for type '${type}'; expressible: ${EXPRESSIBLE}`, type, EXPRESSIBLE);
}

/**
 * One exporter per family, typed so that the compiler refuses a missing one: the Keras config, or
 * a `not_expressible` issue naming the field Keras cannot express.
 */
const EXPORTERS: { [K in ScheduleType]: (spec: SpecOf<K>, path: SpecPath) => KerasConfig } = {
  constant: (spec) => keras('ExponentialDecay', { initial_learning_rate: spec.value, decay_steps: 1, decay_rate: 1, staircase: false, name: 'ExponentialDecay' }),
  linear: (spec) => keras('PolynomialDecay', { initial_learning_rate: spec.from, decay_steps: spec.steps, end_learning_rate: spec.to, power: 1, cycle: false, name: 'PolynomialDecay' }),
  polynomial: (spec) =>
    keras('PolynomialDecay', { initial_learning_rate: spec.from, decay_steps: spec.steps, end_learning_rate: spec.to, power: spec.power ?? 1, cycle: spec.after === 'cycle', name: 'PolynomialDecay' }),
  exponential(spec, path) {
    if (spec.min !== undefined) cannot([...path, 'min'], 'Keras ExponentialDecay has no lower bound: min cannot be expressed', spec.min, 'no min');
    if (spec.max !== undefined) cannot([...path, 'max'], 'Keras ExponentialDecay has no upper bound: max cannot be expressed', spec.max, 'no max');
    return keras('ExponentialDecay', { initial_learning_rate: spec.from, decay_steps: spec.steps ?? 1, decay_rate: spec.decay, staircase: spec.staircase ?? false, name: 'ExponentialDecay' });
  },
  inverseTime: (spec) => keras('InverseTimeDecay', { initial_learning_rate: spec.from, decay_steps: spec.steps ?? 1, decay_rate: spec.rate, staircase: spec.staircase ?? false, name: 'InverseTimeDecay' }),
  inverseSqrt: none('inverseSqrt'),
  stepDecay(spec, path) {
    // stepDecay takes Python's t // steps, Keras floors t/steps: the same for whole steps only (12 // 2.4 = 4, floor(12/2.4) = 5)
    if (!Number.isInteger(spec.steps)) cannot([...path, 'steps'], `Keras ExponentialDecay (staircase) floors t/decay_steps, which differs from stepDecay's t // steps for fractional steps; got steps ${spec.steps}`, spec.steps, 'a whole number of steps');
    return keras('ExponentialDecay', { initial_learning_rate: spec.from, decay_steps: spec.steps, decay_rate: spec.decay, staircase: true, name: 'ExponentialDecay' });
  },
  multiStep(spec) {
    const boundaries: number[] = [];
    const values: number[] = [spec.from];
    spec.milestones.forEach((m, k) => {
      const value = spec.from * Math.pow(spec.decay, k + 1);
      if (boundaries.length > 0 && boundaries[boundaries.length - 1] === m) values[values.length - 1] = value;
      else {
        boundaries.push(m);
        values.push(value);
      }
    });
    return previousOwner(boundaries, values);
  },
  piecewiseConstant(spec) {
    if (spec.owner === 'previous') return keras('PiecewiseConstantDecay', { boundaries: [...spec.boundaries], values: [...spec.values], name: 'PiecewiseConstant' });
    return previousOwner(spec.boundaries, spec.values);
  },
  piecewiseLinear: none('piecewiseLinear'),
  cosine: (spec, path) => cosineDecay(spec.from, spec, path),
  cosineRestarts(spec, path) {
    if (spec.cycleLimit !== undefined) cannot([...path, 'cycleLimit'], 'Keras CosineDecayRestarts restarts forever: cycleLimit cannot be expressed', spec.cycleLimit, 'no cycleLimit');
    if ((spec.kDecay ?? 1) !== 1) cannot([...path, 'kDecay'], 'Keras CosineDecayRestarts has no k-decay: kDecay cannot be expressed', spec.kDecay, '1');
    if (!Number.isInteger(spec.steps)) {
      cannot([...path, 'steps'], `Keras finds a restart by float division of the step by first_decay_steps, which can put it a step away from cyclr's for a fractional period; got steps ${spec.steps}`, spec.steps, 'a whole number of steps');
    }
    if (spec.decayTarget === 'peak' && (spec.decay ?? 1) !== 1 && spec.to !== 0) {
      cannot([...path, 'decayTarget'], "Keras m_mul scales the amplitude above the floor: decayTarget 'peak' with a non-zero floor cannot be expressed", spec.decayTarget, "'amplitude'");
    }
    return keras('CosineDecayRestarts', {
      initial_learning_rate: spec.from, first_decay_steps: spec.steps, t_mul: spec.periodMultiplier ?? 1, m_mul: spec.decay ?? 1,
      alpha: alphaOf(spec.from, spec.to, path), name: 'SGDRDecay',
    });
  },
  tanh: none('tanh'),
  linearCosine: (spec) =>
    tf2('LinearCosineDecay', { initial_learning_rate: spec.from, decay_steps: spec.steps, num_periods: spec.cycles ?? 0.5, alpha: spec.alpha ?? 0, beta: spec.beta ?? 0.001, name: 'LinearCosineDecay' }),
  noisyLinearCosine: (spec) =>
    tf2('NoisyLinearCosineDecay', {
      initial_learning_rate: spec.from, decay_steps: spec.steps, initial_variance: spec.variance ?? 1, variance_decay: spec.varianceDecay ?? 0.55,
      num_periods: spec.cycles ?? 0.5, alpha: spec.alpha ?? 0, beta: spec.beta ?? 0.001, seed: spec.seed ?? 0, name: 'NoisyLinearCosineDecay',
    }),
  warmupStableDecay: none('warmupStableDecay'),
  cyclic: (spec, path) => cyclicToKeras(spec, path),
  oneCycle: none('oneCycle'),
  join(spec, path) {
    const [a, b] = spec.parts;
    if (spec.parts.length === 2 && a.schedule.type === 'linear' && b.schedule.type === 'cosine' && a.steps === a.schedule.steps && a.schedule.to === b.schedule.from) {
      return cosineDecay(a.schedule.from, b.schedule, [...path, 'parts', 1, 'schedule'], a.steps);
    }
    return cannot([...path, 'parts'], 'Keras has no sequential schedule: a join is expressible only as a linear warmup into a cosine (CosineDecay with warmup_target)', spec.parts.length, 'a linear part then a cosine starting at its end');
  },
  warmup(spec, path) {
    const inner = spec.schedule;
    if ((spec.shape ?? 'linear') === 'linear' && (spec.clock ?? 'afterWarmup') === 'afterWarmup' && inner.type === 'cosine') {
      return cosineDecay(spec.from, inner, [...path, 'schedule'], spec.steps);
    }
    return cannot([...path, 'schedule'], "Keras expresses a warmup only as CosineDecay's linear warmup (shape 'linear', clock 'afterWarmup', into a cosine)", inner.type, 'a cosine');
  },
  multiply: none('multiply'),
  scale: none('scale'),
  clamp: none('clamp'),
  repeat: none('repeat'),
  noise: none('noise'),
  epochs: none('epochs'),
};

/**
 * The serialized Keras (or TFA) schedule for a cyclr spec, such that `fromKeras(toKeras(spec))`
 * gives the same value at every step. Built-in Keras classes come in the Keras 3 form
 * `{ module, class_name, config, registered_name }`; `LinearCosineDecay` and
 * `NoisyLinearCosineDecay` (tf.keras 2 only) and the TFA cyclical classes (`Addons>...`) in the
 * tf.keras form `{ class_name, config }`. Throws a ScheduleSpecError (`not_expressible`) naming the
 * field Keras cannot express (e.g. `exponential.min`, `cosine.after: 'continue'`,
 * `cyclic.shape: 'cosine'`), or `type` for a family Keras has no schedule for.
 */
export function toKeras(spec: Schedule): KerasConfig {
  return exportSpec(sealSchedule(spec), []);
}

function exportSpec(spec: Schedule, path: SpecPath): KerasConfig {
  const exporter = EXPORTERS[spec.type] as (spec: Schedule, path: SpecPath) => KerasConfig;
  return exporter(spec, path);
}

function cyclicToKeras(spec: SpecOf<'cyclic'>, path: SpecPath): KerasConfig {
  if ((spec.shape ?? 'linear') !== 'linear') cannot([...path, 'shape'], "TFA CyclicalLearningRate ramps linearly: shape 'cosine' cannot be expressed", spec.shape, "'linear'");
  if (spec.downSteps !== undefined && spec.downSteps !== spec.upSteps) cannot([...path, 'downSteps'], `TFA CyclicalLearningRate is symmetric (one step_size): downSteps ${spec.downSteps} != upSteps ${spec.upSteps} cannot be expressed`, spec.downSteps, String(spec.upSteps));
  const common = { initial_learning_rate: spec.from, maximal_learning_rate: spec.peak, step_size: spec.upSteps };
  const mode = spec.mode ?? 'triangular';
  if (mode === 'triangular2') return addons('Triangular2CyclicalLearningRate', { ...common, scale_mode: 'cycle' });
  if (mode === 'expRange') return addons('ExponentialCyclicalLearningRate', { ...common, scale_mode: 'iterations', gamma: spec.decay ?? 1 });
  const amplitude = spec.amplitude;
  if (amplitude === undefined) return addons('TriangularCyclicalLearningRate', { ...common, scale_mode: 'cycle' });
  const s = amplitude.schedule;
  if (s.type === 'constant' && s.value === 1) return addons('TriangularCyclicalLearningRate', { ...common, scale_mode: amplitude.by === 'cycle' ? 'cycle' : 'iterations' });
  if (s.type === 'exponential' && (s.steps ?? 1) === 1 && !s.staircase && s.min === undefined && s.max === undefined) {
    if (amplitude.by === 'cycle' && s.from === s.decay) return addons('ExponentialCyclicalLearningRate', { ...common, scale_mode: 'cycle', gamma: s.decay });
    if (amplitude.by === 'cycle' && s.from === 1 && s.decay === 0.5) return addons('Triangular2CyclicalLearningRate', { ...common, scale_mode: 'cycle' });
    if (amplitude.by === 'step' && s.from === 1) return addons('ExponentialCyclicalLearningRate', { ...common, scale_mode: 'iterations', gamma: s.decay });
    if (amplitude.by === 'step' && s.from === 2 && s.decay === 0.5) return addons('Triangular2CyclicalLearningRate', { ...common, scale_mode: 'iterations' });
  }
  return cannot([...path, 'amplitude'],
    "TFA can serialize only its named scale functions: amplitude must be constant 1, gamma^cycle (by 'cycle', exponential from = decay = gamma), 1/2^c (triangular2) or gamma^t (by 'step'); any other amplitude needs a Python scale_fn",
    amplitude, 'an amplitude TFA names');
}
