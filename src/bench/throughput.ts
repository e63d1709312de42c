// Training throughput of the three labs' own trainers on the current TF.js backend (`npm run
// bench:throughput`, and the GPU kit's throughput.json): Classify's lock-step trainer (one ERA run of the
// CIFAR-style CNN on synthetic images), SAC-ERA updates at 1 and 8 seeds, GRPO+ERA steps at 1 (and 8)
// seeds. Each figure is work done over fenced wall time after untimed warm-up steps.
import * as tf from '@tensorflow/tfjs';
import { makeSyntheticDataset } from '../classify/data/synthetic.ts';
import { parseRunSpecs } from '../classify/regularizers.ts';
import { LockstepTrainer, type TrainerConfig as ClassifyTrainerConfig } from '../classify/trainer.ts';
import { disposeSeedsBatch, makeSeedsAgent, seedsBatchOf } from '../control/agents/batched.ts';
import { type BatchArrays, ReplayBuffer } from '../control/agents/replay.ts';
import { type AgentConfig, DEFAULT_AGENT_CONFIG } from '../control/agents/types.ts';
import { makeEnv } from '../control/envs/index.ts';
import { DEFAULT_TRAINER_CONFIG as CONTROL_DEFAULTS } from '../control/trainer.ts';
import { GrpoSeeds, RUN_PRESETS, type RunConfig } from '../tokens/trainer.ts';
import { Rng } from '../util/rng.ts';
import { fencedMs } from './timing.ts';

export interface ThroughputOptions {
  /** Fewer steps everywhere (a smoke run; figures are noisier). */
  quick?: boolean;
  /** Classify: batch size (default 256) and timed steps (default 200; 20 with quick). */
  classifyBatch?: number;
  classifySteps?: number;
  /** Classify: the CNN's first-stage width (default: the model's) and synthetic train images (default 4 batches). */
  classifyWidth?: number;
  classifyTrainSize?: number;
  /** SAC-ERA: timed updates per seed (default 500; 50 with quick), the environment (default point-mass). */
  sacUpdates?: number;
  sacEnv?: string;
  sacAgentConfig?: Partial<AgentConfig>;
  /** GRPO+ERA: timed steps at S = 1 (default 30; 5 with quick) and at S = 8 (default 10; 3 with quick; 0 skips). */
  grpoSteps?: number;
  grpoS8Steps?: number;
  grpoConfig?: Partial<RunConfig>;
  /** Untimed steps before each measurement (default 2). */
  warmup?: number;
  onProgress?: (label: string) => void;
}

export interface ThroughputResults {
  adapter: string;
  backend: string;
  /** Training images per second of one ERA run of the CNN (forward, loss, backward, SGD update, metrics read). */
  classifyImagesPerSecond: number;
  /** SAC-ERA gradient updates (critic + actor) per second, counted per seed: s8 is 8 seeds' updates together. */
  sacEraUpdatesPerSecond: { s1: number; s8: number };
  /** Whether s8 ran as one batched computation (true since the Control lab's batched seeds). */
  sacEraSeedsBatched: boolean;
  /** GRPO+ERA training steps per second of a single seed. */
  grpoEraStepsPerSecond: number;
  /** Steps per second of 8 seeds trained together in one batched computation (null when skipped). */
  grpoEraS8StepsPerSecond: number | null;
  classify: { model: string; batch: number; steps: number; seconds: number };
  sacEra: { env: string; batch: number; updatesPerSeed: number; s1Seconds: number; s8Seconds: number };
  grpoEra: { name: string; steps: number; seconds: number; s8Steps: number; s8Seconds: number | null };
  quick: boolean;
}

/** Fenced wall seconds of `n` awaited calls of `fn`. */
async function timed(n: number, fn: () => Promise<unknown>): Promise<number> {
  const ms = await fencedMs(async () => {
    for (let i = 0; i < n; i++) await fn();
  });
  return ms / 1000;
}

// ---- Classify --------------------------------------------------------------------------------------

