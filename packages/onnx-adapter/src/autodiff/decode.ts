import type { onnx as P } from 'onnx-proto';
import type { AttrValue, Dim, TensorValue, ValueInfo } from '../onnx/graph.js';
import { DataType, onnx, type ElemType } from '../onnx/proto.js';
import type { IrGraph, IrNode } from './ir.js';

/** The oldest opset accepted (opset 13 fixed the semantics of Softmax, Squeeze and ReduceSum). */
export const MIN_OPSET = 13;
/** The opset the train step is written in at least (BitwiseXor, Reduce* axes as inputs). */
export const TRAIN_OPSET = 18;
export const MAX_OPSET = 21;

/** A model that cannot be read or trained, with the reason. */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

type Long = { toString(): string };
const num = (v: number | Long | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : Number(v.toString()));

const TYPE_NAMES: Record<number, ElemType> = Object.fromEntries(Object.entries(DataType).map(([k, v]) => [v, k as ElemType]));

/** Decodes a TensorProto into a tensor value (raw or typed-field data). */
export function decodeTensor(t: P.ITensorProto, what: string): TensorValue {
  const code = t.dataType ?? 0;
  const type = TYPE_NAMES[code];
  if (type === undefined || type === 'uint64') throw new ModelError(`${what}: tensor type ${code} is not supported (float, double, int64, int32, uint8, int8, bool are)`);
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new ModelError(`${what} keeps its data in an external file: save the model with its weights embedded (onnx.save(model, path, save_as_external_data=False))`);
  }
  const dims = (t.dims ?? []).map(num);
  const size = dims.reduce((a, b) => a * b, 1);
  const raw = t.rawData;
  const width = type === 'float' || type === 'int32' ? 4 : type === 'int64' || type === 'double' ? 8 : 1;
  let data: TensorValue['data'];
  if (raw !== undefined && raw !== null && raw.length > 0) {
    if (raw.length !== size * width) throw new ModelError(`${what}: ${raw.length} bytes of data for dims [${dims.join(', ')}]`);
    const copy = new Uint8Array(raw).buffer;
    data = type === 'float' ? new Float32Array(copy) : type === 'double' ? new Float64Array(copy) : type === 'int64' ? new BigInt64Array(copy) : type === 'int32' ? new Int32Array(copy) : new Uint8Array(copy);
  } else if (type === 'float') data = Float32Array.from(t.floatData ?? []);
  else if (type === 'double') data = Float64Array.from(t.doubleData ?? []);
  else if (type === 'int64') data = BigInt64Array.from((t.int64Data ?? []).map((v) => BigInt(v.toString())));
  else if (type === 'int32') data = Int32Array.from(t.int32Data ?? []);
  else data = Uint8Array.from(t.int32Data ?? []);
  if (data.length !== size) throw new ModelError(`${what}: ${data.length} values for dims [${dims.join(', ')}]`);
  return { type, dims, data };
}

function decodeAttr(a: P.IAttributeProto, where: string): AttrValue {
  const A = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case A.INT:
      return num(a.i);
    case A.FLOAT:
      return { float: a.f ?? 0 };
    case A.INTS:
      return (a.ints ?? []).map(num);
    case A.FLOATS:
      return { floats: [...(a.floats ?? [])] };
    case A.STRING:
      return new TextDecoder().decode(a.s ?? new Uint8Array());
    case A.TENSOR:
      return { tensor: decodeTensor(a.t ?? {}, `${where}, attribute ${a.name}`) };
    default:
      throw new ModelError(`${where}: attribute ${a.name ?? ''} has a type (${String(a.type)}) that is not supported (subgraphs such as If and Loop bodies cannot be trained)`);
  }
}

/** A graph input or output; a dimension with neither a size nor a name gets a fresh name `?k`. */
function decodeValueInfo(v: P.IValueInfoProto, fresh: () => string): ValueInfo {
  const tt = v.type?.tensorType;
  if (tt === undefined || tt === null) throw new ModelError(`graph value ${JSON.stringify(v.name)} is not a tensor (sequences and maps are not supported)`);
  const type = TYPE_NAMES[tt.elemType ?? 0];
  if (type === undefined) throw new ModelError(`graph value ${JSON.stringify(v.name)} has element type ${String(tt.elemType)}, which is not supported`);
  const dims: Dim[] | null = tt.shape === undefined || tt.shape === null ? null : (tt.shape.dim ?? []).map((d) => (d.dimValue !== undefined && d.dimValue !== null && num(d.dimValue) > 0 ? num(d.dimValue) : d.dimParam ? d.dimParam : fresh()));
  return { name: v.name ?? '', type, dims };
}

