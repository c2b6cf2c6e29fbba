// End-to-end: builds the studio with Vite into a temp dir, serves it from 127.0.0.1 and drives it in
// headless Chromium (Debian's, through playwright-core) as a person would: paste, type, click, hover,
// press keys. Every page must log nothing to the console and reach no other host. Screenshots go to
// test-output/ (or to $STUDIO_SCREENSHOTS: `npm run screenshots -w @cyclr/studio` writes docs/images/).
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromKeras, fromOptax, fromTorch, parsePolicy, toOptax, toTorch, valueAt, valuesAt, type Policy } from '@cyclr/core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from './serve.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const APP = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = process.env.STUDIO_SCREENSHOTS ? resolve(process.env.STUDIO_SCREENSHOTS) : join(APP, 'test-output');

let dir = '';
let server: StaticServer;
let browser: Browser;
/** what each page of the current test logged or reached that it should not have */
let problems: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cyclr-studio-'));
  await build({ configFile: join(APP, 'vite.config.ts'), logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
  server = await serveStatic(dir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
  const seen = problems;
  problems = [];
  expect(seen, 'console messages, page errors or requests off the local server').toEqual([]);
});

async function open(path = '', viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (m) => problems.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`request to ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(server.url + path);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** Replaces the editor's text through the keyboard (select all, then insert as typed text). */
async function typeDocument(page: Page, text: string): Promise<void> {
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** The editor's document, as the cyclr JSON export shows it (only while it is valid). */
async function currentPolicy(page: Page): Promise<Policy> {
  await page.selectOption('#export-format', 'cyclr');
  await expect.poll(() => page.inputValue('#export-text')).not.toBe('');
  return parsePolicy(await page.inputValue('#export-text'));
}

async function importFrom(page: Page, source: string, fields: Record<string, string>): Promise<void> {
  await page.selectOption('#export-format', 'cyclr');
  const before = await page.inputValue('#export-text');
  await page.selectOption('#from-source', source);
  for (const [key, value] of Object.entries(fields)) {
    const selector = `#from-${source}-${key}`;
    if ((await page.locator(selector).evaluate((e) => e.tagName)) === 'SELECT') await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }
  await page.click('#import');
  await expect.poll(async () => (await page.locator('#import-result .error').allTextContents()).join('\n')).toBe('');
  await expect.poll(() => page.inputValue('#export-text')).not.toBe(before);
}

/** Moves the mouse over the chart to the x position of `step`. */
async function hoverStep(page: Page, step: number): Promise<void> {
  const area = (await page.locator('#chart-svg rect.plot-area').boundingBox())!;
  const first = Number(await page.getAttribute('#chart', 'data-first'));
  const last = Number(await page.getAttribute('#chart', 'data-last'));
  await page.mouse.move(area.x + (area.width * (step - first)) / (last - first), area.y + area.height / 2);
}

async function readout(page: Page): Promise<{ step: number; values: Record<string, number> }> {
  const step = Number(await page.getAttribute('#readout', 'data-step'));
  const rows = await page.locator('#readout tr').evaluateAll((trs) => trs.map((tr) => [(tr as HTMLElement).dataset.name, Number((tr as HTMLElement).dataset.value)] as const));
  return { step, values: Object.fromEntries(rows) };
}

const TORCH_ONE_CYCLE = 'scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=100)';
const SGD = 'torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)';

