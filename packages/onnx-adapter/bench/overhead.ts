// Loop overhead of createTrainer against a bare hand-written session.run loop doing the same steps,
// and a train-step graph with the schedule embedded against the same graph fed scalars.
// Blocks of steps alternate between the variants in one process; the median block rate is reported.
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { compileSchedule, type Policy } from '@cyclr/core';
import { buildTrainStep, createSession, createTrainer, initialState, type ModelSpec, type SessionLike, type TensorLike } from '../src/index.js';
import { loadFashionMnist } from '../test/fashion-mnist-data.js';

const BLOCK = Number(process.env.BENCH_BLOCK ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 41);

type Variant = { name: string; run: (steps: number) => Promise<void> };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Measured {
  /** median steps/s (wall clock) */
  median: number;
  /** median over rounds of this block's wall time / the first variant's */
  ratio: number;
  /** median steps per CPU-second (process user + system time, all threads) */
  cpuRate: number;
  /** median over rounds of this block's CPU time / the first variant's */
  cpuRatio: number;
}

async function measure(variants: Variant[]): Promise<Map<string, Measured>> {
  for (const v of variants) await v.run(BLOCK); // warm-up
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const cpu = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of r % 2 === 0 ? variants : [...variants].reverse()) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await v.run(BLOCK);
      times.get(v.name)!.push(Number(process.hrtime.bigint() - t0) / 1e9);
      const c = process.cpuUsage(c0);
      cpu.get(v.name)!.push((c.user + c.system) / 1e6);
    }
  }
  const base = times.get(variants[0].name)!;
  const baseCpu = cpu.get(variants[0].name)!;
  return new Map(
    [...times].map(([k, ts]) => {
      const cs = cpu.get(k)!;
      return [k, { median: BLOCK / median(ts), ratio: median(ts.map((x, i) => x / base[i])), cpuRate: BLOCK / median(cs), cpuRatio: median(cs.map((x, i) => x / baseCpu[i])) }];
    }),
  );
}

const sessionFor = (bytes: Uint8Array): Promise<SessionLike> =>
  createSession(ort, bytes, { sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 } });

async function scenario(label: string, model: ModelSpec, batches: Record<string, TensorLike>[]): Promise<string[]> {
  const optimizer = { type: 'momentum' } as const;
  const total = 100_000;
  const policy: Policy = {
    version: 1,
    lr: { type: 'oneCycle', steps: total, from: 0.004, peak: 0.1, to: 4e-7 },
    momentum: { type: 'oneCycle', steps: total, from: 0.95, peak: 0.85, to: 0.95 },
  };
  const fedBytes = buildTrainStep({ model, optimizer }).bytes;
  const embeddedBytes = buildTrainStep({ model, optimizer, schedules: { lr: policy.lr, momentum: policy.momentum! } }).bytes;

  const lrFn = compileSchedule(policy.lr);
  const momFn = compileSchedule(policy.momentum!);
  const lrs = Float32Array.from({ length: total }, (_, t) => lrFn(t));
  const moms = Float32Array.from({ length: total }, (_, t) => momFn(t));
  const init = initialState(model, optimizer, 1);
  const names = Object.keys(init);

  // bare loop: preallocated feeds and double-buffered outputs, precomputed schedule values
  async function bareLoop(name: string): Promise<Variant> {
    const bareSession = await sessionFor(fedBytes);
    let cur: Record<string, ort.Tensor> = Object.fromEntries(names.map((n) => [n, new ort.Tensor('float32', Float32Array.from(init[n].data), init[n].dims)]));
    let nxt: Record<string, ort.Tensor> = Object.fromEntries(names.map((n) => [n, new ort.Tensor('float32', Float32Array.from(init[n].data), init[n].dims)]));
    const lrData = new Float32Array(1);
    const momData = new Float32Array(1);
    const feeds: Record<string, ort.Tensor> = {
      lr: new ort.Tensor('float32', lrData, []),
      momentum: new ort.Tensor('float32', momData, []),
      weight_decay: new ort.Tensor('float32', new Float32Array([0]), []),
    };
    const lossT = new ort.Tensor('float32', new Float32Array(1), []);
    const fetches: Record<string, ort.Tensor> = { loss: lossT };
    if (model.kind !== 'linear') fetches.accuracy = new ort.Tensor('float32', new Float32Array(1), []);
    let step = 0;
    let sum = 0;
    return {
      name,
      async run(steps) {
        for (let i = 0; i < steps; i++) {
          const b = batches[step % batches.length];
          lrData[0] = lrs[step];
          momData[0] = moms[step];
          for (const k in b) feeds[k] = b[k] as ort.Tensor;
          for (const n of names) {
            feeds[n] = cur[n];
            fetches[`${n}.next`] = nxt[n];
          }
          await bareSession.run(feeds, fetches);
          sum += (lossT.data as Float32Array)[0];
          const t = cur;
          cur = nxt;
          nxt = t;
          step++;
        }
        if (Number.isNaN(sum)) throw new Error('diverged');
      },
    };
  }
  const bare = await bareLoop('bare session.run loop');
  const bare2 = await bareLoop('bare session.run loop (second copy)');

  const makeTrainer = async (bytes: Uint8Array) => createTrainer({ session: await sessionFor(bytes), Tensor: ort.Tensor, policy, state: init, fixed: { weight_decay: 0 } });
  const fed = await makeTrainer(fedBytes);
  const embedded = await makeTrainer(embeddedBytes);
  const loop = (t: Awaited<ReturnType<typeof makeTrainer>>): Variant['run'] => async (steps) => {
    for (let i = 0; i < steps; i++) await t.step(batches[t.stepCount % batches.length]);
  };
  const variants: Variant[] = [bare, bare2, { name: 'createTrainer, scalars fed', run: loop(fed) }, { name: 'createTrainer, schedule embedded', run: loop(embedded) }];
  const m = await measure(variants);
  const base = m.get(bare.name)!;
  const row = (name: string, shown: string): string => {
    const v = m.get(name)!;
    void base;
    return `| ${label} | ${shown} | ${v.median.toFixed(0)} | ${v.ratio.toFixed(3)} | ${v.cpuRate.toFixed(0)} | ${v.cpuRatio.toFixed(3)} |`;
  };
  return [
    row(bare.name, 'bare session.run loop'),
    row(bare2.name, 'bare session.run loop, second copy (noise floor)'),
    row('createTrainer, scalars fed', 'createTrainer, scalars fed'),
    row('createTrainer, schedule embedded', 'createTrainer, one-cycle lr + momentum embedded in the graph'),
  ];
}

