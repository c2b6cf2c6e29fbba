/* global process, URL, performance */
// The studio's bundle size and first-render time, as a markdown section for bench/RESULTS.md.
// Builds the app with its Vite config (minified, as shipped) into a temp dir and gzips each file
// (level 9); then serves it on 127.0.0.1 and loads it RUNS times in headless Chromium, each in a
// fresh browser context (cold cache), reading the time from navigation start to the page's
// `studio:first-render` mark (the first chart in the DOM, the editor and feedback already there)
// and to the first contentful paint.
// Usage: npm run bench -w @cyclr/studio
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const RUNS = Number(process.env.RUNS ?? 15);
const APP = fileURLToPath(new URL('..', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'cyclr-studio-bench-'));
await build({ configFile: join(APP, 'vite.config.ts'), logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });

async function files(root) {
  const out = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const p = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out;
}
const rows = [];
let total = 0;
let totalGz = 0;
for (const f of (await files(dir)).sort()) {
  const body = await readFile(f);
  const gz = gzipSync(body, { level: 9 }).length;
  total += (await stat(f)).size;
  totalGz += gz;
  rows.push(`| \`${relative(dir, f).replace(/-[\w-]{8}\./, '-[hash].')}\` | ${(body.length / 1000).toFixed(1)} | ${(gz / 1000).toFixed(1)} |`);
}

// What the script is made of: the same entry bundled by esbuild (minified), bytes by package.
const meta = await esbuild.build({ entryPoints: [join(APP, 'src/main.ts')], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, metafile: true, conditions: ['@cyclr/source'], logLevel: 'silent' });
const byPackage = {};
for (const [path, info] of Object.entries(meta.metafile.outputs[Object.keys(meta.metafile.outputs)[0]].inputs)) {
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? (path.match(/packages\/([^/]+)/) ? `@cyclr/${path.match(/packages\/([^/]+)/)[1]}` : 'the studio (src/)');
  const group = pkg.startsWith('@codemirror/') || pkg.startsWith('@lezer/') || ['style-mod', 'w3c-keyname', 'crelt', '@marijn/find-cluster-break'].includes(pkg) ? 'CodeMirror 6 (+ lezer)' : pkg.startsWith('d3-') ? 'd3 (via @cyclr/plot)' : pkg;
  byPackage[group] = (byPackage[group] ?? 0) + info.bytesInOutput;
}
const parts = Object.entries(byPackage).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ');

// First render in headless Chromium.
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = join(dir, path === '/' ? 'index.html' : path);
  if (!file.startsWith(dir)) return void res.writeHead(403).end();
  readFile(file).then((b) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(b), () => res.writeHead(404).end());
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const render = [];
const paint = [];
try {
  for (let i = 0; i < RUNS + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    const t = await page.evaluate(() => ({
      render: performance.getEntriesByName('studio:first-render')[0]?.startTime,
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    }));
    await context.close();
    if (i === 0) continue; // the first load warms Chromium itself, not the page
    render.push(t.render);
    if (t.paint !== undefined) paint.push(t.paint);
  }
} finally {
  await browser.close();
  server.close();
  await rm(dir, { recursive: true, force: true });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (v) => `${Math.round(v)} ms`;

process.stdout.write(`Built app (\`npm run studio:build\`, Vite, minified), each file gzipped at level 9:

| file | min kB | min+gzip kB |
| --- | ---: | ---: |
${rows.join('\n')}
| **total** | **${(total / 1000).toFixed(1)}** | **${(totalGz / 1000).toFixed(1)}** |

The script by package (esbuild bundle of the same entry, minified kB): ${parts}.

First render in headless Chromium (1280×800, served from 127.0.0.1, a fresh context each load, ${RUNS} loads after one warm-up; the default one-cycle policy): navigation start to the first chart in the page (\`studio:first-render\`, editor, issues, lint and explanation already shown) median ${ms(median(render))} (min ${ms(Math.min(...render))}, max ${ms(Math.max(...render))}); first contentful paint median ${paint.length ? ms(median(paint)) : 'n/a'}.
`);
