/**
 * `toTorch`: a cyclr policy as a runnable PyTorch snippet, so a Python project receiving a cyclr JSON
 * trains with the same numbers. Its `make_scheduler(optimizer)` returns a scheduler to step once
 * after each `optimizer.step()` (PyTorch's convention; the constructor sets the value for update 0).
 *
 * - A native `torch.optim.lr_scheduler` class where one expresses the policy (PyTorch 1.13):
 *   `stepDecay` → StepLR and `multiStep` → MultiStepLR (whole steps), `cosine` with `after:
 *   'continue'` → CosineAnnealingLR, `cosineRestarts` (whole periods, integer multiplier, no decay,
 *   limit or k-decay) → CosineAnnealingWarmRestarts, linear `cyclic` → CyclicLR and `oneCycle`
 *   (PyTorch's phase ends, `after: 'continue'`) → OneCycleLR, with their momentum cycling when the
 *   policy's `momentum` (or `beta1`) is the matching inverse cycle. The snippet sets each param
 *   group's lr to the schedule's start, as those classes scale the optimizer's lr.
 * - Otherwise `LambdaLR` over cyclr's closed form in Python (`lr_at(t)`, see python.ts), with every
 *   param group's lr set to 1.0 so the factor is the learning rate itself; a policy that also
 *   schedules `momentum`, `beta1`, `beta2` or `weightDecay` gets a small `CyclrScheduler` class that
 *   sets them all each step.
 * Refused (`not_expressible`): plateau control (use ReduceLROnPlateau beside it), other
 * hyperparameter names, and families without a Python form (seeded noise).
 * Proof: test/fixtures/generate_torch_export.py runs every emitted snippet with python3-torch.
 */
import { issue, ScheduleSpecError, type SpecPath } from '../base/errors.js';
import type { Policy, Schedule, ScheduleType, SpecOf } from '../spec.js';
import { sealPolicy, sealSchedule } from '../validate/parse.js';
import { fail, isKwargs } from './kwargs.js';
import { py, pythonSchedule } from './python.js';

/** A native scheduler: the constructor call, the lr the group starts at, and the momentum it cycles. */
interface Native {
  call: string;
  lr: number;
  /** the momentum schedule this class cycles when cycle_momentum=True (to match the policy's) */
  momentum?: (m: Schedule, key: string) => string | undefined;
}

type NativeOf<K extends ScheduleType> = ((spec: SpecOf<K>) => Native | undefined) | null;

const whole = (x: number) => Number.isSafeInteger(x) && x > 0;
const sameShape = (a: SpecOf<'cyclic'>, b: Schedule): b is SpecOf<'cyclic'> =>
  b.type === 'cyclic' && b.upSteps === a.upSteps && (b.downSteps ?? b.upSteps) === (a.downSteps ?? a.upSteps) && (b.mode ?? 'triangular') === (a.mode ?? 'triangular') && b.decay === a.decay && b.amplitude === undefined && (b.shape ?? 'linear') === 'linear';

