import type { OptionSpec, ParsedArgs } from './args.js';
import type { CliIO } from './io.js';

/** Runs a command with parsed arguments; returns the exit code (throws UsageError / InputError). */
export type CommandRun = (args: ParsedArgs, io: CliIO) => Promise<number>;

export interface Command {
  name: string;
  /** one line for the command list */
  summary: string;
  usage: string;
  description: string;
  options: readonly OptionSpec[];
  notes?: readonly string[];
  /** imports the implementation */
  load(): Promise<CommandRun>;
}
