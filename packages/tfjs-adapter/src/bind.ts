/**
 * `bindOptimizer`: drives a tfjs optimizer's hyperparameters from a policy.
 *
 * The binding wraps the optimizer instance's `applyGradients` (and `unbind()` puts it back), so every
 * update goes through it whoever makes it: `optimizer.minimize`, `model.fit`, `fitDataset`,
 * `trainOnBatch`. Before each update it reads the step (the 0-based count of completed updates),
 * sets every scheduled hyperparameter to `valuesAt(policy, step)`, applies decoupled weight decay to
 * the variables being updated, then lets the optimizer update. The first update sees step 0.
 */
import type { NamedTensorMap, Tensor, Optimizer, Scalar, Variable } from '@tensorflow/tfjs-core';
// `Tensor.mul` and the other chained ops are declared here (types only; every tfjs build registers them)
import type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import {
  compilePolicy,
  parsePolicy,
  plateauInit,
  plateauUpdate,
  policyEntries,
  type HyperparameterValues,
  type PlateauOptions,
  type PlateauState,
  type Policy,
} from '@cyclr/core';
import { TfjsAdapterError } from './errors.js';
import { boolean, checkOptions, isInteger, patterns, plainObject } from './options.js';
import { acceptedHyperparameters, quirksFor, type OptimizerInternals, type OptimizerQuirks } from './optimizer-quirks.js';
import { registeredVariables, scalar, tidy } from './tf-runtime.js';

/** What was set on the optimizer for one update. */
export interface AppliedRecord {
  /** the 0-based step of the update */
  step: number;
  /** every scheduled hyperparameter as read back from the optimizer (weightDecay as applied) */
  values: HyperparameterValues;
}

export interface BindOptions {
  /**
   * the step of the first update through this binding; then counted by the binding. Default: read
   * `optimizer.iterations` before every update, so an optimizer restored from saved weights resumes
   * its schedule where it stopped
   */
  initialStep?: number;
  /** variables whose name matches (substring or RegExp) get no weight decay, e.g. [/bias/, /gamma|beta/] */
  weightDecayExclude?: ReadonlyArray<string | RegExp>;
  /** keep `history` (default true) */
  recordHistory?: boolean;
  /** resume a plateau controller from a saved state (policies with `plateau`) */
  plateauState?: PlateauState;
  /** append records here instead of a new array */
  history?: AppliedRecord[];
}

const BIND_OPTIONS = {
  initialStep: isInteger(0),
  weightDecayExclude: patterns,
  recordHistory: boolean,
  plateauState: plainObject,
  history: (value: unknown, path: string, problems: Array<{ path: string; message: string }>) => {
    if (!Array.isArray(value)) problems.push({ path, message: `${path} must be an array` });
  },
};

export interface OptimizerBinding {
  readonly optimizer: Optimizer;
  readonly policy: Policy;
  /** tfjs class name, e.g. 'Adam' */
  readonly className: string;
  /** the step the next update will use */
  readonly step: number;
  /** what was set for every update so far, in order */
  readonly history: AppliedRecord[];
  /** the plateau controller's state (undefined without `policy.plateau`) */
  readonly plateauState: PlateauState | undefined;
  /** values the policy gives at `step` (default: the next update's), plateau included */
  valuesAt(step?: number): HyperparameterValues;
  /** sets the next update's values on the optimizer now and returns them (updates do this anyway) */
  apply(): HyperparameterValues;
  /** `optimizer.minimize` for custom loops: one scheduled update */
  minimize(f: () => Scalar, returnCost?: boolean, varList?: Variable[]): Scalar | null;
  /** feeds a validation metric to the plateau controller; returns the new state */
  observe(metric: number): PlateauState;
  /** puts the optimizer's own `applyGradients` back; hyperparameters keep their last values */
  unbind(): void;
}

const BOUND = Symbol.for('@cyclr/tfjs-adapter/bound');

type GradientArg = NamedTensorMap | Array<{ name: string; tensor: Tensor }>;

/** Checks the policy's hyperparameters against what the optimizer class accepts. */
function checkHyperparameters(policy: Policy, quirks: OptimizerQuirks): void {
  const accepted = acceptedHyperparameters(quirks);
  const unknown = policyEntries(policy).map(([name]) => name).filter((name) => !accepted.includes(name));
  if (unknown.length > 0) {
    throw new TfjsAdapterError(
      'unsupported_hyperparameter',
      `${quirks.className} optimizer has no hyperparameter ${unknown.map((n) => JSON.stringify(n)).join(', ')}; ${quirks.className} accepts ${accepted.join(', ')}`,
    );
  }
}

function excluded(name: string, patterns: ReadonlyArray<string | RegExp>): boolean {
  return patterns.some((p) => (typeof p === 'string' ? name.includes(p) : p.test(name)));
}

