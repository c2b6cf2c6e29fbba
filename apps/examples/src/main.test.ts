import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { valuesAt } from '@cyclr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFashionMnist, parseIdx, permutation } from './data.js';
import { cli, parseArgs, resultsTable, runMain, type MainResult } from './main.js';
import { formatDuration, progressLine } from './progress.js';

function sink() {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream, text: () => text };
}

describe('the main job on a tiny slice of the shipped data', () => {
  const out = mkdtempSync(join(tmpdir(), 'cyclr-main-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  let result: MainResult;
  const stdout = sink();

  it('trains all three runs, range test first, and writes the report', async () => {
    result = await runMain(
      { epochs: 2, subset: 256, testSubset: 128, runs: ['constant', 'clr', 'onecycle'], batchSize: 64, seed: 7, out, rangeTestSteps: 16, backend: 'wasm' },
      { stdout: stdout.stream, stderr: sink().stream },
    );
    expect(result.runs.map((r) => r.name)).toEqual(['constant', 'clr', 'onecycle']);
    expect(result.stepsPerEpoch).toBe(4);
    for (const run of result.runs) {
      expect(run.epochs).toHaveLength(2);
      for (const e of run.epochs) for (const v of Object.values(e)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(existsSync(result.reportPath)).toBe(true);
  }, 240_000);

  it('applied exactly the values core computes for every update of every run', () => {
    for (const run of result.runs) {
      expect(run.applied.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      for (const r of run.applied) {
        const expected = valuesAt(run.policy, r.step);
        // applied values are read back from the optimizer, which holds them in float32
        for (const [name, value] of Object.entries(expected)) expect(Math.abs(r.values[name] - value), `${run.name} ${name} at ${r.step}`).toBeLessThanOrEqual(1e-7 * Math.abs(value));
      }
    }
  });

  it('uses the triangular2 CLR of the tutorial: 1e-4 to 1e-2 with a step size of two epochs', () => {
    const clr = result.runs.find((r) => r.name === 'clr')!;
    expect(clr.policy.lr).toEqual({ type: 'cyclic', from: 1e-4, peak: 1e-2, upSteps: 8, mode: 'triangular2' });
  });

  it('gives one-cycle the range test’s recommendation as its peak, with inverse momentum', () => {
    const oneCycle = result.runs.find((r) => r.name === 'onecycle')!;
    const rec = Math.min(result.rangeTest!.analysis.recommended.lr, 1);
    expect(oneCycle.policy.lr).toMatchObject({ type: 'oneCycle', peak: rec, steps: 8 });
    expect(oneCycle.policy.momentum).toMatchObject({ type: 'oneCycle', from: 0.95, peak: 0.85 });
  });

  it('writes a report with the schedules, the range test and the training curves', () => {
    const html = readFileSync(result.reportPath, 'utf8');
    for (const heading of ['Schedules', 'LR range test', 'Training', 'Runs']) expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(5);
    expect(stdout.text()).toContain('| epoch | constant val_loss | constant val_acc |');
  });
});

describe('parseArgs', () => {
  it('reads kebab-case options and defaults the rest', () => {
    const o = parseArgs(['--epochs', '3', '--test-subset', '100', '--runs', 'clr,onecycle']);
    expect(o).toMatchObject({ epochs: 3, testSubset: 100, runs: ['clr', 'onecycle'], batchSize: 64, seed: 42, out: 'out' });
  });

  it('takes --data without a directory as the Debian install path', () => {
    expect(parseArgs(['--data'])).toMatchObject({ data: '/usr/share/datasets/fashion-mnist' });
    expect(parseArgs(['--data', '/x', '--epochs', '1'])).toMatchObject({ data: '/x', epochs: 1 });
  });

  it('rejects unknown runs and bad numbers with the option named', async () => {
    expect(() => parseArgs(['--runs', 'cosine'])).toThrow(/--runs/);
    expect(() => parseArgs(['--epochs', '-1'])).toThrow(/--epochs/);
    expect(() => parseArgs(['--colour', 'red'])).toThrow(/colour/);
    const err = sink();
    expect(await cli(['--epochs', 'x'], { stdout: sink().stream, stderr: err.stream })).toBe(2);
    expect(err.text()).toMatch(/--epochs/);
  });
});

describe('data', () => {
  it('ships 5,000 training and 1,000 test images of 28×28 with labels 0-9', () => {
    const d = loadFashionMnist();
    expect([d.train.count, d.test.count, d.train.images.length]).toEqual([5000, 1000, 5000 * 784]);
    expect(Math.max(...d.train.labels)).toBe(9);
    // every class is present in the first 5,000 training images of the original file order
    expect(new Set(d.train.labels).size).toBe(10);
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
      { name: 'constant', label: '', policy: { version: 1, lr: { type: 'constant', value: 0.01 } }, epochs: [{ loss: 1, acc: 0.5, val_loss: 0.9, val_acc: 0.61 }], wallMs: 61_000, applied: [] },
    ]);
    expect(table.split('\n')).toEqual(['| epoch | constant val_loss | constant val_acc |', '| --- | --- | --- |', '| 1 | 0.9000 | 0.6100 |', '| wall time | 1m01s |  |']);
  });
});
