/**
 * Text that reaches the terminal from the outside (file contents, file names, argument values) is
 * escaped and clipped before it is printed: control characters (C0, DEL, C1 and the bidi controls)
 * become `\xNN` / `\uNNNN`, so a file cannot move the cursor, set the window title or hide text; and a
 * value longer than its limit is cut with a note of how much was left out.
 */

/** Longest echo of one value from the input (a key, a string, a file name), in characters. */
export const MAX_ECHO = 120;
/** Longest line of a message, in characters. */
export const MAX_LINE = 400;

// C0 controls but tab and newline, DEL, C1 controls, bidi and zero-width format characters.
/* eslint-disable no-control-regex -- matching control characters is the point */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const CONTROL_WITH_BREAKS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/* eslint-enable no-control-regex */

const hex = (c: string): string => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** Cuts `text` to `max` characters, saying how many were left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Escapes control characters; newlines and tabs too unless `multiline`. */
export function escapeControl(text: string, multiline = false): string {
  return text.replace(multiline ? CONTROL : CONTROL_WITH_BREAKS, hex);
}

/** One value from the outside, for a message: escaped, clipped, in double quotes. */
export function quote(text: string, max = MAX_ECHO): string {
  return `"${escapeControl(clip(text, max)).replace(/"/g, '\\"')}"`;
}

/** A message that may carry input text: every line escaped and clipped to MAX_LINE. */
export function safeLines(text: string, max = MAX_LINE): string {
  return text
    .split('\n')
    .map((line) => escapeControl(clip(line, max)))
    .join('\n');
}

/** A message on one line: line breaks become spaces first, then escaped and clipped. */
export function oneLine(text: string, max = MAX_LINE): string {
  return escapeControl(clip(text.replace(/\s*\n\s*/g, ' ').trim(), max));
}

/** Longest input a did-you-mean compares (longer strings are never near a known name). */
export const MAX_SUGGEST_INPUT = 64;

/** Edit distance between two short strings (case-insensitive). */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[t.length];
}

/**
 * The known name closest to `input`, when it is close (at most a third of its letters, or 2, off);
 * undefined for inputs longer than MAX_SUGGEST_INPUT, so the cost stays bounded.
 */
export function nearest(input: string, names: readonly string[]): string | undefined {
  if (input.length === 0 || input.length > MAX_SUGGEST_INPUT) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(input, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}
