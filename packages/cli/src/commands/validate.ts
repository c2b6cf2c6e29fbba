import { ScheduleSpecError, policyEntries } from '@cyclr/core';
import { InputError, UsageError } from '../errors.js';
import { formatIssueList, issueCount } from '../issues.js';
import { displayName, parseDocument, readJson } from '../load.js';
import type { CommandRun } from '../command.js';
import { escapeControl, oneLine, safeLines } from '../text.js';

/** Checks every file, whatever any one of them holds or throws; exit 1 when one is not valid. */
export const run: CommandRun = async (args, io) => {
  if (args.positionals.length === 0) throw new UsageError('validate needs at least one file (or - for stdin)', 'validate');
  if (args.positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once', 'validate');
  let failed = 0;
  for (const path of args.positionals) {
    const name = displayName(path);
    try {
      const doc = parseDocument(await readJson(path, io));
      const what = doc.kind === 'policy' ? `policy (${policyEntries(doc.spec).map(([k]) => k).join(', ')})` : `${escapeControl(doc.spec.type)} schedule`;
      io.stdout.write(`✔ ${name}: valid ${what}\n`);
    } catch (error) {
      failed++;
      if (error instanceof ScheduleSpecError) io.stderr.write(`✖ ${name}: ${issueCount(error.issues)}\n${formatIssueList(error.issues, '  ')}\n`);
      else if (error instanceof InputError) io.stderr.write(`✖ ${safeLines(error.message)}\n`);
      else if (error instanceof RangeError) io.stderr.write(`✖ ${name}: cannot be checked: ${oneLine(error.message, 200)}\n`);
      else io.stderr.write(`✖ ${name}: internal error while checking it: ${oneLine(String(error), 200)} (a bug in cyclr)\n`);
    }
  }
  return failed === 0 ? 0 : 1;
};
