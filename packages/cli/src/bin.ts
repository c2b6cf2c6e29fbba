#!/usr/bin/env node
import { run } from './main.js';
import { processIO } from './node-io.js';

// `cyclr sample ... | head` closes the pipe early: stop quietly instead of crashing.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`cyclr: cannot write to standard output: ${error.code ?? error.message}\n`);
  process.exit(1);
});

// run() reports every error itself; this is the last resort for a bug in that reporting.
run(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cyclr: internal error: ${String(error instanceof Error ? error.message : error).split('\n')[0]}\n`);
    process.exitCode = 70;
  },
);
