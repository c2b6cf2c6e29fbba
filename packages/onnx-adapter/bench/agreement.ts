// Worst error of models exported from PyTorch 1.13 against PyTorch autograd (the fixtures of
// test/pytorch.test.ts): loss, gradients, weights after one SGD step, weights and momentum buffers
// after three momentum steps. Error = max |ours - torch| / max |torch| per tensor. Not a test.
import * as ort from 'onnxruntime-node';
import { buildTrainStep, createSession, createTrainer, initialState, type OnnxModelSpec, type TensorLike } from '../src/index.js';
import { FIXTURES, loadFixture, relativeError } from '../test/pytorch-fixtures.js';

const f32 = (v: ArrayLike<number>, dims: number[]) => new ort.Tensor('float32', Float32Array.from(v), dims);
const rows: string[] = [];
for (const name of FIXTURES) {
  const fx = loadFixture(name);
  const model: OnnxModelSpec = { kind: 'onnx', bytes: fx.bytes, loss: fx.loss };
  const s = await createSession(ort, buildTrainStep({ model, optimizer: { type: 'sgd' }, exposeGradients: true }).bytes);
  const feeds: Record<string, TensorLike> = { ...fx.batches[0], lr: f32([fx.sgd.hyperparameters.lr], []), weight_decay: f32([fx.sgd.hyperparameters.weight_decay], []) };
  for (const [k, v] of Object.entries(initialState(model, { type: 'sgd' }))) feeds[k] = f32(v.data, v.dims);
  const out = await s.run(feeds);
  const loss = Math.abs((out.loss.data as Float32Array)[0] - fx.lossAtInitial) / fx.lossAtInitial;
  let grad = 0;
  let sgd = 0;
  for (const k of Object.keys(fx.grads)) {
    grad = Math.max(grad, relativeError(out[`${k}.grad`].data as Float32Array, fx.grads[k]));
    sgd = Math.max(sgd, relativeError(out[`${k}.next`].data as Float32Array, fx.sgd.weights[k]));
  }
  const { lr, momentum, weight_decay } = fx.momentum.hyperparameters;
  const trainer = createTrainer({ session: await createSession(ort, buildTrainStep({ model, optimizer: { type: 'momentum' } }).bytes), Tensor: ort.Tensor, state: initialState(model, { type: 'momentum' }), fixed: { lr, momentum, weight_decay } });
  for (const b of fx.batches) await trainer.step(b);
  const state = trainer.readState();
  let mom = 0;
  for (const k of Object.keys(fx.grads)) mom = Math.max(mom, relativeError(state[k] as Float32Array, fx.momentum.weights[k]), relativeError(state[`${k}.buf`] as Float32Array, fx.momentum.buffers[k]));
  const params = Object.values(fx.initial).reduce((a, v) => a + v.length, 0);
  rows.push(`| ${name} | ${fx.loss} | ${params} | ${loss.toExponential(1)} | ${grad.toExponential(1)} | ${sgd.toExponential(1)} | ${mom.toExponential(1)} |`);
}
console.log('### Agreement with PyTorch 1.13 autograd (exported models, batch 8)\n');
console.log('Error = max |ours - PyTorch| / max |PyTorch| per tensor, worst tensor shown.\n');
console.log('| model | loss | parameters | loss error | gradients | weights after 1 SGD step | weights and buffers after 3 momentum steps |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
console.log(rows.join('\n'));
