// Benchmark: cost per value of valueAt, compileSchedule and sample for every family and a depth-3
// nested combinator, each as a ratio against a hand-written closed-form function of the same
// schedule, measured in the same run. Run after a build: `npm run bench -w @cyclr/core`.
// Prints a markdown table; `--json FILE` also writes the rows.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { compileSchedule, explainSchedule, lintSchedule, parseSchedule, sample, valueAt } from '../dist/index.js';

const { PI, cos, floor, pow, abs, max, min, sqrt, log } = Math;

// Each case: a spec and the hand-written closed form a careful user would write for it.
const cases = [
  ['constant', { type: 'constant', value: 0.1 }, () => 0.1],
  ['linear', { type: 'linear', from: 0, to: 0.1, steps: 1000 }, (t) => (t >= 1000 ? 0.1 : 0.1 * (t / 1000))],
  ['polynomial', { type: 'polynomial', from: 0.1, to: 0.001, steps: 1000, power: 2 }, (t) => 0.099 * pow(1 - min(t, 1000) / 1000, 2) + 0.001],
  ['exponential', { type: 'exponential', from: 0.1, decay: 0.96, steps: 100 }, (t) => 0.1 * pow(0.96, t / 100)],
  ['inverseTime', { type: 'inverseTime', from: 0.1, rate: 0.5, steps: 10 }, (t) => 0.1 / (1 + (0.5 * t) / 10)],
  ['inverseSqrt', { type: 'inverseSqrt', peak: 0.001, warmupSteps: 100 }, (t) => (t < 100 ? 0.001 * (t / 100) : 0.001 / sqrt(t / 100))],
  ['stepDecay', { type: 'stepDecay', from: 0.1, decay: 0.1, steps: 30 }, (t) => 0.1 * pow(0.1, floor(t / 30))],
  ['multiStep', { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [300, 800] }, (t) => 0.1 * pow(0.1, (t >= 300 ? 1 : 0) + (t >= 800 ? 1 : 0))],
  ['piecewiseConstant', { type: 'piecewiseConstant', boundaries: [300, 800], values: [1, 0.5, 0.1] }, (t) => (t < 300 ? 1 : t < 800 ? 0.5 : 0.1)],
  [
    'piecewiseLinear',
    { type: 'piecewiseLinear', points: [{ step: 0, value: 0 }, { step: 100, value: 1 }, { step: 1000, value: 0.01 }] },
    (t) => (t < 100 ? t / 100 : t < 1000 ? 1 + (0.01 - 1) * ((t - 100) / 900) : 0.01),
  ],
  ['cosine', { type: 'cosine', from: 0.1, to: 0.001, steps: 1000 }, (t) => (t >= 1000 ? 0.001 : 0.001 + 0.099 * 0.5 * (1 + cos((PI * t) / 1000)))],
  [
    'cosineRestarts',
    { type: 'cosineRestarts', from: 0.1, to: 0.001, steps: 10, periodMultiplier: 2 },
    (t) => {
      const i = floor(log(t / 10 + 1) / log(2));
      const start = 10 * (pow(2, i) - 1);
      return 0.001 + 0.099 * 0.5 * (1 + cos((PI * (t - start)) / (10 * pow(2, i))));
    },
  ],
  [
    'linearCosine',
    { type: 'linearCosine', from: 0.1, steps: 1000, cycles: 2, alpha: 0, beta: 0.001 },
    (t) => {
      const s = min(t, 1000);
      return 0.1 * (((1000 - s) / 1000) * 0.5 * (1 + cos(PI * 2 * 2 * (s / 1000))) + 0.001);
    },
  ],
  [
    'warmupStableDecay',
    { type: 'warmupStableDecay', peak: 0.001, warmupSteps: 100, stableSteps: 500, decaySteps: 400, decayShape: 'linear' },
    (t) => (t < 100 ? 0.001 * (t / 100) : t < 600 ? 0.001 : t < 1000 ? 0.001 * (1 - (t - 600) / 400) : 0),
  ],
  [
    'cyclic',
    { type: 'cyclic', from: 1e-4, peak: 1e-2, upSteps: 20, mode: 'triangular2' },
    (t) => {
      const cycle = floor(1 + t / 40);
      const x = abs(t / 20 - 2 * cycle + 1);
      return 1e-4 + (1e-2 - 1e-4) * max(0, 1 - x) / pow(2, cycle - 1);
    },
  ],
  [
    'oneCycle',
    { type: 'oneCycle', steps: 1000, from: 0.004, peak: 0.1, to: 4e-7 },
    (t) => {
      const e1 = 0.3 * 1000 - 1;
      if (t <= e1) return 0.1 + (0.004 - 0.1) / 2 * (cos(PI * (t / e1)) + 1);
      if (t >= 999) return 4e-7;
      return 4e-7 + (0.1 - 4e-7) / 2 * (cos(PI * ((t - e1) / (999 - e1))) + 1);
    },
  ],
  [
    'join',
    { type: 'join', parts: [{ schedule: { type: 'linear', from: 0, to: 0.1, steps: 100 }, steps: 100 }, { schedule: { type: 'cosine', from: 0.1, to: 0, steps: 900 } }] },
    (t) => (t < 100 ? 0.1 * (t / 100) : t >= 1000 ? 0 : 0.05 * (1 + cos((PI * (t - 100)) / 900))),
  ],
  [
    'warmup',
    { type: 'warmup', steps: 100, from: 0, schedule: { type: 'cosine', from: 0.1, to: 0, steps: 900 } },
    (t) => (t < 100 ? 0.1 * (t / 100) : t >= 1000 ? 0 : 0.05 * (1 + cos((PI * (t - 100)) / 900))),
  ],
  [
    'multiply',
    { type: 'multiply', factors: [{ type: 'constant', value: 0.5 }, { type: 'stepDecay', from: 0.1, decay: 0.5, steps: 10 }] },
    (t) => 0.5 * (0.1 * pow(0.5, floor(t / 10))),
  ],
  ['scale', { type: 'scale', schedule: { type: 'cosine', from: 1, to: 0, steps: 1000 }, factor: 0.1 }, (t) => 0.1 * (t >= 1000 ? 0 : 0.5 * (1 + cos((PI * t) / 1000)))],
  ['clamp', { type: 'clamp', schedule: { type: 'linear', from: -1, to: 2, steps: 1000 }, min: 0, max: 1 }, (t) => min(1, max(0, t >= 1000 ? 2 : -1 + 3 * (t / 1000)))],
  [
    'repeat',
    { type: 'repeat', schedule: { type: 'cosine', from: 0.1, to: 0, steps: 200 }, steps: 200, decay: 0.8 },
    (t) => 0.05 * (1 + cos((PI * (t % 200)) / 200)) * pow(0.8, floor(t / 200)),
  ],
  ['stepDecay every 2.4 steps (Python floor division)', { type: 'stepDecay', from: 0.1, decay: 0.97, steps: 2.4 }, (t) => {
    const mod = t % 2.4;
    return 0.1 * pow(0.97, Math.round((t - mod) / 2.4));
  }],
  ['tanh', { type: 'tanh', from: 0.1, to: 0.001, steps: 1000 }, (t) => (t >= 1000 ? 0.001 : 0.001 + 0.5 * (0.1 - 0.001) * (1 - Math.tanh(-7 * (1 - t / 1000) + 3 * (t / 1000))))],
  ['epochs (a multi-step held per epoch)', { type: 'epochs', stepsPerEpoch: 469, schedule: { type: 'multiStep', from: 0.1, decay: 0.1, milestones: [3, 7] } }, (t) => {
    const e = floor(t / 469);
    return e < 3 ? 0.1 : e < 7 ? 0.1 * 0.1 : 0.1 * 0.1 * 0.1;
  }],
  [
    'depth-3 nested (join of warmup(cyclic) and scale(cosine))',
    {
      type: 'join',
      parts: [
        { steps: 400, schedule: { type: 'warmup', steps: 50, from: 0, schedule: { type: 'cyclic', from: 1e-4, peak: 1e-2, upSteps: 20 } } },
        { schedule: { type: 'scale', factor: 0.5, schedule: { type: 'cosine', from: 1e-3, to: 1e-5, steps: 600 } } },
      ],
    },
    (t) => {
      if (t < 400) {
        if (t < 50) return 1e-4 * (t / 50);
        const u = t - 50;
        const cycle = floor(1 + u / 40);
        const x = abs(u / 20 - 2 * cycle + 1);
        return 1e-4 + (1e-2 - 1e-4) * max(0, 1 - x);
      }
      const u = t - 400;
      return 0.5 * (u >= 600 ? 1e-5 : 1e-5 + (1e-3 - 1e-5) * 0.5 * (1 + cos((PI * u) / 600)));
    },
  ],
];

