// The classification lab in headless Chromium with WebGPU: two runs train side by side on the synthetic
// set, charts receive points, pause/resume works, and the CSV export downloads the metrics of all runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page, chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cifarArchive } from '../classify/cifar-fixture.ts';
import { e2eSession, ARTIFACTS, CHROMIUM, isSameOrigin, openPage } from './harness.ts';

const session = e2eSession();

const points = async (page: Page, id: string) => Number(await page.getByTestId(id).getAttribute('data-points'));
const stepOf = async (page: Page) => Number(await page.getByTestId('step-count').textContent());

describe('Classification lab in Chromium', () => {
  it('trains none and ERA side by side on WebGPU; pause, resume and CSV export work', async () => {
    const { page, log } = await openPage(session.browser);
    // A CI-sized network and data set keep SwiftShader's steps short.
    await page.goto(`${session.server.origin}/#/classify?run1=none&run2=era&trainSize=128&testSize=50&batch=16&width=4&evalEvery=2&epochs=50`);
    await page.waitForSelector('[data-testid="classify-lab"]', { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('toolbar-status').textContent(), { timeout: 60_000 }).toMatch(/webgpu/);
    await expect(page.getByTestId('synthetic-notice').textContent()).resolves.toMatch(/not CIFAR-10/);

    await page.getByRole('button', { name: /Play/ }).click();
    await expect.poll(() => points(page, 'chart-train-accuracy'), { timeout: 150_000, interval: 500 }).toBeGreaterThanOrEqual(4);
    await expect.poll(() => points(page, 'chart-test-accuracy'), { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: /Pause/ }).click();
    // The step in flight when Pause arrived finishes; then the worker reports that it stopped.
    await expect.poll(() => page.getByRole('button', { name: /Play/ }).count(), { timeout: 60_000, interval: 250 }).toBe(1);
    const paused = await stepOf(page);
    await page.waitForTimeout(3000);
    expect(await stepOf(page)).toBe(paused);

    // Both runs have lines; the entropy chart has its H₀ line; the histogram and calibration have data.
    expect(Number(await page.getByTestId('chart-loss').getAttribute('data-lines'))).toBe(2);
    expect(await points(page, 'chart-entropy')).toBeGreaterThanOrEqual(2);
    expect(await points(page, 'chart-entropy-histogram')).toBeGreaterThan(0);
    expect(await points(page, 'chart-reliability')).toBe(10);
    expect(await page.locator('[data-testid="prediction-grid"] canvas').count()).toBe(12);
    // The performance panel: images/s, time per step, and the ERA kernels' GPU time (timestamp queries).
    expect(await page.getByTestId('perf-throughput').textContent()).toMatch(/^\d+$/);
    expect(await page.getByTestId('perf-step-ms').textContent()).toMatch(/^\d+\.\d ms$/);
    expect(await page.getByTestId('perf-era-gpu').textContent()).toMatch(/^\d+\.\d{3} ms \/ \d+\.\d{2} ms$/);

    await page.getByRole('button', { name: /Play/ }).click();
    await expect.poll(() => stepOf(page), { timeout: 60_000, interval: 500 }).toBeGreaterThan(paused);
    await page.getByRole('button', { name: /Pause/ }).click();
    await expect.poll(() => page.getByRole('button', { name: /Play/ }).count(), { timeout: 60_000, interval: 250 }).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'classify-trained.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.export-all').getByRole('button', { name: 'CSV', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('classify-metrics.csv');
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('kind,step,epoch,run,loss,batch_accuracy,learning_rate,diverged,test_accuracy,test_nll,mean_entropy,min_entropy,ece');
    const runsSeen = new Set(csv.slice(1).map((l) => l.split(',')[3]));
    expect([...runsSeen].sort()).toEqual(['era:0.6', 'none']);
    expect(csv.some((l) => l.startsWith('eval,'))).toBe(true);

    expect(log.errors).toEqual([]);
    expect(log.requests.filter((u) => !isSameOrigin(u, session.server.origin))).toEqual([]);
    await page.context().close();
  });

  it('parses a picked CIFAR-format archive in the worker, caches it for a reload, and rejects a damaged one', async () => {
    const { page, log } = await openPage(session.browser);
    await page.goto(`${session.server.origin}/#/classify?data=cifar10&run1=none&run2=era&batch=8&width=4`);
    await page.waitForSelector('[data-testid="archive-drop"]', { timeout: 60_000 });
    await page.getByLabel(/skip the md5 check/).check();
    const input = page.locator('[data-testid="archive-drop"] input[type="file"]');
    await input.setInputFiles({ name: 'broken.tar.gz', mimeType: 'application/gzip', buffer: Buffer.from('not a gzip file at all') });
    await expect.poll(() => page.locator('[data-testid="archive-drop"] .error').textContent(), { timeout: 30_000 }).toMatch(/bad gzip/);

    await input.setInputFiles({ name: 'cifar-subset.tar.gz', mimeType: 'application/gzip', buffer: Buffer.from(cifarArchive(3)) });
    await expect.poll(() => page.locator('.classify-lab .progress').textContent(), { timeout: 60_000 }).toMatch(/cached archive.*15 training \/ 3 test images/);
    expect(await page.getByTestId('archive-drop').count()).toBe(0);
    expect(await page.getByTestId('synthetic-notice').count()).toBe(0);

    // A reload finds the parsed set in IndexedDB: no archive to pick again.
    await page.reload();
    await expect.poll(() => page.locator('.classify-lab .progress').textContent(), { timeout: 60_000 }).toMatch(/cached archive.*15 training \/ 3 test images/);
    expect(await page.getByTestId('archive-drop').count()).toBe(0);

    // The only errors: the 404s of data/cifar10/meta.json (no served files in this build).
    expect(log.errors.filter((e) => !/404/.test(e))).toEqual([]);
    expect(log.requests.filter((u) => !isSameOrigin(u, session.server.origin))).toEqual([]);
    await page.context().close();
  });

  it('when WebGPU offers no adapter the worker falls back to the CPU backend and still trains', async () => {
    // A Chromium with the GPU switched off (an init script cannot reach into the worker): no adapter.
    const plain = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-features=WebGPU,Vulkan'],
    });
    const { page, log } = await openPage(plain);
    await page.goto(`${session.server.origin}/#/classify?run1=none&run2=era&trainSize=64&testSize=50&batch=8&width=4`);
    await expect.poll(() => page.getByTestId('toolbar-status').textContent(), { timeout: 60_000 }).toMatch(/^cpu/);
    await page.getByRole('button', { name: /Step/ }).click();
    await expect.poll(() => points(page, 'chart-train-accuracy'), { timeout: 60_000, interval: 250 }).toBe(1);
    expect(await points(page, 'chart-test-accuracy')).toBe(1);
    expect(log.errors).toEqual([]);
    await plain.close();
  });
});
