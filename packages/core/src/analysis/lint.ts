import type { SpecPath } from '../base/errors.js';
import type { StepFn } from '../base/family.js';
import type { ScheduleNode } from '../base/fields.js';
import { formatValue } from '../base/format.js';
import { compiledOf } from '../evaluate/compile.js';
import { policyEntries } from '../evaluate/api.js';
import type { Policy, Schedule } from '../spec.js';
import { nearest } from '../validate/suggest.js';
import { explainSchedule } from './explain.js';
import { nodeHorizon } from './horizon.js';
import { childrenOf, isPolicy, sealed, toolsOfNode } from './tree.js';

/** The optimizer names `lintSchedule` knows (lower case). */
export const LINT_OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'lamb'] as const;

/** Hyperparameter names the adapters know: a policy key close to one of them is probably a typo. */
export const KNOWN_HYPERPARAMETERS = ['lr', 'momentum', 'beta1', 'beta2', 'weightDecay', 'rho', 'epsilon'] as const;

export interface LintContext {
  /** the run's number of optimizer updates */
  totalSteps?: number;
  /** the optimizer the policy drives: a name (see LINT_OPTIMIZERS) or `{ type, momentum? }` */
  optimizer?: string | { type: string; momentum?: number };
  /** the peer a config was imported from */
  importedFrom?: 'pytorch' | 'keras' | 'optax' | 'fastai' | 'timm' | 'transformers';
}

export interface LintFinding {
  code: string;
  severity: 'warning' | 'info';
  /** where in the document, e.g. ['lr', 'parts', 0] */
  path: SpecPath;
  message: string;
}

/** Where each common hyperparameter makes sense. */
const RANGES: Record<string, { min: number; max: number; maxExclusive?: boolean; text: string }> = {
  lr: { min: 0, max: Infinity, text: 'the non-negative numbers' },
  momentum: { min: 0, max: 1, maxExclusive: true, text: '[0, 1)' },
  beta1: { min: 0, max: 1, maxExclusive: true, text: '[0, 1)' },
  beta2: { min: 0, max: 1, maxExclusive: true, text: '[0, 1)' },
  weightDecay: { min: 0, max: Infinity, text: 'the non-negative numbers' },
};

const NO_MOMENTUM = new Set(['sgd', 'adagrad', 'adadelta']);
const ADAM_LIKE = new Set(['adam', 'adamw', 'adamax', 'nadam', 'radam', 'lamb']);

/**
 * Each distinct node with its (first) path and where its time 0 lies on the root's clock
 * (undefined: another clock). A node shared by several parents is visited once per offset.
 */
function nodes(root: ScheduleNode, rootPath: SpecPath): Array<[ScheduleNode, SpecPath, number | undefined]> {
  const out: Array<[ScheduleNode, SpecPath, number | undefined]> = [];
  const seen = new Map<object, Array<number | undefined>>();
  const visit = (spec: ScheduleNode, path: SpecPath, offset: number | undefined): void => {
    const offsets = seen.get(spec);
    if (offsets !== undefined) {
      if (offsets.includes(offset)) return;
      offsets.push(offset);
    } else seen.set(spec, [offset]);
    out.push([spec, path, offset]);
    const family = toolsOfNode(spec);
    for (const [rel, child] of childrenOf(spec)) {
      const shift = family.childOffset === undefined ? 0 : family.childOffset(spec as never, rel);
      visit(child, [...path, ...rel], offset === undefined || shift === undefined ? undefined : offset + shift);
    }
  };
  visit(root, rootPath, 0);
  return out;
}

/**
 * Known traps in a schedule or policy, as data (never throws for a valid document): the first
 * update at lr 0, warmup longer than the run, a decay that finishes long before the run ends or
 * never finishes, momentum scheduled for an optimizer without momentum, boundary conventions that
 * differ from the peer a config came from (each family says which), values outside their range (a
 * negative lr, momentum or betas outside [0, 1)), and policy keys that look like a misspelt
 * hyperparameter (`momentun`). An invalid document throws a ScheduleSpecError; an unknown optimizer
 * name a RangeError naming the known ones.
 */
