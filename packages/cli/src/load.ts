import { ScheduleSpecError, parsePolicy, parseSchedule, type Policy, type Schedule } from '@cyclr/core';
import { isPolicyLike } from '@cyclr/plot';
import { InputError } from './errors.js';
import type { CliIO } from './io.js';
import { formatIssueList } from './issues.js';
import { MAX_ECHO, clip, escapeControl, oneLine } from './text.js';

/** A file's name for messages: `-` is standard input; escaped and clipped. */
export const displayName = (path: string): string => (path === '-' ? '<stdin>' : escapeControl(clip(path, MAX_ECHO)));

const CAUSES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent of it is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EFBIG: 'file too large',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** The cause of an I/O error in words, with its code: "is a directory (EISDIR)". */
export function ioCause(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && CAUSES[code]) return `${CAUSES[code]} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(typeof code === 'string' ? `${message} (${code})` : message, 200);
}

/** Reads a file (or standard input for `-`) as text; failures are one-line InputErrors. */
export async function readText(path: string, io: CliIO): Promise<string> {
  try {
    return path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'ERR_STRING_TOO_LONG' || error instanceof RangeError) throw new InputError(`cannot read ${displayName(path)}: the file is too large to read as text`);
    throw new InputError(`cannot read ${displayName(path)}: ${ioCause(error)}`);
  }
}

/** Writes an output file; failures are one-line InputErrors naming the path and the cause. */
export async function writeOutput(path: string, data: string | Uint8Array, io: CliIO): Promise<void> {
  try {
    await io.writeFile(path, data);
  } catch (error) {
    throw new InputError(`cannot write ${displayName(path)}: ${ioCause(error)}`);
  }
}

/** Reads and parses JSON, with the file name and the JSON error (escaped) in the message. */
export async function readJson(path: string, io: CliIO): Promise<unknown> {
  const text = await readText(path, io);
  try {
    return clipTypes(JSON.parse(text));
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message;
    throw new InputError(`${displayName(path)}: not valid JSON: ${oneLine(reason, 200)}`);
  }
}

/** No schedule type name is longer; a longer `type` is cut before validation (validity unchanged). */
export const MAX_TYPE_LENGTH = 64;

/**
 * Cuts every string `type` longer than MAX_TYPE_LENGTH, in place: such a type is never valid, and
 * core's did-you-mean would spend time quadratic in its length. One pass over the parsed JSON.
 */
export function clipTypes(value: unknown): unknown {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (key === 'type' && typeof v === 'string' && v.length > MAX_TYPE_LENGTH) record[key] = `${v.slice(0, MAX_TYPE_LENGTH)}… (${v.length - MAX_TYPE_LENGTH} more characters)`;
      else if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return value;
}

export type Document = { kind: 'schedule'; spec: Schedule } | { kind: 'policy'; spec: Policy };

/** Validates a parsed value as a policy (an object with `lr`/`version` and no `type`) or a schedule. */
export function parseDocument(value: unknown): Document {
  return isPolicyLike(value) ? { kind: 'policy', spec: parsePolicy(value) } : { kind: 'schedule', spec: parseSchedule(value) };
}

/** Reads a schedule or policy file; invalid specs become an InputError listing the issues with their paths. */
export async function loadDocument(path: string, io: CliIO): Promise<Document> {
  return documentFrom(await readJson(path, io), path);
}

/** Validates JSON already read from `path` (see loadDocument). */
export function documentFrom(value: unknown, path: string): Document {
  try {
    return parseDocument(value);
  } catch (error) {
    if (error instanceof ScheduleSpecError) throw new InputError(`${displayName(path)} is not a valid ${isPolicyLike(value) ? 'policy' : 'schedule'}:\n${formatIssueList(error.issues)}`);
    if (error instanceof RangeError) throw new InputError(`${displayName(path)} cannot be checked: ${oneLine(error.message, 200)}`);
    throw error;
  }
}
