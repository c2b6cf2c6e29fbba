import type { AttrValue, GraphBuilder, TensorValue } from '../onnx/graph.js';
import type { ElemType } from '../onnx/proto.js';
import type { IrGraph } from './ir.js';

/** What emitters write ops to: a GraphBuilder (train-step bytes) or an IrBuilder (a forward graph). */
export type OpSink = Pick<GraphBuilder, 'op' | 'opN' | 'constant' | 'fresh'>;

const NUMERIC: Partial<Record<ElemType, (list: number[]) => TensorValue['data']>> = {
  float: (l) => Float32Array.from(l),
  double: (l) => Float64Array.from(l),
  int64: (l) => BigInt64Array.from(l.map((v) => BigInt(v))),
  int32: (l) => Int32Array.from(l),
  bool: (l) => Uint8Array.from(l),
};

/**
 * Appends nodes and constants to an IR graph with the GraphBuilder's op API, so forward emitters
 * (layers, losses) produce a graph the autodiff can read. Fresh names carry `prefix`.
 */
export class IrBuilder implements OpSink {
  private counter = 0;
  private readonly cache = new Map<string, string>();

  constructor(readonly graph: IrGraph, readonly prefix: string) {}

  fresh(hint = 'v'): string {
    return `${this.prefix}${hint}_${this.counter++}`;
  }

  constant(values: number | readonly number[] | bigint, type: ElemType = 'float', dims?: number[]): string {
    const list = typeof values === 'number' || typeof values === 'bigint' ? [Number(values)] : [...values];
    const shape = dims ?? (typeof values === 'number' || typeof values === 'bigint' ? [] : [list.length]);
    const key = `${type}|${shape.join(',')}|${list.join(',')}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const make = NUMERIC[type];
    if (make === undefined) throw new TypeError(`IrBuilder.constant: type ${type} is not supported`);
    const name = this.fresh('c');
    this.graph.constants.set(name, { type, dims: shape, data: make(list) });
    this.cache.set(key, name);
    return name;
  }

  /** a named constant tensor (a weight) */
  tensor(name: string, value: TensorValue): string {
    this.graph.constants.set(name, value);
    return name;
  }

  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, hint?: string): string {
    return this.opN(opType, inputs, 1, attrs, hint)[0];
  }

  opN(opType: string, inputs: string[], count: number, attrs: Record<string, AttrValue> = {}, hint?: string): string[] {
    const outs = Array.from({ length: count }, () => this.fresh(hint ?? opType.toLowerCase()));
    this.graph.nodes.push({ op: opType, domain: '', name: this.fresh(`n_${opType}`), inputs, outputs: outs, attrs });
    return outs;
  }
}
