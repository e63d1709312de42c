// The benchmark suite in a browser page (dist/bench.html), driven by `npm run bench -- --browser`.
// Query: ?quick&filter=TEXT. Results land on window.__benchResults (or window.__benchError).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { runSuite } from './suite.ts';

const w = window as unknown as { __benchResults?: unknown; __benchError?: string };
const status = document.getElementById('status')!;
const params = new URLSearchParams(location.search);

async function main(): Promise<void> {
  if (!(await tf.setBackend('webgpu'))) throw new Error('WebGPU backend unavailable in this browser');
  await tf.ready();
  const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string; description?: string } }).adapterInfo;
  const adapter = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' · ') || 'unknown adapter';
  w.__benchResults = await runSuite(adapter, {
    quick: params.has('quick'),
    filter: params.get('filter') ?? undefined,
    wallTime: params.has('wall'),
    onProgress: (label, i, n) => {
      status.textContent = `[${i + 1}/${n}] ${label}`;
    },
  });
  status.textContent = 'done';
}

main().catch((e: unknown) => {
  w.__benchError = e instanceof Error ? e.message : String(e);
  status.textContent = `failed: ${w.__benchError}`;
});
