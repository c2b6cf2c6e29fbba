/**
 * The "from" sources: one entry per peer, each with the form fields it needs and a `run` that calls
 * core's importer. Adding an importer is one entry in IMPORTERS (fields, defaults, run).
 *
 * Pasted arguments go through `readPastedArgs` (JSON, a Python dict, keywords or a whole call);
 * what is not a literal (`len(train_loader)`) is filled from the studio's own fields where one
 * fits (steps per epoch) and otherwise named in the error.
 */
import {
  fromKeras,
  fromOptax,
  fromTimm,
  fromTorch,
  formatPath,
  fromTimmArgs,
  fromTrainingArguments,
  fromTransformers,
  KERAS_SCHEDULE_NAMES,
  TIMM_ARGS_SCHEDULERS,
  OPTAX_SCHEDULE_NAMES,
  ScheduleSpecError,
  TIMM_SCHEDULER_NAMES,
  TORCH_SCHEDULERS,
  TRANSFORMERS_SCHEDULER_NAMES,
  type LintContext,
  type Policy,
  type TorchOptimizer,
} from '@cyclr/core';
import { asPolicy } from './analyze.js';
import { Call, Expression, PasteError, expressionsIn, readPastedArgs, type PastedArgs } from './python-args.js';
import { readYamlMapping } from './yaml-lite.js';

export interface ImportField {
  key: string;
  label: string;
  kind: 'select' | 'text' | 'number' | 'code';
  options?: readonly string[];
  placeholder?: string;
  /** one line under the field */
  help?: string;
}

export interface ImportContext {
  /** the studio's "steps per epoch" field, when set */
  stepsPerEpoch?: number;
}

export interface ImportResult {
  policy: Policy;
  importedFrom: NonNullable<LintContext['importedFrom']>;
  /** a legend label for overlays: "PyTorch OneCycleLR" */
  label: string;
  /** what the import assumed, in sentences */
  notes: string[];
}

export interface Importer {
  id: string;
  label: string;
  fields: readonly ImportField[];
  defaults: Readonly<Record<string, string>>;
  run(values: Readonly<Record<string, string>>, context: ImportContext): ImportResult;
}

/** One problem with what was pasted into the form, in the words of a spec issue. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

type Kwargs = Record<string, unknown>;

function pasted(values: Readonly<Record<string, string>>, field: string): PastedArgs {
  try {
    return readPastedArgs(values[field] ?? '');
  } catch (error) {
    if (error instanceof PasteError) throw new ImportError(`${field}: ${error.message}`, field);
    throw error;
  }
}

/** Fills the non-literal arguments the studio's fields answer; refuses any other, naming it. */
function resolve(kwargs: Kwargs, field: string, fill: Readonly<Record<string, number | undefined>> = {}, help: Readonly<Record<string, string>> = {}): Kwargs {
  const out: Kwargs = { ...kwargs };
  for (const [key, value] of Object.entries(fill)) {
    if (out[key] instanceof Expression && value !== undefined) out[key] = value;
  }
  const left = expressionsIn(out);
  if (left.length > 0) {
    const { path, text } = left[0];
    const key = String(path[0]);
    throw new ImportError(`${field}: ${path.join('.')}=${text} is not a number the studio can read${help[key] ? `: ${help[key]}` : ': write its value'}`, field);
  }
  return out;
}

