// The CLI defects of issue 14 (each of these failed before its fix): I/O failures, echoed control
// characters, a file that stopped `validate`, unbounded issue lists, did-you-mean on huge strings,
// and the small gaps (--optimizer, labels past 2^53, one meaning of --steps, plot labels).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { valueAt, type Schedule } from '@cyclr/core';
import { describe, expect, it } from 'vitest';
import { run, type CliIO } from '../src/index.js';
import { cli, fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cyclr-defects-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** An io whose writeFile fails with the given Node error code. */
function failingWrites(code: string): CliIO & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (err += s) },
    readStdin: async () => '',
    readFile: (path) => Promise.resolve(readFileSync(path, 'utf8')),
    writeFile: async () => {
      throw Object.assign(new Error(`${code}: simulated`), { code });
    },
    env: {},
    err: () => err,
  };
}

describe('defect 2: output failures are one line naming the path and the cause, exit 1', () => {
  it('when the output path is a directory (EISDIR)', async () => {
    const out = join(dir, 'plot.svg');
    mkdirSync(out, { recursive: true });
    const r = await cli(['plot', fixture('linear.json'), '-o', out]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `cyclr plot: cannot write ${out}: is a directory (EISDIR)\n` });
  });

  it('when the output sits in a missing folder (ENOENT)', async () => {
    const out = join(dir, 'missing', 'policy.json');
    const r = await cli(['convert', '--from', 'torch', fixture('torch-cyclic.json'), '-o', out]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `cyclr convert: cannot write ${out}: no such file or directory (ENOENT)\n` });
  });

  it('when the disk is full (ENOSPC)', async () => {
    const io = failingWrites('ENOSPC');
    expect(await run(['plot', fixture('linear.json'), '-o', 'out.html'], io)).toBe(1);
    expect(io.err()).toBe('cyclr plot: cannot write out.html: no space left on the device (ENOSPC)\n');
  });

  it('exits 70 for a real bug, with one line and no stack trace unless --debug', async () => {
    const broken = (debug: boolean) => {
      let err = '';
      const io: CliIO = {
        stdout: {
          write: () => {
            throw new TypeError('write is broken');
          },
        },
        stderr: { write: (s: string) => (err += s) },
        readStdin: async () => '',
        readFile: (path) => Promise.resolve(readFileSync(path, 'utf8')),
        writeFile: async () => undefined,
        env: {},
      };
      return run(['explain', fixture('linear.json'), ...(debug ? ['--debug'] : [])], io).then((code) => ({ code, err }));
    };
    const plain = await broken(false);
    expect(plain.code).toBe(70);
    expect(plain.err).toBe('cyclr explain: internal error: TypeError: write is broken (a bug in cyclr; run with --debug for the stack trace)\n');
    const debug = await broken(true);
    expect(debug.code).toBe(70);
    expect(debug.err.split('\n').length).toBeGreaterThan(3);
    expect(debug.err).toMatch(/\n\s+at /);
  });
});

