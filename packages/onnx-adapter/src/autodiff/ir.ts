import type { AttrValue, Dim, TensorValue, ValueInfo } from '../onnx/graph.js';

/**
 * A forward graph as the autodiff reads it: ONNX nodes in topological order over named values,
 * constant tensors by name, and the graph's inputs and outputs. Models decoded from ONNX bytes and
 * models emitted by the builders share this form.
 */
export interface IrNode {
  op: string;
  /** '' (the default ONNX domain) for every supported op */
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface IrGraph {
  nodes: IrNode[];
  /** constants (initializers and folded `Constant` nodes) by value name */
  constants: Map<string, TensorValue>;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** the default-domain opset the nodes are written in (normalized to >= 18 by decodeModel) */
  opset: number;
}

export type { Dim, TensorValue, ValueInfo };

/** A node's label for messages: `Conv node "/0/Conv"`. */
export function describeNode(node: IrNode): string {
  return `${node.op} node ${JSON.stringify(node.name || node.outputs[0] || '')}`;
}

export function attrInt(node: IrNode, name: string, fallback: number): number {
  const v = node.attrs[name];
  if (v === undefined) return fallback;
  if (typeof v === 'number') return v;
  throw new TypeError(`${describeNode(node)}: attribute ${name} must be an integer`);
}

export function attrFloat(node: IrNode, name: string, fallback: number): number {
  const v = node.attrs[name];
  if (v === undefined) return fallback;
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && !Array.isArray(v) && 'float' in v) return v.float;
  throw new TypeError(`${describeNode(node)}: attribute ${name} must be a float`);
}

export function attrInts(node: IrNode, name: string): number[] | undefined {
  const v = node.attrs[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  throw new TypeError(`${describeNode(node)}: attribute ${name} must be a list of integers`);
}

export function attrString(node: IrNode, name: string, fallback: string): string {
  const v = node.attrs[name];
  if (v === undefined) return fallback;
  if (typeof v === 'string') return v;
  throw new TypeError(`${describeNode(node)}: attribute ${name} must be a string`);
}

export function sizeOf(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** A float32 tensor value. */
export function floatTensor(dims: number[], data: Float32Array = new Float32Array(sizeOf(dims))): TensorValue {
  return { type: 'float', dims, data };
}
