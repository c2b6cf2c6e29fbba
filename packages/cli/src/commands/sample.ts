import { compileSchedule, policyEntries, type Schedule } from '@cyclr/core';
import { UsageError } from '../errors.js';
import { loadDocument } from '../load.js';
import type { CommandRun } from '../command.js';

const MAX_STEP = BigInt(Number.MAX_SAFE_INTEGER);

/** Rows written per chunk: output streams out, memory stays constant whatever --steps is. */
const CHUNK = 4096;

/**
 * Values at steps start, start + stride, ... below --steps (at most --count rows). Steps are bigints
 * (options and labels exact at any size); a row past 2^53 - 1, where core no longer evaluates, is a
 * usage error before anything is printed.
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
  // core evaluates steps up to 2^53 - 1 exactly and refuses larger ones: say so before printing
  const lastByCount = count < 0n ? -1n : start + (count - 1n) * stride;
  const lastBySteps = below < 0n ? -1n : below - 1n - ((below - 1n - start) % stride + stride) % stride;
  const last = lastByCount < 0n ? lastBySteps : lastBySteps < 0n ? lastByCount : lastByCount < lastBySteps ? lastByCount : lastBySteps;
  if (last > MAX_STEP) throw new UsageError(`the rows reach step ${last}, past ${MAX_STEP} (2^53 - 1), the last step schedules are evaluated at exactly; lower --start, --stride or --count/--steps`, 'sample');
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
