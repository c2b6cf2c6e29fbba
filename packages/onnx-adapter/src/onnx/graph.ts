import { DataType, onnx, type ElemType } from './proto.js';
import type { onnx as P } from 'onnx-proto';

/** A dimension: a fixed size or a symbolic name (e.g. `'N'` for the batch). */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  type: ElemType;
  /** null: any rank and shape */
  dims: Dim[] | null;
}

export type AttrValue =
  | number
  | string
  | number[]
  | { float: number }
  | { floats: number[] }
  | { tensor: TensorValue }
  | { graph: P.IGraphProto };

/** A tensor's contents: element type, dimensions and row-major data. */
export interface TensorValue {
  type: ElemType;
  dims: number[];
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
}

/**
 * A small ONNX graph builder: named values, constants, nodes, and serialization to model bytes.
 * Node and constant names are made unique with a counter under an optional prefix, so subgraphs
 * built by different emitters can share one builder.
 */
export class GraphBuilder {
  readonly nodes: P.INodeProto[] = [];
  readonly initializers: P.ITensorProto[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  private counter = 0;
  private readonly constCache = new Map<string, string>();

  constructor(readonly prefix = '') {}

  /** A fresh value name. */
  fresh(hint = 'v'): string {
    return `${this.prefix}${hint}_${this.counter++}`;
  }

  input(name: string, type: ElemType, dims: Dim[] | null): string {
    this.inputs.push({ name, type, dims });
    return name;
  }

  output(name: string, type: ElemType, dims: Dim[] | null): string {
    this.outputs.push({ name, type, dims });
    return name;
  }

  /** A constant initializer (cached by value, type and shape). `dims` defaults to a scalar. */
  constant(values: number | readonly number[] | bigint, type: ElemType = 'float', dims?: number[]): string {
    const list = typeof values === 'number' || typeof values === 'bigint' ? [values] : [...values];
    const shape = dims ?? (typeof values === 'number' || typeof values === 'bigint' ? [] : [list.length]);
    const key = `${type}|${shape.join(',')}|${list.map(String).join(',')}`;
    const cached = this.constCache.get(key);
    if (cached !== undefined) return cached;
    const name = this.fresh('c');
    const tensor: P.ITensorProto = { name, dataType: DataType[type], dims: shape };
    if (type === 'float') tensor.floatData = list.map(Number);
    else if (type === 'double') tensor.doubleData = list.map(Number);
    else if (type === 'int64' || type === 'uint64') tensor.rawData = int64Bytes(list);
    else if (type === 'int32' || type === 'bool') tensor.int32Data = list.map(Number);
    this.initializers.push(tensor);
    this.constCache.set(key, name);
    return name;
  }

  /** An initializer holding `value` under `name` (raw little-endian bytes, for large tensors). */
  initializer(name: string, value: TensorValue): string {
    this.initializers.push(tensorProto(name, value));
    return name;
  }

  /** Adds a node; returns its single output name. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, hint?: string): string {
    return this.opN(opType, inputs, 1, attrs, hint)[0];
  }

  /** Adds a node with `count` outputs. */
  opN(opType: string, inputs: string[], count: number, attrs: Record<string, AttrValue> = {}, hint?: string): string[] {
    const outs = Array.from({ length: count }, () => this.fresh(hint ?? opType.toLowerCase()));
    this.nodeTo(opType, inputs, outs, attrs);
    return outs;
  }

  /** Adds a node writing to the given output names. */
  nodeTo(opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}): void {
    this.nodes.push({
      opType,
      input: inputs,
      output: outputs,
      name: this.fresh(`n_${opType}`),
      attribute: Object.entries(attrs).map(([name, value]) => attribute(name, value)),
    });
  }

  /** `Identity` from `from` to the name `to` (for named graph outputs). */
  alias(from: string, to: string): void {
    this.nodeTo('Identity', [from], [to]);
  }

  graph(name: string): P.IGraphProto {
    return {
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs.map(valueInfo),
      output: this.outputs.map(valueInfo),
    };
  }

  /** Serializes a model with the default ONNX domain at `opset`. */
  toModel(name: string, opset: number, metadata: Record<string, string> = {}, docString = ''): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'cyclr',
      producerVersion: '0.0.0',
      docString,
      opsetImport: [{ domain: '', version: opset }],
      graph: this.graph(name),
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function int64Bytes(values: ReadonlyArray<number | bigint>): Uint8Array {
  const out = new BigInt64Array(values.length);
  values.forEach((v, i) => {
    out[i] = BigInt(v);
  });
  return new Uint8Array(out.buffer);
}

/** A TensorProto with raw little-endian data. */
export function tensorProto(name: string, value: TensorValue): P.ITensorProto {
  const { data } = value;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return { name, dataType: DataType[value.type], dims: [...value.dims], rawData: bytes };
}

function valueInfo(v: ValueInfo): P.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: DataType[v.type],
        ...(v.dims === null ? {} : { shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } }),
      },
    },
  };
}

const A = onnx.AttributeProto.AttributeType;

function attribute(name: string, value: AttrValue): P.IAttributeProto {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: A.INT, i: value } : { name, type: A.FLOAT, f: value };
  }
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: A.INTS, ints: value };
  if ('float' in value) return { name, type: A.FLOAT, f: value.float };
  if ('floats' in value) return { name, type: A.FLOATS, floats: value.floats };
  if ('tensor' in value) return { name, type: A.TENSOR, t: tensorProto('', value.tensor) };
  return { name, type: A.GRAPH, g: value.graph };
}
