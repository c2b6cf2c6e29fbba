import { ScheduleSpecError, valuesAt, type Policy } from '@cyclr/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindOptimizer, TfjsAdapterError } from '../src/index.js';
import { BACKENDS, tf, useBackend } from './backends.js';
import { CASES, EPS as EPS_ADAMAX, W0, lossOf, reference, type Case, type Hp } from './optimizers.js';

/** Steps per run: cpu is slow in this sandbox, so its runs are short. */
const STEPS: Record<string, number> = { cpu: 12, wasm: 40 };

function constantPolicy(hp: Hp): Policy {
  const p: Policy = { version: 1, lr: { type: 'constant', value: hp.lr } };
  for (const [k, v] of Object.entries(hp)) if (k !== 'lr') p[k] = { type: 'constant', value: v };
  return p;
}

function train(opt: ReturnType<Case['make']>, steps: number, minimize?: (f: () => ReturnType<typeof tf.scalar>) => void): number[] {
  const w = tf.variable(tf.tensor1d(W0));
  for (let i = 0; i < steps; i++) {
    if (minimize) minimize(() => lossOf(w));
    else opt.minimize(() => lossOf(w));
  }
  const out = Array.from(w.dataSync());
  w.dispose();
  return out;
}

function expectClose(actual: number[], expected: number[], rel = 2e-5): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const tol = rel * Math.max(1, Math.abs(expected[i]));
    if (!(Math.abs(a - expected[i]) <= tol)) {
      throw new Error(`element ${i}: got ${a}, expected ${expected[i]} (tolerance ${tol})\nall: ${JSON.stringify(actual)}\nexpected: ${JSON.stringify(expected)}`);
    }
  });
}

