// Page weight per route, as a visitor's browser pays it: opens each route of the built page in Chromium
// (a fresh browser context each, so nothing is cached), records every JavaScript file it loads (the page's,
// its lazy chunks', its workers') until the network has been quiet a while, and sums the gzip size of each
// file's bytes as served. `npm run bench` reports it as `page.routes`; an e2e test holds Explore to its budget.
// Node-only (it drives a browser): never imported by the page.
import { gzipSync } from 'node:zlib';
import type { Browser, Response } from 'playwright-core';

export interface RouteWeight {
  /** The hash route, e.g. '#/explore'. */
  route: string;
  /** Sum over the route's distinct JS files of gzip(bytes as served), zlib's default level as Vite reports. */
  gzipBytes: number;
}

export interface RouteFile {
  /** Path on the server, e.g. '/assets/main-abc123.js'. */
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface RouteSpec {
  route: string;
  /** A selector present once the route has rendered (lazy code that waits for results comes after it). */
  ready: string;
}

/** The page's routes, each with what marks it rendered. */
export const PAGE_ROUTES: readonly RouteSpec[] = [
  { route: '#/', ready: '.landing' },
  // Explore is rendered once its first panel shows a result for the current settings.
  {
    route: '#/explore',
    ready: '[data-testid="classification-readouts"][data-fresh="1"]',
  },
  { route: '#/classify', ready: '[data-testid="lab-view"]' },
  { route: '#/control', ready: '[data-testid="lab-view"]' },
  { route: '#/tokens', ready: '[data-testid="lab-view"]' },
];

export interface MeasureOptions {
  /** The network must be quiet this long (no request started or in flight) to count as idle. */
  quietMs?: number;
  /** Give up waiting for `ready` and idle after this long (then the route fails). */
  timeoutMs?: number;
}

function isJavaScript(r: Response): boolean {
  const type = r.headers()['content-type'] ?? '';
  return /javascript|ecmascript/.test(type) || /\.m?js$/.test(new URL(r.url()).pathname);
}

/** Every JS file one route loads until idle, largest first. */
export async function routeJsFiles(browser: Browser, origin: string, spec: RouteSpec, opts: MeasureOptions = {}): Promise<RouteFile[]> {
  const quietMs = opts.quietMs ?? 2_000;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const context = await browser.newContext();
  const files = new Map<string, Promise<RouteFile | null>>();
  let inFlight = 0;
  let lastActivity = Date.now();
  const touch = () => {
    lastActivity = Date.now();
  };
  try {
    // Context-wide, so requests from the page's workers are counted too.
    context.on('request', () => {
      inFlight++;
      touch();
    });
    const settle = () => {
      inFlight--;
      touch();
    };
    context.on('requestfailed', settle);
    context.on('requestfinished', settle);
    context.on('response', (r) => {
      const url = new URL(r.url());
      if (url.origin !== origin || !isJavaScript(r) || files.has(url.pathname)) return;
      files.set(
        url.pathname,
        r.body().then(
          (body) => ({
            path: url.pathname,
            bytes: body.length,
            gzipBytes: gzipSync(body).length,
          }),
          () => null,
        ),
      );
    });
    const page = await context.newPage();
    const deadline = Date.now() + timeoutMs;
    await page.goto(`${origin}/${spec.route}`, {
      waitUntil: 'load',
      timeout: timeoutMs,
    });
    await page.waitForSelector(spec.ready, {
      timeout: Math.max(1, deadline - Date.now()),
    });
    touch();
    while (inFlight > 0 || Date.now() - lastActivity < quietMs) {
      if (Date.now() > deadline) throw new Error(`${spec.route}: the network never went quiet for ${quietMs} ms`);
      await new Promise((ok) => setTimeout(ok, 100));
    }
    const read = (await Promise.all(files.values())).filter((f): f is RouteFile => f !== null);
    if (read.length < files.size) throw new Error(`${spec.route}: could not read ${files.size - read.length} JS response bodies`);
    return read.sort((a, b) => b.gzipBytes - a.gzipBytes);
  } finally {
    await context.close();
  }
}

/**
 * Opens each route of the page served at `origin` (a static server over dist/) in `browser` and returns
 * `[{ route, gzipBytes }]`: the gzip bytes of all JavaScript that route loads until idle.
 */
export async function measureRouteWeights(
  browser: Browser,
  origin: string,
  routes: readonly RouteSpec[] = PAGE_ROUTES,
  opts: MeasureOptions = {},
): Promise<RouteWeight[]> {
  const out: RouteWeight[] = [];
  for (const spec of routes) {
    const files = await routeJsFiles(browser, origin, spec, opts);
    out.push({
      route: spec.route,
      gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    });
  }
  return out;
}
