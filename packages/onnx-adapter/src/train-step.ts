import type { Schedule } from '@cyclr/core';
import { IrBuilder } from './autodiff/ir-builder.js';
import type { IrGraph } from './autodiff/ir.js';
import { differentiate, prepareForward } from './autodiff/reverse.js';
import { inferShapes } from './autodiff/shapes.js';
import { optimizeForward } from './autodiff/optimize.js';
import { emitLoss, lossMetrics } from './forward/loss.js';
import { lowerForward } from './forward/lower.js';
import type { ForwardModel } from './forward/types.js';
import { forwardModel, type ModelSpec } from './models.js';
import { GraphBuilder, type ValueInfo } from './onnx/graph.js';
import { emitUpdate, optimizerHyperparameters, optimizerNeedsStep, optimizerSlots, type OptimizerSpec } from './optimizers.js';
import { emitSchedule } from './schedule/emit.js';
import { STATE_SUFFIX, STEP_INPUT, LOSS_OUTPUT, METADATA_KEY } from './convention.js';

export const DEFAULT_OPSET = 18;

/** Graph hyperparameter input names (snake_case, as in PyTorch's param groups). */
export type GraphHyperparameter = 'lr' | 'momentum' | 'beta1' | 'beta2' | 'weight_decay';

export interface TrainStepOptions {
  /** a built-in dense model, a `sequential` layer list, or your own forward model (`kind: 'onnx'`) */
  model: ModelSpec;
  optimizer: OptimizerSpec;
  /**
   * Hyperparameters computed inside the graph from the int64 `step` input instead of being fed as
   * scalars (keyed by graph input name, e.g. `{ lr: oneCycle, momentum: ... }`).
   */
  schedules?: Partial<Record<GraphHyperparameter, Schedule>>;
  /** float width of embedded schedule arithmetic, default 'float32' (see scheduleToOnnx) */
  scheduleDtype?: 'float32' | 'float64';
  /** also output each embedded schedule's value as `<name>.applied`, default true */
  exposeApplied?: boolean;
  /** also output each parameter's gradient as `<param>.grad` (debugging, tests), default false */
  exposeGradients?: boolean;
  opset?: number;
}

/** What a train-step model reads and writes (also stored as JSON in the model metadata). */
export interface TrainStepConvention {
  version: 1;
  batch: ValueInfo[];
  /** state tensors in input order: parameters, then `<param>.<slot>` optimizer slots, then buffers (BatchNorm running statistics) */
  state: Array<{ name: string; dims: number[]; output: string }>;
  /** float scalar hyperparameter inputs */
  hyperparameters: string[];
  /** hyperparameters computed in the graph from `step` */
  embedded: string[];
  /** whether the graph has the int64 scalar `step` input (optimizer, embedded schedule or dropout masks) */
  step: boolean;
  loss: string;
  metrics: string[];
}

export interface BuiltModel {
  bytes: Uint8Array;
  convention: TrainStepConvention;
}

/** The forward pass with its loss and metrics, in the IR, for training or evaluation. */
interface Assembled {
  graph: IrGraph;
  batch: ValueInfo[];
  loss: string;
  metrics: Record<string, string>;
  bufferNext: Record<string, string>;
  usesStep: boolean;
}

function assemble(fm: ForwardModel, mode: 'train' | 'eval'): Assembled {
  const lowered = lowerForward(optimizeForward(fm.graph), mode, { step: STEP_INPUT, seed: fm.dropoutSeed });
  const graph: IrGraph = { ...lowered.graph, nodes: [...lowered.graph.nodes], inputs: [...fm.graph.inputs, fm.labels] };
  const b = new IrBuilder(graph, 'cyclr.loss/');
  const { loss, metrics } = emitLoss(b, fm.loss, fm.output, fm.labels.name, fm.classes);
  return { graph, batch: graph.inputs, loss, metrics, bufferNext: lowered.bufferNext, usesStep: lowered.usesStep };
}

/** The `loss` output and one output per metric; returns the metric names. */
function emitLossOutputs(g: GraphBuilder, a: Assembled, fm: ForwardModel): string[] {
  g.alias(a.loss, LOSS_OUTPUT);
  g.output(LOSS_OUTPUT, 'float', []);
  const metrics = lossMetrics(fm.loss);
  for (const m of metrics) {
    g.alias(a.metrics[m], m);
    g.output(m, 'float', []);
  }
  return metrics;
}

