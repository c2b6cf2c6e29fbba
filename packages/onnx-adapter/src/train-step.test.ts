import { describe, expect, it } from 'vitest';
import { buildEvalModel, buildTrainStep, initialState } from './train-step.js';
import type { DenseModelSpec as ModelSpec } from './forward/dense.js';
import type { OptimizerSpec } from './optimizers.js';
import { f32, i64, rng, session } from '../test/helpers.js';
import type { TensorLike } from './runtime.js';

const N = 8;

function batchFor(model: ModelSpec, seed: number): Record<string, TensorLike> {
  const r = rng(seed);
  const x = f32(Array.from({ length: N * model.inputs }, () => r()), [N, model.inputs]);
  if (model.kind === 'mlp') return { x, y: i64(Array.from({ length: N }, (_, i) => (i * 7 + seed) % model.classes), [N]) };
  if (model.kind === 'logistic') return { x, y: f32(Array.from({ length: N }, (_, i) => (i + seed) % 2), [N, 1]) };
  const out = model.outputs ?? 1;
  return { x, y: f32(Array.from({ length: N * out }, () => r() * 2), [N, out]) };
}

function stateTensors(model: ModelSpec, opt: OptimizerSpec, seed: number): Record<string, TensorLike> {
  const init = initialState(model, opt, seed);
  const r = rng(seed + 99);
  return Object.fromEntries(
    Object.entries(init).map(([name, t]) => {
      // non-zero biases and slots so every term of the update is exercised (v must stay positive)
      const data = t.data.map((v) => (name.endsWith('.v') ? Math.abs(r()) * 0.01 : v === 0 ? r() * 0.1 : v));
      return [name, f32(data, t.dims)];
    }),
  );
}

const models: Array<[string, ModelSpec]> = [
  ['linear regression', { kind: 'linear', inputs: 5, outputs: 2 }],
  ['logistic regression', { kind: 'logistic', inputs: 6 }],
  ['an MLP classifier', { kind: 'mlp', inputs: 6, hidden: [7, 5], classes: 4 }],
];

describe('train-step gradients', () => {
  for (const [label, model] of models) {
    it(`match central finite differences of the eval loss for ${label}`, async () => {
      const opt: OptimizerSpec = { type: 'sgd' };
      const train = await session(buildTrainStep({ model, optimizer: opt, exposeGradients: true }).bytes);
      const evalS = await session(buildEvalModel(model).bytes);
      const state = stateTensors(model, opt, 3);
      const batch = batchFor(model, 5);
      const out = await train.run({ ...batch, ...state, lr: f32([0], []), weight_decay: f32([0], []) });
      const lossAt = async (params: Record<string, TensorLike>): Promise<number> => {
        const r = await evalS.run({ ...batch, ...params });
        return Number((r.loss.data as Float32Array)[0]);
      };
      let num = 0;
      let den = 0;
      const h = 2e-3;
      for (const name of Object.keys(state)) {
        const base = state[name].data as Float32Array;
        const grad = out[`${name}.grad`].data as Float32Array;
        for (let i = 0; i < base.length; i++) {
          const plus = Float32Array.from(base);
          plus[i] += h;
          const minus = Float32Array.from(base);
          minus[i] -= h;
          const lp = await lossAt({ ...state, [name]: f32(plus, [...state[name].dims]) });
          const lm = await lossAt({ ...state, [name]: f32(minus, [...state[name].dims]) });
          const fd = (lp - lm) / (plus[i] - minus[i]);
          num += (fd - grad[i]) ** 2;
          den += grad[i] ** 2;
        }
      }
      expect(den).toBeGreaterThan(1e-4);
      expect(Math.sqrt(num / den)).toBeLessThan(2e-3);
      // the loss output of the train step is the eval loss before the update
      expect((out.loss.data as Float32Array)[0]).toBe(await lossAt(state));
    });
  }
});

/** Hand-written references of the optimizers (PyTorch semantics), in float64. */
function reference(opt: OptimizerSpec, p: number, g: number, slots: Record<string, number>, hp: Record<string, number>, t: number): Record<string, number> {
  if (opt.type === 'sgd') return { p: p - hp.lr * (g + hp.weight_decay * p) };
  if (opt.type === 'momentum') {
    const d0 = g + hp.weight_decay * p;
    const buf = hp.momentum * slots.buf + d0;
    const d = opt.nesterov === true ? d0 + hp.momentum * buf : buf;
    return { p: p - hp.lr * d, buf };
  }
  const eps = opt.eps ?? 1e-8;
  const decayed = p * (1 - hp.lr * hp.weight_decay);
  const m = hp.beta1 * slots.m + (1 - hp.beta1) * g;
  const v = hp.beta2 * slots.v + (1 - hp.beta2) * g * g;
  const bc1 = 1 - hp.beta1 ** (t + 1);
  const bc2 = 1 - hp.beta2 ** (t + 1);
  return { p: decayed - (hp.lr / bc1) * (m / (Math.sqrt(v) / Math.sqrt(bc2) + eps)), m, v };
}

