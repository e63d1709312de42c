// `npm run bench [-- --quick] [--browser] [--filter TEXT] [--out FILE]`: the ERA benchmark suite
// (src/bench/suite.ts) on Dawn in Node, or with --browser in headless Chromium; prints a table and
// writes bench/results.json (shape documented in README's Performance section).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import type { SuiteResults } from '../bench/suite.ts';
import type { RouteWeight } from '../bench/routes.ts';
import type { SeedBatchingRow } from '../bench/seeds-tokens.ts';
import { parseFlags, runCli, usageExit } from './args.ts';

const USAGE = `usage: npm run bench -- [--quick] [--browser] [--filter TEXT] [--no-seeds] [--out FILE]
  --quick     fewer repeats (finishes in a few minutes on a CPU adapter)
  --no-seeds  skip seedBatching (S seeds trained together against one, on webgpu and cpu)
  --browser   run the suite in headless Chromium (needs a built page: npm run build)
  --filter    only kernel cases whose name contains TEXT (skips the training cases)
  --wall      time with fenced wall clock even where GPU timestamp queries exist
  --out       where to write the JSON (default bench/results.json)`;

interface PageSizes {
  firstPaintGzipBytes: number;
  chunks: Array<{ name: string; gzipBytes: number }>;
  /** What each route loads until idle, measured in headless Chromium (absent when no browser is installed). */
  routes?: RouteWeight[];
}

/** The Explore route's budget (issue 15): it runs three small kernels and needs no TF.js. */
const EXPLORE_BUDGET_BYTES = 250 * 1024;

interface Results extends SuiteResults {
  versions: Record<string, string>;
  runner: 'node' | 'browser';
  page: PageSizes | null;
  targetsMissed: string[];
  longTasks?: { maxMs: number; count: number; perLab: Array<{ lab: string; maxMs: number; count: number; trained: boolean }> } | null;
  /** S seeds trained as one batched computation against one seed, per backend (empty with --no-seeds or --filter). */
  seedBatching: SeedBatchingRow[];
}