/** Writes the IR's nodes into `g`, with the constants that are not state as initializers. */
function emitForward(g: GraphBuilder, graph: IrGraph, state: ReadonlySet<string>): void {
  const used = new Set(graph.nodes.flatMap((n) => n.inputs));
  for (const [name, value] of graph.constants) if (!state.has(name) && used.has(name)) g.initializer(name, value);
  for (const n of graph.nodes) g.nodeTo(n.op, n.inputs, n.outputs, n.attrs);
}

/**
 * Builds a train-step ONNX model (standard opset, default 18): the model's forward pass and loss,
 * their backward pass by reverse-mode differentiation of the graph, and the optimizer update.
 *
 * Inputs, in order: batch (the model's data inputs, then the labels `y`), state (parameters, then
 * `<param>.<slot>` optimizer slots, then buffers such as BatchNorm running statistics),
 * hyperparameter scalars (`lr`, ...), then `step` (int64 scalar) when the optimizer, an embedded
 * schedule or a dropout layer needs it. Outputs: `loss`, metrics (`accuracy` for classifiers), each
 * state tensor as `<name>.next`, and `<hp>.applied` for embedded schedules.
 *
 * Every check (the model spec, unsupported ops, a loss that does not fit the output, schedules the
 * optimizer does not read) throws here, before any session exists.
 */
export function buildTrainStep(options: TrainStepOptions): BuiltModel {
  const { model, optimizer } = options;
  const fm = forwardModel(model);
  const slots = optimizerSlots(optimizer);
  const schedules = options.schedules ?? {};
  const wanted = optimizerHyperparameters(optimizer);
  for (const key of Object.keys(schedules)) {
    if (!wanted.includes(key)) {
      throw new Error(`schedule for "${key}", but the ${optimizer.type} optimizer reads only ${wanted.join(', ')}`);
    }
  }
  const a = assemble(fm, 'train');
  const params = fm.params;
  const stateNames = new Set([...params.map((p) => p.name), ...fm.buffers.map((buf) => buf.name)]);

  const g = new GraphBuilder('cyclr/');
  for (const v of a.batch) g.input(v.name, v.type, v.dims);
  const state: TrainStepConvention['state'] = [];
  const addState = (name: string, dims: number[]) => {
    g.input(name, 'float', dims);
    state.push({ name, dims, output: name + STATE_SUFFIX });
  };
  for (const p of params) addState(p.name, p.dims);
  for (const p of params) for (const s of slots) addState(`${p.name}.${s}`, p.dims);
  for (const buf of fm.buffers) addState(buf.name, buf.dims);

  const embedded = wanted.filter((h) => schedules[h as GraphHyperparameter] !== undefined);
  const fed = wanted.filter((h) => !embedded.includes(h));
  const hp: Record<string, string> = {};
  for (const h of fed) hp[h] = g.input(h, 'float', []);
  const needsStep = optimizerNeedsStep(optimizer) || embedded.length > 0 || a.usesStep;
  const step = needsStep ? g.input(STEP_INPUT, 'int64', []) : undefined;
  const applied: string[] = [];
  for (const h of embedded) {
    const value = emitSchedule(g, schedules[h as GraphHyperparameter] as Schedule, step as string, { dtype: options.scheduleDtype ?? 'float32', prefix: `${h}/` });
    hp[h] = value;
    if (options.exposeApplied !== false) applied.push(h);
  }

  // the forward pass (adjusted for its gradient rules), then the backward pass
  const stateGraph: IrGraph = { ...a.graph, constants: new Map([...a.graph.constants].filter(([name]) => !stateNames.has(name))), inputs: [...a.graph.inputs, ...state.map((s) => ({ name: s.name, type: 'float' as const, dims: s.dims })), ...(a.usesStep ? [{ name: STEP_INPUT, type: 'int64' as const, dims: [] }] : [])] };
  const paramNames = params.map((p) => p.name);
  prepareForward(stateGraph, inferShapes(stateGraph), paramNames, (hint) => g.fresh(hint));
  const shapes = inferShapes(stateGraph);
  emitForward(g, stateGraph, stateNames);
  const { grads } = differentiate(stateGraph, shapes, g, paramNames, a.loss);

  const metrics = emitLossOutputs(g, a, fm);
  for (const p of params) {
    const slotValues = Object.fromEntries(slots.map((s) => [s, `${p.name}.${s}`]));
    const next = emitUpdate(g, optimizer, p.name, grads[p.name], slotValues, hp, step);
    g.alias(next.param, p.name + STATE_SUFFIX);
    for (const s of slots) g.alias(next[s], `${p.name}.${s}${STATE_SUFFIX}`);
  }
  for (const buf of fm.buffers) g.alias(a.bufferNext[buf.name] ?? buf.name, buf.name + STATE_SUFFIX);
  for (const s of state) g.output(s.output, 'float', s.dims);
  for (const h of applied) {
    g.alias(hp[h], `${h}.applied`);
    g.output(`${h}.applied`, 'float', []);
  }
  if (options.exposeGradients === true) {
    for (const p of params) {
      g.alias(grads[p.name], `${p.name}.grad`);
      g.output(`${p.name}.grad`, 'float', p.dims);
    }
  }

  const convention: TrainStepConvention = {
    version: 1,
    batch: a.batch,
    state,
    hyperparameters: fed,
    embedded,
    step: needsStep,
    loss: LOSS_OUTPUT,
    metrics,
  };
  const bytes = g.toModel('cyclr_train_step', options.opset ?? Math.max(DEFAULT_OPSET, fm.graph.opset), { [METADATA_KEY]: JSON.stringify(convention) }, 'cyclr train step: see TrainStepConvention');
  return { bytes, convention };
}

