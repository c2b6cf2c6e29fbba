/**
 * `scheduleCallback`: a `model.fit` / `fitDataset` callback that binds the model's optimizer to a
 * policy for the length of training.
 *
 * - every batch begin: sets the scheduled hyperparameters (the binding sets them again, identically,
 *   right before the update, so `trainOnBatch` inside a callback stays on schedule too);
 * - every epoch end: writes the values applied by the epoch's last update into the logs
 *   (`history.history.lr`, like Keras), then feeds the monitored metric to the plateau controller
 *   when the policy has `plateau`;
 * - with `stopOnNonFinite`, a non-finite loss stops training and puts back the weights and optimizer
 *   state of the last epoch that ended with a finite loss.
 */
import type { Optimizer } from '@tensorflow/tfjs-core';
import { parsePolicy, type PlateauState, type Policy } from '@cyclr/core';
import { bindOptimizer, type AppliedRecord, type OptimizerBinding } from './bind.js';
import { TfjsAdapterError } from './errors.js';
import { boolean, check, checkOptions, isInteger, nonEmptyString, patterns, plainObject } from './options.js';
import { disposeWeights, restoreWeights, snapshotWeights, type LayersModelLike, type WeightsSnapshot } from './model-weights.js';
import { disposeOptimizerSnapshot, restoreOptimizer, snapshotOptimizer, type OptimizerSnapshot } from './optimizer-quirks.js';

/** Epoch and batch logs as tfjs passes them (numbers, or scalar tensors not yet read). */
export type CallbackLogs = Record<string, unknown>;
type Logs = CallbackLogs;

/** `tf.Callback` of the user's tfjs build (the class is taken from there, never imported). */
export type CallbackBase = abstract new () => { model?: unknown };

export interface ScheduleCallbackOptions {
  /** the user's `tf` (`@tensorflow/tfjs` or `tfjs-node`): the callback is a `tf.Callback` subclass */
  tf?: { Callback: CallbackBase };
  /** or the model: the callback is a plain callback-args object that fit wraps itself */
  model?: LayersModelLike;
  /** metric fed to the plateau controller, default 'val_loss' */
  monitor?: string;
  /**
   * stop on a non-finite loss and put back the weights and the optimizer state (slots, iterations) of
   * the last epoch that ended with a finite loss (default false)
   */
  stopOnNonFinite?: boolean;
  /** see `bindOptimizer` */
  initialStep?: number;
  weightDecayExclude?: ReadonlyArray<string | RegExp>;
  plateauState?: PlateauState;
}

const OPTIONS = {
  tf: check((v) => typeof v === 'object' && v !== null && typeof (v as { Callback?: unknown }).Callback === 'function', "the tfjs namespace (with tf.Callback)"),
  model: check((v) => typeof v === 'object' && v !== null && Array.isArray((v as { weights?: unknown }).weights), 'a tfjs LayersModel'),
  monitor: nonEmptyString,
  stopOnNonFinite: boolean,
  initialStep: isInteger(0),
  weightDecayExclude: patterns,
  plateauState: plainObject,
};

/** What the callback exposes besides the callback methods. */
export interface ScheduleCallbackState {
  /** applied values of every update, across fit calls */
  readonly history: AppliedRecord[];
  /** the binding while training runs, undefined otherwise */
  readonly binding: OptimizerBinding | undefined;
  readonly plateauState: PlateauState | undefined;
  /** true after training stopped on a non-finite loss */
  readonly stoppedOnNonFinite: boolean;
}

/** The callback methods tfjs calls (the shape of tfjs-layers' `CustomCallbackArgs`). */
export interface ScheduleCallbackHooks {
  onTrainBegin(logs?: CallbackLogs): Promise<void>;
  onTrainEnd(logs?: CallbackLogs): Promise<void>;
  onBatchBegin(batch: number, logs?: CallbackLogs): Promise<void>;
  onBatchEnd?(batch: number, logs?: CallbackLogs): Promise<void>;
  onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void>;
}
type Hooks = ScheduleCallbackHooks;

/**
 * What `scheduleCallback` returns: goes straight into `model.fit(x, y, { callbacks: [...] })` and
 * `fitDataset` (it is assignable to tfjs's callback types, no cast needed), and carries the state.
 */
export type ScheduleCallback = ScheduleCallbackHooks & ScheduleCallbackState;

/** Replaces scalar tensors in logs by numbers, in place (tfjs hands `tf.Callback`s unresolved logs). */
async function resolveLogs(logs: Logs | undefined): Promise<void> {
  if (logs === undefined) return;
  for (const [key, value] of Object.entries(logs)) {
    if (typeof value === 'object' && value !== null && typeof (value as { data?: unknown }).data === 'function') {
      logs[key] = (await (value as { data(): Promise<ArrayLike<number>> }).data())[0];
    }
  }
}

function isFiniteNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}