describe('cyclr studio in headless Chromium', () => {
  it('plots a pasted PyTorch OneCycleLR call, and the read-out at the peak step equals valueAt', async () => {
    const page = await open();
    await importFrom(page, 'pytorch', { kwargs: TORCH_ONE_CYCLE, optimizer: SGD });
    const policy = await currentPolicy(page);
    const want = fromTorch('OneCycleLR', { max_lr: 0.1, total_steps: 100 }, { type: 'SGD', lr: 0.1, momentum: 0.9 });
    for (let t = 0; t < 110; t++) expect(valuesAt(policy, t), `step ${t}`).toEqual(valuesAt(want, t));
    // the plot: both curves drawn, momentum on the right axis, the peak's phase boundary
    await expect.poll(() => page.locator('#chart-svg path.line').count()).toBe(2);
    expect(await page.locator('#chart-svg g.axis.y2').count()).toBe(1);
    expect(await page.locator('#chart-svg g.vline').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-x')))).toContain('29');
    // the peak: PyTorch's pct_start·T - 1 = 29
    const last = Number(await page.getAttribute('#chart', 'data-last'));
    const lrs = Array.from({ length: last + 1 }, (_, t) => valueAt(policy.lr, t));
    const peak = lrs.indexOf(Math.max(...lrs));
    expect(peak).toBe(29);
    await hoverStep(page, peak);
    const r = await readout(page);
    expect(r.step).toBe(peak);
    expect(r.values.lr).toBe(valueAt(policy.lr, peak));
    expect(r.values.lr).toBe(0.1);
    expect(r.values.momentum).toBe(valueAt(policy.momentum!, peak));
    // and one step either side
    for (const t of [peak - 1, peak + 1]) {
      await hoverStep(page, t);
      expect(await readout(page)).toEqual({ step: t, values: { lr: valueAt(policy.lr, t), momentum: valueAt(policy.momentum!, t) } });
    }
    expect(await page.locator('#issues li.ok').count()).toBe(1);
    expect(await page.locator('#explain').textContent()).toContain('Highest lr: 0.1 at step 29');
    await hoverStep(page, peak);
    await page.screenshot({ path: join(SHOTS, 'studio.png') });
  });

  it('completes keys and family names and shows hover docs, from the JSON Schema', async () => {
    const page = await open();
    await typeDocument(page, '{"version": 1, "lr": {"type": "oneCycle", "steps": 100, "pe');
    await page.keyboard.press('Control+Space');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await options.first().waitFor({ timeout: 4000 });
    expect(await options.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('peak')]));
    expect(await page.locator('.cm-tooltip-autocomplete li[aria-selected]').textContent()).toMatch(/^peak/);
    await page.waitForTimeout(150); // CodeMirror ignores Enter for 75 ms after the list opens (interactionDelay)
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('0.1}}');
    await expect.poll(() => page.locator('#issues button').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.path))).toEqual(['lr.from', 'lr.to']);
    // hover the family name: its definition from the schema
    const spot = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('.cm-content')!, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent!.indexOf('oneCycle');
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i + 2);
        range.setEnd(n, i + 3);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      return undefined;
    });
    expect(spot).toBeDefined();
    await page.mouse.move(spot!.x, spot!.y);
    const doc = page.locator('.cm-schema-doc');
    await doc.waitFor({ timeout: 4000 });
    expect(await doc.textContent()).toContain('One-cycle (Smith & Topin 2018');
  });

  it('lists an invalid field with its path as you type, and clicking the issue puts the cursor on it', async () => {
    const page = await open();
    await typeDocument(page, '{\n  "version": 1,\n  "lr": {\n    "type": "oneCycle",\n    "steps": 1000,\n    "from": 0.004,\n    "peak": 0.1,\n    "to": 4e-7\n  }\n}\n');
    await expect.poll(() => page.locator('#issues li.ok').count()).toBe(1);
    // type a bad value: put the cursor after `"steps": ` on line 5 and write a minus sign
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    for (let i = 0; i < ',1000'.length; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('-');
    const issue = page.locator('#issues button[data-path="lr.steps"]');
    await issue.waitFor();
    expect(await issue.textContent()).toMatch(/steps must be .*-1000.* → at lr\.steps$/);
    expect(await page.locator('#issue-count').textContent()).toBe('(1)');
    // an unknown key too, typed on line 8 after `4e-7`
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.type(', "shap": "linear"');
    const typo = page.locator('#issues button[data-path="lr.shap"]');
    await typo.waitFor();
    expect(await typo.textContent()).toContain('shape');
    // the chart keeps the last valid document, dimmed; the export says why it is empty
    expect(await page.getAttribute('#chart', 'data-stale')).toBe('true');
    expect(await page.locator('#export-issues').textContent()).toContain('Fix the problems above');
    await page.screenshot({ path: join(SHOTS, 'studio-issues.png') });
    // move the cursor away, then click the issue: the editor has focus and the bad value selected
    await page.keyboard.press('Control+Home');
    expect(await page.locator('.cm-activeLineGutter').textContent()).toBe('1');
    await issue.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
    expect(await page.evaluate(() => getSelection()?.toString())).toBe('-1000');
    expect(await page.locator('.cm-activeLineGutter').textContent()).toBe('5');
    // the same from the keyboard: focus the other issue, press Enter
    await typo.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => getSelection()?.toString())).toBe('"linear"');
    expect(await page.locator('.cm-activeLineGutter').textContent()).toBe('8');
  });

  it('restores the exact view from its share link: document, overlays, zoom, scale, read-out', async () => {
    const page = await open();
    await importFrom(page, 'pytorch', { kwargs: TORCH_ONE_CYCLE, optimizer: SGD });
    // the same recipe from optax, for comparison: its peak is at floor(pct·T) = 30, PyTorch's at 29
    await page.selectOption('#from-source', 'optax');
    await page.fill('#from-optax-kwargs', 'optax.cosine_onecycle_schedule(transition_steps=100, peak_value=0.1, pct_start=0.3, div_factor=25.0, final_div_factor=1e4)');
    await page.click('#import-compare');
    await expect.poll(() => page.locator('#overlays li').count()).toBe(1);
    await page.fill('#zoom-from', '10');
    await page.fill('#zoom-to', '50');
    await page.click('#zoom-apply');
    await expect.poll(() => page.getAttribute('#chart', 'data-first')).toBe('10');
    await page.check('#log');
    await page.focus('#chart');
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const r = await readout(page);
    expect(r.step).toBe(30);
    const optax = fromOptax('cosine_onecycle_schedule', { transition_steps: 100, peak_value: 0.1, pct_start: 0.3, div_factor: 25, final_div_factor: 1e4 });
    expect(r.values['optax cosine_onecycle_schedule']).toBe(valueAt(optax, 30));
    await page.screenshot({ path: join(SHOTS, 'studio-compare.png') });
    await page.click('#share');
    await expect.poll(() => page.textContent('#copy-status')).toBe('share link copied');
    const link = await page.inputValue('#share-url');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(link.startsWith(server.url)).toBe(true);
    expect(new URL(link).hash).toMatch(/^#v1=[A-Za-z0-9_-]+$/);
    const view = async (p: Page) => ({
      policy: await p.inputValue('#export-text'),
      log: await p.isChecked('#log'),
      range: [await p.getAttribute('#chart', 'data-first'), await p.getAttribute('#chart', 'data-last')],
      overlays: await p.locator('#overlays li').allTextContents(),
      readout: await readout(p),
      svg: await p.locator('#chart-svg').innerHTML(),
    });
    const before = await view(page);
    const fresh = await open(new URL(link).hash);
    await expect.poll(() => fresh.locator('#overlays li').count()).toBe(1);
    const after = await view(fresh);
    expect(after).toEqual(before);
    expect(parsePolicy(after.policy)).toEqual(parsePolicy(before.policy));
  });

  it('exports to Keras, and importing that config gives the same values; PyTorch and optax code and CSV too', async () => {
    const page = await open();
    await importFrom(page, 'pytorch', { kwargs: 'CyclicLR(optimizer, base_lr=0.001, max_lr=0.01, step_size_up=20, mode="triangular2")', optimizer: 'SGD(lr=0.01, momentum=0.9)' });
    const original = await currentPolicy(page);
    await page.selectOption('#export-format', 'keras');
    await expect.poll(() => page.inputValue('#export-text')).toContain('Triangular2CyclicalLearningRate');
    const keras = await page.inputValue('#export-text');
    expect(await page.locator('#export-notes').textContent()).toContain('momentum not exported');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('keras-schedule.json');
    expect(await readFile(await download.path(), 'utf8')).toBe(keras);
    await importFrom(page, 'keras', { config: keras });
    const back = await currentPolicy(page);
    for (let t = 0; t < 400; t++) expect(valueAt(back.lr, t), `step ${t}`).toBe(valueAt(original.lr, t));
    const direct = fromKeras(JSON.parse(keras));
    for (let t = 0; t < 400; t++) expect(valueAt(direct, t)).toBe(valueAt(original.lr, t));
    // a schedule Keras cannot express names the field in the way, and clicking it selects it
    await importFrom(page, 'pytorch', { kwargs: TORCH_ONE_CYCLE, optimizer: SGD });
    await page.selectOption('#export-format', 'keras');
    const refusal = page.locator('#export-issues button[data-path="lr.parts"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^✖ Keras config: Keras has no sequential schedule/);
    // CSV of the chart's range
    await page.selectOption('#export-format', 'csv');
    const csv = (await page.inputValue('#export-text')).trim().split('\n');
    expect(csv[0]).toBe('step,lr,momentum');
    const policy = await currentPolicy(page);
    expect(csv[30].split(',').map(Number)).toEqual([29, valueAt(policy.lr, 29), valueAt(policy.momentum!, 29)]);
    // PyTorch and optax code, as core's toTorch and toOptax write them
    await page.selectOption('#export-format', 'pytorch');
    await expect.poll(() => page.inputValue('#export-text')).toBe(toTorch(policy));
    expect(await page.inputValue('#export-text')).toContain('def make_scheduler(optimizer');
    await page.selectOption('#export-format', 'optax');
    await expect.poll(() => page.inputValue('#export-text')).toBe(toOptax(policy));
  });

  it('works offline once loaded, fits a narrow screen, and every control is reachable by keyboard', async () => {
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).toContain("connect-src 'none'");
    const page = await open('', { width: 390, height: 844 });
    const loaded = server.requests.length;
    await page.context().setOffline(true);
    await importFrom(page, 'transformers', { kwargs: 'num_warmup_steps=100, num_training_steps=1000', lr: '5e-5' });
    await page.selectOption('#export-format', 'keras');
    await page.click('#share');
    await expect.poll(() => page.inputValue('#share-url')).toMatch(/#v1=/);
    expect(server.requests.length).toBe(loaded);
    // nothing wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect((await page.locator('#chart-svg svg').boundingBox())!.width).toBeLessThanOrEqual(390);
    await page.context().setOffline(false);
    await page.selectOption('#export-format', 'cyclr');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'studio-narrow.png'), fullPage: true });
    // Tab from the top reaches every control, the editor and the chart
    const wide = await open();
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await wide.keyboard.press('Tab');
      seen.add(await wide.evaluate(() => (document.activeElement?.id || document.activeElement?.className) ?? ''));
    }
    for (const id of ['from-source', 'spe', 'cm-content', 'log', 'unit', 'phases', 'hp-lr', 'hp-momentum', 'zoom-from', 'zoom-to', 'zoom-apply', 'zoom-reset', 'chart', 'pin', 'export-format', 'copy', 'download', 'share']) {
      expect([...seen].some((s) => s === id || s.split(' ').includes(id)), id).toBe(true);
    }
    // the chart from the keyboard: Home, then one step right
    await wide.focus('#chart');
    await wide.keyboard.press('Home');
    expect((await readout(wide)).step).toBe(0);
    await wide.keyboard.press('ArrowRight');
    expect((await readout(wide)).step).toBe(1);
  });
});
