import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PLATEAU_DEFAULTS, ScheduleSpecError, applyPlateau, compilePolicy, plateauFromPeer, parsePolicy, plateauInit, plateauStep, plateauUpdate, resolvePlateauOptions, scheduleJsonSchema,
  validatePlateauOptions, validatePlateauState, validatePolicy, valuesAt, type PlateauOptions, type PlateauState, type Policy,
} from '../index.js';

/**
 * Reference: PyTorch `torch.optim.lr_scheduler.ReduceLROnPlateau` (torch/optim/lr_scheduler.py,
 * `step`, `_reduce_lr`, `_is_better`), transliterated for one param group.
 */
class TorchReduceLROnPlateau {
  lr: number;
  best: number | null = null;
  numBadEpochs = 0;
  cooldownCounter = 0;
  constructor(
    lr: number,
    readonly o: { mode: 'min' | 'max'; factor: number; patience: number; threshold: number; thresholdMode: 'rel' | 'abs'; cooldown: number; minLr: number; eps: number },
  ) {
    this.lr = lr;
  }
  isBetter(a: number, best: number | null): boolean {
    if (best === null) return true; // PyTorch starts from mode_worse = ±inf
    const { mode, thresholdMode, threshold } = this.o;
    if (mode === 'min' && thresholdMode === 'rel') return a < best * (1 - threshold);
    if (mode === 'min' && thresholdMode === 'abs') return a < best - threshold;
    if (mode === 'max' && thresholdMode === 'rel') return a > best * (threshold + 1);
    return a > best + threshold;
  }
  step(current: number): void {
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.o.patience) {
      const oldLr = this.lr;
      const newLr = Math.max(oldLr * this.o.factor, this.o.minLr);
      if (oldLr - newLr > this.o.eps) this.lr = newLr;
      this.cooldownCounter = this.o.cooldown;
      this.numBadEpochs = 0;
    }
  }
}

/**
 * Reference: Keras 3 `keras.callbacks.ReduceLROnPlateau.on_epoch_end`
 * (keras/src/callbacks/reduce_lr_on_plateau.py, keras-team/keras commit 040582fc160b1080954ddc1f554dd70fbbb1da5a),
 * transliterated in float64 (Keras stores the lr in a
 * float32 variable; the rule is what is compared here).
 */
