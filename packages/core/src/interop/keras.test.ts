import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleSpecError } from '../base/errors.js';
import { valueAt } from '../evaluate/api.js';
import { SCHEDULE_TYPES } from '../registry.js';
import type { Schedule, ScheduleType, SpecOf } from '../spec.js';
import { fromKeras, toKeras } from './keras.js';

// Reference `__call__(step)` transliterated by hand (float64) from
// keras/src/optimizers/schedules/learning_rate_schedule.py (keras-team/keras, commit 3422977a),
// tf-keras's LinearCosineDecay / NoisyLinearCosineDecay (keras/optimizers/schedules/
// learning_rate_schedule.py in tf-keras) and tensorflow_addons/optimizers/cyclical_learning_rate.py
// (tensorflow/addons, master).
type Fn = (step: number) => number;

const ref = {
  ExponentialDecay: (initial: number, decaySteps: number, rate: number, staircase = false): Fn => (step) => {
    let p = step / decaySteps;
    if (staircase) p = Math.floor(p);
    return initial * rate ** p;
  },
  PiecewiseConstantDecay: (boundaries: number[], values: number[]): Fn => (step) => {
    let result = 0;
    result += (step <= boundaries[0] ? 1 : 0) * values[0];
    result += (step > boundaries[boundaries.length - 1] ? 1 : 0) * values[values.length - 1];
    for (let i = 0; i + 1 < boundaries.length; i++) {
      result += (step > boundaries[i] && step <= boundaries[i + 1] ? 1 : 0) * values[i + 1];
    }
    return result;
  },
  PolynomialDecay: (initial: number, decaySteps: number, end = 0.0001, power = 1, cycle = false): Fn => (step) => {
    let s = step;
    let d = decaySteps;
    if (cycle) d = d * (s === 0 ? 1 : Math.ceil(s / decaySteps));
    else s = Math.min(s, d);
    const p = s / d;
    return (initial - end) * (1 - p) ** power + end;
  },
  InverseTimeDecay: (initial: number, decaySteps: number, rate: number, staircase = false): Fn => (step) => {
    let p = step / decaySteps;
    if (staircase) p = Math.floor(p);
    return initial / (1 + rate * p);
  },
  CosineDecay: (initial: number, decaySteps: number, alpha = 0, warmupTarget: number | null = null, warmupSteps = 0): Fn => (step) => {
    const decay = (s: number, from: number) => from * ((1 - alpha) * (0.5 * (1 + Math.cos(Math.PI * (s / decaySteps)))) + alpha);
    if (warmupTarget === null) return decay(Math.min(step, decaySteps), initial);
    const s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) return (warmupTarget - initial) * (s / warmupSteps) + initial;
    return decay(s - warmupSteps, warmupTarget);
  },
  CosineDecayRestarts: (initial: number, first: number, tMul = 2, mMul = 1, alpha = 0): Fn => (step) => {
    let fraction = step / first;
    let i: number;
    if (tMul === 1) {
      i = Math.floor(fraction);
      fraction -= i;
    } else {
      i = Math.floor(Math.log(1 - fraction * (1 - tMul)) / Math.log(tMul));
      const sumR = (1 - tMul ** i) / (1 - tMul);
      fraction = (fraction - sumR) / tMul ** i;
    }
    const cosineDecayed = 0.5 * mMul ** i * (1 + Math.cos(Math.PI * fraction));
    return initial * ((1 - alpha) * cosineDecayed + alpha);
  },
  LinearCosineDecay: (initial: number, decaySteps: number, periods = 0.5, alpha = 0, beta = 0.001): Fn => (step) => {
    const s = Math.min(step, decaySteps);
    const linear = (decaySteps - s) / decaySteps;
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (2 * periods * (s / decaySteps))));
    return initial * ((alpha + linear) * cosine + beta);
  },
  /** TFA CyclicalLearningRate with its scale_fn and scale_mode. */
  Cyclical: (initial: number, maximal: number, stepSize: number, scaleFn: (x: number) => number, scaleMode: 'cycle' | 'iterations'): Fn => (step) => {
    const cycle = Math.floor(1 + step / (2 * stepSize));
    const x = Math.abs(step / stepSize - 2 * cycle + 1);
    const modeStep = scaleMode === 'cycle' ? cycle : step;
    return initial + (maximal - initial) * Math.max(0, 1 - x) * scaleFn(modeStep);
  },
};

