import { formatPath, lintSchedule } from '@cyclr/core';
import { UsageError } from '../errors.js';
import { displayName, loadDocument } from '../load.js';
import type { CommandRun } from '../command.js';
import { MAX_ECHO, clip, escapeControl, safeLines } from '../text.js';

export const run: CommandRun = async (args, io) => {
  const o = args.options as { steps?: number; optimizer?: string; strict?: boolean };
  if (args.positionals.length !== 1) throw new UsageError('lint takes one spec file (or - for stdin)', 'lint');
  const doc = await loadDocument(args.positionals[0], io);
  const findings = lintSchedule(doc.spec, { totalSteps: o.steps, optimizer: o.optimizer });
  if (findings.length === 0) {
    io.stdout.write(`✔ ${displayName(args.positionals[0])}: no findings\n`);
    return 0;
  }
  for (const f of findings) io.stdout.write(`${f.severity === 'warning' ? '⚠ warning' : 'ℹ info'} ${f.code} at ${escapeControl(clip(formatPath(f.path), MAX_ECHO))}: ${safeLines(f.message)}\n`);
  const failing = findings.filter((f) => o.strict || f.severity === 'warning').length;
  return failing > 0 ? 1 : 0;
};
