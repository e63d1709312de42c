// The Control lab in headless Chromium (after `npm run build`): the route trains both agents in the
// worker, the canvases animate, and the charts receive episode points. Self-contained static server.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DIST = join(process.cwd(), 'dist');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml' };

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(DIST, path);
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html');
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--enable-unsafe-webgpu', '--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

const frames = async (page: import('playwright-core').Page, agent: string) => Number(await page.getByTestId(`control-canvas-${agent}`).getAttribute('data-frames'));

describe('Control lab in Chromium', () => {
  it('trains SAC and SAC-ERA in the worker, animates both canvases and charts episode points', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // Short episodes and tiny networks so a CPU-only CI machine charts points within seconds.
    await page.goto(`${origin}/#/control?env=point-mass&episodeSteps=20&warmup=20&batch=16&hidden=16`);
    await expect.poll(() => page.getByTestId('control-backend').getAttribute('data-value'), { timeout: 60_000 }).toBe('cpu');
    await page.getByTestId('control-play').click();
    await expect.poll(async () => Number(await page.getByTestId('control-charts').getAttribute('data-points')), { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(4);
    const before = [await frames(page, 'sac'), await frames(page, 'sac-era')];
    await expect.poll(() => frames(page, 'sac'), { timeout: 30_000 }).toBeGreaterThan(before[0]);
    await expect.poll(() => frames(page, 'sac-era'), { timeout: 30_000 }).toBeGreaterThan(before[1]);
    // Both runs advanced past warm-up (so the updates ran) and neither diverged.
    for (const a of ['sac', 'sac-era']) {
      const run = page.getByTestId(`control-run-${a}`);
      expect(Number(await run.getAttribute('data-steps'))).toBeGreaterThan(20);
      expect(await run.getAttribute('data-diverged')).toBe('');
    }
    // Recharts drew a line per series with data.
    expect(await page.locator('[data-testid="control-charts"] .recharts-line path').count()).toBeGreaterThan(0);
    // The settings are in the URL.
    expect(page.url()).toContain('env=point-mass');
    await page.getByTestId('control-play').click(); // pause
    await expect.poll(() => page.getByTestId('control-play').textContent()).toBe('Play');
    expect(errors).toEqual([]);
    await page.close();
  });
});