export async function classifyThroughput(opts: ThroughputOptions = {}): Promise<{ imagesPerSecond: number } & ThroughputResults['classify']> {
  const batch = opts.classifyBatch ?? 256;
  const steps = opts.classifySteps ?? (opts.quick ? 20 : 200);
  const warmup = opts.warmup ?? 2;
  const dataset = makeSyntheticDataset({ trainSize: opts.classifyTrainSize ?? 4 * batch, testSize: 1, seed: 0 });
  const config: ClassifyTrainerConfig = {
    model: 'cnn',
    width: opts.classifyWidth,
    runs: parseRunSpecs('era:0.6'),
    optimizer: 'sgd',
    learningRate: 0.05,
    schedule: 'constant',
    batchSize: batch,
    totalSteps: warmup + steps,
    augment: false,
    weightDecay: 5e-4,
    seed: 0,
  };
  const trainer = new LockstepTrainer(dataset, config);
  try {
    for (let i = 0; i < warmup; i++) await trainer.trainStep();
    const seconds = await timed(steps, () => trainer.trainStep());
    return { imagesPerSecond: (steps * trainer.batchSize) / seconds, model: 'cnn', batch: trainer.batchSize, steps, seconds };
  } finally {
    trainer.dispose();
  }
}

// ---- SAC-ERA ---------------------------------------------------------------------------------------

/** `seeds` SAC-ERA seeds; one `update()` is one gradient update of every seed, on its own batch. */
export interface SacEraSeeds {
  readonly batched: boolean;
  update(): Promise<void>;
  dispose(): void;
}

/** A replay buffer filled with uniform random actions on `env` (what the trainer's warm-up does). */
function randomReplay(envName: string, transitions: number, seed: number): ReplayBuffer {
  const env = makeEnv(envName);
  const rng = new Rng(seed * 104729 + 17);
  const buffer = new ReplayBuffer(transitions, env.observationSize, env.actionSize);
  let obs = env.reset(seed);
  let episode = 0;
  for (let i = 0; i < transitions; i++) {
    const a = Float32Array.from({ length: env.actionSize }, () => rng.range(-1, 1));
    const r = env.step(a);
    buffer.add(obs, a, r.reward, r.observation, r.terminated);
    obs = r.terminated || r.truncated ? env.reset(seed * 100_003 + ++episode) : r.observation;
  }
  return buffer;
}

/**
 * S seeds of SAC-ERA trained together (the Control lab's batched seeds, agents/batched.ts), each seed
 * sampling its own replay buffer, as the lab's SeedsTrainer does. S = 1 is the same agent with one slot.
 */
export function makeSacEraSeeds(seeds: number, envName: string, batchSize: number, config: Partial<AgentConfig> = {}): SacEraSeeds {
  const env = makeEnv(envName);
  const slots = Array.from({ length: seeds }, (_, s) => s);
  const agent = makeSeedsAgent('sac-era', env.observationSize, env.actionSize, { ...DEFAULT_AGENT_CONFIG, ...config }, slots);
  const buffers = slots.map((s) => randomReplay(envName, Math.max(1000, batchSize), s));
  const rngs = slots.map((s) => new Rng(s * 104729 + 18));
  const arrays: BatchArrays = {
    obs: new Float32Array(seeds * batchSize * env.observationSize),
    act: new Float32Array(seeds * batchSize * env.actionSize),
    rew: new Float32Array(seeds * batchSize),
    next: new Float32Array(seeds * batchSize * env.observationSize),
    term: new Float32Array(seeds * batchSize),
  };
  let updates = 0;
  return {
    batched: true,
    async update() {
      updates++;
      for (const s of slots) buffers[s].sampleArrays(batchSize, rngs[s], arrays, s * batchSize);
      const batch = seedsBatchOf(arrays, seeds, batchSize, env.observationSize, env.actionSize);
      try {
        // Statistics are read as often as the trainer reads them (a sync), not on every update.
        await agent.update(batch, updates % CONTROL_DEFAULTS.statsEvery === 0);
      } finally {
        disposeSeedsBatch(batch);
      }
    },
    dispose() {
      agent.dispose();
    },
  };
}

