// A headless comparison: several runs on the same seed, stepped in lockstep, reduced to the summary
// the CLI writes (the summary.json fields are a contract read outside the repository).
import type { TokenEraOptions } from '../era/index.ts';
import { GrpoRun, RUN_PRESETS, type RunConfig, type RunName, type StepMetrics } from './trainer.ts';

export interface RunSummary {
  name: string;
  steps: number;
  finalReward: number;
  finalResponseEntropy: number;
  /** Minimum of the per-step mean response entropy over the last quarter of steps. */
  minResponseEntropyLast: number;
  /** pass@k for k = 1..G on the evaluation prompts after the last step. */
  passAtK: number[];
  /** Step where the loss went NaN/∞ (the run stopped there), or null. */
  divergedAt: number | null;
}

export interface ExperimentOptions {
  runs: RunName[];
  steps: number;
  seed: number;
  overrides?: Partial<RunConfig>;
  /** ERA's options for the grpo-era run (defaults: ERA.md's). */
  era?: Partial<TokenEraOptions>;
  onStep?: (name: string, m: StepMetrics) => void;
}

/** The last ⌈steps/4⌉ entries (at least one). */
export function lastQuarter<T>(xs: T[]): T[] {
  return xs.slice(xs.length - Math.max(1, Math.ceil(xs.length / 4)));
}

export function summarise(name: string, history: StepMetrics[], passAtK: number[], divergedAt: number | null): RunSummary {
  const last = history[history.length - 1];
  return {
    name,
    steps: history.length,
    finalReward: last?.reward ?? NaN,
    finalResponseEntropy: last?.responseEntropy ?? NaN,
    minResponseEntropyLast: history.length ? Math.min(...lastQuarter(history).map((m) => m.responseEntropy)) : NaN,
    passAtK,
    divergedAt,
  };
}

export async function runExperiment(opts: ExperimentOptions): Promise<RunSummary[]> {
  const runs = opts.runs.map((name) => new GrpoRun(RUN_PRESETS[name]({ ...opts.overrides, seed: opts.seed }, opts.era)));
  const histories = runs.map(() => [] as StepMetrics[]);
  try {
    for (let s = 0; s < opts.steps; s++) {
      for (let r = 0; r < runs.length; r++) {
        // A diverged run stops; the others go on.
        if (runs[r].diverged) continue;
        const m = await runs[r].step();
        histories[r].push(m);
        opts.onStep?.(runs[r].config.name, m);
      }
    }
    const out: RunSummary[] = [];
    for (let r = 0; r < runs.length; r++) {
      const ev = runs[r].diverged ? { passAtK: [] } : await runs[r].evaluate();
      out.push(summarise(runs[r].config.name, histories[r], ev.passAtK, runs[r].divergedAt));
    }
    return out;
  } finally {
    runs.forEach((r) => r.dispose());
  }
}