function steps(n: number, large = [1_000, 12_345, 1e6, 1e9]): number[] {
  return [...Array.from({ length: n + 1 }, (_, i) => i), ...large];
}

function expectClose(spec: Schedule, expected: Fn, ts: number[], scale = 1, rel = 1e-9): void {
  for (const t of ts) {
    const want = expected(t);
    const got = valueAt(spec, t);
    const tol = rel * Math.max(Math.abs(want), Math.abs(got)) + 1e-15 * scale;
    if (!(Math.abs(got - want) <= tol)) expect.fail(`t = ${t}: got ${got}, Keras gives ${want}`);
  }
}

const error = (fn: () => unknown): ScheduleSpecError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScheduleSpecError) return e;
    throw e;
  }
  throw new Error('expected a ScheduleSpecError');
};

const k3 = (class_name: string, config: Record<string, unknown>) => ({ module: 'keras.optimizers.schedules', class_name, config, registered_name: null });

describe('fromKeras matches the Keras / TFA formulas at every step', () => {
  it.each([
    [0.1, 10, 0.5, false], [0.1, 10, 0.5, true], [1, 1, 0.99, false], [2, 7, 1, true],
  ])('ExponentialDecay(%f, decay_steps %i, rate %f, staircase %s)', (initial, d, rate, staircase) => {
    const spec = fromKeras(k3('ExponentialDecay', { initial_learning_rate: initial, decay_steps: d, decay_rate: rate, staircase, name: 'ExponentialDecay' }));
    expectClose(spec, ref.ExponentialDecay(initial, d, rate, staircase), steps(40, [1_000, 12_345]));
  });

  it.each([
    [[5, 10], [1, 0.5, 0.1]], [[0, 3], [1, 2, 3]], [[2.5, 7], [1, 0.1, 0.01]], [[-1, 4], [9, 1, 0.5]], [[100], [0.1, 0.01]],
  ])('PiecewiseConstantDecay(boundaries %o, values %o): t <= b keeps the old value', (boundaries, values) => {
    const spec = fromKeras({ class_name: 'PiecewiseConstantDecay', config: { boundaries, values, name: 'PiecewiseConstant' } });
    expectClose(spec, ref.PiecewiseConstantDecay(boundaries, values), steps(120));
  });

  it.each([
    [0.1, 10, 0.0001, 1, false], [0.1, 10, 0.01, 0.5, false], [0.1, 10, 0.01, 2, true], [1, 3, 0, 1, true],
  ])('PolynomialDecay(%f, %i, end %f, power %f, cycle %s)', (initial, d, end, power, cycle) => {
    const spec = fromKeras(k3('PolynomialDecay', { initial_learning_rate: initial, decay_steps: d, end_learning_rate: end, power, cycle, name: 'PolynomialDecay' }));
    expectClose(spec, ref.PolynomialDecay(initial, d, end, power, cycle), steps(50), initial);
  });

  it.each([[0.1, 5, 0.5, false], [0.1, 5, 0.5, true], [1, 1, 2, false]])('InverseTimeDecay(%f, %i, rate %f, staircase %s)', (initial, d, rate, staircase) => {
    const spec = fromKeras(k3('InverseTimeDecay', { initial_learning_rate: initial, decay_steps: d, decay_rate: rate, staircase, name: 'InverseTimeDecay' }));
    expectClose(spec, ref.InverseTimeDecay(initial, d, rate, staircase), steps(30));
  });

  it.each([
    [0.1, 20, 0, null, 0], [0.1, 20, 0.1, null, 0], [0, 20, 0.05, 0.1, 5], [1e-4, 10, 0.01, 1e-2, 3], [0.5, 10, 0, 1, 0],
  ])('CosineDecay(%f, decay_steps %i, alpha %f, warmup_target %s, warmup_steps %i)', (initial, d, alpha, target, warmup) => {
    const spec = fromKeras(k3('CosineDecay', { initial_learning_rate: initial, decay_steps: d, alpha, name: 'CosineDecay', warmup_target: target, warmup_steps: warmup }));
    expectClose(spec, ref.CosineDecay(initial, d, alpha, target, warmup), steps(40), Math.max(initial, target ?? 0));
  });

  it.each([
    [1, 10, 2, 1, 0], [1, 10, 1, 0.5, 0.1], [0.1, 4, 2, 0.8, 0.01], [1, 3, 1.5, 1, 0],
  ])('CosineDecayRestarts(%f, first_decay_steps %i, t_mul %f, m_mul %f, alpha %f)', (initial, first, tMul, mMul, alpha) => {
    const spec = fromKeras(k3('CosineDecayRestarts', { initial_learning_rate: initial, first_decay_steps: first, t_mul: tMul, m_mul: mMul, alpha, name: 'SGDRDecay' }));
    expectClose(spec, ref.CosineDecayRestarts(initial, first, tMul, mMul, alpha), steps(200, [1_000, 12_345]), initial);
  });

  it.each([[0.1, 20, 0.5, 0, 0.001], [1, 30, 2, 0.1, 0.01]])('LinearCosineDecay(%f, %i, num_periods %f, alpha %f, beta %f)', (initial, d, periods, alpha, beta) => {
    const spec = fromKeras({ class_name: 'LinearCosineDecay', config: { initial_learning_rate: initial, decay_steps: d, num_periods: periods, alpha, beta, name: null } });
    expectClose(spec, ref.LinearCosineDecay(initial, d, periods, alpha, beta), steps(40), initial);
  });

  it('NoisyLinearCosineDecay with zero variance is LinearCosineDecay, and its seed carries over', () => {
    const config = { initial_learning_rate: 0.1, decay_steps: 20, initial_variance: 0, variance_decay: 0.55, num_periods: 0.5, alpha: 0, beta: 0.001, seed: 7, name: null };
    const spec = fromKeras({ class_name: 'NoisyLinearCosineDecay', config });
    expectClose(spec, ref.LinearCosineDecay(0.1, 20), steps(30), 0.1);
    expect(spec).toMatchObject({ type: 'noisyLinearCosine', seed: 7 });
    expect(fromKeras({ class_name: 'NoisyLinearCosineDecay', config: { ...config, seed: null } })).toMatchObject({ seed: 0 });
  });

  const tfa = (cls: string, extra: Record<string, unknown> = {}) => ({ class_name: cls, config: { initial_learning_rate: 1e-4, maximal_learning_rate: 1e-2, step_size: 5, ...extra } });

  it.each([
    ['Addons>TriangularCyclicalLearningRate', {}, () => 1, 'cycle'],
    ['TriangularCyclicalLearningRate', { scale_mode: 'iterations' }, () => 1, 'iterations'],
    ['Addons>Triangular2CyclicalLearningRate', {}, (x: number) => 1 / 2 ** (x - 1), 'cycle'],
    ['Triangular2CyclicalLearningRate', { scale_mode: 'iterations' }, (x: number) => 1 / 2 ** (x - 1), 'iterations'],
    ['Addons>ExponentialCyclicalLearningRate', { gamma: 0.98 }, (x: number) => 0.98 ** x, 'iterations'],
    ['ExponentialCyclicalLearningRate', { gamma: 0.9, scale_mode: 'cycle' }, (x: number) => 0.9 ** x, 'cycle'],
  ] as const)('%s %o', (cls, extra, scaleFn, mode) => {
    const spec = fromKeras(tfa(cls, extra));
    expectClose(spec, ref.Cyclical(1e-4, 1e-2, 5, scaleFn, mode), steps(60, [1_000, 12_345]), 1e-2);
  });

  it('CyclicalLearningRate with a declarative scaleFn in place of the Python function', () => {
    const spec = fromKeras(tfa('Addons>CyclicalLearningRate', { scale_fn: '<lambda>', scale_mode: 'cycle' }), {
      scaleFn: { by: 'cycle', schedule: { type: 'exponential', from: 1, decay: 0.5 } },
    });
    expectClose(spec, ref.Cyclical(1e-4, 1e-2, 5, (x) => 0.5 ** (x - 1), 'cycle'), steps(60), 1e-2);
  });
});

