// The Control lab's Web Worker: the shared lab runtime (src/lab/runtime.ts) with this lab's session.
// It owns TF.js and both agents' training; after each step it posts one frame of each rollout canvas.
// After a trained policy is loaded it replays it on the canvases (no training) until Play or Reset.
import * as tf from '@tensorflow/tfjs';
import { describeTfBackend } from '../gpu/backend.ts';
import { type LabContext, type LabSession, runLabWorker } from '../lab/runtime.ts';
import type { AgentCheckpoint } from './agents/index.ts';
import { SacEraSeeds } from './agents/batched.ts';
import type { ControlCommand, ControlLabConfig, ControlPayload, RunSnapshot } from './protocol.ts';
import { ControlSession } from './session.ts';

/** Environment steps per agent in one runtime step (a tick): small, so pause and live changes land fast. */
const STEPS_PER_TICK = 4;
const WATCH_FRAME_MS = 33;

type Ctx = LabContext<ControlLabConfig, RunSnapshot, ControlPayload>;

/** Both agents' training (S seeds each) behind the runtime's session interface; one step = a tick of environment steps. */
class ControlLabSession implements LabSession<ControlLabConfig, RunSnapshot> {
  readonly session: ControlSession;
  stochastic = false;

  constructor(private config: ControlLabConfig) {
    this.session = new ControlSession(config);
  }

  /** Environment steps per agent (the x axis of the lab's charts). */
  get stepCount(): number {
    return Math.max(...this.session.trainers.map((t) => t.steps));
  }

  get totalSteps(): number | null {
    return this.config.budget > 0 ? this.config.budget : null;
  }

  get finished(): boolean {
    return this.session.allDiverged;
  }

  get workPerStep(): number {
    return STEPS_PER_TICK;
  }

  async step(): Promise<RunSnapshot[]> {
    await this.session.advance(STEPS_PER_TICK);
    return this.session.snapshot();
  }

  setLive(patch: Partial<ControlLabConfig>): void {
    this.config = { ...this.config, ...patch };
    for (const t of this.session.trainers) {
      if (patch.delta !== undefined && t.agent instanceof SacEraSeeds) t.agent.setDelta(patch.delta);
      if (patch.targetEntropyPerDim !== undefined && t.agent instanceof SacEraSeeds) t.agent.setTargetEntropyPerDim(patch.targetEntropyPerDim);
    }
  }

  async profile() {
    const p = await this.session.profileEraPolicy();
    return p ? { stepGpuMs: null, eraKernels: p.eraKernels } : null;
  }

  dispose(): void {
    this.session.dispose();
  }
}

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

let current: ControlLabSession | null = null;
let watching: ControlLabSession | null = null;

async function postFrames(ctx: Ctx, s: ControlLabSession): Promise<void> {
  ctx.post({ kind: 'frames', frames: await s.session.rolloutStep(s.stochastic) });
}

/** Replays the loaded policy on the canvases while paused (stops on Play, Reset or a new session). */
function watch(ctx: Ctx, s: ControlLabSession): void {
  watching = s;
  const tick = async () => {
    if (watching !== s || ctx.session !== s || ctx.running) return;
    await postFrames(ctx, s);
    setTimeout(() => void tick(), WATCH_FRAME_MS);
  };
  void tick();
}

runLabWorker<ControlLabConfig, RunSnapshot, ControlCommand, ControlPayload>({
  rateUnit: 'env steps/s',
  selectBackend: (config) => useBackend(config.backend),
  describeAdapter: () => (tf.getBackend() === 'webgpu' ? describeTfBackend() : `TF.js ${tf.getBackend()} backend (no GPU timing)`),
  createSession: async (config, ctx) => {
    const s = new ControlLabSession(config);
    s.stochastic = current?.stochastic ?? false;
    current = s;
    watching = null;
    await postFrames(ctx, s);
    return s;
  },
  afterStep: async (ctx) => {
    if (current && ctx.session === current) await postFrames(ctx, current);
  },
  command: async (c, ctx) => {
    const s = ctx.session === current ? current : null;
    if (!s) return;
    switch (c.kind) {
      case 'rollout':
        s.stochastic = c.stochastic;
        return;
      case 'load-checkpoint':
        // Training on would soon overwrite the policy with a fresh critic: pause and just replay it.
        await ctx.stop();
        s.session.loadCheckpoint(c.agent, c.checkpoint as AgentCheckpoint);
        ctx.flush();
        watch(ctx, s);
        return;
    }
  },
  postIntervalMs: 250,
  profileEverySteps: 500,
});
