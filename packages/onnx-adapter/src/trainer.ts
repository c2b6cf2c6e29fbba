import { analyzeRangeTest, compilePolicy, plateauInit, plateauUpdate, policyEntries, rangeTestSchedule, valuesAt, type PlateauOptions, type PlateauState, type Policy, type RangeTestAnalysis, type RangeTestOptions as CoreRangeTestOptions } from '@cyclr/core';
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
  onStep?: (result: StepResult) => void | Promise<void>;
  onEpoch?: (summary: EpochSummary) => void | Promise<void>;
  /** called after each epoch; its number feeds plateau control (policy.plateau) */
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

export interface RangeTestOptions {
  /** learning rate at the first update, default 1e-6 */
  minLr?: number;
  /** learning rate at the last update, default 1 */
  maxLr?: number;
  /** updates in the sweep, default 100 (fewer if the batches run out or the loss diverges) */
  steps?: number;
  /** 'exp' (default) or 'linear' (core's rangeTestSchedule) */
  mode?: 'exp' | 'linear';
  /** the policy hyperparameter swept, default 'lr' (the others hold their current values) */
  hyperparameter?: string;
  /** stops the sweep early once a raw loss is non-finite or above this multiple of the best, default 10 */
  stopFactor?: number;
  /** passed to core's analyzeRangeTest (preset, smoothing, divergeFactor, skipStart, ...) */
  analysis?: Omit<CoreRangeTestOptions, 'lrs' | 'losses'>;
  signal?: AbortSignal;
}

export interface RangeTestResult {
  /** the swept values as applied (float32) */
  lrs: number[];
  losses: number[];
  /** core's analysis of the sweep (suggestions, smoothed losses, divergence) */
  analysis: RangeTestAnalysis;
}

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
  checkpoint(meta?: Record<string, unknown>): Uint8Array;
  restore(bytes: Uint8Array): void;
  /**
   * LR range test over this trainer: sweeps the hyperparameter with core's rangeTestSchedule (the
   * others held at their current values), analyses the losses with core's analyzeRangeTest, then
   * restores the state, step, plateau state and history exactly.
   */
  rangeTest(batches: Iterable<Batch> | AsyncIterable<Batch>, options?: RangeTestOptions): Promise<RangeTestResult>;
}

