// The tokens lab's Web Worker: owns TF.js and the two runs; the page only sends commands and renders.
import '@tensorflow/tfjs-backend-webgpu';
import { DEFAULT_SETTINGS } from './config.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { type SessionUpdate, TokensSession } from './session.ts';
import { profileEraTokensStep } from './perf.ts';
import { VOCAB_SIZE } from './task.ts';
import { describeTfBackend, selectWorkerBackend } from '../gpu/backend.ts';
import { StepLoop } from '../util/stepLoop.ts';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

/** Updates are batched and posted at most this often, so the page re-renders a few times per second. */
const POST_INTERVAL_MS = 200;
/** The ERA kernels are profiled (timestamp queries split every kernel into its own pass) this rarely. */
const PROFILE_EVERY_STEPS = 50;

let session: TokensSession | null = null;
let pending: SessionUpdate[] = [];
let lastPost = 0;
let stepTimes: number[] = [];
let ready: Promise<void> | null = null;

async function initBackend(): Promise<void> {
  post({ type: 'ready', backend: await selectWorkerBackend() });
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
  post({ type: 'status', running: loop.running, stepsPerSecond: span > 0 ? (recent.length - 1) / span : 0, step: session?.runs[0].stepCount ?? 0 });
}

async function stepOnce(): Promise<void> {
  if (!session || session.finished) {
    loop.pause();
    return;
  }
  pending.push(...(await session.step()));
  stepTimes.push(performance.now());
  const step = session.runs[0].stepCount;
  // Step 2 is the first with a step-to-step time to report.
  if (step === 2 || step % PROFILE_EVERY_STEPS === 0) await postPerf();
}

async function postPerf(): Promise<void> {
  if (!session) return;
  const s = session.settings;
  const era = session.runs.find((r) => r.config.era)?.config.era;
  const spans = stepTimes.slice(1).map((t, i) => t - stepTimes[i]);
  const stepMs = spans.length ? spans.reduce((a, b) => a + b, 0) / spans.length : null;
  const profile = era ? await profileEraTokensStep([s.promptsPerStep * s.groupSize, session.runs[0].config.task.maxLength, VOCAB_SIZE], era) : null;
  post({ type: 'perf', adapter: describeTfBackend(), stepMs, gpuMs: profile?.gpuMs ?? null, eraKernels: profile?.eraKernels ?? null });
}

const loop = new StepLoop({ step: stepOnce, flush, onError: (message) => post({ type: 'error', message }) });

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
        await loop.stop();
        session?.dispose();
        session = new TokensSession(msg.settings ?? DEFAULT_SETTINGS);
        pending = [];
        stepTimes = [];
        flush(true);
        break;
      case 'play':
        loop.play();
        break;
      case 'pause':
        loop.pause();
        break;
      case 'step':
        await loop.stepOnce();
        break;
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
