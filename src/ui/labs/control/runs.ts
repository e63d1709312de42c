// The page's view of the two training runs, S seeds each (no DOM, no React): folding the worker's
// metrics snapshots in, and the rows the charts draw (per agent the mean over its seeds with the
// min–max band, single seeds on demand). The full episode lists are kept for the exports; only the
// charts see a bounded, decimated copy.
import { decimate } from '../../../util/decimate.ts';
import { type SeedPoints, seedBandRows, seedBandSeries } from '../../components/seedBands.ts';
import type { ChartRow, ChartSeries } from '../../components/TimeChart.tsx';
import type { SeriesStyle } from '../../theme/palette.ts';
import type { AgentKind, UpdateStats } from '../../../control/agents/types.ts';
import type { RunSnapshot } from '../../../control/protocol.ts';
import type { Divergence, EpisodeRecord } from '../../../control/trainer.ts';

export const AGENTS: readonly AgentKind[] = ['sac', 'sac-era'];

/** One agent: seed 0's (slot 0's) figures at the top level, every seed's episodes in `bySlot`. */
export interface RunView {
  agent: AgentKind;
  /** Slot 0's episodes (the seed the canvas draws); the same array as `bySlot[0]`. */
  episodes: EpisodeRecord[];
  /** The seed of each slot. */
  seeds: number[];
  /** Every seed's episodes, by slot. */
  bySlot: EpisodeRecord[][];
  /** Each slot's divergence, or null. */
  divergedBySlot: Array<Divergence | null>;
  stats: UpdateStats | null;
  steps: number;
  updates: number;
  targetEntropy: number;
  actionSize: number;
  diverged: Divergence | null;
}

export type Runs = Record<AgentKind, RunView>;

const emptyRun = (agent: AgentKind): RunView => ({
  agent,
  episodes: [],
  seeds: [],
  bySlot: [],
  divergedBySlot: [],
  stats: null,
  steps: 0,
  updates: 0,
  targetEntropy: NaN,
  actionSize: 0,
  diverged: null,
});
export const emptyRuns = (): Runs => ({ sac: emptyRun('sac'), 'sac-era': emptyRun('sac-era') });

/**
 * The runs after one metrics message. A run's `episodes` array keeps its identity when no episode
 * finished, so the charts (memoised on it) skip the re-render that most messages would otherwise cost.
 */
export function applySnapshots(runs: Runs, snapshots: readonly RunSnapshot[]): Runs {
  const next = { ...runs };
  for (const r of snapshots) {
    const prev = next[r.agent];
    const had = prev.bySlot[r.slot];
    const episodes = r.newEpisodes.length ? [...(had ?? []), ...r.newEpisodes] : (had ?? []);
    const bySlot = episodes === had ? prev.bySlot : withAt(prev.bySlot, r.slot, episodes);
    const seeds = prev.seeds[r.slot] === r.seed ? prev.seeds : withAt(prev.seeds, r.slot, r.seed);
    const divergedBySlot = prev.divergedBySlot[r.slot] === r.diverged ? prev.divergedBySlot : withAt(prev.divergedBySlot, r.slot, r.diverged);
    next[r.agent] =
      r.slot === 0
        ? {
            agent: r.agent,
            episodes,
            seeds,
            bySlot,
            divergedBySlot,
            stats: r.stats,
            steps: r.steps,
            updates: r.updates,
            targetEntropy: r.targetEntropy,
            actionSize: r.actionSize,
            diverged: r.diverged,
          }
        : { ...prev, seeds, bySlot, divergedBySlot };
  }
  return next;
}

function withAt<T>(xs: readonly T[], i: number, v: T): T[] {
  const out = [...xs];
  out[i] = v;
  return out;
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

export type ChartField = (typeof CHART_FIELDS)[number];

/** One chart's lines: a field of an agent, with its label and style. */
export interface FieldLine {
  agent: AgentKind;
  field: ChartField;
  label: string;
  style: SeriesStyle;
}

/** What the bands need of each agent's view. */
export type SeedRuns = Record<AgentKind, Pick<RunView, 'seeds' | 'bySlot'>>;

const lineKey = (l: FieldLine) => `${l.agent}:${l.field}`;

/**
 * Rows by environment step for those lines: per line the mean over the agent's seeds (key
 * `${agent}:${field}`), the lowest and highest seed (`…:min`, `…:max`) and, with `withSeeds`, each seed
 * (`…@seed`); at most `maxPoints` rows. A seed's value counts at the step its episode ended.
 */
export function bandRowsByStep(runs: SeedRuns, lines: readonly FieldLine[], maxPoints: number, withSeeds: boolean): ChartRow[] {
  const byLine = new Map<string, SeedPoints>();
  for (const l of lines) {
    const run = runs[l.agent];
    byLine.set(lineKey(l), new Map(run.bySlot.map((eps, slot) => [run.seeds[slot] ?? slot, eps.map((e) => [e.step, e[l.field]] as [number, number])])));
  }
  return seedBandRows(byLine, 'step', maxPoints, withSeeds);
}

/** The series for `bandRowsByStep`: a mean line and band per line (several seeds), single seeds on demand. */
export function bandSeries(runs: SeedRuns, lines: readonly FieldLine[], withSeeds: boolean): ChartSeries[] {
  return seedBandSeries(
    lines.map((l) => ({ key: lineKey(l), label: l.label, style: l.style, seeds: runs[l.agent].seeds })),
    withSeeds,
  );
}