/** One entry per family: the native class that expresses it, or null (LambdaLR over the closed form). */
const NATIVE: { [K in ScheduleType]: NativeOf<K> } = {
  constant: null,
  linear: null,
  polynomial: null,
  exponential: null,
  inverseTime: null,
  inverseSqrt: null,
  stepDecay: (s) => (whole(s.steps) && s.from !== 0 ? { call: `StepLR(optimizer, step_size=${s.steps}, gamma=${py(s.decay)})`, lr: s.from } : undefined),
  multiStep: (s) => (s.milestones.every((m) => Number.isSafeInteger(m) && m >= 0) && s.from !== 0
    ? { call: `MultiStepLR(optimizer, milestones=[${s.milestones.join(', ')}], gamma=${py(s.decay)})`, lr: s.from } : undefined),
  piecewiseConstant: null,
  piecewiseLinear: null,
  cosine: (s) => (s.after === 'continue' && (s.power ?? 1) === 1 && whole(s.steps) ? { call: `CosineAnnealingLR(optimizer, T_max=${s.steps}, eta_min=${py(s.to)})`, lr: s.from } : undefined),
  cosineRestarts: (s) => {
    const m = s.periodMultiplier ?? 1;
    if (!whole(s.steps) || !Number.isSafeInteger(m) || (s.decay ?? 1) !== 1 || s.cycleLimit !== undefined || (s.kDecay ?? 1) !== 1) return undefined;
    return { call: `CosineAnnealingWarmRestarts(optimizer, T_0=${s.steps}, T_mult=${m}, eta_min=${py(s.to)})`, lr: s.from };
  },
  tanh: null,
  linearCosine: null,
  noisyLinearCosine: null,
  warmupStableDecay: null,
  cyclic: (s) => {
    if ((s.shape ?? 'linear') !== 'linear' || s.amplitude !== undefined) return undefined;
    const mode = { triangular: 'triangular', triangular2: 'triangular2', expRange: 'exp_range' }[s.mode ?? 'triangular'];
    const args = `base_lr=${py(s.from)}, max_lr=${py(s.peak)}, step_size_up=${py(s.upSteps)}, step_size_down=${py(s.downSteps ?? s.upSteps)}, mode='${mode}'${s.mode === 'expRange' ? `, gamma=${py(s.decay ?? 1)}` : ''}`;
    return {
      call: `CyclicLR(optimizer, ${args}, cycle_momentum=False)`,
      lr: s.from,
      momentum: (m, key) => (key === 'momentum' && sameShape(s, m) ? `CyclicLR(optimizer, ${args}, cycle_momentum=True, base_momentum=${py(m.peak)}, max_momentum=${py(m.from)})` : undefined),
    };
  },
  oneCycle: (s) => {
    if ((s.peakAt ?? 'pytorch') !== 'pytorch' || s.after !== 'continue' || !whole(s.steps) || s.from === 0 || s.to === 0) return undefined;
    const args = `max_lr=${py(s.peak)}, total_steps=${s.steps}, pct_start=${py(s.pctStart ?? 0.3)}, anneal_strategy='${s.shape === 'linear' ? 'linear' : 'cos'}', div_factor=${py(s.peak / s.from)}, final_div_factor=${py(s.from / s.to)}, three_phase=${s.threePhase === true ? 'True' : 'False'}`;
    return {
      call: `OneCycleLR(optimizer, ${args}, cycle_momentum=False)`,
      lr: s.from,
      momentum: (m) => (m.type === 'oneCycle' && m.steps === s.steps && m.pctStart === s.pctStart && m.shape === s.shape && m.threePhase === s.threePhase && m.from === m.to && m.after === 'continue'
        ? `OneCycleLR(optimizer, ${args}, cycle_momentum=True, base_momentum=${py(m.peak)}, max_momentum=${py(m.from)})` : undefined),
    };
  },
  join: null,
  warmup: null,
  multiply: null,
  scale: null,
  clamp: null,
  repeat: null,
  noise: null,
  epochs: null,
};

/** How the emitted class sets each hyperparameter on a param group. */
const SETTERS: Readonly<Record<string, (v: string) => string>> = {
  lr: (v) => `group["lr"] = ${v}`,
  momentum: (v) => `group["momentum"] = ${v}`,
  beta1: (v) => `group["betas"] = (${v}, group["betas"][1])`,
  beta2: (v) => `group["betas"] = (group["betas"][0], ${v})`,
  weightDecay: (v) => `group["weight_decay"] = ${v}`,
};

const HEADER = (what: string) => [`# PyTorch scheduler for a cyclr policy${what ? ` (${what})` : ''}, emitted by @cyclr/core toTorch.`, '# make_scheduler(optimizer): step the returned scheduler once after each optimizer.step().'];