/**
 * Builds the matching evaluation model: inputs batch, parameters and buffers (no optimizer slots,
 * no hyperparameters), outputs `loss` and the metrics. Dropout is off and BatchNorm uses its
 * running statistics.
 */
export function buildEvalModel(model: ModelSpec, opset = DEFAULT_OPSET): BuiltModel {
  const fm = forwardModel(model);
  const a = assemble(fm, 'eval');
  const g = new GraphBuilder('cyclr/');
  for (const v of a.batch) g.input(v.name, v.type, v.dims);
  const stateList = [...fm.params, ...fm.buffers];
  for (const p of stateList) g.input(p.name, 'float', p.dims);
  emitForward(g, a.graph, new Set(stateList.map((p) => p.name)));
  const metrics = emitLossOutputs(g, a, fm);
  const convention: TrainStepConvention = {
    version: 1,
    batch: a.batch,
    state: stateList.map((p) => ({ name: p.name, dims: p.dims, output: p.name })),
    hyperparameters: [],
    embedded: [],
    step: false,
    loss: LOSS_OUTPUT,
    metrics,
  };
  return { bytes: g.toModel('cyclr_eval', Math.max(opset, fm.graph.opset), { [METADATA_KEY]: JSON.stringify(convention) }), convention };
}

/** A state tensor's initial contents: plain data the caller wraps in its runtime's Tensor. */
export interface InitialTensor {
  data: Float32Array;
  dims: number[];
}

/**
 * Initial state for a built model, in the train step's state order: the parameters, zeroed
 * optimizer slots, then buffers. Dense models draw weights uniformly from `±sqrt(6/fanIn)` (He
 * uniform), sequential models from Glorot uniform, both by a seeded generator (mulberry32) with zero
 * biases; an ONNX model starts from its own initializers (the seed is unused).
 */
export function initialState(model: ModelSpec, optimizer: OptimizerSpec, seed = 0): Record<string, InitialTensor> {
  const fm = forwardModel(model);
  const values = fm.initial(seed);
  const out: Record<string, InitialTensor> = {};
  for (const p of fm.params) out[p.name] = { data: values[p.name], dims: [...p.dims] };
  for (const p of fm.params) {
    for (const s of optimizerSlots(optimizer)) out[`${p.name}.${s}`] = { data: new Float32Array(values[p.name].length), dims: [...p.dims] };
  }
  for (const buf of fm.buffers) out[buf.name] = { data: values[buf.name], dims: [...buf.dims] };
  return out;
}
