// The robustness suite for the ONNX trainer (bounded: about 10 s on 2 cores).
// - Concurrent operations in every order: whatever the interleaving, the calls accepted ran one at a
//   time, and the trainer ends exactly as a fresh trainer running those calls one after another.
// - A soak: 10,000 steps with checkpoints, restores and range tests in between, asserting that the
//   steps allocate no tensors and that the resident set grows by less than SOAK_RSS_BOUND.
import fc from 'fast-check';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { memoryAfterGc } from '../../../vitest.memory.js';
import { buildEvalModel } from '../src/train-step.js';
import { TrainerError, type Batch, type Trainer } from '../src/trainer.js';
import type { TensorConstructor } from '../src/runtime.js';
import { ort, session } from './helpers.js';
import { batches, everything, lrPolicy, model, trainer } from './trainer-helpers.js';

const policy = lrPolicy({ type: 'cosine', from: 0.05, to: 0.005, steps: 40 }, { momentum: { type: 'constant', value: 0.9 }, plateau: { patience: 0, factor: 0.5 } });

type Op =
  | { kind: 'step'; seed: number }
  | { kind: 'fit'; seed: number; count: number }
  | { kind: 'rangeTest'; seed: number; steps: number }
  | { kind: 'evaluate' }
  | { kind: 'checkpoint' }
  | { kind: 'restore' }
  | { kind: 'reportMetric'; metric: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('step' as const), seed: fc.nat({ max: 5 }) }),
  fc.record({ kind: fc.constant('fit' as const), seed: fc.nat({ max: 5 }), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('rangeTest' as const), seed: fc.nat({ max: 5 }), steps: fc.integer({ min: 2, max: 4 }) }),
  fc.constant({ kind: 'evaluate' as const }),
  fc.constant({ kind: 'checkpoint' as const }),
  fc.constant({ kind: 'restore' as const }),
  fc.record({ kind: fc.constant('reportMetric' as const), metric: fc.constantFrom(1, 0.5, 2) }),
);

/** A batch source that takes a macrotask before each batch, so that other calls land mid-operation. */
async function* slow(data: Batch[]): AsyncGenerator<Batch> {
  for (const b of data) {
    await tick();
    yield b;
  }
}

/** Runs `op` on `t`; the value it returns, reduced to plain data. */
function call(t: Trainer, op: Op, saved: Uint8Array): unknown {
  switch (op.kind) {
    case 'step':
      return t.step(batches(1, op.seed)[0]).then((r) => ({ step: r.step, loss: r.loss, values: r.values }));
    case 'fit':
      return t.fit(slow(batches(op.count, op.seed))).then((r) => r.steps);
    case 'rangeTest':
      return t.rangeTest(slow(batches(op.steps, op.seed)), { minLr: 1e-4, maxLr: 0.1, steps: op.steps, stopOnDivergence: false }).then((r) => ({ lrs: r.lrs, losses: r.losses }));
    case 'evaluate':
      return t.evaluate(slow(batches(1, 9))).then((r) => r.loss);
    case 'checkpoint':
      return Array.from(t.checkpoint());
    case 'restore':
      t.restore(saved);
      return 'restored';
    case 'reportMetric':
      return { ...t.reportMetric(op.metric) };
  }
}

describe('concurrent trainer operations', () => {
  it('property: in any interleaving each call is accepted or refused as busy, and the state after is the accepted calls run one after another, never a mix', async () => {
    const evalSession = await session(buildEvalModel(model).bytes);
    const make = () => trainer(policy, undefined, { evalSession });
    const donor = await make();
    await donor.fit(batches(2, 7));
    donor.reportMetric(1);
    const saved = donor.checkpoint();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(opArb, fc.nat({ max: 6 })), { minLength: 2, maxLength: 6 }), async (plan) => {
        const t = await make();
        let calls = 0;
        const outcomes = await Promise.all(
          plan.map(async ([op, delay]) => {
            for (let k = 0; k < delay; k++) await tick();
            const order = calls++;
            try {
              return { order, ok: await call(t, op, saved) };
            } catch (error) {
              expect(error).toBeInstanceOf(TrainerError);
              expect((error as TrainerError).code).toBe('busy');
              return { order, busy: true };
            }
          }),
        );
        const accepted = plan.map((_, i) => i).filter((i) => !('busy' in outcomes[i])).sort((a, b) => outcomes[a].order - outcomes[b].order);
        // the first call always starts (nothing else runs then)
        expect(accepted.length).toBeGreaterThan(0);
        const serial = await make();
        for (const i of accepted) expect({ ok: await call(serial, plan[i][0], saved) }).toEqual({ ok: (outcomes[i] as { ok: unknown }).ok });
        expect(everything(t)).toEqual(everything(serial));
      }),
      { numRuns: 60 },
    );
  });
});

