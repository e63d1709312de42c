// The training loop for S seeds of one agent trained together (trainer.ts, batched): S environment
// instances, S replay buffers and generators, and one batched agent (agents/batched.ts) that acts for all
// seeds in one forward pass and updates all of them in one step. Each seed draws its warm-up actions,
// replay batches, episode starts and noise exactly as a single-seed `Trainer` of that seed does, so seed
// k of a batch follows the run `new Trainer({ ...config, seed: k })` (within float tolerance). A seed
// whose loss or action turns NaN/∞ stops there (its slot keeps computing, unread); the others go on.
import { DEFAULT_AGENT_CONFIG, type ActResult, type UpdateStats } from './agents/index.ts';
import { type SeedsAgent, disposeSeedsBatch, makeSeedsAgent, seedsBatchOf } from './agents/batched.ts';
import { type BatchArrays, ReplayBuffer } from './agents/replay.ts';
import { type Env, makeEnv } from './envs/index.ts';
import { DEFAULT_TRAINER_CONFIG, type Divergence, type EpisodeRecord, type TrainerConfig } from './trainer.ts';
import { Rng } from '../util/rng.ts';

export interface SeedsTrainerConfig extends Omit<TrainerConfig, 'seed'> {
  /** The seeds, in slot order (slot 0 is the one the page draws). */
  seeds: number[];
}

const NO_STATS: UpdateStats = { criticLoss: NaN, actorLoss: NaN, qMean: NaN, gaussianEntropy: NaN, actionEntropy: NaN, alpha: NaN, delta: NaN };

/** One seed's side of the loop: its environment, buffer, generator and records (a Trainer's state). */
export class SeedRun {
  readonly env: Env;
  readonly buffer: ReplayBuffer;
  readonly episodes: EpisodeRecord[] = [];
  readonly rng: Rng;
  steps = 0;
  updates = 0;
  diverged: Divergence | undefined;
  latestStats: UpdateStats = NO_STATS;
  observation: Float32Array;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeEntropySum = 0;
  private heldAction: Float32Array | null = null;
  private heldSteps = 0;

  constructor(
    readonly config: TrainerConfig,
    readonly slot: number,
  ) {
    this.env = makeEnv(config.env, config.envOptions);
    this.buffer = new ReplayBuffer(config.bufferSize, this.env.observationSize, this.env.actionSize);
    this.rng = new Rng(config.seed * 104729 + 17);
    this.observation = this.env.reset(this.episodeSeed());
  }

  get seed(): number {
    return this.config.seed;
  }

  get done(): boolean {
    return this.diverged !== undefined;
  }

  private episodeSeed(): number {
    return this.config.seed * 100_003 + this.episodes.length;
  }

