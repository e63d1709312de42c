// A headless comparison: several runs on the same seeds (each run's seeds trained together), stepped in
// lockstep, reduced to the summary the CLI writes (the summary.json fields are a contract read outside
// the repository).
import type { TokenEraOptions } from '../era/index.ts';
import { type Schedule, valueAt } from './schedule.ts';
import { GrpoSeeds, type LiveKnobs, RUN_PRESETS, type RunConfig, type RunName, type StepMetrics } from './trainer.ts';

export interface RunSummary {
  name: string;
  /** The seed of this entry (one entry per run and seed). */
  seed: number;
  steps: number;
  finalReward: number;
  finalResponseEntropy: number;
  /** Mean token entropy (verl's actor/entropy) of the last step. */
  finalMeanTokenEntropy: number;
  /** Minimum of the per-step mean response entropy over the last quarter of steps. */
  minResponseEntropyLast: number;
  /** pass@k for k = 1..G on the evaluation prompts after the last step. */
  passAtK: number[];
  /** Step where the loss went NaN/∞ (the run stopped there), or null. */
  divergedAt: number | null;
}

/** mean, min and max over a run's seeds (non-finite values left out; NaN when none is left). */
export interface Spread {
  mean: number;
  min: number;
  max: number;
}

/** One run aggregated over its seeds. */
export interface AgentSummary {
  name: string;
  /** The seeds aggregated. */
  seeds: number[];
  finalReward: Spread;
  finalResponseEntropy: Spread;
  finalMeanTokenEntropy: Spread;
  minResponseEntropyLast: Spread;
  /** pass@k for k = 1..G, each over the seeds that have it (a diverged seed has none). */
  passAtK: Spread[];
}

/** Per-step values of the live knobs; a knob's value at step n is used by step n. */
export type KnobSchedules = { [K in keyof LiveKnobs]?: Schedule<NonNullable<LiveKnobs[K]>> };

export interface ExperimentOptions {
  runs: RunName[];
  steps: number;
  /** The first seed. */
  seed: number;
  /** Seeds per run, trained together (default 1): seed, seed + 1, … */
  seeds?: number;
  overrides?: Partial<RunConfig>;
  /** ERA's options for the grpo-era run (defaults: ERA.md's). */
  era?: Partial<TokenEraOptions>;
  schedule?: KnobSchedules;
  onStep?: (name: string, m: StepMetrics, seed: number) => void;
}

/** The last ⌈steps/4⌉ entries (at least one). */
export function lastQuarter<T>(xs: T[]): T[] {
  return xs.slice(xs.length - Math.max(1, Math.ceil(xs.length / 4)));
}

export function summarise(name: string, seed: number, history: StepMetrics[], passAtK: number[], divergedAt: number | null): RunSummary {
  const last = history[history.length - 1];
  return {
    name,
    seed,
    steps: history.length,
    finalReward: last?.reward ?? NaN,
    finalResponseEntropy: last?.responseEntropy ?? NaN,
    finalMeanTokenEntropy: last?.meanTokenEntropy ?? NaN,
    minResponseEntropyLast: history.length ? Math.min(...lastQuarter(history).map((m) => m.responseEntropy)) : NaN,
    passAtK,
    divergedAt,
  };
}

export function spread(values: number[]): Spread {
  const xs = values.filter(Number.isFinite);
  if (xs.length === 0) return { mean: NaN, min: NaN, max: NaN };
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) };
}

/** The runs' entries grouped by name, in first-seen order. */
export function aggregate(runs: RunSummary[]): AgentSummary[] {
  const names = [...new Set(runs.map((r) => r.name))];
  return names.map((name) => {
    const rs = runs.filter((r) => r.name === name);
    const k = Math.max(0, ...rs.map((r) => r.passAtK.length));
    return {
      name,
      seeds: rs.map((r) => r.seed),
      finalReward: spread(rs.map((r) => r.finalReward)),
      finalResponseEntropy: spread(rs.map((r) => r.finalResponseEntropy)),
      finalMeanTokenEntropy: spread(rs.map((r) => r.finalMeanTokenEntropy)),
      minResponseEntropyLast: spread(rs.map((r) => r.minResponseEntropyLast)),
      passAtK: Array.from({ length: k }, (_, i) => spread(rs.flatMap((r) => (i < r.passAtK.length ? [r.passAtK[i]] : [])))),
    };
  });
}

/** The knobs the schedules set for `step` (empty when there are none). */
export function knobsAt(schedule: KnobSchedules | undefined, step: number): LiveKnobs {
  const out: Record<string, number | boolean> = {};
  for (const [k, s] of Object.entries(schedule ?? {})) if (s) out[k] = valueAt(s as Schedule<number | boolean>, step);
  return out as LiveKnobs;
}

/** Runs every named run with all its seeds; one summary per (run, seed), run by run, seeds in order. */
export async function runExperiment(opts: ExperimentOptions): Promise<RunSummary[]> {
  const runs = opts.runs.map((name) => new GrpoSeeds(RUN_PRESETS[name]({ ...opts.overrides, seed: opts.seed, seeds: opts.seeds ?? 1 }, opts.era)));
  const histories = runs.map((r) => r.seedList.map(() => [] as StepMetrics[]));
  try {
    for (let s = 0; s < opts.steps; s++) {
      for (let r = 0; r < runs.length; r++) {
        // A diverged seed stops; the others go on.
        if (runs[r].finished) continue;
        if (opts.schedule) runs[r].setLive(knobsAt(opts.schedule, runs[r].stepCount + 1));
        const metrics = await runs[r].step();
        metrics.forEach((m, i) => {
          if (!m) return;
          histories[r][i].push(m);
          opts.onStep?.(runs[r].config.name, m, runs[r].seedList[i]);
        });
      }
    }
    const out: RunSummary[] = [];
    for (let r = 0; r < runs.length; r++) {
      const evals = runs[r].finished ? [] : await runs[r].evaluate();
      runs[r].seedList.forEach((seed, i) => {
        out.push(summarise(runs[r].config.name, seed, histories[r][i], evals[i]?.passAtK ?? [], runs[r].divergedAt[i]));
      });
    }
    return out;
  } finally {
    runs.forEach((r) => r.dispose());
  }
}
