import { compilePolicy } from '../evaluate/api.js';
import type { Policy } from '../spec.js';
import { PLATEAU_DEFAULTS, type PlateauOptions } from './options.js';
import { plateauUpdate, type PlateauState } from './state.js';

/**
 * One evaluation of the monitored metric for a policy, what an adapter calls once per epoch:
 * `plateauUpdate` with the policy's `plateau` options, passing as `current` the value the first
 * `applyTo` hyperparameter has at `step` under `state`, so that `eps` and `minValue` act exactly as
 * PyTorch's `old - max(old·factor, min_lr) > eps`. Pure.
 */
export function plateauStep(policy: Policy, state: PlateauState, metric: number, step: number): PlateauState {
  const options = (policy.plateau ?? {}) as PlateauOptions;
  const name = (options.applyTo ?? PLATEAU_DEFAULTS.applyTo)[0];
  const current = compilePolicy(policy).valuesAt(step, state)[name];
  return plateauUpdate(state, metric, options, current);
}