describe.each(BACKENDS)('bindOptimizer on the %s backend', (backend) => {
  const steps = STEPS[backend];
  beforeAll(() => useBackend(backend));

  describe.each(CASES)('$name', (c) => {
    it('trains bit-for-bit like the plain optimizer under a constant schedule', () => {
      const plain = c.make(c.fixed);
      const expected = train(plain, steps);
      const opt = c.make(c.fixed);
      const binding = bindOptimizer(opt, constantPolicy(c.fixed));
      const actual = train(opt, steps);
      expect(actual).toEqual(expected);
      expect(binding.history).toHaveLength(steps);
      binding.unbind();
      plain.dispose();
      opt.dispose();
    });

    it('gives the update the hand-computed formula predicts when lr changes every step', () => {
      const policy: Policy = { version: 1, lr: { type: 'linear', from: c.fixed.lr * 2, to: c.fixed.lr / 4, steps } };
      const opt = c.make(c.fixed);
      const binding = bindOptimizer(opt, policy);
      const actual = train(opt, steps, (f) => binding.minimize(f));
      const expected = reference(c, steps, (t) => ({ ...c.fixed, lr: valuesAt(policy, t).lr }), c.eps);
      expectClose(actual, expected);
      // a plain run with the fixed lr ends elsewhere: the schedule had an effect
      const plain = reference(c, steps, () => c.fixed, c.eps);
      expect(Math.max(...actual.map((a, i) => Math.abs(a - plain[i])))).toBeGreaterThan(1e-3);
      binding.unbind();
      opt.dispose();
    });

    for (const [name, range] of Object.entries(c.moving)) {
      it(`gives the update the hand-computed formula predicts when ${name} changes every step`, () => {
        const policy: Policy = { version: 1, lr: { type: 'constant', value: c.fixed.lr }, [name]: { type: 'linear', from: range.from, to: range.to, steps } };
        const opt = c.make(c.fixed);
        const binding = bindOptimizer(opt, policy);
        const actual = train(opt, steps);
        const hpAt = (t: number): Hp => ({ ...c.fixed, ...valuesAt(policy, t) });
        expectClose(actual, reference(c, steps, hpAt, c.eps));
        const unscheduled = reference(c, steps, () => c.fixed, c.eps);
        expect(Math.max(...actual.map((a, i) => Math.abs(a - unscheduled[i])))).toBeGreaterThan(1e-3);
        binding.unbind();
        opt.dispose();
      });
    }

    it('applies decoupled weight decay w·(1 − lr·wd) with the update, sparing excluded variables', () => {
      const policy: Policy = { version: 1, lr: { type: 'linear', from: c.fixed.lr, to: c.fixed.lr / 2, steps }, weightDecay: { type: 'linear', from: 0.5, to: 0.1, steps } };
      const opt = c.make(c.fixed);
      const binding = bindOptimizer(opt, policy, { weightDecayExclude: [/bias$/] });
      const w = tf.variable(tf.tensor1d(W0), true, `wd_${backend}_${c.name.replace(/\W/g, '')}_kernel`);
      const bias = tf.variable(tf.tensor1d(W0), true, `wd_${backend}_${c.name.replace(/\W/g, '')}_bias`);
      for (let i = 0; i < steps; i++) binding.minimize(() => tf.tidy(() => lossOf(w).add(lossOf(bias))) as ReturnType<typeof tf.scalar>);
      const hpAt = (t: number): Hp => ({ ...c.fixed, lr: valuesAt(policy, t).lr });
      expectClose(Array.from(w.dataSync()), reference(c, steps, hpAt, c.eps, (t) => valuesAt(policy, t).weightDecay));
      expectClose(Array.from(bias.dataSync()), reference(c, steps, hpAt, c.eps));
      expect(binding.history.map((r) => r.values.weightDecay)).toEqual(Array.from({ length: steps }, (_, t) => valuesAt(policy, t).weightDecay));
      binding.unbind();
      w.dispose();
      bias.dispose();
      opt.dispose();
    });

    it('records the applied values of every update, equal to valuesAt(policy, t)', () => {
      const extra = Object.fromEntries(Object.entries(c.moving).map(([k, r]) => [k, { type: 'linear', from: r.from, to: r.to, steps: 7 }]));
      const policy: Policy = { version: 1, lr: { type: 'linear', from: 0.01, to: 0.001, steps: 5 }, ...extra, weightDecay: { type: 'constant', value: 0.01 } };
      const opt = c.make(c.fixed);
      const binding = bindOptimizer(opt, policy);
      train(opt, steps);
      expect(binding.history.map((r) => r.step)).toEqual(Array.from({ length: steps }, (_, t) => t));
      expect(binding.history.map((r) => r.values)).toEqual(Array.from({ length: steps }, (_, t) => valuesAt(policy, t)));
      binding.unbind();
      opt.dispose();
    });
  });
});

