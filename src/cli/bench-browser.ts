// `npm run bench -- --browser`: the same suite in headless Chromium, from the built dist/bench.html.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteResults } from '../bench/suite.ts';
import { launchChromium } from './chromium.ts';
import { serveStatic } from './static-server.ts';

const TRAINING_LABS = ['classify', 'control', 'tokens'];
/** How long each lab trains under observation once its charts have data; LONG_TASKS_OBSERVE_MS overrides it. */
const OBSERVE_MS = Number(process.env.LONG_TASKS_OBSERVE_MS) || 15_000;
/** How long to wait after Play for the first chart data before the observed window starts anyway. */
const FIRST_DATA_TIMEOUT_MS = 120_000;

/** One script that ran in a long animation frame (the browser's attribution). */
export interface FrameScript {
  invoker: string;
  source: string;
  durationMs: number;
  forcedLayoutMs: number;
}

/** A long animation frame (over 50 ms): its script time, its style/layout/paint time and who ran. */
export interface LongFrame {
  /** ms after Play was pressed. */
  startMs: number;
  durationMs: number;
  blockingMs: number;
  /** Style, layout and paint after the scripts (renderStart → end). */
  renderMs: number;
  scripts: FrameScript[];
}

export interface LongTaskReport {
  maxMs: number;
  count: number;
  perLab: Array<{
    lab: string;
    maxMs: number;
    count: number;
    trained: boolean;
    /** The chart points on the page when the watch ended (the sum of every data-points attribute): 0 means no chart got data. */
    chartPoints?: number;
    /** Each task over 50 ms: ms after Play was pressed, and its length. */
    tasks?: Array<{ startMs: number; durationMs: number }>;
    /** Long animation frames over 50 ms with their script attribution (Chromium's LoAF API). */
    frames?: LongFrame[];
    /** Hottest functions (self time) inside main-thread busy stretches over 50 ms; only with LONG_TASKS_PROFILE. */
    hot?: Array<{ fn: string; selfMs: number }>;
  }>;
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
  // LONG_TASKS_LABS=tokens,control measures only those labs; LONG_TASKS_PROFILE=dir also records a CPU
  // profile per lab (dir/<lab>.cpuprofile) and reports the hottest functions inside long stretches.
  const only = process.env.LONG_TASKS_LABS?.split(',').filter(Boolean);
  const profileDir = process.env.LONG_TASKS_PROFILE;
  for (const lab of TRAINING_LABS.filter((l) => !only || only.includes(l))) {
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
      const cdp = profileDir ? await page.context().newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
        await cdp.send('Profiler.start');
      }
      await page.evaluate(observeLongTasks);
      if (trained) {
        trained = await play.click({ timeout: 30_000 }).then(
          () => true,
          (e: Error) => (process.stderr.write(`${lab}: could not press Play: ${e.message.split('\n')[0]}\n`), false),
        );
        await page.evaluate(() => ((window as unknown as { __playAt: number }).__playAt = performance.now()));
        if (trained) {
          // The window opens once a chart has data: classify's first CNN step takes longer than 15 s on
          // SwiftShader, and a window before it would watch no chart update at all.
          await page
            .waitForFunction(() => [...document.querySelectorAll('[data-points]')].some((el) => Number(el.getAttribute('data-points')) > 0), undefined, {
              timeout: FIRST_DATA_TIMEOUT_MS,
              polling: 250,
            })
            .catch(() => process.stderr.write(`${lab}: no chart had data ${FIRST_DATA_TIMEOUT_MS / 1000} s after Play\n`));
          await page.waitForTimeout(OBSERVE_MS);
        }
      }
      const seen = await page.evaluate(() => (window as unknown as { __longTasks: SeenLongWork }).__longTasks);
      const playAt = await page.evaluate(() => (window as unknown as { __playAt?: number }).__playAt ?? 0);
      const tasks = seen.tasks.map((t) => ({ startMs: Math.round(t.start - playAt), durationMs: Math.round(t.duration) }));
      const frames = seen.frames.map((f) => ({ ...f, startMs: Math.round(f.startMs - playAt) }));
      let hot: Array<{ fn: string; selfMs: number }> | undefined;
      if (cdp && profileDir) {
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
        mkdirSync(profileDir, { recursive: true });
        writeFileSync(join(profileDir, `${lab}.cpuprofile`), JSON.stringify(profile));
        hot = hotInBusyStretches(profile, 50);
      }
      const chartPoints = await page.evaluate(() =>
        [...document.querySelectorAll('[data-points]')].reduce((s, el) => s + (Number(el.getAttribute('data-points')) || 0), 0),
      );
      perLab.push({
        lab,
        maxMs: Math.max(0, ...seen.tasks.map((t) => t.duration)),
        count: seen.tasks.length,
        trained,
        chartPoints,
        tasks,
        frames,
        ...(hot ? { hot } : {}),
      });
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

interface SeenLongWork {
  tasks: Array<{ start: number; duration: number }>;
  frames: LongFrame[];
}

/** Runs in the page: records long tasks and long animation frames (with script attribution) on window. */
function observeLongTasks(): void {
  const w = window as unknown as { __longTasks: SeenLongWork };
  w.__longTasks = { tasks: [], frames: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: false });
  type Loaf = PerformanceEntry & {
    blockingDuration: number;
    renderStart: number;
    scripts: Array<{
      invoker: string;
      sourceURL: string;
      sourceFunctionName: string;
      sourceCharPosition: number;
      duration: number;
      forcedStyleAndLayoutDuration: number;
    }>;
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Loaf[]) {
        if (e.duration <= 50) continue;
        w.__longTasks.frames.push({
          startMs: e.startTime,
          durationMs: Math.round(e.duration),
          blockingMs: Math.round(e.blockingDuration),
          renderMs: e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0,
          scripts: e.scripts.map((x) => ({
            invoker: x.invoker,
            source: `${x.sourceURL.split('/').pop()}:${x.sourceCharPosition}${x.sourceFunctionName ? ` ${x.sourceFunctionName}` : ''}`,
            durationMs: Math.round(x.duration),
            forcedLayoutMs: Math.round(x.forcedStyleAndLayoutDuration),
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    // No LoAF in this browser: tasks only.
  }
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Splits a CPU profile's samples into busy stretches (no idle sample in between) and sums the self time
 * per function over the stretches longer than `overMs`: what the long tasks spent their time in.
 */
export function hotInBusyStretches(profile: CpuProfile, overMs: number, top = 25): Array<{ fn: string; selfMs: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return f.url ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}` : f.functionName;
  };
  const idle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)';
  const totals = new Map<string, number>();
  let stretch: Array<[number, number]> = [];
  const flush = () => {
    const ms = stretch.reduce((a, [, dt]) => a + dt, 0) / 1000;
    if (ms > overMs) for (const [id, dt] of stretch) totals.set(name(id), (totals.get(name(id)) ?? 0) + dt / 1000);
    stretch = [];
  };
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (idle(id)) flush();
    else stretch.push([id, dt]);
  });
  flush();
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, ms]) => ({ fn, selfMs: Math.round(ms) }));
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
