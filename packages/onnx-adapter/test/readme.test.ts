// The README's examples, checked as written: the code blocks contain the lines this test runs (with
// a model exported from PyTorch in place of the reader's model.onnx, and its batches).
import { readFileSync } from 'node:fs';
import { oneCyclePolicy } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { buildEvalModel, buildTrainStep, createSession, createTrainer, initialState } from '../src/index.js';
import { ort } from './helpers.js';
import { FIXTURE_DIR, loadFixture } from './pytorch-fixtures.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const rootReadme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const blocks = (text: string) => [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README: train a model exported from PyTorch', () => {
  const lines = [
    "const model = { kind: 'onnx', bytes: readFileSync('model.onnx'), loss: 'crossEntropy' } as const;",
    "const optimizer = { type: 'momentum' } as const;",
    '  session: await createSession(ort, buildTrainStep({ model, optimizer }).bytes),',
    '  evalSession: await createSession(ort, buildEvalModel(model).bytes),',
    '  policy: oneCyclePolicy({ maxLr: 0.05, steps: 9380, momentum: { base: 0.85, max: 0.95 } }),',
    '  state: initialState(model, optimizer),',
    'await trainer.fit(batches, { epochs: 10 });',
  ];

  it('is the code this test runs, in the package README and the root README', () => {
    for (const text of [readme, rootReadme]) {
      const block = blocks(text).find((b) => b.includes("kind: 'onnx'")) ?? '';
      for (const line of lines) expect(block).toContain(line);
    }
  });

  it('trains the exported model with a one-cycle policy', async () => {
    const fx = loadFixture('mlp-relu');
    const readFileSyncLike = (path: string) => (path === 'model.onnx' ? readFileSync(`${FIXTURE_DIR}mlp-relu.onnx`) : readFileSync(path));
    const batches = fx.batches;
    const model = { kind: 'onnx', bytes: readFileSyncLike('model.onnx'), loss: 'crossEntropy' } as const;
    const optimizer = { type: 'momentum' } as const;
    const trainer = createTrainer({
      session: await createSession(ort, buildTrainStep({ model, optimizer }).bytes),
      evalSession: await createSession(ort, buildEvalModel(model).bytes),
      Tensor: ort.Tensor,
      policy: oneCyclePolicy({ maxLr: 0.05, steps: 9380, momentum: { base: 0.85, max: 0.95 } }),
      state: initialState(model, optimizer),
      fixed: { weight_decay: 5e-4 },
    });
    await trainer.fit(batches, { epochs: 10 });
    expect(trainer.stepCount).toBe(30);
    expect(trainer.history.loss[29]).toBeLessThan(trainer.history.loss[0]);
    expect((await trainer.evaluate(batches)).metrics.accuracy).toBeGreaterThan(0);
  });
});

describe('README: build a conv net from layers', () => {
  it('builds the train step of the tutorial CNN as written', () => {
    const block = blocks(readme).find((b) => b.includes("kind: 'sequential'")) ?? '';
    // the block's model literal, evaluated as written (comments and `as const` aside)
    const literal = block.slice(block.indexOf('{'), block.indexOf('} as const;') + 1).replace(/\/\/.*$/gm, '');
    const model = new Function(`return (${literal});`)();
    expect(block).toContain("const train = buildTrainStep({ model, optimizer: { type: 'sgd' } });");
    const built = buildTrainStep({ model, optimizer: { type: 'sgd' } });
    expect(built.convention.state.map((s) => s.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '6.weight', '6.bias', '7.weight', '7.bias']);
    expect(built.convention.step).toBe(true);
  });
});
