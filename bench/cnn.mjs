// Train-step time of the TFA CLR tutorial's CNN (batch 64, SGD, spatial dropout) on three runtimes,
// side by side in one run: onnxruntime-node with @cyclr/onnx-adapter's train step (layer spec,
// reverse-mode autodiff), PyTorch 1.13 (Debian's python3-torch, a subprocess), and TensorFlow.js
// on the wasm backend (model.trainOnBatch). Rounds alternate the three so that load on the
// machine falls on all of them alike; reported: medians of the per-round times and of the
// per-round ratios. Then tf.profile's per-kernel times of one tfjs step.
// Usage: node bench/cnn.mjs [rounds] [threads]   (after npm run build). Not a test.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildTrainStep, createSession, initialState } from '@cyclr/onnx-adapter';
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from '@cyclr/tfjs-adapter/wasm';
import { buildCnn } from '../apps/examples/dist/cnn.js';
import { tutorialCnn } from '../apps/examples/dist/train-onnx.js';

const ROUNDS = Number(process.argv[2] ?? 15);
const THREADS = Number(process.argv[3] ?? 1);
const BATCH = 64;
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// onnxruntime: the train step of the layer-spec CNN, state fed back every step (as the trainer does)
const model = tutorialCnn(1);
const optimizer = { type: 'sgd' };
const session = await createSession(ort, buildTrainStep({ model, optimizer }).bytes, { sessionOptions: { intraOpNumThreads: THREADS, interOpNumThreads: 1 } });
let state = Object.fromEntries(Object.entries(initialState(model, optimizer, 1)).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)]));
const feeds = {
  x: new ort.Tensor('float32', Float32Array.from({ length: BATCH * 784 }, () => Math.random()), [BATCH, 1, 28, 28]),
  y: new ort.Tensor('int64', BigInt64Array.from({ length: BATCH }, (_, i) => BigInt(i % 10)), [BATCH]),
  lr: new ort.Tensor('float32', Float32Array.of(0.01), []),
  weight_decay: new ort.Tensor('float32', Float32Array.of(0), []),
  step: new ort.Tensor('int64', BigInt64Array.of(0n), []),
};
async function ortSteps(n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    feeds.step.data[0] = BigInt(i);
    const out = await session.run({ ...feeds, ...state });
    state = Object.fromEntries(Object.keys(state).map((k) => [k, out[`${k}.next`]]));
  }
  return (performance.now() - t0) / n;
}

// tfjs on wasm
tf.env().set('PROD', true);
registerWasmTrainingKernels(tf);
await tf.setBackend('wasm');
await tf.ready();
const tfModel = buildCnn(tf, 1);
tfModel.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
const tx = tf.randomUniform([BATCH, 28, 28, 1]);
const ty = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 10), 'int32'), 10).toFloat();
/** tfjs with cyclr's kernels as they are now, or as before (backend Conv2DBackpropInput, filter gradient as a Conv2D) */
function tfjsKernels(now) {
  unregisterWasmTrainingKernels(tf);
  registerWasmTrainingKernels(tf, now ? {} : { backpropInput: false, patchesUpTo: 0 });
}
async function tfjsSteps(n, now = true) {
  tfjsKernels(now);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await tfModel.trainOnBatch(tx, ty);
  return (performance.now() - t0) / n;
}

// PyTorch in a subprocess
const py = spawn(PYTHON, [new URL('torch_train_step.py', import.meta.url).pathname, String(THREADS), String(BATCH)], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
const ready = (await lines.next()).value.split(' ');
async function torchSteps(n) {
  py.stdin.write(`${n}\n`);
  return (Number((await lines.next()).value) * 1000) / n;
}

await ortSteps(10);
await tfjsSteps(3);
await tfjsSteps(2, false);
const rows = { onnx: [], torch: [], tfjs: [], tfjsBefore: [] };
for (let r = 0; r < ROUNDS; r++) {
  rows.onnx.push(await ortSteps(20));
  rows.torch.push(await torchSteps(20));
  rows.tfjs.push(await tfjsSteps(4));
  rows.tfjsBefore.push(await tfjsSteps(2, false));
}
tfjsKernels(true);
py.stdin.end();
const ratio = (a, b) => median(rows[a].map((v, i) => v / rows[b][i]));

const prof = await tf.profile(async () => {
  await tfModel.trainOnBatch(tx, ty);
});
const byKernel = new Map();
for (const k of prof.kernels) {
  const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  e.ms += k.kernelTimeMs;
  e.calls += 1;
  byKernel.set(k.name, e);
}
const kernelTotal = [...byKernel.values()].reduce((a, e) => a + e.ms, 0);
const kernels = [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);

const cpu = `${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores`;
console.log(`### Train step of the tutorial CNN (batch ${BATCH}, SGD, spatial dropout), ${THREADS} thread${THREADS > 1 ? 's' : ''} each

${ROUNDS} rounds on ${cpu}; each round runs 20 onnxruntime steps, 20 PyTorch steps, 4 tfjs steps and 2 tfjs steps
with the kernels as they were before this change, one after another.
Median per-step time and median of the per-round ratios:

| runtime | ms per step | vs PyTorch |
| --- | --- | --- |
| onnxruntime-node ${ort.env.versions?.node ?? ''} + @cyclr/onnx-adapter train step | ${median(rows.onnx).toFixed(2)} | ${ratio('onnx', 'torch').toFixed(2)}× |
| PyTorch ${ready[1]} (${ready[2]} thread${ready[2] === '1' ? '' : 's'}) | ${median(rows.torch).toFixed(2)} | 1.00× |
| TensorFlow.js ${tf.version.tfjs}, wasm backend, registerWasmTrainingKernels | ${median(rows.tfjs).toFixed(2)} | ${ratio('tfjs', 'torch').toFixed(2)}× |
| the same, with the wasm kernels as before (backend Conv2DBackpropInput, filter gradient as a Conv2D) | ${median(rows.tfjsBefore).toFixed(2)} | ${ratio('tfjsBefore', 'torch').toFixed(2)}× |

onnxruntime against PyTorch: ${ratio('onnx', 'torch').toFixed(2)}×; tfjs now against before: ${ratio('tfjs', 'tfjsBefore').toFixed(2)}×. Spread over the rounds (min–max ms):
onnxruntime ${Math.min(...rows.onnx).toFixed(1)}–${Math.max(...rows.onnx).toFixed(1)}, PyTorch ${Math.min(...rows.torch).toFixed(1)}–${Math.max(...rows.torch).toFixed(1)}, tfjs ${Math.min(...rows.tfjs).toFixed(1)}–${Math.max(...rows.tfjs).toFixed(1)}.

#### Where one tfjs wasm step goes (tf.profile, kernel time ${kernelTotal.toFixed(1)} ms)

| kernel | calls | ms | share |
| --- | --- | --- | --- |
${kernels.map(([name, e]) => `| ${name} | ${e.calls} | ${e.ms.toFixed(2)} | ${((100 * e.ms) / kernelTotal).toFixed(0)}% |`).join('\n')}
`);
process.exit(0);
