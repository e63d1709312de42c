// The training loop shared by the Web Worker (page) and the headless runner (Node): one agent on one
// environment, stepped in chunks, recording one row per episode. A NaN/∞ loss or action stops the run
// and marks the step where it happened.
import * as tf from '@tensorflow/tfjs';
import { type Agent, type AgentConfig, type AgentKind, makeAgent } from './agents/index.ts';
import { type Batch, ReplayBuffer, disposeBatch } from './agents/replay.ts';
import type { UpdateStats } from './agents/types.ts';
import { type Env, type EnvOptions, makeEnv } from './envs/index.ts';
import { Rng } from '../util/rng.ts';

export interface TrainerConfig {
  env: string;
  envOptions: EnvOptions;
  agent: AgentKind;
  agentConfig: Partial<AgentConfig>;
  seed: number;
  batchSize: number;
  bufferSize: number;
  /** Uniform random actions for this many environment steps before learning starts. */
  warmupSteps: number;
  /**
   * Each random warmup action is held for this many steps (1 = i.i.d. uniform). Held actions explore
   * like a slow random walk: on mountain car i.i.d. actions never reach the flag in 999 steps, while
   * actions held for 25 steps reach it in most episodes, so the replay buffer sees the goal reward.
   */
  warmupActionHold: number;
  updatesPerStep: number;
  /** Read training statistics (a sync) every this many updates. */
  statsEvery: number;
}

export const DEFAULT_TRAINER_CONFIG: Omit<TrainerConfig, 'env' | 'agent'> = {
  envOptions: {},
  agentConfig: {},
  seed: 0,
  batchSize: 64,
  bufferSize: 100_000,
  warmupSteps: 1000,
  warmupActionHold: 1,
  updatesPerStep: 1,
  statsEvery: 50,
};

export interface EpisodeRecord {
  episode: number;
  /** Environment steps taken so far (at the end of this episode). */
  step: number;
  return: number;
  length: number;
  /** Mean over the episode's states of the policy Gaussian's entropy. */
  gaussianEntropy: number;
  /** The latest training statistics when the episode ended (NaN before learning starts). */
  actionEntropy: number;
  alpha: number;
  delta: number;
  qMean: number;
  criticLoss: number;
  actorLoss: number;
}

export interface Divergence {
  step: number;
  reason: string;
}

const NO_STATS: UpdateStats = { criticLoss: NaN, actorLoss: NaN, qMean: NaN, gaussianEntropy: NaN, actionEntropy: NaN, alpha: NaN, delta: NaN };

export class Trainer {
  readonly config: TrainerConfig;
  readonly env: Env;
  readonly agent: Agent;
  readonly episodes: EpisodeRecord[] = [];
  readonly buffer: ReplayBuffer;
  steps = 0;
  updates = 0;
  diverged: Divergence | undefined;
  latestStats: UpdateStats = NO_STATS;
  /** Called after every finished episode. */
  onEpisode?: (record: EpisodeRecord) => void;
  private readonly rng: Rng;
  private observation: Float32Array;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeEntropySum = 0;
  private heldAction: Float32Array | null = null;
  private heldSteps = 0;

  constructor(config: Partial<TrainerConfig> & Pick<TrainerConfig, 'env' | 'agent'>) {
    this.config = { ...DEFAULT_TRAINER_CONFIG, ...config };
    const c = this.config;
    if (!Number.isInteger(c.warmupActionHold) || c.warmupActionHold < 1) {
      throw new RangeError(`warmupActionHold must be an integer ≥ 1, got ${c.warmupActionHold}`);
    }
    this.env = makeEnv(c.env, c.envOptions);
    this.agent = makeAgent(c.agent, this.env.observationSize, this.env.actionSize, c.agentConfig, c.seed);
    this.buffer = new ReplayBuffer(c.bufferSize, this.env.observationSize, this.env.actionSize);
    this.rng = new Rng(c.seed * 104729 + 17);
    this.observation = this.env.reset(this.episodeSeed());
  }

  get done(): boolean {
    return this.diverged !== undefined;
  }

