// Seed batching in the Control lab: one SAC-ERA update of S seeds trained together (agents/batched.ts)
// against one update of a single seed, on the current TF.js backend. perSeedSpeedup = S·singleMs /
// batchedMs: how many times less a seed costs when S of them share the batched computation. Medians of
// fenced wall time after warm-up updates; each timed update is a whole SAC-ERA step (critic target,
// critic and actor Adam steps, Polyak targets) on a fixed replay batch, the lab's network and
// environment (the 2-D point mass: 6 observations, 2 actions), the single and batched updates interleaved.
import * as tf from '@tensorflow/tfjs';
import { SacEraSeeds, type SeedsBatch, disposeSeedsBatch } from '../control/agents/batched.ts';
import { type AgentConfig, DEFAULT_AGENT_CONFIG } from '../control/agents/types.ts';
import type { SeedBatchingRow } from './seeds-tokens.ts';
import { fencedMs, median } from './timing.ts';

export type { SeedBatchingRow } from './seeds-tokens.ts';

export interface ControlSeedBatchingOptions {
  /** Seed counts to measure against S = 1 (default [8]). */
  seeds?: number[];
  /** Timed updates per measurement (default 20; 5 with quick). */
  repeats?: number;
  /** Untimed updates first: pipelines compile, buffers enter the pool (default 3). */
  warmup?: number;
  quick?: boolean;
  /** Replay batch per seed (default 64, the lab's). */
  batchSize?: number;
  observationSize?: number;
  actionSize?: number;
  /** Agent settings (default: the lab's, hidden [32, 32]). */
  config?: Partial<AgentConfig>;
  onProgress?: (label: string) => void;
}

function randomBatch(seeds: number, b: number, o: number, a: number): SeedsBatch {
  return tf.tidy(() => ({
    observations: tf.randomUniform([seeds, b, o], -1, 1, 'float32', 1) as tf.Tensor3D,
    actions: tf.randomUniform([seeds, b, a], -1, 1, 'float32', 2) as tf.Tensor3D,
    rewards: tf.randomUniform([seeds, b], -1, 0, 'float32', 3) as tf.Tensor2D,
    nextObservations: tf.randomUniform([seeds, b, o], -1, 1, 'float32', 4) as tf.Tensor3D,
    terminals: tf.zeros([seeds, b]) as tf.Tensor2D,
  }));
}

/** Median update times of a single seed and of `seeds` seeds together, timed updates interleaved. */
async function pairedUpdateMs(
  config: AgentConfig,
  seeds: number,
  shape: { b: number; o: number; a: number },
  warmup: number,
  repeats: number,
): Promise<[number, number]> {
  const single = new SacEraSeeds(shape.o, shape.a, config, [0]);
  const batched = new SacEraSeeds(
    shape.o,
    shape.a,
    config,
    Array.from({ length: seeds }, (_, k) => k),
  );
  const [b1, bS] = [randomBatch(1, shape.b, shape.o, shape.a), randomBatch(seeds, shape.b, shape.o, shape.a)];
  try {
    for (let i = 0; i < warmup; i++) {
      await single.update(b1, false);
      await batched.update(bS, false);
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < repeats; i++) {
      a.push(await fencedMs(() => single.update(b1, false)));
      b.push(await fencedMs(() => batched.update(bS, false)));
    }
    return [median(a), median(b)];
  } finally {
    disposeSeedsBatch(b1);
    disposeSeedsBatch(bS);
    single.dispose();
    batched.dispose();
  }
}

export async function benchControlSeedBatching(opts: ControlSeedBatchingOptions = {}): Promise<SeedBatchingRow[]> {
  const repeats = opts.repeats ?? (opts.quick ? 5 : 20);
  const warmup = opts.warmup ?? 3;
  const config: AgentConfig = { ...DEFAULT_AGENT_CONFIG, ...opts.config };
  const shape = { b: opts.batchSize ?? 64, o: opts.observationSize ?? 6, a: opts.actionSize ?? 2 };
  const name = `SAC-ERA update, batch ${shape.b}, MLP ${config.hidden.join('×')}, ${shape.o} obs → ${shape.a} actions`;
  const rows: SeedBatchingRow[] = [];
  for (const seeds of opts.seeds ?? [8]) {
    opts.onProgress?.(`${name}: ${seeds} seeds against 1`);
    const [singleMs, batchedMs] = await pairedUpdateMs(config, seeds, shape, warmup, repeats);
    rows.push({ name, backend: tf.getBackend(), seeds, batchedMs, singleMs, perSeedSpeedup: (seeds * singleMs) / batchedMs });
  }
  return rows;
}
