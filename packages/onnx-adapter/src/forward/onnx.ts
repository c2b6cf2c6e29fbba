import { decodeModel, ModelError } from '../autodiff/decode.js';
import { showDims } from '../autodiff/dims.js';
import type { IrGraph, IrNode } from '../autodiff/ir.js';
import { GRADIENTS, ZERO_GRADIENT_OPS } from '../autodiff/rules/index.js';
import { inferShapes } from '../autodiff/shapes.js';
import type { ValueInfo } from '../onnx/graph.js';
import { LOSS_KINDS, type LossKind } from './loss.js';
import type { BufferInfo, ForwardModel, ParamInfo } from './types.js';

/**
 * A forward model from ONNX bytes (e.g. `torch.onnx.export(model, x, path, opset_version=17,
 * dynamic_axes={'x': {0: 'N'}})`), trained through reverse-mode differentiation of its graph.
 */
export interface OnnxModelSpec {
  kind: 'onnx';
  /** the model file's bytes */
  bytes: Uint8Array;
  /** the loss on the output: 'crossEntropy' (logits, int64 labels), 'mse', 'bce' (logits) */
  loss: LossKind;
  /** the data input (checked; default: the model's inputs that are not initializers, all batch inputs) */
  input?: string;
  /** the output the loss reads (default: the model's only output) */
  output?: string;
  /** the labels input: name (default 'y') and element type (int64 for crossEntropy, float32 otherwise) */
  labels?: { name?: string; type?: 'int64' | 'float32' };
  /** the float initializers to train (default: every float initializer the output depends on differentiably, BatchNorm's running statistics excepted) */
  trainable?: readonly string[];
  /** key of the dropout masks (training-mode Dropout nodes), default 0 */
  dropoutSeed?: number;
}

/** Names the train step gives its own inputs and outputs (besides `<state>.next` and `<hp>.applied`). */
const RESERVED = new Set(['loss', 'accuracy', 'step', 'lr', 'momentum', 'beta1', 'beta2', 'weight_decay']);

const quoted = (names: Iterable<string>) => [...names].map((n) => JSON.stringify(n)).join(', ');

/** Nodes the value `output` depends on, in order. */
function prune(nodes: readonly IrNode[], output: string): IrNode[] {
  const needed = new Set([output]);
  const keep: IrNode[] = [];
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k];
    if (!n.outputs.some((o) => needed.has(o))) continue;
    keep.push(n);
    for (const i of n.inputs) if (i !== '') needed.add(i);
  }
  return keep.reverse();
}

/**
 * float constants read at an input where a gradient flows (or would, for ops without a rule, which
 * the reverse pass then reports): not BatchNorm statistics, Dropout ratios, exponents, bounds...
 */
function differentiableUses(nodes: readonly IrNode[]): Set<string> {
  const used = new Set<string>();
  for (const n of nodes) {
    n.inputs.forEach((name, i) => {
      if (name === '') return;
      if (n.op === 'BatchNormalization') {
        if (i <= 2) used.add(name);
      } else if (n.op === 'Dropout') {
        if (i === 0) used.add(name);
      } else if (!ZERO_GRADIENT_OPS.has(n.op) && !(GRADIENTS[n.op]?.nondiff ?? []).includes(i)) used.add(name);
    });
  }
  return used;
}

function producerThroughIdentity(nodes: readonly IrNode[], value: string): IrNode | undefined {
  let node = nodes.find((n) => n.outputs.includes(value));
  while (node?.op === 'Identity') {
    const input = node.inputs[0];
    node = nodes.find((n) => n.outputs.includes(input));
  }
  return node;
}

