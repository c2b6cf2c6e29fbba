// The release flow: `changeset version` on the changesets in the repository takes every package
// from 0.0.0 to 0.1.0 with internal ranges `^0.1.0`, and leaves the private workspaces alone. Run
// on a copy of the manifests and .changeset/, so the repository is not touched.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const changeset = join(dirname(createRequire(join(repo, 'package.json')).resolve('@changesets/cli/package.json')), 'bin.js');
const copy = mkdtempSync(join(tmpdir(), 'cyclr-release-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

type Manifest = { name: string; version: string; private?: boolean; dependencies?: Record<string, string> };
const read = (dir: string, base = repo): Manifest => JSON.parse(readFileSync(join(base, dir, 'package.json'), 'utf8')) as Manifest;
const workspaces = ['packages', 'apps', 'tests'].flatMap((top) => readdirSync(join(repo, top)).map((d) => `${top}/${d}`));

describe('changeset version', () => {
  it('bumps every package to 0.1.0 with ^0.1.0 internal ranges', () => {
    cpSync(join(repo, 'package.json'), join(copy, 'package.json'));
    cpSync(join(repo, '.changeset'), join(copy, '.changeset'), { recursive: true });
    for (const w of workspaces) {
      mkdirSync(join(copy, w), { recursive: true });
      cpSync(join(repo, w, 'package.json'), join(copy, w, 'package.json'));
    }
    execFileSync(process.execPath, [changeset, 'version'], { cwd: copy, stdio: 'pipe' });
    for (const w of workspaces) {
      const before = read(w);
      const after = read(w, copy);
      if (before.private) {
        expect(after, w).toEqual(before);
        continue;
      }
      expect(before.version).toBe('0.0.0');
      expect(after.version, w).toBe('0.1.0');
      for (const [name, range] of Object.entries(after.dependencies ?? {})) if (name.startsWith('@cyclr/')) expect(range, `${w} → ${name}`).toBe('^0.1.0');
      expect(readFileSync(join(copy, w, 'CHANGELOG.md'), 'utf8')).toContain('## 0.1.0');
    }
    expect(readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')).toEqual([]);
  });
});
