// Seed batching in the Tokens lab: one GRPO+ERA step of S seeds trained together against one step of a
// single seed, on the current TF.js backend. perSeedSpeedup = S·singleMs / batchedMs: how many times
// less a seed costs when S of them share the batched computation (S would mean "free"). Medians of
// fenced wall time after warm-up steps; each timed step is a whole training step (sampling, scoring,
// the old policy's pass, the update and its reads), from fresh runs whose timed steps alternate.
import * as tf from '@tensorflow/tfjs';
import { GrpoSeeds, RUN_PRESETS, type RunConfig } from '../tokens/trainer.ts';

export interface SeedBatchingRow {
  name: string;
  backend: string;
  seeds: number;
  /** Median ms of one step of `seeds` seeds trained together. */
  batchedMs: number;
  /** Median ms of one step of a single seed. */
  singleMs: number;
  /** seeds · singleMs / batchedMs. */
  perSeedSpeedup: number;
}

export interface SeedBatchingOptions {
  /** Seed counts to measure against S = 1 (default [8]). */
  seeds?: number[];
  /** Timed steps per measurement (default 10; 3 with quick). */
  repeats?: number;
  /** Untimed steps first: pipelines compile, buffers enter the pool (default 2). */
  warmup?: number;
  quick?: boolean;
  /** Run settings (default: the lab's, GRPO+ERA). */
  config?: Partial<RunConfig>;
  onProgress?: (label: string) => void;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Submits what the webgpu backend has recorded and waits for the device's queue to drain (a no-op on the
 * cpu backend). The open compute pass must end first: submitting its encoder mid-pass is a validation
 * error that drops the recorded work (here, the optimiser's last update).
 */
export async function fence(): Promise<void> {
  const b = tf.backend() as unknown as { submitQueue?: () => void; endComputePassEncoder?: () => void; device?: GPUDevice; commandEncoder?: unknown };
  if (b.commandEncoder && b.submitQueue) {
    b.endComputePassEncoder?.();
    b.submitQueue();
  }
  await b.device?.queue.onSubmittedWorkDone();
}

/** Fenced wall time of one step. */
async function timedStep(run: GrpoSeeds): Promise<number> {
  await fence();
  const t0 = performance.now();
  await run.step();
  await fence();
  return performance.now() - t0;
}

/**
 * Median step times of a fresh single-seed run and a fresh run of `seeds` seeds, their timed steps
 * interleaved so that a change in the machine's load (shared CPUs; SwiftShader runs the GPU's work on
 * them) weighs on both alike.
 */
async function pairedStepMs(base: RunConfig, seeds: number, warmup: number, repeats: number): Promise<[number, number]> {
  const single = new GrpoSeeds(base);
  const batched = new GrpoSeeds({ ...base, seeds });
  try {
    for (let i = 0; i < warmup; i++) {
      await single.step();
      await batched.step();
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < repeats; i++) {
      a.push(await timedStep(single));
      b.push(await timedStep(batched));
    }
    return [median(a), median(b)];
  } finally {
    single.dispose();
    batched.dispose();
  }
}

export async function benchSeedBatching(opts: SeedBatchingOptions = {}): Promise<SeedBatchingRow[]> {
  const repeats = opts.repeats ?? (opts.quick ? 3 : 10);
  const warmup = opts.warmup ?? 2;
  const base = RUN_PRESETS['grpo-era']({ ...opts.config, seeds: 1 });
  const name = `GRPO+ERA step, ${base.promptsPerStep} prompts × G ${base.groupSize}, ${base.task.maxLength} tokens${base.filterGroups ? ', filtered' : ''}`;
  const rows: SeedBatchingRow[] = [];
  for (const seeds of opts.seeds ?? [8]) {
    opts.onProgress?.(`${name}: ${seeds} seeds against 1`);
    const [singleMs, batchedMs] = await pairedStepMs(base, seeds, warmup, repeats);
    rows.push({ name, backend: tf.getBackend(), seeds, batchedMs, singleMs, perSeedSpeedup: (seeds * singleMs) / batchedMs });
  }
  return rows;
}
