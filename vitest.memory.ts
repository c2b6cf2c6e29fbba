// Memory figures for the soak tests: a full garbage collection first (V8's `gc`, exposed at run
// time for this process), so the resident set and the heap show what is kept, not garbage waiting.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function memoryAfterGc(): { rss: number; heapUsed: number } {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}
