import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './onnx/graph.js';
import { buildEvalModel, buildTrainStep, initialState } from './train-step.js';
import type { ModelSpec } from './models.js';

/** A small forward model: x [N, 4] → Gemm(w [3, 4], b [3]) → (op) → out. */
function model(options: { op?: string; outputs?: number; initializers?: boolean; opset?: number; extraOutput?: boolean } = {}): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', 'float', ['N', 4]);
  const classes = options.outputs ?? 3;
  let h = 'x';
  if (options.initializers !== false) {
    g.initializer('w', { type: 'float', dims: [classes, 4], data: new Float32Array(classes * 4).fill(0.1) });
    g.initializer('b', { type: 'float', dims: [classes], data: new Float32Array(classes) });
    h = g.op('Gemm', ['x', 'w', 'b'], { transB: 1 });
  }
  const out = options.op === undefined ? h : g.op(options.op, [h], {});
  g.alias(out, 'out');
  g.output('out', 'float', ['N', options.initializers === false ? 4 : classes]);
  if (options.extraOutput) {
    g.alias(h, 'hidden');
    g.output('hidden', 'float', null);
  }
  return g.toModel('m', options.opset ?? 17);
}

const sgd = { type: 'sgd' } as const;
const build = (m: unknown) => () => buildTrainStep({ model: m as ModelSpec, optimizer: sgd });

describe('bad models are clear errors before any session exists', () => {
  it('names the accepted kinds for an unknown kind (instead of "model.hidden is not iterable")', () => {
    expect(build({ kind: 'something-new' })).toThrow(`model.kind must be one of 'linear', 'logistic', 'mlp', 'sequential', 'onnx', got "something-new"`);
    expect(build(undefined)).toThrow(/model must be an object with a kind/);
    expect(() => initialState({ kind: 'cnn' } as never, sgd)).toThrow(/model.kind must be one of/);
    expect(() => buildEvalModel({ kind: 'mlp', inputs: 4, classes: 3 } as never)).toThrow('model.hidden must be a list of layer sizes (e.g. [128]), got undefined');
  });

  it('names an unsupported op and its node', () => {
    expect(build({ kind: 'onnx', bytes: model({ op: 'Hardmax' }), loss: 'crossEntropy' })).toThrow(/Hardmax node "n_Hardmax_\d+": the op Hardmax is not supported \(supported: Abs, Add, /);
  });

  it('names a supported op without a gradient rule on the way from a parameter to the loss', () => {
    const g = new GraphBuilder();
    g.input('x', 'float', ['N', 4]);
    g.initializer('w', { type: 'float', dims: [4], data: new Float32Array(4) });
    g.nodeTo('Max', ['x', 'w'], ['out']);
    g.output('out', 'float', ['N', 4]);
    expect(build({ kind: 'onnx', bytes: g.toModel('m', 17), loss: 'mse' })).toThrow(/Max node "n_Max_\d+": no gradient rule for Max, and its input "w" depends on a trainable parameter/);
  });

  it('rejects a model with no float initializers', () => {
    expect(build({ kind: 'onnx', bytes: model({ initializers: false, op: 'Relu' }), loss: 'mse' })).toThrow('the model has no float initializers: there are no weights to train');
  });

  it('rejects a loss that does not fit the output', () => {
    expect(build({ kind: 'onnx', bytes: model({ outputs: 1 }), loss: 'crossEntropy' })).toThrow('the crossEntropy loss needs logits [N, classes] with at least 2 classes; the output "out" has dims [N, 1]');
    expect(build({ kind: 'onnx', bytes: model({ op: 'Sigmoid' }), loss: 'bce' })).toThrow('the bce loss reads logits, but the output "out" comes from a Sigmoid: export the model without its final Sigmoid');
    expect(build({ kind: 'onnx', bytes: model(), loss: 'hinge' })).toThrow(`model.loss must be one of "crossEntropy", "mse", "bce", got "hinge"`);
  });

  it('rejects labels of the wrong dtype for the loss', () => {
    expect(build({ kind: 'onnx', bytes: model(), loss: 'crossEntropy', labels: { type: 'float32' } })).toThrow('labels of type float32 do not fit the crossEntropy loss: it needs int64 labels (class indices)');
    expect(build({ kind: 'onnx', bytes: model(), loss: 'mse', labels: { type: 'int64' } })).toThrow(/labels of type int64 do not fit the mse loss: it needs float32 labels/);
  });

  it('rejects trainable names that are not float initializers, and an ambiguous output', () => {
    expect(build({ kind: 'onnx', bytes: model(), loss: 'crossEntropy', trainable: ['w', 'fc.weight'] })).toThrow(`model.trainable names "fc.weight", which is not a float initializer of the model (its float initializers: "w", "b")`);
    expect(build({ kind: 'onnx', bytes: model({ extraOutput: true }), loss: 'crossEntropy' })).toThrow(`the model has outputs "out", "hidden": choose the one the loss reads with model.output`);
    expect(build({ kind: 'onnx', bytes: model(), loss: 'crossEntropy', input: 'image' })).toThrow(`model.input is "image", but the model's inputs are "x"`);
  });

  it('rejects bytes that are not an ONNX model, and opsets before 13', () => {
    expect(build({ kind: 'onnx', bytes: new Uint8Array([1, 2, 3, 4, 5]), loss: 'mse' })).toThrow(/model.bytes is not an ONNX model/);
    expect(build({ kind: 'onnx', bytes: 'model.onnx', loss: 'mse' })).toThrow(/model.bytes must be the ONNX model as a Uint8Array/);
    expect(build({ kind: 'onnx', bytes: model({ opset: 11 }), loss: 'crossEntropy' })).toThrow('the model uses opset 11; opsets 13 to 21 are supported (torch.onnx.export(..., opset_version=17))');
  });
});

describe('kind onnx', () => {
  it('trains the chosen initializers and keeps the others constant', () => {
    const built = buildTrainStep({ model: { kind: 'onnx', bytes: model(), loss: 'crossEntropy', trainable: ['w'] }, optimizer: { type: 'momentum' } });
    expect(built.convention.state.map((s) => s.name)).toEqual(['w', 'w.buf']);
    expect(built.convention.batch.map((b) => [b.name, b.type, b.dims])).toEqual([['x', 'float', ['N', 4]], ['y', 'int64', ['N']]]);
  });

  it('names the labels as asked', () => {
    const built = buildTrainStep({ model: { kind: 'onnx', bytes: model(), loss: 'mse', labels: { name: 'target' } }, optimizer: sgd });
    expect(built.convention.batch.map((b) => [b.name, b.dims])).toEqual([['x', ['N', 4]], ['target', ['N', 3]]]);
    expect(built.convention.metrics).toEqual([]);
  });
});
