/**
 * `fromTrainingArguments`: a Hugging Face `TrainingArguments` dict (as `Trainer` saves it in
 * `training_args.json`, or a YAML recipe) as the cyclr policy `Trainer` would run.
 *
 * Read from transformers' sources (huggingface/transformers): `training_args.py` at 00349ae8 (v5:
 * `warmup_steps` an int, or a float in [0, 1) taken as a ratio; `get_warmup_steps`;
 * `lr_scheduler_kwargs` as a dict or a JSON string, its string values converted by
 * `_convert_str_dict`), `trainer.py` at 000945a9 (`set_initial_training_values` and the epoch loop:
 * updates per epoch `ceil(len(dataloader) / gradient_accumulation_steps)`, at least 1; the run is
 * `max_steps` when > 0, else `ceil(num_train_epochs · updates per epoch)`), and `optimization.py` at
 * 005edacb (`get_scheduler`, through `fromTransformers`). v4's `warmup_ratio` is honoured as v4 did:
 * `warmup_steps` when it is > 0, else `ceil(total · warmup_ratio)`.
 *
 * `len(dataloader)` per process is `ceil(trainSamples / (batch · worldSize))` (`floor` with
 * `dataloader_drop_last`), batch = `per_device_train_batch_size` (or the v4
 * `per_gpu_train_batch_size` when set), as accelerate shards the batches. Older transformers
 * releases rounded the updates per epoch down: pass `{ stepsPerEpoch }` (updates per epoch) to set
 * it yourself.
 *
 * Keys are handled in three ways:
 * - read: the ones above, `learning_rate`, `lr_scheduler_type`, `num_train_epochs`, `max_steps`;
 * - refused when set, because they change the schedule in a way no config can say:
 *   `auto_find_batch_size: true` (the batch size, and with it the run length, is found at run time),
 *   `deepspeed` (its config may bring its own scheduler), `accelerator_config.split_batches: true`;
 * - every other key is ignored (output_dir, logging, seeds, a subclass's own fields such as TRL's),
 *   except one that looks like a misspelt schedule key (`warmup_step`, `learning_rat`) or a scheduler
 *   argument put at the top level (`num_cycles`, `min_lr_rate`: they belong in
 *   `lr_scheduler_kwargs`): those are errors with the key meant.
 * Every problem is reported at once, each with its path.
 */
import { formatReceived, issue, ScheduleSpecError, type SpecIssue, type SpecPath } from '../base/errors.js';
import type { Policy, Schedule } from '../spec.js';
import { sealPolicy } from '../validate/parse.js';
import { nearest } from '../validate/suggest.js';
import { isKwargs, misspelt, type Kwargs } from './kwargs.js';
import { fromTransformers, TRANSFORMERS_REFUSED, TRANSFORMERS_SCHEDULER_NAMES } from './transformers.js';

/** How many optimizer updates an epoch has: from the dataset size, or given directly. */
export interface TrainingArgumentsDataset {
  /** training examples, `len(train_dataset)` */
  trainSamples?: number;
  /** data-parallel devices (processes × GPUs per process), default 1 */
  worldSize?: number;
  /** optimizer updates per epoch (instead of trainSamples): HF's `num_update_steps_per_epoch` */
  stepsPerEpoch?: number;
}

/** The TrainingArguments keys that decide the schedule. */
const READ = [
  'learning_rate', 'lr_scheduler_type', 'lr_scheduler_kwargs', 'warmup_steps', 'warmup_ratio', 'num_train_epochs', 'max_steps',
  'per_device_train_batch_size', 'per_gpu_train_batch_size', 'gradient_accumulation_steps', 'dataloader_drop_last',
  'auto_find_batch_size', 'deepspeed', 'accelerator_config',
] as const;