describe('the step counter', () => {
  beforeAll(() => useBackend('wasm'));
  const stepIsStep: Policy = { version: 1, lr: { type: 'linear', from: 0, to: 1e6, steps: 1e6 } };

  it('gives the first update step 0: with lr = step the first update leaves the weights unchanged', () => {
    const opt = tf.train.sgd(1);
    const binding = bindOptimizer(opt, stepIsStep);
    const w = tf.variable(tf.tensor1d(W0));
    binding.minimize(() => lossOf(w));
    expect(Array.from(w.dataSync())).toEqual(Array.from(new Float32Array(W0)));
    binding.minimize(() => lossOf(w));
    expect(Array.from(w.dataSync())).not.toEqual(Array.from(new Float32Array(W0)));
    expect(binding.history.map((r) => r.values.lr)).toEqual([0, 1]);
    binding.unbind();
    w.dispose();
    opt.dispose();
  });

  it('starts from initialStep when given, then counts its own updates', () => {
    const opt = tf.train.sgd(1);
    const binding = bindOptimizer(opt, stepIsStep, { initialStep: 100 });
    const w = tf.variable(tf.tensor1d(W0));
    for (let i = 0; i < 3; i++) binding.minimize(() => lossOf(w));
    expect(binding.history.map((r) => [r.step, r.values.lr])).toEqual([[100, 100], [101, 101], [102, 102]]);
    expect(binding.step).toBe(103);
    binding.unbind();
    w.dispose();
    opt.dispose();
  });

  it('applies valuesAt(policy, initialStep + i) at the i-th update for any linear or cosine policy (property)', () => {
    const w = tf.variable(tf.tensor1d([0.5]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (initialStep, steps, from, to, cosine) => {
          const policy: Policy = { version: 1, lr: cosine ? { type: 'cosine', from, to, steps } : { type: 'linear', from, to, steps }, momentum: { type: 'linear', from: to, to: from, steps } };
          const opt = tf.train.momentum(0.1, 0.5);
          const binding = bindOptimizer(opt, policy, { initialStep });
          for (let i = 0; i < 4; i++) binding.minimize(() => tf.tidy(() => w.square().sum()) as ReturnType<typeof tf.scalar>);
          binding.unbind();
          opt.dispose();
          expect(binding.history.map((r) => [r.step, r.values])).toEqual([0, 1, 2, 3].map((i) => [initialStep + i, valuesAt(policy, initialStep + i)]));
        },
      ),
      { numRuns: 25 },
    );
    w.dispose();
  });

  it('resumes Adamax (no getWeights in tfjs) with initialStep', () => {
    const policy: Policy = { version: 1, lr: { type: 'linear', from: 0.1, to: 0.01, steps: 20 }, beta1: { type: 'linear', from: 0.8, to: 0.95, steps: 20 } };
    const opt = tf.train.adamax(0.05, 0.9, 0.999, EPS_ADAMAX);
    const binding = bindOptimizer(opt, policy, { initialStep: 12 });
    train(opt, 3);
    expect(binding.history.map((r) => r.values)).toEqual([12, 13, 14].map((t) => valuesAt(policy, t)));
    binding.unbind();
    opt.dispose();
  });

  it.each(CASES.filter((c) => c.name !== 'Adamax'))('resumes $name from its saved weights where the schedule stopped, with the same weights as an unbroken run', async (c) => {
    const policy: Policy = { version: 1, lr: { type: 'linear', from: c.fixed.lr * 2, to: c.fixed.lr / 4, steps: 20 } };
    // unbroken: 20 steps
    const unbroken = c.make(c.fixed);
    const b0 = bindOptimizer(unbroken, policy);
    const expected = train(unbroken, 20);
    b0.unbind();
    // broken: 8 steps, save, new optimizer, load, 12 more
    const w = tf.variable(tf.tensor1d(W0));
    const first = c.make(c.fixed);
    const b1 = bindOptimizer(first, policy);
    for (let i = 0; i < 8; i++) b1.minimize(() => lossOf(w));
    const saved = (await first.getWeights()).map((nt) => ({ name: nt.name, tensor: nt.tensor.clone() }));
    b1.unbind();
    const second = c.make(c.fixed);
    await second.setWeights(saved);
    const b2 = bindOptimizer(second, policy);
    for (let i = 0; i < 12; i++) b2.minimize(() => lossOf(w));
    expect(b2.history.map((r) => r.step)).toEqual(Array.from({ length: 12 }, (_, i) => 8 + i));
    expect(b2.history.map((r) => r.values)).toEqual(b2.history.map((r) => valuesAt(policy, r.step)));
    expectClose(Array.from(w.dataSync()), expected, 1e-6);
    b2.unbind();
    w.dispose();
    [unbroken, first, second].forEach((o) => o.dispose());
  });
});

