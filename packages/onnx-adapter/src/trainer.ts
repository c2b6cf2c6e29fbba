import {
  compilePolicy, planRangeTest, plateauInit, plateauUpdate, policyEntries, rangeTestRunInit, rangeTestRunIssues, rangeTestRunResult, rangeTestRunUpdate, valueAt, valuesAt,
  RANGE_TEST_RUN_KEYS, type PlateauOptions, type PlateauState, type Policy, type RangeTestRunOptions, type RangeTestRunResult,
} from '@cyclr/core';
import { decodeCheckpoint, encodeCheckpoint, CheckpointError } from './checkpoint.js';
import { DEFAULT_BINDINGS, LOSS_OUTPUT, STATE_SUFFIX, STEP_INPUT } from './convention.js';
import { copyData, makeTensor, sizeOf, type SessionLike, type TensorConstructor, type TensorLike, type TypedData, type ValueMetadataLike } from './runtime.js';

/** A state tensor given as plain data (wrapped with the trainer's `Tensor`). */
export interface PlainTensor {
  data: TypedData;
  dims: readonly number[];
  /** default 'float32' */
  type?: string;
}

export interface TrainerOptions {
  /** a train-step session (see the convention in convention.ts) */
  session: SessionLike;
  /** the runtime's Tensor constructor (`ort.Tensor` from onnxruntime-node or onnxruntime-web) */
  Tensor: TensorConstructor;
  /** hyperparameter schedules; optional when every hyperparameter input is fixed or embedded */
  policy?: Policy;
  /** initial parameters and optimizer slots by input name; copied, never aliased */
  state: Record<string, TensorLike | PlainTensor>;
  /** policy hyperparameter name → graph input name; defaults: weightDecay → weight_decay, others the same name */
  bindings?: Record<string, string>;
  /** graph hyperparameter inputs held at a constant value (e.g. `{ weight_decay: 0 }`) */
  fixed?: Record<string, number>;
  /** state input → state output; default rule: `name` → `name.next` */
  stateOutputs?: Record<string, string>;
  /** name of the int64 scalar step input, default 'step' (fed when the graph declares it) */
  stepInput?: string;
  /** loss output, default 'loss' */
  loss?: string;
  /** completed updates so far, default 0 */
  startStep?: number;
  /** a forward-only session for `evaluate` (inputs: batch and a subset of the state names) */
  evalSession?: SessionLike;
  /** write outputs into preallocated double-buffered tensors (default true; needs a CPU runtime that supports output buffers) */
  preallocate?: boolean;
  /** passed to every `session.run` */
  runOptions?: unknown;
}

export interface StepResult {
  /** the step this update used (0-based count of completed updates before it) */
  step: number;
  loss: number;
  metrics: Record<string, number>;
  /** hyperparameter values as applied (read back from the float32 input or the graph's `.applied` output) */
  values: Record<string, number>;
}

/** Applied values, one entry per completed update of this trainer. */
export interface TrainerHistory {
  steps: number[];
  loss: number[];
  values: Record<string, number[]>;
}

export type Batch = Record<string, TensorLike>;
export type BatchSource = Iterable<Batch> | AsyncIterable<Batch> | ((epoch: number) => Iterable<Batch> | AsyncIterable<Batch>);

export interface FitOptions {
  /** default 1 */
  epochs?: number;
  /** after each step; fit waits for it (it may call the trainer's evaluate() and checkpoint()) */
  onStep?: (result: StepResult) => void | Promise<void>;
  /** after each epoch, after `validate`; fit waits for it (it may call evaluate() and checkpoint()) */
  onEpoch?: (summary: EpochSummary) => void | Promise<void>;
  /** called after each epoch (it may call evaluate() and checkpoint()); its number feeds plateau control (policy.plateau) */
  validate?: (trainer: Trainer) => number | Promise<number>;
  /** stops between steps; the state is that of the last completed step */
  signal?: AbortSignal;
}

export interface EpochSummary {
  epoch: number;
  step: number;
  /** mean training loss over the epoch's steps */
  loss: number;
  metric?: number;
  plateau?: PlateauState;
}

export interface FitResult {
  epochs: EpochSummary[];
  steps: number;
  aborted: boolean;
}

export interface EvaluateResult {
  loss: number;
  metrics: Record<string, number>;
  examples: number;
}

/**
 * The range test's options: core's `RangeTestRunOptions`, the same as `lrRangeTest`'s in
 * @cyclr/tfjs-adapter (`minLr` 1e-7, `maxLr` 10, `steps` 100 learning rates, `mode` 'exp',
 * `holdSteps` 1, `stopOnDivergence` true, `analysis`, `signal`), plus the hyperparameter swept.
 */
