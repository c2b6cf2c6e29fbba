// @cyclr/cli — the `cyclr` command as a library: run(argv, io) returns the exit code.
export { run, mainHelp } from './main.js';
export { COMMANDS, KNOWN_OPTIMIZERS, type Command, type CommandRun } from './registry.js';
export { processIO } from './node-io.js';
export { parseCommandLine, helpText, camel, integer, bigInteger, positiveNumber, oneOf, type OptionSpec, type ParsedArgs } from './args.js';
export { UsageError, InputError, EXIT } from './errors.js';
export { escapeControl, clip, quote, nearest } from './text.js';
export type { CliIO, OutStream } from './io.js';
