// The Control lab's Web Worker: owns TF.js and both training runs; the page only renders what it posts.
import * as tf from '@tensorflow/tfjs';
import type { AgentCheckpoint } from './agents/index.ts';
import type { ControlLabConfig, FromWorker, ToWorker } from './protocol.ts';
import { ControlSession } from './session.ts';

const STEPS_PER_TICK = 4;
const METRICS_EVERY_MS = 250;
const PERF_EVERY_MS = 3000;

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

let session: ControlSession | undefined;
let config: ControlLabConfig | undefined;
let playing = false;
/** After loading a trained policy: replay it on the canvases without training (until Play or Reset). */
let watching = false;
const WATCH_FRAME_MS = 33;
let stochastic = false;
let loopScheduled = false;
let lastMetrics = 0;
let lastPerf = 0;
/** Wall time of training steps since the last perf report: [ms, steps]. */
let stepClock: [number, number] = [0, 0];
const stepTimes: Array<[number, number]> = [];

async function useBackend(name: 'cpu' | 'webgpu'): Promise<string> {
  if (tf.getBackend() === name) return name;
  if (name === 'webgpu') {
    try {
      await import('@tensorflow/tfjs-backend-webgpu');
      if (await tf.setBackend('webgpu')) return 'webgpu';
    } catch {
      // fall through to the CPU backend: the page still works without WebGPU
    }
  }
  await tf.setBackend('cpu');
  return 'cpu';
}

function totalSteps(): number {
  return session ? session.trainers.reduce((s, t) => s + t.steps, 0) : 0;
}

function stepsPerSecond(): number {
  const now = performance.now();
  stepTimes.push([now, totalSteps()]);
  while (stepTimes.length > 2 && now - stepTimes[0][0] > 2000) stepTimes.shift();
  const [t0, s0] = stepTimes[0];
  return now > t0 ? ((totalSteps() - s0) * 1000) / (now - t0) : 0;
}

function postMetrics(): void {
  if (!session) return;
  lastMetrics = performance.now();
  post({ type: 'metrics', runs: session.snapshot(), stepsPerSecond: stepsPerSecond(), playing });
}

async function tick(steps: number): Promise<void> {
  if (!session) return;
  const before = totalSteps();
  const t0 = performance.now();
  await session.advance(steps);
  stepClock = [stepClock[0] + performance.now() - t0, stepClock[1] + totalSteps() - before];
  if (performance.now() - lastPerf > PERF_EVERY_MS) await postPerf();
  post({ type: 'frames', frames: await session.rolloutStep(stochastic) });
  if (performance.now() - lastMetrics > METRICS_EVERY_MS) postMetrics();
}

/** Plays by queueing one tick at a time behind other messages, so a reset never interleaves with training. */
function loop(): void {
  if (loopScheduled) return;
  loopScheduled = true;
  enqueue(async () => {
    loopScheduled = false;
    if (!session) return;
    if (playing) {
      if (session.allDiverged) {
        playing = false;
        postMetrics();
        return;
      }
      await tick(STEPS_PER_TICK);
      setTimeout(loop, 0); // let pause/reset messages in between ticks
    } else if (watching) {
      post({ type: 'frames', frames: await session.rolloutStep(stochastic) });
      setTimeout(loop, WATCH_FRAME_MS);
    }
  });
}

/** Time per environment step (one agent), and the GPU time of SAC-ERA's policy head where measurable. */
async function postPerf(): Promise<void> {
  if (!session) return;
  lastPerf = performance.now();
  const [ms, steps] = stepClock;
  stepClock = [0, 0];
  const profile = await session.profileEraPolicy();
  post({ type: 'perf', stepMs: steps > 0 ? ms / steps : null, gpuMs: profile?.gpuMs ?? null, eraKernels: profile?.eraKernels ?? null });
}

async function rebuild(): Promise<void> {
  if (!config) return;
  session?.dispose();
  session = undefined;
  const backend = await useBackend(config.backend);
  session = new ControlSession(config);
  stepTimes.length = 0;
  post({ type: 'ready', backend });
  post({ type: 'frames', frames: await session.rolloutStep(stochastic) });
  postMetrics();
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'configure':
      config = msg.config;
      await rebuild();
      if (playing) loop();
      break;
    case 'reset':
      watching = false;
      await rebuild();
      if (playing) loop();
      break;
    case 'play':
      playing = true;
      watching = false;
      loop();
      break;
    case 'pause':
      playing = false;
      postMetrics();
      break;
    case 'step':
      if (!playing) {
        await tick(msg.steps);
        postMetrics();
      }
      break;
    case 'rollout':
      stochastic = msg.stochastic;
      break;
    case 'load-checkpoint':
      session?.loadCheckpoint(msg.agent, msg.checkpoint as AgentCheckpoint);
      // Training on would soon overwrite the policy with a fresh critic: pause and just replay it.
      playing = false;
      watching = true;
      postMetrics();
      loop();
      break;
  }
}

// Messages and ticks run one at a time, in order (a reset must not interleave with a step).
let queue: Promise<void> = Promise.resolve();
function enqueue(job: () => Promise<void>): void {
  queue = queue.then(job).catch((err) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
}
self.onmessage = (e: MessageEvent<ToWorker>) => enqueue(() => handle(e.data));
