import { explainSchedule, formatValue } from '@cyclr/core';
import { UsageError } from '../errors.js';
import { loadDocument } from '../load.js';
import type { CommandRun } from '../command.js';
import { safeLines } from '../text.js';

export const run: CommandRun = async (args, io) => {
  const o = args.options as { steps?: number; phases?: boolean };
  if (args.positionals.length !== 1) throw new UsageError('explain takes one spec file (or - for stdin)', 'explain');
  const doc = await loadDocument(args.positionals[0], io);
  const e = explainSchedule(doc.spec as never, o.steps === undefined ? {} : { totalSteps: o.steps });
  io.stdout.write(e.sentences.map((s) => `${safeLines(s)}\n`).join(''));
  if (o.phases) {
    const rows = e.phases.map((p) => [String(p.start), Number.isFinite(p.end) ? String(p.end) : '∞', formatValue(p.from), formatValue(p.to), p.trend]);
    const header = ['start', 'end', 'from', 'to', 'trend'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ').trimEnd();
    io.stdout.write(`\n${line(header)}\n${rows.map((r) => line(r)).join('\n')}\n`);
  }
  return 0;
};