describe('fromKeras takes fractional lengths, as Keras does', () => {
  it.each([
    ['ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 2.5, decay_rate: 0.5, staircase: true }, ref.ExponentialDecay(0.1, 2.5, 0.5, true)],
    ['ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 0.3, decay_rate: 0.9 }, ref.ExponentialDecay(0.1, 0.3, 0.9)],
    ['PolynomialDecay', { initial_learning_rate: 0.1, decay_steps: 7.5, end_learning_rate: 0.01, power: 2, cycle: true }, ref.PolynomialDecay(0.1, 7.5, 0.01, 2, true)],
    ['PolynomialDecay', { initial_learning_rate: 0.1, decay_steps: 7.5, end_learning_rate: 0.01, power: 0.5 }, ref.PolynomialDecay(0.1, 7.5, 0.01, 0.5)],
    ['InverseTimeDecay', { initial_learning_rate: 0.1, decay_steps: 2.5, decay_rate: 0.5, staircase: true }, ref.InverseTimeDecay(0.1, 2.5, 0.5, true)],
    ['CosineDecay', { initial_learning_rate: 1e-4, decay_steps: 10.5, alpha: 0.01, warmup_target: 1e-2, warmup_steps: 2.5 }, ref.CosineDecay(1e-4, 10.5, 0.01, 1e-2, 2.5)],
    ['CosineDecay', { initial_learning_rate: 0.1, decay_steps: 20.25, alpha: 0.1 }, ref.CosineDecay(0.1, 20.25, 0.1)],
  ] as const)('%s %o', (cls, config, expected) => {
    expectClose(fromKeras(k3(cls, config)), expected, steps(40), 0.1);
  });

  it('LinearCosineDecay over 20.5 steps and a TFA cycle of step_size 2.5', () => {
    expectClose(fromKeras({ class_name: 'LinearCosineDecay', config: { initial_learning_rate: 0.1, decay_steps: 20.5, num_periods: 2 } }), ref.LinearCosineDecay(0.1, 20.5, 2), steps(40), 0.1);
    const cyclic = { class_name: 'Addons>Triangular2CyclicalLearningRate', config: { initial_learning_rate: 1e-4, maximal_learning_rate: 1e-2, step_size: 2.5 } };
    expectClose(fromKeras(cyclic), ref.Cyclical(1e-4, 1e-2, 2.5, (x) => 1 / 2 ** (x - 1), 'cycle'), steps(60, [1_000, 12_345]), 1e-2);
  });
});

describe('fromKeras reads whole optimizer configs', () => {
  const schedule = k3('CosineDecay', { initial_learning_rate: 0.1, decay_steps: 100, alpha: 0, name: 'CosineDecay', warmup_target: null, warmup_steps: 0 });
  const expected: Schedule = { type: 'cosine', from: 0.1, to: 0, steps: 100 };

  it.each([
    ['a Keras 3 serialized optimizer', { module: 'keras.optimizers', class_name: 'Adam', config: { name: 'adam', learning_rate: schedule, beta_1: 0.9 }, registered_name: null }],
    ['an optimizer get_config() dict', { name: 'SGD', learning_rate: schedule, momentum: 0.9 }],
    ["a saved model's training_config", { loss: 'mse', optimizer_config: { class_name: 'SGD', config: { name: 'SGD', learning_rate: schedule } } }],
    ['a tf.keras 2 legacy optimizer with lr', { class_name: 'SGD', config: { lr: schedule } }],
  ])('from %s', (_, config) => {
    expect(fromKeras(config)).toEqual(expected);
  });

  it('returns a sealed spec: validated once and deeply frozen', () => {
    const spec = fromKeras(schedule);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(expected);
  });

  it('gives a constant for a plain float learning_rate', () => {
    expect(fromKeras({ class_name: 'Adam', config: { learning_rate: 0.001 } })).toEqual({ type: 'constant', value: 0.001 });
  });
});

describe('toKeras round-trips through fromKeras', () => {
  const specs: Schedule[] = [
    { type: 'constant', value: 0.01 },
    { type: 'exponential', from: 0.1, decay: 0.5, steps: 10, staircase: true },
    { type: 'inverseTime', from: 0.1, rate: 0.5, steps: 3 },
    { type: 'polynomial', from: 0.1, to: 0.001, steps: 20, power: 2, after: 'cycle' },
    { type: 'linear', from: 0.1, to: 0.01, steps: 10 },
    { type: 'stepDecay', from: 0.1, decay: 0.1, steps: 7 },
    { type: 'multiStep', from: 0.1, decay: 0.5, milestones: [0, 5, 5, 12] },
    { type: 'piecewiseConstant', boundaries: [0, 4, 9], values: [1, 2, 3, 4] },
    { type: 'piecewiseConstant', boundaries: [4, 9], values: [1, 2, 3], owner: 'previous' },
    { type: 'cosine', from: 0.1, to: 0.001, steps: 25 },
    { type: 'cosineRestarts', from: 1, to: 0.01, steps: 5, periodMultiplier: 2, decay: 0.5 },
    { type: 'linearCosine', from: 0.1, steps: 30, cycles: 2, alpha: 0.1, beta: 0.01 },
    { type: 'noisyLinearCosine', from: 0.1, steps: 30, variance: 0.5, seed: 3 },
    { type: 'cyclic', from: 0.001, peak: 0.01, upSteps: 4 },
    { type: 'cyclic', from: 0.001, peak: 0.01, upSteps: 4, mode: 'triangular2' },
    { type: 'cyclic', from: 0.001, peak: 0.01, upSteps: 4, mode: 'expRange', decay: 0.99 },
    { type: 'cyclic', from: 0.001, peak: 0.01, upSteps: 4, amplitude: { by: 'cycle', schedule: { type: 'exponential', from: 0.8, decay: 0.8 } } },
    { type: 'join', parts: [{ schedule: { type: 'linear', from: 0, to: 0.1, steps: 5 }, steps: 5 }, { schedule: { type: 'cosine', from: 0.1, to: 0.001, steps: 20 } }] },
    { type: 'warmup', steps: 5, from: 0.01, schedule: { type: 'cosine', from: 0.1, to: 0, steps: 20 } },
    // fractional lengths and positions (Keras takes floats)
    { type: 'exponential', from: 0.1, decay: 0.5, steps: 2.5, staircase: true },
    { type: 'polynomial', from: 0.1, to: 0.001, steps: 7.5, power: 2, after: 'cycle' },
    { type: 'cosine', from: 0.1, to: 0.001, steps: 25.5 },
    { type: 'cyclic', from: 0.001, peak: 0.01, upSteps: 2.5, mode: 'triangular2' },
    { type: 'warmup', steps: 2.5, from: 0.01, schedule: { type: 'cosine', from: 0.1, to: 0, steps: 20 } },
    { type: 'multiStep', from: 0.1, decay: 0.5, milestones: [0.5, 2.5, 3.2, 7] },
    { type: 'piecewiseConstant', boundaries: [0.5, 4.2, 4.7, 9], values: [1, 2, 3, 4, 5] },
    { type: 'piecewiseConstant', boundaries: [2.5, 6], values: [1, 2, 3], owner: 'previous' },
  ];

  it.each(specs.map((s) => [s.type, s] as const))('%s keeps its value at every step', (_, spec) => {
    const config = toKeras(spec);
    const back = fromKeras(JSON.parse(JSON.stringify(config)));
    expectClose(back, (t) => valueAt(spec, t), steps(70, [1_000, 12_345]), 1, 1e-12);
  });

  it('writes Keras 3 built-ins with module and registered_name, TFA classes with their Addons> names', () => {
    expect(toKeras({ type: 'cosine', from: 0.1, to: 0.01, steps: 10 })).toEqual(
      k3('CosineDecay', { initial_learning_rate: 0.1, decay_steps: 10, alpha: 0.01 / 0.1, name: 'CosineDecay', warmup_target: null, warmup_steps: 0 }),
    );
    expect(toKeras({ type: 'cyclic', from: 1, peak: 2, upSteps: 3, mode: 'triangular2' })).toEqual({
      class_name: 'Addons>Triangular2CyclicalLearningRate', config: { initial_learning_rate: 1, maximal_learning_rate: 2, step_size: 3, scale_mode: 'cycle' },
    });
  });

  it('gives back the same config for a Keras config it imported', () => {
    const config = k3('PolynomialDecay', { initial_learning_rate: 0.1, decay_steps: 10, end_learning_rate: 0.01, power: 0.5, cycle: true, name: 'PolynomialDecay' });
    expect(toKeras(fromKeras(config))).toEqual(config);
  });
});

describe('fromKeras and toKeras refusals', () => {

  it('suggests the closest class for an unknown one', () => {
    const e = error(() => fromKeras({ class_name: 'CosineDecayRestart', config: {} }));
    expect(e.issues[0].code).toBe('unknown_type');
    expect(e.message).toContain("did you mean 'CosineDecayRestarts'");
  });

  it("names the declarative equivalents of TFA's non-serializable scale_fn", () => {
    const e = error(() => fromKeras({ class_name: 'Addons>CyclicalLearningRate', config: { initial_learning_rate: 1e-4, maximal_learning_rate: 1e-2, step_size: 4, scale_fn: '<lambda>', scale_mode: 'cycle' } }));
    expect(e.issues[0].code).toBe('closure');
    expect(e.issues[0].path).toEqual(['config', 'scale_fn']);
    expect(e.message).toContain("mode: 'triangular2'");
    expect(e.message).toContain("scaleFn: { by: 'cycle', schedule }");
  });

  it('refuses a scaleFn whose clock contradicts scale_mode', () => {
    const e = error(() => fromKeras({ class_name: 'CyclicalLearningRate', config: { initial_learning_rate: 1e-4, maximal_learning_rate: 1e-2, step_size: 4, scale_mode: 'iterations' } }, {
      scaleFn: { by: 'cycle', schedule: { type: 'constant', value: 1 } },
    }));
    expect(e.issues[0].code).toBe('conflict');
  });

  it('refuses CosineDecay warmup_steps without warmup_target, which Keras silently ignores', () => {
    const e = error(() => fromKeras(k3('CosineDecay', { initial_learning_rate: 0.1, decay_steps: 10, alpha: 0, warmup_target: null, warmup_steps: 5 })));
    expect(e.issues[0].code).toBe('conflict');
    expect(e.issues[0].path).toEqual(['config', 'warmup_steps']);
    expect(e.message).toContain('silently ignores');
  });

  it('rejects an unknown config key with a suggestion, a step count that is not positive, and a fractional restart period', () => {
    expect(error(() => fromKeras(k3('ExponentialDecay', { initial_learning_rate: 0.1, decay_step: 10, decay_rate: 0.5 }))).message).toContain("did you mean 'decay_steps'");
    expect(error(() => fromKeras(k3('ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 0, decay_rate: 0.5 }))).issues[0]).toMatchObject({ code: 'too_small', path: ['config', 'decay_steps'] });
    const restarts = error(() => fromKeras(k3('CosineDecayRestarts', { initial_learning_rate: 1, first_decay_steps: 2.5 })));
    expect(restarts.issues[0]).toMatchObject({ code: 'not_integer', path: ['config', 'first_decay_steps'] });
  });

  it.each([
    [{ type: 'exponential', from: 1, decay: 0.5, min: 0.1 }, ['min']],
    [{ type: 'cosine', from: 1, to: 0, steps: 10, after: 'continue' }, ['after']],
    [{ type: 'cosine', from: 1, to: 0, steps: 10, power: 2 }, ['power']],
    [{ type: 'cyclic', from: 0, peak: 1, upSteps: 2, shape: 'cosine' }, ['shape']],
    [{ type: 'cyclic', from: 0, peak: 1, upSteps: 2, downSteps: 3 }, ['downSteps']],
    [{ type: 'cyclic', from: 0, peak: 1, upSteps: 2, amplitude: { by: 'cycle', schedule: { type: 'linear', from: 1, to: 0, steps: 4 } } }, ['amplitude']],
    [{ type: 'cosineRestarts', from: 1, to: 0, steps: 3, cycleLimit: 2 }, ['cycleLimit']],
    [{ type: 'cosineRestarts', from: 1, to: 0, steps: 2.5 }, ['steps']],
    [{ type: 'stepDecay', from: 1, decay: 0.5, steps: 2.2 }, ['steps']],
    [{ type: 'oneCycle', steps: 100, from: 0.04, peak: 1, to: 4e-6 }, ['type']],
    [{ type: 'tanh', from: 1, to: 0, steps: 10 }, ['type']],
    [{ type: 'epochs', stepsPerEpoch: 10, schedule: { type: 'stepDecay', from: 1, decay: 0.1, steps: 2 } }, ['type']],
    [{ type: 'join', parts: [{ schedule: { type: 'constant', value: 1 }, steps: 2 }, { schedule: { type: 'warmup', steps: 2, from: 0, schedule: { type: 'cosine', from: 1, to: 0, steps: 4, power: 3 } } }] }, ['parts']],
    [{ type: 'warmup', steps: 2, from: 0, schedule: { type: 'cosine', from: 1, to: 0, steps: 4, power: 3 } }, ['schedule', 'power']],
  ] as const)('toKeras names the field Keras cannot express in %o', (spec, path) => {
    const e = error(() => toKeras(spec as Schedule));
    expect(e.issues[0].code).toBe('not_expressible');
    expect(e.issues[0].path).toEqual(path);
  });
});

describe('toKeras answers for every family', () => {
  // One sample per family, typed by the registry's type names: a new family must add one here.
  const SAMPLES: { [K in ScheduleType]: SpecOf<K> } = {
    constant: { type: 'constant', value: 0.1 },
    linear: { type: 'linear', from: 0.1, to: 0.01, steps: 10 },
    polynomial: { type: 'polynomial', from: 0.1, to: 0.01, steps: 10, power: 2 },
    exponential: { type: 'exponential', from: 0.1, decay: 0.9 },
    inverseTime: { type: 'inverseTime', from: 0.1, rate: 0.5 },
    inverseSqrt: { type: 'inverseSqrt', peak: 0.1, warmupSteps: 4 },
    stepDecay: { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 3 },
    multiStep: { type: 'multiStep', from: 0.1, decay: 0.5, milestones: [3, 8] },
    piecewiseConstant: { type: 'piecewiseConstant', boundaries: [3, 8], values: [0.1, 0.05, 0.01] },
    piecewiseLinear: { type: 'piecewiseLinear', points: [{ step: 0, value: 0 }, { step: 10, value: 0.1 }] },
    cosine: { type: 'cosine', from: 0.1, to: 0.001, steps: 20 },
    cosineRestarts: { type: 'cosineRestarts', from: 0.1, to: 0.001, steps: 5, periodMultiplier: 2 },
    tanh: { type: 'tanh', from: 0.1, to: 0.001, steps: 20 },
    linearCosine: { type: 'linearCosine', from: 0.1, steps: 20 },
    noisyLinearCosine: { type: 'noisyLinearCosine', from: 0.1, steps: 20, seed: 1 },
    warmupStableDecay: { type: 'warmupStableDecay', peak: 0.1, warmupSteps: 2, stableSteps: 4, decaySteps: 4 },
    cyclic: { type: 'cyclic', from: 0.01, peak: 0.1, upSteps: 3 },
    oneCycle: { type: 'oneCycle', steps: 20, from: 0.004, peak: 0.1, to: 4e-7 },
    join: { type: 'join', parts: [{ schedule: { type: 'linear', from: 0, to: 0.1, steps: 3 }, steps: 3 }, { schedule: { type: 'cosine', from: 0.1, to: 0, steps: 10 } }] },
    warmup: { type: 'warmup', steps: 3, from: 0, schedule: { type: 'cosine', from: 0.1, to: 0, steps: 10 } },
    multiply: { type: 'multiply', factors: [{ type: 'constant', value: 0.1 }, { type: 'linear', from: 1, to: 0, steps: 10 }] },
    scale: { type: 'scale', schedule: { type: 'constant', value: 1 }, factor: 0.1 },
    clamp: { type: 'clamp', schedule: { type: 'linear', from: 0.2, to: 0, steps: 10 }, max: 0.1 },
    repeat: { type: 'repeat', schedule: { type: 'linear', from: 0.1, to: 0, steps: 5 }, steps: 5 },
    noise: { type: 'noise', schedule: { type: 'constant', value: 0.1 }, amount: 0.1 },
    epochs: { type: 'epochs', stepsPerEpoch: 4, schedule: { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 2 } },
  };
  const EXPRESSIBLE = ['constant', 'linear', 'polynomial', 'exponential', 'inverseTime', 'stepDecay', 'multiStep', 'piecewiseConstant', 'cosine', 'cosineRestarts', 'linearCosine', 'noisyLinearCosine', 'cyclic', 'join', 'warmup'];

  it.each([...SCHEDULE_TYPES])('%s: a config that round-trips, or not_expressible naming the field', (type) => {
    const spec = SAMPLES[type] as Schedule;
    if (EXPRESSIBLE.includes(type)) {
      expectClose(fromKeras(toKeras(spec)), (t) => valueAt(spec, t), steps(40, [1_000]), 0.1, 1e-12);
      return;
    }
    const e = error(() => toKeras(spec));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ code: 'not_expressible', path: ['type'], received: type });
    expect(e.message).toContain(`Keras has no schedule for type '${type}'`);
  });
});

describe('fromKeras / toKeras properties', () => {
  it('matches PiecewiseConstantDecay and CosineDecay with warmup for random arguments', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 5 }).map((b) => b.sort((x, y) => x - y)),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom(0, 0.01, 0.5),
        (boundaries, decaySteps, warmupSteps, alpha) => {
          const values = [...boundaries.map((_, i) => 1 / (i + 1)), 0.01];
          expectClose(fromKeras({ class_name: 'PiecewiseConstantDecay', config: { boundaries, values } }), ref.PiecewiseConstantDecay(boundaries, values), steps(70, []));
          const config = { initial_learning_rate: 1e-3, decay_steps: decaySteps, alpha, warmup_target: 0.1, warmup_steps: warmupSteps };
          expectClose(fromKeras(k3('CosineDecay', config)), ref.CosineDecay(1e-3, decaySteps, alpha, 0.1, warmupSteps), steps(60, [1_000]), 0.1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('round-trips random multi-step and piecewise-constant specs through toKeras', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }).map((m) => m.sort((x, y) => x - y)),
        fc.constantFrom(0.1, 0.5, 2),
        (milestones, gamma) => {
          const spec: Schedule = { type: 'multiStep', from: 1, decay: gamma, milestones };
          expectClose(fromKeras(toKeras(spec)), (t) => valueAt(spec, t), steps(40, []), 1, 1e-12);
        },
      ),
      { numRuns: 100 },
    );
  });
});