export interface RangeTestOptions extends RangeTestRunOptions {
  /** the policy hyperparameter swept, default 'lr' (the others hold their current values) */
  hyperparameter?: string;
  /** stops the test between updates: the promise rejects with `signal.reason`, the trainer unchanged */
  signal?: AbortSignal;
}

/**
 * Core's `RangeTestRunResult`: one point per learning rate (`lrs` as applied, in float32; `losses`
 * the mean over its `holdSteps` updates), `updates`, `stoppedEarly` and `reason`, and core's analysis.
 */
export type RangeTestResult = RangeTestRunResult;

/** What a TrainerError is about. */
export type TrainerErrorCode =
  /** createTrainer's options do not fit the model, or an operation needs an option the trainer lacks */
  | 'invalid_config'
  /** an operation's options are invalid */
  | 'invalid_options'
  /** a batch does not fit the model */
  | 'invalid_batch'
  /** another operation is running; nothing was changed */
  | 'busy'
  /** the batches ran out, or there were none */
  | 'no_data'
  /** the range test's loss stopped being finite before two learning rates were tried */
  | 'diverged';

/** A training loop over a train-step session; see createTrainer. */
export interface Trainer {
  /** completed updates (the step the next update uses) */
  readonly stepCount: number;
  readonly history: TrainerHistory;
  /** current plateau state (undefined without `policy.plateau`) */
  readonly plateau: PlateauState | undefined;
  /** how the graph's inputs were assigned */
  readonly roles: { batch: string[]; state: string[]; hyperparameters: Record<string, string>; embedded: Record<string, string>; fixed: Record<string, number>; step: string | undefined; metrics: string[] };
  /** the live state tensors (valid until the next step) */
  readonly state: Readonly<Record<string, TensorLike>>;
  /** a copy of every state tensor's data */
  readState(): Record<string, TypedData>;
  /** hyperparameter values the next update will use */
  nextValues(): Record<string, number>;
  step(batch: Batch): Promise<StepResult>;
  fit(batches: BatchSource, options?: FitOptions): Promise<FitResult>;
  evaluate(batches: Iterable<Batch> | AsyncIterable<Batch>): Promise<EvaluateResult>;
  /** feeds a validation metric to plateau control; returns the new plateau state */
  reportMetric(metric: number): PlateauState;
  /** the state, step and plateau state, with `meta` (a JSON object) in the header */
  checkpoint(meta?: Record<string, unknown>): Uint8Array;
  /**
   * Puts back a checkpoint's state, step and plateau state, after checking every field of its
   * header and that it fits this trainer (a CheckpointError otherwise, changing nothing); the
   * history keeps the entries of the steps before the restored one.
   */
  restore(bytes: Uint8Array): void;
  /**
   * LR range test over this trainer: sweeps the hyperparameter with core's planRangeTest (the
   * others held at their current values) on copies of the state tensors, starting the batches again
   * when they run out, and analyses the losses with core's rangeTestRunResult. The trainer's state,
   * step, plateau state and history are never touched.
   */
  rangeTest(batches: BatchSource, options?: RangeTestOptions): Promise<RangeTestResult>;
}

/** A configuration or input error (with what the model has), or a call refused; `code` says which. */
export class TrainerError extends Error {
  readonly code: TrainerErrorCode;

  constructor(message: string, code: TrainerErrorCode = 'invalid_config') {
    super(message);
    this.name = 'TrainerError';
    this.code = code;
  }
}

/** The trainer's operations; one runs at a time. */
type Operation = 'step' | 'fit' | 'rangeTest' | 'evaluate' | 'checkpoint' | 'restore' | 'reportMetric';

/** Operations that read the state without changing it: they may run while fit() awaits a callback. */
const READ_ONLY: ReadonlySet<Operation> = new Set(['evaluate', 'checkpoint']);

/** The two sets of state tensors a run reads from (`live`) and writes into (`other`). */
interface Buffers {
  live: Record<string, TensorLike>;
  other: Record<string, TensorLike>;
}

async function* iterate(source: Iterable<Batch> | AsyncIterable<Batch>): AsyncGenerator<Batch> {
  yield* source as AsyncIterable<Batch>;
}

/**
 * The batches of `source` over and over (an iterable is iterated again, a function called with the
 * pass number): a range test runs its planned updates however short the data. A pass that yields
 * nothing is a TrainerError: no batches at all, or a source that runs once (a generator).
 */
