// The Control lab's state inside the worker: SAC and SAC-ERA trained side by side on the same seed,
// plus one rollout environment per agent that replays the current policy for the canvas. DOM-free.
import { AGENT_KINDS, type AgentCheckpoint, type AgentKind } from './agents/index.ts';
import { type Env, makeEnv } from './envs/index.ts';
import type { ControlLabConfig, RunSnapshot } from './protocol.ts';

import { Trainer } from './trainer.ts';
import { SacEraAgent } from './agents/sacEra.ts';
import { type StepProfile, profileStep } from '../perf/step-profile.ts';
import * as tf from '@tensorflow/tfjs';

interface Rollout {
  env: Env;
  observation: Float32Array;
  episodes: number;
  episodeReturn: number;
}

export class ControlSession {
  readonly trainers: Trainer[];
  private readonly rollouts: Rollout[];
  private reported: number[];

  constructor(readonly config: ControlLabConfig) {
    const envOptions = {
      ...(config.env === 'reacher' ? { links: config.links } : {}),
      ...(config.episodeSteps > 0 ? { maxSteps: config.episodeSteps } : {}),
    };
    this.trainers = AGENT_KINDS.map(
      (agent) =>
        new Trainer({
          env: config.env,
          envOptions,
          agent,
          seed: config.seed,
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
    this.reported = this.trainers.map(() => 0);
  }

  get allDiverged(): boolean {
    return this.trainers.every((t) => t.done);
  }

  /** `steps` environment steps for each run that has not diverged (a diverged run stays stopped). */
  async advance(steps: number): Promise<void> {
    for (const t of this.trainers) await t.runSteps(steps);
  }

  /** One step of each rollout environment with the current policy; returns what to draw. */
  async rolloutStep(stochastic: boolean): Promise<Array<{ agent: AgentKind; frame: ReturnType<Env['frame']>; episodeReturn: number }>> {
    const out = [];
    for (let i = 0; i < this.trainers.length; i++) {
      const t = this.trainers[i];
      const r = this.rollouts[i];
      if (!t.done) {
        const { action } = await t.agent.act(r.observation, stochastic);
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

  /** What changed since the previous snapshot (new episodes only), for the charts. */
  snapshot(): RunSnapshot[] {
    return this.trainers.map((t, i) => {
      const newEpisodes = t.episodes.slice(this.reported[i]);
      this.reported[i] = t.episodes.length;
      return {
        agent: t.agent.kind,
        steps: t.steps,
        updates: t.updates,
        newEpisodes,
        stats: t.latestStats,
        targetEntropy: t.agent.targetEntropy,
        actionSize: t.env.actionSize,
        diverged: t.diverged ?? null,
      };
    });
  }

  /** GPU time of SAC-ERA's policy head (actor MLP + ERA) on a 64-state batch; null GPU figures off WebGPU. */
  async profileEraPolicy(): Promise<StepProfile | null> {
    const t = this.trainers.find((x) => x.agent instanceof SacEraAgent);
    if (!t || t.done) return null;
    const agent = t.agent as SacEraAgent;
    const obs = tf.randomNormal([64, t.env.observationSize]) as tf.Tensor2D;
    try {
      return await profileStep(() => {
        const { mu, logStd } = agent.policy(obs);
        return [mu, logStd];
      });
    } finally {
      obs.dispose();
    }
  }

  loadCheckpoint(agent: AgentKind, checkpoint: AgentCheckpoint): void {
    const t = this.trainers.find((x) => x.agent.kind === agent);
    if (!t) throw new Error(`no ${agent} run in this session`);
    if (checkpoint.kind !== agent || checkpoint.observationSize !== t.env.observationSize || checkpoint.actionSize !== t.env.actionSize) {
      throw new Error(
        `checkpoint (${checkpoint.kind}, ${checkpoint.observationSize}→${checkpoint.actionSize}) does not fit this ${agent} run on ${this.config.env}`,
      );
    }
    t.agent.importCheckpoint(checkpoint);
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