describe('tensor memory', () => {
  beforeAll(() => useBackend('wasm'));
  afterAll(() => undefined);

  // 10,000 steps for the classes whose hyperparameters live in tensors the binding replaces or
  // assigns every step (SGD/Momentum's cached scalars, Adam/Adamax's accBeta1); 2,000 for the classes
  // with plain numeric fields, to keep the suite fast on a shared machine
  const LONG = new Set(['SGD', 'Momentum', 'Momentum (Nesterov)', 'Adam', 'Adamax']);
  it.each(CASES.map((c) => ({ ...c, steps: LONG.has(c.name) ? 10_000 : 2_000 })))('holds as many tensors after $steps scheduled $name steps as after the first (wasm)', (c) => {
    const extra = Object.fromEntries(Object.entries(c.moving).map(([k, r]) => [k, { type: 'linear', from: r.from, to: r.to, steps: c.steps }]));
    const policy: Policy = { version: 1, lr: { type: 'cosine', from: c.fixed.lr, to: 0, steps: c.steps }, ...extra, weightDecay: { type: 'constant', value: 1e-3 } };
    const w = tf.variable(tf.tensor1d([0.5, -0.5]));
    const opt = c.make(c.fixed);
    const binding = bindOptimizer(opt, policy, { recordHistory: false });
    const f = (): ReturnType<typeof tf.scalar> => tf.tidy(() => w.square().sum()) as ReturnType<typeof tf.scalar>;
    binding.minimize(f);
    const after1 = tf.memory().numTensors;
    for (let i = 1; i < c.steps; i++) binding.minimize(f);
    expect(tf.memory().numTensors).toBe(after1);
    binding.unbind();
    opt.dispose();
    w.dispose();
  });

  it.each(CASES.slice(0, 4))('holds as many tensors after 300 scheduled $name steps as after the first (cpu)', async (c) => {
    await useBackend('cpu');
    const policy: Policy = { version: 1, lr: { type: 'linear', from: c.fixed.lr, to: 0, steps: 300 }, weightDecay: { type: 'constant', value: 1e-3 } };
    const w = tf.variable(tf.tensor1d([0.5, -0.5]));
    const opt = c.make(c.fixed);
    const binding = bindOptimizer(opt, policy);
    const f = (): ReturnType<typeof tf.scalar> => tf.tidy(() => w.square().sum()) as ReturnType<typeof tf.scalar>;
    binding.minimize(f);
    const after1 = tf.memory().numTensors;
    for (let i = 1; i < 300; i++) binding.minimize(f);
    expect(tf.memory().numTensors).toBe(after1);
    binding.unbind();
    opt.dispose();
    w.dispose();
    await useBackend('wasm');
  });
});

describe('quirks the binding works around', () => {
  beforeAll(() => useBackend('wasm'));

  it('MomentumOptimizer.setMomentum alone has no effect on the weights, the binding does', () => {
    const plain = tf.train.momentum(0.1, 0.9);
    const reference09 = train(plain, 5);
    const patched = tf.train.momentum(0.1, 0.9);
    patched.setMomentum(0);
    expect(train(patched, 5)).toEqual(reference09);
    const bound = tf.train.momentum(0.1, 0.9);
    const b = bindOptimizer(bound, { version: 1, lr: { type: 'constant', value: 0.1 }, momentum: { type: 'constant', value: 0 } });
    const withBinding = train(bound, 5);
    expect(withBinding).toEqual(train(tf.train.sgd(0.1), 5));
    b.unbind();
    [plain, patched, bound].forEach((o) => o.dispose());
  });

  it('tfjs Adadelta updates by lr·g whatever rho is, so a rho schedule is set but leaves the weights alone', () => {
    const policy: Policy = { version: 1, lr: { type: 'constant', value: 0.1 }, rho: { type: 'linear', from: 0.1, to: 0.99, steps: 10 } };
    const opt = tf.train.adadelta(0.1, 0.5, 0.1);
    const b = bindOptimizer(opt, policy);
    const actual = train(opt, 10);
    expect(b.history.map((r) => r.values.rho)).toEqual(Array.from({ length: 10 }, (_, t) => valuesAt(policy, t).rho));
    expectClose(actual, train(tf.train.sgd(0.1), 10), 1e-6);
    b.unbind();
    opt.dispose();
  });

  it('unbind puts back the optimizer\'s own applyGradients', () => {
    const opt = tf.train.adam(0.1);
    const own = opt.applyGradients;
    const b = bindOptimizer(opt, { version: 1, lr: { type: 'constant', value: 0.5 } });
    expect(opt.applyGradients).not.toBe(own);
    b.unbind();
    expect(opt.applyGradients).toBe(own);
    expect(Object.prototype.hasOwnProperty.call(opt, 'applyGradients')).toBe(false);
    opt.dispose();
  });
});