export function lintSchedule(target: Schedule | Policy, context: LintContext = {}): LintFinding[] {
  const doc = sealed(target);
  const findings: LintFinding[] = [];
  const add = (code: string, severity: LintFinding['severity'], path: SpecPath, message: string) => findings.push({ code, severity, path, message });
  const policy = isPolicy(doc);
  const entries: Array<[string, Schedule, SpecPath]> = policy
    ? policyEntries(doc).map(([n, s]) => [n, s, [n]] as [string, Schedule, SpecPath])
    : [['lr', doc, []]];
  const total = context.totalSteps;
  const opt = context.optimizer === undefined ? undefined : typeof context.optimizer === 'string' ? { type: context.optimizer } : context.optimizer;
  if (opt !== undefined && !(LINT_OPTIMIZERS as readonly string[]).includes(String(opt.type).toLowerCase())) {
    throw new RangeError(`unknown optimizer ${JSON.stringify(String(opt.type).slice(0, 40))}: one of ${LINT_OPTIMIZERS.join(', ')}`);
  }

  for (const [name, spec, root] of entries) {
    const valueAt = compiledOf(spec) as StepFn;
    if (name === 'lr' && valueAt(0) === 0) {
      add('first-update-zero', 'warning', root, 'The first update uses lr = 0, so it changes nothing (common with warmups from 0, e.g. HF transformers). Start the warmup at a small positive value or accept one wasted step.');
    }
    if (policy && !(KNOWN_HYPERPARAMETERS as readonly string[]).includes(name)) {
      const hint = nearest(name, KNOWN_HYPERPARAMETERS);
      if (hint !== undefined) add('unknown-hyperparameter', 'warning', root, `${JSON.stringify(name)} is not a hyperparameter the adapters know (did you mean ${JSON.stringify(hint)}?): it would be computed but applied to nothing.`);
    }
    for (const [node, path, offset] of nodes(spec, root)) {
      const family = toolsOfNode(node);
      const w = family.warmupSteps?.(node as never);
      if (w !== undefined && total !== undefined && offset === 0 && w >= total) {
        add('warmup-longer-than-run', 'warning', path, `The warmup lasts ${w} steps but the run has ${total} updates: ${name} never leaves the warmup.`);
      }
      family.lint?.(node as never, {
        importedFrom: context.importedFrom,
        totalSteps: total,
        name,
        isRoot: node === spec,
        add: (code, severity, message) => add(code, severity, path, message),
      });
    }
    const range = RANGES[name];
    if (range !== undefined) {
      const { peak, min } = explainSchedule(spec, total === undefined ? {} : { totalSteps: total });
      if (min.value < range.min || peak.value > range.max || (range.maxExclusive && peak.value >= range.max)) {
        const bad = min.value < range.min ? min : peak;
        add('out-of-range', 'warning', root, `${name} reaches ${formatValue(bad.value)} at step ${bad.step}, outside ${range.text}.`);
      }
    }
    if (total !== undefined) {
      const real = nodeHorizon(spec);
      if (Number.isFinite(real)) {
        const h = Math.ceil(real);
        if (h > total) {
          add('decay-never-finishes', 'warning', root, `${name} keeps changing until step ${h}, but the run ends at step ${total - 1}: it stops at ${formatValue(valueAt(total - 1))} instead of ${formatValue(valueAt(h))}. Build the schedule for ${total} steps.`);
        } else if (h > 0 && h < 0.9 * (total - 1) && valueAt(h - 1) > valueAt(h)) {
          const held = total - 1 - h;
          add('decay-finishes-early', held > 0.25 * total ? 'warning' : 'info', root, `${name} reaches its final value ${formatValue(valueAt(h))} at step ${h} and holds it for the last ${held} of ${total} updates.`);
        }
      }
    }
  }

  if (policy && opt !== undefined) {
    const p = doc as Policy;
    const type = opt.type.toLowerCase();
    const hasMomentum = !NO_MOMENTUM.has(type) || (type === 'sgd' && opt.momentum !== undefined && opt.momentum > 0);
    if (p.momentum !== undefined && ADAM_LIKE.has(type)) {
      add('momentum-without-momentum', 'warning', ['momentum'], `${opt.type} has no momentum parameter: cycle beta1 instead (PyTorch cycles betas[0] for Adam-style optimizers).`);
    } else if (p.momentum !== undefined && !hasMomentum) {
      add('momentum-without-momentum', 'warning', ['momentum'], `${opt.type} has no momentum${type === 'sgd' ? ' (plain SGD; use momentum > 0, or tfjs MomentumOptimizer)' : ''}: the momentum schedule would have no effect (PyTorch CyclicLR/OneCycleLR raise here).`);
    }
    if ((p.beta1 !== undefined || p.beta2 !== undefined) && !ADAM_LIKE.has(type)) {
      add('betas-without-adam', 'warning', [p.beta1 !== undefined ? 'beta1' : 'beta2'], `${opt.type} has no beta1/beta2: those schedules would have no effect.`);
    }
  }
  return findings;
}
