// The tokens lab's Web Worker: owns TF.js and the two runs; the page only sends commands and renders.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { DEFAULT_SETTINGS } from './config.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { type SessionUpdate, TokensSession } from './session.ts';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

/** Updates are batched and posted at most this often, so the page re-renders a few times per second. */
const POST_INTERVAL_MS = 200;

let session: TokensSession | null = null;
let running = false;
let loopActive = false;
let pending: SessionUpdate[] = [];
let lastPost = 0;
let stepTimes: number[] = [];
let ready: Promise<void> | null = null;

async function initBackend(): Promise<void> {
  // WebGPU when the browser has it; TF.js's CPU backend otherwise (slower, same results).
  const ok = typeof navigator !== 'undefined' && 'gpu' in navigator && (await tf.setBackend('webgpu').catch(() => false));
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  post({ type: 'ready', backend: tf.getBackend() });
}

function flush(force = false): void {
  const now = performance.now();
  if (!force && now - lastPost < POST_INTERVAL_MS) return;
  lastPost = now;
  if (pending.length) post({ type: 'updates', updates: pending });
  pending = [];
  const recent = stepTimes.filter((t) => now - t < 2000);
  stepTimes = recent;
  const span = recent.length > 1 ? (recent[recent.length - 1] - recent[0]) / 1000 : 0;
  post({ type: 'status', running, stepsPerSecond: span > 0 ? (recent.length - 1) / span : 0, step: session?.runs[0].stepCount ?? 0 });
}

async function stepOnce(): Promise<void> {
  if (!session || session.finished) {
    running = false;
    return;
  }
  pending.push(...(await session.step()));
  stepTimes.push(performance.now());
}

async function loop(): Promise<void> {
  if (loopActive) return;
  loopActive = true;
  try {
    while (running) {
      await stepOnce();
      flush();
      // Yield to the message queue so pause/reset arrive between steps.
      await new Promise((r) => setTimeout(r, 0));
    }
  } catch (e) {
    running = false;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  } finally {
    loopActive = false;
    flush(true);
  }
}

// Commands run one after another (a reset never lands in the middle of a single step).
let queue: Promise<void> = Promise.resolve();
self.onmessage = (ev: MessageEvent<ToWorker>) => {
  queue = queue.then(() => handle(ev.data));
};

async function handle(msg: ToWorker): Promise<void> {
  try {
    ready ??= initBackend();
    await ready;
    switch (msg.type) {
      case 'reset':
        running = false;
        while (loopActive) await new Promise((r) => setTimeout(r, 5));
        session?.dispose();
        session = new TokensSession(msg.settings ?? DEFAULT_SETTINGS);
        pending = [];
        stepTimes = [];
        flush(true);
        break;
      case 'play':
        running = true;
        void loop();
        break;
      case 'pause':
        running = false;
        break;
      case 'step':
        if (!loopActive) {
          await stepOnce();
          flush(true);
        }
        break;
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