/** get_scheduler arguments: at the top level of TrainingArguments they are a mistake. */
const SCHEDULER_ARGS = ['num_cycles', 'power', 'lr_end', 'min_lr', 'min_lr_rate', 'warmup_lr_rate', 'timescale', 'num_decay_steps', 'num_stable_steps', 'warmup_type', 'decay_type', 'min_lr_ratio'];

/** TrainingArguments fields that are neither read nor typos though they lie near a read key. */
const KNOWN_NEAR = new Set(['eval_steps', 'save_steps', 'logging_steps', 'max_grad_norm', 'per_device_eval_batch_size', 'per_gpu_eval_batch_size', 'eval_accumulation_steps', 'warmup_ratio', 'dataloader_pin_memory', 'dataloader_num_workers', 'dataloader_persistent_workers', 'dataloader_prefetch_factor']);

/** get_scheduler ignores lr_scheduler_kwargs for these (it calls them without the extra arguments). */
const NO_KWARGS = new Set(['constant', 'constant_with_warmup', 'inverse_sqrt']);

/** A schedule key this unknown key probably means (a misspelling or a prefix of one), or undefined. */
function meant(key: string): string | undefined {
  return misspelt(key, READ, KNOWN_NEAR, 5) ?? (KNOWN_NEAR.has(key) ? undefined : READ.find((k) => k.startsWith(key) && key.length >= 6));
}

/** HF's `_convert_str_dict`: string values "true"/"false" become booleans, digit strings numbers. */
function convertStrDict(d: Kwargs): Kwargs {
  const out: Kwargs = {};
  for (const [k, v] of Object.entries(d)) {
    if (isKwargs(v)) out[k] = convertStrDict(v);
    else if (typeof v === 'string') {
      if (v.toLowerCase() === 'true' || v.toLowerCase() === 'false') out[k] = v.toLowerCase() === 'true';
      else if (/^[0-9]+$/.test(v)) out[k] = Number.parseInt(v, 10);
      else if (/^[0-9]*\.?[0-9]*$/.test(v) && /[0-9]/.test(v)) out[k] = Number.parseFloat(v);
      else out[k] = v;
    } else out[k] = v;
  }
  return out;
}

/** Re-roots an issue of `fromTransformers` (paths under `kwargs`) onto the TrainingArguments keys. */
function reroot(i: SpecIssue): SpecIssue {
  const [head, second, ...rest] = i.path;
  if (head !== 'kwargs') return i.path[0] === 'name' ? { ...i, path: ['lr_scheduler_type'] } : i;
  if (second === 'num_warmup_steps') return { ...i, path: ['warmup_steps'] };
  if (second === 'num_training_steps') return { ...i, path: ['max_steps'] };
  if (second === 'lr_scheduler_kwargs') return { ...i, path: ['lr_scheduler_kwargs', ...rest] };
  return { ...i, path: ['lr_scheduler_kwargs', ...(second === undefined ? [] : [second]), ...rest] };
}

/**
 * The policy HF `Trainer` runs for a `TrainingArguments` dict: `lr` as `get_scheduler` builds it over
 * the run length `Trainer` computes. `dataset` is needed when `max_steps` is not set (> 0) and the schedule
 * reads the run length (all but constant, and constant_with_warmup or inverse_sqrt with a warmup in steps):
 * `{ trainSamples, worldSize? }` or `{ stepsPerEpoch }`. Throws one ScheduleSpecError with every
 * problem (paths are TrainingArguments keys, or `dataset.*`).
 */
