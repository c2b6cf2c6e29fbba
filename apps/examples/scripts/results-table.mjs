// Prints the markdown tables of RESULTS.md from a main-job run's out/results.json:
//   node apps/examples/scripts/results-table.mjs out/results.json
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'out/results.json';
const { options, source, stepsPerEpoch, wallMs, runs } = JSON.parse(readFileSync(file, 'utf8'));
const epochs = Math.max(...runs.map((r) => r.epochs.length));
const f4 = (x) => (x === undefined ? '' : x.toFixed(4));
const dur = (ms) => `${Math.floor(ms / 60000)}m${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')}s`;
const both = new Set(runs.map((r) => r.runtime)).size > 1;
const label = (r) => (both ? `${r.runtime} ${r.name}` : r.name);

console.log(`${source}; ${options.runtime}, epochs ${options.epochs}, batch ${options.batchSize}, ${stepsPerEpoch} steps per epoch, seed ${options.seed}; whole job ${dur(wallMs)}`);
for (const r of runs) if (r.rangeTest) console.log(`${r.runtime} range test: ${r.rangeTest.steps} steps, recommended max lr ${r.rangeTest.recommended.lr.toExponential(3)} (${r.rangeTest.recommended.method})`);
console.log('');
const head = ['epoch', ...runs.flatMap((r) => [`${label(r)} val_loss`, `${label(r)} val_acc`])];
console.log(`| ${head.join(' | ')} |`);
console.log(`| ${head.map(() => '---').join(' | ')} |`);
for (let e = 0; e < epochs; e++) console.log(`| ${e + 1} | ${runs.flatMap((r) => [f4(r.epochs[e]?.val_loss), f4(r.epochs[e]?.val_acc)]).join(' | ')} |`);
console.log(`| wall time | ${runs.flatMap((r) => [dur(r.wallMs), '']).join(' | ')} |`);
console.log(`| ms per step | ${runs.flatMap((r) => [r.stepMs.toFixed(1), '']).join(' | ')} |`);
console.log('');
for (const r of runs) {
  const first = r.epochs.findIndex((e) => e.val_acc >= 0.7465);
  console.log(`- ${label(r)}: final val_acc ${r.epochs[r.epochs.length - 1].val_acc.toFixed(4)}, best ${Math.max(...r.epochs.map((e) => e.val_acc)).toFixed(4)}; first epoch with val_acc >= 0.7465 (the tutorial's 10-epoch SGD figure): ${first < 0 ? 'none' : first + 1}`);
}
