// End-to-end harness: serves the built page (dist/) on 127.0.0.1 and drives Debian's Chromium headless with
// WebGPU on (SwiftShader's Vulkan when there is no GPU). Every page records console errors, uncaught
// exceptions and every request, so tests can assert "no errors" and "nothing from another origin".
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type StaticServer, serveStatic } from '../../src/cli/static-server.ts';

import { launchChromium } from '../../src/cli/chromium.ts';

export { CHROMIUM_ARGS, CHROMIUM_PATH as CHROMIUM, launchChromium } from '../../src/cli/chromium.ts';
export type { StaticServer };

export const DIST = resolve(import.meta.dirname, '../../dist');
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/e2e');

export function serveDist(root = DIST): Promise<StaticServer> {
  return serveStatic(root);
}

/**
 * One served dist/ and one Chromium for a test file: started before its tests, closed after them
 * (the artifacts folder is made too). Read `.server` and `.browser` inside tests.
 */
export function e2eSession(): { readonly server: StaticServer; readonly browser: Browser } {
  const session = {} as { server: StaticServer; browser: Browser };
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    session.server = await serveDist();
    session.browser = await launchChromium();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
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
