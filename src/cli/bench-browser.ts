// `npm run bench -- --browser`: the same suite in headless Chromium, from the built dist/bench.html.
import { existsSync } from 'node:fs';
import type { SuiteResults } from '../bench/suite.ts';
import { launchChromium } from './chromium.ts';
import { serveStatic } from './static-server.ts';

export async function runInBrowser(
  quick: boolean,
  wallTime: boolean,
  filter?: string,
): Promise<{ suite: SuiteResults; longTasks: { maxMs: number; count: number } | null }> {
  if (!existsSync('dist/bench.html')) throw new Error('dist/bench.html is missing: run npm run build first');
  const server = await serveStatic('dist');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') process.stderr.write(`[browser] ${m.text()}\n`);
    });
    const query = new URLSearchParams();
    if (quick) query.set('quick', '');
    if (filter) query.set('filter', filter);
    if (wallTime) query.set('wall', '');
    await page.goto(`${server.url}bench.html?${query}`);
    let last = '';
    for (;;) {
      const state = await page.evaluate(() => {
        const w = window as unknown as { __benchResults?: unknown; __benchError?: string };
        return { done: w.__benchResults ?? null, error: w.__benchError ?? null, status: document.getElementById('status')?.textContent ?? '' };
      });
      if (state.error) throw new Error(`bench page failed: ${state.error}`);
      if (state.done) return { suite: state.done as SuiteResults, longTasks: null };
      if (state.status !== last) process.stderr.write(`${state.status}\n`);
      last = state.status;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
