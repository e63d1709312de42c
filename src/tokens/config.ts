// The lab's settings (declared by the lab's schema) mapped to the two runs' configs. No DOM here.
import type { TokensSettings } from '../ui/labs/tokens/schema.ts';
import { DEFAULT_TASK } from './task.ts';
import { DEFAULT_RUN, RUN_PRESETS, type RunConfig } from './trainer.ts';

/** The lab's settings: declared once, by the lab's schema (src/ui/labs/tokens/schema.ts). */
export type { TokensSettings };

/** The two runs of the comparison, built from the lab settings. */
export function runConfigs(s: TokensSettings): [RunConfig, RunConfig] {
  const base: Partial<RunConfig> = {
    seed: s.seed,
    groupSize: s.groupSize,
    promptsPerStep: s.promptsPerStep,
    learningRate: s.learningRate,
    clipEps: s.clipEps,
    updatesPerBatch: s.updatesPerBatch,
    topK: s.topK,
    evalSamples: Math.max(DEFAULT_RUN.evalSamples, s.groupSize),
    task: { ...DEFAULT_TASK, bucket: s.bucket },
  };
  return [
    RUN_PRESETS.grpo(base),
    RUN_PRESETS['grpo-era'](base, { k: s.k, omegaLow: s.omegaLow, omegaHigh: s.omegaHigh, scaleAdvantages: s.scaleAdvantages }),
  ];
}
