import { helpText, parseCommandLine } from './args.js';
import { EXIT, InputError, UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { COMMANDS, type Command } from './registry.js';
import { nearest, oneLine, quote, safeLines } from './text.js';

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: cyclr <command> [options]',
    '',
    'Hyperparameter schedules (cyclical LR, one-cycle, cosine, decays) as JSON: plot, check, explain and convert them.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'A file may hold a schedule ({ "type": ... }) or a policy ({ "version": 1, "lr": ..., "momentum": ... }); - reads standard input.',
    "Run 'cyclr <command> --help' for a command's options.",
    '',
    'Exit codes: 0 success, 1 invalid input, a failed check or an unreadable/unwritable file, 2 a usage error,',
    '70 an internal error (a bug; --debug prints its stack trace).',
    '',
  ].join('\n');
}

const commandHelp = (c: Command): string => helpText(c.usage, c.description, c.options, c.notes);

const isSpecError = (e: unknown): e is Error & { issues: unknown[] } => e instanceof Error && e.name === 'ScheduleSpecError' && Array.isArray((e as { issues?: unknown }).issues);

/**
 * Runs the cyclr command line: `argv` without the node and script paths. Returns the exit code
 * (see mainHelp); never throws and never calls process.exit. `--debug` anywhere before `--` adds the
 * stack trace to an internal error.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const end = argv.indexOf('--');
  const debug = argv.slice(0, end < 0 ? argv.length : end).includes('--debug');
  const args = debug ? argv.filter((a, i) => a !== '--debug' || (end >= 0 && i > end)) : argv;
  const [name, ...rest] = args;
  if (name === undefined) {
    io.stderr.write(mainHelp());
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const target = rest[0] === undefined ? undefined : COMMANDS.find((c) => c.name === rest[0]);
    io.stdout.write(target ? commandHelp(target) : mainHelp());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    const { createRequire } = await import('node:module');
    io.stdout.write(`cyclr ${(createRequire(import.meta.url)('../package.json') as { version: string }).version}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const label = command ? `cyclr ${command.name}` : 'cyclr';
  try {
    if (!command) {
      const guess = nearest(name, COMMANDS.map((c) => c.name));
      throw new UsageError(`unknown command ${quote(name)}${guess ? ` (did you mean ${guess}?)` : ''} (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    }
    const parsed = parseCommandLine(rest, command.options, command.name);
    if (parsed.help) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    const runCommand = await command.load();
    return await runCommand(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${label}: ${oneLine(error.message)}\n`);
      io.stderr.write(command ? `Usage: ${command.usage}\nRun 'cyclr ${command.name} --help' for details.\n` : "Run 'cyclr --help' for the commands.\n");
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      io.stderr.write(`${label}: ${safeLines(error.message)}\n`);
      return EXIT.failure;
    }
    if (isSpecError(error)) {
      const { formatIssueList } = await import('./issues.js');
      io.stderr.write(`${label}: invalid spec:\n${formatIssueList(error.issues as never)}\n`);
      return EXIT.failure;
    }
    if (error instanceof RangeError) {
      // core's contract for numbers it cannot use (a step, a count): the input's fault
      io.stderr.write(`${label}: ${oneLine(error.message)}\n`);
      return EXIT.failure;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(`${label}: internal error: ${oneLine(message)}${debug ? '' : ' (a bug in cyclr; run with --debug for the stack trace)'}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${safeLines(error.stack)}\n`);
    return EXIT.internal;
  }
}
