// The lab's settings (declared by the lab's schema) mapped to the two runs' configs, and the settings
// a running session can change between steps. No DOM here.
import type { TokensSettings } from '../ui/labs/tokens/schema.ts';
import { DEFAULT_TASK } from './task.ts';
import { DEFAULT_RUN, RUN_PRESETS, type RunConfig } from './trainer.ts';

/** The lab's settings: declared once, by the lab's schema (src/ui/labs/tokens/schema.ts). */
export type { TokensSettings };

/** The settings a running session can change between steps (see TokensSession.setLive). */
export const LIVE_KEYS = ['k', 'omegaLow', 'omegaHigh', 'scaleAdvantages', 'learningRate'] as const;
export type LiveSettings = Pick<TokensSettings, (typeof LIVE_KEYS)[number]>;

/**
 * Live settings the engine can run with: k ≥ 1, ω_high ≥ ω_low and a positive learning rate (the
 * page's schema already keeps them in their ranges; the runner's schedules are checked when parsed).
 */
export function normaliseLive(s: LiveSettings): LiveSettings {
  return {
    k: Math.max(1, s.k),
    omegaLow: s.omegaLow,
    omegaHigh: Math.max(s.omegaLow, s.omegaHigh),
    scaleAdvantages: s.scaleAdvantages,
    learningRate: s.learningRate > 0 ? s.learningRate : DEFAULT_RUN.learningRate,
  };
}

/** The two runs of the comparison, built from the lab settings. */
export function runConfigs(s: TokensSettings): [RunConfig, RunConfig] {
  const base: Partial<RunConfig> = {
    seed: s.seed,
    seeds: s.seeds,
    filterGroups: s.filterGroups,
    maxGenBatches: s.maxGenBatches,
    groupSize: s.groupSize,
    promptsPerStep: s.promptsPerStep,
    learningRate: s.learningRate,
    clipEps: s.clipEps,
    updatesPerBatch: s.updatesPerBatch,
    topK: s.topK,
    evalSamples: Math.max(DEFAULT_RUN.evalSamples, s.groupSize),
    task: { ...DEFAULT_TASK, bucket: s.bucket },
  };
  return [RUN_PRESETS.grpo(base), RUN_PRESETS['grpo-era'](base, { k: s.k, omegaLow: s.omegaLow, omegaHigh: s.omegaHigh, scaleAdvantages: s.scaleAdvantages })];
}
