import { ModelError, TRAIN_OPSET } from '../autodiff/decode.js';
import { IrBuilder } from '../autodiff/ir-builder.js';
import type { IrGraph } from '../autodiff/ir.js';
import { LOSS_KINDS } from '../forward/loss.js';
import { SPATIAL_ATTR, UNBIASED_ATTR } from '../forward/lower.js';
import { mulberry32 } from '../forward/random.js';
import type { BufferInfo, ForwardModel, ParamInfo } from '../forward/types.js';
import type { Dim, ValueInfo } from '../onnx/graph.js';
import { ACTIVATIONS, LAYER_TYPES, type Activation, type LayerSpec, type SequentialModelSpec } from './spec.js';

const quoted = (xs: Iterable<string>) => [...xs].map((x) => JSON.stringify(x)).join(', ');

/** Initialization of one parameter: Glorot uniform with these fans, or a constant. */
type Init = { glorot: [number, number] } | { fill: number };

class LayerError extends ModelError {}

function positive(v: unknown, where: string): number {
  if (!Number.isInteger(v) || (v as number) < 1) throw new LayerError(`${where} must be a positive integer, got ${JSON.stringify(v)}`);
  return v as number;
}

function pair(v: unknown, where: string, fallback?: [number, number]): [number, number] {
  if (v === undefined && fallback !== undefined) return fallback;
  if (Array.isArray(v) && v.length === 2) return [positive(v[0], `${where}[0]`), positive(v[1], `${where}[1]`)];
  const n = positive(v, where);
  return [n, n];
}

/** explicit pads [top, left, bottom, right] for 'valid', 'same' (TensorFlow's split) or a number */
function padsFor(padding: unknown, where: string, size: [number, number], kernel: [number, number], strides: [number, number], dilation: [number, number]): number[] {
  if (padding === undefined || padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    const total = size.map((d, i) => Math.max((Math.ceil(d / strides[i]) - 1) * strides[i] + (kernel[i] - 1) * dilation[i] + 1 - d, 0));
    return [Math.floor(total[0] / 2), Math.floor(total[1] / 2), total[0] - Math.floor(total[0] / 2), total[1] - Math.floor(total[1] / 2)];
  }
  if (Array.isArray(padding) && padding.length === 2 && padding.every((p) => Number.isInteger(p) && p >= 0)) return [padding[0], padding[1], padding[0], padding[1]];
  if (Number.isInteger(padding) && (padding as number) >= 0) return [padding as number, padding as number, padding as number, padding as number];
  throw new LayerError(`${where} must be 'valid', 'same', a non-negative integer or a pair of them, got ${JSON.stringify(padding)}`);
}

