/** Longest string a did-you-mean looks at (longer input gets no suggestion: edit distance is quadratic). */
export const MAX_SUGGEST_LENGTH = 64;

/** Edit distance (Levenshtein), case-insensitive, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length];
}

/**
 * The closest of `names` to `input`, or undefined when none is reasonably close (or the input is
 * longer than `MAX_SUGGEST_LENGTH`: bounded work on hostile input).
 */
export function nearest(input: string, names: Iterable<string>): string | undefined {
  if (input.length > MAX_SUGGEST_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    if (name.length > MAX_SUGGEST_LENGTH) continue;
    const d = editDistance(input, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (best !== undefined && (bestDistance <= Math.max(2, Math.floor(input.length / 3)) || norm(best) === norm(input))) return best;
  return undefined;
}

/** " (did you mean "x"?)" or "". */
export function didYouMean(input: unknown, names: Iterable<string>): string {
  if (typeof input !== 'string') return '';
  const hint = nearest(input, names);
  return hint === undefined ? '' : ` (did you mean ${JSON.stringify(hint)}?)`;
}