export function fromTrainingArguments(args: Record<string, unknown>, dataset?: TrainingArgumentsDataset): Policy {
  if (!isKwargs(args)) throw new ScheduleSpecError([issue('invalid_type', [], 'a TrainingArguments dict (training_args.json)', args, `expected a TrainingArguments dict, got ${formatReceived(args)}`)]);
  const issues: SpecIssue[] = [];
  const add = (code: SpecIssue['code'], path: SpecPath, expected: string, received: unknown, message: string) => issues.push(issue(code, path, expected, received, message));
  const get = (key: string): unknown => (args[key] === null ? undefined : args[key]);

  // keys that look like schedule keys but are not TrainingArguments'
  for (const key of Object.keys(args)) {
    if ((READ as readonly string[]).includes(key)) continue;
    if (key === 'num_warmup_steps' || key === 'num_training_steps') {
      const hint = key === 'num_warmup_steps' ? 'warmup_steps' : 'max_steps';
      add('unknown_key', [key], `'${hint}'`, args[key], `TrainingArguments has no ${key}: Trainer computes it (did you mean '${hint}'?)`);
    } else if (SCHEDULER_ARGS.includes(key)) {
      add('unknown_key', [key], 'a key inside lr_scheduler_kwargs', args[key], `${key} is an argument of the scheduler, not of TrainingArguments: put it in lr_scheduler_kwargs ({ "${key}": ${formatReceived(args[key])} })`);
    } else {
      const hint = meant(key);
      if (hint !== undefined) add('unknown_key', [key], `'${hint}'`, args[key], `TrainingArguments has no ${key} (did you mean '${hint}'?)`);
    }
  }

  const number = (key: string, fallback: number, ok: (v: number) => boolean, expected: string): number => {
    const v = get(key) ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) {
      add(typeof v === 'number' ? 'out_of_range' : 'invalid_type', [key], expected, v, `${key} must be ${expected}, got ${formatReceived(v)}`);
      return fallback;
    }
    return v;
  };
  const integer = (key: string, fallback: number, min: number): number => number(key, fallback, (v) => Number.isSafeInteger(v) && v >= min, `an integer >= ${min}`);

  const lr = number('learning_rate', 5e-5, () => true, 'a finite number');
  let name = get('lr_scheduler_type') ?? 'linear';
  if (typeof name !== 'string') {
    add('invalid_type', ['lr_scheduler_type'], 'a scheduler name', name, `lr_scheduler_type must be a string, got ${formatReceived(name)}`);
    name = 'linear';
  }
  const type = (name as string).trim().toLowerCase().replace(/^schedulertype\./, '');
  if (Object.hasOwn(TRANSFORMERS_REFUSED, type)) add('refused', ['lr_scheduler_type'], 'a time schedule name', name, TRANSFORMERS_REFUSED[type]);
  else if (!(TRANSFORMERS_SCHEDULER_NAMES as readonly string[]).includes(type)) {
    const hint = nearest(type, [...TRANSFORMERS_SCHEDULER_NAMES, ...Object.keys(TRANSFORMERS_REFUSED)]);
    add('unknown_type', ['lr_scheduler_type'], `one of ${TRANSFORMERS_SCHEDULER_NAMES.join(', ')}`, name,
      `${formatReceived(name)} is not a valid SchedulerType${hint ? ` (did you mean '${hint}'?)` : ''}; known: ${TRANSFORMERS_SCHEDULER_NAMES.join(', ')}`);
  }

  // lr_scheduler_kwargs: a dict, or the JSON text of one (TrainingArguments parses a string starting with "{")
  let kwargs: Kwargs = {};
  const rawKwargs = get('lr_scheduler_kwargs');
  if (typeof rawKwargs === 'string' && rawKwargs.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(rawKwargs);
      if (isKwargs(parsed)) kwargs = convertStrDict(parsed);
      else add('invalid_type', ['lr_scheduler_kwargs'], 'a JSON object', rawKwargs, `lr_scheduler_kwargs must be a JSON object, got ${formatReceived(rawKwargs)}`);
    } catch (error) {
      add('invalid_json', ['lr_scheduler_kwargs'], 'the JSON text of an object', rawKwargs, `lr_scheduler_kwargs is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else if (isKwargs(rawKwargs)) kwargs = rawKwargs;
  else if (rawKwargs !== undefined && rawKwargs !== '') add('invalid_type', ['lr_scheduler_kwargs'], 'a dict or its JSON text', rawKwargs, `lr_scheduler_kwargs must be a dict or a JSON string, got ${formatReceived(rawKwargs)}`);
  if (NO_KWARGS.has(type)) {
    for (const k of Object.keys(kwargs)) {
      add('refused', ['lr_scheduler_kwargs', k], 'nothing (get_scheduler ignores lr_scheduler_kwargs here)', kwargs[k],
        `get_scheduler builds ${type} without lr_scheduler_kwargs, so HF ignores ${k}; remove it${k === 'timescale' ? ' (inverse_sqrt uses num_warmup_steps, or 10000 without warmup)' : ''}`);
    }
  }

  // refused when they change the run at run time
  if (get('auto_find_batch_size') === true) {
    add('refused', ['auto_find_batch_size'], 'false', true, 'auto_find_batch_size halves the batch size at run time after an out-of-memory error, which changes the number of steps: set per_device_train_batch_size to the batch size that ran');
  }
  const ds = get('deepspeed');
  if (ds !== undefined && ds !== '' && !(isKwargs(ds) && Object.keys(ds).length === 0)) {
    add('refused', ['deepspeed'], 'null', ds, 'with deepspeed, the DeepSpeed config may define its own scheduler, which replaces lr_scheduler_type: import that scheduler, or remove deepspeed if its config has none');
  }
  const acc = get('accelerator_config');
  if (isKwargs(acc) && acc.split_batches === true) {
    add('refused', ['accelerator_config', 'split_batches'], 'false', true, 'accelerator_config.split_batches splits each batch across the processes, which changes the batches per epoch; pass dataset.stepsPerEpoch (updates per epoch) and remove split_batches, or set it to false');
  }

  // the run length
  // warmup: v5's warmup_steps (an int, or a ratio in [0, 1)), v4's warmup_ratio
  const warmupSteps = number('warmup_steps', 0, (v) => v >= 0, 'a number >= 0 (an integer number of steps, or a ratio in [0, 1))');
  const warmupRatio = number('warmup_ratio', 0, (v) => v >= 0 && v <= 1, 'a ratio in [0, 1]');
  if (warmupSteps > 0 && warmupSteps < 1 && warmupRatio > 0) {
    add('conflict', ['warmup_ratio'], 'warmup_steps or warmup_ratio, not both', warmupRatio, `warmup_steps = ${warmupSteps} is already a ratio (transformers v5); warmup_ratio = ${warmupRatio} (v4) says another: give one`);
  }
  // constant, constant_with_warmup and inverse_sqrt never read the run length (unless a ratio sets the warmup)
  const lengthFree = NO_KWARGS.has(type) && (warmupSteps >= 1 || (warmupSteps === 0 && warmupRatio === 0));

  // the run length
  const maxSteps = integer('max_steps', -1, -Infinity);
  const accum = integer('gradient_accumulation_steps', 1, 1);
  let total: number | undefined = maxSteps;
  if (maxSteps <= 0) {
    const epochs = number('num_train_epochs', 3, (v) => v > 0, 'a positive number of epochs');
    total = lengthFree && dataset === undefined ? undefined : updatesPerEpoch(args, dataset, accum, issues, integer);
    if (total !== undefined) total = Math.ceil(epochs * total);
  }
  if (issues.length > 0 || (total !== undefined && total <= 0)) {
    if (issues.length === 0) add('invalid_value', ['max_steps'], 'a positive number of steps', total, 'the run has no training steps');
    throw new ScheduleSpecError(issues);
  }
  let warmup: number;
  if (warmupSteps >= 1) warmup = Math.trunc(warmupSteps);
  else if (warmupSteps > 0) warmup = Math.ceil((total as number) * warmupSteps);
  else warmup = warmupRatio > 0 ? Math.ceil((total as number) * warmupRatio) : 0;

  let lrSchedule: Schedule;
  try {
    lrSchedule = fromTransformers(type, { num_warmup_steps: warmup, ...(total !== undefined ? { num_training_steps: total } : {}), ...(NO_KWARGS.has(type) ? {} : { lr_scheduler_kwargs: kwargs }) }, { lr });
  } catch (error) {
    if (error instanceof ScheduleSpecError) throw new ScheduleSpecError(error.issues.map(reroot));
    throw error;
  }
  return sealPolicy({
    version: 1,
    description: `imported from transformers TrainingArguments: ${type}, ${total === undefined ? 'any number of' : total} steps, ${warmup} warmup steps`,
    lr: lrSchedule,
  });
}

/** HF's num_update_steps_per_epoch, from `dataset` and the batch keys; issues go into `issues`. */
function updatesPerEpoch(args: Kwargs, dataset: TrainingArgumentsDataset | undefined, accum: number, issues: SpecIssue[], integer: (key: string, fallback: number, min: number) => number): number | undefined {
  const d: unknown = dataset;
  if (d === undefined || d === null) {
    issues.push(issue('missing', ['dataset'], '{ trainSamples, worldSize? } or { stepsPerEpoch }', undefined,
      'max_steps is not set, so the run is num_train_epochs × updates per epoch: pass the dataset size ({ trainSamples, worldSize? }) or { stepsPerEpoch }'));
    return undefined;
  }
  if (!isKwargs(d)) {
    issues.push(issue('invalid_type', ['dataset'], '{ trainSamples, worldSize? } or { stepsPerEpoch }', d, `dataset must be an object, got ${formatReceived(d)}`));
    return undefined;
  }
  const known = ['trainSamples', 'worldSize', 'stepsPerEpoch'];
  for (const key of Object.keys(d)) {
    if (!known.includes(key)) {
      const hint = nearest(key, known);
      issues.push(issue('unknown_key', ['dataset', key], `one of ${known.join(', ')}`, d[key], `dataset has no ${key}${hint ? ` (did you mean '${hint}'?)` : ''}`));
    }
  }
  const positiveInt = (key: string): number | undefined => {
    const v = d[key];
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) return v;
    issues.push(issue('invalid_type', ['dataset', key], 'a positive integer', v, `dataset.${key} must be a positive integer, got ${formatReceived(v)}`));
    return undefined;
  };
  const steps = positiveInt('stepsPerEpoch');
  const samples = positiveInt('trainSamples');
  const world = positiveInt('worldSize') ?? 1;
  if (d.stepsPerEpoch !== undefined && (d.trainSamples !== undefined || d.worldSize !== undefined)) {
    issues.push(issue('conflict', ['dataset', 'stepsPerEpoch'], 'stepsPerEpoch, or trainSamples (and worldSize)', d.stepsPerEpoch, 'give stepsPerEpoch or trainSamples (with worldSize), not both'));
    return undefined;
  }
  if (steps !== undefined) return steps;
  if (samples === undefined) {
    if (d.trainSamples === undefined) issues.push(issue('missing', ['dataset', 'trainSamples'], 'a positive integer', undefined, 'dataset needs trainSamples (with worldSize) or stepsPerEpoch'));
    return undefined;
  }
  const perGpu = args.per_gpu_train_batch_size;
  const batch = typeof perGpu === 'number' ? integer('per_gpu_train_batch_size', 8, 1) : integer('per_device_train_batch_size', 8, 1);
  const global = batch * world;
  const dropLast = args.dataloader_drop_last === true;
  const batches = dropLast ? Math.floor(samples / global) : Math.ceil(samples / global);
  if (batches === 0) {
    issues.push(issue('invalid_value', ['dataset', 'trainSamples'], `at least ${global} samples`, samples, `${samples} samples make no full batch of ${batch} × ${world} devices with dataloader_drop_last: the dataloader is empty`));
    return undefined;
  }
  return Math.max(Math.ceil(batches / accum), 1);
}
