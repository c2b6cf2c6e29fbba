/**
 * The commands: names, help and options, without their implementations, which are imported only
 * when a command runs (so `cyclr --help` and `cyclr <command> --help` load none of core or plot).
 */
import { bigInteger, integer, oneOf, type OptionSpec } from './args.js';
import type { Command } from './command.js';
import { UsageError } from './errors.js';
import { EXPECTED, FROM_FORMATS, TO_FORMATS } from './formats.js';

export type { Command, CommandRun } from './command.js';

/** The run length, in every command that takes one. */
const steps = (what: string): OptionSpec => ({ name: 'steps', kind: 'value', arg: 'N', parse: integer(1), description: what });

/**
 * Optimizer names `cyclr lint --optimizer` takes: core's LINT_OPTIMIZERS (kept here so that help and
 * option parsing load nothing of core; test/optimizers.test.ts holds the two lists equal), by what
 * they have.
 */
export const KNOWN_OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'lamb'] as const;
export const OPTIMIZERS = {
  withoutMomentum: ['sgd', 'adagrad', 'adadelta'],
  withMomentum: ['momentum', 'nesterov', 'rmsprop'],
  adamLike: ['adam', 'adamw', 'adamax', 'nadam', 'radam', 'lamb'],
} as const;

const outputFile =
  (pattern: RegExp, expected: string) =>
  (text: string, flag: string): string => {
    if (!pattern.test(text)) throw new UsageError(`${flag} must end in ${expected}`);
    return text;
  };