/** The policy (or a single lr schedule) as a runnable PyTorch snippet; see the module comment. */
export function toTorch(input: Policy | Schedule): string {
  const policy = asPolicy(input);
  if (policy.plateau !== undefined) {
    fail('not_expressible', ['plateau'], 'plateau control is metric-driven: export the time schedule and add torch.optim.lr_scheduler.ReduceLROnPlateau beside it', policy.plateau, 'a policy without plateau');
  }
  const names = Object.keys(policy).filter((k) => !['version', '$schema', 'description', 'plateau'].includes(k));
  const unknown = names.filter((k) => !Object.hasOwn(SETTERS, k));
  if (unknown.length > 0) {
    throw new ScheduleSpecError(unknown.map((k) => issue('not_expressible', [k], `one of ${Object.keys(SETTERS).join(', ')}`, k, `PyTorch param groups have no ${k}: toTorch sets lr, momentum, beta1, beta2 and weightDecay`)));
  }
  const lr = policy.lr;
  const extra = names.filter((k) => k !== 'lr');
  const native = (NATIVE[lr.type] as ((s: Schedule) => Native | undefined) | null)?.(lr);
  const description = typeof policy.description === 'string' ? policy.description : '';
  if (native !== undefined) {
    const cycled = extra.length === 1 && (extra[0] === 'momentum' || extra[0] === 'beta1') && native.momentum ? native.momentum(policy[extra[0]] as Schedule, extra[0]) : undefined;
    if (extra.length === 0 || cycled !== undefined) {
      return [
        ...HEADER(description), 'import torch', '', '',
        'def make_scheduler(optimizer):',
        `    """torch.optim.lr_scheduler.${(cycled ?? native.call).split('(')[0]}: the cyclr policy's values at every step."""`,
        '    for group in optimizer.param_groups:',
        `        group["lr"] = ${py(native.lr)}`,
        '        group.pop("initial_lr", None)',
        `    return torch.optim.lr_scheduler.${cycled ?? native.call}`,
        '',
      ].join('\n');
    }
  }
  const helpers: string[] = [];
  const code: string[] = [];
  for (const name of names) {
    const out = pythonSchedule(policy[name] as Schedule, `${snake(name)}_at`, [name]);
    for (const line of out.helpers) helpers.push(line);
    code.push(...out.code, '', '');
  }
  const uniqueHelpers = dedupe(helpers);
  const body = extra.length === 0
    ? [
      'def make_scheduler(optimizer):',
      '    """LambdaLR over cyclr\'s closed form; every group\'s lr is set to 1.0 so the factor is the learning rate."""',
      '    for group in optimizer.param_groups:',
      '        group["lr"] = 1.0',
      '        group.pop("initial_lr", None)',
      '    return torch.optim.lr_scheduler.LambdaLR(optimizer, lr_at)',
    ]
    : [
      'class CyclrScheduler:',
      `    """Sets ${names.join(', ')} of every param group to the cyclr policy's values; call step() after each optimizer.step()."""`,
      '',
      '    def __init__(self, optimizer):',
      '        self.optimizer = optimizer',
      '        self.last_epoch = 0',
      '        self._apply()',
      '',
      '    def step(self):',
      '        self.last_epoch += 1',
      '        self._apply()',
      '',
      '    def _apply(self):',
      '        t = self.last_epoch',
      '        for group in self.optimizer.param_groups:',
      ...names.map((n) => `            ${SETTERS[n](`${snake(n)}_at(t)`)}`),
      '',
      '',
      'def make_scheduler(optimizer):',
      '    return CyclrScheduler(optimizer)',
    ];
  return [...HEADER(description), 'import bisect', 'import math', '', 'import torch', '', '', ...uniqueHelpers, ...code, ...body, ''].join('\n');
}

/** `weightDecay` → `weight_decay`. */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Helper blocks emitted once even when several schedules use them. */
export function dedupe(lines: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let block: string[] = [];
  const flush = () => {
    const key = block.join('\n');
    if (block.length > 0 && !seen.has(key)) {
      seen.add(key);
      out.push(...block);
    }
    block = [];
  };
  for (const line of lines) {
    block.push(line);
    if (line === '' && block.length >= 2 && block[block.length - 2] === '') flush();
  }
  flush();
  return out;
}

/** A policy, sealed; a bare schedule becomes `{ version: 1, lr }`. */
export function asPolicy(input: Policy | Schedule, path: SpecPath = []): Policy {
  if (isKwargs(input) && 'version' in input) return sealPolicy(input);
  if (isKwargs(input) && typeof input.type === 'string') return sealPolicy({ version: 1, lr: sealSchedule(input) });
  return fail('invalid_type', path, 'expected a cyclr policy { version: 1, lr, ... } or a schedule { type, ... }', input, 'a policy or a schedule');
}