const W = 4000;
const REPEAT = 50;
const N = W * REPEAT;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const out = new Float64Array(N);
let sink = 0;

function time(fill) {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    fill();
    const ns = Number(process.hrtime.bigint() - t0);
    sink += out[W - 1];
    best = Math.min(best, ns / N);
  }
  return best;
}

// Each case runs in a fresh process (CASE=<index>): in one long process every case after the first
// would run on call sites whose type feedback the earlier cases filled, which a program with its
// own few schedules never sees. Hand-written baseline and cyclr run interleaved in the same process.
function measure(name, spec, hand) {
  for (let t = 0; t < 3000; t += 7) {
    const a = hand(t);
    const b = valueAt(spec, t);
    if (!(abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-12))) throw new Error(`${name}: hand-written ${a} != valueAt ${b} at t=${t}`);
  }
  const compiled = compileSchedule(spec);
  // what builders and parseSchedule return: a frozen copy carrying its compiled function
  const sealed = parseSchedule(spec);
  // steps 0 .. W - 1 (ramps, phase ends and holds of every case), REPEAT times: N values per run
  const variants = {
    hand: () => { for (let r = 0; r < REPEAT; r++) for (let t = 0; t < W; t++) out[t] = hand(t); },
    compiled: () => { for (let r = 0; r < REPEAT; r++) for (let t = 0; t < W; t++) out[t] = compiled(t); },
    sample: () => { for (let r = 0; r < REPEAT; r++) sample(sealed, { count: W, into: out }); },
    valueAt: () => { for (let r = 0; r < REPEAT; r++) for (let t = 0; t < W; t++) out[t] = valueAt(sealed, t); },
    // an ordinary object is validated on every call: a hundredth of the values, scaled
    valueAtPlain: () => { for (let t = 0; t < N / 100; t++) out[t] = valueAt(spec, t % W); },
  };
  for (const f of Object.values(variants)) f(); // warm up
  const ns = {};
  // interleave variants so that drift on a noisy machine hits all of them alike
  for (const key of Object.keys(variants)) ns[key] = Infinity;
  for (let rep = 0; rep < 3; rep++) for (const [key, f] of Object.entries(variants)) ns[key] = Math.min(ns[key], time(f));
  return { name, handNs: ns.hand, compiled: ns.compiled / ns.hand, sample: ns.sample / ns.hand, valueAt: ns.valueAt / ns.hand, valueAtPlain: (100 * ns.valueAtPlain) / ns.hand };
}