const number = (values: Readonly<Record<string, string>>, key: string): number | undefined => {
  const raw = (values[key] ?? '').trim();
  if (raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new ImportError(`${key}: ${JSON.stringify(raw)} is not a number`, key);
  return v;
};

/** Each hyperparameter of a policy run on an epoch clock: a scheduler stepped once per epoch. */
function perEpoch(policy: Policy, stepsPerEpoch: number | undefined): Policy {
  if (stepsPerEpoch === undefined) throw new ImportError('stepped: per epoch needs the steps per epoch (updates per epoch) field', 'stepped');
  const out: Record<string, unknown> = { ...policy };
  for (const [key, value] of Object.entries(policy)) {
    if (typeof value === 'object' && value !== null && 'type' in value) out[key] = { type: 'epochs', stepsPerEpoch, schedule: value };
  }
  return out as unknown as Policy;
}

function kwargsText(kwargs: Kwargs): string {
  return Object.entries(kwargs)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? `'${v}'` : JSON.stringify(v)}`)
    .join(', ');
}

/** `SGD(lr=0.1, momentum=0.9)`, `{"type": "Adam", "lr": 0.001}` or nothing → a TorchOptimizer. */
function torchOptimizer(values: Readonly<Record<string, string>>): TorchOptimizer | undefined {
  if ((values.optimizer ?? '').trim() === '') return undefined;
  const p = pasted(values, 'optimizer');
  const kwargs = resolve(p.kwargs, 'optimizer', {}, { lr: 'write the learning rate as a number' });
  return { ...(p.callee ? { type: p.callee } : {}), ...kwargs } as TorchOptimizer;
}

/** Nested calls inside SequentialLR/ChainedScheduler's `schedulers` → `{ ClassName: kwargs }`. */
function torchSchedulers(kwargs: Kwargs): Kwargs {
  const list = kwargs.schedulers;
  if (!Array.isArray(list)) return kwargs;
  return { ...kwargs, schedulers: list.map((s) => (s instanceof Call ? { [s.callee]: s.kwargs } : s)) };
}

const torch: Importer = {
  id: 'pytorch',
  label: 'PyTorch',
  fields: [
    { key: 'className', label: 'scheduler class', kind: 'select', options: TORCH_SCHEDULERS },
    { key: 'kwargs', label: 'arguments', kind: 'code', placeholder: 'max_lr=0.1, total_steps=1000 — or paste the whole OneCycleLR(optimizer, ...) call', help: 'keywords, a dict, JSON, or the whole call (its class wins)' },
    { key: 'optimizer', label: 'optimizer', kind: 'code', placeholder: 'SGD(lr=0.1, momentum=0.9)', help: 'its class and starting lr / momentum / betas' },
    { key: 'stepped', label: 'scheduler.step() called', kind: 'select', options: ['per update', 'per epoch'] },
  ],
  defaults: { className: 'OneCycleLR', kwargs: 'max_lr=0.1, total_steps=1000', optimizer: 'SGD(lr=0.1, momentum=0.9)', stepped: 'per update' },
  run(values, context) {
    const p = pasted(values, 'kwargs');
    const className = p.callee && (TORCH_SCHEDULERS as readonly string[]).includes(p.callee) ? p.callee : (values.className ?? 'OneCycleLR');
    if (p.args.length > 1) throw new ImportError(`kwargs: ${className} takes only the optimizer positionally here: write the other arguments as keyword=value`, 'kwargs');
    const kwargs = resolve(torchSchedulers(p.kwargs), 'kwargs', { steps_per_epoch: context.stepsPerEpoch }, { steps_per_epoch: 'enter the steps per epoch in the form' });
    let policy = fromTorch(className, kwargs, torchOptimizer(values));
    const notes: string[] = [];
    if (values.stepped === 'per epoch') {
      policy = perEpoch(policy, context.stepsPerEpoch);
      notes.push(`scheduler.step() once per epoch: each value held for ${context.stepsPerEpoch} updates`);
    }
    return { policy, importedFrom: 'pytorch', label: `PyTorch ${className}`, notes: [`${className}(${kwargsText(kwargs)})`, ...notes] };
  },
};

/** A Keras config pasted as JSON or as the Python dict `get_config()` / `serialize()` prints. */
const keras: Importer = {
  id: 'keras',
  label: 'Keras',
  fields: [
    {
      key: 'config',
      label: 'serialized schedule or optimizer',
      kind: 'code',
      placeholder: '{"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 1000}}',
      help: `keras.optimizers.schedules.serialize(...), an optimizer's get_config(), or a model's training_config: ${KERAS_SCHEDULE_NAMES.length} classes`,
    },
  ],
  defaults: { config: '{"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 1000, "alpha": 0.0}}' },
  run(values) {
    const text = (values.config ?? '').trim();
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch {
      config = pasted(values, 'config').kwargs;
    }
    if (expressionsIn(config).length > 0) resolve(config as Kwargs, 'config');
    const schedule = fromKeras(config);
    const name = typeof config === 'object' && config !== null && 'class_name' in config ? String((config as { class_name: unknown }).class_name) : 'schedule';
    return { policy: asPolicy(schedule), importedFrom: 'keras', label: `Keras ${name}`, notes: [] };
  },
};

/** optax's nested calls (join_schedules) → `{ name, kwargs }`. */
function optaxNested(value: unknown): unknown {
  if (value instanceof Call) return { name: value.callee, kwargs: optaxNested(value.kwargs) };
  if (Array.isArray(value)) return value.map(optaxNested);
  if (typeof value === 'object' && value !== null && !(value instanceof Expression)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, optaxNested(v)]));
  return value;
}

const optax: Importer = {
  id: 'optax',
  label: 'optax',
  fields: [
    { key: 'name', label: 'schedule', kind: 'select', options: OPTAX_SCHEDULE_NAMES },
    { key: 'kwargs', label: 'arguments', kind: 'code', placeholder: 'init_value=0.0, peak_value=1e-3, warmup_steps=100, decay_steps=1000 — or the whole optax.…(...) call' },
  ],
  defaults: { name: 'warmup_cosine_decay_schedule', kwargs: 'init_value=0.0, peak_value=1e-3, warmup_steps=100, decay_steps=1000, end_value=1e-5' },
  run(values) {
    const p = pasted(values, 'kwargs');
    const name = p.callee && (OPTAX_SCHEDULE_NAMES as readonly string[]).includes(p.callee) ? p.callee : (values.name ?? '');
    if (p.args.length > 0) throw new ImportError(`kwargs: optax.${name} arguments must be keywords here (write init_value=..., ...)`, 'kwargs');
    const kwargs = resolve(optaxNested(p.kwargs) as Kwargs, 'kwargs');
    const schedule = fromOptax(name, kwargs);
    return { policy: asPolicy(schedule), importedFrom: 'optax', label: `optax ${name}`, notes: [`optax.${name}(${kwargsText(kwargs)})`] };
  },
};

const timm: Importer = {
  id: 'timm',
  label: 'timm',
  fields: [
    { key: 'kwargs', label: 'scheduler arguments', kind: 'code', placeholder: "sched='cosine', lr=5e-4, t_initial=300, warmup_t=5, warmup_lr_init=1e-6", help: `sched: ${TIMM_SCHEDULER_NAMES.join(', ')}; t counts epochs unless t_in_epochs=False` },
  ],
  defaults: { kwargs: "sched='cosine', lr=5e-4, t_initial=100, lr_min=1e-6, warmup_t=5, warmup_lr_init=1e-6" },
  run(values, context) {
    const p = pasted(values, 'kwargs');
    const kwargs = resolve(p.kwargs, 'kwargs');
    const schedule = fromTimm(kwargs);
    const inEpochs = kwargs.t_in_epochs !== false;
    const notes: string[] = [];
    let policy = asPolicy(schedule);
    if (inEpochs && context.stepsPerEpoch !== undefined) {
      policy = perEpoch(policy, context.stepsPerEpoch);
      notes.push(`t counts epochs (t_in_epochs): each epoch's value held for ${context.stepsPerEpoch} updates`);
    } else if (inEpochs) {
      notes.push('t counts epochs (t_in_epochs): the steps on the chart are epochs; enter steps per epoch to see updates');
    }
    return { policy, importedFrom: 'timm', label: `timm ${String(kwargs.sched)}`, notes };
  },
};

