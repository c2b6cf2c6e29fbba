import { compileSchedule, policyEntries, type Schedule } from '@cyclr/core';
import { UsageError } from '../errors.js';
import { loadDocument } from '../load.js';
import type { CommandRun } from '../registry.js';

/** Rows written per chunk: output streams out, memory stays constant whatever --steps is. */
const CHUNK = 4096;

/**
 * Values at steps start, start + stride, ... below --steps (at most --count rows). Steps are exact
 * bigints for the labels; each value is evaluated at `Number(step)`, the nearest double (exact up to
 * 2^53).
 */
export const run: CommandRun = async (args, io) => {
  const o = args.options as { steps?: bigint; count?: bigint; start?: bigint; stride?: bigint; format?: 'csv' | 'json' };
  if (o.steps === undefined && o.count === undefined) throw new UsageError('sample needs --steps N (the run length) or --count C (rows)', 'sample');
  if (args.positionals.length !== 1) throw new UsageError('sample takes one spec file (or - for stdin)', 'sample');
  const doc = await loadDocument(args.positionals[0], io);
  const entries: Array<[string, Schedule]> = doc.kind === 'policy' ? policyEntries(doc.spec) : [['lr', doc.spec]];
  const columns = entries.map(([name, spec]) => [name, compileSchedule(spec)] as const);
  const start = o.start ?? 0n;
  const stride = o.stride ?? 1n;
  const below = o.steps ?? -1n;
  const count = o.count ?? -1n;
  const csv = (o.format ?? 'csv') === 'csv';
  let out = csv ? `${['step', ...columns.map(([n]) => n)].join(',')}\n` : '[';
  let rows = 0n;
  for (let step = start; (below < 0n || step < below) && (count < 0n || rows < count); step += stride, rows++) {
    const t = Number(step);
    if (csv) out += `${step},${columns.map(([, fn]) => String(fn(t))).join(',')}\n`;
    else out += `${rows > 0n ? ',' : ''}{"step":${step}${columns.map(([n, fn]) => `,${JSON.stringify(n)}:${JSON.stringify(fn(t))}`).join('')}}`;
    if ((rows + 1n) % BigInt(CHUNK) === 0n) {
      io.stdout.write(out);
      out = '';
    }
  }
  io.stdout.write(csv ? out : `${out}]\n`);
  return 0;
};
