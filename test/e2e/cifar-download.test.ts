// "Get CIFAR-10" through the page's real download path: a build of the page whose Parquet source is a
// loopback server (VITE_CIFAR10_PARQUET_BASE, set at `vite build` time: tests only, never from the page
// URL) serving fixtures in the Hub's layout, slowly enough to see the byte progress. Damaged, short and
// wrong-schema files each give their error and cache nothing; the good pair is decoded in the worker,
// cached, and trained on.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../src/cli/static-server.ts';
import { parseCifarParquetPair } from '../../src/classify/data/cifar-parquet.ts';
import { COMPACT_FILES, compactMeta } from '../../src/classify/data/compact.ts';
import { cifarParquet, cifarParquetPair } from '../classify/cifar-parquet-fixture.ts';
import { ARTIFACTS, isSameOrigin, launchChromium, openPage } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test-artifacts/cifar-download-dist');
const FIXTURE_PATH = '/hub-fixture/';

type Mode = 'good' | 'short' | 'damaged' | 'schema';
let mode: Mode = 'good';
const good = cifarParquetPair(24, 8);

function fixtureFile(name: string): Uint8Array | null {
  const split = name.startsWith('train-') ? 'train' : name.startsWith('test-') ? 'test' : null;
  if (!split) return null;
  const bytes = good[split];
  if (split === 'train' && mode === 'short') return bytes.subarray(0, bytes.length - 400);
  if (split === 'train' && mode === 'schema') return cifarParquet(24, 1, { renameImage: true });
  if (split === 'test' && mode === 'damaged') {
    const d = bytes.slice();
    d.fill(0xff, d.length - 60, d.length - 8); // the footer's metadata, magic intact
    return d;
  }
  return bytes;
}

/** Sends `bytes` in 10 pieces, 150 ms apart, with its Content-Length: a download the page can watch. */
function sendSlowly(res: ServerResponse, bytes: Uint8Array): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), 'cache-control': 'no-store' });
  const piece = Math.ceil(bytes.length / 10);
  let off = 0;
  const next = () => {
    if (res.destroyed) return;
    if (off >= bytes.length) return void res.end();
    res.write(bytes.subarray(off, off + piece));
    off += piece;
    setTimeout(next, 150);
  };
  next();
}

const SERVED_PATH = '/data/cifar10/';
/** The compact files `npm run data:cifar10 && npm run build` would put in dist/ (second test only). */
let served: Map<string, Uint8Array> | null = null;

let inner: StaticServer;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  rmSync(OUT, { recursive: true, force: true });
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, VITE_CIFAR10_PARQUET_BASE: FIXTURE_PATH },
    stdio: 'pipe',
  });
  inner = await serveStatic(OUT);
  // One loopback origin: the fixture files slowly, everything else from the special build.
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path.startsWith(SERVED_PATH) && served) {
      const file = served.get(path.slice(SERVED_PATH.length));
      if (file) sendSlowly(res, file);
      else res.writeHead(404).end('not found');
      return;
    }
    if (path.startsWith(FIXTURE_PATH)) {
      const file = fixtureFile(path.slice(FIXTURE_PATH.length));
      if (file) sendSlowly(res, file);
      else res.writeHead(404).end('not found');
      return;
    }
    const proxied = request(`${inner.origin}${req.url}`, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    proxied.end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  await inner?.close();
  rmSync(OUT, { recursive: true, force: true });
});

const points = async (page: Page, id: string) => Number(await page.getByTestId(id).getAttribute('data-points'));
const box = (page: Page) => page.getByTestId('cifar-download');

