// Messages between the Control lab's page and its Web Worker (plain data only), and the lab's config.
import type { AgentKind, DeltaMode, EraDistribution, UpdateStats } from './agents/types.ts';
import type { EnvFrame, EnvName } from './envs/index.ts';
import type { Divergence, EpisodeRecord } from './trainer.ts';

export interface ControlLabConfig {
  env: EnvName;
  /** Reacher links (action dimensions), 2…8. */
  links: number;
  /** Episode time limit; 0 keeps the environment's standard limit. */
  episodeSteps: number;
  seed: number;
  hidden: number;
  batch: number;
  lr: number;
  warmup: number;
  /** Each random warm-up action is held this many steps (mountain car needs ~25 to find the flag). */
  warmupHold: number;
  gamma: number;
  tau: number;
  targetEntropyPerDim: number;
  distribution: EraDistribution;
  deltaMode: DeltaMode;
  delta: number;
  backend: 'cpu' | 'webgpu';
}

/** Small-network defaults that train Pendulum in a browser tab. */
export const DEFAULT_LAB_CONFIG: ControlLabConfig = {
  env: 'pendulum',
  links: 4,
  episodeSteps: 0,
  seed: 0,
  hidden: 32,
  batch: 64,
  lr: 1e-3,
  warmup: 1000,
  warmupHold: 1,
  gamma: 0.99,
  tau: 0.005,
  targetEntropyPerDim: 0.25,
  distribution: 'truncated-normal',
  deltaMode: 'constant',
  delta: 0,
  backend: 'cpu',
};

export type ToWorker =
  | { type: 'configure'; config: ControlLabConfig }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; steps: number }
  | { type: 'reset' }
  | { type: 'rollout'; stochastic: boolean }
  | { type: 'load-checkpoint'; agent: AgentKind; checkpoint: unknown };

export interface RunSnapshot {
  agent: AgentKind;
  steps: number;
  updates: number;
  /** Episodes finished since the previous snapshot. */
  newEpisodes: EpisodeRecord[];
  stats: UpdateStats;
  targetEntropy: number;
  actionSize: number;
  diverged: Divergence | null;
}

export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'metrics'; runs: RunSnapshot[]; stepsPerSecond: number; playing: boolean }
  | { type: 'frames'; frames: Array<{ agent: AgentKind; frame: EnvFrame; episodeReturn: number }> }
  | { type: 'perf'; stepMs: number | null; gpuMs: number | null; eraKernels: Array<{ name: string; ms: number }> | null }
  | { type: 'error'; message: string };
