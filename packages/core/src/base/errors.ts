/** A location inside a spec document, e.g. `['lr', 'parts', 1, 'steps']`. */
export type SpecPath = ReadonlyArray<string | number>;

/**
 * What kind of problem an issue is. A closed list, so tools can branch on it:
 *
 * Reading the input: `invalid_json` (text that is not JSON), `not_plain_data` (a class instance,
 * Map, function, symbol or bigint where JSON data belongs), `unreadable` (a getter or proxy threw),
 * `hole` (an array with an empty slot), `reserved_key` (`__proto__`, `constructor`, `prototype`),
 * `cycle` (the document contains itself), `too_deep`, `too_large` (more nodes or a longer string
 * than a document may have), `too_many_issues` (the rest of the issues, counted).
 *
 * One field: `missing`, `unknown_key`, `unknown_type`, `invalid_type`, `invalid_enum`,
 * `not_finite`, `not_integer`, `out_of_range`, `too_small`, `too_long`.
 *
 * Across fields: `conflict` (two fields that exclude each other), `wrong_length`, `out_of_order`,
 * `zero_length_phase`, `overflow` (the schedule's arithmetic or value range is not finite),
 * `invalid_value` (any other rule between fields).
 *
 * Importers and exporters: `unsupported` (a peer feature cyclr does not reproduce), `refused` (a
 * peer feature refused on purpose, with the alternative named), `closure` (a peer config holding
 * code), `not_expressible` (a cyclr spec the peer cannot express).
 */
export type IssueCode =
  | 'invalid_json'
  | 'not_plain_data'
  | 'unreadable'
  | 'hole'
  | 'reserved_key'
  | 'cycle'
  | 'too_deep'
  | 'too_large'
  | 'too_many_issues'
  | 'missing'
  | 'unknown_key'
  | 'unknown_type'
  | 'invalid_type'
  | 'invalid_enum'
  | 'not_finite'
  | 'not_integer'
  | 'out_of_range'
  | 'too_small'
  | 'too_long'
  | 'conflict'
  | 'wrong_length'
  | 'out_of_order'
  | 'zero_length_phase'
  | 'overflow'
  | 'invalid_value'
  | 'unsupported'
  | 'refused'
  | 'closure'
  | 'not_expressible';

/** Every issue code, in the order of the documentation above. */
export const ISSUE_CODES: readonly IssueCode[] = [
  'invalid_json', 'not_plain_data', 'unreadable', 'hole', 'reserved_key', 'cycle', 'too_deep', 'too_large', 'too_many_issues',
  'missing', 'unknown_key', 'unknown_type', 'invalid_type', 'invalid_enum', 'not_finite', 'not_integer', 'out_of_range', 'too_small', 'too_long',
  'conflict', 'wrong_length', 'out_of_order', 'zero_length_phase', 'overflow', 'invalid_value',
  'unsupported', 'refused', 'closure', 'not_expressible',
];

/** One problem found in a spec document, as data. */
export interface SpecIssue {
  code: IssueCode;
  path: SpecPath;
  /** what was expected, in words: "a positive number" */
  expected: string;
  /** the value found at `path` (undefined when missing); large values are cut down (see `formatReceived`) */
  received: unknown;
  /** one sentence: "upSteps must be a positive number, got -5" */
  message: string;
}

/** At most this many issues are kept from one document; the rest are counted in one `too_many_issues` issue. */
export const MAX_ISSUES = 1000;

/** Longest text echoed from the input in a message (strings, keys, JSON excerpts). */
export const MAX_ECHO = 60;

/** Control characters (C0, DEL, C1) and lone surrogates, shown as escapes. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with control characters as `\x..`/`\u....` escapes, cut to `max` characters (`...` marks a cut). */
export function escapeText(text: string, max = MAX_ECHO): string {
  const cut = text.length > max ? `${text.slice(0, Math.max(0, max - 3))}...` : text;
  return cut.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Formats a path as `lr.parts[1].upSteps`; keys are escaped and cut like any echoed text. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key) && key.length <= MAX_ECHO) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(escapeText(key))}]`;
  }
  return out === '' ? '(root)' : out;
}

/** Renders a received value for a message: short, JSON-like, control characters escaped, never throws. */
export function formatReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (typeof value === 'bigint') return `${escapeText(String(value))}n`;
  if (typeof value === 'string') return JSON.stringify(escapeText(value));
  if (typeof value === 'symbol' || typeof value === 'function') return typeof value;
  try {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${String(v)}n` : v));
    if (text === undefined) return typeof value;
    return escapeText(text);
  } catch {
    return typeof value;
  }
}

/** A received value fit to keep in an issue: primitives as they are (long strings cut), containers as a short JSON excerpt. */
export function keepReceived(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 197)}...` : value;
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? typeof value : value;
  return formatReceived(value);
}

/** Prints issues the way the CLI and error messages show them. */
export function formatIssues(issues: readonly SpecIssue[]): string {
  return issues.map((i) => `✖ ${i.message}\n  → at ${formatPath(i.path)}`).join('\n');
}

/**
 * Thrown by `parseSchedule`, `parsePolicy`, builders, importers and `compileSchedule` when a document
 * is invalid. `issues` lists every problem found (up to `MAX_ISSUES`, then a count), not just the first.
 */
export class ScheduleSpecError extends Error {
  readonly issues: readonly SpecIssue[];

  constructor(issues: readonly SpecIssue[]) {
    super(formatIssues(issues));
    this.name = 'ScheduleSpecError';
    this.issues = issues;
  }
}

/** An issue built from its parts (`message` defaults to "<name> must be <expected>, got <received>"). */
export function issue(code: IssueCode, path: SpecPath, expected: string, received: unknown, message?: string): SpecIssue {
  return { code, path: [...path], expected, received: keepReceived(received), message: message ?? mustBe(path, expected, received) };
}

/** "<name> must be <expected>, got <received>", naming the last key of `path`. */
export function mustBe(path: SpecPath, expected: string, received: unknown): string {
  const last = path[path.length - 1];
  const name = typeof last === 'number' ? `${labelOf(path[path.length - 2] ?? 'item')}[${last}]` : last === undefined ? 'value' : labelOf(last);
  return `${name} must be ${expected}, got ${formatReceived(received)}`;
}

function labelOf(key: string | number): string {
  return typeof key === 'number' ? String(key) : escapeText(key);
}