export async function sacEraThroughput(
  seeds: number,
  opts: ThroughputOptions = {},
): Promise<{ updatesPerSecond: number; batched: boolean; env: string; batch: number; updatesPerSeed: number; seconds: number }> {
  const env = opts.sacEnv ?? 'point-mass';
  const batch = CONTROL_DEFAULTS.batchSize;
  const updatesPerSeed = opts.sacUpdates ?? (opts.quick ? 50 : 500);
  const run = makeSacEraSeeds(seeds, env, batch, opts.sacAgentConfig);
  try {
    for (let i = 0; i < (opts.warmup ?? 2); i++) await run.update();
    const seconds = await timed(updatesPerSeed, () => run.update());
    return { updatesPerSecond: (seeds * updatesPerSeed) / seconds, batched: run.batched, env, batch, updatesPerSeed, seconds };
  } finally {
    run.dispose();
  }
}

// ---- GRPO+ERA --------------------------------------------------------------------------------------

export async function grpoEraThroughput(seeds: number, steps: number, opts: ThroughputOptions = {}): Promise<{ stepsPerSecond: number; name: string; seconds: number }> {
  const cfg = RUN_PRESETS['grpo-era']({ ...opts.grpoConfig, seeds });
  const run = new GrpoSeeds(cfg);
  try {
    for (let i = 0; i < (opts.warmup ?? 2); i++) await run.step();
    const seconds = await timed(steps, () => run.step());
    const name = `GRPO+ERA step, ${cfg.promptsPerStep} prompts × G ${cfg.groupSize}, ${cfg.task.maxLength} tokens`;
    return { stepsPerSecond: steps / seconds, name, seconds };
  } finally {
    run.dispose();
  }
}

// ---- All together ----------------------------------------------------------------------------------

export async function runThroughput(adapter: string, opts: ThroughputOptions = {}): Promise<ThroughputResults> {
  const say = opts.onProgress ?? (() => {});
  say('classify: CNN + ERA training steps');
  const c = await classifyThroughput(opts);
  say('SAC-ERA: 1 seed');
  const s1 = await sacEraThroughput(1, opts);
  say('SAC-ERA: 8 seeds');
  const s8 = await sacEraThroughput(8, opts);
  const grpoSteps = opts.grpoSteps ?? (opts.quick ? 5 : 30);
  const grpoS8Steps = opts.grpoS8Steps ?? (opts.quick ? 3 : 10);
  say('GRPO+ERA: 1 seed');
  const g1 = await grpoEraThroughput(1, grpoSteps, opts);
  let g8: Awaited<ReturnType<typeof grpoEraThroughput>> | null = null;
  if (grpoS8Steps > 0) {
    say('GRPO+ERA: 8 seeds together');
    g8 = await grpoEraThroughput(8, grpoS8Steps, opts);
  }
  return {
    adapter,
    backend: tf.getBackend(),
    classifyImagesPerSecond: c.imagesPerSecond,
    sacEraUpdatesPerSecond: { s1: s1.updatesPerSecond, s8: s8.updatesPerSecond },
    sacEraSeedsBatched: s8.batched,
    grpoEraStepsPerSecond: g1.stepsPerSecond,
    grpoEraS8StepsPerSecond: g8 ? g8.stepsPerSecond : null,
    classify: { model: c.model, batch: c.batch, steps: c.steps, seconds: c.seconds },
    sacEra: { env: s1.env, batch: s1.batch, updatesPerSeed: s1.updatesPerSeed, s1Seconds: s1.seconds, s8Seconds: s8.seconds },
    grpoEra: { name: g1.name, steps: grpoSteps, seconds: g1.seconds, s8Steps: g8 ? grpoS8Steps : 0, s8Seconds: g8 ? g8.seconds : null },
    quick: !!opts.quick,
  };
}