describe('bad input', () => {
  beforeAll(() => useBackend('wasm'));

  it('rejects an invalid policy with a ScheduleSpecError and leaves the optimizer untouched', () => {
    const opt = tf.train.sgd(0.1);
    expect(() => bindOptimizer(opt, { version: 1, lr: { type: 'linear', from: 0, to: 1, steps: -5 } } as Policy)).toThrow(ScheduleSpecError);
    expect(Object.prototype.hasOwnProperty.call(opt, 'applyGradients')).toBe(false);
    expect(train(opt, 2)).toEqual(train(tf.train.sgd(0.1), 2));
    opt.dispose();
  });

  it('rejects an optimizer of unknown class, naming it and the supported ones', () => {
    class Lion extends tf.SGDOptimizer {
      static override get className(): string {
        return 'Lion';
      }
    }
    const lion = new Lion(0.1);
    expect(() => bindOptimizer(lion, { version: 1, lr: { type: 'constant', value: 1 } })).toThrow(/class "Lion", which is not supported; supported: SGD, Momentum, Adam, Adamax, RMSProp, Adagrad, Adadelta/);
    expect(() => bindOptimizer({} as never, { version: 1, lr: { type: 'constant', value: 1 } })).toThrow(/is not a tfjs optimizer/);
    lion.dispose();
  });

  it('rejects a hyperparameter the class does not have, naming the class and what it accepts', () => {
    const opt = tf.train.adam(0.1);
    const policy: Policy = { version: 1, lr: { type: 'constant', value: 0.1 }, momentum: { type: 'constant', value: 0.9 } };
    expect(() => bindOptimizer(opt, policy)).toThrow(TfjsAdapterError);
    expect(() => bindOptimizer(opt, policy)).toThrow('Adam optimizer has no hyperparameter "momentum"; Adam accepts lr, beta1, beta2, weightDecay');
    expect(() => bindOptimizer(tf.train.sgd(1), policy)).toThrow('SGD optimizer has no hyperparameter "momentum"; SGD accepts lr, weightDecay');
    expect(Object.prototype.hasOwnProperty.call(opt, 'applyGradients')).toBe(false);
    opt.dispose();
  });

  it('rejects bad options with every issue and its path', () => {
    const opt = tf.train.sgd(0.1);
    const policy: Policy = { version: 1, lr: { type: 'constant', value: 0.1 } };
    expect(() => bindOptimizer(opt, policy, { initialStep: -1, weightDecayExclude: [3 as never] })).toThrow(/initialStep must be a non-negative integer, got -1[\s\S]*→ at weightDecayExclude\[0\]/);
    expect(() => bindOptimizer(opt, policy, { initalStep: 3 } as never)).toThrow(/unknown option "initalStep" \(bindOptimizer accepts initialStep, /);
    expect(Object.prototype.hasOwnProperty.call(opt, 'applyGradients')).toBe(false);
    opt.dispose();
  });

  it('refuses to bind an optimizer twice', () => {
    const opt = tf.train.sgd(0.1);
    const policy: Policy = { version: 1, lr: { type: 'constant', value: 0.1 } };
    const b = bindOptimizer(opt, policy);
    expect(() => bindOptimizer(opt, policy)).toThrow(/already bound/);
    b.unbind();
    bindOptimizer(opt, policy).unbind();
    opt.dispose();
  });
});
