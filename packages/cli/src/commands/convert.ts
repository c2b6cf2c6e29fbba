import {
  ScheduleSpecError, fromKeras, fromOptax, fromTimm, fromTimmArgs, fromTorch, fromTrainingArguments, fromTransformers, toKeras, toOptax, toTorch,
  type Policy, type Schedule,
} from '@cyclr/core';
import { parse as parseYaml } from 'yaml';
import { InputError, UsageError } from '../errors.js';
import { formatIssueList } from '../issues.js';
import { clipTypes, displayName, parseDocument, readText, writeOutput } from '../load.js';
import type { CommandRun } from '../command.js';
import { EXPECTED, type FromFormat, type ToFormat } from '../formats.js';
import { MAX_ECHO, clip, escapeControl, oneLine, quote } from '../text.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Options {
  from?: FromFormat;
  to?: ToFormat;
  output?: string;
  stepsPerEpoch?: number;
  fractionalEpochs?: boolean;
  trainSamples?: number;
  worldSize?: number;
  batchSize?: number;
}

/** The shape each --from format expects: fields with a check each; `open` allows other fields. */
interface Shape {
  fields: Record<string, { required?: boolean; ok: (v: unknown) => boolean; expected: string }>;
  open?: boolean;
}
const name = { required: true, ok: (v: unknown) => typeof v === 'string' && v.length > 0, expected: 'a non-empty string' };
const record = { ok: isObject, expected: 'an object' };
const SHAPES: Record<FromFormat, Shape | undefined> = {
  torch: { fields: { class: name, kwargs: record, optimizer: record } },
  keras: undefined,
  optax: { fields: { name, kwargs: record } },
  timm: { fields: {}, open: true },
  transformers: { fields: { name, kwargs: record, optimizer: { required: true, ok: (v) => isObject(v) && typeof v.lr === 'number', expected: 'an object with a number lr' } } },
  'hf-trainer': { fields: {}, open: true },
  'timm-args': { fields: {}, open: true },
};

/** The flags each --from format takes, beyond --from, --to and -o. */
const FLAGS: Record<FromFormat, readonly (keyof Options)[]> = {
  torch: ['stepsPerEpoch', 'fractionalEpochs'],
  keras: [],
  optax: [],
  timm: [],
  transformers: [],
  'hf-trainer': ['trainSamples', 'worldSize', 'stepsPerEpoch'],
  'timm-args': ['stepsPerEpoch', 'batchSize', 'worldSize'],
};
const FLAG_NAMES: Record<string, string> = {
  stepsPerEpoch: '--steps-per-epoch', fractionalEpochs: '--fractional-epochs', trainSamples: '--train-samples', worldSize: '--world-size', batchSize: '--batch-size',
};

/** Problems with `input` as a `from` input, as "✖ message / → at path" lines. */
function shapeProblems(from: FromFormat, input: unknown): string[] {
  const shape = SHAPES[from];
  if (shape === undefined) return [];
  if (!isObject(input)) return ['✖ expected an object', '  → at (root)'];
  const out: string[] = [];
  for (const [key, f] of Object.entries(shape.fields)) {
    if (input[key] === undefined) {
      if (f.required) out.push(`✖ ${key} is required (${f.expected})`, `  → at ${key}`);
    } else if (!f.ok(input[key])) out.push(`✖ ${key} must be ${f.expected}`, `  → at ${key}`);
  }
  if (!shape.open) for (const key of Object.keys(input).filter((k) => !(k in shape.fields)).slice(0, 10)) out.push(`✖ unknown field ${quote(key)}`, '  → at (root)');
  return out;
}

const asPolicy = (lr: Schedule): Policy => ({ version: 1, lr });

function importFrom(from: FromFormat, input: unknown, file: string, o: Options): Policy {
  const problems = shapeProblems(from, input);
  if (problems.length > 0) throw new InputError(`${file} is not a ${from} input:\n${problems.join('\n')}\nExpected ${EXPECTED[from]}`);
  const v = input as Record<string, never>;
  switch (from) {
    case 'torch':
      return fromTorch(v.class, v.kwargs ?? {}, v.optimizer, o.stepsPerEpoch === undefined ? {} : { stepsPerEpoch: o.stepsPerEpoch, fractionalEpochs: o.fractionalEpochs === true });
    case 'keras':
      return asPolicy(fromKeras(v));
    case 'optax':
      return asPolicy(fromOptax(v.name, v.kwargs ?? {}));
    case 'timm':
      return asPolicy(fromTimm(v));
    case 'transformers':
      return asPolicy(fromTransformers(v.name, v.kwargs ?? {}, v.optimizer));
    case 'hf-trainer': {
      const dataset = o.stepsPerEpoch !== undefined ? { stepsPerEpoch: o.stepsPerEpoch } : o.trainSamples !== undefined ? { trainSamples: o.trainSamples, ...(o.worldSize !== undefined ? { worldSize: o.worldSize } : {}) } : undefined;
      return fromTrainingArguments(v, dataset);
    }
    case 'timm-args':
      return fromTimmArgs(v, { updatesPerEpoch: o.stepsPerEpoch as number, ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}), ...(o.worldSize !== undefined ? { worldSize: o.worldSize } : {}) });
  }
}

