import type { IrGraph } from '../autodiff/ir.js';
import type { ValueInfo } from '../onnx/graph.js';
import type { LossKind } from './loss.js';

export interface ParamInfo {
  name: string;
  dims: number[];
  /** fan-in, for initialization */
  fanIn: number;
  kind: 'weight' | 'bias';
}

/** A state tensor that training updates but the optimizer does not (BatchNorm running statistics). */
export interface BufferInfo {
  name: string;
  dims: number[];
}

/**
 * A model as the train-step builder reads it, whatever its source: a forward graph from the batch
 * inputs to `output`, the loss on it, and which of its constants are trained.
 */
export interface ForwardModel {
  /** forward nodes; `graph.inputs` are the batch inputs other than the labels; the constants hold initial values */
  graph: IrGraph;
  output: string;
  loss: LossKind;
  labels: ValueInfo;
  /** classes of a crossEntropy output */
  classes: number;
  /** trainable parameters, in state order */
  params: ParamInfo[];
  buffers: BufferInfo[];
  /** initial values of the parameters and buffers, by name */
  initial(seed: number): Record<string, Float32Array>;
  /** key of the dropout masks' generator */
  dropoutSeed: number;
}
