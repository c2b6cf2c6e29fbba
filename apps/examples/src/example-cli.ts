// The small command-line frame the extra examples share: `--key value` flags tokenized by the
// `cyclr` command's own parser (Node's util.parseArgs, with did-you-mean for unknown flags), values
// checked with a zod schema, `--help`, and exit codes (0 done, 1 failed, 2 bad arguments).
import { parseCommandLine, UsageError, type OptionSpec } from '@cyclr/cli';
import type { z } from 'zod';

export type Io = {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
};

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Parses `--key value` arguments (kebab-case flags to camelCase keys, one flag per key of `schema`)
 * and checks them with `schema`; 'help' for --help. `bare` gives the value of a flag given alone;
 * the keys in `booleans` are flags without a value (`--quick`).
 */
export function parseFlags<S extends z.ZodObject>(argv: string[], schema: S, bare: Record<string, string> = {}, booleans: readonly string[] = []): z.infer<S> | 'help' {
  const specs: OptionSpec[] = Object.keys(schema.shape).map((key) =>
    booleans.includes(key) ? { name: kebab(key), kind: 'boolean', description: key } : { name: kebab(key), kind: 'value', description: key, bare: bare[key] },
  );
  let raw: ReturnType<typeof parseCommandLine>;
  try {
    raw = parseCommandLine(argv, specs);
  } catch (error) {
    throw new Error(error instanceof UsageError ? `${error.message} (see --help)` : String(error));
  }
  if (raw.help) return 'help';
  if (raw.positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(raw.positionals[0])} (see --help)`);
  const parsed = schema.safeParse(raw.options);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `--${kebab(String(issue.path[0] ?? ''))}: ${issue.message}`).join('\n'));
  }
  return parsed.data;
}

/** Runs an example as a command: parses flags, prints help, maps errors to exit codes. */
export async function runCommand<S extends z.ZodObject>(
  argv: string[],
  io: Io,
  schema: S,
  help: string,
  run: (options: z.infer<S>, io: Io) => Promise<unknown>,
): Promise<number> {
  let options: z.infer<S> | 'help';
  try {
    options = parseFlags(argv, schema);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout.write(help);
    return 0;
  }
  try {
    await run(options, io);
    return 0;
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
}

/** max |a[i] - b[i]| over two equally long sequences. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
