// Runs the onnx-adapter benchmarks on the TypeScript sources: bundles bench/overhead.ts and
// bench/accuracy.ts, bench/agreement.ts with esbuild (the `@cyclr/source` condition, onnxruntime-node external) into
// temporary files and runs them (`node bench/run.mjs accuracy` runs only that one).
// Prints a markdown section (the root `npm run bench` collects it). Not a test.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { rmSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
for (const name of ['overhead', 'accuracy', 'agreement']) {
  if (only !== undefined && only !== name) continue;
  const out = `${here}.${name}.bundle.mjs`;
  await build({
    entryPoints: [`${here}${name}.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    conditions: ['@cyclr/source'],
    external: ['onnxruntime-node'],
    outfile: out,
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  try {
    const r = spawnSync(process.execPath, [out], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  } finally {
    rmSync(out, { force: true });
  }
}