/** A configuration or input error, with what the model has. */
export class TrainerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainerError';
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
  let live: Record<string, TensorLike> = current;
  let other: Record<string, TensorLike> = spare;
  const history: TrainerHistory = { steps: [], loss: [], values: {} };
  for (const name of [...Object.keys(hpInputs), ...Object.keys(appliedOutputs)]) history.values[name] = [];
  let busy = false;

  const scalar = (t: TensorLike): number => Number((t.data as Float32Array)[0]);

  // During a range test: the sweep policy at the sweep's local step.
  let sweep: { policy: Policy; local: number } | undefined;

  // core's shared runtime, compiled once: the values of valuesAt(policy, step, { plateau })
  const runtime = policy === undefined ? undefined : compilePolicy(policy);

  function nextValues(): Readonly<Record<string, number>> {
    if (sweep !== undefined) return valuesAt(sweep.policy, sweep.local);
    if (runtime === undefined) return {};
    return runtime.valuesAt(stepCount, plateau);
  }

  const symbols = new Map<string, number>();
  const batchSet = new Set(batchNames);

  function checkBatch(batch: Batch): void {
    if (typeof batch !== 'object' || batch === null) throw new TrainerError(`a batch must be an object of tensors by input name (${list(batchNames)}), got ${String(batch)}`);
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
    if (issues !== undefined) throw new TrainerError(`bad batch at step ${stepCount}:\n${issues.map((p) => `  ✖ ${p}`).join('\n')}`);
  }

  // per-step lists, resolved once
  const fedNames = Object.keys(hpInputs);
  const fedData = fedNames.map((n) => hpData[n]);
  const stateOutList = stateNames.map((n) => stateOut[n]);
  const appliedList = Object.entries(appliedOutputs);
  const historyLists: Array<[string, number[]]> = Object.entries(history.values);

  async function step(batch: Batch): Promise<StepResult> {
    if (busy) throw new TrainerError('step() called while another step is running: await each step');
    checkBatch(batch);
    busy = true;
    try {
      const values = nextValues();
      const applied: Record<string, number> = {};
      for (let i = 0; i < fedNames.length; i++) {
        const data = fedData[i];
        data[0] = values[fedNames[i]];
        applied[fedNames[i]] = data[0];
      }
      if (stepInput !== undefined) stepData[0] = BigInt(stepCount);
      for (let i = 0; i < batchNames.length; i++) feeds[batchNames[i]] = batch[batchNames[i]];
      for (let i = 0; i < stateNames.length; i++) feeds[stateNames[i]] = live[stateNames[i]];
      let result: Record<string, TensorLike>;
      if (preallocate) {
        for (let i = 0; i < stateNames.length; i++) fetches[stateOutList[i]] = other[stateNames[i]];
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
        const t = live;
        live = other;
        other = t;
      } else {
        const next: Record<string, TensorLike> = {};
        for (const name of stateNames) next[name] = result[stateOut[name]];
        other = live;
        live = next;
      }
      const used = stepCount;
      stepCount += 1;
      history.steps.push(used);
      history.loss.push(loss);
      for (let i = 0; i < historyLists.length; i++) historyLists[i][1].push(applied[historyLists[i][0]]);
      return { step: used, loss, metrics, values: applied };
    } finally {
      busy = false;
    }
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

  async function* iterate(source: Iterable<Batch> | AsyncIterable<Batch>): AsyncGenerator<Batch> {
    yield* source as AsyncIterable<Batch>;
  }

  async function fit(batches: BatchSource, fitOptions: FitOptions = {}): Promise<FitResult> {
    const epochs = fitOptions.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 1) throw new TrainerError(`epochs must be a positive integer, got ${String(epochs)}`);
    const summaries: EpochSummary[] = [];
    let steps = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const source = typeof batches === 'function' ? batches(epoch) : batches;
      let sum = 0;
      let count = 0;
      for await (const batch of iterate(source)) {
        if (fitOptions.signal?.aborted === true) return { epochs: summaries, steps, aborted: true };
        const r = await step(batch);
        sum += r.loss;
        count += 1;
        steps += 1;
        if (fitOptions.onStep !== undefined) await fitOptions.onStep(r);
      }
      if (fitOptions.signal?.aborted === true) return { epochs: summaries, steps, aborted: true };
      const summary: EpochSummary = { epoch, step: stepCount, loss: count > 0 ? sum / count : Number.NaN };
      if (fitOptions.validate !== undefined) {
        summary.metric = await fitOptions.validate(trainer);
        if (plateauOptions !== undefined) summary.plateau = reportMetric(summary.metric);
      }
      summaries.push(summary);
      if (fitOptions.onEpoch !== undefined) await fitOptions.onEpoch(summary);
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
    let loss = 0;
    const metrics: Record<string, number> = {};
    for await (const batch of iterate(batches)) {
      checkBatch(batch);
      const f: Record<string, TensorLike> = {};
      for (const name of ev.inputNames) f[name] = stateNames.includes(name) ? live[name] : batch[name];
      const r = await ev.run(f, evOutputs, options.runOptions);
      const n = batch[batchNames[0]].dims[0] ?? 1;
      examples += n;
      loss += scalar(r[lossName]) * n;
      for (const m of evOutputs) if (m !== lossName) metrics[m] = (metrics[m] ?? 0) + scalar(r[m]) * n;
    }
    if (examples === 0) throw new TrainerError('evaluate() got no batches');
    for (const m of Object.keys(metrics)) metrics[m] /= examples;
    return { loss: loss / examples, metrics, examples };
  }

  function readState(): Record<string, TypedData> {
    const out: Record<string, TypedData> = {};
    for (const name of stateNames) out[name] = copyData(live[name].type, live[name].data, name);
    return out;
  }

  function checkpoint(meta: Record<string, unknown> = {}): Uint8Array {
    return encodeCheckpoint({
      step: stepCount,
      plateau: plateau ?? null,
      tensors: stateNames.map((name) => ({ name, type: live[name].type, dims: [...live[name].dims], data: live[name].data as TypedData })),
      meta,
    });
  }

  function restore(bytes: Uint8Array): void {
    if (busy) throw new TrainerError('restore() called while a step is running');
    const contents = decodeCheckpoint(bytes);
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
    for (const name of byName.keys()) if (!stateNames.includes(name)) issues.push(`it has tensor "${name}", which the trainer's state does not`);
    if (plateauOptions !== undefined && contents.plateau !== null && typeof contents.plateau !== 'object') issues.push('its plateau state is not an object');
    if (issues.length > 0) throw new CheckpointError(`it does not match this trainer: ${issues.join('; ')}`);
    for (const name of stateNames) (live[name].data as TypedData).set(byName.get(name)!.data as never);
    stepCount = contents.step;
    if (plateauOptions !== undefined) plateau = (contents.plateau as PlateauState | null) ?? plateauInit(plateauOptions);
  }

  async function rangeTest(batches: Iterable<Batch> | AsyncIterable<Batch>, rt: RangeTestOptions = {}): Promise<RangeTestResult> {
    const hp = rt.hyperparameter ?? 'lr';
    if (!(hp in hpInputs)) throw new TrainerError(`rangeTest sweeps "${hp}", which the policy does not feed to the graph (fed: ${list(Object.keys(hpInputs))})`);
    const steps = rt.steps ?? 100;
    const schedule = rangeTestSchedule({ minLr: rt.minLr ?? 1e-6, maxLr: rt.maxLr ?? 1, steps, mode: rt.mode ?? 'exp' });
    const held = nextValues();
    const sweepPolicy: Policy = { version: 1, lr: { type: 'constant', value: held.lr } };
    for (const [name, v] of Object.entries(held)) sweepPolicy[name] = { type: 'constant', value: v };
    sweepPolicy[hp] = schedule;
    const saved = checkpoint();
    const savedPlateau = plateau;
    const lengths = { steps: history.steps.length, values: Object.fromEntries(Object.entries(history.values).map(([k, v]) => [k, v.length])) };
    const lrs: number[] = [];
    const losses: number[] = [];
    const stop = rt.stopFactor ?? 10;
    let best = Infinity;
    try {
      let i = 0;
      for await (const batch of iterate(batches)) {
        if (i >= steps || rt.signal?.aborted === true) break;
        sweep = { policy: sweepPolicy, local: i };
        const r = await step(batch);
        lrs.push(r.values[hp]);
        losses.push(r.loss);
        best = Math.min(best, r.loss);
        i += 1;
        if (!Number.isFinite(r.loss) || r.loss > stop * best) break;
      }
    } finally {
      sweep = undefined;
      restore(saved);
      plateau = savedPlateau;
      history.steps.length = lengths.steps;
      history.loss.length = lengths.steps;
      for (const [k, n] of Object.entries(lengths.values)) history.values[k].length = n;
    }
    if (lrs.length < 2) throw new TrainerError(`rangeTest needs at least 2 batches, got ${lrs.length}`);
    return { lrs, losses, analysis: analyzeRangeTest({ plannedSteps: steps, ...rt.analysis, lrs, losses }) };
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
      return live;
    },
    readState,
    nextValues: () => ({ ...nextValues() }),
    step,
    fit,
    evaluate,
    reportMetric,
    checkpoint,
    restore,
    rangeTest,
  };
  return trainer;
}
