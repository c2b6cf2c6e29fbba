/**
 * Command-line options on Node's `util.parseArgs`, shared by the `cyclr` commands and the examples.
 * Each option is declared once (flag, kind, how its value parses, its help line); parsing gives typed
 * values or a UsageError: unknown options (with a did-you-mean), missing values, repeated options,
 * and values that do not parse name their flag. Everything echoed from the command line is escaped
 * and clipped (see text.ts).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { nearest, quote } from './text.js';

/** One option: `--name value` / `--name=value`, or a boolean `--name` / `--no-name`. */
export interface OptionSpec {
  /** kebab-case flag without the dashes, e.g. 'steps-per-epoch'; its value is under the camelCase key */
  name: string;
  kind: 'value' | 'boolean';
  /** one-letter alias, e.g. 'o' for -o */
  short?: string;
  /** placeholder in help, e.g. 'N' */
  arg?: string;
  description: string;
  /** turns the text of a value option into its value (throw UsageError); default: the text */
  parse?: (text: string, flag: string) => unknown;
  /** the value of a value option given without one (`--data` alone), instead of an error */
  bare?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** parsed values by camelCase key; absent when not given */
  options: Record<string, unknown>;
  help: boolean;
}

export const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const looksLikeFlag = (text: string): boolean => /^--?[A-Za-z]/.test(text);

/**
 * Parses `argv` against `specs`. `-` is a positional (standard input) and `--` ends the options;
 * `-h`/`--help` anywhere before `--` sets `help`. `command` names the command in errors.
 */
export function parseCommandLine(argv: readonly string[], specs: readonly OptionSpec[], command?: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const s of specs) options[s.name] = { type: s.kind === 'value' ? 'string' : 'boolean', ...(s.short ? { short: s.short } : {}) };
  // Options with a bare value: `--data` followed by nothing or another flag means `--data=<bare>`.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const spec = token.startsWith('--') ? byName.get(token.slice(2)) : undefined;
    const next = argv[i + 1];
    args.push(spec?.bare !== undefined && (next === undefined || looksLikeFlag(next)) ? `${token}=${spec.bare}` : token);
  }
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, allowNegative: true, tokens: true });
  const positionals: string[] = [];
  const values: Record<string, unknown> = {};
  const flagOf = (s: OptionSpec): string => `--${s.name}`;
  let help = false;
  for (const t of tokens) {
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    if (t.name === 'help') {
      help = true;
      continue;
    }
    const spec = byName.get(t.name); // parseArgs already maps a known short alias to its long name
    const negated = t.rawName.startsWith('--no-');
    if (spec === undefined || (negated && spec.kind !== 'boolean')) {
      const typed = t.rawName;
      if (/^-\d/.test(typed)) {
        // a negative number where a positional goes: keep it as one
        positionals.push(t.inlineValue ? `${typed}=${t.value}` : typed);
        continue;
      }
      const known = specs.map(flagOf);
      const guess = typed.startsWith('--') ? nearest(typed.replace(/^--(no-)?/, ''), specs.map((s) => s.name)) : undefined;
      throw new UsageError(`unknown option ${quote(typed)}${guess ? ` (did you mean --${guess}?)` : known.length > 0 ? ` (options: ${known.join(', ')})` : ' (this command takes no options)'}`, command);
    }
    const key = camel(spec.name);
    const flag = flagOf(spec);
    if (key in values) throw new UsageError(`${flag} given more than once`, command);
    if (spec.kind === 'boolean') {
      if (t.inlineValue) {
        if (t.value !== 'true' && t.value !== 'false') throw new UsageError(`${flag} takes no value (or =true/=false), got ${quote(t.value ?? '')}`, command);
        values[key] = t.value === 'true';
      } else values[key] = !negated;
      continue;
    }
    const text = t.value;
    if (text === undefined || (!t.inlineValue && looksLikeFlag(text))) throw new UsageError(`${flag} needs a value${spec.arg ? ` (${spec.arg})` : ''}`, command);
    try {
      values[key] = spec.parse ? spec.parse(text, flag) : text;
    } catch (error) {
      if (error instanceof UsageError && error.command === undefined) throw new UsageError(error.message, command);
      throw error;
    }
  }
  return { positionals, options: values, help };
}

// ------------------------------------------------------------------ value parsers

const fail = (flag: string, expected: string, text: string): never => {
  throw new UsageError(`${flag} must be ${expected}, got ${quote(text)}`);
};

/** A whole number >= `min` as a number (at most 2^53 - 1). */
export const integer =
  (min: number) =>
  (text: string, flag: string): number => {
    const expected = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    if (!/^\d{1,16}$/.test(text)) fail(flag, expected, text);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min) fail(flag, `${expected}${Number.isSafeInteger(n) ? '' : ' below 2^53'}`, text);
    return n;
  };

/** A whole number >= `min` of any size, exactly (a bigint). */
export const bigInteger =
  (min: bigint) =>
  (text: string, flag: string): bigint => {
    const expected = min === 0n ? 'a non-negative integer' : 'a positive integer';
    if (!/^\d{1,400}$/.test(text)) fail(flag, expected, text);
    const n = BigInt(text);
    if (n < min) fail(flag, expected, text);
    return n;
  };

/** A finite number > 0. */
export const positiveNumber = (text: string, flag: string): number => {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!(Number.isFinite(n) && n > 0)) fail(flag, 'a positive number', text);
  return n;
};

/** One of `choices` (a did-you-mean for near misses). */
export const oneOf =
  <T extends string>(choices: readonly T[]) =>
  (text: string, flag: string): T => {
    if ((choices as readonly string[]).includes(text)) return text as T;
    const guess = nearest(text, choices);
    throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got ${quote(text)}${guess ? ` (did you mean ${guess}?)` : ''}`);
  };

// ------------------------------------------------------------------ help

/** Help text for a command: usage line, description and its options. */
export function helpText(usage: string, description: string, specs: readonly OptionSpec[], notes: readonly string[] = []): string {
  const rows = specs.map((s) => [`${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.kind === 'value' ? ` ${s.bare !== undefined ? `[${s.arg ?? 'VALUE'}]` : (s.arg ?? 'VALUE')}` : ''}`, s.description] as const);
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [`Usage: ${usage}`, '', description, '', 'Options:', ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`), ...(notes.length > 0 ? ['', ...notes] : []), ''].join('\n');
}