/** First-paint JS = the entry script plus its modulepreloads in dist/index.html; the rest are lazy chunks. */
export function pageSizes(distDir = 'dist'): PageSizes | null {
  let html: string;
  try {
    html = readFileSync(join(distDir, 'index.html'), 'utf8');
  } catch {
    return null;
  }
  const gz = (file: string) => gzipSync(readFileSync(join(distDir, file))).length;
  const eager = new Set<string>();
  for (const m of html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\.?\/?([^"]+\.js)"/g)) eager.add(m[1]);
  const all = readdirSync(join(distDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  return {
    firstPaintGzipBytes: [...eager].reduce((s, f) => s + gz(f), 0),
    chunks: all.filter((f) => !eager.has(f)).map((f) => ({ name: f, gzipBytes: gz(f) })),
  };
}

/** page.routes: each route opened in a fresh browser context over dist/; null when Chromium is missing. */
async function routeWeights(distDir = 'dist'): Promise<RouteWeight[] | null> {
  const { CHROMIUM_PATH, launchChromium } = await import('./chromium.ts');
  if (!existsSync(CHROMIUM_PATH)) return null;
  const { serveStatic } = await import('./static-server.ts');
  const { measureRouteWeights } = await import('../bench/routes.ts');
  const server = await serveStatic(distDir);
  const browser = await launchChromium();
  try {
    return await measureRouteWeights(browser, server.origin);
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * seedBatching: a SAC-ERA update and a GRPO+ERA step of 8 seeds trained together against one seed, on
 * webgpu (Dawn in Node: the browser's WebGPU would measure the same batched kernels) and on TF.js's cpu
 * backend.
 */
async function seedBatching(quick: boolean): Promise<SeedBatchingRow[]> {
  const { installNodeWebGPU } = await import('../gpu/node.ts');
  const { initBackend } = await import('../gpu/node-backend.ts');
  const { benchSeedBatching } = await import('../bench/seeds-tokens.ts');
  const { benchControlSeedBatching } = await import('../bench/seeds-control.ts');
  installNodeWebGPU();
  const rows: SeedBatchingRow[] = [];
  for (const backend of ['webgpu', 'cpu'] as const) {
    await initBackend(backend);
    const onProgress = (label: string) => process.stderr.write(`[seeds ${backend}] ${label}\n`);
    rows.push(...(await benchControlSeedBatching({ seeds: [8], quick, onProgress })));
    rows.push(...(await benchSeedBatching({ seeds: [8], quick, onProgress })));
  }
  return rows;
}

function versions(): Record<string, string> {
  // The GPU kit's entry (gpu-kit-main.ts) sets these at build time: its bundle has no node_modules.
  const baked = process.env.ERA_PACKAGE_VERSIONS;
  if (baked) return { node: process.version, ...(JSON.parse(baked) as Record<string, string>) };
  const require = createRequire(import.meta.url);
  const v = (name: string) => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    node: process.version,
    '@tensorflow/tfjs': v('@tensorflow/tfjs'),
    '@tensorflow/tfjs-backend-webgpu': v('@tensorflow/tfjs-backend-webgpu'),
    webgpu: v('webgpu'),
  };
}

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

function printTable(r: Results): void {
  console.log(`\nadapter: ${r.adapter}   backend: ${r.backend}   timing: ${r.timing}   runner: ${r.runner}   repeats: ${r.repeats}`);
  const rows = [['case', 'kernel ms', 'composed ms', 'copy ms', 'composed/kernel', 'kernel/copy']];
  for (const c of r.cases)
    rows.push([c.name, fmt(c.kernelMs, 3), fmt(c.compositionMs, 3), fmt(c.copyMs, 3), `${fmt(c.compositionOverKernel)}×`, `${fmt(c.kernelOverCopy)}×`]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  for (const t of r.training)
    console.log(
      `${t.name}: with ERA ${fmt(t.withEraMs, 3)} ms, without ${fmt(t.withoutEraMs, 3)} ms, overhead ${fmt(100 * t.overhead, 1)}% ` +
        `(median of ${t.pairs} A/B pairs; quartiles ${fmt(100 * t.overheadSpread.q1, 1)}…${fmt(100 * t.overheadSpread.q3, 1)}%, ` +
        `range ${fmt(100 * t.overheadSpread.min, 1)}…${fmt(100 * t.overheadSpread.max, 1)}%)` +
        (t.eraGpuShare === null ? '; ERA GPU share: no timestamp queries' : `; ERA kernels ${fmt(100 * t.eraGpuShare, 2)}% of its GPU time`),
    );
  if (r.page) {
    console.log(`first-paint JS: ${(r.page.firstPaintGzipBytes / 1024).toFixed(1)} kB gzip (target ≤ 300 kB)`);
    for (const c of r.page.chunks) console.log(`  lazy chunk ${c.name}: ${(c.gzipBytes / 1024).toFixed(1)} kB gzip`);
    if (r.page.routes) for (const w of r.page.routes) console.log(`  route ${w.route}: ${(w.gzipBytes / 1024).toFixed(1)} kB gzip loaded until idle`);
  } else console.log('page sizes: no dist/ (run npm run build first)');
  for (const b of r.seedBatching)
    console.log(
      `${b.name} [${b.backend}]: ${b.seeds} seeds ${fmt(b.batchedMs, 1)} ms, 1 seed ${fmt(b.singleMs, 1)} ms, per-seed speed-up ${fmt(b.perSeedSpeedup)}×`,
    );
  if (r.longTasks) {
    console.log(`longest main-thread task while a lab trains: ${fmt(r.longTasks.maxMs, 0)} ms (${r.longTasks.count} tasks over 50 ms)`);
    for (const l of r.longTasks.perLab)
      console.log(`  ${l.lab}: ${l.trained ? `${fmt(l.maxMs, 0)} ms max, ${l.count} long tasks` : 'no Play button found: not measured'}`);
  }
  console.log(r.targetsMissed.length ? `\nTARGETS MISSED:\n  ${r.targetsMissed.join('\n  ')}` : '\nall targets met');
}

async function runInNode(quick: boolean, wallTime: boolean, filter?: string): Promise<SuiteResults> {
  const { installNodeWebGPU } = await import('../gpu/node.ts');
  const { adapterDescription, initBackend } = await import('../gpu/node-backend.ts');
  installNodeWebGPU();
  await initBackend('webgpu');
  const adapter = adapterDescription();
  const { runSuite } = await import('../bench/suite.ts');
  return runSuite(adapter, {
    quick,
    filter,
    wallTime,
    onProgress: (label, i, n) => process.stderr.write(`[${i + 1}/${n}] ${label}\n`),
  });
}

export async function main(argv: string[]): Promise<number> {
  return usageExit('bench', USAGE, async () => {
    const args = parseFlags(argv, FLAGS);
    return args.help ? 'help' : bench(args);
  });
}

const FLAGS = {
  quick: { type: 'boolean' },
  wall: { type: 'boolean' },
  browser: { type: 'boolean' },
  filter: { type: 'string' },
  'no-seeds': { type: 'boolean' },
  out: { type: 'string' },
} as const;

async function bench(args: { quick?: boolean; wall?: boolean; browser?: boolean; filter?: string; 'no-seeds'?: boolean; out?: string }): Promise<number> {
  const quick = !!args.quick;
  let suite: SuiteResults;
  let longTasks: Results['longTasks'] = null;
  if (args.browser) {
    const { runInBrowser } = await import('./bench-browser.ts');
    ({ suite, longTasks } = await runInBrowser(quick, !!args.wall, args.filter));
  } else {
    suite = await runInNode(quick, !!args.wall, args.filter);
  }
  const { targetMisses } = await import('../bench/suite.ts');
  const page = pageSizes();
  const misses = targetMisses(suite);
  if (page && page.firstPaintGzipBytes > 300 * 1024) misses.push(`first-paint JS ${(page.firstPaintGzipBytes / 1024).toFixed(1)} kB gzip > 300 kB`);
  if (page) {
    const routes = await routeWeights();
    if (routes) page.routes = routes;
    else process.stderr.write('page.routes: no Chromium here, not measured\n');
    const explore = routes?.find((w) => w.route === '#/explore');
    if (explore && explore.gzipBytes > EXPLORE_BUDGET_BYTES) misses.push(`the Explore route loads ${(explore.gzipBytes / 1024).toFixed(1)} kB gzip > 250 kB`);
  }
  const seeds = args['no-seeds'] || args.filter ? [] : await seedBatching(quick);
  for (const b of seeds)
    if (b.backend === 'webgpu' && b.perSeedSpeedup < 4)
      misses.push(`${b.name} on webgpu: per-seed speed-up ${b.perSeedSpeedup.toFixed(2)}× at S = ${b.seeds} (< 4×)`);
  if (longTasks && longTasks.maxMs > 50) misses.push(`a main-thread task of ${longTasks.maxMs.toFixed(0)} ms while training (> 50 ms)`);
  const results: Results = {
    ...suite,
    versions: versions(),
    runner: args.browser ? 'browser' : 'node',
    page,
    targetsMissed: misses,
    longTasks,
    seedBatching: seeds,
  };
  const out = args.out ?? 'bench/results.json';
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  console.log(`\nwrote ${out}`);
  return 0;
}

runCli(main);