/** A run config pasted as JSON, a Python dict (`vars(args)`), or YAML (args.yaml, a recipe). */
function runConfig(values: Readonly<Record<string, string>>, field: string): Kwargs {
  const text = (values[field] ?? '').trim();
  try {
    if (text.startsWith('{')) {
      try {
        return JSON.parse(text) as Kwargs;
      } catch {
        return resolve(readPastedArgs(text).kwargs, field);
      }
    }
    return readYamlMapping(text);
  } catch (error) {
    if (error instanceof PasteError) throw new ImportError(`${field}: ${error.message}`, field);
    throw error;
  }
}

const timmArgs: Importer = {
  id: 'timm-args',
  label: 'timm args.yaml',
  fields: [
    { key: 'args', label: 'args.yaml or scheduler_kwargs(args)', kind: 'code', placeholder: 'sched: cosine\nepochs: 300\nlr: 0.001\nwarmup_epochs: 5 …', help: `YAML, JSON or a Python dict; sched: ${TIMM_ARGS_SCHEDULERS.join(', ')}; updates per epoch from the steps-per-epoch field` },
    { key: 'batchSize', label: 'global batch size (for lr: null)', kind: 'number', placeholder: 'batch_size × world size × grad_accum_steps' },
  ],
  defaults: { args: 'sched: cosine\nepochs: 100\nlr: 0.001\nmin_lr: 1.0e-05\nwarmup_epochs: 5\nwarmup_lr: 1.0e-06\nsched_on_updates: false\n', batchSize: '' },
  run(values, context) {
    const args = runConfig(values, 'args');
    if (context.stepsPerEpoch === undefined) throw new ImportError('steps per epoch: timm schedules by epoch: enter the optimizer updates per epoch (ceil(len(loader_train) / grad_accum_steps))', 'stepsPerEpoch');
    const batchSize = number(values, 'batchSize');
    const policy = fromTimmArgs(args, { updatesPerEpoch: context.stepsPerEpoch, ...(batchSize !== undefined ? { batchSize } : {}) });
    return { policy, importedFrom: 'timm', label: `timm ${String(args.sched ?? 'cosine')}`, notes: [`${context.stepsPerEpoch} updates per epoch`] };
  },
};

