import { formatPath, type SpecIssue } from '@cyclr/core';
import { MAX_ECHO, clip, escapeControl } from './text.js';

/** Issues listed per file; the rest are counted. */
export const MAX_ISSUES = 100;

/**
 * Issues as core prints them (`✖ message` / `→ at path`), the first MAX_ISSUES only, each message and
 * path escaped and clipped, then "… and N more issues". The cost is bounded by MAX_ISSUES, not by
 * how many issues there are.
 */
export function formatIssueList(all: readonly SpecIssue[], indent = ''): string {
  const lines: string[] = [];
  const issues = listed(all);
  const shown = Math.min(issues.length, MAX_ISSUES);
  for (let i = 0; i < shown; i++) {
    const issue = issues[i];
    lines.push(`${indent}✖ ${escapeControl(clip(String(issue.message), 3 * MAX_ECHO))}`);
    lines.push(`${indent}  → at ${escapeControl(clip(formatPath(issue.path), MAX_ECHO))}`);
  }
  const more = issueTotal(all) - shown;
  if (more > 0) lines.push(`${indent}… and ${more} more issue${more === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** Core lists at most 1,000 issues and ends the list with a `too_many_issues` count of the rest. */
const dropped = (issues: readonly SpecIssue[]): number => {
  const last = issues[issues.length - 1];
  return last?.code === 'too_many_issues' && typeof last.received === 'number' ? last.received : -1;
};
const listed = (issues: readonly SpecIssue[]): readonly SpecIssue[] => (dropped(issues) >= 0 ? issues.slice(0, -1) : issues);

/** How many issues the document has, the ones core only counted included. */
export const issueTotal = (issues: readonly SpecIssue[]): number => listed(issues).length + Math.max(0, dropped(issues));

/** "N issue(s)", counting the ones core only counted. */
export const issueCount = (issues: readonly SpecIssue[]): string => {
  const n = issueTotal(issues);
  return `${n} issue${n === 1 ? '' : 's'}`;
};
