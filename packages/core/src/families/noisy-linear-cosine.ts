import { defineFamily, defineTools } from '../base/family.js';
import { int, length, num, optional } from '../base/fields.js';
import { plus, point, times, timesConst } from '../base/interval.js';
import { normalAt, NORMAL_BOUND } from '../base/random.js';

/** The draw index stream of noisyLinearCosine (so its noise differs from `noise` with the same seed). */
export const NOISY_LINEAR_COSINE_STREAM = 0x4e4c43; // "NLC"

/**
 * `noisyLinearCosine`: TF2 NoisyLinearCosineDecay with seeded noise.
 *
 * - with `u = min(t, steps)`: `linear = (steps - u)/steps + sqrt(variance/(1 + u)^varianceDecay)·n`,
 *   `n` a standard normal draw keyed by (seed, floor(t)); value
 *   `from·((alpha + linear)·0.5·(1 + cos(π·2·cycles·u/steps)) + beta)`
 *
 * The noise is a pure function of (seed, step): identical on resume and in every JS engine (TF's
 * is unseeded). Past `steps` the noise still moves the value unless the cosine factor is 0 there.
 * Example: `{ type: 'noisyLinearCosine', from: 0.1, steps: 1000, seed: 7 }`.
 * Matches TF2 NoisyLinearCosineDecay (`variance` = initial_variance, `cycles` = num_periods).
 */
export const noisyLinearCosineFamily = defineFamily({
  type: 'noisyLinearCosine',
  description: 'TF2 NoisyLinearCosineDecay: linear cosine decay whose linear term gets decaying Gaussian noise, seeded and deterministic.',
  fields: {
    from: num('scale of the whole schedule (TF initial_learning_rate)'),
    steps: length('length of the decay in steps', { epochs: 'epochs' }),
    variance: optional(num('variance of the noise at t = 0 (TF initial_variance)', { min: 0 }), 1),
    varianceDecay: optional(num('the variance decays as (1 + t)^-varianceDecay', { min: 0 }), 0.55),
    cycles: optional(num('number of cosine periods over `steps` (TF num_periods)'), 0.5),
    alpha: optional(num('added to the linear factor'), 0),
    beta: optional(num('added after the product'), 0.001),
    seed: optional(int('seed of the counter-based generator', 0), 0),
  },
  compile(spec) {
    const { from, steps } = spec;
    const variance = spec.variance ?? 1;
    const decay = spec.varianceDecay ?? 0.55;
    const twoCycles = 2 * (spec.cycles ?? 0.5);
    const alpha = spec.alpha ?? 0;
    const beta = spec.beta ?? 0.001;
    const seed = spec.seed ?? 0;
    return (t) => {
      const u = t < steps ? t : steps;
      const noisy = (steps - u) / steps + Math.sqrt(variance / (1 + u) ** decay) * normalAt(seed, Math.floor(t), NOISY_LINEAR_COSINE_STREAM);
      return from * ((alpha + noisy) * (0.5 * (1 + Math.cos(Math.PI * (twoCycles * (u / steps))))) + beta);
    };
  },
  range(spec) {
    const spread = Math.sqrt(spec.variance ?? 1) * NORMAL_BOUND;
    const linear = { lo: -spread, hi: 1 + spread };
    return timesConst(plus(times(plus(point(spec.alpha ?? 0), linear), { lo: 0, hi: 1 }), point(spec.beta ?? 0.001)), spec.from);
  },
});

/** noisyLinearCosine's analysis hooks and builder sugar (see `FamilyTools`): kept apart so that code evaluating specs does not bundle them. */
export const noisyLinearCosineTools = /* @__PURE__ */ defineTools(noisyLinearCosineFamily, () => ({
  // past `steps` the noise still changes the value unless the cosine factor is 0 there (cycles 0.5, 1.5, ...)
  horizon: (spec) => (spec.from === 0 ? 0 : 0.5 * (1 + Math.cos(Math.PI * (2 * (spec.cycles ?? 0.5)))) === 0 ? spec.steps : Infinity),
  breakpoints: (spec) => [spec.steps],
  stretchRefusal: 'a noisy linear-cosine decay has a fixed shape: rebuild it for the new length',
}));