const trainingArguments: Importer = {
  id: 'hf-trainer',
  label: 'HF TrainingArguments',
  fields: [
    { key: 'args', label: 'TrainingArguments', kind: 'code', placeholder: '{"learning_rate": 5e-5, "lr_scheduler_type": "cosine", "warmup_ratio": 0.1, "num_train_epochs": 3, ...}', help: 'training_args.json, a YAML recipe or a Python dict; the run length from max_steps or the epochs and the dataset size' },
    { key: 'trainSamples', label: 'training examples (len(train_dataset))', kind: 'number', placeholder: '50000' },
    { key: 'worldSize', label: 'devices (world size)', kind: 'number', placeholder: '1' },
  ],
  defaults: { args: '{"learning_rate": 5e-5, "lr_scheduler_type": "linear", "warmup_ratio": 0.1, "num_train_epochs": 3, "per_device_train_batch_size": 16, "gradient_accumulation_steps": 1}', trainSamples: '8000', worldSize: '' },
  run(values, context) {
    const args = runConfig(values, 'args');
    const trainSamples = number(values, 'trainSamples');
    const worldSize = number(values, 'worldSize');
    const dataset = context.stepsPerEpoch !== undefined ? { stepsPerEpoch: context.stepsPerEpoch } : trainSamples !== undefined ? { trainSamples, ...(worldSize !== undefined ? { worldSize } : {}) } : undefined;
    const policy = fromTrainingArguments(args, dataset);
    return { policy, importedFrom: 'transformers', label: `HF Trainer ${String(args.lr_scheduler_type ?? 'linear')}`, notes: dataset?.stepsPerEpoch !== undefined ? [`${dataset.stepsPerEpoch} updates per epoch`] : trainSamples !== undefined ? [`${trainSamples} training examples`] : [] };
  },
};

/** transformers' get_*_schedule* helpers, by the `get_scheduler` name they implement. */
const HF_HELPERS: Readonly<Record<string, string>> = {
  get_linear_schedule_with_warmup: 'linear',
  get_cosine_schedule_with_warmup: 'cosine',
  get_cosine_with_hard_restarts_schedule_with_warmup: 'cosine_with_restarts',
  get_polynomial_decay_schedule_with_warmup: 'polynomial',
  get_constant_schedule: 'constant',
  get_constant_schedule_with_warmup: 'constant_with_warmup',
  get_inverse_sqrt_schedule: 'inverse_sqrt',
  get_cosine_with_min_lr_schedule_with_warmup: 'cosine_with_min_lr',
  get_cosine_with_min_lr_schedule_with_warmup_lr_rate: 'cosine_warmup_with_min_lr',
  get_wsd_schedule: 'warmup_stable_decay',
};

const transformers: Importer = {
  id: 'transformers',
  label: 'Hugging Face',
  fields: [
    { key: 'name', label: 'lr_scheduler_type', kind: 'select', options: TRANSFORMERS_SCHEDULER_NAMES },
    { key: 'kwargs', label: 'arguments', kind: 'code', placeholder: 'num_warmup_steps=100, num_training_steps=1000 — or get_scheduler("cosine", optimizer, ...)' },
    { key: 'lr', label: 'optimizer lr (learning_rate)', kind: 'number', placeholder: '5e-5' },
  ],
  defaults: { name: 'cosine', kwargs: 'num_warmup_steps=100, num_training_steps=1000', lr: '5e-5' },
  run(values) {
    const p = pasted(values, 'kwargs');
    let name = values.name ?? 'linear';
    let args = p.args;
    if (p.callee === 'get_scheduler') {
      if (typeof args[0] === 'string') name = args[0];
      args = args.slice(1);
    } else if (p.callee && Object.hasOwn(HF_HELPERS, p.callee)) name = HF_HELPERS[p.callee];
    if (args.length > 1) throw new ImportError('kwargs: only the optimizer may be positional: write the other arguments as keyword=value', 'kwargs');
    const kwargs = resolve(p.kwargs, 'kwargs');
    const lr = number(values, 'lr');
    if (lr === undefined) throw new ImportError('lr: the optimizer\'s learning rate is needed: HF\'s schedules multiply it', 'lr');
    const schedule = fromTransformers(name, kwargs, { lr });
    return { policy: asPolicy(schedule), importedFrom: 'transformers', label: `HF ${name}`, notes: [`get_scheduler('${name}', optimizer(lr=${lr}), ${kwargsText(kwargs)})`] };
  },
};

/** Every "from" source, in the order of the selector. */
export const IMPORTERS: readonly Importer[] = [torch, keras, optax, timm, timmArgs, transformers, trainingArguments];

export function importerById(id: string): Importer | undefined {
  return IMPORTERS.find((i) => i.id === id);
}

/** The message lines of a failed import: each spec issue with its path, or the form problem. */
export function importFailure(error: unknown): string[] {
  if (error instanceof ScheduleSpecError) return error.issues.map((i) => (i.path.length > 0 ? `${i.message} (at ${formatPath(i.path)})` : i.message));
  if (error instanceof ImportError) return [error.message];
  if (error instanceof Error) return [error.message];
  return [String(error)];
}
