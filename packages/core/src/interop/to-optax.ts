/**
 * `toOptax`: a cyclr schedule (a policy's `lr`) as a runnable optax snippet defining `schedule`, an
 * optax schedule (a function of the step count) for `optax.inject_hyperparams` or any optimizer's
 * `learning_rate`.
 *
 * - Native optax schedules where they express it (optax/schedules/_schedule.py, _join.py at
 *   bda4442c): `constant` → constant_schedule, `linear` → linear_schedule and `polynomial` →
 *   polynomial_schedule (whole steps, holding), `cosine` (holding, whole steps) →
 *   cosine_decay_schedule, `exponential` (no bounds) → exponential_decay, and a `join` of those →
 *   join_schedules (whole-step boundaries).
 * - Otherwise cyclr's closed form in Python (`lr_at`, python.ts), called on the host through
 *   `jax.pure_callback`, so it also runs under `jax.jit`.
 * optax computes in float32 under jit: the values are cyclr's rounded to float32.
 */
import type { Policy, Schedule, ScheduleType, SpecOf } from '../spec.js';
import { fail } from './kwargs.js';
import { py, pythonSchedule } from './python.js';
import { asPolicy, dedupe } from './to-torch.js';

type NativeOf<K extends ScheduleType> = ((spec: SpecOf<K>, native: (s: Schedule) => string | undefined) => string | undefined) | null;

const whole = (x: number) => Number.isSafeInteger(x) && x > 0;

/** One entry per family: the optax constructor expression that expresses it, or null. */
const NATIVE: { [K in ScheduleType]: NativeOf<K> } = {
  constant: (s) => `optax.constant_schedule(${py(s.value)})`,
  linear: (s) => (whole(s.steps) ? `optax.linear_schedule(init_value=${py(s.from)}, end_value=${py(s.to)}, transition_steps=${s.steps})` : undefined),
  polynomial: (s) => (whole(s.steps) && (s.after ?? 'hold') === 'hold'
    ? `optax.polynomial_schedule(init_value=${py(s.from)}, end_value=${py(s.to)}, power=${py(s.power ?? 1)}, transition_steps=${s.steps})` : undefined),
  exponential: (s) => (s.min === undefined && s.max === undefined && s.from !== 0
    ? `optax.exponential_decay(init_value=${py(s.from)}, transition_steps=${py(s.steps ?? 1)}, decay_rate=${py(s.decay)}, staircase=${s.staircase === true ? 'True' : 'False'})` : undefined),
  inverseTime: null,
  inverseSqrt: null,
  stepDecay: null,
  multiStep: null,
  piecewiseConstant: null,
  piecewiseLinear: null,
  cosine: (s) => ((s.after ?? 'hold') === 'hold' && whole(s.steps) && s.from !== 0
    ? `optax.cosine_decay_schedule(init_value=${py(s.from)}, decay_steps=${s.steps}, alpha=${py(s.to / s.from)}${(s.power ?? 1) !== 1 ? `, exponent=${py(s.power ?? 1)}` : ''})` : undefined),
  cosineRestarts: null,
  tanh: null,
  linearCosine: null,
  noisyLinearCosine: null,
  warmupStableDecay: null,
  cyclic: null,
  oneCycle: null,
  join: (s, native) => {
    const parts = s.parts.map((p) => native(p.schedule));
    const bounds: number[] = [];
    let at = 0;
    for (const p of s.parts.slice(0, -1)) {
      at += p.steps ?? 0;
      bounds.push(at);
    }
    if (parts.some((p) => p === undefined) || !bounds.every((b) => Number.isSafeInteger(b))) return undefined;
    return `optax.join_schedules(schedules=[${parts.join(', ')}], boundaries=[${bounds.join(', ')}])`;
  },
  warmup: null,
  multiply: null,
  scale: null,
  clamp: null,
  repeat: null,
  noise: null,
  epochs: null,
};

function native(s: Schedule): string | undefined {
  const emit = NATIVE[s.type] as ((spec: Schedule, n: typeof native) => string | undefined) | null;
  return emit === null ? undefined : emit(s, native);
}

/** The schedule (or a policy's lr) as a runnable optax snippet; see the module comment. */
export function toOptax(input: Policy | Schedule): string {
  const policy = asPolicy(input);
  const extra = Object.keys(policy).filter((k) => !['version', '$schema', 'description', 'lr', 'plateau'].includes(k));
  if (policy.plateau !== undefined) fail('not_expressible', ['plateau'], 'plateau control is metric-driven: optax has contrib.reduce_on_plateau as a gradient transformation, which toOptax does not write', policy.plateau, 'a policy without plateau');
  const head = ['# optax schedule for a cyclr policy\'s learning rate, emitted by @cyclr/core toOptax.', '# schedule(count): the learning rate for update `count` (0-based).'];
  const note = extra.length > 0 ? [`# (${extra.join(', ')} of the policy: optax schedules carry one hyperparameter; export each with its own toOptax call)`] : [];
  const direct = native(policy.lr);
  if (direct !== undefined) return [...head, ...note, 'import optax', '', `schedule = ${direct}`, ''].join('\n');
  const out = pythonSchedule(policy.lr, 'lr_at', ['lr']);
  return [
    ...head, ...note,
    'import bisect', 'import math', '', 'import jax', 'import jax.numpy as jnp', 'import numpy as np', '', '',
    ...dedupe(out.helpers), ...out.code, '', '',
    'def _lr_host(count):',
    '    return np.float32(lr_at(int(count)))',
    '',
    '',
    'def schedule(count):',
    '    """cyclr\'s closed form, evaluated on the host (jax.pure_callback), so it also runs under jit."""',
    '    return jax.pure_callback(_lr_host, jax.ShapeDtypeStruct((), jnp.float32), count)',
    '',
  ].join('\n');
}
