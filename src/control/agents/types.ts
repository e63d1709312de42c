// Agent configuration, statistics and the interface both agents (SAC, SAC-ERA) implement.
import type { Activation } from './mlp.ts';
import type { Batch } from './replay.ts';

export const AGENT_KINDS = ['sac', 'sac-era'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];
/**
 * SAC-ERA's action distributions: 'truncated-normal' is the released one (a true truncated normal at
 * tanh(μ), sampled by inverse CDF); 'tanh-normal' squashes the Gaussian; 'clamped-normal' is the
 * DrQ-v2-style clamp(tanh(μ) + σε) with a straight-through gradient (mass piles up at ±1).
 */
export const ERA_DISTRIBUTIONS = ['truncated-normal', 'tanh-normal', 'clamped-normal'] as const;
export type EraDistribution = (typeof ERA_DISTRIBUTIONS)[number];
export type DeltaMode = 'constant' | 'auto';

export interface AgentConfig {
  hidden: number[];
  activation: Activation;
  actorLr: number;
  criticLr: number;
  gamma: number;
  /** Polyak rate of the target critics. */
  tau: number;
  // SAC's temperature machinery.
  initialAlpha: number;
  alphaLr: number;
  // SAC-ERA.
  /** Target entropy per action dimension: H₀ = D·targetEntropyPerDim. */
  targetEntropyPerDim: number;
  logStdMin: number;
  logStdMax: number;
  distribution: EraDistribution;
  deltaMode: DeltaMode;
  /** δ when constant, the starting δ when auto-tuned. */
  delta: number;
  deltaLr: number;
}

/** Small-network defaults that learn Pendulum in a browser within ~10k steps. */
export const DEFAULT_AGENT_CONFIG: AgentConfig = {
  hidden: [32, 32],
  activation: 'relu',
  actorLr: 1e-3,
  criticLr: 1e-3,
  gamma: 0.99,
  tau: 0.005,
  initialAlpha: 0.2,
  alphaLr: 1e-3,
  targetEntropyPerDim: 0.25,
  logStdMin: -8,
  logStdMax: 0,
  distribution: 'truncated-normal',
  deltaMode: 'constant',
  delta: 0,
  deltaLr: 3e-3,
};

/**
 * The seed of an agent's own generator (initial weights, then sampling noise). The same for both kinds,
 * so SAC and SAC-ERA on one seed start from the same critics and actor network (whose two output
 * heads mean different things: SAC's ln σ, ERA's σ̂), and a comparison measures the algorithms.
 */
export function agentSeed(seed: number): number {
  return seed * 7919 + 1;
}

export interface UpdateStats {
  criticLoss: number;
  actorLoss: number;
  /** Mean of Q1(s, a) over the batch. */
  qMean: number;
  /** Mean over the batch of the policy Gaussian's entropy (before squashing or truncation). */
  gaussianEntropy: number;
  /** Mean over the batch of an estimate of the executed action distribution's entropy. */
  actionEntropy: number;
  /** SAC's temperature (NaN for SAC-ERA). */
  alpha: number;
  /** SAC-ERA's δ (NaN for SAC). */
  delta: number;
}

export interface ActResult {
  action: Float32Array;
  /** Entropy of the policy Gaussian at this state. */
  gaussianEntropy: number;
}

export interface AgentCheckpoint {
  kind: AgentKind;
  observationSize: number;
  actionSize: number;
  config: AgentConfig;
  actor: number[][];
  /** SAC: ln α; SAC-ERA: δ. */
  scalar: number;
}

export interface Agent {
  readonly kind: AgentKind;
  readonly observationSize: number;
  readonly actionSize: number;
  /** The entropy the agent steers toward: −D for SAC, H₀ = 0.25·D (by default) for SAC-ERA. */
  readonly targetEntropy: number;
  /** Acts on one observation: sampled (stochastic) or the distribution's centre (deterministic). */
  act(observation: Float32Array, stochastic: boolean): Promise<ActResult>;
  /** One gradient step of critic, actor and temperature/δ. Reading statistics syncs, so only on request. */
  update(batch: Batch, readStats: boolean): Promise<UpdateStats | undefined>;
  exportCheckpoint(): Promise<AgentCheckpoint>;
  /** Loads the actor only (enough to act); critics keep training from where they are. */
  importCheckpoint(checkpoint: AgentCheckpoint): void;
  dispose(): void;
}
