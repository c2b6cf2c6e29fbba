import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oneCyclePolicy, valueAt, valuesAt, type Schedule } from '@cyclr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildImports, importCases, importsCli } from '../src/import-configs.js';
import { memoryIo } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'cyclr-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importing PyTorch and Keras configs', () => {
  const report = buildImports({ scale: 1 });

  it('imports OneCycleLR, CyclicLR, CosineDecay and a TFA cycle whose curves differ from the peer formulas by less than 1e-12', () => {
    expect(report.results.map((r) => r.id)).toEqual(['torch-one-cycle', 'torch-cyclic', 'keras-cosine-decay', 'tfa-triangular2']);
    for (const r of report.results) {
      for (const [key, d] of Object.entries(r.maxDifference)) expect(d, `${r.id} ${key}`).toBeLessThan(1e-12);
    }
    expect(Object.keys(report.results[0].maxDifference)).toEqual(['lr', 'momentum']);
    expect(Object.keys(report.results[1].maxDifference)).toEqual(['lr', 'momentum']);
  });

  it('pins the landmarks by hand: one-cycle starts at max/25 and peaks at step 299; the warmup reaches 0.1 at step 100', () => {
    const [oneCycle, , cosineDecay] = report.results;
    // PyTorch's own first value is its cosine formula at p = 0: 0.004 plus 4 ulps
    expect(valuesAt(oneCycle.imported as never, 0).lr).toBeCloseTo(0.004, 17);
    expect(valuesAt(oneCycle.imported as never, 0).momentum).toBe(0.95);
    expect(valuesAt(oneCycle.imported as never, 299)).toEqual({ lr: 0.1, momentum: 0.85 });
    expect(valueAt(cosineDecay.imported as Schedule, 50)).toBeCloseTo(0.05, 15);
    expect(valueAt(cosineDecay.imported as Schedule, 100)).toBe(0.1);
    expect(valueAt(cosineDecay.imported as Schedule, 1000)).toBeCloseTo(0.001, 15);
  });

  it("imports PyTorch's OneCycleLR to cyclr's own oneCyclePolicy at every planned step, and continues to PyTorch's extra step total_steps", () => {
    const built = oneCyclePolicy({ maxLr: 0.1, steps: 1000, momentum: { base: 0.85, max: 0.95 } });
    const c = importCases()[0];
    for (let t = 0; t < 1000; t++) expect(valuesAt(c.imported as never, t)).toEqual(valuesAt(built, t));
    // the builder holds the final value; PyTorch allows one more step, which mirrors the cosine
    expect(valuesAt(built, 1000).lr).toBe(valuesAt(built, 999).lr);
    expect(valuesAt(c.imported as never, 1000).lr).toBeCloseTo(c.formulas.lr(1000), 17);
  });

  it('gives PyTorch CyclicLR and TFA Triangular2CyclicalLearningRate with the same parameters the same curve', () => {
    expect(report.crossFramework).toBeLessThan(1e-12);
  });

  it('draws each import with its formula overlaid and writes imports.html', async () => {
    for (const r of report.results) expect(r.chart.series.filter((s) => s.name.endsWith('peer formula'))).toHaveLength(Object.keys(r.formulas).length);
    const io = memoryIo();
    expect(await importsCli(['--out', dir], io)).toBe(0);
    expect(io.out().match(/max \|cyclr - peer formula\|/g)).toHaveLength(4);
    const html = readFileSync(join(dir, 'imports.html'), 'utf8');
    expect(html.match(/<svg xmlns=/g)).toHaveLength(4);
    expect(html).toContain('OneCycleLR');
  });
});
