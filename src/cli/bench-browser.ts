// `npm run bench -- --browser`: the same suite in headless Chromium, from the built dist/bench.html.
import { existsSync } from 'node:fs';
import type { SuiteResults } from '../bench/suite.ts';
import { launchChromium } from './chromium.ts';
import { serveStatic } from './static-server.ts';

const TRAINING_LABS = ['classify', 'control', 'tokens'];
const OBSERVE_MS = 15_000;

export interface LongTaskReport {
  maxMs: number;
  count: number;
  perLab: Array<{ lab: string; maxMs: number; count: number; trained: boolean }>;
}

/**
 * Opens each training lab in a browser of its own, presses Play and records main-thread tasks over 50 ms
 * with a long-task observer while it trains. A fresh browser per lab, because the GPU work a training
 * lab queued outlives its page: on SwiftShader the next page in the same browser then gets no frames
 * (not even its load event) for a minute or more. A lab whose Play button cannot be found or pressed
 * is reported as not trained.
 */
export async function measureLongTasks(baseUrl: string): Promise<LongTaskReport> {
  const perLab: LongTaskReport['perLab'] = [];
  for (const lab of TRAINING_LABS) {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${baseUrl}index.html#/${lab}`);
      const play = page.getByRole('button', { name: /^\W*play\b/i }).first();
      let trained = await play.waitFor({ state: 'visible', timeout: 30_000 }).then(
        () => true,
        () => false,
      );
      // Let the lab's first render and lazy chunks settle, then watch the main thread while it trains.
      await page.waitForTimeout(1_000);
      await page.evaluate(() => {
        const w = window as unknown as { __longTasks: number[] };
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      if (trained) {
        trained = await play.click({ timeout: 30_000 }).then(
          () => true,
          (e: Error) => (process.stderr.write(`${lab}: could not press Play: ${e.message.split('\n')[0]}\n`), false),
        );
        if (trained) await page.waitForTimeout(OBSERVE_MS);
      }
      const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
      perLab.push({ lab, maxMs: Math.max(0, ...tasks), count: tasks.length, trained });
    } finally {
      await browser.close();
    }
  }
  const measured = perLab.filter((l) => l.trained);
  return {
    maxMs: Math.max(0, ...measured.map((l) => l.maxMs)),
    count: measured.reduce((s, l) => s + l.count, 0),
    perLab,
  };
}

export async function runInBrowser(quick: boolean, wallTime: boolean, filter?: string): Promise<{ suite: SuiteResults; longTasks: LongTaskReport | null }> {
  if (!existsSync('dist/bench.html')) throw new Error('dist/bench.html is missing: run npm run build first');
  const server = await serveStatic('dist');
  const base = `${server.origin}/`;
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
    await page.goto(`${base}bench.html?${query}`);
    let last = '';
    for (;;) {
      const state = await page.evaluate(() => {
        const w = window as unknown as { __benchResults?: unknown; __benchError?: string };
        return { done: w.__benchResults ?? null, error: w.__benchError ?? null, status: document.getElementById('status')?.textContent ?? '' };
      });
      if (state.error) throw new Error(`bench page failed: ${state.error}`);
      if (state.done) {
        process.stderr.write('measuring main-thread long tasks while each lab trains…\n');
        return { suite: state.done as SuiteResults, longTasks: await measureLongTasks(base) };
      }
      if (state.status !== last) process.stderr.write(`${state.status}\n`);
      last = state.status;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
