// `cyclr --help` against bare Node startup (`node -e ''`), in the same run: the two commands are
// started in turn, 25 times each after 3 warm-ups, and the ratio of the median wall times is
// reported (paired, so drift in the machine's speed affects both). Target: within 1.5×.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/cyclr.js', import.meta.url));
const commands = {
  'node -e ""': [process.execPath, ['-e', '']],
  'cyclr --help': [process.execPath, [bin, '--help']],
  'cyclr plot --help': [process.execPath, [bin, 'plot', '--help']],
  'cyclr validate (one small file)': [process.execPath, [bin, 'validate', fileURLToPath(new URL('../test/fixtures/linear.json', import.meta.url))]],
};
const time = ([cmd, args]) => {
  const t = process.hrtime.bigint();
  spawnSync(cmd, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const runs = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < 28; i++) for (const [k, c] of Object.entries(commands)) if (i >= 3) runs[k].push(time(c)); else time(c);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const base = median(runs['node -e ""']);
const rows = Object.entries(runs).map(([k, v]) => `| \`${k}\` | ${median(v).toFixed(1)} | ${(median(v) / base).toFixed(2)}× |`);
process.stdout.write(`cyclr start-up, median wall time of 25 runs each, commands interleaved\n\n| command | ms | ÷ node -e "" |\n| --- | ---: | ---: |\n${rows.join('\n')}\n`);
