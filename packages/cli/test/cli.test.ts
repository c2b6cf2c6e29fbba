import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  explainSchedule,
  fromKeras,
  fromOptax,
  fromTimm,
  fromTorch,
  fromTransformers,
  toKeras,
  valueAt,
  type Policy,
  type Schedule,
} from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/index.js';
import { cli, fixture } from './helpers.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-output');
mkdirSync(OUT, { recursive: true });
function json<T = Record<string, never>>(name: string): T {
  return JSON.parse(readFileSync(fixture(name), 'utf8')) as T;
}
const ESC = String.fromCharCode(27);

describe('cyclr (no command, help, unknown command)', () => {
  it('prints the command list for --help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['plot', 'validate', 'explain', 'lint', 'convert', 'sample']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stderr).toBe('');
  });

  it('prints the command list to stderr and exits 2 without a command', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: cyclr <command>');
  });

  it('rejects an unknown command with exit 2', async () => {
    const r = await cli(['plto', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "plto"');
  });

  it.each(COMMANDS.map((c) => c.name))('has --help for %s', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`Usage: cyclr ${name}`)).toBe(true);
    expect(r.stdout).toContain('-h, --help');
    expect((await cli(['help', name])).stdout).toBe(r.stdout);
  });
});

describe('cyclr plot', () => {
  it('draws in the terminal, fitting its width, without colour when stdout is not a TTY', async () => {
    const r = await cli(['plot', fixture('clr-policy.json'), '--steps', '1200'], { columns: 72 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CLR triangular2 with inverse momentum');
    expect(r.stdout).toMatch(/[\u2801-\u28ff]/);
    expect(r.stdout).not.toContain(ESC);
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(72);
  });

  it('uses colour on a colour TTY, unless NO_COLOR is set or --no-color given', async () => {
    expect((await cli(['plot', fixture('linear.json')], { isTTY: true })).stdout).toContain(`${ESC}[38;5;`);
    expect((await cli(['plot', fixture('linear.json')], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await cli(['plot', fixture('linear.json'), '--no-color'], { isTTY: true })).stdout).not.toContain(ESC);
    expect((await cli(['plot', fixture('linear.json'), '--color'])).stdout).toContain(ESC);
  });

  it('reads the spec from stdin with -', async () => {
    const r = await cli(['plot', '-', '--width', '50', '--height', '6'], { stdin: '{"type":"constant","value":0.5}' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('constant schedule');
    expect(r.stdout).toMatch(/0\.5 ┤[\u2801-\u28ff]+/);
  });

  it('writes SVG, PNG and an HTML report with -o', async () => {
    const svg = join(OUT, 'cli-plot.svg');
    const png = join(OUT, 'cli-plot.png');
    const html = join(OUT, 'cli-report.html');
    for (const [file, extra] of [
      [svg, ['--log']],
      [png, []],
      [html, ['--epochs', '3', '--steps-per-epoch', '400']],
    ] as const) {
      const r = await cli(['plot', fixture('clr-policy.json'), '-o', file, ...extra]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`wrote ${file}\n`);
    }
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<g class="axis y" data-scale="log"/);
    expect([...readFileSync(png).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const report = readFileSync(html, 'utf8');
    expect(report.startsWith('<!doctype html>')).toBe(true);
    expect(report.match(/<figure class="chart"/g)).toHaveLength(2);
    expect(report).toContain('>epoch<');
  });

  it('exits 1 listing every issue with its path for an invalid spec', async () => {
    const r = await cli(['plot', fixture('invalid.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('is not a valid policy');
    expect(r.stderr).toContain('→ at lr.peak');
    expect(r.stderr).toContain('→ at lr.upSteps');
    expect(r.stderr).toContain('→ at momentum.type');
  });

  it('exits 1 for a missing file or broken JSON', async () => {
    expect(await cli(['plot', fixture('nope.json')])).toMatchObject({ code: 1, stderr: expect.stringContaining('no such file') });
    expect(await cli(['plot', fixture('broken.json')])).toMatchObject({ code: 1, stderr: expect.stringContaining('not valid JSON') });
  });

  it.each([
    [['--steps', '0'], '--steps must be a positive integer, got "0"'],
    [['--steps', '1.5'], '--steps must be a positive integer, got "1.5"'],
    [['--epochs', '3'], '--epochs needs --steps-per-epoch'],
    [['--steps', '10', '--epochs', '3', '--steps-per-epoch', '5'], 'give --steps or --epochs, not both'],
    [['-o', 'out.pdf'], '--output must end in .svg, .png or .html'],
    [['--stepz', '3'], 'unknown option "--stepz" (did you mean --steps?)'],
    [['--colour'], 'unknown option "--colour" (did you mean --color?)'],
    [['--no-title'], 'unknown option "--no-title" (did you mean --title?)'],
    [['--steps'], '--steps needs a value'],
    [['--steps', '5', '--steps', '6'], '--steps given more than once'],
  ])('exits 2 for the usage error %j', async (extra, message) => {
    const r = await cli(['plot', fixture('linear.json'), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Usage: cyclr plot');
  });

  it('exits 2 without a spec file', async () => {
    expect(await cli(['plot'])).toMatchObject({ code: 2, stderr: expect.stringContaining('plot needs a spec file') });
  });
});

describe('cyclr validate', () => {
  it('exits 0 and names what each valid file is', async () => {
    const r = await cli(['validate', fixture('clr-policy.json'), fixture('linear.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`✔ ${fixture('clr-policy.json')}: valid policy (lr, momentum)\n✔ ${fixture('linear.json')}: valid linear schedule\n`);
  });

  it('exits 1 and prints every issue with its path, for every bad file', async () => {
    const r = await cli(['validate', fixture('invalid.json'), fixture('linear.json'), fixture('broken.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('valid linear schedule');
    expect(r.stderr).toBe(
      [
        `✖ ${fixture('invalid.json')}: 3 issues`,
        '  ✖ peak must be a finite number, got "high"',
        '    → at lr.peak',
        '  ✖ upSteps must be a positive number of steps, got -5',
        '    → at lr.upSteps',
        '  ✖ unknown schedule type "cosin" (did you mean "cosine"?)',
        '    → at momentum.type',
        `✖ ${fixture('broken.json')}: not valid JSON: ${(() => {
          try {
            JSON.parse(readFileSync(fixture('broken.json'), 'utf8'));
          } catch (e) {
            return (e as Error).message;
          }
          return '';
        })()}`,
        '',
      ].join('\n'),
    );
  });

  it('validates standard input with -', async () => {
    const r = await cli(['validate', '-'], { stdin: '{"type":"stepDecay","from":0.1,"decay":0.5,"steps":0}' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('✖ <stdin>: 1 issue\n');
    expect(r.stderr).toContain('→ at steps');
  });

  it('exits 2 without files or with stdin twice', async () => {
    expect((await cli(['validate'])).code).toBe(2);
    expect((await cli(['validate', '-', '-'])).code).toBe(2);
    expect((await cli(['validate', '--strict', fixture('linear.json')])).code).toBe(2);
  });
});

describe('cyclr explain', () => {
  it("prints core's explanation sentence by sentence", async () => {
    const r = await cli(['explain', fixture('one-cycle.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(explainSchedule(json<Policy>('one-cycle.json')).sentences.map((s) => `${s}\n`).join(''));
    expect(r.stdout).toContain('Steps 0 to 298 (299 steps): rises from 0.004 to 0.1.');
  });

  it('adds a phase table with --phases and honours --steps', async () => {
    const r = await cli(['explain', fixture('linear.json'), '--phases', '--steps', '50']);
    expect(r.code).toBe(0);
    const sentences = explainSchedule(json<Schedule>('linear.json'), { totalSteps: 50 }).sentences.map((s) => `${s}\n`).join('');
    expect(r.stdout.startsWith(`${sentences}\n`)).toBe(true);
    expect(r.stdout).toMatch(/start\s+end\s+from\s+to\s+trend\n\s+0\s+\S+\s+0\.1\s+\S+\s+falls/);
  });

  it('exits 1 for an invalid spec and 2 for two files', async () => {
    expect((await cli(['explain', fixture('invalid.json')])).code).toBe(1);
    expect((await cli(['explain', fixture('linear.json'), fixture('linear.json')])).code).toBe(2);
  });
});

describe('cyclr lint', () => {
  it('exits 0 with no findings', async () => {
    const r = await cli(['lint', fixture('one-cycle.json')]);
    expect(r).toMatchObject({ code: 0, stdout: `✔ ${fixture('one-cycle.json')}: no findings\n` });
  });

  it('exits 1 on a warning and prints its code and path', async () => {
    const r = await cli(['lint', fixture('warmup-from-zero.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^⚠ warning first-update-zero at \(root\): The first update uses lr = 0/m);
  });

  it('checks the run length with --steps and the optimizer with --optimizer', async () => {
    expect((await cli(['lint', fixture('linear.json'), '--steps', '50'])).stdout).toContain('decay-never-finishes');
    expect((await cli(['lint', fixture('clr-policy.json'), '--optimizer', 'adam'])).stdout).toContain('momentum-without-momentum at momentum');
  });

  it('exits 2 for a bad --steps', async () => {
    expect((await cli(['lint', fixture('linear.json'), '--steps', '-3'])).code).toBe(2);
  });
});

describe('cyclr convert', () => {
  const policyOf = (lr: Schedule) => ({ version: 1, lr });

  it.each([
    ['torch', 'torch-cyclic.json', () => { const i = json('torch-cyclic.json'); return fromTorch(i.class, i.kwargs, i.optimizer); }],
    ['keras', 'keras-cosine.json', () => policyOf(fromKeras(json('keras-cosine.json')))],
    ['optax', 'optax-warmup-cosine.json', () => { const i = json('optax-warmup-cosine.json'); return policyOf(fromOptax(i.name, i.kwargs)); }],
    ['timm', 'timm-cosine.json', () => policyOf(fromTimm(json('timm-cosine.json')))],
    ['transformers', 'transformers-linear.json', () => { const i = json('transformers-linear.json'); return policyOf(fromTransformers(i.name, i.kwargs, i.optimizer)); }],
  ])('--from %s prints the policy core imports', async (from, file, expected) => {
    const r = await cli(['convert', '--from', from, fixture(file)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected());
    expect((await cli(['validate', '-'], { stdin: r.stdout })).code).toBe(0);
  });

  it('imports PyTorch CyclicLR with momentum cycling inversely', async () => {
    const policy = JSON.parse((await cli(['convert', '--from', 'torch', fixture('torch-cyclic.json')])).stdout);
    expect(valueAt(policy.lr, 2000)).toBeCloseTo(0.006, 12);
    expect(valueAt(policy.momentum, 2000)).toBeCloseTo(0.8, 12);
  });

  it('--to keras prints the Keras config, and notes what Keras cannot schedule', async () => {
    const r = await cli(['convert', '--to', 'keras', fixture('linear.json')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(toKeras(json<Schedule>('linear.json')));
    const p = await cli(['convert', '--to', 'keras', fixture('clr-policy.json')]);
    expect(p.code).toBe(0);
    expect(p.stderr).toContain('left out: momentum');
  });

  it('--from torch --to keras chains the importer and the exporter', async () => {
    const r = await cli(['convert', '--from', 'torch', '--to', 'keras', fixture('torch-cyclic.json')]);
    expect(r.code).toBe(0);
    const i = json('torch-cyclic.json');
    expect(JSON.parse(r.stdout)).toEqual(toKeras(fromTorch(i.class, i.kwargs, i.optimizer).lr));
  });

  it('exits 1 when the input has the wrong shape, naming the expected JSON', async () => {
    const r = await cli(['convert', '--from', 'torch', fixture('keras-cosine.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a torch input');
    expect(r.stderr).toContain('Expected { "class": "CyclicLR"');
  });

  it('exits 1 when the framework config cannot be imported, with the path of the problem', async () => {
    const r = await cli(['convert', '--from', 'timm', fixture('timm-bad.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot convert from timm');
    expect(r.stderr).toContain('→ at kwargs.num_epochs');
  });

  it('exits 1 when Keras cannot express the spec', async () => {
    const r = await cli(['convert', '--to', 'keras', '-'], { stdin: '{"type":"cosine","from":0.1,"to":0,"steps":10,"after":"continue"}' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot convert to keras');
  });

  it('exits 2 for a missing or unknown --from', async () => {
    expect(await cli(['convert', fixture('linear.json')])).toMatchObject({ code: 2, stderr: expect.stringContaining('convert needs --from') });
    expect(await cli(['convert', '--from', 'jax', fixture('linear.json')])).toMatchObject({ code: 2, stderr: expect.stringContaining('--from must be one of torch, keras, optax, timm, transformers, hf-trainer, timm-args') });
  });
});

describe('cyclr sample', () => {
  it('prints CSV with a header and one row per step, values from valueAt', async () => {
    const r = await cli(['sample', fixture('one-cycle.json'), '--steps', '302', '--start', '298', '--stride', '1']);
    expect(r.code).toBe(0);
    const policy = json<{ lr: Schedule; momentum: Schedule }>('one-cycle.json');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('step,lr,momentum');
    expect(lines.slice(1)).toEqual([298, 299, 300, 301].map((t) => `${t},${valueAt(policy.lr, t)},${valueAt(policy.momentum, t)}`));
  });

  it('prints JSON rows with --format json', async () => {
    const r = await cli(['sample', fixture('linear.json'), '--steps', '101', '--stride', '50', '--format', 'json']);
    expect(JSON.parse(r.stdout)).toEqual([
      { step: 0, lr: 0.1 },
      { step: 50, lr: valueAt(json<Schedule>('linear.json'), 50) },
      { step: 100, lr: 0.001 },
    ]);
  });

  it('exits 2 without --steps or with an unknown format', async () => {
    expect(await cli(['sample', fixture('linear.json')])).toMatchObject({ code: 2, stderr: expect.stringContaining('sample needs --steps N (the run length) or --count C (rows)') });
    expect((await cli(['sample', fixture('linear.json'), '--steps', '3', '--format', 'xml'])).code).toBe(2);
  });

  it('exits 1 for an invalid spec from stdin', async () => {
    const r = await cli(['sample', '-', '--steps', '3'], { stdin: '{"type":"linear"}' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<stdin> is not a valid schedule');
  });
});

describe('cyclr plot with several files', () => {
  it('overlays them, one legend entry per file', async () => {
    const file = join(OUT, 'cli-compare.svg');
    const r = await cli(['plot', fixture('linear.json'), fixture('step-decay.json'), '--steps', '120', '-o', file]);
    expect(r.code).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect([...svg.matchAll(/<path class="line" data-series="([^"]+)"/g)].map((m) => m[1])).toEqual(['linear', 'step-decay']);
    const term = await cli(['plot', fixture('linear.json'), '-', '--steps', '120'], { stdin: readFileSync(fixture('step-decay.json'), 'utf8') });
    expect(term.code).toBe(0);
    expect(term.stdout).toContain('─●─ linear\n─▲─ stdin\n');
  });

  it('writes an HTML page with both charts for several files', async () => {
    const file = join(OUT, 'cli-compare.html');
    expect((await cli(['plot', fixture('linear.json'), fixture('step-decay.json'), '-o', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8').match(/<figure class="chart"/g)).toHaveLength(2);
  });

  it('exits 2 when stdin is named twice', async () => {
    expect((await cli(['plot', '-', '-'])).code).toBe(2);
  });
});

describe('cyclr plot with recorded data', () => {
  it('plots a Keras-style training history', async () => {
    const r = await cli(['plot', fixture('history.json'), '--width', '80']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Training history');
    expect(r.stdout).toContain('╌▲╌ val_loss');
    expect(r.stdout).toContain('accuracy (right axis)');
  });

  it("plots an LR range test with core's suggestions, to the terminal and to PNG", async () => {
    const { analyzeRangeTest } = await import('@cyclr/core');
    const data = json<{ lrs: number[]; losses: number[] }>('range-test.json');
    const recommended = analyzeRangeTest(data).recommended;
    const r = await cli(['plot', fixture('range-test.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('learning rate (log) →');
    expect(r.stdout).toContain(`★ ${recommended.method}: `);
    const png = join(OUT, 'cli-range-test.png');
    expect((await cli(['plot', fixture('range-test.json'), '-o', png])).code).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('standard input', () => {
  it('is read once, so a spec piped to plot is plotted (not read again as empty)', async () => {
    let reads = 0;
    const { run } = await import('../src/index.js');
    let stdout = '';
    const code = await run(['plot', '-'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      readStdin: async () => (reads++ === 0 ? '{"type":"constant","value":1}' : ''),
      readFile: async () => '',
      writeFile: async () => undefined,
      env: {},
    });
    expect(code).toBe(0);
    expect(reads).toBe(1);
    expect(stdout).toContain('constant schedule');
  });
});