const EVERY_KIND: Op[] = [
  { kind: 'step', seed: 1 },
  { kind: 'fit', seed: 2, count: 2 },
  { kind: 'rangeTest', seed: 3, steps: 3 },
  { kind: 'evaluate' },
  { kind: 'checkpoint' },
  { kind: 'restore' },
  { kind: 'reportMetric', metric: 0.5 },
];
const ASYNC = new Set(['step', 'fit', 'rangeTest', 'evaluate']);

describe('every ordered pair of operations, the second called while the first runs', () => {
  it.each(EVERY_KIND.flatMap((a) => EVERY_KIND.map((b) => [a.kind, b.kind, a, b] as const)))('%s, then %s', async (_a, _b, a, b) => {
    const evalSession = await session(buildEvalModel(model).bytes);
    const make = () => trainer(policy, undefined, { evalSession });
    const saved = (await make()).checkpoint();
    const t = await make();
    await t.step(batches(1, 4)[0]);
    const first = Promise.resolve().then(() => call(t, a, saved));
    await Promise.resolve();
    let second: { ok: unknown } | { busy: string };
    try {
      second = { ok: await call(t, b, saved) };
    } catch (error) {
      expect(error).toBeInstanceOf(TrainerError);
      second = { busy: (error as TrainerError).message };
    }
    const firstResult = await first;
    // an operation that returns a promise is still running when the next call comes: that call is refused
    if (ASYNC.has(a.kind)) expect(second).toEqual({ busy: `${b.kind}() refused: ${a.kind}() is running (a trainer runs one operation at a time: await each call)` });
    else expect('ok' in second).toBe(true);
    const serial = await make();
    await serial.step(batches(1, 4)[0]);
    expect(await call(serial, a, saved)).toEqual(firstResult);
    if ('ok' in second) expect(await call(serial, b, saved)).toEqual(second.ok);
    expect(everything(t)).toEqual(everything(serial));
  });
});

/** The resident set may grow by less than this over the soak's 8,000 steps after its 2,000-step warm-up. */
const SOAK_RSS_BOUND = 32 * 2 ** 20;
/** ... and the JS heap by less than this. */
const SOAK_HEAP_BOUND = 8 * 2 ** 20;

describe('soak', () => {
  it('10,000 steps with checkpoints, restores, plateau reports and range tests in between allocate no tensors per step and keep the resident set within 32 MiB and the heap within 8 MiB', async ({ annotate }) => {
    let made = 0;
    const Counting = class extends (ort.Tensor as unknown as new (...args: unknown[]) => object) {
      constructor(...args: unknown[]) {
        super(...args);
        made += 1;
      }
    } as unknown as TensorConstructor;
    const t = await trainer(policy, undefined, { Tensor: Counting });
    const data = batches(8, 3);
    const stateTensors = new Set<unknown>();
    const stateCount = Object.keys(t.state).length;
    let rangeTests = 0;
    let rssStart = 0;
    let heapStart = 0;
    let madeAtStart = 0;
    for (let i = 0; i < 10_000; i++) {
      if (i === 2000) {
        ({ rss: rssStart, heapUsed: heapStart } = memoryAfterGc());
        madeAtStart = made;
      }
      await t.step(data[i % data.length]);
      for (const tensor of Object.values(t.state)) stateTensors.add(tensor);
      if (i % 500 === 499) t.restore(t.checkpoint({ at: i }));
      if (i % 1000 === 999) t.reportMetric(1 / (i + 1));
      if (i % 2500 === 2499) {
        await t.rangeTest(data, { minLr: 1e-4, maxLr: 0.1, steps: 5, stopOnDivergence: false });
        rangeTests += 1;
      }
    }
    const { rss: rssEnd, heapUsed: heapEnd } = memoryAfterGc();
    expect(t.stepCount).toBe(10_000);
    expect(t.history.steps).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    // the steps ran in the same two sets of state tensors; the only tensors made were the range tests' copies
    expect(stateTensors.size).toBe(2 * stateCount);
    expect(made - madeAtStart).toBe(rangeTests * 2 * stateCount);
    expect(rssEnd - rssStart).toBeLessThan(SOAK_RSS_BOUND);
    // the JS heap keeps the history (three numbers per step) and little else
    expect(heapEnd - heapStart).toBeLessThan(SOAK_HEAP_BOUND);
    await annotate(`onnx soak: rss ${(rssStart / 2 ** 20).toFixed(1)} MiB at step 2000 → ${(rssEnd / 2 ** 20).toFixed(1)} MiB at step 10000 (growth ${((rssEnd - rssStart) / 2 ** 20).toFixed(1)} MiB, bound 32), heap ${(heapStart / 2 ** 20).toFixed(1)} → ${(heapEnd / 2 ** 20).toFixed(1)} MiB (bound 8 MiB growth); ${stateTensors.size} state tensors for ${stateCount} state inputs; ${made - madeAtStart} tensors made after the warm-up (${rangeTests} range tests × ${2 * stateCount} copies)`);
  });
});
