// The built main job as `npm start` runs it, with its runs in worker threads (the workers load
// dist/, so this test runs after the build; see "nx" in package.json).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin-main.js', import.meta.url));

describe('npm start', () => {
  it('trains its runs in worker threads and writes the report', () => {
    const out = mkdtempSync(join(tmpdir(), 'cyclr-start-'));
    try {
      const r = spawnSync(process.execPath, [bin, '--quick', '--epochs', '1', '--subset', '256', '--test-subset', '128', '--range-test-steps', '10', '--workers', '2', '--out', out], { encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('onnxruntime-node: 2 worker threads, one intra-op thread per session');
      for (const run of ['constant', 'clr', 'onecycle']) expect(r.stdout).toMatch(new RegExp(`onnx ${run}: val_acc 0\\.\\d{4}`));
      const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
      expect(json.runs.map((x: { name: string }) => x.name)).toEqual(['constant', 'clr', 'onecycle']);
      expect(json.runs[2].rangeTest.steps).toBe(10);
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<h2>LR range test</h2>');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 130_000);
});
