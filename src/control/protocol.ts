// What the Control lab's worker and page exchange beyond the base protocol (src/lab/protocol.ts): plain
// data only.
import type { ControlSettings } from '../ui/labs/control/schema.ts';
import type { AgentKind, UpdateStats } from './agents/types.ts';
import type { EnvFrame } from './envs/index.ts';
import type { Divergence, EpisodeRecord } from './trainer.ts';

/** The lab's settings: declared once, by the lab's schema (src/ui/labs/control/schema.ts). */
export type ControlLabConfig = ControlSettings;

/** The lab's own commands (the base protocol carries reset, play, pause, step and live settings). */
export type ControlCommand =
  | { kind: 'rollout'; stochastic: boolean }
  /** Loads a trained policy: training pauses and the canvases replay it until Play or Reset. */
  | { kind: 'load-checkpoint'; agent: AgentKind; checkpoint: unknown };

export interface ControlFrame {
  agent: AgentKind;
  frame: EnvFrame;
  episodeReturn: number;
}

/** The lab's own messages to the page: one frame of each rollout canvas. */
export type ControlPayload = { kind: 'frames'; frames: ControlFrame[] };

/** One seed of one agent: the session sends one per (agent, seed) with every snapshot. */
export interface RunSnapshot {
  agent: AgentKind;
  seed: number;
  /** The seed's place in the batch (0 … S − 1); slot 0 is the one the canvas draws. */
  slot: number;
  steps: number;
  updates: number;
  /** Episodes finished since the previous snapshot. */
  newEpisodes: EpisodeRecord[];
  stats: UpdateStats;
  targetEntropy: number;
  actionSize: number;
  diverged: Divergence | null;
}