/** `Constant` node attributes → a tensor value. */
function constantValue(node: IrNode): TensorValue {
  const a = node.attrs;
  if (a.value !== undefined && typeof a.value === 'object' && 'tensor' in a.value) return a.value.tensor;
  if (a.value_float !== undefined) return { type: 'float', dims: [], data: Float32Array.of((a.value_float as { float: number }).float) };
  if (a.value_floats !== undefined) {
    const f = (a.value_floats as { floats: number[] }).floats;
    return { type: 'float', dims: [f.length], data: Float32Array.from(f) };
  }
  if (typeof a.value_int === 'number') return { type: 'int64', dims: [], data: BigInt64Array.of(BigInt(a.value_int)) };
  if (Array.isArray(a.value_ints)) return { type: 'int64', dims: [a.value_ints.length], data: BigInt64Array.from(a.value_ints.map(BigInt)) };
  throw new ModelError(`Constant node ${JSON.stringify(node.name)} has no supported value attribute (value, value_float(s), value_int(s))`);
}

/** Reduce ops whose `axes` moved from an attribute to an input in opset 18 (ReduceSum moved in 13). */
const AXES_TO_INPUT_18 = new Set(['ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare']);

/**
 * Decodes ONNX model bytes into the IR: initializers and `Constant` nodes become constants, and the
 * nodes are rewritten from the model's opset (13 or later) to opset `max(18, opset)` forms.
 */
export function decodeModel(bytes: Uint8Array): { graph: IrGraph; initializers: string[] } {
  if (!(bytes instanceof Uint8Array)) throw new ModelError(`model.bytes must be the ONNX model as a Uint8Array (e.g. fs.readFileSync('model.onnx')), got ${bytes === null ? 'null' : typeof bytes}`);
  let model: P.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ModelError(`model.bytes is not an ONNX model: ${(e as Error).message}`);
  }
  const graph = model.graph;
  if (graph === undefined || graph === null || (graph.node ?? []).length === 0) throw new ModelError('model.bytes is not an ONNX model with a graph (no nodes found)');
  const defaultOpset = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  const opset = num(defaultOpset?.version);
  if (opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new ModelError(`the model uses opset ${opset}; opsets ${MIN_OPSET} to ${MAX_OPSET} are supported (torch.onnx.export(..., opset_version=17))`);
  }
  const constants = new Map<string, TensorValue>();
  for (const t of graph.initializer ?? []) constants.set(t.name ?? '', decodeTensor(t, `initializer ${JSON.stringify(t.name)}`));
  if ((graph.sparseInitializer ?? []).length > 0) throw new ModelError('the model has sparse initializers, which are not supported');
  const nodes: IrNode[] = [];
  for (const n of graph.node ?? []) {
    const where = `${n.opType} node ${JSON.stringify(n.name ?? '')}`;
    const node: IrNode = {
      op: n.opType ?? '',
      domain: n.domain === 'ai.onnx' ? '' : (n.domain ?? ''),
      name: n.name ?? '',
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
      attrs: Object.fromEntries((n.attribute ?? []).map((a) => [a.name ?? '', decodeAttr(a, where)])),
    };
    if (node.domain !== '') throw new ModelError(`${where} is in the domain "${node.domain}"; only standard ONNX ops can be trained`);
    if (node.op === 'Constant') {
      constants.set(node.outputs[0], constantValue(node));
      continue;
    }
    if (AXES_TO_INPUT_18.has(node.op) && opset < 18 && Array.isArray(node.attrs.axes)) {
      const axes = node.attrs.axes;
      delete node.attrs.axes;
      const name = `${node.outputs[0]}::axes`;
      constants.set(name, { type: 'int64', dims: [axes.length], data: BigInt64Array.from(axes.map(BigInt)) });
      node.inputs = [node.inputs[0], name];
    }
    if (node.op === 'Split' && opset < 18 && (node.inputs[1] ?? '') === '') node.attrs.num_outputs = node.outputs.length;
    nodes.push(node);
  }
  let unknown = 0;
  const fresh = () => `?${++unknown}`;
  const inputs = (graph.input ?? []).filter((v) => !constants.has(v.name ?? '')).map((v) => decodeValueInfo(v, fresh));
  const outputs = (graph.output ?? []).map((v) => decodeValueInfo(v, fresh));
  return { graph: { nodes, constants, inputs, outputs, opset: Math.max(TRAIN_OPSET, opset) }, initializers: (graph.initializer ?? []).map((t) => t.name ?? '') };
}