/** JSON, or YAML for .yaml/.yml files; standard input and other names: JSON, else YAML. */
function parseInput(text: string, path: string, file: string): unknown {
  const yamlFile = /\.ya?ml$/i.test(path);
  if (!yamlFile) {
    try {
      return clipTypes(JSON.parse(text));
    } catch (error) {
      if (/\.json$/i.test(path)) {
        const reason = error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message;
        throw new InputError(`${file}: not valid JSON: ${oneLine(reason, 200)}`);
      }
    }
  }
  try {
    return clipTypes(parseYaml(text, { maxAliasCount: 100, uniqueKeys: true }));
  } catch (error) {
    throw new InputError(`${file}: not valid ${yamlFile ? 'YAML' : 'JSON or YAML'}: ${oneLine((error as Error).message, 200)}`);
  }
}

export const run: CommandRun = async (args, io) => {
  const o = args.options as Options;
  const to = o.to ?? 'cyclr';
  if (o.from === undefined && to === 'cyclr') throw new UsageError('convert needs --from FORMAT (or --to keras|torch|optax)', 'convert');
  if (args.positionals.length !== 1) throw new UsageError('convert takes one input file (or - for stdin)', 'convert');
  for (const key of Object.keys(FLAG_NAMES) as (keyof Options)[]) {
    if (o[key] !== undefined && (o.from === undefined || !FLAGS[o.from].includes(key))) {
      const takers = (Object.keys(FLAGS) as FromFormat[]).filter((f) => FLAGS[f].includes(key));
      throw new UsageError(`${FLAG_NAMES[key]} applies to --from ${takers.join(' or --from ')}`, 'convert');
    }
  }
  if (o.from === 'timm-args' && o.stepsPerEpoch === undefined) throw new UsageError('convert --from timm-args needs --steps-per-epoch N (optimizer updates per epoch)', 'convert');
  if (o.fractionalEpochs === true && o.stepsPerEpoch === undefined) throw new UsageError('--fractional-epochs needs --steps-per-epoch N (the iters of step(epoch + i / iters))', 'convert');
  const path = args.positionals[0];
  const file = displayName(path);
  const input = parseInput(await readText(path, io), path, file);
  let text: string;
  try {
    let policy: Policy;
    if (o.from !== undefined) policy = importFrom(o.from, input, file, o);
    else {
      const doc = parseDocument(input);
      policy = doc.kind === 'policy' ? doc.spec : asPolicy(doc.spec);
    }
    if (to === 'keras' || to === 'optax') {
      const dropped = Object.keys(policy).filter((k) => !['version', 'lr', 'description', '$schema'].includes(k));
      if (dropped.length > 0) io.stderr.write(`note: ${to === 'keras' ? 'Keras' : 'optax'} schedules drive the learning rate only; left out: ${dropped.map((k) => escapeControl(clip(k, MAX_ECHO))).join(', ')}\n`);
    }
    if (to === 'keras') text = `${JSON.stringify(toKeras(policy.lr), null, 2)}\n`;
    else if (to === 'torch') text = toTorch(policy);
    else if (to === 'optax') text = toOptax(policy.lr);
    else text = `${JSON.stringify(policy, null, 2)}\n`;
  } catch (error) {
    if (error instanceof ScheduleSpecError) {
      throw new InputError(`${file}: cannot convert${o.from ? ` from ${o.from}` : ''}${to !== 'cyclr' ? ` to ${to}` : ''}:\n${formatIssueList(error.issues)}`);
    }
    throw error;
  }
  if (o.output !== undefined) {
    await writeOutput(o.output, text, io);
    io.stderr.write(`wrote ${displayName(o.output)}\n`);
  } else io.stdout.write(text);
  return 0;
};
