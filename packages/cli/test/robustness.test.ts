// The robustness suite (issue 14): every command fed generated garbage (arguments and file
// contents), huge inputs and unwritable outputs. Asserted for every run: the exit code is 0, 1 or 2
// (never 70: that would be a bug), nothing a terminal would act on is printed, usage and I/O errors
// are one line, and the output stays bounded. Bounded in time by the number of runs.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS, run, type CliIO } from '../src/index.js';
import { fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cyclr-robust-'));
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Output a command may print for garbage input: the 100 issues it lists and their paths. */
const MAX_OUTPUT = 64_000;

/** Runs in-process against a virtual file system: `files` by name, writes kept in memory. */
async function cyclr(argv: string[], files: Record<string, string>, stdin = ''): Promise<{ code: number; out: string; err: string; ms: number }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s), columns: 80 },
    stderr: { write: (s: string) => (err += s) },
    readStdin: async () => stdin,
    readFile: async (path) => {
      if (path in files) return files[path];
      return readFileSync(path, 'utf8');
    },
    writeFile: async (path) => {
      if (path.startsWith('/unwritable/')) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    },
    env: {},
  };
  const started = performance.now();
  const code = await run(argv, io);
  return { code, out, err, ms: performance.now() - started };
}

function expectSane(r: { code: number; out: string; err: string }, argv: string[]): void {
  const where = JSON.stringify(argv).slice(0, 300);
  expect([0, 1, 2], `exit code for ${where}: ${r.err.slice(0, 300)}`).toContain(r.code);
  // --color's own SGR colour codes are the only escapes allowed
  // eslint-disable-next-line no-control-regex
  expect((r.out + r.err).replace(/\u001b\[[0-9;]*m/g, ''), `control characters for ${where}`).not.toMatch(CONTROL);
  expect(r.out.length + r.err.length, `output size for ${where}`).toBeLessThan(MAX_OUTPUT);
  if (r.code === 2) expect(r.err.split('\n')[0]).toMatch(/^cyclr( \w+)?: /);
}

const nasty = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', '-', '--', '-o', '--steps', '--no-color', '--=', '---x', '-5', '1e400', 'NaN', '\u001b]0;x\u0007', '\u202e', 'x'.repeat(300), '9'.repeat(40)),
);
const TYPES = ['constant', 'linear', 'cosine', 'cosineRestarts', 'cyclic', 'oneCycle', 'multiStep', 'stepDecay', 'piecewiseConstant', 'join', 'warmup', 'repeat', 'noise', 'epochs'];
const jsonLeaf = fc.oneof(fc.constantFrom(...TYPES), fc.integer({ min: -3, max: 2000 }), fc.double(), fc.string({ maxLength: 8 }), fc.constant(null), fc.boolean());
const jsonKey = fc.constantFrom('type', 'from', 'to', 'steps', 'value', 'peak', 'base', 'upSteps', 'decay', 'parts', 'schedule', 'milestones', 'initial', 'gamma', 'stepSize', 'lr', 'momentum', 'version', 'plateau', 'lrs', 'losses', 'loss', 'history', 'class', 'kwargs', 'name', '__proto__', '\u001b[2J');
const jsonValue = fc.letrec((tie) => ({ v: fc.oneof({ depthSize: 'small' }, jsonLeaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(jsonKey, tie('v'), { maxKeys: 6 })) })).v;
const fileText = fc.oneof(
  jsonValue.map((v) => JSON.stringify(v)),
  jsonValue.map((v) => JSON.stringify(v).slice(0, 20)),
  fc.string({ maxLength: 40 }),
  fc.constant('\u001b]0;PWNED\u0007'),
);
const optionsOf = (name: string): string[] => [...(COMMANDS.find((c) => c.name === name)?.options ?? []).map((o) => `--${o.name}`), '--help', '-o', '--debug'];

describe('every command under generated garbage', () => {
  it.each(COMMANDS.map((c) => c.name))('%s: garbage arguments and files give 0, 1 or 2 with bounded, escaped output', async (name) => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...optionsOf(name), 'a.json', 'b.json', '-'), nasty), { maxLength: 6 }), fileText, fileText, async (argv, a, b) => {
        const args = [name, ...argv];
        const r = await cyclr(args, { 'a.json': a, 'b.json': b }, a);
        expectSane(r, args);
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it.each(COMMANDS.map((c) => c.name))('%s: a valid spec with garbage options stays within 0, 1 or 2', async (name) => {
    const spec = readFileSync(fixture('clr-policy.json'), 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...optionsOf(name)), fc.integer({ min: -2, max: 400 }).map(String), nasty), { maxLength: 5 }), async (argv) => {
        const args = [name, 'p.json', ...argv, ...(name === 'sample' ? ['--count', '5'] : []), ...(name === 'convert' ? ['--to', 'keras'] : [])];
        const r = await cyclr(args, { 'p.json': spec });
        expectSane(r, args);
      }),
      { numRuns: 80, seed: 14 },
    );
  });
});

describe('huge inputs', () => {
  const big = JSON.stringify({ type: 'multiStep', from: 0.1, decay: 0.5, milestones: Array.from({ length: 300_000 }, (_, i) => -1 - i) });
  const files = {
    'milestones.json': big,
    'type.json': JSON.stringify({ type: 't'.repeat(2_000_000) }),
    'key.json': JSON.stringify({ type: 'constant', value: 1, ['k'.repeat(1_000_000)]: 1 }),
    'deep.json': '['.repeat(100_000) + ']'.repeat(100_000),
    'history.json': JSON.stringify({ loss: Array.from({ length: 200_000 }, (_, i) => 1 / (i + 1)) }),
  };
  it.each(COMMANDS.map((c) => c.name))('%s: each is reported within bounds', async (name) => {
    for (const file of Object.keys(files)) {
      const args = [name, file, ...(name === 'sample' ? ['--count', '3'] : []), ...(name === 'convert' ? ['--from', 'timm'] : [])];
      const r = await cyclr(args, files);
      expectSane(r, args);
      expect(r.ms, `${args.join(' ')} took ${r.ms} ms`).toBeLessThan(20_000);
    }
  }, 120_000);
});

describe('unwritable outputs', () => {
  it.each([
    ['plot', ['-o', '/unwritable/x.svg']],
    ['plot', ['-o', '/unwritable/x.html']],
    ['convert', ['--to', 'keras', '-o', '/unwritable/k.json']],
  ])('%s %j: one line naming the path and the cause, exit 1', async (name, extra) => {
    const r = await cyclr([name, fixture('linear.json'), ...extra], {});
    expect(r.code).toBe(1);
    expect(r.err).toBe(`cyclr ${name}: cannot write ${extra[extra.length - 1]}: permission denied (EACCES)\n`);
  });

  it('real folders: a directory as the output and a file as a parent', async () => {
    const folder = join(dir, 'out.svg');
    mkdirSync(folder, { recursive: true });
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    const { cli } = await import('./helpers.js');
    expect((await cli(['plot', fixture('linear.json'), '-o', folder])).stderr).toBe(`cyclr plot: cannot write ${folder}: is a directory (EISDIR)\n`);
    expect((await cli(['plot', fixture('linear.json'), '-o', join(file, 'x.svg')])).stderr).toBe(`cyclr plot: cannot write ${join(file, 'x.svg')}: a parent of it is not a directory (ENOTDIR)\n`);
  });
});