describe('optimizers in the graph', () => {
  const model: ModelSpec = { kind: 'mlp', inputs: 4, hidden: [6], classes: 3 };
  const cases: Array<[string, OptimizerSpec]> = [
    ['SGD with weight decay', { type: 'sgd' }],
    ['momentum SGD', { type: 'momentum' }],
    ['Nesterov momentum SGD', { type: 'momentum', nesterov: true }],
    ['AdamW with bias correction at step 3', { type: 'adamw' }],
  ];
  const hp = { lr: 0.05, weight_decay: 0.01, momentum: 0.9, beta1: 0.85, beta2: 0.99 };
  for (const [label, opt] of cases) {
    it(`${label} updates every parameter and slot like the JS reference`, async () => {
      const built = buildTrainStep({ model, optimizer: opt, exposeGradients: true });
      const s = await session(built.bytes);
      const state = stateTensors(model, opt, 11);
      const feeds: Record<string, TensorLike> = { ...batchFor(model, 2), ...state };
      for (const h of built.convention.hyperparameters) feeds[h] = f32([hp[h as keyof typeof hp]], []);
      if (built.convention.step) feeds.step = i64([3], []);
      const out = await s.run(feeds);
      const fhp = Object.fromEntries(Object.entries(hp).map(([k, v]) => [k, Math.fround(v)]));
      let checked = 0;
      for (const p of ['w1', 'b1', 'w2', 'b2']) {
        const pd = state[p].data as Float32Array;
        const gd = out[`${p}.grad`].data as Float32Array;
        for (let i = 0; i < pd.length; i++) {
          const slots = Object.fromEntries(['buf', 'm', 'v'].filter((sl) => state[`${p}.${sl}`] !== undefined).map((sl) => [sl, (state[`${p}.${sl}`].data as Float32Array)[i]]));
          const want = reference(opt, pd[i], gd[i], slots, fhp, 3);
          expect((out[`${p}.next`].data as Float32Array)[i]).toBeCloseTo(want.p, 6);
          for (const sl of Object.keys(slots)) expect((out[`${p}.${sl}.next`].data as Float32Array)[i]).toBeCloseTo(want[sl], 6);
          checked++;
        }
      }
      expect(checked).toBe(4 * 6 + 6 + 6 * 3 + 3);
    });
  }
});

describe('buildTrainStep', () => {
  it('declares the convention: batch, state, hyperparameters, step in order, and <name>.next outputs', async () => {
    const built = buildTrainStep({ model: { kind: 'mlp', inputs: 3, hidden: [2], classes: 2 }, optimizer: { type: 'adamw' } });
    const s = await session(built.bytes);
    expect(s.inputNames).toEqual(['x', 'y', 'w1', 'b1', 'w2', 'b2', 'w1.m', 'w1.v', 'b1.m', 'b1.v', 'w2.m', 'w2.v', 'b2.m', 'b2.v', 'lr', 'beta1', 'beta2', 'weight_decay', 'step']);
    expect(s.outputNames).toEqual(['loss', 'accuracy', 'w1.next', 'b1.next', 'w2.next', 'b2.next', 'w1.m.next', 'w1.v.next', 'b1.m.next', 'b1.v.next', 'w2.m.next', 'w2.v.next', 'b2.m.next', 'b2.v.next']);
    expect(built.convention.state.map((st) => st.output)).toEqual(s.outputNames.slice(2));
    expect(built.convention.hyperparameters).toEqual(['lr', 'beta1', 'beta2', 'weight_decay']);
  });

  it('rejects a schedule for a hyperparameter the optimizer does not read', () => {
    expect(() => buildTrainStep({ model: { kind: 'linear', inputs: 2 }, optimizer: { type: 'sgd' }, schedules: { beta1: { type: 'constant', value: 0.9 } } })).toThrow(
      'schedule for "beta1", but the sgd optimizer reads only lr, weight_decay',
    );
  });
});

describe('train-step model metadata', () => {
  it('carries the convention as JSON under cyclr.trainStep, with opset 18 and standard-domain ops only', async () => {
    const { onnx } = await import('./onnx/proto.js');
    const built = buildTrainStep({ model: { kind: 'linear', inputs: 3 }, optimizer: { type: 'momentum', nesterov: true }, schedules: { lr: { type: 'cosine', from: 0.1, to: 0, steps: 10 } } });
    const decoded = onnx.ModelProto.decode(built.bytes);
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 18]]);
    expect(decoded.graph?.node?.every((n) => (n.domain ?? '') === '')).toBe(true);
    const entry = decoded.metadataProps.find((p) => p.key === 'cyclr.trainStep');
    expect(JSON.parse(entry?.value ?? 'null')).toEqual(built.convention);
    expect(built.convention).toMatchObject({ hyperparameters: ['momentum', 'weight_decay'], embedded: ['lr'], step: true, loss: 'loss', metrics: [] });
  });
});
