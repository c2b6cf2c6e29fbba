import { describe, expect, it } from 'vitest';
import { galleryCli } from '../src/gallery.js';
import { importsCli } from '../src/import-configs.js';
import { onnxTrainCli } from '../src/onnx-train.js';
import { rangeTestCli } from '../src/range-test.js';
import { memoryIo } from './io.js';

const COMMANDS = [
  ['gallery', galleryCli],
  ['range-test', rangeTestCli],
  ['onnx', onnxTrainCli],
  ['imports', importsCli],
] as const;

describe('the example commands', () => {
  it.each(COMMANDS)('npm run %s -- --help prints its usage and exits 0', async (name, cli) => {
    const io = memoryIo();
    expect(await cli(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^Usage: npm run ${name} -- \\[options\\]`));
    expect(io.out()).toContain('--out DIR');
    expect(io.err()).toBe('');
  });

  it.each(COMMANDS)('npm run %s refuses an unknown flag with exit code 2', async (_name, cli) => {
    const io = memoryIo();
    expect(await cli(['--no-such-flag', '1'], io)).toBe(2);
    expect(io.err()).toMatch(/^unknown option "--no-such-flag" \(options: --[a-z-]+(, --[a-z-]+)*\) \(see --help\)\n$/);
    expect(io.out()).toBe('');
    const typo = memoryIo();
    expect(await cli(['--outt', 'x'], typo)).toBe(2);
    expect(typo.err()).toBe('unknown option "--outt" (did you mean --out?) (see --help)\n');
  });

  it('refuses a flag without its value', async () => {
    const io = memoryIo();
    expect(await onnxTrainCli(['--epochs'], io)).toBe(2);
    expect(io.err()).toBe('--epochs needs a value (see --help)\n');
  });

  it('refuses a value of the wrong kind, naming the flag', async () => {
    const io = memoryIo();
    expect(await rangeTestCli(['--backend', 'webgpu'], io)).toBe(2);
    expect(io.err()).toMatch(/^--backend: /);
  });
});