async function* cycle(source: BatchSource, planned: number, what: string): AsyncGenerator<Batch> {
  let yielded = 0;
  for (let pass = 0; ; pass++) {
    let any = false;
    for await (const batch of iterate(typeof source === 'function' ? source(pass) : source)) {
      any = true;
      yielded += 1;
      yield batch;
    }
    if (!any) {
      throw new TrainerError(
        pass === 0
          ? `${what}: got no batches`
          : `${what}: the batches ran out after ${yielded} of ${planned} updates and yield nothing when iterated again (a generator runs once): pass an array or a function (pass) => batches`,
        'no_data',
      );
    }
  }
}

const list = (names: Iterable<string>): string => [...names].map((n) => JSON.stringify(n)).join(', ') || '(none)';

function metadataByName(items: readonly ValueMetadataLike[] | undefined): Map<string, ValueMetadataLike> {
  return new Map((items ?? []).map((m) => [m.name, m]));
}

function shapeMatches(expected: ReadonlyArray<number | string> | undefined, dims: readonly number[], symbols: Map<string, number>): boolean {
  if (expected === undefined || expected.length === 0 && dims.length === 0) return true;
  if (expected.length !== dims.length) return false;
  for (let i = 0; i < dims.length; i++) {
    const e = expected[i];
    if (typeof e === 'number') {
      if (e >= 0 && e !== dims[i]) return false;
    } else if (e !== '' && e !== undefined) {
      const seen = symbols.get(e);
      if (seen === undefined) symbols.set(e, dims[i]);
      else if (seen !== dims[i]) return false;
    }
  }
  return true;
}

const showShape = (s: ReadonlyArray<number | string>): string => `[${s.map((d) => (typeof d === 'number' ? String(d) : d)).join(', ')}]`;

/**
 * A scheduled training loop over a train-step session.
 *
 * Roles of the graph inputs: the names in `state` are state; the policy's hyperparameters (through
 * `bindings`) and `fixed` are float32 scalars; the int64 scalar `step` input, if declared, gets the
 * step count; every other input is batch. All names are checked here against `session.inputNames`,
 * `session.outputNames` and, where the runtime provides them, the input types and shapes: a mismatch
 * is a TrainerError listing what the model has.
 *
 * Each `step(batch)` reads the values at the current step (`valuesAt(policy, step, { plateau })`)
 * before the update and increments after it. State stays in runtime tensors: outputs are written
 * into a second, preallocated set of tensors which is swapped in after a successful run, so a
 * failing run leaves the previous state intact.
 */