  randomAction(): Float32Array {
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

  /** One environment step with `action`; true when the episode ended. Throws on a NaN action. */
  envStep(action: Float32Array, policy: ActResult): boolean {
    const result = this.env.step(action);
    this.buffer.add(this.observation, action, result.reward, result.observation, result.terminated);
    this.steps++;
    this.episodeReturn += result.reward;
    this.episodeLength++;
    this.episodeEntropySum += policy.gaussianEntropy;
    this.observation = result.observation;
    return result.terminated || result.truncated;
  }

  finishEpisode(): EpisodeRecord {
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
    return record;
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
}

export class SeedsTrainer {
  readonly config: SeedsTrainerConfig;
  readonly agent: SeedsAgent;
  readonly runs: SeedRun[];
  /** Updates taken (every seed takes each one). */
  updates = 0;
  /** Called after every finished episode of any seed. */
  onEpisode?: (run: SeedRun, record: EpisodeRecord) => void;
  private readonly arrays: BatchArrays;

  constructor(config: Partial<SeedsTrainerConfig> & Pick<SeedsTrainerConfig, 'env' | 'agent' | 'seeds'>) {
    this.config = { ...DEFAULT_TRAINER_CONFIG, ...config };
    const c = this.config;
    if (c.seeds.length < 1) throw new RangeError('at least one seed');
    if (!Number.isInteger(c.warmupActionHold) || c.warmupActionHold < 1) {
      throw new RangeError(`warmupActionHold must be an integer ≥ 1, got ${c.warmupActionHold}`);
    }
    this.runs = c.seeds.map((seed, slot) => new SeedRun({ ...c, seed }, slot));
    const env = this.runs[0].env;
    this.agent = makeSeedsAgent(c.agent, env.observationSize, env.actionSize, { ...DEFAULT_AGENT_CONFIG, ...c.agentConfig }, c.seeds);
    const S = c.seeds.length;
    const [o, a, b] = [env.observationSize, env.actionSize, c.batchSize];
    this.arrays = {
      obs: new Float32Array(S * b * o),
      next: new Float32Array(S * b * o),
      act: new Float32Array(S * b * a),
      rew: new Float32Array(S * b),
      term: new Float32Array(S * b),
    };
  }

  get seeds(): number[] {
    return this.config.seeds;
  }

  /** Environment steps of the furthest seed. */
  get steps(): number {
    return Math.max(...this.runs.map((r) => r.steps));
  }

  get done(): boolean {
    return this.runs.every((r) => r.done);
  }

  /** Takes up to `n` environment steps of every seed that has not diverged. */
  async runSteps(n: number): Promise<void> {
    for (let i = 0; i < n && !this.done; i++) await this.step();
  }

  private diverge(run: SeedRun, err: unknown): void {
    run.diverged = { step: run.steps, reason: err instanceof Error ? err.message : String(err) };
  }

  private async step(): Promise<void> {
    const { warmupSteps, batchSize, updatesPerStep, statsEvery } = this.config;
    const live = this.runs.filter((r) => !r.done);
    // Seeds step in lockstep, so they all start learning at the same step.
    const learning = live[0].steps >= warmupSteps && live[0].buffer.size >= batchSize;
    const policies = await this.agent.act(
      this.runs.map((r) => r.observation),
      true,
    );
    const ended: SeedRun[] = [];
    for (const r of live) {
      const policy = policies[r.slot];
      const action = learning ? policy.action : r.randomAction();
      try {
        if (r.envStep(action, policy)) ended.push(r);
      } catch (err) {
        this.diverge(r, err);
      }
    }

    if (learning) {
      for (let u = 0; u < updatesPerStep; u++) {
        for (const r of this.runs) r.buffer.sampleArrays(batchSize, r.rng, this.arrays, r.slot * batchSize);
        const env = this.runs[0].env;
        const batch = seedsBatchOf(this.arrays, this.runs.length, batchSize, env.observationSize, env.actionSize);
        try {
          this.updates++;
          for (const r of this.runs) if (!r.done) r.updates++;
          const stats = await this.agent.update(batch, this.updates % statsEvery === 0);
          if (stats) {
            for (const r of this.runs) {
              if (r.done) continue;
              const s = stats[r.slot];
              r.latestStats = s;
              if (!Number.isFinite(s.criticLoss) || !Number.isFinite(s.actorLoss)) {
                this.diverge(r, new Error(`non-finite loss (critic ${s.criticLoss}, actor ${s.actorLoss})`));
              }
            }
          }
        } finally {
          disposeSeedsBatch(batch);
        }
      }
    }

    for (const r of ended) {
      if (r.done) continue;
      const record = r.finishEpisode();
      this.onEpisode?.(r, record);
    }
  }

  /**
   * Per seed, the mean return of the deterministic policy (tanh μ) over `episodes` fresh episodes on
   * separate copies of the environment (the seeds in lockstep, one forward pass per step for all); the
   * same starts as `Trainer.evaluate` of each seed. NaN for a seed that diverged.
   */
  async evaluate(episodes = 10): Promise<number[]> {
    const c = this.config;
    const envs = this.runs.map(() => makeEnv(c.env, c.envOptions));
    const totals = this.runs.map(() => 0);
    const finished = this.runs.map((r) => (r.done ? episodes : 0));
    const obs = this.runs.map((r, k) => envs[k].reset(2_000_000 + r.seed * 1000));
    while (finished.some((f) => f < episodes)) {
      const acts = await this.agent.act(obs, false);
      this.runs.forEach((r, k) => {
        if (finished[k] >= episodes) return;
        const res = envs[k].step(acts[k].action);
        totals[k] += res.reward;
        obs[k] = res.observation;
        if (res.terminated || res.truncated) {
          finished[k]++;
          if (finished[k] < episodes) obs[k] = envs[k].reset(2_000_000 + r.seed * 1000 + finished[k]);
        }
      });
    }
    return this.runs.map((r, k) => (r.done ? NaN : totals[k] / episodes));
  }

  dispose(): void {
    this.agent.dispose();
  }
}
