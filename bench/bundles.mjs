// Browser bundle sizes of each entry (its framework external: @tensorflow/*, onnxruntime-*), built
// from the workspace's dist/ with esbuild (minified ESM, platform browser) and gzipped (level 9).
// The consumer test (tests/consumer) holds the installed tarballs to the same budgets.
// Usage: node bench/bundles.mjs   (after npm run build)
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ENTRIES = [
  ['@cyclr/core', 57_000],
  ['@cyclr/tfjs-adapter', 30_000, ['scheduleCallback', 'bindOptimizer']],
  ['@cyclr/tfjs-adapter', 34_000],
  ['@cyclr/plot', 55_000],
  ['@cyclr/onnx-adapter', 64_000],
];
const rows = [];
for (const [entry, budget, names] of ENTRIES) {
  const what = names ? `{ ${names.join(', ')} }` : '*';
  const r = await esbuild.build({ stdin: { contents: `export ${what} from '${entry}';`, resolveDir: new URL('.', import.meta.url).pathname }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, metafile: true, logLevel: 'silent', external: ['@tensorflow/*', 'onnxruntime-*'] });
  const code = r.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const byPackage = {};
  for (const [path, info] of Object.entries(r.metafile.outputs[Object.keys(r.metafile.outputs)[0]].inputs)) {
    const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.match(/packages\/([^/]+)/)?.[1] ?? path;
    byPackage[pkg] = (byPackage[pkg] ?? 0) + info.bytesInOutput;
  }
  const parts = Object.entries(byPackage).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ');
  rows.push(`| \`${what}\` from \`${entry}\` | ${(code.length / 1000).toFixed(1)} | ${(gz / 1000).toFixed(1)} | ${budget / 1000} | ${parts} |`);
}
process.stdout.write(`Browser bundles (esbuild, minified, framework external)\n\n| entry | min kB | min+gzip kB | budget kB | minified kB by package |\n| --- | ---: | ---: | ---: | --- |\n${rows.join('\n')}\n`);
