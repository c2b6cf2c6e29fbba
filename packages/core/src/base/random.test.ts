import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detLog, NORMAL_BOUND, normalAt, philox4x32, uniformAt } from './random.js';

describe('philox4x32', () => {
  // Random123 kat_vectors, "philox4x32 10" lines: counter (4 words), key (2 words) -> output.
  it.each([
    [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
  ] as const)('reproduces the Random123 known-answer vector for counter %j', (counter, key, expected) => {
    expect(philox4x32(counter, key)).toEqual(expected);
  });
});

describe('detLog', () => {
  it('is exact at powers of two and at 1', () => {
    expect(detLog(1)).toBe(0);
    expect(detLog(2)).toBe(Math.LN2);
    expect(detLog(0.5)).toBe(-Math.LN2);
  });

  it('agrees with Math.log within 2 ulp over the whole positive range', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (x) => {
        const want = Math.log(x);
        expect(Math.abs(detLog(x) - want)).toBeLessThanOrEqual(4.5e-16 * Math.max(Math.abs(want), 1));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('uniformAt and normalAt', () => {
  it('pins the first draws so that any change to the generator is caught', () => {
    // Computed once with this implementation; the algorithm uses only IEEE-exact operations, so every
    // engine must reproduce these bits.
    expect(normalAt(0, 0)).toBe(-0.6434498619488939);
    expect(normalAt(1, 0)).toBe(0.925014703012173);
    expect(normalAt(0, 1)).toBe(0.769974753039555);
    expect(uniformAt(0, 0)).toBe(0.39904647231489565);
    expect(normalAt(42, 1e12)).toBe(-0.031549586260621675);
    expect(normalAt(2 ** 53 - 1, 2 ** 53 - 1, 5)).toBe(0.18754629073686985);
  });

  it('gives the same value for the same (seed, step, draw) regardless of evaluation order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), fc.nat(1e9)), { minLength: 1, maxLength: 20 }), (keys) => {
        const forward = keys.map(([s, t]) => normalAt(s, t));
        const backward = [...keys].reverse().map(([s, t]) => normalAt(s, t)).reverse();
        expect(backward).toEqual(forward);
      }),
    );
  });

  it('gives different streams for different seeds, steps and draw indices', () => {
    const a = Array.from({ length: 50 }, (_, t) => normalAt(1, t));
    const b = Array.from({ length: 50 }, (_, t) => normalAt(2, t));
    const c = Array.from({ length: 50 }, (_, t) => normalAt(1, t, 1));
    expect(a.filter((x, i) => x === b[i])).toEqual([]);
    expect(a.filter((x, i) => x === c[i])).toEqual([]);
    expect(new Set(a).size).toBe(50);
  });

  it('draws standard normals: mean, standard deviation and tail mass of 20,000 draws', () => {
    const n = 20_000;
    let sum = 0;
    let sq = 0;
    let beyond2 = 0;
    for (let t = 0; t < n; t++) {
      const x = normalAt(12345, t);
      sum += x;
      sq += x * x;
      if (Math.abs(x) > 2) beyond2++;
    }
    const mean = sum / n;
    const std = Math.sqrt(sq / n - mean * mean);
    // standard errors: mean 0.007, std 0.005, tail fraction 0.0015
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.006);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const n = 20_000;
    let sum = 0;
    let sq = 0;
    for (let t = 0; t < n; t++) {
      const u = uniformAt(99, t);
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      sq += u * u;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(sq / n - (sum / n) ** 2 - 1 / 12)).toBeLessThan(0.003);
  });

  it('keeps every normal draw within NORMAL_BOUND, the bound the range proofs use', () => {
    // the largest possible draw comes from the smallest s = u² + v² = 2^-104 (u = 2^-52, v = 0): |n| <= sqrt(-2·ln s)
    expect(Math.sqrt(-2 * detLog(2 ** -104))).toBeLessThan(NORMAL_BOUND);
    fc.assert(
      fc.property(fc.nat(2 ** 40), fc.nat(Number.MAX_SAFE_INTEGER), fc.nat(100), (seed, step, draw) => {
        expect(Math.abs(normalAt(seed, step, draw))).toBeLessThanOrEqual(NORMAL_BOUND);
      }),
      { numRuns: 2000 },
    );
  });
});