const { train } = await loadFashionMnist(fileURLToPath(new URL('../../../data/fashion-mnist', import.meta.url)));
const fm: Record<string, TensorLike>[] = [];
for (let s = 0; s + 50 <= train.count; s += 50) {
  fm.push({
    x: new ort.Tensor('float32', train.images.slice(s * 196, (s + 50) * 196), [50, 196]),
    y: new ort.Tensor('int64', train.labels.slice(s, s + 50), [50]),
  });
}
const small: Record<string, TensorLike>[] = Array.from({ length: 8 }, (_, b) => ({
  x: new ort.Tensor('float32', Float32Array.from({ length: 32 * 16 }, (_, i) => Math.sin(i * 0.37 + b)), [32, 16]),
  y: new ort.Tensor('float32', Float32Array.from({ length: 32 }, (_, i) => (i + b) % 2), [32, 1]),
}));

const rows = [
  ...(await scenario('MLP 196-128-10, batch 50 (Fashion-MNIST)', { kind: 'mlp', inputs: 196, hidden: [128], classes: 10 }, fm)),
  ...(await scenario('logistic regression, 16 inputs, batch 32', { kind: 'logistic', inputs: 16 }, small)),
];
// The loop's own cost: the same trainer over a session whose run() does nothing (no inference).
async function noOpCost(): Promise<{ trainer: number; bare: number }> {
  const model: ModelSpec = { kind: 'mlp', inputs: 196, hidden: [128], classes: 10 };
  const optimizer = { type: 'momentum' } as const;
  const real = await sessionFor(buildTrainStep({ model, optimizer }).bytes);
  const noop: SessionLike = { inputNames: real.inputNames, outputNames: real.outputNames, inputMetadata: real.inputMetadata, outputMetadata: real.outputMetadata, run: () => Promise.resolve({}) };
  const policy: Policy = {
    version: 1,
    lr: { type: 'oneCycle', steps: 1e6, from: 0.004, peak: 0.1, to: 4e-7 },
    momentum: { type: 'oneCycle', steps: 1e6, from: 0.95, peak: 0.85, to: 0.95 },
  };
  const t = createTrainer({ session: noop, Tensor: ort.Tensor, policy, state: initialState(model, optimizer, 1), fixed: { weight_decay: 0 } });
  const b = fm[0];
  const feeds: Record<string, TensorLike> = {};
  const bareRun = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      for (const k in b) feeds[k] = b[k];
      await noop.run(feeds);
    }
  };
  const N = 20_000;
  for (let i = 0; i < N; i++) await t.step(b);
  await bareRun(N);
  const rounds: Array<[number, number]> = [];
  for (let r = 0; r < 9; r++) {
    let c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) await t.step(b);
    let c = process.cpuUsage(c0);
    const tr = (c.user + c.system) / N;
    c0 = process.cpuUsage();
    await bareRun(N);
    c = process.cpuUsage(c0);
    rounds.push([tr, (c.user + c.system) / N]);
  }
  return { trainer: median(rounds.map((x) => x[0])), bare: median(rounds.map((x) => x[1])) };
}
const cost = await noOpCost();

process.stdout.write(
  [
    '### Training loop overhead (onnxruntime-node, CPU, 1 thread)',
    '',
    `${ROUNDS} rounds of alternating ${BLOCK}-step blocks per variant in one process, momentum SGD. Ratios are medians over rounds of (variant block / bare block) in wall time and in process CPU time (1.02 = 2% slower); CPU time is the steadier measure on a shared machine.`,
    '',
    '| model | variant | steps/s (wall) | wall ratio | steps per CPU-s | CPU ratio |',
    '| ----- | ------- | -------------- | ---------- | --------------- | --------- |',
    ...rows,
    '',
    `The loop's own CPU cost, measured with a session whose run() returns at once (MLP policy and batch above): ${cost.trainer.toFixed(2)} µs per createTrainer step against ${cost.bare.toFixed(2)} µs for the bare loop's JS (median of 9 × 20,000 steps).`,
    '',
  ].join('\n'),
);
