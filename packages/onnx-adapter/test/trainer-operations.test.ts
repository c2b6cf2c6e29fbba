// One operation at a time: what happens to a call made while another operation runs, restore's
// rewind of the history, and the range test's batches running out.
import { describe, expect, it } from 'vitest';
import { TrainerError, type Batch } from '../src/trainer.js';
import { buildEvalModel } from '../src/train-step.js';
import { session } from './helpers.js';
import { batches, bits, everything, lrPolicy, model, trainer } from './trainer-helpers.js';

const constant = () => lrPolicy({ type: 'constant', value: 0.01 }, { momentum: { type: 'constant', value: 0.9 } });

/** Batches that call `during(i)` before yielding batch i: code running while the trainer consumes them. */
async function* calling(data: Batch[], during: (i: number) => void): AsyncGenerator<Batch> {
  for (let i = 0; i < data.length; i++) {
    during(i);
    yield data[i];
  }
}

/** Settles a promise into a value either way, to look at later. */
const settle = <T>(p: Promise<T>): Promise<{ ok: T } | { error: unknown }> => p.then((ok) => ({ ok }), (error: unknown) => ({ error }));

const busy = (op: string, running: string) => ({ error: expect.objectContaining({ name: 'TrainerError', code: 'busy', message: `${op}() refused: ${running}() is running (a trainer runs one operation at a time: await each call)` }) });

describe('a call made while rangeTest() runs', () => {
  it('step() is refused at once with a busy TrainerError and trains nothing (it trained with the sweep\'s lr, and the restore then undid it)', async () => {
    const t = await trainer(constant());
    await t.fit(batches(3));
    const before = everything(t);
    let during: Promise<{ ok: unknown } | { error: unknown }> | undefined;
    const result = await t.rangeTest(calling(batches(30, 8), (i) => {
      if (i === 3) during = settle(t.step(batches(1, 2)[0]));
    }), { minLr: 1e-4, maxLr: 1, steps: 30 });
    expect(await during).toEqual(busy('step', 'rangeTest'));
    expect(result.lrs.length).toBeGreaterThan(10);
    expect(everything(t)).toEqual(before);
    // and the trainer goes on as if the range test had never run
    const serial = await trainer(constant());
    await serial.fit(batches(3));
    await t.step(batches(1, 2)[0]);
    await serial.step(batches(1, 2)[0]);
    expect(everything(t)).toEqual(everything(serial));
    expect(t.history.values.lr.at(-1)).toBe(Math.fround(0.01));
  });

  it('restore(), fit(), evaluate(), checkpoint() and rangeTest() are refused the same way', async () => {
    const t = await trainer(constant());
    await t.fit(batches(2));
    const saved = t.checkpoint();
    await t.fit(batches(2));
    const before = everything(t);
    const calls: Array<[string, () => unknown]> = [
      ['restore', () => t.restore(saved)],
      ['fit', () => t.fit(batches(2))],
      ['evaluate', () => t.evaluate(batches(1))],
      ['checkpoint', () => t.checkpoint()],
      ['rangeTest', () => t.rangeTest(batches(4), { steps: 4 })],
      ['reportMetric', () => t.reportMetric(1)],
    ];
    const outcomes: unknown[] = [];
    await t.rangeTest(calling(batches(20, 8), (i) => {
      if (i !== 2) return;
      for (const [, call] of calls) {
        try {
          const r = call();
          outcomes.push(r instanceof Promise ? settle(r) : { ok: r });
        } catch (error) {
          outcomes.push({ error });
        }
      }
    }), { minLr: 1e-4, maxLr: 1, steps: 20 });
    expect(await Promise.all(outcomes)).toEqual(calls.map(([op]) => busy(op, 'rangeTest')));
    expect(everything(t)).toEqual(before);
  });
});

describe('fit() and rangeTest() started together', () => {
  it('the second is refused, the first runs to the end: fit keeps its progress', async () => {
    const t = await trainer(constant());
    const fit = t.fit(batches(5));
    const rt = settle(t.rangeTest(batches(10, 8), { steps: 10 }));
    await fit;
    expect(await rt).toEqual(busy('rangeTest', 'fit'));
    const serial = await trainer(constant());
    await serial.fit(batches(5));
    expect(everything(t)).toEqual(everything(serial));
  });

  it('rangeTest first: fit is refused and the range test leaves everything as it was', async () => {
    const t = await trainer(constant());
    await t.step(batches(1)[0]);
    const before = everything(t);
    const rt = t.rangeTest(batches(10, 8), { steps: 10 });
    expect(await settle(t.fit(batches(5)))).toEqual(busy('fit', 'rangeTest'));
    await rt;
    expect(everything(t)).toEqual(before);
  });
});

