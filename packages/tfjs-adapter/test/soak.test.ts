// The tfjs soak of the robustness suite (about 5 s on 2 cores): 10,000 updates of a bound Adam with
// a scheduled lr, beta1 and decoupled weight decay, unbound and bound again every 100 updates,
// asserting that no tensor leaks and that the resident set grows by less than SOAK_RSS_BOUND.
import { oneCyclePolicy, valuesAt, type Policy } from '@cyclr/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryAfterGc } from '../../../vitest.memory.js';
import { bindOptimizer } from '../src/index.js';
import { tf, useBackend } from './backends.js';

const STEPS = 10_000;
const CYCLE = 100;
/** the warm-up: the optimizer makes its slots, V8 its code and young generation (the RSS levels off within a few thousand updates) */
const WARM_UP = 2000;
/**
 * The resident set may grow by less than this over the 8,000 updates after the warm-up (measured:
 * 4 to 18 MiB; the cpu backend's per-op ArrayBuffers live in malloc arenas the RSS keeps, and it
 * levels off near 140 MiB over 40,000 updates) ...
 */
const SOAK_RSS_BOUND = 48 * 2 ** 20;
/** ... and the JS heap by less than this. */
const SOAK_HEAP_BOUND = 8 * 2 ** 20;

describe('soak', () => {
  beforeAll(() => useBackend('cpu'));

  it('10,000 updates with a bind/unbind cycle every 100 leak no tensor and keep the resident set within 48 MiB and the heap within 8 MiB', async ({ annotate }) => {
    const base = oneCyclePolicy({ maxLr: 0.05, steps: STEPS, momentum: { base: 0.85, max: 0.95 } });
    const policy: Policy = { version: 1, lr: base.lr, beta1: base.momentum, weightDecay: { type: 'constant', value: 1e-4 } };
    const x = tf.randomUniform([16, 4], -1, 1, 'float32', 5);
    const y = tf.tidy(() => x.sum(1, true));
    const w = tf.variable(tf.zeros([4, 1]), true, 'soak_kernel');
    const b = tf.variable(tf.zeros([1]), true, 'soak_bias');
    const optimizer = tf.train.adam(0.01);
    const loss = () => tf.tidy(() => x.matMul(w).add(b).sub(y).square().mean()) as ReturnType<typeof tf.scalar>;
    let tensors = 0;
    let bytes = 0;
    let rssStart = 0;
    let heapStart = 0;
    let lastLr = Number.NaN;
    for (let cycle = 0; cycle < STEPS / CYCLE; cycle++) {
      if (cycle * CYCLE === WARM_UP) {
        // after the warm-up nothing may be added
        ({ numTensors: tensors, numBytes: bytes } = tf.memory());
        ({ rss: rssStart, heapUsed: heapStart } = memoryAfterGc());
      }
      const binding = bindOptimizer(optimizer, policy, { initialStep: cycle * CYCLE, weightDecayExclude: [/bias/] });
      for (let i = 0; i < CYCLE; i++) binding.minimize(loss);
      lastLr = binding.history[CYCLE - 1].values.lr;
      binding.unbind();
    }
    const { rss: rssEnd, heapUsed: heapEnd } = memoryAfterGc();
    const memory = tf.memory();
    expect(lastLr).toBe(valuesAt(policy, STEPS - 1).lr);
    expect(optimizer.iterations).toBe(STEPS);
    expect(memory.numTensors).toBe(tensors);
    expect(memory.numBytes).toBe(bytes);
    expect(rssEnd - rssStart).toBeLessThan(SOAK_RSS_BOUND);
    expect(heapEnd - heapStart).toBeLessThan(SOAK_HEAP_BOUND);
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    await annotate(`tfjs soak: ${STEPS} updates, ${STEPS / CYCLE} bind/unbind cycles; tensors ${tensors} → ${memory.numTensors} (${bytes} → ${memory.numBytes} bytes); rss ${mib(rssStart)} → ${mib(rssEnd)} MiB (growth ${mib(rssEnd - rssStart)}, bound 48); heap ${mib(heapStart)} → ${mib(heapEnd)} MiB (bound 8 MiB growth)`);
    optimizer.dispose();
    tf.dispose([x, y, w, b]);
  });
});
