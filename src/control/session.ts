// The Control lab's state inside the worker: SAC and SAC-ERA trained side by side, each on S seeds
// trained together (one SeedsTrainer per agent: S environments, one batched computation), on the same
// seeds; plus one rollout environment per agent that replays seed 0's policy for the canvas. DOM-free.
import { AGENT_KINDS, type AgentCheckpoint, type AgentKind } from './agents/index.ts';
import { type Env, makeEnv } from './envs/index.ts';
import type { ControlLabConfig, RunSnapshot } from './protocol.ts';

import { SeedsTrainer } from './seeds.ts';
import { SacEraSeeds } from './agents/batched.ts';
import { type StepProfile, profileStep } from '../perf/step-profile.ts';
import * as tf from '@tensorflow/tfjs';

interface Rollout {
  env: Env;
  observation: Float32Array;
  episodes: number;
  episodeReturn: number;
}

export class ControlSession {
  /** One per agent (SAC, SAC-ERA), each training the seeds seed … seed + S − 1 together. */
  readonly trainers: SeedsTrainer[];
  private readonly rollouts: Rollout[];
  private reported: number[][];

  constructor(readonly config: ControlLabConfig) {
    const envOptions = {
      ...(config.env === 'reacher' ? { links: config.links } : {}),
      ...(config.episodeSteps > 0 ? { maxSteps: config.episodeSteps } : {}),
    };
    this.trainers = AGENT_KINDS.map(
      (agent) =>
        new SeedsTrainer({
          env: config.env,
          envOptions,
          agent,
          seeds: Array.from({ length: config.seeds }, (_, k) => config.seed + k),
          batchSize: config.batch,
          warmupSteps: config.warmup,
          warmupActionHold: config.warmupHold,
          agentConfig: {
            hidden: [config.hidden, config.hidden],
            actorLr: config.lr,
            criticLr: config.lr,
            alphaLr: config.lr,
            gamma: config.gamma,
            tau: config.tau,
            targetEntropyPerDim: config.targetEntropyPerDim,
            distribution: config.distribution,
            deltaMode: config.deltaMode,
            delta: config.delta,
          },
        }),
    );
    this.rollouts = this.trainers.map((_t, i) => {
      const env = makeEnv(config.env, envOptions);
      return { env, observation: env.reset(rolloutSeed(config.seed, i, 0)), episodes: 0, episodeReturn: 0 };
    });
    this.reported = this.trainers.map((t) => t.runs.map(() => 0));
  }

  get allDiverged(): boolean {
    return this.trainers.every((t) => t.done);
  }

  /** `steps` environment steps for each run that has not diverged (a diverged run stays stopped). */
  async advance(steps: number): Promise<void> {
    for (const t of this.trainers) await t.runSteps(steps);
  }

  /** One step of each rollout environment with seed 0's current policy; returns what to draw. */
  async rolloutStep(stochastic: boolean): Promise<Array<{ agent: AgentKind; frame: ReturnType<Env['frame']>; episodeReturn: number }>> {
    const out = [];
    for (let i = 0; i < this.trainers.length; i++) {
      const t = this.trainers[i];
      const r = this.rollouts[i];
      if (!t.runs[0].done) {
        // One forward pass for every seed (the batch's shape); only seed 0 acts on the canvas, and only
        // its generator draws when the rollout is stochastic (as the single agent's did).
        const obs = t.runs.map((run, k) => (k === 0 ? r.observation : run.observation));
        const { action } = (await t.agent.act(obs, [stochastic]))[0];
        if (action.every((a) => !Number.isNaN(a))) {
          const res = r.env.step(action);
          r.episodeReturn += res.reward;
          r.observation = res.observation;
          if (res.terminated || res.truncated) {
            r.episodes++;
            r.episodeReturn = 0;
            r.observation = r.env.reset(rolloutSeed(this.config.seed, i, r.episodes));
          }
        }
      }
      out.push({ agent: t.agent.kind, frame: r.env.frame(), episodeReturn: r.episodeReturn });
    }
    return out;
  }

  /** What changed since the previous snapshot (new episodes only), one per (agent, seed), for the charts. */
  snapshot(): RunSnapshot[] {
    return this.trainers.flatMap((t, i) =>
      t.runs.map((run) => {
        const newEpisodes = run.episodes.slice(this.reported[i][run.slot]);
        this.reported[i][run.slot] = run.episodes.length;
        return {
          agent: t.agent.kind,
          seed: run.seed,
          slot: run.slot,
          steps: run.steps,
          updates: run.updates,
          newEpisodes,
          stats: run.latestStats,
          targetEntropy: t.agent.targetEntropy,
          actionSize: run.env.actionSize,
          diverged: run.diverged ?? null,
        };
      }),
    );
  }

  /** GPU time of SAC-ERA's policy head (actor MLP + ERA) on a 64-state batch per seed; null GPU figures off WebGPU. */
  async profileEraPolicy(): Promise<StepProfile | null> {
    const t = this.trainers.find((x) => x.agent instanceof SacEraSeeds);
    if (!t || t.done) return null;
    const agent = t.agent as SacEraSeeds;
    const obs = tf.randomNormal([t.runs.length, 64, t.agent.observationSize]) as tf.Tensor3D;
    try {
      return await profileStep(() => {
        const { mu, logStd } = agent.policy(obs);
        return [mu, logStd];
      });
    } finally {
      obs.dispose();
    }
  }

  /** Loads a trained actor into every seed slot of that agent (the canvas replays seed 0's). */
  loadCheckpoint(agent: AgentKind, checkpoint: AgentCheckpoint): void {
    const t = this.trainers.find((x) => x.agent.kind === agent);
    if (!t) throw new Error(`no ${agent} run in this session`);
    if (checkpoint.kind !== agent || checkpoint.observationSize !== t.agent.observationSize || checkpoint.actionSize !== t.agent.actionSize) {
      throw new Error(
        `checkpoint (${checkpoint.kind}, ${checkpoint.observationSize}→${checkpoint.actionSize}) does not fit this ${agent} run on ${this.config.env}`,
      );
    }
    for (const run of t.runs) t.agent.importCheckpoint(run.slot, checkpoint);
  }

  dispose(): void {
    for (const t of this.trainers) t.dispose();
  }
}

function rolloutSeed(seed: number, agentIndex: number, episode: number): number {
  // Both agents replay the same start states (agentIndex is unused on purpose: same seed, side by side).
  void agentIndex;
  return 1_000_000 + seed * 1000 + episode;
}