export function onnxForward(spec: OnnxModelSpec): ForwardModel {
  if (!LOSS_KINDS.includes(spec.loss)) throw new ModelError(`model.loss must be one of ${quoted(LOSS_KINDS)}, got ${JSON.stringify(spec.loss)}`);
  const { graph: full, initializers } = decodeModel(spec.bytes);
  const dataInputs = full.inputs;
  if (dataInputs.length === 0) throw new ModelError('the model has no graph inputs besides its initializers: nothing to feed a batch to');
  if (spec.input !== undefined && !dataInputs.some((v) => v.name === spec.input)) throw new ModelError(`model.input is ${JSON.stringify(spec.input)}, but the model's inputs are ${quoted(dataInputs.map((v) => v.name))}`);
  const outputNames = full.outputs.map((o) => o.name);
  let output = spec.output;
  if (output === undefined) {
    if (outputNames.length !== 1) throw new ModelError(`the model has outputs ${quoted(outputNames)}: choose the one the loss reads with model.output`);
    output = outputNames[0];
  } else if (!outputNames.includes(output)) throw new ModelError(`model.output is ${JSON.stringify(output)}, but the model's outputs are ${quoted(outputNames)}`);

  const wantType = spec.loss === 'crossEntropy' ? 'int64' : 'float32';
  const labelType = spec.labels?.type ?? wantType;
  if (labelType !== wantType) {
    throw new ModelError(`labels of type ${labelType} do not fit the ${spec.loss} loss: it needs ${wantType} labels (${spec.loss === 'crossEntropy' ? 'class indices' : 'targets of the output\'s dims'})`);
  }
  const labelName = spec.labels?.name ?? 'y';

  const nodes = prune(full.nodes, output);
  const graph: IrGraph = { nodes, constants: full.constants, inputs: dataInputs, outputs: full.outputs.filter((o) => o.name === output), opset: full.opset };
  const names = new Set([...dataInputs.map((v) => v.name), ...full.constants.keys(), ...nodes.flatMap((n) => n.outputs)]);
  if (names.has(labelName)) throw new ModelError(`the model already has a value named ${JSON.stringify(labelName)}: give the labels another name with model.labels: { name: '...' }`);
  for (const n of names) {
    if (RESERVED.has(n) || n.endsWith('.next') || n.endsWith('.applied') || n.startsWith('cyclr')) throw new ModelError(`the model has a value named ${JSON.stringify(n)}, a name the train step uses itself: rename it in the export`);
  }
  const shapes = inferShapes(graph);
  const outDims = shapes.get(output)?.dims ?? null;
  if (shapes.get(output)?.type !== 'float') throw new ModelError(`the output ${JSON.stringify(output)} is ${shapes.get(output)?.type ?? 'of unknown type'}; the loss needs float32`);
  if (outDims === null) throw new ModelError(`the rank of the output ${JSON.stringify(output)} is unknown`);
  let classes = 0;
  let labelDims = outDims;
  if (spec.loss === 'crossEntropy') {
    const c = outDims[1];
    if (outDims.length !== 2 || typeof c !== 'number' || c < 2) throw new ModelError(`the crossEntropy loss needs logits [N, classes] with at least 2 classes; the output ${JSON.stringify(output)} has dims ${showDims(outDims)}`);
    classes = c;
    labelDims = [outDims[0]];
  } else if (spec.loss === 'bce' && producerThroughIdentity(nodes, output)?.op === 'Sigmoid') {
    throw new ModelError(`the bce loss reads logits, but the output ${JSON.stringify(output)} comes from a Sigmoid: export the model without its final Sigmoid`);
  }

  const floats = initializers.filter((n) => full.constants.get(n)?.type === 'float' && names.has(n));
  if (floats.length === 0) throw new ModelError('the model has no float initializers: there are no weights to train');
  const bnStats = new Set(nodes.filter((n) => n.op === 'BatchNormalization').flatMap((n) => [n.inputs[3], n.inputs[4]]));
  let trainable: string[];
  if (spec.trainable === undefined) {
    const uses = differentiableUses(nodes);
    trainable = floats.filter((n) => uses.has(n) && !bnStats.has(n));
    if (trainable.length === 0) throw new ModelError(`none of the model's float initializers (${quoted(floats)}) is read where a gradient flows`);
  } else {
    if (!Array.isArray(spec.trainable) || spec.trainable.length === 0) throw new ModelError('model.trainable must be a non-empty list of initializer names');
    const unknown = spec.trainable.filter((n) => !floats.includes(n));
    if (unknown.length > 0) throw new ModelError(`model.trainable names ${quoted(unknown)}, which ${unknown.length === 1 ? 'is not a float initializer' : 'are not float initializers'} of the model (its float initializers: ${quoted(floats)})`);
    trainable = [...spec.trainable];
  }
  const trainingBn = nodes.filter((n) => n.op === 'BatchNormalization' && n.attrs.training_mode === 1);
  const buffers: BufferInfo[] = trainingBn.flatMap((n) => [n.inputs[3], n.inputs[4]]).filter((n) => full.constants.has(n)).map((name) => ({ name, dims: [...full.constants.get(name)!.dims] }));
  const params: ParamInfo[] = trainable.map((name) => {
    const dims = [...full.constants.get(name)!.dims];
    return { name, dims, fanIn: dims.slice(1).reduce((a, b) => a * b, 1), kind: dims.length > 1 ? 'weight' : 'bias' };
  });
  const labels: ValueInfo = { name: labelName, type: spec.loss === 'crossEntropy' ? 'int64' : 'float', dims: labelDims };
  return {
    graph,
    output,
    loss: spec.loss,
    labels,
    classes,
    params,
    buffers,
    dropoutSeed: spec.dropoutSeed ?? 0,
    initial() {
      const out: Record<string, Float32Array> = {};
      for (const p of [...params, ...buffers]) out[p.name] = Float32Array.from(full.constants.get(p.name)!.data as Float32Array);
      return out;
    },
  };
}
