import { ScheduleSpecError, fromKeras, fromOptax, fromTimm, fromTorch, fromTransformers, toKeras, type Policy, type Schedule } from '@cyclr/core';
import { InputError, UsageError } from '../errors.js';
import { formatIssueList } from '../issues.js';
import { displayName, parseDocument, readJson, writeOutput } from '../load.js';
import type { CommandRun } from '../command.js';
import { EXPECTED, type FromFormat } from '../formats.js';
import { MAX_ECHO, clip, escapeControl, quote } from '../text.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

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

function importFrom(from: FromFormat, input: unknown, file: string): Policy {
  const problems = shapeProblems(from, input);
  if (problems.length > 0) throw new InputError(`${file} is not a ${from} input:\n${problems.join('\n')}\nExpected ${EXPECTED[from]}`);
  const v = input as Record<string, never>;
  switch (from) {
    case 'torch':
      return fromTorch(v.class, v.kwargs ?? {}, v.optimizer);
    case 'keras':
      return asPolicy(fromKeras(v));
    case 'optax':
      return asPolicy(fromOptax(v.name, v.kwargs ?? {}));
    case 'timm':
      return asPolicy(fromTimm(v));
    case 'transformers':
      return asPolicy(fromTransformers(v.name, v.kwargs ?? {}, v.optimizer));
  }
}

export const run: CommandRun = async (args, io) => {
  const o = args.options as { from?: FromFormat; to?: 'cyclr' | 'keras'; output?: string };
  if (o.from === undefined && o.to !== 'keras') throw new UsageError('convert needs --from FORMAT (or --to keras)', 'convert');
  if (args.positionals.length !== 1) throw new UsageError('convert takes one input file (or - for stdin)', 'convert');
  const path = args.positionals[0];
  const file = displayName(path);
  const input = await readJson(path, io);
  let out: unknown;
  try {
    let policy: Policy;
    if (o.from !== undefined) policy = importFrom(o.from, input, file);
    else {
      const doc = parseDocument(input);
      policy = doc.kind === 'policy' ? doc.spec : asPolicy(doc.spec);
    }
    out = policy;
    if (o.to === 'keras') {
      const dropped = Object.keys(policy).filter((k) => !['version', 'lr', 'description', '$schema'].includes(k));
      if (dropped.length > 0) io.stderr.write(`note: Keras schedules drive the learning rate only; left out: ${dropped.map((k) => escapeControl(clip(k, MAX_ECHO))).join(', ')}\n`);
      out = toKeras(policy.lr);
    }
  } catch (error) {
    if (error instanceof ScheduleSpecError) {
      throw new InputError(`${file}: cannot convert${o.from ? ` from ${o.from}` : ''}${o.to === 'keras' ? ' to keras' : ''}:\n${formatIssueList(error.issues)}`);
    }
    throw error;
  }
  const text = `${JSON.stringify(out, null, 2)}\n`;
  if (o.output !== undefined) {
    await writeOutput(o.output, text, io);
    io.stderr.write(`wrote ${displayName(o.output)}\n`);
  } else io.stdout.write(text);
  return 0;
};
