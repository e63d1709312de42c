// The page's view of the two training runs (no DOM, no React): folding the worker's metrics snapshots
// in, and the rows the charts draw. The full episode lists are kept for the exports; only the charts
// see a bounded, decimated copy.
import { decimate } from '../../../util/decimate.ts';
import type { AgentKind, UpdateStats } from '../../../control/agents/types.ts';
import type { RunSnapshot } from '../../../control/protocol.ts';
import type { Divergence, EpisodeRecord } from '../../../control/trainer.ts';

export const AGENTS: readonly AgentKind[] = ['sac', 'sac-era'];

export interface RunView {
  agent: AgentKind;
  episodes: EpisodeRecord[];
  stats: UpdateStats | null;
  steps: number;
  updates: number;
  targetEntropy: number;
  actionSize: number;
  diverged: Divergence | null;
}

export type Runs = Record<AgentKind, RunView>;

const emptyRun = (agent: AgentKind): RunView => ({ agent, episodes: [], stats: null, steps: 0, updates: 0, targetEntropy: NaN, actionSize: 0, diverged: null });
export const emptyRuns = (): Runs => ({ sac: emptyRun('sac'), 'sac-era': emptyRun('sac-era') });

/**
 * The runs after one metrics message. A run's `episodes` array keeps its identity when no episode
 * finished, so the charts (memoised on it) skip the re-render that most messages would otherwise cost.
 */
export function applySnapshots(runs: Runs, snapshots: readonly RunSnapshot[]): Runs {
  const next = { ...runs };
  for (const r of snapshots) {
    const prev = runs[r.agent];
    next[r.agent] = {
      agent: r.agent,
      episodes: r.newEpisodes.length ? [...prev.episodes, ...r.newEpisodes] : prev.episodes,
      stats: r.stats,
      steps: r.steps,
      updates: r.updates,
      targetEntropy: r.targetEntropy,
      actionSize: r.actionSize,
      diverged: r.diverged,
    };
  }
  return next;
}

export const CHART_FIELDS = ['return', 'gaussianEntropy', 'actionEntropy', 'alpha', 'delta', 'qMean'] as const;

/** One row per episode index with `${agent}:${field}` columns (absent where not finite), 1-based `episode`. */
export function mergeEpisodes(episodes: Record<AgentKind, readonly EpisodeRecord[]>): Array<Record<string, number>> {
  const rows: Array<Record<string, number>> = [];
  for (const a of AGENTS) {
    for (const e of episodes[a]) {
      const row = (rows[e.episode] ??= { episode: e.episode + 1 });
      for (const f of CHART_FIELDS) if (Number.isFinite(e[f])) row[`${a}:${f}`] = e[f];
    }
  }
  return rows.filter(Boolean);
}

/** Chart rows of both runs, at most `maxPoints` of them (evenly spaced, always the first and the latest). */
export function chartRows(episodes: Record<AgentKind, readonly EpisodeRecord[]>, maxPoints: number): Array<Record<string, number>> {
  return decimate(mergeEpisodes(episodes), maxPoints);
}

/**
 * Chart rows of both runs by environment step (the x axis the live-change markers use): one row per
 * finished episode at the step it ended, `${agent}:${field}` columns; at most `maxPoints` rows.
 */
export function chartRowsByStep(episodes: Record<AgentKind, readonly EpisodeRecord[]>, maxPoints: number): Array<Record<string, number>> {
  const byStep = new Map<number, Record<string, number>>();
  for (const a of AGENTS) {
    for (const e of episodes[a]) {
      const row = byStep.get(e.step) ?? { step: e.step };
      for (const f of CHART_FIELDS) if (Number.isFinite(e[f])) row[`${a}:${f}`] = e[f];
      byStep.set(e.step, row);
    }
  }
  return decimate(
    [...byStep.values()].sort((x, y) => x.step - y.step),
    maxPoints,
  );
}