/** The forward graph of a sequential model, its parameters and their initialization. */
export function sequentialForward(spec: SequentialModelSpec): ForwardModel {
  if (!Array.isArray(spec.input) || spec.input.length === 0) throw new LayerError(`model.input must be the dims of one example, e.g. [1, 28, 28], got ${JSON.stringify(spec.input)}`);
  spec.input.forEach((d, i) => positive(d, `model.input[${i}]`));
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) throw new LayerError('model.layers must be a non-empty list of layers');
  const loss = spec.loss ?? 'crossEntropy';
  if (!LOSS_KINDS.includes(loss)) throw new LayerError(`model.loss must be one of ${quoted(LOSS_KINDS)}, got ${JSON.stringify(loss)}`);
  const x: ValueInfo = { name: 'x', type: 'float', dims: ['N', ...spec.input] };
  const graph: IrGraph = { nodes: [], constants: new Map(), inputs: [x], outputs: [], opset: TRAIN_OPSET };
  const b = new IrBuilder(graph, 'cyclr.model/');
  const params: ParamInfo[] = [];
  const buffers: BufferInfo[] = [];
  const inits = new Map<string, Init>();
  const names = new Set<string>();
  let cur = 'x';
  let dims: Dim[] = ['N', ...spec.input];

  const param = (name: string, shape: number[], init: Init, kind: ParamInfo['kind'], fanIn: number) => {
    b.tensor(name, { type: 'float', dims: shape, data: new Float32Array(shape.reduce((a, c) => a * c, 1)) });
    params.push({ name, dims: shape, fanIn, kind });
    inits.set(name, init);
    return name;
  };
  const activate = (act: Activation | undefined, where: string) => {
    if (act === undefined || act === 'linear') return;
    if (!ACTIVATIONS.includes(act)) throw new LayerError(`${where} must be one of ${quoted(ACTIVATIONS)}, got ${JSON.stringify(act)}`);
    if (act === 'relu') cur = b.op('Relu', [cur]);
    else if (act === 'leakyRelu') cur = b.op('LeakyRelu', [cur], { alpha: { float: 0.01 } });
    else if (act === 'sigmoid') cur = b.op('Sigmoid', [cur]);
    else if (act === 'tanh') cur = b.op('Tanh', [cur]);
    else {
      // x·½·(1 + erf(x/√2)), as PyTorch exports nn.GELU
      const erf = b.op('Erf', [b.op('Div', [cur, b.constant(Math.SQRT2)])]);
      cur = b.op('Mul', [b.op('Mul', [cur, b.op('Add', [erf, b.constant(1)])]), b.constant(0.5)]);
    }
  };
  const image = (where: string): [number, number, number] => {
    if (dims.length !== 4) throw new LayerError(`${where} needs images [N, C, H, W], but its input has dims [${dims.join(', ')}]${dims.length === 2 ? ' (the model input for images is [channels, height, width])' : ''}`);
    return [dims[1] as number, dims[2] as number, dims[3] as number];
  };

  spec.layers.forEach((layer: LayerSpec, index) => {
    const where = `model.layers[${index}]`;
    if (typeof layer !== 'object' || layer === null || !LAYER_TYPES.includes(layer.type)) {
      throw new LayerError(`${where}.type must be one of ${quoted(LAYER_TYPES)}, got ${JSON.stringify((layer as { type?: unknown } | null)?.type)}`);
    }
    const name = layer.name ?? String(index);
    if (['conv2d', 'dense', 'batchNorm'].includes(layer.type)) {
      if (names.has(name)) throw new LayerError(`${where}.name ${JSON.stringify(name)} is used by an earlier layer with parameters`);
      names.add(name);
    }
    switch (layer.type) {
      case 'conv2d': {
        const [c, h, w] = image(where);
        const filters = positive(layer.filters, `${where}.filters`);
        const kernel = pair(layer.kernelSize, `${where}.kernelSize`);
        const strides = pair(layer.strides, `${where}.strides`, [1, 1]);
        const dilation = pair(layer.dilation, `${where}.dilation`, [1, 1]);
        const groups = layer.groups === undefined ? 1 : positive(layer.groups, `${where}.groups`);
        if (c % groups !== 0 || filters % groups !== 0) throw new LayerError(`${where}.groups (${groups}) must divide the input channels (${c}) and the filters (${filters})`);
        const pads = padsFor(layer.padding, `${where}.padding`, [h, w], kernel, strides, dilation);
        const rf = kernel[0] * kernel[1];
        const weight = param(`${name}.weight`, [filters, c / groups, ...kernel], { glorot: [(c / groups) * rf, filters * rf] }, 'weight', (c / groups) * rf);
        const inputs = [cur, weight];
        if (layer.useBias !== false) inputs.push(param(`${name}.bias`, [filters], { fill: 0 }, 'bias', (c / groups) * rf));
        cur = b.op('Conv', inputs, { kernel_shape: kernel, strides, dilations: dilation, pads, group: groups });
        const out = [h, w].map((d, i) => Math.floor((d + pads[i] + pads[i + 2] - (kernel[i] - 1) * dilation[i] - 1) / strides[i]) + 1);
        if (out.some((d) => d < 1)) throw new LayerError(`${where}: a ${kernel.join('×')} kernel does not fit its ${h}×${w} input`);
        dims = [dims[0], filters, ...out];
        activate(layer.activation, `${where}.activation`);
        break;
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const [c, h, w] = image(where);
        const kernel = pair(layer.poolSize, `${where}.poolSize`);
        const strides = pair(layer.strides, `${where}.strides`, kernel);
        const pads = padsFor(layer.padding, `${where}.padding`, [h, w], kernel, strides, [1, 1]);
        const attrs = { kernel_shape: kernel, strides, pads };
        cur = layer.type === 'maxPool2d' ? b.op('MaxPool', [cur], attrs) : b.op('AveragePool', [cur], { ...attrs, count_include_pad: 0 });
        const out = [h, w].map((d, i) => Math.floor((d + pads[i] + pads[i + 2] - kernel[i]) / strides[i]) + 1);
        if (out.some((d) => d < 1)) throw new LayerError(`${where}: a ${kernel.join('×')} window does not fit its ${h}×${w} input`);
        dims = [dims[0], c, ...out];
        break;
      }
      case 'globalAvgPool': {
        const [c] = image(where);
        cur = b.op('Flatten', [b.op('GlobalAveragePool', [cur])], { axis: 1 });
        dims = [dims[0], c];
        break;
      }
      case 'flatten': {
        cur = b.op('Flatten', [cur], { axis: 1 });
        dims = [dims[0], (dims.slice(1) as number[]).reduce((a, c) => a * c, 1)];
        break;
      }
      case 'dense': {
        if (dims.length !== 2) throw new LayerError(`${where} (dense) needs a [N, features] input, but its input has dims [${dims.join(', ')}]: add { type: 'flatten' } or { type: 'globalAvgPool' } before it`);
        const fanIn = dims[1] as number;
        const units = positive(layer.units, `${where}.units`);
        const weight = param(`${name}.weight`, [units, fanIn], { glorot: [fanIn, units] }, 'weight', fanIn);
        const inputs = [cur, weight];
        if (layer.useBias !== false) inputs.push(param(`${name}.bias`, [units], { fill: 0 }, 'bias', fanIn));
        cur = b.op('Gemm', inputs, { transB: 1 });
        dims = [dims[0], units];
        activate(layer.activation, `${where}.activation`);
        break;
      }
      case 'dropout':
      case 'spatialDropout2d': {
        const rate = layer.rate;
        if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new LayerError(`${where}.rate must be in [0, 1), got ${JSON.stringify(rate)}`);
        if (layer.type === 'spatialDropout2d') image(where);
        cur = b.op('Dropout', [cur, b.constant(rate), b.constant(1, 'bool')], layer.type === 'spatialDropout2d' ? { [SPATIAL_ATTR]: 1 } : {});
        break;
      }
      case 'batchNorm': {
        if (dims.length !== 2 && dims.length !== 4) throw new LayerError(`${where} (batchNorm) needs [N, C] or [N, C, H, W], got [${dims.join(', ')}]`);
        const c = dims[1] as number;
        const momentum = layer.momentum ?? 0.1;
        const epsilon = layer.epsilon ?? 1e-5;
        if (!(momentum >= 0 && momentum <= 1)) throw new LayerError(`${where}.momentum must be in [0, 1], got ${JSON.stringify(momentum)}`);
        if (!(epsilon > 0)) throw new LayerError(`${where}.epsilon must be positive, got ${JSON.stringify(epsilon)}`);
        const weight = param(`${name}.weight`, [c], { fill: 1 }, 'bias', c);
        const bias = param(`${name}.bias`, [c], { fill: 0 }, 'bias', c);
        const mean = b.tensor(`${name}.running_mean`, { type: 'float', dims: [c], data: new Float32Array(c) });
        const variance = b.tensor(`${name}.running_var`, { type: 'float', dims: [c], data: new Float32Array(c).fill(1) });
        buffers.push({ name: mean, dims: [c] }, { name: variance, dims: [c] });
        // PyTorch's momentum weighs the batch; ONNX's weighs the running value
        cur = b.op('BatchNormalization', [cur, weight, bias, mean, variance], { epsilon: { float: epsilon }, momentum: { float: 1 - momentum }, training_mode: 1, [UNBIASED_ATTR]: 1 });
        break;
      }
      case 'activation':
        activate(layer.activation, `${where}.activation`);
        break;
    }
  });
  let classes = 0;
  if (loss === 'crossEntropy') {
    if (dims.length !== 2 || (dims[1] as number) < 2) throw new LayerError(`the crossEntropy loss needs the last layer to give logits [N, classes] (at least 2), got [${dims.join(', ')}]`);
    classes = dims[1] as number;
  }
  graph.outputs.push({ name: cur, type: 'float', dims });
  return {
    graph,
    output: cur,
    loss,
    labels: loss === 'crossEntropy' ? { name: 'y', type: 'int64', dims: ['N'] } : { name: 'y', type: 'float', dims },
    classes,
    params,
    buffers,
    dropoutSeed: spec.dropoutSeed ?? 0,
    initial(seed) {
      const rand = mulberry32(seed);
      const out: Record<string, Float32Array> = {};
      for (const p of params) {
        const init = inits.get(p.name)!;
        const data = new Float32Array(p.dims.reduce((a, c) => a * c, 1));
        if ('fill' in init) data.fill(init.fill);
        else {
          const limit = Math.sqrt(6 / (init.glorot[0] + init.glorot[1]));
          for (let i = 0; i < data.length; i++) data[i] = (rand() * 2 - 1) * limit;
        }
        out[p.name] = data;
      }
      for (const buf of buffers) out[buf.name] = Float32Array.from(graph.constants.get(buf.name)!.data as Float32Array);
      return out;
    },
  };
}