class KerasReduceLROnPlateau {
  lr: number;
  best: number;
  wait = 0;
  cooldownCounter = 0;
  constructor(
    lr: number,
    readonly o: { mode: 'min' | 'max'; factor: number; patience: number; minDelta: number; cooldown: number; minLr: number },
  ) {
    this.lr = lr;
    this.best = o.mode === 'min' ? Infinity : -Infinity;
  }
  monitorOp(a: number, b: number): boolean {
    return this.o.mode === 'min' ? a < b - this.o.minDelta : a > b + this.o.minDelta;
  }
  onEpochEnd(current: number): void {
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.monitorOp(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (!(this.cooldownCounter > 0)) {
      this.wait += 1;
      if (this.wait >= this.o.patience) {
        const oldLr = this.lr;
        if (oldLr > Math.fround(this.o.minLr)) {
          this.lr = Math.max(oldLr * this.o.factor, this.o.minLr);
          this.cooldownCounter = this.o.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));

/** Runs metrics through our reducer and returns the applied lr after each evaluation. */
function ours(base: number, metrics: number[], options: PlateauOptions): number[] {
  const policy: Policy = { version: 1, lr: { type: 'constant', value: base }, plateau: options };
  let state = plateauInit(options);
  const out: number[] = [];
  for (const m of metrics) {
    state = plateauStep(policy, state, m, 0);
    out.push(valuesAt(policy, 0, { plateau: state }).lr);
  }
  return out;
}

describe('plateauUpdate against PyTorch ReduceLROnPlateau', () => {
  const torchDefaults = { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, minLr: 0, eps: 1e-8 } as const;

  it('reduces after more than `patience` bad epochs, step by step', () => {
    const metrics = [1, 0.9, 0.95, 0.95, 0.95, 0.8, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85];
    const ref = new TorchReduceLROnPlateau(0.1, { ...torchDefaults, patience: 2 });
    const expected = metrics.map((m) => (ref.step(m), ref.lr));
    expect(expected).toEqual([0.1, 0.1, 0.1, 0.1, 0.1 * 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003, 0.00010000000000000003]);
    ours(0.1, metrics, { patience: 2 }).forEach((v, i) => close(v, expected[i]));
  });

  it('treats a change smaller than the relative threshold as no improvement', () => {
    // 1 → 0.99995 is a relative change of 5e-5 < 1e-4: a bad epoch in PyTorch's 'rel' mode
    const s1 = plateauUpdate(plateauInit(), 1, {});
    const s2 = plateauUpdate(s1, 0.99995, {});
    expect([s2.best, s2.badEpochs]).toEqual([1, 1]);
    const s3 = plateauUpdate(s1, 0.9998, {});
    expect([s3.best, s3.badEpochs]).toEqual([0.9998, 0]);
  });

  it('holds the minimum and skips reductions smaller than eps', () => {
    const metrics = Array.from({ length: 40 }, () => 1);
    const options = { patience: 0, factor: 0.5, minLr: 0.02, eps: 1e-8 };
    const ref = new TorchReduceLROnPlateau(0.1, { ...torchDefaults, ...options });
    const expected = metrics.map((m) => (ref.step(m), ref.lr));
    expect(expected.slice(0, 5)).toEqual([0.1, 0.05, 0.025, 0.02, 0.02]);
    ours(0.1, metrics, { patience: 0, factor: 0.5, minValue: 0.02 }).forEach((v, i) => close(v, expected[i]));
    // a tiny lr: 1e-8·0.1 changes it by 9e-9 <= eps, so PyTorch keeps 1e-8
    const tiny = new TorchReduceLROnPlateau(1e-8, { ...torchDefaults, patience: 0 });
    const tinyExpected = [1, 1, 1].map((m) => (tiny.step(m), tiny.lr));
    expect(tinyExpected).toEqual([1e-8, 1e-8, 1e-8]);
    expect(ours(1e-8, [1, 1, 1], { patience: 0 })).toEqual([1e-8, 1e-8, 1e-8]);
  });

  it('matches the reference on random metric sequences and options', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(1, 0.99, 0.98, 0.9, 1.1, 0.5, 0.49999, -1, 2), { minLength: 1, maxLength: 60 }),
        fc.record({
          mode: fc.constantFrom('min', 'max'),
          factor: fc.constantFrom(0.1, 0.5, 0.3),
          patience: fc.integer({ min: 0, max: 4 }),
          threshold: fc.constantFrom(0, 1e-4, 0.01, 0.05),
          thresholdMode: fc.constantFrom('rel', 'abs'),
          cooldown: fc.integer({ min: 0, max: 3 }),
          minLr: fc.constantFrom(0, 1e-3, 0.01),
        }),
        (metrics, o) => {
          const ref = new TorchReduceLROnPlateau(0.1, { ...o, eps: 1e-8 } as never);
          const expected = metrics.map((m) => (ref.step(m), ref.lr));
          const got = ours(0.1, metrics, { ...o, minValue: o.minLr, minLr: undefined } as PlateauOptions);
          got.forEach((v, i) => close(v, expected[i]));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('plateauUpdate against Keras ReduceLROnPlateau', () => {
  // Keras: reduce when wait >= patience, absolute min_delta, cooldown counted from the reducing epoch,
  // no eps (reduces while lr > min_lr)
  const kerasLike = (o: { mode: 'min' | 'max'; factor: number; patience: number; minDelta: number; cooldown: number; minLr: number }): PlateauOptions => ({
    mode: o.mode,
    factor: o.factor,
    patience: o.patience,
    threshold: o.minDelta,
    thresholdMode: 'abs',
    trigger: '>=',
    cooldown: o.cooldown,
    cooldownFrom: 'reduction',
    minValue: o.minLr,
    eps: 0,
  });

  it('reduces after `patience` bad epochs, one epoch earlier than PyTorch', () => {
    const metrics = [1, 1, 1, 1, 1, 1];
    const ref = new KerasReduceLROnPlateau(0.1, { mode: 'min', factor: 0.5, patience: 2, minDelta: 1e-4, cooldown: 0, minLr: 0 });
    const expected = metrics.map((m) => (ref.onEpochEnd(m), ref.lr));
    expect(expected).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
    ours(0.1, metrics, kerasLike({ mode: 'min', factor: 0.5, patience: 2, minDelta: 1e-4, cooldown: 0, minLr: 0 })).forEach((v, i) => close(v, expected[i]));
  });

  it('counts the reducing epoch as the first cooldown epoch', () => {
    const o = { mode: 'min', factor: 0.5, patience: 1, minDelta: 0, cooldown: 3, minLr: 0 } as const;
    const metrics = [1, 1, 1, 1, 1, 1, 1, 1];
    const ref = new KerasReduceLROnPlateau(1, o);
    const expected = metrics.map((m) => (ref.onEpochEnd(m), ref.lr));
    expect(expected).toEqual([1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]);
    expect(ours(1, metrics, kerasLike(o))).toEqual(expected);
  });

  it('matches the reference on random metric sequences and options', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(1, 0.99, 0.98, 0.9, 1.1, 0.5, 0.49999, 2), { minLength: 1, maxLength: 60 }),
        fc.record({
          mode: fc.constantFrom('min', 'max'),
          factor: fc.constantFrom(0.1, 0.5, 0.3),
          patience: fc.integer({ min: 1, max: 4 }),
          minDelta: fc.constantFrom(0, 1e-4, 0.05),
          cooldown: fc.integer({ min: 0, max: 3 }),
          minLr: fc.constantFrom(0, 0.001, 0.01),
        }),
        (metrics, o) => {
          const ref = new KerasReduceLROnPlateau(0.1, o as never);
          const expected = metrics.map((m) => (ref.onEpochEnd(m), ref.lr));
          ours(0.1, metrics, kerasLike(o as never)).forEach((v, i) => close(v, expected[i]));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('plateauStep', () => {
  it('passes the applied value of the first applyTo hyperparameter, so eps acts on it', () => {
    // momentum 1e-9 scaled by 0.1 changes by less than eps: PyTorch would skip that reduction
    const policy: Policy = { version: 1, lr: { type: 'constant', value: 1e-9 }, momentum: { type: 'constant', value: 0.9 }, plateau: { patience: 0, applyTo: ['lr', 'momentum'] } };
    const s = plateauStep(policy, plateauStep(policy, plateauInit(), 1, 0), 1, 1);
    expect(s).toMatchObject({ multiplier: 1, reductions: 0, badEpochs: 0 });
    const withoutCurrent = plateauUpdate(plateauUpdate(plateauInit(), 1, policy.plateau as PlateauOptions), 1, policy.plateau as PlateauOptions);
    expect(withoutCurrent.multiplier).toBe(0.1);
  });
});

describe('plateau state', () => {
  it('is plain JSON, and resuming from a JSON round trip gives identical values', () => {
    const options: PlateauOptions = { patience: 1, factor: 0.5, cooldown: 1 };
    const policy: Policy = { version: 1, lr: { type: 'linear', from: 0.1, to: 0.01, steps: 50 }, momentum: { type: 'constant', value: 0.9 }, plateau: options };
    const metrics = [3, 2.5, 2.6, 2.7, 2.4, 2.5, 2.5, 2.5, 2.45, 2.5];
    let straight: PlateauState = plateauInit(options);
    let resumed: PlateauState = plateauInit(options);
    const a: number[] = [];
    const b: number[] = [];
    metrics.forEach((m, epoch) => {
      straight = plateauUpdate(straight, m, options);
      resumed = JSON.parse(JSON.stringify(plateauUpdate(JSON.parse(JSON.stringify(resumed)) as PlateauState, m, options))) as PlateauState;
      a.push(valuesAt(policy, epoch * 5, { plateau: straight }).lr);
      b.push(valuesAt(policy, epoch * 5, { plateau: resumed }).lr);
    });
    expect(b).toEqual(a);
    expect(resumed).toEqual(straight);
    expect(straight.reductions).toBeGreaterThan(0);
  });

  it('never mutates the state it is given', () => {
    const s = Object.freeze(plateauUpdate(plateauInit(), 1, {}));
    const next = plateauUpdate(s, 2, { patience: 0 });
    expect(next).not.toBe(s);
    expect(s.badEpochs).toBe(0);
    expect(next.multiplier).toBe(0.1);
  });

  it('counts a non-finite metric as a bad epoch and keeps the state JSON-safe', () => {
    const s = plateauUpdate(plateauUpdate(plateauInit(), 1, {}), Number.NaN, {});
    expect(s).toMatchObject({ best: 1, badEpochs: 1 });
    const inf = plateauUpdate(plateauInit(), -Infinity, {});
    expect(inf.best).toBeNull();
    expect(JSON.parse(JSON.stringify(inf))).toEqual(inf);
  });

  it('keeps reducing a bare multiplier with eps 0 without ever reaching 0', () => {
    let s = plateauInit();
    for (let i = 0; i < 800; i++) s = plateauUpdate(s, 1, { patience: 0, eps: 0 });
    expect(s.multiplier).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('rejects something that is not a state, naming each bad field', () => {
    let issues: Array<[string, string]> = [];
    try {
      plateauUpdate({ multiplier: -1 } as unknown as PlateauState, 1, {});
    } catch (error) {
      expect(error).toBeInstanceOf(ScheduleSpecError);
      issues = (error as ScheduleSpecError).issues.map((i) => [i.path.join('.'), i.code]);
    }
    expect(issues).toEqual([
      ['best', 'missing'],
      ['badEpochs', 'missing'],
      ['cooldownLeft', 'missing'],
      ['multiplier', 'out_of_range'],
      ['reductions', 'missing'],
      ['evaluations', 'missing'],
      ['lastReductionAt', 'missing'],
    ]);
    expect(() => plateauUpdate(3 as unknown as PlateauState, 1, {})).toThrow(/a plateau state object/);
    expect(() => plateauUpdate(plateauInit(), '1' as unknown as number, {})).toThrow(TypeError);
  });

  it('validates a restored state with validatePlateauState: every field, and the counts against each other', () => {
    expect(validatePlateauState(plateauInit())).toEqual([]);
    const s = { ...plateauInit(), evaluations: 3, reductions: 4, lastReductionAt: 5 };
    expect(validatePlateauState(s).map((i) => [i.path.join('.'), i.code])).toEqual([
      ['reductions', 'invalid_value'],
      ['lastReductionAt', 'invalid_value'],
    ]);
    expect(validatePlateauState({ ...plateauInit(), best: Infinity, multiplier: 0 }, ['state']).map((i) => i.path.join('.'))).toEqual(['state.best', 'state.multiplier']);
  });
});

describe('valuesAt with a plateau state', () => {
  const policy: Policy = {
    version: 1,
    lr: { type: 'linear', from: 0, to: 1, steps: 10 },
    momentum: { type: 'constant', value: 0.9 },
    plateau: { applyTo: ['lr'], minValue: 0.05 },
  };
  const cut: PlateauState = { best: 1, badEpochs: 0, cooldownLeft: 0, multiplier: 0.01, reductions: 2, evaluations: 30, lastReductionAt: 30 };

  it('multiplies only the named hyperparameters', () => {
    expect(valuesAt(policy, 10, { plateau: cut })).toEqual({ lr: 0.05, momentum: 0.9 });
    expect(valuesAt({ ...policy, plateau: { applyTo: ['lr', 'momentum'] } }, 10, { plateau: { ...cut, multiplier: 0.5 } })).toEqual({ lr: 0.5, momentum: 0.45 });
  });

  it('never goes below minValue, and never raises a value the schedule put below it', () => {
    expect(valuesAt(policy, 10, { plateau: cut }).lr).toBe(0.05);
    expect(valuesAt(policy, 0, { plateau: cut }).lr).toBe(0);
    expect(valuesAt(policy, 1, { plateau: cut }).lr).toBe(0.05);
  });

  it('gives the plain values without a state or with multiplier 1', () => {
    expect(valuesAt(policy, 5)).toEqual({ lr: 0.5, momentum: 0.9 });
    expect(valuesAt(policy, 5, { plateau: plateauInit() })).toEqual({ lr: 0.5, momentum: 0.9 });
  });
});

describe('plateau control composed with a time schedule', () => {
  it('cuts a warmup → cosine schedule by the multiplier from the evaluation on, keeping its shape', () => {
    const policy: Policy = {
      version: 1,
      lr: { type: 'warmup', steps: 20, from: 0.001, schedule: { type: 'cosine', from: 0.1, to: 0.001, steps: 180 } },
      plateau: { patience: 1, factor: 0.5, minValue: 0.002 },
    };
    const stepsPerEpoch = 10;
    const losses = [2, 1.5, 1.4, 1.45, 1.44, 1.3, 1.35, 1.36, 1.2, 1.25];
    let state = plateauInit(policy.plateau);
    const applied: number[] = [];
    const multipliers: number[] = [];
    losses.forEach((loss, epoch) => {
      for (let t = epoch * stepsPerEpoch; t < (epoch + 1) * stepsPerEpoch; t++) {
        applied.push(valuesAt(policy, t, { plateau: state }).lr);
        multipliers.push(state.multiplier);
      }
      state = plateauStep(policy, state, loss, (epoch + 1) * stepsPerEpoch);
    });
    // bad epochs 3 and 4 (> patience 1) halve the lr from epoch 5 on; 6 and 7 halve it again from epoch 8
    expect(multipliers.filter((_, t) => t % stepsPerEpoch === 0)).toEqual([1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
    applied.forEach((v, t) => {
      const plain = valuesAt(policy, t).lr;
      expect(v).toBe(Math.max(plain * multipliers[t], Math.min(0.002, plain)));
    });
    // the warmup's first value is below minValue and stays as the schedule has it
    expect(applied[0]).toBe(0.001);
  });
});

describe('plateau options in policy documents', () => {
  const base = { version: 1, lr: { type: 'constant', value: 0.1 } };

  it('reports every bad option with its path', () => {
    const issues = validatePolicy({ ...base, plateau: { mode: 'low', factor: 2, patience: -1, applyTo: ['lr', 'beta9'], pateince: 3 } });
    // in the order of the options table, then unknown keys, then names the policy does not schedule
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['plateau.mode', 'invalid_enum'],
      ['plateau.patience', 'too_small'],
      ['plateau.factor', 'out_of_range'],
      ['plateau.pateince', 'unknown_key'],
      ['plateau.applyTo.1', 'invalid_value'],
    ]);
    expect(issues.find((i) => i.path.join('.') === 'plateau.applyTo.1')?.message).toBe('applyTo[1] names "beta9", which the policy does not schedule');
    expect(validatePolicy({ ...base, plateau: { patience: 1.5 } }).map((i) => i.code)).toEqual(['not_integer']);
    expect(() => parsePolicy({ ...base, plateau: { factor: 10 } })).toThrow(/factor must be a number in \(0, 1\)/);
    expect(() => parsePolicy({ ...base, plateau: { factor: 10 } })).toThrow(ScheduleSpecError);
  });

  it('refuses a per-name minValue for a hyperparameter the policy does not schedule', () => {
    expect(validatePolicy({ ...base, plateau: { minValue: { lr: 1e-5, momentun: 0.1 } } }).map((i) => [i.path.join('.'), i.message])).toEqual([
      ['plateau.minValue.momentun', 'minValue names "momentun", which the policy does not schedule'],
    ]);
    // without the policy's names (options given to the reducer directly) any name is allowed
    expect(validatePlateauOptions({ minValue: { momentun: 0.1 } })).toEqual([]);
  });

  it('accepts a valid plateau block and a non-object is an invalid_type', () => {
    expect(validatePolicy({ ...base, plateau: { mode: 'max', trigger: '>=', cooldownFrom: 'reduction', minValue: { lr: 1e-5 } } })).toEqual([]);
    expect(validatePolicy({ ...base, plateau: 3 }).map((i) => i.code)).toEqual(['invalid_type']);
  });

  it('validates options passed to the reducer directly', () => {
    expect(() => plateauUpdate(plateauInit(), 1, { patience: 1.5 })).toThrow(ScheduleSpecError);
  });
});

describe('the plateau options in the JSON Schema', () => {
  it('lists exactly the options the validator knows, with the same defaults', () => {
    const plateau = (scheduleJsonSchema().$defs as Record<string, { properties: Record<string, { default?: unknown }>; additionalProperties: boolean }>).plateau;
    expect(Object.keys(plateau.properties).sort()).toEqual(Object.keys(PLATEAU_DEFAULTS).sort());
    for (const [k, v] of Object.entries(plateau.properties)) expect(v.default, k).toEqual(PLATEAU_DEFAULTS[k as keyof typeof PLATEAU_DEFAULTS]);
    expect(plateau.additionalProperties).toBe(false);
  });
});

describe('resolvePlateauOptions and applyPlateau', () => {
  it('fills in the defaults, copying the arrays and records it is given', () => {
    const applyTo = ['lr', 'momentum'];
    const resolved = resolvePlateauOptions({ patience: 2, applyTo });
    expect(resolved).toEqual({ ...PLATEAU_DEFAULTS, patience: 2, applyTo: ['lr', 'momentum'] });
    expect(resolved.applyTo).not.toBe(applyTo);
    expect(() => resolvePlateauOptions({ factor: 1 })).toThrow(ScheduleSpecError);
  });

  it('applies a state to computed values as valuesAt and compilePolicy do', () => {
    const state: PlateauState = { ...plateauInit(), multiplier: 0.25, reductions: 2, evaluations: 5, lastReductionAt: 5 };
    expect(applyPlateau({ lr: 0.1, momentum: 0.9 }, state, { minValue: { lr: 0.05 } })).toEqual({ lr: 0.05, momentum: 0.9 });
    const policy: Policy = { version: 1, lr: { type: 'constant', value: 0.1 }, momentum: { type: 'constant', value: 0.9 }, plateau: { applyTo: ['lr', 'momentum'], minValue: { lr: 0.05 } } };
    expect({ ...compilePolicy(policy).valuesAt(3, state) }).toEqual(applyPlateau({ lr: 0.1, momentum: 0.9 }, state, policy.plateau));
    expect(valuesAt(policy, 3, { plateau: state })).toEqual({ lr: 0.05, momentum: 0.225 });
  });
});

/**
 * Reference: fastai `ReduceLROnPlateau.after_epoch` with `TrackerCallback.after_epoch`
 * (fastai/callback/tracker.py, fastai/fastai commit 00e4569645120444761394ab73595ea80454189b):
 * comp(val - min_delta, best) with min_delta negated for np.less.
 */
class FastaiReduceLROnPlateau {
  best: number;
  wait = 0;
  constructor(
    public lr: number,
    readonly o: { less: boolean; minDelta: number; patience: number; factor: number; minLr: number },
  ) {
    this.best = o.less ? Infinity : -Infinity;
  }
  afterEpoch(val: number): void {
    const d = this.o.less ? -this.o.minDelta : this.o.minDelta;
    const newBest = this.o.less ? val - d < this.best : val - d > this.best;
    if (newBest) this.best = val;
    if (newBest) this.wait = 0;
    else {
      this.wait += 1;
      if (this.wait >= this.o.patience) {
        this.lr = Math.max(this.lr / this.o.factor, this.o.minLr);
        this.wait = 0;
      }
    }
  }
}

describe('plateauFromPeer', () => {
  const metricsArb = fc.array(fc.constantFrom(1, 0.99, 0.98, 0.9, 1.1, 0.5, 0.49999, 2), { minLength: 1, maxLength: 50 });

  it('reproduces PyTorch ReduceLROnPlateau from its kwargs', () => {
    fc.assert(
      fc.property(metricsArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom('rel', 'abs'), (metrics, patience, cooldown, mode) => {
        const kwargs = { mode: 'min', factor: 0.5, patience, threshold: 0.01, threshold_mode: mode, cooldown, min_lr: [1e-3, 1e-3], eps: 1e-8, verbose: false };
        const ref = new TorchReduceLROnPlateau(0.1, { mode: 'min', factor: 0.5, patience, threshold: 0.01, thresholdMode: mode as 'rel', cooldown, minLr: 1e-3, eps: 1e-8 });
        const expected = metrics.map((m) => (ref.step(m), ref.lr));
        ours(0.1, metrics, plateauFromPeer('pytorch', kwargs)).forEach((v, i) => close(v, expected[i]));
      }),
      { numRuns: 150 },
    );
  });

  it("reproduces Keras ReduceLROnPlateau from its config, with mode 'auto' read from the monitor", () => {
    expect(plateauFromPeer('keras', { monitor: 'val_accuracy' }).mode).toBe('max');
    expect(plateauFromPeer('keras', {}).mode).toBe('min');
    fc.assert(
      fc.property(metricsArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), (metrics, patience, cooldown) => {
        const config = { monitor: 'val_loss', factor: 0.2, patience, min_delta: 0.005, cooldown, min_lr: 0.002, verbose: 1 };
        const ref = new KerasReduceLROnPlateau(0.1, { mode: 'min', factor: 0.2, patience, minDelta: 0.005, cooldown, minLr: 0.002 });
        const expected = metrics.map((m) => (ref.onEpochEnd(m), ref.lr));
        ours(0.1, metrics, plateauFromPeer('keras', config)).forEach((v, i) => close(v, expected[i]));
      }),
      { numRuns: 150 },
    );
  });

  it('reproduces fastai ReduceLROnPlateau (factor divides, no cooldown)', () => {
    expect(plateauFromPeer('fastai', {}).factor).toBe(0.1);
    expect(plateauFromPeer('fastai', { monitor: 'accuracy' }).mode).toBe('max');
    fc.assert(
      fc.property(metricsArb, fc.integer({ min: 1, max: 3 }), fc.constantFrom('valid_loss', 'accuracy'), (metrics, patience, monitor) => {
        const ref = new FastaiReduceLROnPlateau(0.1, { less: monitor === 'valid_loss', minDelta: 0.01, patience, factor: 4, minLr: 1e-3 });
        const expected = metrics.map((m) => (ref.afterEpoch(m), ref.lr));
        ours(0.1, metrics, plateauFromPeer('fastai', { monitor, min_delta: 0.01, patience, factor: 4, min_lr: 1e-3 })).forEach((v, i) => close(v, expected[i]));
      }),
      { numRuns: 150 },
    );
  });

  it("maps timm's PlateauLRScheduler names and its 'max' default, ignoring its warmup and noise keys", () => {
    expect(plateauFromPeer('timm', { sched: 'plateau', decay_rate: 0.5, patience_t: 2, cooldown_t: 1, lr_min: 1e-5, warmup_t: 3, noise_pct: 0.67 })).toEqual({
      mode: 'max',
      factor: 0.5,
      patience: 2,
      threshold: 1e-4,
      thresholdMode: 'rel',
      trigger: '>',
      cooldown: 1,
      cooldownFrom: 'next',
      minValue: 1e-5,
      eps: 1e-8,
    });
  });

  it("refuses what the peer refuses, and unknown arguments", () => {
    expect(() => plateauFromPeer('pytorch', { factor: 1 })).toThrow(/Factor should be < 1.0/);
    expect(() => plateauFromPeer('keras', { factor: 2 })).toThrow(/factor >= 1.0/);
    expect(() => plateauFromPeer('fastai', { factor: 0.5 })).toThrow(/divides the lr by factor: it must be > 1/);
    expect(() => plateauFromPeer('pytorch', { min_lr: [1e-3, 1e-4] })).toThrow(/min_lr must be a number/);
    expect(() => plateauFromPeer('pytorch', { patiense: 3 })).toThrow(/unknown argument "patiense"/);
  });
});
