// A real model trains with a one-cycle policy on the WebGL backend in headless Chromium (SwiftShader),
// and the page checks the applied-value history against core's valuesAt.
import { valuesAt, type Policy } from '@cyclr/core';
import { build } from 'esbuild';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

let dir = '';
let server: Server | undefined;
let url = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cyclr-webgl-'));
  await build({
    entryPoints: [fileURLToPath(new URL('./webgl/page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    conditions: ['@cyclr/source'],
    outfile: join(dir, 'page.js'),
    logLevel: 'silent',
  });
  await writeFile(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
  server = createServer((req, res) => {
    const name = req.url === '/page.js' ? 'page.js' : 'index.html';
    readFile(join(dir, name)).then(
      (body) => {
        res.writeHead(200, { 'content-type': name.endsWith('.js') ? 'text/javascript' : 'text/html' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('WebGL backend in headless Chromium', () => {
  it('trains a real model with a one-cycle policy and applies exactly valuesAt(policy, t) at every step', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => (globalThis as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 90_000 });
      const result = await page.evaluate(() => (globalThis as unknown as { __result: { backend: string; steps: number; mismatches: string[]; lrLog: number[]; firstLoss: number; finalLoss: number; error?: string } }).__result);
      expect(result.error).toBeUndefined();
      expect(result.backend).toBe('webgl');
      expect(result.steps).toBe(24);
      expect(result.mismatches).toEqual([]);
      // epoch logs carry the lr of each epoch's last update; Chromium's Math.cos may differ from
      // Node's in the last bit, so across engines the values agree to 1e-12 (inside the page: exactly)
      const policy: Policy = { version: 1, lr: { type: 'oneCycle', steps: 24, from: 0.004, peak: 0.1, to: 4e-7 } };
      const expected = [3, 7, 11, 15, 19, 23].map((t) => valuesAt(policy, t).lr);
      expect(result.lrLog).toHaveLength(6);
      result.lrLog.forEach((lr, i) => expect(Math.abs(lr - expected[i])).toBeLessThanOrEqual(1e-12 * expected[i]));
      expect(result.finalLoss).toBeLessThan(result.firstLoss);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
