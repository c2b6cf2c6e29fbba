// The built `cyclr` executable, run as a child process: shebang, exit codes, stdin and files.
// Nx runs this package's build before its tests (package.json "nx" targets); from a fresh clone the
// beforeAll builds whatever is missing or stale, so `npx vitest run` works on its own too.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { valueAt, type Policy, type Schedule } from '@cyclr/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = join(root, '..');
const bin = join(root, 'dist', 'bin.js');
const tsc = join(packages, '..', 'node_modules', 'typescript', 'bin', 'tsc');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Compiles a package when its dist is missing or older than its sources. */
function build(pkg: string): void {
  const dir = join(packages, pkg);
  const out = join(dir, 'dist', pkg === 'cli' ? 'bin.js' : 'index.js');
  if (existsSync(out) && statSync(out).mtimeMs >= newestSource(join(dir, 'src'))) return;
  execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.build.json')], { stdio: 'pipe' });
}

function cyclr(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  for (const pkg of ['core', 'plot', 'cli']) build(pkg);
}, 120_000);

describe('the cyclr executable', () => {
  it('starts with a node shebang', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('is started by the committed shim package.json names as the cyclr bin (so npm links it at install)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    const shim = join(root, pkg.bin.cyclr);
    expect(shim).toBe(join(root, 'bin', 'cyclr.js'));
    expect(readFileSync(shim, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(pkg.files).toContain('bin');
    const r = spawnSync(process.execPath, [shim, '--version'], { encoding: 'utf8' });
    expect(r).toMatchObject({ status: 0, stdout: `cyclr ${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version}\n` });
  });

  it('prints help and exits 0', () => {
    const r = cyclr(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cyclr <command>');
  });

  it('exits 1 with every issue on stderr for an invalid file', () => {
    const r = cyclr(['validate', fixture('invalid.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('→ at momentum.type');
  });

  it('exits 2 for a usage error', () => {
    expect(cyclr(['sample', fixture('linear.json')]).code).toBe(2);
  });

  it('plots a spec piped on stdin to the terminal', () => {
    const r = cyclr(['plot', '-', '--width', '60'], readFileSync(fixture('step-decay.json'), 'utf8'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stepDecay schedule');
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
  });

  it('samples a policy as CSV', () => {
    const r = cyclr(['sample', fixture('clr-policy.json'), '--steps', '300', '--stride', '100']);
    const policy = JSON.parse(readFileSync(fixture('clr-policy.json'), 'utf8')) as Policy;
    const rows = [0, 100, 200].map((t) => `${t},${valueAt(policy.lr, t)},${valueAt(policy.momentum as Schedule, t)}`);
    expect(r).toMatchObject({ code: 0, stdout: `step,lr,momentum\n${rows.join('\n')}\n` });
    expect(Number(r.stdout.split('\n')[3].split(',')[1])).toBeCloseTo(0.006, 15);
  });
});
