import type { Dim } from '../../onnx/graph.js';
import { attrInt, attrInts, attrString, type IrNode } from '../ir.js';
import type { GradContext, OpGradient } from '../reverse.js';

// Convolutions and pooling, in the forms onnxruntime's CPU provider runs fastest: the input
// gradient of Conv is a ConvTranspose with the same weight, the weight gradient a Conv of the
// input with the output gradient as its kernel (batch and channel axes swapped), MaxPool's input
// gradient its argmax indices scattered back.

interface Window {
  spatial: number;
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  group: number;
}

function windowOf(c: GradContext, kernel: number[]): Window {
  const node = c.node;
  const spatial = kernel.length;
  if (attrString(node, 'auto_pad', 'NOTSET') !== 'NOTSET' && attrString(node, 'auto_pad', 'NOTSET') !== 'VALID') c.fail('auto_pad has no gradient here: export with explicit pads');
  const ones = kernel.map(() => 1);
  return {
    spatial,
    kernel,
    strides: attrInts(node, 'strides') ?? ones,
    dilations: attrInts(node, 'dilations') ?? ones,
    pads: attrString(node, 'auto_pad', 'NOTSET') === 'VALID' ? [...kernel, ...kernel].map(() => 0) : (attrInts(node, 'pads') ?? [...kernel, ...kernel].map(() => 0)),
    group: attrInt(node, 'group', 1),
  };
}

/** output_padding making a ConvTranspose of `from` spatial sizes give `to` */
function outputPadding(c: GradContext, w: Window, from: number[], to: number[]): number[] {
  return to.map((size, i) => {
    const made = w.strides[i] * (from[i] - 1) + (w.kernel[i] - 1) * w.dilations[i] + 1 - w.pads[i] - w.pads[i + w.spatial];
    const extra = size - made;
    if (extra < 0 || extra >= Math.max(w.strides[i], w.dilations[i])) c.fail(`cannot map a gradient of spatial size ${from[i]} back to ${size}`);
    return extra;
  });
}

/** dims of [N, C, ...spatial] with everything but the batch static (the batch reads -1) */
function channelDims(c: GradContext, name: string, what: string): number[] {
  const d = c.dims(name);
  if (!d.slice(1).every((v) => typeof v === 'number')) c.fail(`${what} must have static channel and spatial dims, got [${d.join(', ')}]`);
  return d.map((v, i) => (i === 0 && typeof v !== 'number' ? -1 : (v as number)));
}

const iota = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

/**
 * dW[m, ci, k] = Σ_n,o x[n, g·Cg + ci, o·s + k·d - p] · dy[n, m, o]: a Conv of x with its batch and
 * channel axes swapped, dy (likewise swapped) as the kernel, stride d and dilation s, cut to the
 * kernel size. With groups, x's channel groups are folded into its batch axis.
 */
function weightGrad(c: GradContext, x: string, dy: string, xDims: number[], dyDims: number[], w: Window): string {
  const { g } = c;
  const swap = [1, 0, ...iota(w.spatial, 2)];
  let xt: string;
  if (w.group === 1) xt = g.op('Transpose', [x], { perm: swap });
  else {
    const cg = xDims[1] / w.group;
    const split = g.op('Reshape', [x, c.ints([-1, w.group, cg, ...xDims.slice(2)])]);
    const moved = g.op('Transpose', [split], { perm: [2, 1, 0, ...iota(w.spatial, 3)] });
    xt = g.op('Reshape', [moved, c.ints([cg, -1, ...xDims.slice(2)])]);
  }
  const dyt = g.op('Transpose', [dy], { perm: swap });
  const full = g.op('Conv', [xt, dyt], { strides: w.dilations, dilations: w.strides, pads: w.pads, group: w.group });
  // that Conv's size is floor((H + pb + pe - s·(O - 1) - 1)/d) + 1, at least the kernel's
  const made = xDims.slice(2).map((size, i) => Math.floor((size + w.pads[i] + w.pads[i + w.spatial] - w.strides[i] * (dyDims[i + 2] - 1) - 1) / w.dilations[i]) + 1);
  const cut = made.some((m, i) => m !== w.kernel[i]) ? g.op('Slice', [full, c.ints(w.kernel.map(() => 0)), c.ints(w.kernel), c.ints(iota(w.spatial, 2))]) : full;
  return g.op('Transpose', [cut], { perm: swap });
}

