/**
 * Everything this package knows about the insides of the tfjs optimizer classes (tfjs-core 4.x,
 * `src/optimizers/*`), in one place. Nothing else in the package touches an optimizer's protected
 * fields.
 *
 * - SGD and Momentum keep `-lr` in a cached scalar tensor `c`: only `setLearningRate()` changes it.
 * - `MomentumOptimizer.setMomentum()` sets a number, but updates use the scalar tensor `m` made in the
 *   constructor, so it has no effect: we replace `m` (and dispose the old one).
 * - Adam, Adamax, RMSProp, Adagrad and Adadelta read numeric fields each step: we assign them.
 * - Adam and Adamax keep the bias-correction product in `accBeta1` (Adam also `accBeta2`) and multiply
 *   it by the beta of the step just taken. When a scheduled beta changes, the product no longer matches
 *   the beta in use; we reset it to `beta^(t+1)` with the new beta, which is the bias correction
 *   PyTorch and Keras use with a scheduled beta (`1 - beta_t^(t+1)`) and what tfjs's own `setWeights`
 *   does. While the beta does not change the optimizer's own arithmetic is left untouched, so a
 *   constant schedule stays bit-for-bit identical to a plain optimizer.
 * - Adamax's `getWeights()`/`setWeights()` throw, and every class's `setWeights()` makes new slot
 *   variables without disposing the old ones; state snapshots therefore copy the slot variables,
 *   scalar state variables and cached tensors listed here, and restore them in place.
 */
import type { Optimizer, Tensor, Variable } from '@tensorflow/tfjs-core';
import { keep, scalar, tidy } from './tf-runtime.js';

/** An optimizer seen from the inside: its protected fields by name. */
export type OptimizerInternals = Record<string, unknown> & { learningRate?: unknown };

export interface SlotEntry {
  originalName: string;
  variable: Variable;
}

/** How one hyperparameter of one class is written and read back. */
export interface HyperparameterQuirk {
  /** sets `value` for the update at 0-based step `step` (called before that update) */
  set(opt: OptimizerInternals, value: number, step: number): void;
  /** the value the next update will use, read back from the optimizer */
  read(opt: OptimizerInternals): number;
}

export interface OptimizerQuirks {
  /** tfjs `className` */
  className: string;
  /** hyperparameters by policy name */
  hyperparameters: Record<string, HyperparameterQuirk>;
  /** fields holding arrays of `{ originalName, variable }` slots */
  slotLists: string[];
  /** fields holding scalar `tf.Variable`s updated in place */
  stateVariables: string[];
  /** fields holding plain cached tensors (replaced, not assigned) */
  stateTensors: string[];
  /** numeric fields that are part of the state */
  numericFields: string[];
}

function numberField(field: string): HyperparameterQuirk {
  return {
    set(opt, value) {
      opt[field] = value;
    },
    read: (opt) => opt[field] as number,
  };
}

/** SGD and Momentum: `-lr` lives in the scalar tensor `c`, rebuilt by `setLearningRate`. */
const cachedLearningRate: HyperparameterQuirk = {
  set(opt, value) {
    if (opt.learningRate !== value) (opt as unknown as { setLearningRate(lr: number): void }).setLearningRate(value);
  },
  read: (opt) => opt.learningRate as number,
};

/** The value held in Momentum's `m` tensor, per optimizer, when this package put it there. */
const momentumTensorValue = new WeakMap<object, number>();

/** Momentum: updates read the scalar tensor `m`; `setMomentum` only sets a number. */
const cachedMomentum: HyperparameterQuirk = {
  set(opt, value) {
    if (momentumTensorValue.get(opt) === value && opt.momentum === value) return;
    const old = opt.m as Tensor | undefined;
    opt.m = keep(scalar(value));
    old?.dispose();
    opt.momentum = value;
    momentumTensorValue.set(opt, value);
  },
  read: (opt) => opt.momentum as number,
};

/** A beta with a bias-correction accumulator: reset `acc` to `beta^(t+1)` when the beta changes. */
function betaWithAccumulator(field: string, accumulator: string): HyperparameterQuirk {
  return {
    set(opt, value, step) {
      if (opt[field] === value) return;
      opt[field] = value;
      const acc = opt[accumulator] as Variable;
      tidy(() => acc.assign(scalar(Math.pow(value, step + 1))));
    },
    read: (opt) => opt[field] as number,
  };
}