export const COMMANDS: readonly Command[] = [
  {
    name: 'plot',
    summary: 'draw a schedule or policy in the terminal, or to SVG, PNG or an HTML report',
    usage: 'cyclr plot <spec.json|->... [--steps N | --epochs E --steps-per-epoch S] [--log] [-o out.svg|out.png|out.html]',
    description:
      'Plots a schedule or a policy (lr on the left axis, momentum/beta1 on the right); several files are overlaid. A training history ({ "loss": [...], ... }) or an LR range test ({ "lrs": [...], "losses": [...] }, analysed by core) plots too. Without -o it draws in the terminal.',
    options: [
      steps('the run length: plot steps 0 to N - 1 (default: the schedule horizon plus 5%)'),
      { name: 'epochs', kind: 'value', arg: 'E', parse: integer(1), description: 'the run length in epochs, with --steps-per-epoch (x axis in epochs)' },
      { name: 'steps-per-epoch', kind: 'value', arg: 'S', parse: integer(1), description: 'optimizer steps per epoch' },
      { name: 'log', kind: 'boolean', description: 'log scale for the learning rate' },
      { name: 'output', short: 'o', kind: 'value', arg: 'FILE', parse: outputFile(/\.(svg|png|html?)$/i, '.svg, .png or .html'), description: 'write FILE.svg, FILE.png or FILE.html instead of drawing in the terminal' },
      { name: 'title', kind: 'value', arg: 'TEXT', description: 'chart title' },
      { name: 'width', kind: 'value', arg: 'W', parse: integer(1), description: 'width: pixels for files (default 720), characters in the terminal (default: terminal width)' },
      { name: 'height', kind: 'value', arg: 'H', parse: integer(1), description: 'height: pixels for files (default 420), rows in the terminal (default 16)' },
      { name: 'color', kind: 'boolean', description: 'ANSI colours in the terminal (default: when stdout is a colour terminal and NO_COLOR is unset)' },
    ],
    notes: [
      'PNG output needs the optional packages @resvg/resvg-js and dejavu-fonts-ttf.',
      '',
      'Examples:',
      '  cyclr plot one-cycle.json',
      '  cyclr plot policy.json --log -o policy.svg',
      '  cyclr plot clr.json --epochs 10 --steps-per-epoch 390 -o report.html',
      '  cyclr plot cosine.json one-cycle.json --steps 1000 -o compare.svg',
    ],
    load: () => import('./commands/plot.js').then((m) => m.run),
  },
  {
    name: 'validate',
    summary: 'check schedule and policy files; print every issue with its path',
    usage: 'cyclr validate <file...>',
    description: 'Validates each file as a policy (an object with "lr") or a schedule (an object with "type"), every file whatever the others hold. Exit 0 when all are valid, 1 otherwise.',
    options: [],
    notes: ['At most 100 issues are listed per file, then the number left out.'],
    load: () => import('./commands/validate.js').then((m) => m.run),
  },
  {
    name: 'explain',
    summary: 'describe a schedule or policy phase by phase, in sentences',
    usage: 'cyclr explain <spec.json|-> [--steps N] [--phases]',
    description: 'Prints what the schedule does: each phase, the peak and the minimum.',
    options: [steps('the run length: explain the steps a run of N updates uses'), { name: 'phases', kind: 'boolean', description: 'also print a table of phases (start, end, from, to)' }],
    load: () => import('./commands/explain.js').then((m) => m.run),
  },
  {
    name: 'lint',
    summary: 'point out likely mistakes in a valid schedule or policy',
    usage: 'cyclr lint <spec.json|-> [--steps N] [--optimizer NAME] [--strict]',
    description: 'Prints each finding as "severity code at path: message". Exit 1 when there is a warning (with --strict, any finding).',
    options: [
      steps('the run length in optimizer updates (checks the schedule fits it)'),
      { name: 'optimizer', kind: 'value', arg: 'NAME', parse: oneOf(KNOWN_OPTIMIZERS), description: `the optimizer the policy drives: ${KNOWN_OPTIMIZERS.join(', ')}` },
      { name: 'strict', kind: 'boolean', description: 'fail on info findings too' },
    ],
    load: () => import('./commands/lint.js').then((m) => m.run),
  },
  {
    name: 'convert',
    summary: 'import a PyTorch, Keras, optax, timm or HF config (JSON or YAML); export to Keras, PyTorch or optax',
    usage: 'cyclr convert --from FORMAT <input.json|input.yaml|-> [--to FORMAT]  |  cyclr convert --to keras|torch|optax <spec.json|->',
    description: 'Prints the cyclr policy for a framework config (--from), or the Keras config, a PyTorch or an optax Python snippet for a cyclr spec or policy (--to).',
    options: [
      { name: 'from', kind: 'value', arg: 'FORMAT', parse: oneOf(FROM_FORMATS), description: FROM_FORMATS.join(', ') },
      { name: 'to', kind: 'value', arg: 'FORMAT', parse: oneOf(TO_FORMATS), description: 'cyclr (default: the policy JSON), keras (JSON), torch or optax (Python)' },
      { name: 'steps-per-epoch', kind: 'value', arg: 'N', parse: integer(1), description: 'updates per epoch: torch (a scheduler stepped once per epoch), timm-args (required), hf-trainer (instead of --train-samples)' },
      { name: 'fractional-epochs', kind: 'boolean', description: 'torch with --steps-per-epoch: the script calls scheduler.step(epoch + i / iters) after each update' },
      { name: 'train-samples', kind: 'value', arg: 'N', parse: integer(1), description: 'hf-trainer: training examples, len(train_dataset)' },
      { name: 'world-size', kind: 'value', arg: 'W', parse: integer(1), description: 'hf-trainer, timm-args: data-parallel devices (default 1)' },
      { name: 'batch-size', kind: 'value', arg: 'B', parse: integer(1), description: 'timm-args: the global batch size, for lr: null (lr = lr_base × B / lr_base_size)' },
      { name: 'output', short: 'o', kind: 'value', arg: 'FILE', description: 'write to FILE instead of standard output' },
    ],
    notes: [
      'Input by format (JSON, or YAML for .yaml/.yml files; standard input may be either):',
      ...FROM_FORMATS.map((f) => `  ${f.padEnd(13)}${EXPECTED[f]}`),
      '',
      'Examples:',
      '  cyclr convert --from hf-trainer training_args.json --train-samples 10000 --world-size 4',
      '  cyclr convert --from timm-args args.yaml --steps-per-epoch 625 --batch-size 1024',
      '  cyclr convert --from torch step-lr.json --steps-per-epoch 390',
      '  cyclr convert --from torch warm-restarts.json --steps-per-epoch 390 --fractional-epochs',
      '  cyclr convert --from keras config.json --to torch',
      '  cyclr convert --to torch one-cycle.json -o scheduler.py',
      '  cyclr convert --to optax cosine.json',
    ],
    load: () => import('./commands/convert.js').then((m) => m.run),
  },
  {
    name: 'sample',
    summary: 'print the values at each step as CSV or JSON',
    usage: 'cyclr sample <spec.json|-> (--steps N | --count C) [--start S] [--stride K] [--format csv|json]',
    description: 'Evaluates the schedule (or every hyperparameter of a policy) at steps S, S+K, S+2K, ... below N (and at most C of them).',
    options: [
      { name: 'steps', kind: 'value', arg: 'N', parse: bigInteger(1n), description: 'the run length: steps below N' },
      { name: 'count', kind: 'value', arg: 'C', parse: bigInteger(1n), description: 'at most C rows' },
      { name: 'start', kind: 'value', arg: 'S', parse: bigInteger(0n), description: 'first step, default 0' },
      { name: 'stride', kind: 'value', arg: 'K', parse: bigInteger(1n), description: 'steps between rows, default 1' },
      { name: 'format', kind: 'value', arg: 'csv|json', parse: oneOf(['csv', 'json']), description: 'csv (default): a header then one row per step; json: an array of { step, lr, ... }' },
    ],
    notes: ['Steps are read and printed exactly at any size; rows past step 2^53 - 1 (where schedules are no longer evaluated exactly) are refused.'],
    load: () => import('./commands/sample.js').then((m) => m.run),
  },
];