function conv(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const x = c.x(0);
  const wName = c.x(1);
  const wDims = c.staticDims(wName, 'the weight');
  const w = windowOf(c, wDims.slice(2));
  const xDims = channelDims(c, x, 'the input');
  const dy = c.dy(0)!;
  const yDims = channelDims(c, c.y(0), 'the output');
  const out: Array<string | undefined> = [undefined, undefined, undefined];
  if (c.wants(0)) {
    const op = outputPadding(c, w, yDims.slice(2), xDims.slice(2));
    out[0] = g.op('ConvTranspose', [dy, wName], { strides: w.strides, pads: w.pads, dilations: w.dilations, group: w.group, ...(op.some((v) => v > 0) ? { output_padding: op } : {}) });
  }
  if (c.wants(1)) out[1] = weightGrad(c, x, dy, xDims, yDims, w);
  if (c.wants(2)) out[2] = g.op('ReduceSum', [dy, c.ints([0, ...iota(w.spatial, 2)])], { keepdims: 0 });
  return out;
}

function convTranspose(c: GradContext): Array<string | undefined> {
  const { g } = c;
  if (c.node.attrs.output_shape !== undefined) c.fail('ConvTranspose with output_shape has no gradient here: export with explicit pads and output_padding');
  const x = c.x(0);
  const wName = c.x(1);
  const wDims = c.staticDims(wName, 'the weight');
  const w = windowOf(c, wDims.slice(2));
  const xDims = channelDims(c, x, 'the input');
  const yDims = channelDims(c, c.y(0), 'the output');
  const dy = c.dy(0)!;
  const out: Array<string | undefined> = [undefined, undefined, undefined];
  if (c.wants(0)) out[0] = g.op('Conv', [dy, wName], { strides: w.strides, pads: w.pads, dilations: w.dilations, group: w.group });
  if (c.wants(1)) out[1] = weightGrad(c, dy, x, yDims, xDims, w);
  if (c.wants(2)) out[2] = g.op('ReduceSum', [dy, c.ints([0, ...iota(w.spatial, 2)])], { keepdims: 0 });
  return out;
}

const ZERO = { value: { tensor: { type: 'float' as const, dims: [1], data: new Float32Array(1) } } };

/** MaxPool whose windows tile its input exactly (stride = window, no padding, no dilation) */
export function tilesInput(node: IrNode, dims: readonly Dim[] | null): boolean {
  const kernel = attrInts(node, 'kernel_shape') ?? [];
  const strides = attrInts(node, 'strides') ?? kernel.map(() => 1);
  const pads = attrInts(node, 'pads') ?? [];
  const dil = attrInts(node, 'dilations') ?? [];
  return (
    dims !== null &&
    dims.length === 4 &&
    kernel.length === 2 &&
    strides.every((s, i) => s === kernel[i]) &&
    pads.every((p) => p === 0) &&
    dil.every((d) => d === 1) &&
    attrInt(node, 'storage_order', 0) === 0 &&
    dims.slice(1).every((d) => typeof d === 'number') &&
    (dims[2] as number) % kernel[0] === 0 &&
    (dims[3] as number) % kernel[1] === 0
  );
}

// MaxPool: each output's gradient goes to the first maximum of its window (PyTorch's and
// onnxruntime's argmax). Tiling 2-D windows: the argmax is an ArgMax over the window axis of a
// reshaped input, turned into flat indices for MaxUnpool (several times faster on onnxruntime's
// CPU provider than MaxPool's own Indices output). Otherwise: the Indices output, scattered back
// with ScatterElements (reduction 'add', for overlapping windows).
function maxPool(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const x = c.x(0);
  const dy = c.dy(0)!;
  const kernel = attrInts(c.node, 'kernel_shape')!;
  if (tilesInput(c.node, c.dims(x))) {
    const [, ch, h, w] = channelDims(c, x, 'the input');
    const [kh, kw] = kernel;
    const [oh, ow] = [h / kh, w / kw];
    const windows = g.op('Reshape', [g.op('Transpose', [g.op('Reshape', [x, c.ints([-1, ch, oh, kh, ow, kw])])], { perm: [0, 1, 2, 4, 3, 5] }), c.ints([-1, ch, oh, ow, kh * kw])]);
    const local = g.op('ArgMax', [windows], { axis: -1, keepdims: 0 });
    const corners = g.constant(Array.from({ length: ch * oh * ow }, (_, k) => Math.floor(k / (oh * ow)) * h * w + Math.floor((k % (oh * ow)) / ow) * kh * w + (k % ow) * kw), 'int64', [ch, oh, ow]);
    const batch = g.op('Gather', [g.op('Shape', [x]), g.constant(0, 'int64')], { axis: 0 });
    const images = g.op('Reshape', [g.op('Mul', [g.op('Range', [g.constant(0, 'int64'), batch, g.constant(1, 'int64')]), g.constant(ch * h * w, 'int64')]), c.ints([-1, 1, 1, 1])]);
    // window element k = r·kw + s lies r·w + s after its window's corner: k + ⌊k/kw⌋·(w - kw)
    let offset = local;
    for (let r = 1; r < kh && kw !== w; r++) offset = g.op('Where', [g.op('GreaterOrEqual', [local, g.constant(r * kw, 'int64')]), g.op('Add', [offset, g.constant(w - kw, 'int64')]), offset]);
    const flat = g.op('Add', [offset, g.op('Add', [corners, images])]);
    return [g.op('MaxUnpool', [dy, flat, c.shapeOf(x)], { kernel_shape: kernel, strides: kernel })];
  }
  if (attrInt(c.node, 'storage_order', 0) !== 0) c.fail('MaxPool with storage_order 1 has no gradient here');
  const idx = c.y(1);
  const flat = c.ints([-1]);
  const zeros = g.op('ConstantOfShape', [g.op('Reshape', [g.op('Size', [x]), flat])], ZERO);
  const scattered = g.op('ScatterElements', [zeros, g.op('Reshape', [idx, flat]), g.op('Reshape', [dy, flat])], { axis: 0, reduction: 'add' });
  return [g.op('Reshape', [scattered, c.shapeOf(x)])];
}