/**
 * Binds `policy` to `optimizer` (an instance of one of tf.train.sgd, momentum, adam, adamax, rmsprop,
 * adagrad, adadelta). Throws a `ScheduleSpecError` for an invalid policy, and a `TfjsAdapterError`
 * for an unsupported optimizer, a hyperparameter the class lacks, or bad options; the optimizer is
 * untouched when it throws.
 */
export function bindOptimizer(optimizer: Optimizer, policy: Policy, options?: BindOptions): OptimizerBinding {
  const quirks = quirksFor(optimizer);
  const parsed = parsePolicy(policy);
  const opts = checkOptions<BindOptions>(options, BIND_OPTIONS, 'bindOptimizer');
  checkHyperparameters(parsed, quirks);
  const opt = optimizer as unknown as OptimizerInternals;
  if (opt[BOUND as unknown as string] === true) {
    throw new TfjsAdapterError('already_bound', `this ${quirks.className} optimizer is already bound to a policy; call unbind() on that binding first`);
  }

  const frozen = JSON.parse(JSON.stringify(parsed)) as Policy;
  const plateauOptions = frozen.plateau as PlateauOptions | undefined;
  let plateau: PlateauState | undefined = plateauOptions === undefined ? undefined : (opts.plateauState ?? plateauInit(plateauOptions));
  const scheduled = policyEntries(frozen).map(([name]) => name);
  const setters = scheduled.filter((n) => n !== 'weightDecay').map((n) => [n, quirks.hyperparameters[n]] as const);
  const hasDecay = scheduled.includes('weightDecay');
  const exclude = opts.weightDecayExclude ?? [];
  const decayed = new Map<string, boolean>();
  const history: AppliedRecord[] = opts.history ?? []; // the caller's array itself
  const record = opts.recordHistory !== false;
  let counter = opts.initialStep;

  const currentStep = (): number => counter ?? optimizer.iterations;
  // core's shared runtime: the values of valuesAt(policy, step, { plateau }), compiled once
  const runtime = compilePolicy(parsed);
  const scheduledAt = (step: number): HyperparameterValues => ({ ...runtime.valuesAt(step, plateau) });

  const setAll = (step: number): HyperparameterValues => {
    const values = scheduledAt(step);
    for (const [name, quirk] of setters) quirk.set(opt, values[name], step);
    return values;
  };

  const readBack = (values: HyperparameterValues): HyperparameterValues => {
    const out: Record<string, number> = {};
    for (const name of scheduled) out[name] = name === 'weightDecay' ? values.weightDecay : quirks.hyperparameters[name].read(opt);
    return out as HyperparameterValues;
  };

  const decay = (grads: GradientArg, lr: number, wd: number): void => {
    const factor = 1 - lr * wd;
    if (factor === 1) return;
    const names = Array.isArray(grads) ? grads.map((g) => g.name) : Object.keys(grads);
    const registered = registeredVariables();
    tidy(() => {
      const f = scalar(factor);
      names.forEach((name, i) => {
        const grad = Array.isArray(grads) ? grads[i].tensor : grads[name];
        if (grad == null) return;
        let yes = decayed.get(name);
        if (yes === undefined) {
          yes = !excluded(name, exclude);
          decayed.set(name, yes);
        }
        if (!yes) return;
        const v = registered[name];
        v.assign(v.mul(f));
      });
    });
  };

  const own = Object.prototype.hasOwnProperty.call(opt, 'applyGradients');
  const original = opt.applyGradients as (grads: GradientArg) => void;
  const wrapped = function applyGradients(this: unknown, grads: GradientArg): void {
    const step = currentStep();
    const values = setAll(step);
    if (hasDecay) decay(grads, values.lr, values.weightDecay);
    original.call(optimizer, grads);
    if (record) history.push({ step, values: readBack(values) });
    if (counter !== undefined) counter += 1;
  };
  opt.applyGradients = wrapped;
  opt[BOUND as unknown as string] = true;
  let bound = true;

  return {
    optimizer,
    policy: frozen,
    className: quirks.className,
    get step() {
      return currentStep();
    },
    history,
    get plateauState() {
      return plateau;
    },
    valuesAt: (step?: number) => scheduledAt(step ?? currentStep()),
    apply: () => setAll(currentStep()),
    minimize(f, returnCost = false, varList) {
      if (!bound) throw new TfjsAdapterError('unbound', 'this binding was unbound; bind the optimizer again');
      return optimizer.minimize(f, returnCost, varList);
    },
    observe(metric: number) {
      if (plateau === undefined || plateauOptions === undefined) {
        throw new TfjsAdapterError('no_plateau', 'observe() needs a policy with a "plateau" section');
      }
      const first = plateauOptions.applyTo?.[0] ?? 'lr';
      const current = scheduledAt(currentStep())[first];
      plateau = plateauUpdate(plateau, metric, plateauOptions, current);
      return plateau;
    },
    unbind() {
      if (!bound) return;
      bound = false;
      if (own) opt.applyGradients = original;
      else delete (opt as Record<string, unknown>).applyGradients;
      delete opt[BOUND as unknown as string];
    },
  };
}
