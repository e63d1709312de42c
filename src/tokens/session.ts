// The lab's two runs side by side (GRPO and GRPO+ERA, the same seeds and prompts), each training its S
// seeds together, advanced one step at a time. The worker drives it; it knows nothing about messages or
// the DOM, so Node tests drive it too.
import { type LiveSettings, type TokensSettings, normaliseLive, runConfigs } from './config.ts';
import { type EvalResult, GrpoSeeds, type StepMetrics } from './trainer.ts';

/** One (run, seed)'s news from a step. */
export interface SessionUpdate {
  run: string;
  seed: number;
  metrics?: StepMetrics;
  eval?: EvalResult;
  /** Set once, on the step where this seed's loss became NaN/∞ (the seed stops; the others go on). */
  divergedAt?: number;
}

export class TokensSession {
  readonly runs: GrpoSeeds[];
  private current: TokensSettings;

  constructor(settings: TokensSettings) {
    this.current = { ...settings };
    this.runs = runConfigs(settings).map((c) => new GrpoSeeds(c));
  }

  /** The settings in force: the ones it was built from, with the live changes since. */
  get settings(): TokensSettings {
    return this.current;
  }

  /** Steps taken (every run steps together). */
  get stepCount(): number {
    return this.runs[0].stepCount;
  }

  /** Every seed of every run has diverged. */
  get finished(): boolean {
    return this.runs.every((r) => r.finished);
  }

  /**
   * Changes k, ω_low, ω_high, the advantage rescaling or the learning rate from the next step on, with
   * no reset. ω_high is raised to ω_low if below it, k kept ≥ 1 (see normaliseLive).
   * Returns the settings now in force.
   */
  setLive(patch: Partial<LiveSettings>): TokensSettings {
    const live = normaliseLive({ ...this.current, ...patch });
    for (const run of this.runs) run.setLive(live);
    this.current = { ...this.current, ...live };
    return this.current;
  }

  /**
   * One GRPO step of every run (all its live seeds in one batched computation), with pass@k when due
   * (the first step and every evalEvery-th). One update per (run, seed) that was live at the start.
   */
  async step(): Promise<SessionUpdate[]> {
    const out: SessionUpdate[] = [];
    for (const run of this.runs) {
      if (run.finished) continue;
      const metrics = await run.step();
      const due = run.stepCount === 1 || run.stepCount % this.current.evalEvery === 0;
      const evals = due && !run.finished ? await run.evaluate() : null;
      metrics.forEach((m, s) => {
        if (!m) return;
        const update: SessionUpdate = { run: run.config.name, seed: run.seedList[s], metrics: m };
        const diverged = run.divergedAt[s];
        if (diverged !== null) update.divergedAt = diverged;
        else if (evals?.[s]) update.eval = evals[s]!;
        out.push(update);
      });
    }
    return out;
  }

  dispose(): void {
    this.runs.forEach((r) => r.dispose());
  }
}
