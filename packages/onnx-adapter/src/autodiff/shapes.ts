import type { Dim } from '../onnx/graph.js';
import type { ElemType } from '../onnx/proto.js';
import { ModelError } from './decode.js';
import { broadcastDims, divDim, isStatic, mulDim, productDims, showDims } from './dims.js';
import { attrInt, attrInts, attrString, describeNode, type IrGraph } from './ir.js';

/**
 * What is known about a value before running the graph: its element type, its dims (null: unknown
 * rank; symbols for sizes known only at run time, such as the batch) and, for small integer tensors
 * computed from constants and shapes (`Shape → Gather → Concat → Reshape`), its elements.
 */
export interface ValueShape {
  type: ElemType;
  dims: Dim[] | null;
  value?: Dim[];
}

export type Shapes = Map<string, ValueShape>;

const TO_TYPE: Record<number, ElemType> = { 1: 'float', 2: 'uint8', 3: 'int8', 6: 'int32', 7: 'int64', 9: 'bool', 11: 'double' };

const UNARY = new Set(['Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Erf', 'Exp', 'Log', 'Sqrt', 'Neg', 'Abs', 'Reciprocal', 'Softplus', 'Identity', 'Floor', 'Ceil', 'Round', 'Sign', 'Softmax', 'LogSoftmax', 'Elu', 'HardSigmoid', 'Not', 'Sin', 'Cos']);
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Mod', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor']);
const COMPARE = new Set(['Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'And', 'Or', 'Xor']);
const REDUCE = new Set(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceSumSquare', 'ReduceL2', 'ReduceL1', 'ReduceLogSumExp']);

/** Every op the forward graph may contain (differentiable or not). */
export const SUPPORTED_OPS: readonly string[] = [
  ...UNARY, ...BINARY, ...COMPARE, ...REDUCE,
  'Cast', 'CastLike', 'Clip', 'Where', 'Gemm', 'MatMul', 'Conv', 'ConvTranspose', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool',
  'Flatten', 'Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Concat', 'Split', 'Slice', 'Gather', 'GatherElements', 'Expand', 'Tile', 'Pad',
  'ArgMax', 'ArgMin', 'LayerNormalization', 'BatchNormalization', 'Dropout', 'Shape', 'Size', 'ConstantOfShape', 'Range', 'OneHot',
].sort();

const MAX_VALUE = 64;

/** The int64 elements of a constant, when small. */
function constValue(graph: IrGraph, name: string): Dim[] | undefined {
  const t = graph.constants.get(name);
  if (t === undefined || t.data.length > MAX_VALUE) return undefined;
  if (t.type === 'int64' || t.type === 'int32') return Array.from(t.data as ArrayLike<number | bigint>, Number);
  return undefined;
}

/** Infers the type, dims and (for small int tensors) elements of every value of the graph. */
export function inferShapes(graph: IrGraph): Shapes {
  const shapes: Shapes = new Map();
  for (const [name, t] of graph.constants) shapes.set(name, { type: t.type, dims: [...t.dims], value: constValue(graph, name) });
  for (const v of graph.inputs) shapes.set(v.name, { type: v.type, dims: v.dims === null ? null : [...v.dims] });
  let fresh = 0;
  const unknown = (): Dim => `?s${++fresh}`;
  for (const node of graph.nodes) {
    const get = (i: number): ValueShape | undefined => (node.inputs[i] === undefined || node.inputs[i] === '' ? undefined : shapes.get(node.inputs[i]));
    const need = (i: number): ValueShape => {
      const s = get(i);
      if (s === undefined) throw new ModelError(`${describeNode(node)} reads "${node.inputs[i] ?? ''}", which nothing before it defines (the nodes must be in topological order)`);
      return s;
    };
    const value = (i: number, what: string): Dim[] => {
      const v = get(i)?.value;
      if (v === undefined) throw new ModelError(`${describeNode(node)}: its ${what} (input ${i}, "${node.inputs[i]}") must be computable before the run (from constants and shapes)`);
      return v;
    };
    const staticValue = (i: number, what: string): number[] => {
      const v = value(i, what);
      if (!v.every((d) => typeof d === 'number')) throw new ModelError(`${describeNode(node)}: its ${what} depends on a run-time size (${v.join(', ')})`);
      return v as number[];
    };
    const set = (k: number, s: ValueShape): void => {
      if (node.outputs[k] !== undefined && node.outputs[k] !== '') shapes.set(node.outputs[k], s);
    };
    const axis = (a: number, rank: number): number => (a < 0 ? a + rank : a);
    const op = node.op;

    if (UNARY.has(op) || op === 'Clip') {
      const s = need(0);
      set(0, { type: s.type, dims: s.dims, value: op === 'Identity' ? s.value : undefined });
    } else if (BINARY.has(op) || COMPARE.has(op) || op === 'Where') {
      const ins = node.inputs.map((_, i) => need(i));
      let dims: Dim[] | null = [];
      for (const s of ins) {
        if (dims === null || s.dims === null) dims = null;
        else {
          const b = broadcastDims(dims, s.dims);
          if (b === undefined) throw new ModelError(`${describeNode(node)}: inputs of dims ${ins.map((i) => showDims(i.dims)).join(' and ')} do not broadcast`);
          dims = b;
        }
      }
      const type: ElemType = COMPARE.has(op) ? 'bool' : op === 'Where' ? ins[1].type : ins[0].type;
      let v: Dim[] | undefined;
      const vals = ins.map((s) => s.value);
      if (['Add', 'Sub', 'Mul', 'Div'].includes(op) && vals.every((a) => a !== undefined) && dims !== null && dims.length <= 1) {
        const n = Math.max(...vals.map((a) => a!.length));
        v = [];
        for (let k = 0; k < n; k++) {
          const a = vals[0]![vals[0]!.length === 1 ? 0 : k];
          const b = vals[1]![vals[1]!.length === 1 ? 0 : k];
          if (typeof a === 'number' && typeof b === 'number') v.push(op === 'Add' ? a + b : op === 'Sub' ? a - b : op === 'Mul' ? a * b : Math.trunc(a / b));
          else if (op === 'Mul') v.push(mulDim(a, b));
          else if (op === 'Div' && divDim(a, b) !== undefined) v.push(divDim(a, b)!);
          else v.push(unknown());
        }
      }
      set(0, { type, dims, value: v });
    } else if (op === 'Cast' || op === 'CastLike') {
      const s = need(0);
      const type = op === 'Cast' ? TO_TYPE[attrInt(node, 'to', 1)] : need(1).type;
      if (type === undefined) throw new ModelError(`${describeNode(node)} casts to type ${attrInt(node, 'to', 1)}, which is not supported`);
      set(0, { type, dims: s.dims, value: type === 'int64' || type === 'int32' ? s.value : undefined });
    } else if (REDUCE.has(op) || op === 'ArgMax' || op === 'ArgMin') {
      const s = need(0);
      const keep = attrInt(node, 'keepdims', 1) === 1;
      let dims: Dim[] | null = null;
      if (s.dims !== null) {
        const rank = s.dims.length;
        let axes: number[];
        if (op === 'ArgMax' || op === 'ArgMin') axes = [attrInt(node, 'axis', 0)];
        else if ((node.inputs[1] ?? '') !== '') axes = staticValue(1, 'axes');
        else axes = attrInts(node, 'axes') ?? [];
        if (axes.length === 0 && !(op !== 'ArgMax' && op !== 'ArgMin' && attrInt(node, 'noop_with_empty_axes', 0) === 1)) axes = s.dims.map((_, i) => i);
        const set0 = new Set(axes.map((a) => axis(a, rank)));
        dims = [];
        s.dims.forEach((d, i) => {
          if (!set0.has(i)) dims!.push(d);
          else if (keep) dims!.push(1);
        });
      }
      set(0, { type: op === 'ArgMax' || op === 'ArgMin' ? 'int64' : s.type, dims });
    } else if (op === 'Gemm') {
      const a = need(0);
      const b = need(1);
      if (a.dims?.length !== 2 || b.dims?.length !== 2) throw new ModelError(`${describeNode(node)}: Gemm needs two matrices, got ${showDims(a.dims)} and ${showDims(b.dims)}`);
      const m = attrInt(node, 'transA', 0) === 1 ? a.dims[1] : a.dims[0];
      const n = attrInt(node, 'transB', 0) === 1 ? b.dims[0] : b.dims[1];
      set(0, { type: a.type, dims: [m, n] });
    } else if (op === 'MatMul') {
      const a = need(0);
      const b = need(1);
      let dims: Dim[] | null = null;
      if (a.dims !== null && b.dims !== null) {
        const ad = a.dims.length === 1 ? [1, a.dims[0]] : a.dims;
        const bd = b.dims.length === 1 ? [b.dims[0], 1] : b.dims;
        const batch = broadcastDims(ad.slice(0, -2), bd.slice(0, -2));
        if (batch === undefined) throw new ModelError(`${describeNode(node)}: batch dims of ${showDims(a.dims)} and ${showDims(b.dims)} do not broadcast`);
        dims = [...batch, ...(a.dims.length === 1 ? [] : [ad[ad.length - 2]]), ...(b.dims.length === 1 ? [] : [bd[bd.length - 1]])];
      }
      set(0, { type: a.type, dims });
    } else if (op === 'Conv' || op === 'ConvTranspose' || op === 'MaxPool' || op === 'AveragePool') {
      const s = need(0);
      if (s.dims === null || s.dims.length < 3) throw new ModelError(`${describeNode(node)}: its input must have a known rank of at least 3 ([N, C, ...spatial]), got ${showDims(s.dims)}`);
      const spatial = s.dims.length - 2;
      const w = op === 'Conv' || op === 'ConvTranspose' ? need(1) : undefined;
      if (w !== undefined && !isStatic(w.dims)) throw new ModelError(`${describeNode(node)}: its weight must have static dims, got ${showDims(w.dims)}`);
      const kernel = attrInts(node, 'kernel_shape') ?? (w !== undefined ? (w.dims as number[]).slice(2) : undefined);
      if (kernel === undefined) throw new ModelError(`${describeNode(node)} has no kernel_shape`);
      const strides = attrInts(node, 'strides') ?? kernel.map(() => 1);
      const dil = attrInts(node, 'dilations') ?? kernel.map(() => 1);
      const pads = attrInts(node, 'pads') ?? kernel.map(() => 0).concat(kernel.map(() => 0));
      const autoPad = attrString(node, 'auto_pad', 'NOTSET');
      if (autoPad !== 'NOTSET' && autoPad !== 'VALID') throw new ModelError(`${describeNode(node)} uses auto_pad ${autoPad}; export with explicit pads (PyTorch does)`);
      const ceil = attrInt(node, 'ceil_mode', 0) === 1;
      const out: Dim[] = [s.dims[0]];
      if (op === 'Conv') out.push((w!.dims as number[])[0]);
      else if (op === 'ConvTranspose') out.push((w!.dims as number[])[1] * attrInt(node, 'group', 1));
      else out.push(s.dims[1]);
      for (let i = 0; i < spatial; i++) {
        const d = s.dims[2 + i];
        if (typeof d !== 'number') throw new ModelError(`${describeNode(node)}: spatial dims must be static, got ${showDims(s.dims)}`);
        const pb = autoPad === 'VALID' ? 0 : pads[i];
        const pe = autoPad === 'VALID' ? 0 : pads[i + spatial];
        if (op === 'ConvTranspose') {
          const outPad = attrInts(node, 'output_padding')?.[i] ?? 0;
          const given = attrInts(node, 'output_shape');
          out.push(given !== undefined ? given[given.length - spatial + i] : strides[i] * (d - 1) + outPad + ((kernel[i] - 1) * dil[i] + 1) - pb - pe);
        } else {
          const span = (kernel[i] - 1) * dil[i] + 1;
          const q = (d + pb + pe - span) / strides[i];
          out.push((ceil ? Math.ceil(q) : Math.floor(q)) + 1);
        }
      }
      set(0, { type: s.type, dims: out });
      if (op === 'MaxPool') set(1, { type: 'int64', dims: out });
    } else if (op === 'GlobalAveragePool' || op === 'GlobalMaxPool') {
      const s = need(0);
      set(0, { type: s.type, dims: s.dims === null ? null : [s.dims[0], s.dims[1], ...s.dims.slice(2).map(() => 1)] });
    } else if (op === 'Flatten') {
      const s = need(0);
      let dims: Dim[] | null = null;
      if (s.dims !== null) {
        const a = axis(attrInt(node, 'axis', 1), s.dims.length);
        dims = [productDims(s.dims.slice(0, a)), productDims(s.dims.slice(a))];
      }
      set(0, { type: s.type, dims, value: s.value });
    } else if (op === 'Reshape') {
      const s = need(0);
      const known = get(1)?.value;
      if (known === undefined) {
        const len = need(1).dims?.[0];
        set(0, { type: s.type, dims: typeof len === 'number' ? Array.from({ length: len }, () => unknown()) : null });
        continue;
      }
      const target = known;
      const allowZero = attrInt(node, 'allowzero', 0) === 1;
      const dims: Dim[] = target.map((d, i) => (d === 0 && !allowZero ? (s.dims?.[i] ?? unknown()) : d));
      const minus = dims.indexOf(-1);
      if (minus >= 0) {
        const rest = productDims(dims.filter((_, i) => i !== minus));
        const q = s.dims === null ? undefined : divDim(productDims(s.dims), rest);
        dims[minus] = q ?? unknown();
      }
      set(0, { type: s.type, dims, value: s.value });
    } else if (op === 'Transpose') {
      const s = need(0);
      const perm = attrInts(node, 'perm') ?? (s.dims === null ? undefined : s.dims.map((_, i) => s.dims!.length - 1 - i));
      set(0, { type: s.type, dims: s.dims === null || perm === undefined ? null : perm.map((p) => s.dims![p]) });
    } else if (op === 'Squeeze' || op === 'Unsqueeze') {
      const s = need(0);
      const axes = (node.inputs[1] ?? '') !== '' ? staticValue(1, 'axes') : undefined;
      let dims: Dim[] | null = null;
      if (s.dims !== null) {
        if (op === 'Squeeze') {
          const rank = s.dims.length;
          const drop = new Set((axes ?? s.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => axis(a, rank)));
          dims = s.dims.filter((_, i) => !drop.has(i));
        } else {
          if (axes === undefined) throw new ModelError(`${describeNode(node)} needs its axes input`);
          const rank = s.dims.length + axes.length;
          const ins = new Set(axes.map((a) => axis(a, rank)));
          const it = s.dims[Symbol.iterator]();
          dims = Array.from({ length: rank }, (_, i) => (ins.has(i) ? 1 : it.next().value as Dim));
        }
      }
      set(0, { type: s.type, dims, value: s.value });
    } else if (op === 'Concat') {
      const ins = node.inputs.map((_, i) => need(i));
      let dims: Dim[] | null = null;
      if (ins.every((s) => s.dims !== null)) {
        const rank = ins[0].dims!.length;
        const a = axis(attrInt(node, 'axis', 0), rank);
        dims = [...ins[0].dims!];
        dims[a] = ins.slice(1).reduce<Dim>((acc, s) => (typeof acc === 'number' && typeof s.dims![a] === 'number' ? acc + (s.dims![a] as number) : unknown()), ins[0].dims![a]);
      }
      const v = ins.every((s) => s.value !== undefined) && dims?.length === 1 ? ins.flatMap((s) => s.value!) : undefined;
      set(0, { type: ins[0].type, dims, value: v });
    } else if (op === 'Split') {
      const s = need(0);
      const count = node.outputs.length;
      const rank = s.dims?.length ?? 0;
      const a = axis(attrInt(node, 'axis', 0), rank);
      const sizes = (node.inputs[1] ?? '') !== '' ? staticValue(1, 'split') : undefined;
      node.outputs.forEach((_, k) => {
        let dims: Dim[] | null = null;
        if (s.dims !== null) {
          dims = [...s.dims];
          const total = s.dims[a];
          dims[a] = sizes !== undefined ? sizes[k] : typeof total === 'number' ? Math.ceil(total / count) - (k === count - 1 ? Math.ceil(total / count) * count - total : 0) : unknown();
        }
        set(k, { type: s.type, dims });
      });
    } else if (op === 'Slice') {
      const s = need(0);
      const known = [1, 2, 3, 4].every((i) => (node.inputs[i] ?? '') === '' || isStatic(get(i)?.value ?? null));
      let dims: Dim[] | null = null;
      let v: Dim[] | undefined;
      if (s.dims !== null && !known) dims = s.dims.map(() => unknown());
      else if (s.dims !== null) {
        const starts = staticValue(1, 'starts');
        const ends = staticValue(2, 'ends');
        const rank = s.dims.length;
        const axes = (node.inputs[3] ?? '') !== '' ? staticValue(3, 'axes') : starts.map((_, i) => i);
        const steps = (node.inputs[4] ?? '') !== '' ? staticValue(4, 'steps') : starts.map(() => 1);
        dims = [...s.dims];
        axes.forEach((a0, k) => {
          const a = axis(a0, rank);
          const d = s.dims![a];
          if (typeof d !== 'number') {
            dims![a] = starts[k] === 0 && ends[k] >= 2 ** 31 - 1 && steps[k] === 1 ? d : unknown();
            return;
          }
          const [b, e] = sliceRange(starts[k], ends[k], steps[k], d);
          dims![a] = Math.max(0, Math.ceil((e - b) / steps[k]));
        });
        if (s.value !== undefined && rank === 1) {
          const [b, e] = sliceRange(starts[0], ends[0], steps[0], s.value.length);
          v = [];
          for (let i = b; steps[0] > 0 ? i < e : i > e; i += steps[0]) v.push(s.value[i]);
        }
      }
      set(0, { type: s.type, dims, value: v });
    } else if (op === 'Gather') {
      const s = need(0);
      const ix = need(1);
      let dims: Dim[] | null = null;
      let v: Dim[] | undefined;
      if (s.dims !== null && ix.dims !== null) {
        const a = axis(attrInt(node, 'axis', 0), s.dims.length);
        dims = [...s.dims.slice(0, a), ...ix.dims, ...s.dims.slice(a + 1)];
        if (s.value !== undefined && ix.value !== undefined && s.dims.length === 1) {
          v = ix.value.map((i) => (typeof i === 'number' ? s.value![i < 0 ? i + s.value!.length : i] : unknown()));
        }
      }
      set(0, { type: s.type, dims, value: v });
    } else if (op === 'GatherElements') {
      set(0, { type: need(0).type, dims: need(1).dims });
    } else if (op === 'Expand') {
      const s = need(0);
      const target = get(1)?.value;
      set(0, { type: s.type, dims: s.dims !== null && target !== undefined ? broadcastDims(s.dims, target) ?? null : null });
    } else if (op === 'Tile') {
      const s = need(0);
      const reps = get(1)?.value;
      set(0, { type: s.type, dims: s.dims !== null && reps !== undefined ? s.dims.map((d, i) => mulDim(d, reps[i])) : null });
    } else if (op === 'Pad') {
      const s = need(0);
      const padsKnown = isStatic(get(1)?.value ?? null) && ((node.inputs[3] ?? '') === '' || isStatic(get(3)?.value ?? null));
      let dims: Dim[] | null = null;
      if (s.dims !== null && !padsKnown) dims = s.dims.map(() => unknown());
      else if (s.dims !== null) {
        const pads = staticValue(1, 'pads');
        const rank = s.dims.length;
        const axes = (node.inputs[3] ?? '') !== '' ? staticValue(3, 'axes').map((a) => axis(a, rank)) : s.dims.map((_, i) => i);
        dims = [...s.dims];
        axes.forEach((a, k) => {
          const add = pads[k] + pads[k + axes.length];
          dims![a] = typeof dims![a] === 'number' ? (dims![a] as number) + add : add === 0 ? dims![a] : unknown();
        });
      }
      set(0, { type: s.type, dims });
    } else if (op === 'LayerNormalization') {
      const s = need(0);
      set(0, { type: s.type, dims: s.dims });
      if (s.dims !== null) {
        const a = axis(attrInt(node, 'axis', -1), s.dims.length);
        const stat = s.dims.map((d, i) => (i < a ? d : 1));
        set(1, { type: 'float', dims: stat });
        set(2, { type: 'float', dims: stat });
      }
    } else if (op === 'BatchNormalization') {
      const s = need(0);
      set(0, { type: s.type, dims: s.dims });
      set(1, need(3));
      set(2, need(4));
    } else if (op === 'Dropout') {
      const s = need(0);
      set(0, { type: s.type, dims: s.dims });
      set(1, { type: 'bool', dims: s.dims });
    } else if (op === 'Shape') {
      const s = need(0);
      let v: Dim[] | undefined;
      if (s.dims !== null) {
        const rank = s.dims.length;
        const start = axis(attrInt(node, 'start', 0), rank);
        const endAttr = node.attrs.end === undefined ? rank : axis(attrInt(node, 'end', rank), rank);
        v = s.dims.slice(Math.max(0, start), Math.min(rank, endAttr));
      }
      set(0, { type: 'int64', dims: v === undefined ? [unknown()] : [v.length], value: v });
    } else if (op === 'Size') {
      const s = need(0);
      set(0, { type: 'int64', dims: [], value: s.dims === null ? undefined : [productDims(s.dims)] });
    } else if (op === 'ConstantOfShape') {
      const shape = get(0)?.value;
      const t = node.attrs.value;
      const type: ElemType = t !== undefined && typeof t === 'object' && 'tensor' in t ? t.tensor.type : 'float';
      set(0, { type, dims: shape === undefined ? null : shape, value: shape !== undefined && shape.length <= 1 && (type === 'int64' || type === 'int32') && isStatic(shape) && shape.every((d) => d <= MAX_VALUE) ? Array.from({ length: shape.length === 0 ? 1 : shape[0] }, () => Number((t as { tensor: { data: ArrayLike<number | bigint> } }).tensor.data[0])) : undefined });
    } else if (op === 'Range') {
      const s = need(0);
      const [a, b, d] = [get(0)?.value?.[0], get(1)?.value?.[0], get(2)?.value?.[0]];
      const n = typeof a === 'number' && typeof b === 'number' && typeof d === 'number' ? Math.max(0, Math.ceil((b - a) / d)) : unknown();
      set(0, { type: s.type, dims: [n] });
    } else if (op === 'OneHot') {
      const ix = need(0);
      const depth = get(1)?.value?.[0] ?? unknown();
      const vals = need(2);
      let dims: Dim[] | null = null;
      if (ix.dims !== null) {
        const rank = ix.dims.length + 1;
        const a = axis(attrInt(node, 'axis', -1), rank);
        dims = [...ix.dims.slice(0, a), depth, ...ix.dims.slice(a)];
      }
      set(0, { type: vals.type, dims });
    } else {
      throw new ModelError(`${describeNode(node)}: the op ${op} is not supported (supported: ${SUPPORTED_OPS.join(', ')})`);
    }
  }
  return shapes;
}

/** Clamped [begin, end) of a Slice along one axis of size `d` (ONNX rules). */
export function sliceRange(start: number, end: number, step: number, d: number): [number, number] {
  const norm = (v: number) => (v < 0 ? v + d : v);
  if (step > 0) return [Math.min(Math.max(norm(start), 0), d), Math.min(Math.max(norm(end), 0), d)];
  return [Math.min(Math.max(norm(start), -1), d - 1), Math.min(Math.max(norm(end), -1), d - 1)];
}
