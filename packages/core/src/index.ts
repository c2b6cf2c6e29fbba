// @cyclr/core — the public surface, by concept, named re-exports only.

// ---- specs: the JSON documents
export type { Schedule, ScheduleType, SpecOf, Policy, HyperparameterValues } from './spec.js';
export { POLICY_RESERVED_KEYS } from './spec.js';

// ---- builders: sugar that returns validated, sealed specs
export {
  constant, linear, polynomial, exponential, inverseTime, inverseSqrt, stepDecay, multiStep, piecewiseConstant, piecewiseLinear,
  cosine, cosineRestarts, tanh, linearCosine, noisyLinearCosine, warmupStableDecay, cyclic, oneCycle,
  join, warmup, multiply, scale, clamp, repeat, noise, epochs,
  type BuilderOptions,
} from './builders.js';
export { oneCyclePolicy, cyclicPolicy, type OneCyclePolicyOptions, type CyclicPolicyOptions, type MomentumRange, type MomentumOptimizer } from './policies.js';

// ---- evaluation: pure functions of the step
export { valueAt, valuesAt, compileSchedule, compilePolicy, sample, policy, policyEntries, type SampleOptions, type CompiledPolicy } from './evaluate/api.js';

// ---- validation: untrusted JSON in, typed specs or every issue out
export { parseSchedule, parsePolicy, validateSchedule, validatePolicy } from './validate/parse.js';
export { scheduleJsonSchema, type JsonSchema } from './validate/json-schema.js';
export { ScheduleSpecError, formatIssues, formatPath, ISSUE_CODES, type SpecIssue, type SpecPath, type IssueCode } from './base/errors.js';

// ---- analysis: what a schedule does, in words and numbers
export { explainSchedule, formatValue, type ExplainedPhase, type ScheduleExplanation, type PolicyExplanation, type ExplainOptions } from './analysis/explain.js';
export { lintSchedule, LINT_OPTIMIZERS, KNOWN_HYPERPARAMETERS, type LintContext, type LintFinding } from './analysis/lint.js';
export { horizonOf, plannedStepsOf } from './analysis/horizon.js';
export { breakpointsOf } from './analysis/breakpoints.js';
export { stepsForCycles, epochsForCycles } from './analysis/cycles.js';
export { stretch } from './analysis/stretch.js';
export { isPiecewiseConstant } from './analysis/piecewise.js';

// ---- plateau control: metric-driven reductions that compose with any schedule
export { plateauInit, plateauUpdate, applyPlateau, validatePlateauState, type PlateauState } from './plateau/state.js';
export { validatePlateauOptions, resolvePlateauOptions, PLATEAU_DEFAULTS, type PlateauOptions, type ResolvedPlateauOptions } from './plateau/options.js';
export { plateauStep } from './plateau/step.js';
export { plateauFromPeer } from './plateau/peers.js';

// ---- LR range test: the sweep, its analysis, a live monitor
export { rangeTestSchedule, meanLossPerLr, type RangeTestScheduleOptions } from './range-test/schedule.js';
export {
  analyzeRangeTest, analyzeWeightDecaySweep, smoothRangeTestLosses,
  type RangeTestOptions, type RangeTestSmoothing, type RangeTestAnalysis, type RangeSuggestion, type SuggestionMethod, type UnavailableSuggestion, type WeightDecayRun, type WeightDecaySweepResult,
} from './range-test/analyze.js';
export { rangeTestMonitorInit, rangeTestMonitorUpdate, RANGE_TEST_PRESETS, type RangeTestMonitorOptions, type RangeTestMonitorState } from './range-test/monitor.js';
export {
  planRangeTest, rangeTestRunIssues, rangeTestRunInit, rangeTestRunUpdate, rangeTestRunResult, RANGE_TEST_RUN_DEFAULTS, RANGE_TEST_RUN_KEYS,
  type RangeTestRunOptions, type RangeTestAnalysisOptions, type AbortSignalLike, type RangeTestPlan, type RangeTestRunState, type RangeTestStop, type RangeTestRunResult,
} from './range-test/run.js';

// ---- interop: the peers' configs in, and out
export { fromTorch, fromTorchGroups, TORCH_SCHEDULERS, TORCH_REFUSED, type TorchOptimizer, type TorchImportOptions } from './interop/torch.js';
export { fromKeras, toKeras, KERAS_SCHEDULE_NAMES, KERAS_OPTIMIZER_DEFAULT_LR, type KerasConfig, type FromKerasOptions, type CyclicAmplitude } from './interop/keras.js';
export { fromOptax, OPTAX_SCHEDULE_NAMES, OPTAX_REFUSED } from './interop/optax.js';
export { toTorch } from './interop/to-torch.js';
export { toOptax } from './interop/to-optax.js';
export { fromTimm, TIMM_SCHEDULER_NAMES, TIMM_REFUSED } from './interop/timm.js';
export { fromTimmArgs, TIMM_ARGS_SCHEDULERS, type TimmArgsOptions } from './interop/timm-args.js';
export { fromTransformers, TRANSFORMERS_SCHEDULER_NAMES, TRANSFORMERS_REFUSED, type TransformersOptimizer } from './interop/transformers.js';
export { fromTrainingArguments, type TrainingArgumentsDataset } from './interop/training-arguments.js';

// ---- units: epochs, batch sizes, run lengths
export {
  stepsPerEpoch, epochsToSteps, stepsToEpochs, totalSteps, checkTotalSteps, scaleLr, goyalWarmup,
  type StepsPerEpochOptions, type TotalStepsCheck, type ScaleLrOptions, type GoyalWarmupOptions,
} from './units.js';