describe('fit()\'s callbacks', () => {
  it('may evaluate() and checkpoint() between fit\'s steps (the trainer is between steps then); step(), restore(), fit() and rangeTest() are refused', async () => {
    const t = await trainer(constant(), undefined, { evalSession: await session(buildEvalModel(model).bytes) });
    const saved: Uint8Array[] = [];
    const refused: unknown[] = [];
    const result = await t.fit(batches(3), {
      epochs: 2,
      validate: async (given) => (await given.evaluate(batches(1, 5))).loss,
      onEpoch: async () => {
        saved.push(t.checkpoint());
        await t.evaluate(batches(1, 5));
        refused.push(await settle(t.rangeTest(batches(3), { steps: 3 })));
        try {
          t.restore(saved[0]);
        } catch (error) {
          refused.push({ error });
        }
      },
      onStep: async () => {
        refused.push(await settle(t.step(batches(1)[0])));
        refused.push(await settle(t.fit(batches(1))));
      },
    });
    expect(result.epochs.map((e) => e.metric)).toEqual([expect.any(Number), expect.any(Number)]);
    const epoch = [busy('step', 'fit'), busy('fit', 'fit'), busy('step', 'fit'), busy('fit', 'fit'), busy('step', 'fit'), busy('fit', 'fit'), busy('rangeTest', 'fit'), busy('restore', 'fit')];
    expect(refused).toEqual([...epoch, ...epoch]);
    const u = await trainer(constant());
    u.restore(saved[0]);
    expect(u.stepCount).toBe(3);
    u.restore(saved[1]);
    expect(bits(u)).toEqual(bits(t));
    expect(t.stepCount).toBe(6);
  });

  it('a read-only operation nested in a callback is one at a time too', async () => {
    const t = await trainer(constant(), undefined, { evalSession: await session(buildEvalModel(model).bytes) });
    let inner: unknown;
    await t.fit(batches(1), {
      validate: async () => {
        const r = await t.evaluate(calling(batches(2, 5), (i) => {
          if (i === 1) {
            try {
              t.checkpoint();
            } catch (error) {
              inner = { error };
            }
          }
        }));
        return r.loss;
      },
    });
    expect(inner).toEqual(busy('checkpoint', 'evaluate'));
  });
});

describe('restore()', () => {
  it('rewinds the history to the restored step (it read 0..7, 5..11)', async () => {
    const data = batches(12, 3);
    const t = await trainer(lrPolicy({ type: 'linear', from: 0.1, to: 0.01, steps: 12 }, { momentum: { type: 'constant', value: 0.9 } }));
    await t.fit(data.slice(0, 5));
    const at5 = t.checkpoint();
    await t.fit(data.slice(5, 8));
    t.restore(at5);
    expect(t.history.steps).toEqual([0, 1, 2, 3, 4]);
    await t.fit(data.slice(5));
    const straight = await trainer(lrPolicy({ type: 'linear', from: 0.1, to: 0.01, steps: 12 }, { momentum: { type: 'constant', value: 0.9 } }));
    await straight.fit(data);
    expect(t.history.steps).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(everything(t)).toEqual(everything(straight));
  });

  it('keeps the history of the steps before a later restored step, and records from there', async () => {
    const t = await trainer(constant());
    const other = await trainer(constant());
    await other.fit(batches(6));
    await t.fit(batches(2));
    t.restore(other.checkpoint());
    await t.step(batches(1)[0]);
    expect(t.history.steps).toEqual([0, 1, 6]);
  });
});

describe('rangeTest() when the batches run out', () => {
  it('starts them again and runs every planned update (it returned 10 points of 30 and a recommendation, silently)', async () => {
    const t = await trainer(constant());
    const result = await t.rangeTest(batches(10, 8), { minLr: 1e-5, maxLr: 1e-2, steps: 30, stopOnDivergence: false });
    expect(result.lrs).toHaveLength(30);
    expect(result.updates).toBe(30);
    expect(result.stoppedEarly).toBe(false);
    // a function is called with the pass number each time the data runs out
    const passes: number[] = [];
    const data = batches(10, 8);
    const again = await t.rangeTest((pass) => {
      passes.push(pass);
      return data;
    }, { minLr: 1e-5, maxLr: 1e-2, steps: 25, stopOnDivergence: false });
    expect(passes).toEqual([0, 1, 2]);
    expect(again.updates).toBe(25);
  });

  it('refuses batches that cannot be started again (a generator) once they run out, restoring everything', async () => {
    const t = await trainer(constant());
    await t.step(batches(1)[0]);
    const before = everything(t);
    function* once(): Generator<Batch> {
      yield* batches(4, 8);
    }
    const outcome = await settle(t.rangeTest(once(), { steps: 10 }));
    expect(outcome).toEqual({ error: expect.objectContaining({ name: 'TrainerError', code: 'no_data', message: 'rangeTest(): the batches ran out after 4 of 10 updates and yield nothing when iterated again (a generator runs once): pass an array or a function (pass) => batches' }) });
    expect(everything(t)).toEqual(before);
    expect(await settle(t.rangeTest([], { steps: 10 }))).toEqual({ error: expect.objectContaining({ code: 'no_data', message: 'rangeTest(): got no batches' }) });
  });
});

describe('TrainerError', () => {
  it('is a TrainerError with a code', () => {
    const e = new TrainerError('x', 'busy');
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('busy');
    expect(new TrainerError('y').code).toBe('invalid_config');
  });
});