export function createTrainer(options: TrainerOptions): Trainer {
  const { session, Tensor } = options;
  if (session === undefined || typeof session.run !== 'function') throw new TrainerError('session must be an onnxruntime InferenceSession (node or web)');
  if (typeof Tensor !== 'function') throw new TrainerError('Tensor must be the runtime\'s Tensor constructor (ort.Tensor)');
  const policy = options.policy;
  const inputs = new Set(session.inputNames);
  const outputs = new Set(session.outputNames);
  const inMeta = metadataByName(session.inputMetadata);
  const outMeta = metadataByName(session.outputMetadata);
  const modelHas = `the model has inputs ${list(session.inputNames)} and outputs ${list(session.outputNames)}`;
  const problems: string[] = [];

  // ---- state
  const stateNames = Object.keys(options.state ?? {});
  if (stateNames.length === 0) problems.push('state is empty: give the initial parameters (and optimizer slots) by input name');
  const stateOut: Record<string, string> = {};
  for (const name of stateNames) {
    if (!inputs.has(name)) problems.push(`state tensor "${name}" is not a model input`);
    const out = options.stateOutputs?.[name] ?? name + STATE_SUFFIX;
    stateOut[name] = out;
    if (!outputs.has(out)) problems.push(`state tensor "${name}" has no updated output "${out}"`);
  }
  for (const key of Object.keys(options.stateOutputs ?? {})) {
    if (!stateNames.includes(key)) problems.push(`stateOutputs names "${key}", which is not in state`);
  }

  // ---- hyperparameters
  const hpInputs: Record<string, string> = {};
  const embedded: Record<string, string> = {};
  const entries = policy === undefined ? [] : policyEntries(policy);
  for (const [name] of entries) {
    const input = options.bindings?.[name] ?? DEFAULT_BINDINGS[name] ?? name;
    if (!inputs.has(input) && outputs.has(`${input}.applied`)) {
      embedded[name] = input; // computed inside the graph from `step`; recorded from `<input>.applied`
      continue;
    }
    hpInputs[name] = input;
    if (!inputs.has(input)) {
      problems.push(`the policy schedules "${name}", bound to graph input "${input}", which the model does not have (its hyperparameter inputs must be float32 scalars; bind another name with bindings: { ${name}: '<input>' })`);
    }
  }
  const fixed = { ...options.fixed };
  for (const [input, value] of Object.entries(fixed)) {
    if (!inputs.has(input)) problems.push(`fixed hyperparameter "${input}" is not a model input`);
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`fixed hyperparameter "${input}" must be a finite number, got ${String(value)}`);
    if (Object.values(hpInputs).includes(input)) problems.push(`"${input}" is both scheduled by the policy and fixed`);
  }
  const stepName = options.stepInput ?? STEP_INPUT;
  const stepInput = inputs.has(stepName) ? stepName : undefined;
  if (options.stepInput !== undefined && stepInput === undefined) problems.push(`stepInput "${options.stepInput}" is not a model input`);

  const hpSet = new Set([...Object.values(hpInputs), ...Object.keys(fixed)]);
  const knownHp = new Set([...Object.values(DEFAULT_BINDINGS), ...Object.values(options.bindings ?? {})]);
  const batchNames: string[] = [];
  for (const name of session.inputNames) {
    if (stateNames.includes(name) || hpSet.has(name) || name === stepInput) continue;
    const meta = inMeta.get(name);
    const scalarFloat = meta?.type === 'float32' && meta.shape?.length === 0;
    if (knownHp.has(name) && (meta === undefined || scalarFloat)) {
      problems.push(`graph input "${name}" is a hyperparameter that is neither scheduled nor fixed: add it to the policy or to fixed (e.g. fixed: { ${name}: 0 })`);
      continue;
    }
    batchNames.push(name);
  }
  const lossName = options.loss ?? LOSS_OUTPUT;
  if (!outputs.has(lossName)) problems.push(`loss output "${lossName}" is not a model output`);
  const stateOutSet = new Set(Object.values(stateOut));
  const metricNames: string[] = [];
  const appliedOutputs: Record<string, string> = {};
  for (const name of session.outputNames) {
    if (name === lossName || stateOutSet.has(name)) continue;
    if (name.endsWith('.applied')) {
      const input = name.slice(0, -'.applied'.length);
      const policyName = Object.keys(embedded).find((k) => embedded[k] === input) ?? input;
      appliedOutputs[policyName] = name;
    }
    else metricNames.push(name);
  }

  // ---- state tensors (copied) and their checks
  const current: Record<string, TensorLike> = {};
  const spare: Record<string, TensorLike> = {};
  for (const name of stateNames) {
    const given = options.state[name] as TensorLike | PlainTensor;
    const type = (given as TensorLike).type ?? (given as PlainTensor).type ?? 'float32';
    const dims = [...given.dims];
    let data: TypedData;
    try {
      data = copyData(type, given.data, `state tensor "${name}"`);
    } catch (e) {
      problems.push((e as Error).message);
      continue;
    }
    if (data.length !== sizeOf(dims)) problems.push(`state tensor "${name}" has ${data.length} elements but dims [${dims.join(', ')}]`);
    const meta = inMeta.get(name);
    if (meta?.type !== undefined && meta.type !== type) problems.push(`state tensor "${name}" is ${type}, the model input is ${meta.type}`);
    if (meta?.shape !== undefined && !shapeMatches(meta.shape, dims, new Map())) problems.push(`state tensor "${name}" has dims [${dims.join(', ')}], the model input has ${showShape(meta.shape)}`);
    const om = outMeta.get(stateOut[name]);
    if (om?.type !== undefined && om.type !== type) problems.push(`state output "${stateOut[name]}" is ${om.type}, its input "${name}" is ${type}`);
    current[name] = makeTensor(Tensor, type, data, dims);
    spare[name] = makeTensor(Tensor, type, copyData(type, data, name), dims);
  }
  if (policy !== undefined) {
    try {
      valuesAt(policy, options.startStep ?? 0);
    } catch (e) {
      problems.push(`the policy cannot be evaluated: ${(e as Error).message}`);
    }
  }
  if (problems.length > 0) throw new TrainerError(`cannot create the trainer:\n${problems.map((p) => `  ✖ ${p}`).join('\n')}\n${modelHas}`);

  // ---- persistent feeds and fetches
  const feeds: Record<string, TensorLike> = {};
  const hpData: Record<string, Float32Array> = {};
  for (const [name, input] of Object.entries(hpInputs)) {
    hpData[name] = new Float32Array(1);
    feeds[input] = makeTensor(Tensor, 'float32', hpData[name], []);
  }
  for (const [input, value] of Object.entries(fixed)) feeds[input] = makeTensor(Tensor, 'float32', new Float32Array([value]), []);
  const stepData = new BigInt64Array(1);
  if (stepInput !== undefined) feeds[stepInput] = makeTensor(Tensor, 'int64', stepData, []);
  const preallocate = options.preallocate !== false;
  const scalarOut: Record<string, TensorLike> = {};
  for (const name of [lossName, ...metricNames, ...Object.values(appliedOutputs)]) scalarOut[name] = makeTensor(Tensor, 'float32', new Float32Array(1), []);
  const fetchNames = [lossName, ...metricNames, ...Object.values(appliedOutputs), ...stateNames.map((n) => stateOut[n])];
  const fetches: Record<string, TensorLike> = { ...scalarOut };

  let stepCount = options.startStep ?? 0;
  if (!Number.isSafeInteger(stepCount) || stepCount < 0) throw new TrainerError(`startStep must be a non-negative integer, got ${String(stepCount)}`);
  const plateauOptions = policy?.plateau as PlateauOptions | undefined;
  let plateau: PlateauState | undefined = plateauOptions === undefined ? undefined : plateauInit(plateauOptions);
  /** the trainer's own state tensors; a range test runs on copies */
  const committed: Buffers = { live: current, other: spare };
  const history: TrainerHistory = { steps: [], loss: [], values: {} };
  for (const name of [...Object.keys(hpInputs), ...Object.keys(appliedOutputs)]) history.values[name] = [];

  const scalar = (t: TensorLike): number => Number((t.data as Float32Array)[0]);

  // core's shared runtime, compiled once: the values of valuesAt(policy, step, { plateau })
  const runtime = policy === undefined ? undefined : compilePolicy(policy);

  function nextValues(): Readonly<Record<string, number>> {
    if (runtime === undefined) return {};
    return runtime.valuesAt(stepCount, plateau);
  }

  // ---- one operation at a time
  // `running` is the operation in progress. While fit() awaits one of its callbacks the trainer is
  // between steps (`paused`), and one read-only operation (`nested`) may run inside it.
  let running: Operation | undefined;
  let paused = false;
  let nested: Operation | undefined;

  /** Starts `op`, or refuses it (a busy TrainerError, nothing changed); returns the function that ends it. */
  function begin(op: Operation): () => void {
    if (running === undefined) {
      running = op;
      return () => {
        running = undefined;
      };
    }
    if (paused && nested === undefined && READ_ONLY.has(op)) {
      nested = op;
      return () => {
        nested = undefined;
      };
    }
    throw new TrainerError(`${op}() refused: ${nested ?? running}() is running (a trainer runs one operation at a time: await each call)`, 'busy');
  }

  /** `fn` as one operation: refused at the call (a rejected promise) while another runs. */
  function guardedAsync<A extends unknown[], R>(op: Operation, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A): Promise<R> => {
      const end = begin(op);
      try {
        return await fn(...args);
      } finally {
        end();
      }
    };
  }

  function guardedSync<A extends unknown[], R>(op: Operation, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A): R => {
      const end = begin(op);
      try {
        return fn(...args);
      } finally {
        end();
      }
    };
  }

  /** Runs one of fit's callbacks, during which read-only operations may nest. */
  async function callback<T>(fn: () => T | Promise<T>): Promise<T> {
    paused = true;
    try {
      return await fn();
    } finally {
      paused = false;
    }
  }

  const symbols = new Map<string, number>();
  const batchSet = new Set(batchNames);

  function checkBatch(batch: Batch, where: string): void {
    if (typeof batch !== 'object' || batch === null) throw new TrainerError(`a batch must be an object of tensors by input name (${list(batchNames)}), got ${String(batch)}`, 'invalid_batch');
    let issues: string[] | undefined;
    symbols.clear();
    for (const name of batchNames) {
      const t = batch[name];
      if (t === undefined) {
        (issues ??= []).push(`missing batch input "${name}"`);
        continue;
      }
      const meta = inMeta.get(name);
      if (meta?.type !== undefined && t.type !== meta.type) (issues ??= []).push(`batch input "${name}" is ${t.type}, the model expects ${meta.type}`);
      if (meta?.shape !== undefined && !shapeMatches(meta.shape, t.dims, symbols)) {
        (issues ??= []).push(`batch input "${name}" has dims [${t.dims.join(', ')}], the model expects ${showShape(meta.shape)}${symbols.size > 0 ? ` (with ${[...symbols].map(([k, v]) => `${k} = ${v}`).join(', ')})` : ''}`);
      }
    }
    let count = 0;
    for (const name in batch) {
      count += 1;
      if (!batchSet.has(name)) (issues ??= []).push(`batch has "${name}", which is not a batch input of the model (batch inputs: ${list(batchNames)})`);
    }
    if (count === 0 && batchNames.length > 0) (issues ??= []).push('the batch is empty');
    if (issues !== undefined) throw new TrainerError(`bad batch at ${where}:\n${issues.map((p) => `  ✖ ${p}`).join('\n')}`, 'invalid_batch');
  }

  // per-step lists, resolved once
  const fedNames = Object.keys(hpInputs);
  const fedData = fedNames.map((n) => hpData[n]);
  const stateOutList = stateNames.map((n) => stateOut[n]);
  const appliedList = Object.entries(appliedOutputs);
  const historyLists: Array<[string, number[]]> = Object.entries(history.values);

  /**
   * One update of `buffers` with `values` at `step`: outputs go into `buffers.other` (or new
   * tensors), which become `buffers.live` only after a successful run.
   */
  async function run(buffers: Buffers, values: Readonly<Record<string, number>>, step: number, batch: Batch): Promise<Omit<StepResult, 'step'>> {
    const applied: Record<string, number> = {};
    for (let i = 0; i < fedNames.length; i++) {
      const data = fedData[i];
      data[0] = values[fedNames[i]];
      applied[fedNames[i]] = data[0];
    }
    if (stepInput !== undefined) stepData[0] = BigInt(step);
    for (let i = 0; i < batchNames.length; i++) feeds[batchNames[i]] = batch[batchNames[i]];
    for (let i = 0; i < stateNames.length; i++) feeds[stateNames[i]] = buffers.live[stateNames[i]];
    let result: Record<string, TensorLike>;
    if (preallocate) {
      for (let i = 0; i < stateNames.length; i++) fetches[stateOutList[i]] = buffers.other[stateNames[i]];
      result = await session.run(feeds, fetches, options.runOptions);
    } else {
      result = await session.run(feeds, fetchNames, options.runOptions);
    }
    const outs = preallocate ? scalarOut : result;
    const loss = scalar(outs[lossName]);
    const metrics: Record<string, number> = {};
    for (let i = 0; i < metricNames.length; i++) metrics[metricNames[i]] = scalar(outs[metricNames[i]]);
    for (let i = 0; i < appliedList.length; i++) applied[appliedList[i][0]] = scalar(outs[appliedList[i][1]]);
    if (preallocate) {
      const t = buffers.live;
      buffers.live = buffers.other;
      buffers.other = t;
    } else {
      const next: Record<string, TensorLike> = {};
      for (const name of stateNames) next[name] = result[stateOut[name]];
      buffers.other = buffers.live;
      buffers.live = next;
    }
    return { loss, metrics, values: applied };
  }

  /** One update of the trainer's own state at its step, recorded in the history. */
  async function trainStep(batch: Batch): Promise<StepResult> {
    checkBatch(batch, `step ${stepCount}`);
    const r = await run(committed, nextValues(), stepCount, batch);
    const used = stepCount;
    stepCount += 1;
    history.steps.push(used);
    history.loss.push(r.loss);
    for (let i = 0; i < historyLists.length; i++) historyLists[i][1].push(r.values[historyLists[i][0]]);
    return { step: used, ...r };
  }

  function reportMetric(metric: number): PlateauState {
    if (policy === undefined || plateauOptions === undefined || plateau === undefined) {
      throw new TrainerError('plateau control needs a policy with a plateau field (e.g. { ..., plateau: { patience: 2, factor: 0.5 } })');
    }
    const applyTo = plateauOptions.applyTo?.[0] ?? 'lr';
    const current = nextValues()[applyTo];
    plateau = plateauUpdate(plateau, metric, plateauOptions, current);
    return plateau;
  }

  async function fit(batches: BatchSource, fitOptions: FitOptions = {}): Promise<FitResult> {
    const epochs = fitOptions.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 1) throw new TrainerError(`epochs must be a positive integer, got ${String(epochs)}`, 'invalid_options');
    const summaries: EpochSummary[] = [];
    let steps = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const source = typeof batches === 'function' ? batches(epoch) : batches;
      let sum = 0;
      let count = 0;
      for await (const batch of iterate(source)) {
        if (fitOptions.signal?.aborted === true) return { epochs: summaries, steps, aborted: true };
        const r = await trainStep(batch);
        sum += r.loss;
        count += 1;
        steps += 1;
        const onStep = fitOptions.onStep;
        if (onStep !== undefined) await callback(() => onStep(r));
      }
      if (fitOptions.signal?.aborted === true) return { epochs: summaries, steps, aborted: true };
      const summary: EpochSummary = { epoch, step: stepCount, loss: count > 0 ? sum / count : Number.NaN };
      const validate = fitOptions.validate;
      if (validate !== undefined) {
        summary.metric = await callback(() => validate(trainer));
        if (plateauOptions !== undefined) summary.plateau = reportMetric(summary.metric);
      }
      summaries.push(summary);
      const onEpoch = fitOptions.onEpoch;
      if (onEpoch !== undefined) await callback(() => onEpoch(summary));
    }
    return { epochs: summaries, steps, aborted: false };
  }

  async function evaluate(batches: Iterable<Batch> | AsyncIterable<Batch>): Promise<EvaluateResult> {
    const ev = options.evalSession;
    if (ev === undefined) throw new TrainerError('evaluate() needs evalSession (a forward-only model: batch and parameter inputs, loss and metric outputs)');
    const evOutputs = ev.outputNames.filter((n) => n === lossName || !n.endsWith(STATE_SUFFIX));
    const missing = ev.inputNames.filter((n) => !stateNames.includes(n) && !batchNames.includes(n));
    if (missing.length > 0) throw new TrainerError(`evalSession has inputs ${list(missing)} that are neither batch nor state; it has inputs ${list(ev.inputNames)}`);
    let examples = 0;
    let index = 0;
    let loss = 0;
    const metrics: Record<string, number> = {};
    for await (const batch of iterate(batches)) {
      checkBatch(batch, `evaluation batch ${index++}`);
      const f: Record<string, TensorLike> = {};
      for (const name of ev.inputNames) f[name] = stateNames.includes(name) ? committed.live[name] : batch[name];
      const r = await ev.run(f, evOutputs, options.runOptions);
      const n = batch[batchNames[0]].dims[0] ?? 1;
      examples += n;
      loss += scalar(r[lossName]) * n;
      for (const m of evOutputs) if (m !== lossName) metrics[m] = (metrics[m] ?? 0) + scalar(r[m]) * n;
    }
    if (examples === 0) throw new TrainerError('evaluate() got no batches', 'no_data');
    for (const m of Object.keys(metrics)) metrics[m] /= examples;
    return { loss: loss / examples, metrics, examples };
  }

  function readState(): Record<string, TypedData> {
    const out: Record<string, TypedData> = {};
    for (const name of stateNames) out[name] = copyData(committed.live[name].type, committed.live[name].data, name);
    return out;
  }

  function checkpoint(meta: Record<string, unknown> = {}): Uint8Array {
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw new TrainerError(`checkpoint(meta): meta must be an object of JSON values, got ${Array.isArray(meta) ? 'an array' : String(meta)}`, 'invalid_options');
    const live = committed.live;
    return encodeCheckpoint({
      step: stepCount,
      plateau: plateau ?? null,
      tensors: stateNames.map((name) => ({ name, type: live[name].type, dims: [...live[name].dims], data: live[name].data as TypedData })),
      meta,
    });
  }

  function restore(bytes: Uint8Array): void {
    // every header field is checked here (the plateau state with core's validatePlateauState)
    const contents = decodeCheckpoint(bytes);
    const live = committed.live;
    const byName = new Map(contents.tensors.map((t) => [t.name, t]));
    const issues: string[] = [];
    for (const name of stateNames) {
      const t = byName.get(name);
      if (t === undefined) {
        issues.push(`it has no tensor "${name}"`);
        continue;
      }
      if (t.type !== live[name].type) issues.push(`tensor "${name}" is ${t.type}, the trainer's is ${live[name].type}`);
      if (t.dims.join(',') !== live[name].dims.join(',')) issues.push(`tensor "${name}" has dims [${t.dims.join(', ')}], the trainer's has [${live[name].dims.join(', ')}]`);
    }
    for (const name of byName.keys()) if (!stateNames.includes(name)) issues.push(`it has tensor ${JSON.stringify(name)}, which the trainer's state does not`);
    if (plateauOptions === undefined && contents.plateau !== null) issues.push('it has a plateau state, but this trainer\'s policy has no plateau control');
    if (issues.length > 0) throw new CheckpointError(`it does not match this trainer: ${issues.join('; ')}`);
    const nextPlateau = plateauOptions === undefined ? undefined : (contents.plateau ?? plateauInit(plateauOptions));
    // the next step() reads the values at the restored step: they must exist before anything changes
    try {
      runtime?.valuesAt(contents.step, nextPlateau);
    } catch (e) {
      throw new CheckpointError(`the policy has no values at its step ${contents.step} with its plateau state: ${(e as Error).message}`);
    }
    for (const name of stateNames) (live[name].data as TypedData).set(byName.get(name)!.data as never);
    stepCount = contents.step;
    plateau = nextPlateau;
    // the history keeps the updates before the restored step
    let keep = history.steps.length;
    while (keep > 0 && history.steps[keep - 1] >= stepCount) keep -= 1;
    history.steps.length = keep;
    history.loss.length = keep;
    for (const [, values] of historyLists) values.length = keep;
  }

  const RANGE_TEST_KEYS = [...RANGE_TEST_RUN_KEYS, 'hyperparameter'];

  async function rangeTest(batches: BatchSource, rt: RangeTestOptions = {}): Promise<RangeTestResult> {
    const issues = typeof rt === 'object' && rt !== null ? rangeTestRunIssues(rt) : [`the options must be an object, got ${String(rt)}`];
    for (const key of Object.keys(rt ?? {})) {
      if (key === 'stopFactor') issues.push('stopFactor is gone: the test stops where the analysis finds divergence, set by analysis.divergeFactor (on the smoothed loss), or never with stopOnDivergence: false');
      else if (!RANGE_TEST_KEYS.includes(key)) issues.push(`unknown option ${JSON.stringify(key)} (rangeTest takes ${RANGE_TEST_KEYS.join(', ')})`);
    }
    const hp = rt?.hyperparameter ?? 'lr';
    if (issues.length === 0 && !Object.prototype.hasOwnProperty.call(hpInputs, hp)) issues.push(`hyperparameter ${JSON.stringify(hp)} is not a hyperparameter the policy feeds to the graph (fed: ${list(Object.keys(hpInputs))})`);
    if (issues.length > 0) throw new TrainerError(`invalid rangeTest options:\n${issues.map((p) => `  ✖ ${p}`).join('\n')}`, 'invalid_options');
    const plan = planRangeTest(rt);
    const held = nextValues();
    // the sweep runs on copies: the trainer's own tensors, step, plateau state and history stay as they are
    const copies = (from: Record<string, TensorLike>) => Object.fromEntries(stateNames.map((n) => [n, makeTensor(Tensor, from[n].type, copyData(from[n].type, from[n].data, n), from[n].dims)]));
    const buffers: Buffers = { live: copies(committed.live), other: copies(committed.live) };
    const lrs: number[] = [];
    const losses: number[] = [];
    let state = rangeTestRunInit();
    for await (const batch of cycle(batches, plan.updates, 'rangeTest()')) {
      if (rt.signal?.aborted === true) throw rt.signal.reason ?? new Error('the range test was aborted');
      const u = state.updates;
      checkBatch(batch, `range test update ${u}`);
      const r = await run(buffers, { ...held, [hp]: valueAt(plan.schedule, u) }, stepCount + u, batch);
      lrs.push(r.values[hp]);
      losses.push(r.loss);
      state = rangeTestRunUpdate(plan, state, r.loss);
      if (state.stop !== undefined) break;
    }
    try {
      return rangeTestRunResult(plan, lrs, losses, state);
    } catch (e) {
      throw new TrainerError(`rangeTest(): ${(e as Error).message} (it stopped after ${lrs.length} update(s) from minLr ${plan.minLr}: lower minLr or check the model and the data)`, 'diverged');
    }
  }

  const trainer: Trainer = {
    get stepCount() {
      return stepCount;
    },
    history,
    get plateau() {
      return plateau;
    },
    roles: { batch: batchNames, state: stateNames, hyperparameters: hpInputs, embedded, fixed, step: stepInput, metrics: metricNames },
    get state() {
      return committed.live;
    },
    readState,
    nextValues: () => ({ ...nextValues() }),
    step: guardedAsync('step', trainStep),
    fit: guardedAsync('fit', fit),
    evaluate: guardedAsync('evaluate', evaluate),
    reportMetric: guardedSync('reportMetric', reportMetric),
    checkpoint: guardedSync('checkpoint', checkpoint),
    restore: guardedSync('restore', restore),
    rangeTest: guardedAsync('rangeTest', rangeTest),
  };
  return trainer;
}
