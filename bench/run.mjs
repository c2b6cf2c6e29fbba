// The benchmark suite: runs every package's `bench` script (each prints a markdown section with
// ratios measured in one run) and bench/cnn.mjs (the tutorial CNN's train step on onnxruntime,
// PyTorch and tfjs), and writes them into one file, labelled with the machine.
// Usage: npm run bench            (after npm run build)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const root = new URL('..', import.meta.url);
const workspaces = ['@cyclr/core', '@cyclr/tfjs-adapter', '@cyclr/onnx-adapter', '@cyclr/plot', '@cyclr/cli', '@cyclr/studio'];
const APPS = new Set(['@cyclr/studio']);
const sections = [];
for (const ws of workspaces) {
  const dir = new URL(`../${APPS.has(ws) ? 'apps' : 'packages'}/${ws.split('/')[1]}/package.json`, import.meta.url);
  const pkg = JSON.parse(readFileSync(dir, 'utf8'));
  if (!pkg.scripts?.bench) {
    sections.push(`## ${ws}\n\n(no benchmark)\n`);
    continue;
  }
  process.stderr.write(`running ${ws} bench...\n`);
  const run = spawnSync('npm', ['run', '--silent', 'bench', '-w', ws], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const plain = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
  const text = run.status === 0 ? plain(run.stdout).trim() : `benchmark failed (exit ${run.status}):\n\n\`\`\`\n${(run.stderr || run.stdout).slice(-2000)}\n\`\`\``;
  // vitest bench prints a console table: keep it as a preformatted block
  const body = /^\s*RUN\s+v/.test(text) ? `\`\`\`\n${text}\n\`\`\`` : text;
  sections.push(`## ${ws}\n\n${body}\n`);
}
process.stderr.write('running bundle sizes...\n');
const bundles = spawnSync(process.execPath, [new URL('bundles.mjs', import.meta.url).pathname], { encoding: 'utf8' });
sections.push(`## browser bundles\n\n${bundles.status === 0 ? bundles.stdout.trim() : `failed: ${bundles.stderr.slice(-2000)}`}\n`);
// the tutorial CNN's train step on onnxruntime, PyTorch and tfjs side by side (needs /usr/bin/python3 with torch)
process.stderr.write('running bench/cnn.mjs...\n');
const cnn = spawnSync(process.execPath, [new URL('cnn.mjs', import.meta.url).pathname], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
sections.push(`## Train step of the tutorial CNN (bench/cnn.mjs)\n\n${cnn.status === 0 ? cnn.stdout.trim() : `benchmark failed (exit ${cnn.status}):\n\n\`\`\`\n${(cnn.stderr || cnn.stdout).slice(-2000)}\n\`\`\``}\n`);
const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
const doc = `# cyclr benchmarks\n\nMachine: ${machine}. Measured ${new Date().toISOString().slice(0, 10)}.\nRatios compare against a baseline measured in the same run; absolute times are for this machine only.\n\n${sections.join('\n')}`;
writeFileSync(new URL('RESULTS.md', import.meta.url), doc);
process.stdout.write(doc);
