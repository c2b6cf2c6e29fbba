#!/usr/bin/env node
// The `cyclr` executable. Committed (not built) so that npm links it at install time, in the
// repository too: `npx cyclr` works after `npm ci` (and runs once `npm run build` made dist/).
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    process.stderr.write('cyclr: not built yet: run `npm run build` in the repository first\n');
    process.exitCode = 70;
  } else throw error;
});