const lr = numberField('learningRate');

const SGD: OptimizerQuirks = {
  className: 'SGD',
  hyperparameters: { lr: cachedLearningRate },
  slotLists: [],
  stateVariables: [],
  stateTensors: ['c'],
  numericFields: ['learningRate'],
};

const QUIRKS: Record<string, OptimizerQuirks> = {
  SGD,
  Momentum: {
    className: 'Momentum',
    hyperparameters: { lr: cachedLearningRate, momentum: cachedMomentum },
    slotLists: ['accumulations'],
    stateVariables: [],
    stateTensors: ['c', 'm'],
    numericFields: ['learningRate', 'momentum'],
  },
  Adam: {
    className: 'Adam',
    hyperparameters: { lr, beta1: betaWithAccumulator('beta1', 'accBeta1'), beta2: betaWithAccumulator('beta2', 'accBeta2') },
    slotLists: ['accumulatedFirstMoment', 'accumulatedSecondMoment'],
    stateVariables: ['accBeta1', 'accBeta2'],
    stateTensors: [],
    numericFields: ['learningRate', 'beta1', 'beta2'],
  },
  Adamax: {
    className: 'Adamax',
    hyperparameters: { lr, beta1: betaWithAccumulator('beta1', 'accBeta1'), beta2: numberField('beta2') },
    slotLists: ['accumulatedFirstMoment', 'accumulatedWeightedInfNorm'],
    stateVariables: ['accBeta1', 'iteration'],
    stateTensors: [],
    numericFields: ['learningRate', 'beta1', 'beta2'],
  },
  RMSProp: {
    className: 'RMSProp',
    hyperparameters: { lr, momentum: numberField('momentum'), rho: numberField('decay') },
    slotLists: ['accumulatedMeanSquares', 'accumulatedMoments', 'accumulatedMeanGrads'],
    stateVariables: [],
    stateTensors: [],
    numericFields: ['learningRate', 'momentum', 'decay'],
  },
  Adagrad: {
    className: 'Adagrad',
    hyperparameters: { lr },
    slotLists: ['accumulatedGrads'],
    stateVariables: [],
    stateTensors: [],
    numericFields: ['learningRate'],
  },
  Adadelta: {
    className: 'Adadelta',
    hyperparameters: { lr, rho: numberField('rho') },
    slotLists: ['accumulatedGrads', 'accumulatedUpdates'],
    stateVariables: [],
    stateTensors: [],
    numericFields: ['learningRate', 'rho'],
  },
};

/** Hyperparameters the binding itself applies (not optimizer fields), accepted for every class. */
export const BINDING_HYPERPARAMETERS = ['weightDecay'] as const;

/** Class names this package supports. */
export const SUPPORTED_OPTIMIZERS = Object.keys(QUIRKS);

/** The tfjs class name of an optimizer instance (`'Adam'`, ...), or undefined when it has none. */
export function optimizerClassName(optimizer: unknown): string | undefined {
  if (typeof optimizer !== 'object' || optimizer === null) return undefined;
  const name = (optimizer.constructor as { className?: unknown } | undefined)?.className;
  return typeof name === 'string' ? name : undefined;
}

/** The quirks of `optimizer`'s class; throws a TypeError naming the class for unknown ones. */
export function quirksFor(optimizer: unknown): OptimizerQuirks {
  const name = optimizerClassName(optimizer);
  const looksLikeOptimizer = typeof (optimizer as { applyGradients?: unknown } | null)?.applyGradients === 'function';
  if (name === undefined || !Object.prototype.hasOwnProperty.call(QUIRKS, name) || !looksLikeOptimizer) {
    const what = !looksLikeOptimizer ? 'is not a tfjs optimizer' : `is of class ${JSON.stringify(name ?? '(unnamed)')}, which is not supported`;
    throw new TypeError(`the optimizer ${what}; supported: ${SUPPORTED_OPTIMIZERS.join(', ')} (tf.train.sgd, momentum, adam, adamax, rmsprop, adagrad, adadelta)`);
  }
  return QUIRKS[name];
}

/** Names a class accepts in a policy: its own hyperparameters plus the binding's. */
export function acceptedHyperparameters(quirks: OptimizerQuirks): string[] {
  return [...Object.keys(quirks.hyperparameters), ...BINDING_HYPERPARAMETERS];
}

