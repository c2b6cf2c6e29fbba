/**
 * The output formats: one entry per format, each turning the valid document into text to copy or
 * download. Adding an exporter is one entry in EXPORTERS. A format the document cannot be written
 * in throws core's ScheduleSpecError (`not_expressible`, with the path of the field in the way),
 * which the studio lists like a validation issue.
 */
import { ScheduleSpecError, policyEntries, sample, toKeras, toOptax, toTorch, type Policy, type SpecIssue } from '@cyclr/core';

export interface ExportInput {
  /** the editor's text (valid) */
  text: string;
  policy: Policy;
  /** whether the document is a bare schedule (its paths have no `lr` in front) */
  isSchedule: boolean;
  /** the steps the chart shows: [first, last], inclusive */
  range: readonly [number, number];
  stepsPerEpoch?: number;
}

export interface ExportOutput {
  text: string;
  filename: string;
  mime: string;
  notes: string[];
}

export interface Exporter {
  id: string;
  label: string;
  run(input: ExportInput): ExportOutput;
}

/** Issues about the lr schedule, with the document's path (`lr` in front when it is a policy). */
function inDocument(error: unknown, input: ExportInput): never {
  if (error instanceof ScheduleSpecError && !input.isSchedule) {
    throw new ScheduleSpecError(error.issues.map((i): SpecIssue => ({ ...i, path: ['lr', ...i.path] })));
  }
  throw error;
}

const others = (policy: Policy): string[] => policyEntries(policy).map(([k]) => k).filter((k) => k !== 'lr');

const cyclrJson: Exporter = {
  id: 'cyclr',
  label: 'cyclr JSON',
  run: (input) => ({
    text: `${JSON.stringify(JSON.parse(input.text), null, 2)}\n`,
    filename: input.isSchedule ? 'schedule.cyclr.json' : 'policy.cyclr.json',
    mime: 'application/json',
    notes: [],
  }),
};

const keras: Exporter = {
  id: 'keras',
  label: 'Keras config',
  run(input) {
    let config;
    try {
      config = toKeras(input.policy.lr);
    } catch (error) {
      inDocument(error, input);
    }
    const rest = others(input.policy);
    return {
      text: `${JSON.stringify(config, null, 2)}\n`,
      filename: 'keras-schedule.json',
      mime: 'application/json',
      notes: [
        'keras.optimizers.schedules.deserialize(config) gives the schedule; pass it as the optimizer\'s learning_rate',
        ...(rest.length > 0 ? [`a Keras schedule sets the learning rate only: ${rest.join(', ')} not exported`] : []),
      ],
    };
  },
};

/** The document itself to core's code exporters (a bare schedule as one, so issue paths match the text). */
const documentOf = (input: ExportInput) => (input.isSchedule ? input.policy.lr : input.policy);

const torchCode: Exporter = {
  id: 'pytorch',
  label: 'PyTorch code',
  run: (input) => ({
    text: toTorch(documentOf(input)),
    filename: 'cyclr_schedule_torch.py',
    mime: 'text/x-python',
    notes: ['scheduler = make_scheduler(optimizer); call scheduler.step() once after each optimizer.step()'],
  }),
};

const optaxCode: Exporter = {
  id: 'optax',
  label: 'optax code',
  run(input) {
    const rest = others(input.policy);
    return {
      text: toOptax(documentOf(input)),
      filename: 'cyclr_schedule_optax.py',
      mime: 'text/x-python',
      notes: ['an optax schedule: pass it as the optimizer\'s learning_rate', ...(rest.length > 0 ? [`an optax schedule is one hyperparameter: the lr; ${rest.join(', ')} not exported`] : [])],
    };
  },
};

/** The most rows a CSV holds; a longer range is sampled with a stride. */
export const MAX_CSV_ROWS = 100_000;

const csv: Exporter = {
  id: 'csv',
  label: 'CSV of values',
  run(input) {
    const [first, last] = input.range;
    const span = last - first + 1;
    const stride = Math.max(1, Math.ceil(span / MAX_CSV_ROWS));
    const count = Math.ceil(span / stride);
    const entries = policyEntries(input.policy);
    const columns = entries.map(([, spec]) => sample(spec, { start: first, count, stride }));
    const spe = input.stepsPerEpoch;
    const header = ['step', ...(spe ? ['epoch'] : []), ...entries.map(([k]) => k)].join(',');
    const rows: string[] = [header];
    for (let i = 0; i < count; i++) {
      const t = first + i * stride;
      rows.push([String(t), ...(spe ? [String(t / spe)] : []), ...columns.map((c) => String(c[i]))].join(','));
    }
    return {
      text: `${rows.join('\n')}\n`,
      filename: 'schedule-values.csv',
      mime: 'text/csv',
      notes: [`steps ${first} to ${last}${stride > 1 ? `, every ${stride}th step (at most ${MAX_CSV_ROWS} rows)` : ''}: the range on the chart`],
    };
  },
};

/** Every output format, in the order of the selector. */
export const EXPORTERS: readonly Exporter[] = [cyclrJson, keras, torchCode, optaxCode, csv];

export function exporterById(id: string): Exporter | undefined {
  return EXPORTERS.find((e) => e.id === id);
}
