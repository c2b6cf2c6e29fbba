import { formatPath, type SpecIssue } from '@cyclr/core';
import { MAX_ECHO, clip, escapeControl } from './text.js';

/** Issues listed per file; the rest are counted. */
export const MAX_ISSUES = 100;

/**
 * Issues as core prints them (`✖ message` / `→ at path`), the first MAX_ISSUES only, each message and
 * path escaped and clipped, then "… and N more issues". The cost is bounded by MAX_ISSUES, not by
 * how many issues there are.
 */
export function formatIssueList(issues: readonly SpecIssue[], indent = ''): string {
  const lines: string[] = [];
  const shown = Math.min(issues.length, MAX_ISSUES);
  for (let i = 0; i < shown; i++) {
    const issue = issues[i];
    lines.push(`${indent}✖ ${escapeControl(clip(String(issue.message), 3 * MAX_ECHO))}`);
    lines.push(`${indent}  → at ${escapeControl(clip(formatPath(issue.path), MAX_ECHO))}`);
  }
  if (issues.length > shown) lines.push(`${indent}… and ${issues.length - shown} more issue${issues.length - shown === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** "N issue(s)". */
export const issueCount = (n: number): string => `${n} issue${n === 1 ? '' : 's'}`;