function controller(policy: Policy, o: ScheduleCallbackOptions, getModel: () => LayersModelLike | undefined): Hooks & ScheduleCallbackState {
  const history: AppliedRecord[] = [];
  let binding: OptimizerBinding | undefined;
  let plateau = o.plateauState as PlateauState | undefined;
  let good: { weights: WeightsSnapshot; optimizer: OptimizerSnapshot } | undefined;
  let nonFinite = false;
  let stopped = false;
  const monitor = o.monitor ?? 'val_loss';

  const model = (): LayersModelLike => {
    const m = getModel();
    if (m === undefined) throw new TfjsAdapterError('no_model', 'scheduleCallback has no model: pass it to model.fit/fitDataset as a callback');
    return m;
  };

  const release = (unbind = true): void => {
    if (unbind) {
      binding?.unbind();
      binding = undefined;
    }
    if (good !== undefined) {
      disposeWeights(good.weights);
      disposeOptimizerSnapshot(good.optimizer);
    }
    good = undefined;
  };
  const snapshot = (m: LayersModelLike) => ({ weights: snapshotWeights(m), optimizer: snapshotOptimizer(m.optimizer as Optimizer) });

  const hooks: Hooks = {
    async onTrainBegin() {
      const m = model();
      if (m.optimizer == null) throw new TfjsAdapterError('not_compiled', 'the model has no optimizer: compile it before fit');
      nonFinite = false;
      binding = bindOptimizer(m.optimizer as Optimizer, policy, {
        initialStep: o.initialStep === undefined ? undefined : o.initialStep + history.length,
        weightDecayExclude: o.weightDecayExclude,
        plateauState: plateau,
        history,
      });
      if (o.stopOnNonFinite) good = snapshot(m);
    },
    async onTrainEnd() {
      plateau = binding?.plateauState ?? plateau;
      release();
    },
    async onBatchBegin() {
      binding?.apply();
    },
    async onEpochEnd(_epoch, logs) {
      const m = model();
      await resolveLogs(logs);
      if (binding === undefined) return;
      const last = history[history.length - 1];
      if (logs !== undefined && last !== undefined) for (const [name, value] of Object.entries(last.values)) logs[name] = value;
      if (o.stopOnNonFinite) {
        if (nonFinite || (logs !== undefined && 'loss' in logs && !isFiniteNumber(logs.loss))) {
          if (good !== undefined) {
            restoreWeights(m, good.weights);
            restoreOptimizer(m.optimizer as Optimizer, good.optimizer);
          }
          good = undefined;
          m.stopTraining = true;
          stopped = true;
          return;
        }
        release(false);
        good = snapshot(m);
      }
      if (binding.policy.plateau !== undefined) {
        const metric = logs?.[monitor];
        if (typeof metric !== 'number') {
          throw new TfjsAdapterError('missing_metric', `the policy has plateau control monitoring ${JSON.stringify(monitor)}, which the epoch logs lack (they have ${Object.keys(logs ?? {}).join(', ') || 'nothing'}); pass validation data to fit or set options.monitor`);
        }
        plateau = binding.observe(metric);
      }
    },
  };
  if (o.stopOnNonFinite) {
    hooks.onBatchEnd = async (_batch, logs) => {
      await resolveLogs(logs);
      if (logs !== undefined && 'loss' in logs && !isFiniteNumber(logs.loss)) {
        nonFinite = true;
        model().stopTraining = true;
      }
    };
  }
  // getters, not values: Object.assign would copy today's values once
  return Object.defineProperties(hooks, {
    history: { get: () => history, enumerable: true },
    binding: { get: () => binding, enumerable: true },
    plateauState: { get: () => binding?.plateauState ?? plateau, enumerable: true },
    stoppedOnNonFinite: { get: () => stopped, enumerable: true },
  }) as Hooks & ScheduleCallbackState;
}

/**
 * A callback for `model.fit` / `model.fitDataset` that schedules the model's optimizer with `policy`.
 * With `{ tf }` it is an instance of the user's `tf.Callback`; with `{ model }` it is a plain
 * callback-args object. Either way it also carries `history`, `plateauState`, `stoppedOnNonFinite`.
 */
export function scheduleCallback(policy: Policy, options: ScheduleCallbackOptions): ScheduleCallback {
  const parsed = parsePolicy(policy);
  const o = checkOptions<ScheduleCallbackOptions>(options, OPTIONS, 'scheduleCallback', (v, problems) => {
    if (v.tf === undefined && v.model === undefined) problems.push({ path: '(root)', message: "pass the user's tf ({ tf }) or the model ({ model })" });
  });
  if (o.tf !== undefined) {
    const Base = (options.tf as { Callback: CallbackBase }).Callback;
    const holder: { self?: { model?: unknown } } = {};
    const c = controller(parsed, o, () => (o.model ?? holder.self?.model) as LayersModelLike | undefined);
    class ScheduleCallback extends Base {
      get history() {
        return c.history;
      }
      get binding() {
        return c.binding;
      }
      get plateauState() {
        return c.plateauState;
      }
      get stoppedOnNonFinite() {
        return c.stoppedOnNonFinite;
      }
      async onTrainBegin(logs?: Logs) {
        await c.onTrainBegin(logs);
      }
      async onTrainEnd(logs?: Logs) {
        await c.onTrainEnd(logs);
      }
      async onBatchBegin(batch: number, logs?: Logs) {
        await c.onBatchBegin(batch, logs);
      }
      async onBatchEnd(batch: number, logs?: Logs) {
        await c.onBatchEnd?.(batch, logs);
      }
      async onEpochEnd(epoch: number, logs?: Logs) {
        await c.onEpochEnd(epoch, logs);
      }
    }
    const instance = new ScheduleCallback();
    holder.self = instance;
    return instance;
  }
  return controller(parsed, o, () => o.model);
}