  private episodeSeed(): number {
    return this.config.seed * 100_003 + this.episodes.length;
  }

  /** Takes up to `n` environment steps (fewer if the run diverges). */
  async runSteps(n: number): Promise<void> {
    for (let i = 0; i < n && !this.diverged; i++) {
      try {
        await this.step();
      } catch (err) {
        this.diverged = { step: this.steps, reason: err instanceof Error ? err.message : String(err) };
      }
    }
  }

  private async step(): Promise<void> {
    const { warmupSteps, batchSize, updatesPerStep, statsEvery } = this.config;
    const learning = this.steps >= warmupSteps && this.buffer.size >= batchSize;
    const policy = await this.agent.act(this.observation, true);
    const action = learning ? policy.action : this.randomAction();
    const result = this.env.step(action); // throws on a NaN action: a diverged policy
    this.buffer.add(this.observation, action, result.reward, result.observation, result.terminated);
    this.steps++;
    this.episodeReturn += result.reward;
    this.episodeLength++;
    this.episodeEntropySum += policy.gaussianEntropy;
    this.observation = result.observation;

    if (learning) {
      for (let u = 0; u < updatesPerStep; u++) {
        const batch: Batch = this.buffer.sample(batchSize, this.rng);
        try {
          this.updates++;
          const stats = await this.agent.update(batch, this.updates % statsEvery === 0);
          if (stats) {
            this.latestStats = stats;
            if (!Number.isFinite(stats.criticLoss) || !Number.isFinite(stats.actorLoss)) {
              throw new Error(`non-finite loss (critic ${stats.criticLoss}, actor ${stats.actorLoss})`);
            }
          }
        } finally {
          disposeBatch(batch);
        }
      }
    }

    if (result.terminated || result.truncated) this.finishEpisode();
  }

  private randomAction(): Float32Array {
    if (this.heldAction && this.heldSteps < this.config.warmupActionHold) {
      this.heldSteps++;
      return this.heldAction;
    }
    const a = new Float32Array(this.env.actionSize);
    for (let i = 0; i < a.length; i++) a[i] = this.rng.range(-1, 1);
    this.heldAction = a;
    this.heldSteps = 1;
    return a;
  }

  private finishEpisode(): void {
    const s = this.latestStats;
    const record: EpisodeRecord = {
      episode: this.episodes.length,
      step: this.steps,
      return: this.episodeReturn,
      length: this.episodeLength,
      gaussianEntropy: this.episodeEntropySum / this.episodeLength,
      actionEntropy: s.actionEntropy,
      alpha: s.alpha,
      delta: s.delta,
      qMean: s.qMean,
      criticLoss: s.criticLoss,
      actorLoss: s.actorLoss,
    };
    this.episodes.push(record);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.heldAction = null;
    this.episodeEntropySum = 0;
    this.observation = this.env.reset(this.episodeSeed());
    this.onEpisode?.(record);
  }

  /** Mean return of the last `k` finished episodes (NaN before the first). */
  finalReturn(k = 10): number {
    const last = this.episodes.slice(-k);
    return last.length ? last.reduce((s, e) => s + e.return, 0) / last.length : NaN;
  }

  meanGaussianEntropy(): number {
    const xs = this.episodes.map((e) => e.gaussianEntropy).filter(Number.isFinite);
    return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
  }

  /**
   * Mean return of the deterministic policy (tanh μ) over `episodes` fresh episodes on a separate copy
   * of the environment; training returns include exploration noise, this does not.
   */
  async evaluate(episodes = 10): Promise<number> {
    const env = makeEnv(this.config.env, this.config.envOptions);
    let total = 0;
    for (let e = 0; e < episodes; e++) {
      let obs = env.reset(2_000_000 + this.config.seed * 1000 + e);
      for (;;) {
        const r = env.step((await this.agent.act(obs, false)).action);
        total += r.reward;
        obs = r.observation;
        if (r.terminated || r.truncated) break;
      }
    }
    return total / episodes;
  }

  dispose(): void {
    this.agent.dispose();
  }
}

/** Keeps TF.js's engine honest in long loops: the number of live tensors (for leak checks). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