// AveragePool: dX = ConvTranspose of dY divided by each window's element count with an all-ones
// depthwise kernel.
function averagePool(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const x = c.x(0);
  const xDims = channelDims(c, x, 'the input');
  const kernel = attrInts(c.node, 'kernel_shape')!;
  const w = windowOf(c, kernel);
  if (attrInt(c.node, 'ceil_mode', 0) === 1) c.fail('AveragePool with ceil_mode 1 has no gradient here');
  const yDims = channelDims(c, c.y(0), 'the output');
  const includePad = attrInt(c.node, 'count_include_pad', 0) === 1;
  const channels = xDims[1];
  const spatial = xDims.slice(2);
  const out = yDims.slice(2);
  // element count of each window, per spatial axis, multiplied out
  const perAxis = out.map((o, i) =>
    Array.from({ length: o }, (_, k) => {
      const start = k * w.strides[i] - w.pads[i];
      const end = Math.min(start + (kernel[i] - 1) * w.dilations[i] + 1, spatial[i] + w.pads[i + w.spatial]);
      let n = 0;
      for (let p = start; p < end; p += w.dilations[i]) if (includePad || (p >= 0 && p < spatial[i])) n++;
      return n;
    }),
  );
  const counts = new Float32Array(out.reduce((a, b) => a * b, 1));
  counts.forEach((_, flat) => {
    let rest = flat;
    let n = 1;
    for (let i = out.length - 1; i >= 0; i--) {
      n *= perAxis[i][rest % out[i]];
      rest = Math.floor(rest / out[i]);
    }
    counts[flat] = 1 / n;
  });
  const scale = g.constant(Array.from(counts), 'float', out);
  const ones = g.constant(Array.from({ length: channels * kernel.reduce((a, b) => a * b, 1) }, () => 1), 'float', [channels, 1, ...kernel]);
  const op = outputPadding(c, { ...w, group: channels }, out, spatial);
  return [g.op('ConvTranspose', [g.op('Mul', [c.dy(0)!, scale]), ones], { strides: w.strides, pads: w.pads, dilations: w.dilations, group: channels, ...(op.some((v) => v > 0) ? { output_padding: op } : {}) })];
}

function globalAveragePool(c: GradContext): Array<string | undefined> {
  const { g } = c;
  const x = c.x(0);
  const spatial = channelDims(c, x, 'the input').slice(2);
  const count = spatial.reduce((a, b) => a * b, 1);
  return [g.op('Expand', [g.op('Mul', [c.dy(0)!, c.f(1 / count)]), c.shapeOf(x)])];
}

export const convolution: Record<string, OpGradient> = {
  Conv: { rule: conv },
  ConvTranspose: { rule: convTranspose },
  MaxPool: {
    rule: maxPool,
    prepare(node, fresh, shapes) {
      if (!tilesInput(node, shapes.get(node.inputs[0])?.dims ?? null) && (node.outputs[1] ?? '') === '') node.outputs[1] = fresh('maxpool_indices');
    },
  },
  AveragePool: { rule: averagePool },
  GlobalAveragePool: { rule: globalAveragePool },
};