// ---------------------------------------------------------------- full state snapshots

export interface SlotListSnapshot {
  field: string;
  /** the slot entries that existed (same objects), with a copy of each value */
  entries: Array<{ entry: SlotEntry; value: Tensor } | undefined>;
}

/** A copy of everything an optimizer updates, restorable bit-for-bit in place. */
export interface OptimizerSnapshot {
  iterations: number | undefined;
  numbers: Record<string, unknown>;
  tensors: Record<string, Tensor | undefined>;
  variables: Record<string, Tensor>;
  slots: SlotListSnapshot[];
  momentumTensorValue: number | undefined;
}

/**
 * Copies the optimizer's full state: iterations, numeric hyperparameters, cached tensors, scalar state
 * variables and every slot variable. Copies share memory with the originals until they change
 * (`clone`), so a snapshot costs one copy of what later changes.
 */
export function snapshotOptimizer(optimizer: Optimizer): OptimizerSnapshot {
  const opt = optimizer as unknown as OptimizerInternals;
  const q = quirksFor(optimizer);
  const numbers: Record<string, unknown> = {};
  for (const f of q.numericFields) numbers[f] = opt[f];
  const tensors: Record<string, Tensor | undefined> = {};
  for (const f of q.stateTensors) tensors[f] = opt[f] == null ? undefined : keep((opt[f] as Tensor).clone());
  const variables: Record<string, Tensor> = {};
  for (const f of q.stateVariables) variables[f] = keep((opt[f] as Variable).clone());
  const slots: SlotListSnapshot[] = q.slotLists.map((field) => {
    const list = (opt[field] as Array<SlotEntry | undefined> | undefined) ?? [];
    return { field, entries: list.map((entry) => (entry == null ? undefined : { entry, value: keep(entry.variable.clone()) })) };
  });
  return { iterations: opt.iterations_ as number | undefined, numbers, tensors, variables, slots, momentumTensorValue: momentumTensorValue.get(opt) };
}

/**
 * Puts the optimizer back exactly as `snapshot` saw it: slot variables that existed are assigned their
 * saved values in place, slots created since are disposed and removed. With `dispose: false` the
 * snapshot stays usable for another restore (default: it is disposed).
 */
export function restoreOptimizer(optimizer: Optimizer, snapshot: OptimizerSnapshot, options: { dispose?: boolean } = {}): void {
  const consume = options.dispose !== false;
  const opt = optimizer as unknown as OptimizerInternals;
  for (const [f, v] of Object.entries(snapshot.numbers)) opt[f] = v;
  opt.iterations_ = snapshot.iterations;
  for (const [f, saved] of Object.entries(snapshot.tensors)) {
    const current = opt[f] as Tensor | undefined;
    const next = saved === undefined || consume ? saved : keep(saved.clone());
    if (current !== next) current?.dispose();
    opt[f] = next;
  }
  if (snapshot.momentumTensorValue === undefined) momentumTensorValue.delete(opt);
  else momentumTensorValue.set(opt, snapshot.momentumTensorValue);
  for (const [f, saved] of Object.entries(snapshot.variables)) {
    (opt[f] as Variable).assign(saved);
    if (consume) saved.dispose();
  }
  for (const { field, entries } of snapshot.slots) {
    const list = (opt[field] as Array<SlotEntry | undefined> | undefined) ?? [];
    for (let i = 0; i < list.length; i++) {
      const now = list[i];
      const then = entries[i];
      if (then !== undefined && now === then.entry) {
        now.variable.assign(then.value);
      } else if (now != null) {
        now.variable.dispose();
        if (then !== undefined && !then.entry.variable.isDisposed) then.entry.variable.assign(then.value);
      }
    }
    if (consume) for (const e of entries) e?.value.dispose();
    opt[field] = entries.map((e) => e?.entry) as unknown;
  }
}

/** Disposes a snapshot without restoring it. */
export function disposeOptimizerSnapshot(snapshot: OptimizerSnapshot): void {
  for (const t of Object.values(snapshot.tensors)) t?.dispose();
  for (const t of Object.values(snapshot.variables)) t.dispose();
  for (const { entries } of snapshot.slots) for (const e of entries) e?.value.dispose();
}