/** The lab's IndexedDB record (src/classify/data/archive-cache.ts), as plain arrays; null when none. */
function cachedRecord(page: Page): Promise<{ trainImages: number[]; trainLabels: number[]; testLabels: number[]; sha256?: string } | null> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('era-playground', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('cifar10');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('cifar10', 'readonly').objectStore('cifar10').get('compact-v1');
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            const r = get.result;
            open.result.close();
            resolve(
              r
                ? {
                    trainImages: Array.from(r.trainImages as Uint8Array),
                    trainLabels: Array.from(r.trainLabels as Uint8Array),
                    testLabels: Array.from(r.testLabels as Uint8Array),
                    sha256: r.meta.sha256,
                  }
                : null,
            );
          };
        };
      }),
  );
}

async function getCifar(page: Page): Promise<void> {
  await box(page).getByRole('button', { name: 'Get CIFAR-10' }).click();
  // The size is shown, and nothing is fetched before the user agrees.
  await expect(box(page).getByRole('group', { name: 'confirm the download' }).textContent()).resolves.toMatch(
    /about 143\.6 MB \(143,646,105 bytes\) from Hugging Face/,
  );
  await box(page).getByRole('button', { name: 'Download' }).click();
}

describe('Get CIFAR-10 in the Classify lab', () => {
  it('rejects short, damaged and wrong-schema files with their error and caches nothing; then downloads with progress, caches and trains', async () => {
    const { page, log } = await openPage(browser);
    await page.goto(`${origin}/#/classify?data=cifar10&run1=none&run2=era&batch=8&width=4&evalEvery=1&epochs=50`);
    await page.waitForSelector('[data-testid="cifar-download"]', { timeout: 60_000 });
    expect(log.requests.some((u) => u.includes(FIXTURE_PATH))).toBe(false);
    // The official archive stays offered, with its size and md5.
    await expect(page.getByTestId('archive-drop').textContent()).resolves.toMatch(
      /cifar-10-binary\.tar\.gz \(170\.1 MB, 170,052,171 bytes, md5 c32a1d4ab5d03f1284b67883e8d87530\)/,
    );

    const errorText = () => box(page).locator('.error').textContent();
    for (const [m, message] of [
      ['short', /truncated: the train file/],
      ['damaged', /damaged: the test file/],
      ['schema', /wrong schema: the train file has columns \(image, label\)/],
    ] as const) {
      mode = m;
      await getCifar(page);
      await expect.poll(errorText, { timeout: 60_000, interval: 100 }).toMatch(message);
      expect(await page.getByTestId('archive-drop').count(), m).toBe(1);
    }
    // Nothing was cached: no record, and a reload still asks for the data.
    expect(await cachedRecord(page)).toBeNull();
    await page.reload();
    await page.waitForSelector('[data-testid="cifar-download"]', { timeout: 60_000 });

    // Cancel stops a download in flight and stores nothing.
    mode = 'good';
    await getCifar(page);
    await expect.poll(() => box(page).getByRole('button', { name: 'Cancel' }).count(), { timeout: 30_000, interval: 50 }).toBe(1);
    await box(page).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(errorText, { timeout: 30_000, interval: 100 }).toMatch(/Download cancelled/);
    expect(await cachedRecord(page)).toBeNull();

    // The real download: bytes counted against the Content-Length total while it runs.
    await getCifar(page);
    const total = good.train.length + good.test.length;
    const seen: number[] = [];
    const progress = box(page).getByRole('progressbar', { name: 'downloading CIFAR-10' });
    await expect
      .poll(
        async () => {
          if ((await progress.count()) === 0) return false;
          const [value, max] = await Promise.all([progress.getAttribute('value'), progress.getAttribute('max')]);
          if (Number(max) === total && Number(value) > 0 && Number(value) < total) seen.push(Number(value));
          return seen.length >= 2;
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBe(true);
    await expect
      .poll(() => page.locator('.classify-lab .progress').first().textContent(), { timeout: 60_000 })
      .toMatch(/downloaded from Hugging Face.*24 training \/ 8 test images/);
    expect(await page.getByTestId('archive-drop').count()).toBe(0);
    // The browser's PNG decoder (createImageBitmap + OffscreenCanvas) gave the files' exact pixels:
    // the cache holds what the Node parser reads from the same files.
    const node = await parseCifarParquetPair(good, { official: false });
    const cached = await cachedRecord(page);
    expect(cached?.trainImages).toEqual(Array.from(node.train.images));
    expect(cached?.trainLabels).toEqual(Array.from(node.train.labels));
    expect(cached?.testLabels).toEqual(Array.from(node.test.labels));
    expect(cached?.sha256).toBe(node.sha256);

    await page.getByRole('button', { name: /Step/ }).click();
    await expect.poll(() => points(page, 'chart-train-accuracy'), { timeout: 90_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: /Step/ }).click();
    await expect.poll(() => points(page, 'chart-train-accuracy'), { timeout: 90_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    expect(await points(page, 'chart-test-accuracy')).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, 'cifar-download-trained.png'), fullPage: true });

    // A reload finds it in IndexedDB.
    await page.reload();
    await expect
      .poll(() => page.locator('.classify-lab .progress').first().textContent(), { timeout: 60_000 })
      .toMatch(/cached archive.*24 training \/ 8 test images/);

    // The only errors: the 404s of data/cifar10/meta.json (no served files in this build).
    expect(log.errors.filter((e) => !/404/.test(e))).toEqual([]);
    expect(log.requests.filter((u) => !isSameOrigin(u, origin))).toEqual([]);
    await page.context().close();
  });
});

describe('CIFAR-10 served with the page', () => {
  it('loads data/cifar10/ with a progress bar; "As released" sets every run to label smoothing 0.1', async () => {
    const parsed = await parseCifarParquetPair(good, { official: false });
    const meta = compactMeta(parsed.train, parsed.test, '', false, parsed.sha256);
    served = new Map<string, Uint8Array>([
      [COMPACT_FILES.meta, new TextEncoder().encode(JSON.stringify(meta))],
      [COMPACT_FILES.trainImages, parsed.train.images],
      [COMPACT_FILES.trainLabels, parsed.train.labels],
      [COMPACT_FILES.testImages, parsed.test.images],
      [COMPACT_FILES.testLabels, parsed.test.labels],
    ]);
    const { page, log } = await openPage(browser);
    await page.goto(`${origin}/#/classify?data=cifar10&run1=none&run2=era&batch=8&width=4&evalEvery=1&epochs=50`);
    const bar = page.getByRole('progressbar', { name: 'loading the served CIFAR-10 files' });
    const total = (24 + 8) * 3073;
    await expect
      .poll(async () => (await bar.count()) > 0 && Number(await bar.getAttribute('max')) === total && Number(await bar.getAttribute('value')) < total, {
        timeout: 60_000,
        interval: 50,
      })
      .toBe(true);
    await expect
      .poll(() => page.locator('.classify-lab .progress').first().textContent(), { timeout: 60_000 })
      .toMatch(/served files.*24 training \/ 8 test images/);
    expect(await page.getByTestId('archive-drop').count()).toBe(0);

    await expect(page.getByTestId('as-released').textContent()).resolves.toMatch(/released classification code adds label smoothing 0\.1 to every run/);
    await page.getByTestId('as-released').getByRole('button', { name: 'As released' }).click();
    expect(await Promise.all([1, 2, 3, 4].map((n) => page.getByTestId(`param-run${n}`).inputValue()))).toEqual(['ls', 'era+ls', 'dropout+ls', 'off']);
    await page.getByRole('button', { name: /Step/ }).click();
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="chart-loss"] .chart-legend-item-text')
            .allTextContents()
            .then((t) => t.sort()),
        { timeout: 90_000, interval: 250 },
      )
      .toEqual(['dropout:0.2+ls:0.1', 'era:0.6+ls:0.1', 'ls:0.1']);
    expect(log.errors).toEqual([]);
    expect(log.requests.filter((u) => !isSameOrigin(u, origin))).toEqual([]);
    await page.context().close();
  });
});
