// @cyclr/tfjs-adapter — the public surface, named re-exports only. Nothing registers at import time.
export { bindOptimizer, type AppliedRecord, type BindOptions, type OptimizerBinding } from './bind.js';
export { SUPPORTED_OPTIMIZERS, acceptedHyperparameters, quirksFor, optimizerClassName, snapshotOptimizer, restoreOptimizer, disposeOptimizerSnapshot, type OptimizerQuirks, type OptimizerSnapshot, type HyperparameterQuirk, type SlotListSnapshot, type SlotEntry, type OptimizerInternals } from './optimizer-quirks.js';
export { TfjsAdapterError } from './errors.js';
export { scheduleCallback, type ScheduleCallback, type ScheduleCallbackHooks, type ScheduleCallbackOptions, type ScheduleCallbackState, type CallbackBase, type CallbackLogs } from './callback.js';
export type { LayersModelLike } from './model-weights.js';
export { lrRangeTest, type LrRangeTestOptions, type RangeTestResult, type RangeTestRun } from './range-test.js';
export type { Batch, BatchData, DatasetLike, TensorData } from './data.js';