if (process.env.CASE !== undefined) {
  const [name, spec, hand] = cases[Number(process.env.CASE)];
  process.stdout.write(JSON.stringify(measure(name, spec, hand)));
  process.exit(0);
}

const rows = [];
for (let i = 0; i < cases.length; i++) {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, CASE: String(i) }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`case ${cases[i][0]} failed: ${run.stderr}`);
  rows.push(JSON.parse(run.stdout));
}

const fmt = (x) => x.toFixed(2);
console.log(`core evaluation, steps 0 to ${W - 1} ${REPEAT} times (${N.toLocaleString('en')} values) per run, each case in a fresh process, best of ${ROUNDS * 3}; ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, Node ${process.version}`);
console.log('');
console.log('| family | hand-written ns/value | compileSchedule ÷ hand | sample ÷ hand | valueAt ÷ hand | valueAt on a plain object ÷ hand |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.name} | ${r.handNs.toFixed(1)} | ${fmt(r.compiled)}× | ${fmt(r.sample)}× | ${fmt(r.valueAt)}× | ${fmt(r.valueAtPlain)}× |`);
console.log('');
console.log('valueAt: on a spec from a builder or parseSchedule (sealed: frozen, compiled once). The last column is an object literal that never went through either.');
// ---- scale: a 100,000-part join and a shared (DAG) document
function ms(f) {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}
const PARTS = 100_000;
const parts = Array.from({ length: PARTS }, (_, i) => ({ schedule: { type: 'linear', from: i % 7, to: (i + 1) % 7, steps: 10 }, steps: 10 }));
let joined;
const parseMs = ms(() => { joined = parseSchedule({ type: 'join', parts }); });
const probes = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % (PARTS * 10));
const perValueNs = (1e6 * ms(() => { for (const t of probes) sink += valueAt(joined, t); })) / probes.length;
const explainMs = ms(() => { sink += explainSchedule(joined).phases.length; });
const lintMs = ms(() => { sink += lintSchedule(joined, { totalSteps: PARTS * 10 }).length; });
let dag = { type: 'constant', value: 0.5 };
for (let i = 0; i < 30; i++) dag = { type: 'multiply', factors: [dag, dag] };
const dagMs = ms(() => { sink += valueAt(parseSchedule(dag), 3); });
console.log('');
console.log('| scale | time |');
console.log('| --- | ---: |');
console.log(`| join of ${PARTS.toLocaleString('en')} parts: parseSchedule | ${parseMs.toFixed(0)} ms |`);
console.log(`| the same join: valueAt at random steps (binary search over the part starts) | ${(perValueNs / 1000).toFixed(3)} µs per value |`);
console.log(`| the same join: explainSchedule | ${explainMs.toFixed(0)} ms |`);
console.log(`| the same join: lintSchedule over its 1,000,000 steps | ${lintMs.toFixed(0)} ms |`);
console.log(`| a multiply DAG of depth 30 (each level reuses its child twice: 2^30 paths, 31 distinct nodes): parseSchedule + valueAt | ${dagMs.toFixed(1)} ms |`);

const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], JSON.stringify(rows, null, 2));
if (sink === 42.4242) console.log('');
