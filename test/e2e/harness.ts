// End-to-end harness: serves the built page (dist/) on 127.0.0.1 and drives Debian's Chromium headless with
// WebGPU on (SwiftShader's Vulkan when there is no GPU). Every page records console errors, uncaught
// exceptions and every request, so tests can assert "no errors" and "nothing from another origin".
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';

export const DIST = resolve(import.meta.dirname, '../../dist');
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The flags DEVELOPERS.md documents; --enable-unsafe-webgpu exposes WebGPU on Linux, where it is off by default. */
export const CHROMIUM_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--no-sandbox', '--disable-dev-shm-usage'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.bin': 'application/octet-stream',
};

export interface StaticServer {
  origin: string;
  close: () => Promise<void>;
}

export async function serveDist(root = DIST): Promise<StaticServer> {
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root}/index.html is missing: run 'npm run build' first`);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    const file = resolve(root, rel === '' ? 'index.html' : rel);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: {
      ...process.env,
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp',
    },
  });
}

export interface PageLog {
  errors: string[];
  requests: string[];
}

/** Opens a page that records console errors, page errors and every requested URL. */
export async function openPage(browser: Browser, opts: { gpu?: 'real' | 'absent' | 'no-adapter' } = {}): Promise<{ page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  if (opts.gpu === 'absent') {
    // What a browser without WebGPU looks like to the page.
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    });
  } else if (opts.gpu === 'no-adapter') {
    // WebGPU present but no adapter offered (a blocklisted GPU or driver).
    await context.addInitScript(() => {
      GPU.prototype.requestAdapter = async () => null;
    });
  }
  const page = await context.newPage();
  const log: PageLog = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(`uncaught: ${e.message}`));
  page.on('request', (r) => log.requests.push(r.url()));
  return { page, log };
}

/** True for URLs the page may load: its own origin, or inline data/blob URLs it made itself. */
export function isSameOrigin(url: string, origin: string): boolean {
  return url.startsWith(`${origin}/`) || url === origin || url.startsWith('data:') || url.startsWith('blob:');
}