describe('defect 3: what is echoed from the input is escaped and clipped', () => {
  it('escapes control characters from a JSON parse error', async () => {
    const path = file('title.json', `{"type": ${ESC}]0;PWNED${BEL} }`);
    for (const command of ['validate', 'plot', 'explain', 'lint']) {
      const r = await cli([command, path]);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(CONTROL);
      expect(r.stderr).toContain('\\x1b');
    }
  });

  it('escapes control characters in schedule types, keys, file names and titles', async () => {
    const path = file(`evil${ESC}[2J.json`, JSON.stringify({ type: `cos${ESC}]0;x${BEL}`, [`k${ESC}[31m`]: 1 }));
    const r = await cli(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
    const t = await cli(['plot', fixture('linear.json'), '--title', `a${ESC}]0;x${BEL}b`, '--width', '60']);
    expect(t.code).toBe(0);
    expect(t.stdout).not.toMatch(CONTROL);
  });

  it('clips a 100 kB unknown key to a stated length', async () => {
    const path = file('big-key.json', JSON.stringify({ type: 'constant', value: 1, ['k'.repeat(100_000)]: 1 }));
    const r = await cli(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stderr.length).toBeLessThan(2_000);
    expect(r.stderr).toMatch(/more characters\)|\.\.\."/);
  });
});

describe('defect 4: validate checks every file whatever one of them does', () => {
  it('reports an unreadable, a broken and a huge file and still checks the ones after them', async () => {
    const folder = join(dir, 'a-folder.json');
    mkdirSync(folder, { recursive: true });
    const huge = file('huge.json', JSON.stringify({ type: 'multiStep', from: 0.1, decay: 0.5, milestones: Array.from({ length: 200_000 }, (_, i) => -1 - i) }));
    const r = await cli(['validate', folder, fixture('broken.json'), huge, join(dir, 'nope.json'), fixture('linear.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`✔ ${fixture('linear.json')}: valid linear schedule\n`);
    expect(r.stderr).toContain(`✖ cannot read ${folder}: is a directory (EISDIR)\n`);
    expect(r.stderr).toContain(`✖ cannot read ${join(dir, 'nope.json')}: no such file or directory (ENOENT)\n`);
    expect(r.stderr).toContain(`✖ ${huge}: 200000 issues\n`);
  });

  it('reports a file that makes cyclr itself fail, and goes on', async () => {
    const io = failingWrites('EIO');
    let out = '';
    io.stdout = { write: (s: string) => (out += s) };
    let reads = 0;
    io.readFile = async (path) => {
      if (reads++ === 0) throw new TypeError('something unexpected');
      return readFileSync(path, 'utf8');
    };
    expect(await run(['validate', 'first.json', fixture('linear.json')], io)).toBe(1);
    expect(io.err()).toBe('✖ cannot read first.json: something unexpected\n');
    expect(out).toContain('valid linear schedule');
  });
});

describe('defect 5: output and time bounded by the input, not by the issue count', () => {
  it('lists the first 100 issues, then how many more', async () => {
    const path = file('many.json', JSON.stringify({ type: 'multiStep', from: 0.1, decay: 0.5, milestones: Array.from({ length: 5000 }, (_, i) => -1 - i) }));
    for (const command of ['validate', 'plot', 'sample']) {
      const r = await cli([command, path, ...(command === 'sample' ? ['--steps', '3'] : [])]);
      expect(r.code).toBe(1);
      expect(r.stderr.match(/✖ milestones\[\d+\] must be/g)).toHaveLength(100);
      expect(r.stderr).toContain('… and 4900 more issues');
      expect(r.stderr.length).toBeLessThan(12_000);
    }
  });

  it('does not spend seconds in did-you-mean on a 5 MB type string', async () => {
    const path = file('long-type.json', JSON.stringify({ type: 'x'.repeat(5_000_000) }));
    const started = performance.now();
    const r = await cli(['validate', path]);
    const ms = performance.now() - started;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown schedule type "x{20,}/);
    expect(r.stderr.length).toBeLessThan(1_000);
    // generous: the unbounded edit distance took about 10 s here; the clipped type takes milliseconds
    expect(ms).toBeLessThan(5_000);
  });

  it('gives no did-you-mean for an option name longer than 64 characters', async () => {
    const r = await cli(['plot', fixture('linear.json'), `--${'s'.repeat(10_000)}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('did you mean');
    expect(r.stderr.length).toBeLessThan(1_500);
  });
});

describe('defect 9: small CLI gaps', () => {
  it('--optimizer nonsense is a usage error listing the known optimizers', async () => {
    const r = await cli(['lint', fixture('clr-policy.json'), '--optimizer', 'nonsense']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--optimizer must be one of sgd, momentum, nesterov, rmsprop, adagrad, adadelta, adam, adamw, adamax, nadam, radam, lamb, got "nonsense"');
    expect((await cli(['lint', fixture('clr-policy.json'), '--optimizer', 'adamm'])).stderr).toContain('(did you mean adam?)');
  });

  it('labels steps exactly up to 2^53 - 1 and names the exact step past it', async () => {
    const r = await cli(['sample', fixture('linear.json'), '--start', '9007199254740989', '--stride', '2', '--count', '2']);
    expect(r).toMatchObject({ code: 0, stdout: 'step,lr\n9007199254740989,0.001\n9007199254740991,0.001\n' });
    const past = await cli(['sample', fixture('linear.json'), '--start', '9007199254740991', '--stride', '2', '--count', '3']);
    expect(past.code).toBe(2);
    expect(past.stdout).toBe('');
    expect(past.stderr.split('\n')[0]).toBe('cyclr sample: the rows reach step 9007199254740995, past 9007199254740991 (2^53 - 1), the last step schedules are evaluated at exactly; lower --start, --stride or --count/--steps');
    const huge = await cli(['sample', fixture('linear.json'), '--start', '18446744073709551615', '--count', '1', '--format', 'json']);
    expect(huge.stderr).toContain('reach step 18446744073709551615,');
    // --steps: the last row is the last step below N on the stride
    expect((await cli(['sample', fixture('linear.json'), '--start', '9007199254740980', '--stride', '5', '--steps', '9007199254740992'])).stdout.trimEnd().split('\n').at(-1)).toBe('9007199254740990,0.001');
  });

  it('--steps is the run length in every command', async () => {
    const spec = JSON.parse(readFileSync(fixture('linear.json'), 'utf8')) as Schedule;
    const sampled = await cli(['sample', fixture('linear.json'), '--steps', '100', '--stride', '25']);
    expect(sampled.stdout.trimEnd().split('\n').slice(1)).toEqual([0, 25, 50, 75].map((t) => `${t},${valueAt(spec, t)}`));
    expect((await cli(['lint', fixture('linear.json'), '--steps', '50'])).stdout).toContain('the run ends at step 49');
    expect((await cli(['explain', fixture('linear.json'), '--steps', '50'])).code).toBe(0);
    const plotted = await cli(['plot', fixture('linear.json'), '--steps', '100', '--width', '60']);
    // steps 0 to 99: the axis ends before 100
    expect(plotted.stdout).toMatch(/\n\s+0\s+20\s+40\s+60\s+80\n/);
  });

  it('plot labels at 60 columns are exact integers that fit the width', async () => {
    const r = await cli(['plot', '-', '--width', '60', '--height', '6'], { stdin: '{"type":"multiStep","from":0.1,"decay":0.5,"milestones":[11496]}' });
    expect(r.code).toBe(0);
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
    const labels = r.stdout.split('\n').find((l) => /^\s+0\s+\d/.test(l)) ?? '';
    expect(labels.trim().split(/\s+/).at(-1)).toBe('12000');
    const svg = join(dir, 'boundary.svg');
    expect((await cli(['plot', '-', '-o', svg], { stdin: '{"type":"multiStep","from":0.1,"decay":0.5,"milestones":[11496]}' })).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toContain('>11496<');
  });

  it('a history plot without colour tells loss from accuracy', async () => {
    const r = await cli(['plot', fixture('history.json'), '--width', '60']);
    const legend = r.stdout.split('\n').filter((l) => / (loss|accuracy|val_loss|val_accuracy)( \(right axis\))?$/.test(l));
    const swatches = legend.map((l) => l.split(' ')[0]);
    expect(swatches).toHaveLength(4);
    expect(new Set(swatches).size).toBe(4);
    for (const s of swatches) expect(r.stdout.split('\n').slice(0, -6).join('\n')).toContain(s[1]);
  });
});
