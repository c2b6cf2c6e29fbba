import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { valuesAt } from '@cyclr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFashionMnist, parseIdx, permutation, QUICK } from './data.js';
import { cli, parseArgs, resultsTable, runMain, type MainResult } from './main.js';
import { formatDuration, progressLine } from './progress.js';

function sink() {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream, text: () => text };
}

const out = mkdtempSync(join(tmpdir(), 'cyclr-main-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const tiny = { epochs: 2, subset: 256, testSubset: 128, batchSize: 64, seed: 7, rangeTestSteps: 16 } as const;

describe('the main job on onnxruntime, on a tiny slice of the data', () => {
  let result: MainResult;
  const stdout = sink();

  it('trains all three runs, range test first, and writes the report', async () => {
    result = await runMain({ ...tiny, out, workers: 0 }, { stdout: stdout.stream, stderr: sink().stream });
    expect(result.runs.map((r) => [r.runtime, r.name])).toEqual([['onnx', 'constant'], ['onnx', 'clr'], ['onnx', 'onecycle']]);
    expect(result.stepsPerEpoch).toBe(4);
    for (const run of result.runs) {
      expect(run.epochs).toHaveLength(2);
      for (const e of run.epochs) for (const v of Object.values(e)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(existsSync(result.reportPath)).toBe(true);
  }, 60_000);

  it('applied exactly the float32 values core computes for every update of every run', () => {
    for (const run of result.runs) {
      expect(run.applied.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      for (const r of run.applied) {
        for (const [name, value] of Object.entries(valuesAt(run.policy, r.step))) expect(r.values[name], `${run.name} ${name} at ${r.step}`).toBe(Math.fround(value));
      }
    }
  });

  it('uses the triangular2 CLR of the tutorial: 1e-4 to 1e-2 with a step size of two epochs', () => {
    const clr = result.runs.find((r) => r.name === 'clr')!;
    expect(clr.policy.lr).toEqual({ type: 'cyclic', from: 1e-4, peak: 1e-2, upSteps: 8, mode: 'triangular2' });
  });

  it('gives one-cycle the range test’s recommendation as its peak, with inverse momentum', () => {
    const oneCycle = result.runs.find((r) => r.name === 'onecycle')!;
    const rec = Math.min(oneCycle.rangeTest!.recommended.lr, 1);
    expect(oneCycle.rangeTest!.steps).toBeLessThanOrEqual(16);
    expect(oneCycle.policy.lr).toMatchObject({ type: 'oneCycle', peak: rec, steps: 8 });
    expect(oneCycle.policy.momentum).toMatchObject({ type: 'oneCycle', from: 0.95, peak: 0.85 });
  });

  it('writes a report with the schedules, the range test and the training curves, and results.json', () => {
    const html = readFileSync(result.reportPath, 'utf8');
    for (const heading of ['Schedules', 'LR range test', 'Training', 'Runs']) expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(5);
    expect(stdout.text()).toContain('| epoch | constant val_loss | constant val_acc |');
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(json.runs.map((r: { name: string }) => r.name)).toEqual(['constant', 'clr', 'onecycle']);
  });
});

describe('the main job on both runtimes', () => {
  it('runs the same experiment on TensorFlow.js and shows both runtimes’ curves in one report', async () => {
    const dir = join(out, 'both');
    const result = await runMain({ ...tiny, epochs: 1, runs: 'constant', runtime: 'both', out: dir, workers: 0 }, { stdout: sink().stream, stderr: sink().stream });
    expect(result.runs.map((r) => `${r.runtime} ${r.name}`)).toEqual(['onnx constant', 'tfjs constant']);
    // onnxruntime reports the float32 it was fed; tfjs's optimizer holds the value the schedule gave
    expect(result.runs[0].applied.map((a) => a.values.lr)).toEqual(new Array(4).fill(Math.fround(0.01)));
    for (const a of result.runs[1].applied) expect(a.values.lr).toBeCloseTo(0.01, 9);
    const html = readFileSync(result.reportPath, 'utf8');
    expect(html).toContain('onnx constant');
    expect(html).toContain('tfjs constant');
    expect(html).toContain('on onnxruntime-node and TensorFlow.js (wasm)');
  }, 120_000);
});

describe('parseArgs', () => {
  it('reads kebab-case options and flags, and defaults the rest', () => {
    const o = parseArgs(['--epochs', '3', '--test-subset', '100', '--runs', 'clr,onecycle', '--quick']);
    expect(o).toMatchObject({ epochs: 3, testSubset: 100, runs: ['clr', 'onecycle'], batchSize: 64, seed: 42, out: 'out', runtime: 'onnx', quick: true });
    expect(parseArgs([])).toMatchObject({ quick: false, runtime: 'onnx' });
    expect((parseArgs([]) as { epochs?: number }).epochs).toBeUndefined();
    expect(parseArgs(['--runtime', 'tfjs', '--backend', 'cpu'])).toMatchObject({ runtime: 'tfjs', backend: 'cpu' });
  });

  it('takes --data without a directory as the Debian install path', () => {
    expect(parseArgs(['--data'])).toMatchObject({ data: '/usr/share/datasets/fashion-mnist' });
    expect(parseArgs(['--data', '/x', '--epochs', '1'])).toMatchObject({ data: '/x', epochs: 1 });
  });

  it('rejects unknown runs, runtimes and bad numbers with the option named', async () => {
    expect(() => parseArgs(['--runs', 'cosine'])).toThrow(/--runs/);
    expect(() => parseArgs(['--runtime', 'torch'])).toThrow(/--runtime/);
    expect(() => parseArgs(['--epochs', '-1'])).toThrow(/--epochs/);
    expect(() => parseArgs(['--colour', 'red'])).toThrow(/colour/);
    const err = sink();
    expect(await cli(['--epochs', 'x'], { stdout: sink().stream, stderr: err.stream })).toBe(2);
    expect(err.text()).toMatch(/--epochs/);
  });
});

describe('data', () => {
  it('ships all of Fashion-MNIST: 60,000 training and 10,000 test images of 28×28 with labels 0-9', () => {
    const d = loadFashionMnist();
    expect([d.train.count, d.test.count, d.train.images.length, d.test.images.length]).toEqual([60000, 10000, 60000 * 784, 10000 * 784]);
    expect(Math.max(...d.test.labels)).toBe(9);
    // the dataset is balanced: 6,000 training images per class
    const counts = new Array(10).fill(0);
    for (const l of d.train.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(6000));
    // every class is present in the --quick subset (the first 5,000 training images)
    expect(new Set(loadFashionMnist({ subset: QUICK.train }).train.labels).size).toBe(10);
  });

  it('rejects a file that is not IDX', () => {
    expect(() => parseIdx(new Uint8Array([1, 2, 3, 4]))).toThrow(/not an IDX file/);
  });

  it('shuffles deterministically by seed', () => {
    const a = permutation(10, 3);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(permutation(10, 3))).toEqual(Array.from(a));
    expect(Array.from(permutation(10, 4))).not.toEqual(Array.from(a));
  });
});

describe('progress', () => {
  it('shows run, epoch, steps, loss, lr and ETA in one line of bounded width', () => {
    const line = progressLine({ run: 'clr', epoch: 2, epochs: 5, step: 40, steps: 80, loss: 0.51234, lr: 0.0031, elapsedMs: 8000 }, 100);
    expect(line).toContain('clr 2/5 [');
    expect(line).toContain(' 40/80 loss 0.5123 lr 3.10e-3 ETA 8s');
    expect(line.length).toBeLessThanOrEqual(100);
    expect(formatDuration(125_000)).toBe('2m05s');
  });

  it('formats the results table with a row per epoch and the wall time', () => {
    const table = resultsTable([
      { runtime: 'onnx', name: 'constant', label: '', policy: { version: 1, lr: { type: 'constant', value: 0.01 } }, epochs: [{ loss: 1, acc: 0.5, val_loss: 0.9, val_acc: 0.61 }], wallMs: 61_000, stepMs: 8, applied: [] },
    ]);
    expect(table.split('\n')).toEqual(['| epoch | constant val_loss | constant val_acc |', '| --- | --- | --- |', '| 1 | 0.9000 | 0.6100 |', '| wall time | 1m01s |  |']);
  });
});
